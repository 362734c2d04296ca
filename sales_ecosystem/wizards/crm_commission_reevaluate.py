# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

REEVALUATE_MODES = [
    ("selected", "Selected deals"),
    ("backfill", "Deals won since a date"),
]


class CrmCommissionReevaluate(models.TransientModel):
    """Re-evaluate commissions in one action: the selected deals or lines (managers), or every deal won since a
    date (administrators: backfill the deals won before commissions were set up, and re-evaluate the lines that
    paid nothing for want of a plan). Each deal re-evaluated is logged on its chatter, old -> new."""

    _name = "crm.commission.reevaluate"
    _description = "Commission Re-evaluation"

    mode = fields.Selection(REEVALUATE_MODES, required=True, default="selected")
    lead_ids = fields.Many2many("crm.lead", string="Deals")
    line_ids = fields.Many2many(
        "crm.commission.line",
        string="Commission Lines",
        help="Only the salespeople of these lines are re-evaluated on their deals (empty: every credited salesperson).",
    )
    date_from = fields.Date("Won Since", help="Deals won on or after this date.")
    company_ids = fields.Many2many("res.company", string="Companies", default=lambda self: self.env.companies)
    reevaluate_no_plan = fields.Boolean(
        "Re-evaluate 'No plan' lines",
        default=True,
        help="Also re-evaluate the commission lines of the period that paid nothing because no plan applied on "
        "their won date (a plan created or corrected since with an earlier effective date).",
    )
    deal_count = fields.Integer(compute="_compute_deal_count")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("lead_ids")
    def _compute_deal_count(self):
        for wizard in self:
            wizard.deal_count = len(wizard.lead_ids)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model, ids = self.env.context.get("active_model"), self.env.context.get("active_ids") or []
        if model == "crm.commission.line" and ids:
            lines = self.env["crm.commission.line"].browse(ids)
            values.setdefault("line_ids", [(6, 0, lines.ids)])
            values.setdefault("lead_ids", [(6, 0, lines.lead_id.ids)])
        elif model == "crm.lead" and ids:
            values.setdefault("lead_ids", [(6, 0, ids)])
        return values

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_apply(self):
        self.ensure_one()
        if self.mode == "backfill":
            return self._apply_backfill()
        return self._apply_selected()

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _action_open(self, leads, lines=None):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Re-evaluate Commissions"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_mode": "selected",
                "default_lead_ids": leads.ids,
                "default_line_ids": (lines or self.env["crm.commission.line"]).ids,
            },
        }

    def _apply_selected(self):
        if not self.env.user.has_group("sales_ecosystem.group_sales_ecosystem_manager"):
            raise UserError(self.env._("Only commission managers can re-evaluate commissions."))
        leads = self.lead_ids | self.line_ids.lead_id
        if not leads:
            raise UserError(self.env._("Select the deals or the commission lines to re-evaluate."))
        not_won = leads.filtered(lambda lead: lead.won_status != "won")
        if not_won:
            raise UserError(
                self.env._(
                    "Deal '%(deal)s' is not won: only the commission of won deals is re-evaluated (deals lost or "
                    "reopened pay nothing). Remove it from the selection.",
                    deal=not_won[0].display_name,
                )
            )
        # The manager re-evaluates only lines their record rules let them write (their teams' lines).
        # sudo: every line of the selected deals, then checked against the manager's own rights.
        existing = self.env["crm.commission.line"].sudo().search([("lead_id", "in", leads.ids)])
        if self.line_ids:
            existing = existing & self.line_ids.sudo()
        existing.with_env(self.env).check_access("write")
        keys = {(line.lead_id.id, line.user_id.id) for line in self.line_ids} if self.line_ids else None
        reason = self.env._("Commission re-evaluated by %(manager)s", manager=self.env.user.name)
        # sudo: the deals' commission is maintained by the system once the manager's rights are checked above
        leads.sudo()._commission_reevaluate(reason, keys=keys)
        return self._notify(
            self.env._("%(count)s deal(s) re-evaluated; each change is logged on its deal.", count=len(leads))
        )

    def _apply_backfill(self):
        if not self.env.user.has_group("sales_ecosystem.group_sales_ecosystem_admin"):
            raise UserError(
                self.env._(
                    "Only commission administrators can re-evaluate or backfill every deal won since a date."
                )
            )
        if not self.date_from:
            raise UserError(self.env._("Set 'Won Since': the date from which won deals are re-evaluated."))
        companies = self.company_ids & self.env.companies
        if not companies:
            raise UserError(self.env._("Choose at least one of your companies."))
        backfilled, redone = self.env["crm.lead"]._commission_backfill(
            self.date_from, companies, self.reevaluate_no_plan
        )
        return self._notify(
            self.env._(
                "%(backfilled)s won deal(s) got their commission lines, %(redone)s deal(s) without a plan were "
                "re-evaluated; each is logged on its deal.",
                backfilled=len(backfilled),
                redone=len(redone),
            )
        )

    def _notify(self, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Commissions"),
                "message": message,
                "type": "success",
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
