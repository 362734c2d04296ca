# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

CRITERION_STATUSES = [("unknown", "Unknown"), ("partial", "Partial"), ("confirmed", "Confirmed")]
CRITERION_STATUS_RANK = {"unknown": 0, "partial": 1, "confirmed": 2}


class CrmMethodologyCriterion(models.Model):
    """One qualification criterion of a methodology (e.g. MEDDPICC's Economic Buyer)."""

    _name = "crm.methodology.criterion"
    _description = "Sales Methodology Criterion"
    _order = "methodology_id, sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    methodology_id = fields.Many2one("crm.methodology", required=True, ondelete="cascade", index=True)
    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code, e.g. EB for Economic Buyer.")
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True, help="What the rep must find out, shown on the deal scorecard.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(related="methodology_id.company_id", store=True, index=True)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used_by_gate(self):
        # sudo: the check must see every gate, including those of teams/companies the user cannot read.
        requirements = (
            self.env["crm.gate.requirement"]
            .sudo()
            .with_context(active_test=False)
            .search([("criterion_id", "in", self.ids)])
        )
        if requirements:
            raise UserError(
                self.env._(
                    "The criteria %(criteria)s are used by the stage gate requirements %(requirements)s: "
                    "remove them from these gates first (or archive the criterion).",
                    criteria=", ".join(requirements.criterion_id.mapped("name")),
                    requirements=", ".join(requirements.mapped("display_name")),
                )
            )
