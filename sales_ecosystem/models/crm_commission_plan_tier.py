# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCommissionPlanTier(models.Model):
    """An attainment band of a plan: from this % of the period target on, deals pay this rate."""

    _name = "crm.commission.plan.tier"
    _description = "Commission Plan Tier"
    _order = "plan_id, attainment_from"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    plan_id = fields.Many2one("crm.commission.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    attainment_from = fields.Float(
        "From Attainment (%)",
        required=True,
        help="The deal pays this tier's rate once the rep's period attainment (won base including this deal, in "
        "% of the plan's period target) reaches this value.",
    )
    rate = fields.Float("Rate (%)", digits=(16, 4), required=True)

    _attainment_uniq = models.Constraint(
        "UNIQUE(plan_id, attainment_from)", "Two tiers of a plan cannot start at the same attainment."
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("rate", "attainment_from")
    def _check_tier(self):
        cap = self.env["crm.commission.plan"]._get_rate_cap()
        for tier in self:
            tier.plan_id._check_rate_value(tier.rate, self.env._("Tier rate (%)"), tier.plan_id.name, cap)
            if tier.attainment_from < 0:
                raise ValidationError(
                    self.env._(
                        "Commission plan '%(plan)s': a tier's 'From Attainment (%%)' cannot be negative.",
                        plan=tier.plan_id.name,
                    )
                )
            if not tier.plan_id.target_amount:
                raise ValidationError(
                    self.env._(
                        "Commission plan '%(plan)s': tiers need a 'Period Target' to measure attainment against.",
                        plan=tier.plan_id.name,
                    )
                )
