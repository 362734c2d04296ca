# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models

from .crm_account_plan import ACTIVE_PLAN_STATES

# The five buckets of the sales ecosystem (seed 001), in display order: the base selection of the field Bucket
# (a dependent addon adds one with selection_add and its _rule_eval_<bucket>; read the field, not this list).
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
GOOD_TIERS = ("a", "b")
HELD_SESSION_STATES = ("done", "acknowledged")


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
    self-assessment, and their combination.

    A line is a rule (``sales.ecosystem.rule.mixin``) whose kind is its bucket: each bucket is measured by
    ``_rule_eval_<bucket>(self, assessments, memo)``, called once on the lines of that bucket of all the health
    checks of one period (``assessments``), returning ``{line id: [indicator dict, ...]}`` (see
    :meth:`_ecosystem_indicator_vals` for the keys). Its queries run once per period, whatever the number of
    teams. A dependent addon adds a bucket with ``selection_add`` on the field Bucket and its method: new
    health checks get its line, measured, summarised and drawn with the others."""

    _name = "crm.ecosystem.assessment.line"
    _inherit = ["sales.ecosystem.rule.mixin"]
    _description = "Ecosystem Health Check Bucket"
    _order = "assessment_id, sequence, id"
    _rec_name = "bucket"
    _rule_kind_field = "bucket"

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

    @api.model
    def _bucket_selection(self):
        """``[(bucket, label)]``: the buckets in display order, ``selection_add`` included, labels translated."""
        return self._fields["bucket"]._description_selection(self.env)

    def _ecosystem_indicator_vals(self, item, sequence):
        """Values of a ``crm.ecosystem.indicator`` of this bucket from an indicator dict of its
        ``_rule_eval_<bucket>``: ``code``, ``name``, ``value`` (%, None: no data), ``target`` (default 100),
        ``weight`` (default 1), ``detail``."""
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

    # ------------------------------------------------------------
    # BUSINESS: one method per bucket (sales.ecosystem.rule.mixin): {line id: [indicator dict, ...]}
    # self: the lines of the bucket; assessments: the health checks of one period (their helpers are used)
    # ------------------------------------------------------------

    def _rule_eval_target_market(self, assessments, memo):
        """On-Strategy share of won value, open pipeline in ICP tier A or B: two grouped reads of deals.

        For all the health checks of the period at once: the queries do not depend on their number."""
        _date_from, _date_to, start, end = assessments._ecosystem_period()
        Lead = assessments._ecosystem_lead_model()
        team_ids = assessments.team_id.ids
        won = defaultdict(float)
        for team, strategy, revenue in Lead._read_group(
            [
                ("team_id", "in", team_ids),
                ("type", "=", "opportunity"),
                ("won_status", "=", "won"),
                ("date_closed", ">=", start),
                ("date_closed", "<", end),
            ],
            ["team_id", "strategy"],
            ["expected_revenue:sum"],
        ):
            won[team.id, strategy] += revenue
            won[team.id, "total"] += revenue
        pipeline = defaultdict(float)
        for team, tier, revenue in Lead._read_group(
            [("team_id", "in", team_ids), ("type", "=", "opportunity"), ("won_status", "=", "pending")],
            ["team_id", "icp_tier"],
            ["expected_revenue:sum"],
        ):
            pipeline[team.id, tier in GOOD_TIERS] += revenue
            pipeline[team.id, "total"] += revenue
        result = {}
        for line in self:
            team_id = line.assessment_id.team_id.id
            on, total = won[team_id, "on"], won[team_id, "total"]
            good, open_total = pipeline[team_id, True], pipeline[team_id, "total"]
            result[line.id] = [
                assessments._ecosystem_indicator(
                    "on_strategy_won",
                    self.env._("On-Strategy share of won value"),
                    on,
                    total,
                    self.env._("%(on)s of %(total)s won On Strategy", on=f"{on:,.0f}", total=f"{total:,.0f}"),
                ),
                assessments._ecosystem_indicator(
                    "icp_pipeline",
                    self.env._("Open pipeline in ICP tier A or B"),
                    good,
                    open_total,
                    self.env._(
                        "%(good)s of %(total)s open pipeline", good=f"{good:,.0f}", total=f"{open_total:,.0f}"
                    ),
                ),
            ]
        return result

    def _rule_eval_sales_force(self, assessments, memo):
        """Win rate, stage moves through their gate, methodology completeness: two grouped reads of deals and
        the gate events (:meth:`~.CrmEcosystemAssessment._ecosystem_gate_events`).

        For all the health checks of the period at once: the queries do not depend on their number."""
        _date_from, _date_to, start, end = assessments._ecosystem_period()
        Lead = assessments._ecosystem_lead_model()
        team_ids = assessments.team_id.ids
        closed = defaultdict(int)
        for team, status, count in Lead._read_group(
            [
                ("team_id", "in", team_ids),
                ("type", "=", "opportunity"),
                ("won_status", "in", ("won", "lost")),
                ("date_closed", ">=", start),
                ("date_closed", "<", end),
            ],
            ["team_id", "won_status"],
            ["__count"],
        ):
            closed[team.id, status] += count
        moves, blocked, overridden = assessments._ecosystem_gate_events(start, end)
        methodology = {
            team.id: (count, score)
            for team, count, score in Lead._read_group(
                [
                    ("team_id", "in", team_ids),
                    ("type", "=", "opportunity"),
                    ("won_status", "=", "pending"),
                    ("active", "=", True),
                    ("methodology_id", "!=", False),
                ],
                ["team_id"],
                ["__count", "methodology_score:avg"],
            )
        }
        result = {}
        for line in self:
            team_id = line.assessment_id.team_id.id
            won, lost = closed[team_id, "won"], closed[team_id, "lost"]
            team_moves, team_blocked = moves[team_id], blocked[team_id]
            clean = max(team_moves - overridden[team_id], 0)
            attempts = team_moves + team_blocked
            deal_count, avg_score = methodology.get(team_id, (0, 0.0))
            result[line.id] = [
                assessments._ecosystem_indicator(
                    "win_rate",
                    self.env._("Win rate"),
                    won,
                    won + lost,
                    self.env._("%(won)s won of %(closed)s closed deals", won=won, closed=won + lost),
                ),
                assessments._ecosystem_indicator(
                    "gate_compliance",
                    self.env._("Stage moves through their gate (not blocked, not overridden)"),
                    clean,
                    attempts,
                    self.env._(
                        "%(moves)s stage moves (%(overrides)s by override), %(blocked)s blocked attempts",
                        moves=team_moves,
                        overrides=overridden[team_id],
                        blocked=team_blocked,
                    ),
                ),
                assessments._ecosystem_indicator(
                    "methodology",
                    self.env._("Methodology completeness of open deals"),
                    avg_score,
                    deal_count,
                    self.env._("average over %(count)s open deals", count=deal_count),
                    value=avg_score if deal_count else None,
                ),
            ]
        return result

    def _rule_eval_sales_operations(self, assessments, memo):
        """Open deals with a next activity and a closing date not passed, account plan health and reviews:
        three grouped reads of deals and one search of the active plans.

        For all the health checks of the period at once: the queries do not depend on their number."""
        Lead = assessments._ecosystem_lead_model().with_context(active_test=True)
        team_ids = assessments.team_id.ids
        today = fields.Date.context_today(self)
        open_domain = [
            ("team_id", "in", team_ids),
            ("type", "=", "opportunity"),
            ("won_status", "=", "pending"),
        ]
        open_count = dict(Lead._read_group(open_domain, ["team_id"], ["__count"]))
        with_activity = dict(
            Lead._read_group([*open_domain, ("activity_ids", "!=", False)], ["team_id"], ["__count"])
        )
        dated = dict(
            Lead._read_group([*open_domain, ("date_deadline", ">=", today)], ["team_id"], ["__count"])
        )
        # sudo: plan health of the whole team (figures only)
        Plan = self.env["crm.account.plan"].sudo()
        plans = Plan.search([("team_id", "in", team_ids), ("state", "in", ACTIVE_PLAN_STATES)])
        plans_by_team = defaultdict(list)
        for plan in plans:
            plans_by_team[plan.team_id.id].append(plan)
        result = {}
        for line in self:
            team = line.assessment_id.team_id
            total = open_count.get(team, 0)
            planned, in_time = with_activity.get(team, 0), dated.get(team, 0)
            team_plans = plans_by_team[team.id]
            health = sum(p.health_score for p in team_plans) / len(team_plans) if team_plans else None
            on_time = sum(1 for p in team_plans if not p.is_review_overdue)
            result[line.id] = [
                assessments._ecosystem_indicator(
                    "next_activity",
                    self.env._("Open deals with a next activity planned"),
                    planned,
                    total,
                    self.env._("%(part)s of %(total)s open deals", part=planned, total=total),
                ),
                assessments._ecosystem_indicator(
                    "close_date",
                    self.env._("Open deals with an expected closing not in the past"),
                    in_time,
                    total,
                    self.env._("%(part)s of %(total)s open deals", part=in_time, total=total),
                ),
                assessments._ecosystem_indicator(
                    "plan_health",
                    self.env._("Key account plan health"),
                    health,
                    len(team_plans),
                    self.env._("mean health of %(count)s active account plans", count=len(team_plans)),
                    value=health,
                ),
                assessments._ecosystem_indicator(
                    "plan_review",
                    self.env._("Account plans reviewed on time"),
                    on_time,
                    len(team_plans),
                    self.env._("%(part)s of %(total)s active plans", part=on_time, total=len(team_plans)),
                ),
            ]
        return result

    def _rule_eval_talent(self, assessments, memo):
        """Members coached in the period and coaching actions done: the members, one grouped read of sessions
        and one of actions.

        For all the health checks of the period at once: the queries do not depend on their number."""
        date_from, date_to, start, end = assessments._ecosystem_period()
        members_by_team = assessments._ecosystem_team_members()
        user_ids = list(set().union(*members_by_team.values())) if members_by_team else []
        # sudo: coaching sessions and actions are private; the health check counts them only
        Session = self.env["crm.coaching.session"].sudo()
        coached = {
            rep.id
            for [rep] in Session._read_group(
                [
                    ("rep_id", "in", user_ids),
                    ("state", "in", HELD_SESSION_STATES),
                    ("date", ">=", start),
                    ("date", "<", end),
                ],
                ["rep_id"],
            )
        }
        actions = defaultdict(int)
        # sudo: coaching sessions and actions are private; the health check counts them only
        Action = self.env["crm.coaching.action"].sudo()
        for rep, state, count in Action._read_group(
            [
                ("rep_id", "in", user_ids),
                ("state", "!=", "cancelled"),
                ("date_deadline", ">=", date_from),
                ("date_deadline", "<=", date_to),
            ],
            ["rep_id", "state"],
            ["__count"],
        ):
            actions[rep.id, state] += count
        result = {}
        for line in self:
            members = members_by_team[line.assessment_id.team_id.id]
            covered = len(members & coached)
            done = sum(actions[user_id, "done"] for user_id in members)
            due = done + sum(actions[user_id, "open"] for user_id in members)
            result[line.id] = [
                assessments._ecosystem_indicator(
                    "coaching_coverage",
                    self.env._("Team members coached in the period"),
                    covered,
                    len(members),
                    self.env._(
                        "%(part)s of %(total)s members had a held session", part=covered, total=len(members)
                    ),
                ),
                assessments._ecosystem_indicator(
                    "coaching_actions",
                    self.env._("Coaching actions completed"),
                    done,
                    due,
                    self.env._("%(part)s of %(total)s actions due in the period done", part=done, total=due),
                ),
            ]
        return result

    def _rule_eval_marketing(self, assessments, memo):
        """New leads and deals on strategy and with enough data for an ICP tier: three grouped reads of deals.

        For all the health checks of the period at once: the queries do not depend on their number."""
        _date_from, _date_to, start, end = assessments._ecosystem_period()
        Lead = assessments._ecosystem_lead_model()
        new_domain = [
            ("team_id", "in", assessments.team_id.ids),
            ("create_date", ">=", start),
            ("create_date", "<", end),
        ]
        new_count = dict(Lead._read_group(new_domain, ["team_id"], ["__count"]))
        fitting = dict(
            Lead._read_group(
                [*new_domain, "|", ("icp_tier", "in", GOOD_TIERS), ("is_on_target_list", "=", True)],
                ["team_id"],
                ["__count"],
            )
        )
        scored = dict(
            Lead._read_group(
                [*new_domain, ("icp_tier", "not in", (False, "insufficient"))], ["team_id"], ["__count"]
            )
        )
        result = {}
        for line in self:
            team = line.assessment_id.team_id
            total, good, known = new_count.get(team, 0), fitting.get(team, 0), scored.get(team, 0)
            result[line.id] = [
                assessments._ecosystem_indicator(
                    "new_on_strategy",
                    self.env._("New leads in ICP tier A/B or on a target list"),
                    good,
                    total,
                    self.env._("%(part)s of %(total)s leads and deals created", part=good, total=total),
                ),
                assessments._ecosystem_indicator(
                    "new_icp_data",
                    self.env._("New leads with enough data for an ICP tier"),
                    known,
                    total,
                    self.env._("%(part)s of %(total)s leads and deals created", part=known, total=total),
                ),
            ]
        return result
