# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCoachingSummaryWizard(models.TransientModel):
    """Print a rep's coaching summary over a period, for a one-on-one."""

    _name = "crm.coaching.summary.wizard"
    _description = "Coaching Summary"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    rep_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    date_from = fields.Date(
        "From", required=True, default=lambda self: fields.Date.context_today(self) - relativedelta(months=3)
    )
    date_to = fields.Date("To", required=True, default=fields.Date.context_today)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(
                    self.env._(
                        "Coaching summary of %(rep)s: the period starts (From %(start)s) after it "
                        "ends (To %(end)s).",
                        rep=wizard.rep_id.name,
                        start=wizard.date_from,
                        end=wizard.date_to,
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_print(self):
        self.ensure_one()
        data = {
            "rep_id": self.rep_id.id,
            "date_from": fields.Date.to_string(self.date_from),
            "date_to": fields.Date.to_string(self.date_to),
        }
        return self.env.ref("sales_ecosystem.action_report_coaching_summary").report_action(
            self.rep_id, data=data
        )
