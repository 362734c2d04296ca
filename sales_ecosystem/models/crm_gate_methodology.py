# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models


class CrmMethodology(models.Model):
    """A sales methodology (MEDDPICC, BANT, ...): the criteria a rep qualifies on every deal."""

    _name = "crm.methodology"
    _description = "Sales Methodology"
    _inherit = ["crm.cached.name.mixin"]
    _order = "sequence, name, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short technical code, e.g. MEDDPICC.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Html(
        translate=True, help="What this methodology is for and how the team applies it."
    )
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the methodology between companies."
    )
    criterion_ids = fields.One2many("crm.methodology.criterion", "methodology_id", "Criteria", copy=True)
    criterion_count = fields.Integer("# Criteria", compute="_compute_criterion_count")

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)", "A methodology code must be unique per company."
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("criterion_ids")
    def _compute_criterion_count(self):
        for methodology in self:
            methodology.criterion_count = len(methodology.criterion_ids)
