# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class CrmSolutionArea(models.Model):
    """What we sell, as the columns of the whitespace grid. A deal belongs to an area when it
    carries one of the area's tags."""

    _name = "crm.solution.area"
    _description = "Solution Area"
    _order = "sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id, required=True
    )
    tag_ids = fields.Many2many(
        "crm.tag",
        "crm_solution_area_tag_rel",
        "area_id",
        "tag_id",
        string="Deal Tags",
        required=True,
        help="Opportunities with one of these tags belong to this solution area.",
    )
    potential_value = fields.Monetary(
        string="Potential per Division",
        currency_field="currency_id",
        help="Typical deal size of this area for one customer division: the potential of a whitespace cell.",
    )
    description = fields.Text()

    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "A solution area with this name already exists in this company."
    )
