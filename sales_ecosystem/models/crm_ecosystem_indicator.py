# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models


class CrmEcosystemIndicator(models.Model):
    """One measured indicator of a bucket of an ecosystem health check: value against target, and the score
    (0-100) it earns. Written by "Compute Indicators" only (a stored snapshot), frozen once the check is done."""

    _name = "crm.ecosystem.indicator"
    _description = "Ecosystem Health Indicator"
    _order = "line_id, sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    line_id = fields.Many2one(
        "crm.ecosystem.assessment.line", "Health Check Bucket", required=True, ondelete="cascade", index=True
    )
    assessment_id = fields.Many2one(related="line_id.assessment_id", store=True, index=True)
    bucket = fields.Selection(related="line_id.bucket", store=True)
    team_id = fields.Many2one(related="line_id.team_id", store=True)
    company_id = fields.Many2one(related="line_id.company_id", store=True, index=True)
    state = fields.Selection(related="line_id.state")
    sequence = fields.Integer(default=10)
    code = fields.Char(required=True, help="Technical key of the indicator (e.g. on_strategy_won).")
    name = fields.Char("Indicator", required=True)
    has_data = fields.Boolean(
        "Measured", default=True, help="Unset when the period had nothing to measure: left out of the score."
    )
    value = fields.Float("Value (%)", digits=(5, 1))
    target = fields.Float("Target (%)", digits=(5, 1))
    weight = fields.Float(default=1.0)
    score = fields.Float(
        compute="_compute_score",
        store=True,
        digits=(5, 1),
        aggregator="avg",
        help="min(100, 100 x value / target); 0 without data (and then not counted).",
    )
    detail = fields.Char(help="The figures behind the value, e.g. '3 of 4 deals'.")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("value", "target", "has_data")
    def _compute_score(self):
        for indicator in self:
            if not indicator.has_data:
                indicator.score = 0.0
            elif indicator.target <= 0:
                indicator.score = 100.0
            else:
                indicator.score = round(min(100.0, 100.0 * indicator.value / indicator.target), 1)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        indicators = super().create(vals_list)
        indicators.line_id.assessment_id._check_draft(self.env._("the measured indicators"))
        return indicators

    def write(self, vals):
        self.assessment_id._check_draft(self.env._("the measured indicators"))
        return super().write(vals)

    def unlink(self):
        self.assessment_id._check_draft(self.env._("the measured indicators"))
        return super().unlink()
