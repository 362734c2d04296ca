# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from markupsafe import Markup

from odoo import api, fields, models

# The five buckets of the sales ecosystem (seed 001), in display order.
BUCKETS = [
    ("target_market", "Target Market Strategy"),
    ("sales_force", "Sales Force Effectiveness"),
    ("sales_operations", "Sales Operations"),
    ("talent", "Talent Management"),
    ("marketing", "Marketing"),
]
SELF_SCORES = [
    ("1", "1 - Broken"),
    ("2", "2 - Weak"),
    ("3", "3 - Adequate"),
    ("4", "4 - Strong"),
    ("5", "5 - Excellent"),
]
HEALTH_STATUSES = [
    ("healthy", "Healthy"),
    ("watch", "Watch"),
    ("broken", "Broken"),
    ("not_assessed", "Not Assessed"),
]
# Combined score thresholds (0-100): healthy from 70, watch from 40, broken below.
HEALTHY_FROM = 70.0
WATCH_FROM = 40.0


def self_score_percent(self_score):
    """Manager's self-assessment 1..5 on the 0-100 scale: 1 -> 0, 2 -> 25, 3 -> 50, 4 -> 75, 5 -> 100."""
    return (int(self_score) - 1) * 25.0 if self_score else None


def health_status(score):
    if score is None:
        return "not_assessed"
    if score >= HEALTHY_FROM:
        return "healthy"
    return "watch" if score >= WATCH_FROM else "broken"


class CrmEcosystemAssessmentLine(models.Model):
    """One bucket of an ecosystem health check: measured score (from the indicators), the manager's
    self-assessment, and their combination."""

    _name = "crm.ecosystem.assessment.line"
    _description = "Ecosystem Health Check Bucket"
    _order = "assessment_id, sequence, id"
    _rec_name = "bucket"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    assessment_id = fields.Many2one(
        "crm.ecosystem.assessment", "Health Check", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    bucket = fields.Selection(BUCKETS, required=True, readonly=True)
    team_id = fields.Many2one(related="assessment_id.team_id", store=True, index=True)
    company_id = fields.Many2one(related="assessment_id.company_id", store=True, index=True)
    date_from = fields.Date(related="assessment_id.date_from", store=True, string="From")
    date_to = fields.Date(related="assessment_id.date_to", store=True, string="To")
    state = fields.Selection(related="assessment_id.state", store=True, string="Check Status")
    indicator_ids = fields.One2many("crm.ecosystem.indicator", "line_id", string="Indicators")
    has_measure = fields.Boolean("Measured", compute="_compute_scores", store=True)
    measured_score = fields.Float(
        compute="_compute_scores",
        store=True,
        digits=(5, 1),
        aggregator="avg",
        help="Weighted mean of the scores of the indicators that had data in the period.",
    )
    self_score = fields.Selection(
        SELF_SCORES,
        "Self-Assessment",
        help="The manager's own rating of the bucket, 1 (broken) to 5 (excellent).",
    )
    combined_score = fields.Float(
        "Score",
        compute="_compute_scores",
        store=True,
        digits=(5, 1),
        aggregator="avg",
        help="Mean of the measured score and the self-assessment on 0-100 (1 = 0, 2 = 25, 3 = 50, 4 = 75, "
        "5 = 100); either one alone when the other is missing.",
    )
    status = fields.Selection(
        HEALTH_STATUSES,
        "Health",
        compute="_compute_scores",
        store=True,
        help="Healthy from 70, Watch from 40, Broken below 40 (combined score).",
    )
    comment = fields.Text()
    indicator_html = fields.Html("Why This Score", compute="_compute_indicator_html", sanitize=False)

    _bucket_uniq = models.Constraint(
        "UNIQUE(assessment_id, bucket)", "A health check has each bucket once (field Bucket)."
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("indicator_ids.score", "indicator_ids.weight", "indicator_ids.has_data", "self_score")
    def _compute_scores(self):
        for line in self:
            measured = line.indicator_ids.filtered("has_data")
            weight = sum(measured.mapped("weight"))
            line.has_measure = bool(measured) and weight > 0
            line.measured_score = (
                round(sum(i.score * i.weight for i in measured) / weight, 1) if line.has_measure else 0.0
            )
            parts = [line.measured_score] if line.has_measure else []
            if line.self_score:
                parts.append(self_score_percent(line.self_score))
            combined = round(sum(parts) / len(parts), 1) if parts else None
            line.combined_score = combined or 0.0
            line.status = health_status(combined)

    @api.depends("indicator_ids.name", "indicator_ids.value", "indicator_ids.target", "indicator_ids.score")
    def _compute_indicator_html(self):
        no_data = self.env._("no data")
        for line in self:
            rows = Markup("").join(
                Markup(
                    "<tr><td>%s</td><td class='text-end'>%s</td><td class='text-end'>%s</td>"
                    "<td class='text-end'>%s</td><td class='text-muted'>%s</td></tr>"
                )
                % (
                    ind.name,
                    f"{ind.value:.0f} %" if ind.has_data else no_data,
                    f"{ind.target:.0f} %",
                    f"{ind.score:.0f}" if ind.has_data else "-",
                    ind.detail or "",
                )
                for ind in line.indicator_ids
            )
            line.indicator_html = Markup(
                "<table class='table table-sm o_ecosystem_indicators'><thead><tr><th>%s</th>"
                "<th class='text-end'>%s</th><th class='text-end'>%s</th><th class='text-end'>%s</th>"
                "<th>%s</th></tr></thead><tbody>%s</tbody></table>"
            ) % (
                self.env._("Indicator"),
                self.env._("Value"),
                self.env._("Target"),
                self.env._("Score"),
                self.env._("Figures"),
                rows,
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.assessment_id._check_draft(self.env._("the buckets"))
        return lines

    def write(self, vals):
        self.assessment_id._check_draft(
            ", ".join(self._fields[f].string for f in vals if f in self._fields) or self.env._("the buckets")
        )
        return super().write(vals)

    def unlink(self):
        self.assessment_id._check_draft(self.env._("the buckets"))
        return super().unlink()

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _ecosystem_indicator_vals(self, item, sequence):
        """Values of a ``crm.ecosystem.indicator`` of this bucket from a hook's indicator dict."""
        self.ensure_one()
        value = item.get("value")
        return {
            "line_id": self.id,
            "sequence": sequence,
            "code": item["code"],
            "name": item["name"],
            "has_data": value is not None,
            "value": round(value or 0.0, 1),
            "target": item.get("target", 100.0),
            "weight": item.get("weight", 1.0),
            "detail": item.get("detail"),
        }
