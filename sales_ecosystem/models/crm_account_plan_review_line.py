# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmAccountPlanReviewLine(models.Model):
    _name = "crm.account.plan.review.line"
    _description = "Account Plan Review Objective Change"
    _order = "review_id, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    review_id = fields.Many2one("crm.account.plan.review", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="review_id.company_id", store=True)
    objective_id = fields.Many2one("crm.account.plan.objective", required=True, ondelete="cascade")
    current_value = fields.Float(string="Value at Review", readonly=True)
    old_target_value = fields.Float(string="Previous Target", readonly=True)
    new_target_value = fields.Float(string="New Target")
    note = fields.Char(string="Why")

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("new_target_value")
    def _check_new_target_value(self):
        for line in self:
            if line.new_target_value < 0:
                raise ValidationError(
                    self.env._(
                        "Review %(review)s, objective %(objective)s: the field New Target "
                        "cannot be below zero.",
                        review=line.review_id.display_name,
                        objective=line.objective_id.name,
                    )
                )
