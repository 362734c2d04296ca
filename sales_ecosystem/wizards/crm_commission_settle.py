# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models
from odoo.exceptions import UserError


class CrmCommissionSettle(models.TransientModel):
    """Settle unsettled commission lines up to a date into draft statements (same engine as the cron)."""

    _name = "crm.commission.settle"
    _description = "Commission Settlement Run"

    date = fields.Date("Settle Up To", required=True, default=fields.Date.context_today)
    company_ids = fields.Many2many(
        "res.company", string="Companies", required=True, default=lambda self: self.env.companies
    )

    def action_settle(self):
        self.ensure_one()
        if not self.env.user.has_group("sales_ecosystem.group_sales_ecosystem_manager"):
            raise UserError(self.env._("Only commission managers can run a settlement."))
        companies = self.company_ids & self.env.companies
        # sudo: the settlement collects every rep's lines of the chosen companies (the manager picked them among
        # their allowed companies above).
        count, statements, skipped = self.env["crm.commission.statement"].sudo()._settle(self.date, companies)
        if skipped and not count:
            raise UserError(
                self.env._(
                    "A settlement is already running for %(companies)s: try again in a moment.",
                    companies=", ".join(skipped.mapped("name")),
                )
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_ecosystem.crm_commission_statement_action"
        )
        action["domain"] = [("id", "in", statements.ids)]
        action["context"] = {}
        action["name"] = self.env._("Settled: %(count)s lines", count=count)
        return action
