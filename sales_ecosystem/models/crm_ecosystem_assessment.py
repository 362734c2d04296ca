# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import math
from collections import defaultdict
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .crm_account_plan import ACTIVE_PLAN_STATES
from .crm_ecosystem_assessment_line import BUCKETS, HEALTH_STATUSES, health_status, self_score_percent

ASSESSMENT_STATES = [("draft", "Draft"), ("done", "Done")]
# Default targets (%) of the measured indicators; each can be changed with the system parameter
# ``sales_ecosystem.health_target_<code>`` (the On-Strategy share uses the On-Strategy target of the Settings).
DEFAULT_TARGETS = {
    "icp_pipeline": 50.0,
    "win_rate": 25.0,
    "gate_compliance": 90.0,
    "methodology": 75.0,
    "next_activity": 80.0,
    "close_date": 80.0,
    "plan_health": 70.0,
    "plan_review": 100.0,
    "coaching_coverage": 100.0,
    "coaching_actions": 80.0,
    "new_on_strategy": 50.0,
    "new_icp_data": 80.0,
}
GOOD_TIERS = ("a", "b")
HELD_SESSION_STATES = ("done", "acknowledged")


def quarter_bounds(day):
    """First and last day of the calendar quarter of ``day``."""
    first = day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    return first, first + relativedelta(months=3, days=-1)


def share(part, whole):
    return 100.0 * part / whole if whole else None


class CrmEcosystemAssessment(models.Model):
    """Periodic health check of a sales team's ecosystem: five buckets (target market strategy, sales force
    effectiveness, sales operations, talent management, marketing), each scored from measured indicators and the
    manager's self-assessment, so that leaders see which bucket is broken.

    Measured indicators come from the hooks ``_ecosystem_indicators_<bucket>`` (see README, "Ecosystem health
    check"): called on the health checks of one period, they return ``{assessment id: [indicator dict, ...]}``.
    """

    _name = "crm.ecosystem.assessment"
    _description = "Sales Ecosystem Health Check"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, team_id, id desc"
    _check_company_auto = True

    # Fields that cannot change once the health check is done.
    _LOCKED_FIELDS = frozenset({"team_id", "company_id", "date_from", "date_to", "line_ids"})

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(compute="_compute_name", store=True)
    team_id = fields.Many2one(
        "crm.team", "Sales Team", required=True, index=True, tracking=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        "Manager",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Who answers the self-assessment.",
    )
    date_from = fields.Date(
        "From",
        required=True,
        tracking=True,
        default=lambda self: quarter_bounds(fields.Date.context_today(self))[0],
    )
    date_to = fields.Date(
        "To",
        required=True,
        tracking=True,
        default=lambda self: quarter_bounds(fields.Date.context_today(self))[1],
    )
    state = fields.Selection(
        ASSESSMENT_STATES, "Status", required=True, default="draft", tracking=True, copy=False, index=True
    )
    line_ids = fields.One2many("crm.ecosystem.assessment.line", "assessment_id", string="Buckets", copy=False)
    indicator_ids = fields.One2many("crm.ecosystem.indicator", "assessment_id", string="Indicators")
    overall_score = fields.Float(
        compute="_compute_summary",
        store=True,
        digits=(5, 1),
        aggregator="avg",
        tracking=True,
        help="Mean of the scores of the assessed buckets.",
    )
    overall_status = fields.Selection(HEALTH_STATUSES, compute="_compute_summary", store=True)
    weakest_bucket = fields.Selection(
        BUCKETS, compute="_compute_summary", store=True, help="The assessed bucket with the lowest score."
    )
    weakest_score = fields.Float(compute="_compute_summary", store=True, digits=(5, 1))
    broken_count = fields.Integer("Broken Buckets", compute="_compute_summary", store=True)
    notes = fields.Html()
    date_computed = fields.Datetime("Indicators Computed On", readonly=True, copy=False)
    date_done = fields.Datetime("Done On", readonly=True, copy=False)
    radar_svg = fields.Html("Chart", compute="_compute_radar_svg", sanitize=False)

    _team_period_uniq = models.Constraint(
        "UNIQUE(team_id, date_from, date_to)",
        "A sales team has one health check per period (fields Sales Team, From, To).",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("team_id.name", "date_from", "date_to")
    def _compute_name(self):
        for assessment in self:
            assessment.name = self.env._(
                "%(team)s, %(date_from)s - %(date_to)s",
                team=assessment.team_id.name or "",
                date_from=assessment.date_from or "",
                date_to=assessment.date_to or "",
            )

    @api.depends("team_id")
    def _compute_company_id(self):
        for assessment in self:
            assessment.company_id = assessment.team_id.company_id or assessment.company_id or self.env.company

    @api.depends("line_ids.combined_score", "line_ids.status", "line_ids.sequence")
    def _compute_summary(self):
        for assessment in self:
            assessed = assessment.line_ids.filtered(lambda line: line.status != "not_assessed")
            if not assessed:
                assessment.overall_score = 0.0
                assessment.overall_status = "not_assessed"
                assessment.weakest_bucket = False
                assessment.weakest_score = 0.0
                assessment.broken_count = 0
                continue
            score = round(sum(assessed.mapped("combined_score")) / len(assessed), 1)
            weakest = min(assessed, key=lambda line: (line.combined_score, line.sequence, line.id))
            assessment.overall_score = score
            assessment.overall_status = health_status(score)
            assessment.weakest_bucket = weakest.bucket
            assessment.weakest_score = weakest.combined_score
            assessment.broken_count = len(assessed.filtered(lambda line: line.status == "broken"))

    @api.depends("line_ids.combined_score", "line_ids.measured_score", "line_ids.self_score")
    def _compute_radar_svg(self):
        for assessment in self:
            assessment.radar_svg = assessment._ecosystem_radar_svg()

    # ------------------------------------------------------------
    # CONSTRAINTS AND ONCHANGES
    # ------------------------------------------------------------

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for assessment in self:
            if assessment.date_from and assessment.date_to and assessment.date_from > assessment.date_to:
                raise ValidationError(
                    self.env._(
                        "Health check %(name)s: the field From (%(date_from)s) cannot be after the field To "
                        "(%(date_to)s).",
                        name=assessment.name,
                        date_from=assessment.date_from,
                        date_to=assessment.date_to,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("line_ids"):
                vals["line_ids"] = [
                    (0, 0, {"bucket": bucket, "sequence": 10 * (index + 1)})
                    for index, (bucket, _label) in enumerate(BUCKETS)
                ]
        assessments = super().create(vals_list)
        assessments._compute_indicators()
        return assessments

    def write(self, vals):
        locked = self._LOCKED_FIELDS & set(vals)
        if locked:
            self._check_draft(", ".join(self._fields[fname].string for fname in sorted(locked)))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        done = self.filtered(lambda a: a.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "Health checks %(names)s are done: reset them to draft before deleting them.",
                    names=", ".join(done.mapped("name")),
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_compute_indicators(self):
        self._check_draft(self.env._("the measured indicators"))
        self._compute_indicators()
        return True

    def action_done(self):
        """Freeze the check: measured figures and self-assessment. Every bucket needs its self-assessment."""
        self._check_draft(self.env._("the status"))
        labels = dict(BUCKETS)
        for assessment in self:
            unrated = assessment.line_ids.filtered(lambda line: not line.self_score)
            if unrated:
                raise UserError(
                    self.env._(
                        "Health check %(name)s: give the field Self-Assessment of every bucket before marking it "
                        "done (missing: %(buckets)s).",
                        name=assessment.name,
                        buckets=", ".join(labels[line.bucket] for line in unrated),
                    )
                )
        self.filtered(lambda a: not a.date_computed)._compute_indicators()
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    def action_reset_draft(self):
        self.write({"state": "draft", "date_done": False})
        return True

    def action_open_analysis(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_ecosystem.crm_ecosystem_assessment_line_action"
        )
        action["domain"] = [("assessment_id", "in", self.ids)]
        action["context"] = {
            "graph_groupbys": ["bucket"],
            "pivot_row_groupby": ["bucket"],
            "search_default_assessed": 1,
        }
        return action

    def action_create_current_quarter(self):
        """List button (``self``, the selection, is ignored): create and measure this quarter's health checks of
        the teams the user leads (all teams of the company for administrators), skipping those that exist; then
        open this quarter's checks of those teams."""
        domain = [("company_id", "in", [False, self.env.company.id])]
        if not self.env.user.has_group("sales_ecosystem.group_sales_ecosystem_admin"):
            domain.append(("user_id", "=", self.env.user.id))
        teams = self.env["crm.team"].search(domain)
        date_from, date_to = quarter_bounds(fields.Date.context_today(self))
        assessments = self._create_for_teams(teams, date_from, date_to)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Health Checks of This Quarter"),
            "res_model": self._name,
            "view_mode": "list,form",
            "domain": [
                ("team_id", "in", teams.ids),
                ("date_from", "=", date_from),
                ("date_to", "=", date_to),
            ],
            "context": {"created_ids": assessments.ids},
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _check_draft(self, what):
        done = self.filtered(lambda a: a.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "Health check %(names)s is done: %(what)s can no longer change (reset it to draft first).",
                    names=", ".join(done.mapped("name")),
                    what=what,
                )
            )

    @api.model
    def _create_for_teams(self, teams, date_from, date_to):
        existing = self.search(
            [("team_id", "in", teams.ids), ("date_from", "=", date_from), ("date_to", "=", date_to)]
        )
        todo = teams - existing.team_id
        return self.create(
            [
                {
                    "team_id": team.id,
                    "company_id": (team.company_id or self.env.company).id,
                    "user_id": team.user_id.id or self.env.user.id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
                for team in todo
            ]
        )

    @api.model
    def _cron_create_assessments(self):
        """Draft health checks of the quarter just ended for every team with a leader (once), with a to-do for
        the leader to add their self-assessment."""
        if not self.env["sales.ecosystem.capability"]._is_enabled("health"):
            return
        date_from, date_to = quarter_bounds(fields.Date.context_today(self) - relativedelta(months=3))
        teams = self.env["crm.team"].search([("user_id", "!=", False)])
        assessments = self._create_for_teams(teams, date_from, date_to)
        for assessment in assessments:
            assessment.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._(
                    "Self-assess the sales ecosystem of %(team)s", team=assessment.team_id.name
                ),
                user_id=assessment.team_id.user_id.id,
            )
        return assessments

    def _compute_indicators(self):
        """Measure every bucket of the draft health checks in ``self``: replace their indicators by fresh ones.

        Batched per period: each hook runs its queries once for all the teams assessed on the same dates.
        """
        draft = self.filtered(lambda a: a.state == "draft")
        by_period = defaultdict(lambda: self.browse())
        for assessment in draft:
            by_period[assessment.date_from, assessment.date_to] |= assessment
        vals_list = []
        for assessments in by_period.values():
            for bucket, _label in BUCKETS:
                results = getattr(assessments, f"_ecosystem_indicators_{bucket}")()
                for assessment in assessments:
                    line = assessment.line_ids.filtered(lambda line, b=bucket: line.bucket == b)[:1]
                    if not line:
                        continue
                    for sequence, item in enumerate(results.get(assessment.id, []), start=1):
                        vals_list.append(line._ecosystem_indicator_vals(item, sequence))
        # sudo: measured indicators are a snapshot written by this computation only (managers cannot edit them)
        Indicator = self.env["crm.ecosystem.indicator"].sudo()
        Indicator.search([("assessment_id", "in", draft.ids)]).unlink()
        Indicator.create(vals_list)
        draft.write({"date_computed": fields.Datetime.now()})

    def _ecosystem_period(self):
        """(date_from, date_to, start, end): the dates of the health checks in ``self`` (one period) and the
        datetimes bounding it, end excluded (days in UTC, as Odoo stores datetimes)."""
        date_from, date_to = self[:1].date_from, self[:1].date_to
        start = datetime.combine(date_from, time.min)
        end = datetime.combine(date_to + timedelta(days=1), time.min)
        return date_from, date_to, start, end

    def _ecosystem_target(self, code):
        # sudo: targets are technical parameters every manager's computation applies
        params = self.env["ir.config_parameter"].sudo()
        if code == "on_strategy_won":
            return float(params.get_param("sales_ecosystem.on_strategy_target", 30))
        return float(params.get_param(f"sales_ecosystem.health_target_{code}", DEFAULT_TARGETS[code]))

    def _ecosystem_lead_model(self):
        # The health check measures all the team's deals (figures only), whoever computes it; the check itself
        # is restricted to the team's managers by its record rules.
        # sudo: figures of all the team's deals, whoever computes them
        return self.env["crm.lead"].sudo().with_context(active_test=False)

    def _ecosystem_indicator(self, code, name, part, whole, detail, value=None):
        """An indicator dict: ``value`` (%) defaults to part / whole; no data when ``whole`` is 0."""
        if value is None:
            value = share(part, whole)
        return {
            "code": code,
            "name": name,
            "value": value,
            "target": self._ecosystem_target(code),
            "detail": detail if whole else self.env._("nothing to measure in the period"),
        }

    # --- bucket hooks: return {assessment id: [{code, name, value (None: no data), target, detail}, ...]} ---

    def _ecosystem_indicators_target_market(self):
        _date_from, _date_to, start, end = self._ecosystem_period()
        Lead = self._ecosystem_lead_model()
        team_ids = self.team_id.ids
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
        for assessment in self:
            team_id = assessment.team_id.id
            on, total = won[team_id, "on"], won[team_id, "total"]
            good, open_total = pipeline[team_id, True], pipeline[team_id, "total"]
            result[assessment.id] = [
                self._ecosystem_indicator(
                    "on_strategy_won",
                    self.env._("On-Strategy share of won value"),
                    on,
                    total,
                    self.env._("%(on)s of %(total)s won On Strategy", on=f"{on:,.0f}", total=f"{total:,.0f}"),
                ),
                self._ecosystem_indicator(
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

    def _ecosystem_indicators_sales_force(self):
        _date_from, _date_to, start, end = self._ecosystem_period()
        Lead = self._ecosystem_lead_model()
        team_ids = self.team_id.ids
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
        moves, blocked, overridden = self._ecosystem_gate_events(start, end)
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
        for assessment in self:
            team_id = assessment.team_id.id
            won, lost = closed[team_id, "won"], closed[team_id, "lost"]
            team_moves, team_blocked = moves[team_id], blocked[team_id]
            clean = max(team_moves - overridden[team_id], 0)
            attempts = team_moves + team_blocked
            deal_count, avg_score = methodology.get(team_id, (0, 0.0))
            result[assessment.id] = [
                self._ecosystem_indicator(
                    "win_rate",
                    self.env._("Win rate"),
                    won,
                    won + lost,
                    self.env._("%(won)s won of %(closed)s closed deals", won=won, closed=won + lost),
                ),
                self._ecosystem_indicator(
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
                self._ecosystem_indicator(
                    "methodology",
                    self.env._("Methodology completeness of open deals"),
                    avg_score,
                    deal_count,
                    self.env._("average over %(count)s open deals", count=deal_count),
                    value=avg_score if deal_count else None,
                ),
            ]
        return result

    def _ecosystem_gate_events(self, start, end):
        """Per team id: stage moves of its deals in the period (stage tracking of the chatter), blocked gate
        attempts and used gate overrides."""
        team_ids = self.team_id.ids
        Lead = self._ecosystem_lead_model()
        # a deal moved in the period was last moved at or after its start
        team_by_lead = {
            lead.id: lead.team_id.id
            for lead in Lead.search_fetch(
                [
                    ("team_id", "in", team_ids),
                    ("type", "=", "opportunity"),
                    ("date_last_stage_update", ">=", start),
                ],
                ["team_id"],
            )
        }
        moves = defaultdict(int)
        if team_by_lead:
            stage_field = self.env["ir.model.fields"]._get("crm.lead", "stage_id")
            # sudo: stage tracking of deals the computing manager may not read (counts only)
            Message = self.env["mail.message"].sudo()
            for res_id, count in Message._read_group(
                [
                    ("model", "=", "crm.lead"),
                    ("res_id", "in", list(team_by_lead)),
                    ("date", ">=", start),
                    ("date", "<", end),
                    ("tracking_value_ids.field_id", "=", stage_field.id),
                ],
                ["res_id"],
                ["__count"],
            ):
                moves[team_by_lead[res_id]] += count
        period = [("team_id", "in", team_ids), ("date", ">=", start), ("date", "<", end)]
        # sudo: gate logs of the whole team (counts only)
        blocked = dict(self.env["crm.gate.attempt"].sudo()._read_group(period, ["team_id"], ["__count"]))
        # sudo: gate logs of the whole team (counts only)
        Override = self.env["crm.gate.override"].sudo()
        overridden = dict(Override._read_group([*period, ("is_used", "=", True)], ["team_id"], ["__count"]))
        return (
            moves,
            defaultdict(int, {team.id: count for team, count in blocked.items()}),
            defaultdict(int, {team.id: count for team, count in overridden.items()}),
        )

    def _ecosystem_indicators_sales_operations(self):
        Lead = self._ecosystem_lead_model().with_context(active_test=True)
        team_ids = self.team_id.ids
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
        for assessment in self:
            team = assessment.team_id
            total = open_count.get(team, 0)
            planned, in_time = with_activity.get(team, 0), dated.get(team, 0)
            team_plans = plans_by_team[team.id]
            health = sum(p.health_score for p in team_plans) / len(team_plans) if team_plans else None
            on_time = sum(1 for p in team_plans if not p.is_review_overdue)
            result[assessment.id] = [
                self._ecosystem_indicator(
                    "next_activity",
                    self.env._("Open deals with a next activity planned"),
                    planned,
                    total,
                    self.env._("%(part)s of %(total)s open deals", part=planned, total=total),
                ),
                self._ecosystem_indicator(
                    "close_date",
                    self.env._("Open deals with an expected closing not in the past"),
                    in_time,
                    total,
                    self.env._("%(part)s of %(total)s open deals", part=in_time, total=total),
                ),
                self._ecosystem_indicator(
                    "plan_health",
                    self.env._("Key account plan health"),
                    health,
                    len(team_plans),
                    self.env._("mean health of %(count)s active account plans", count=len(team_plans)),
                    value=health,
                ),
                self._ecosystem_indicator(
                    "plan_review",
                    self.env._("Account plans reviewed on time"),
                    on_time,
                    len(team_plans),
                    self.env._("%(part)s of %(total)s active plans", part=on_time, total=len(team_plans)),
                ),
            ]
        return result

    def _ecosystem_team_members(self):
        """{team id: set of user ids}: the active members of the teams of ``self``."""
        # sudo: team membership of the assessed teams
        members = self.env["crm.team.member"].sudo().search([("crm_team_id", "in", self.team_id.ids)])
        by_team = defaultdict(set)
        for member in members:
            by_team[member.crm_team_id.id].add(member.user_id.id)
        return by_team

    def _ecosystem_indicators_talent(self):
        date_from, date_to, start, end = self._ecosystem_period()
        members_by_team = self._ecosystem_team_members()
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
        for assessment in self:
            members = members_by_team[assessment.team_id.id]
            covered = len(members & coached)
            done = sum(actions[user_id, "done"] for user_id in members)
            due = done + sum(actions[user_id, "open"] for user_id in members)
            result[assessment.id] = [
                self._ecosystem_indicator(
                    "coaching_coverage",
                    self.env._("Team members coached in the period"),
                    covered,
                    len(members),
                    self.env._(
                        "%(part)s of %(total)s members had a held session", part=covered, total=len(members)
                    ),
                ),
                self._ecosystem_indicator(
                    "coaching_actions",
                    self.env._("Coaching actions completed"),
                    done,
                    due,
                    self.env._("%(part)s of %(total)s actions due in the period done", part=done, total=due),
                ),
            ]
        return result

    def _ecosystem_indicators_marketing(self):
        _date_from, _date_to, start, end = self._ecosystem_period()
        Lead = self._ecosystem_lead_model()
        new_domain = [
            ("team_id", "in", self.team_id.ids),
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
        for assessment in self:
            team = assessment.team_id
            total, good, known = new_count.get(team, 0), fitting.get(team, 0), scored.get(team, 0)
            result[assessment.id] = [
                self._ecosystem_indicator(
                    "new_on_strategy",
                    self.env._("New leads in ICP tier A/B or on a target list"),
                    good,
                    total,
                    self.env._("%(part)s of %(total)s leads and deals created", part=good, total=total),
                ),
                self._ecosystem_indicator(
                    "new_icp_data",
                    self.env._("New leads with enough data for an ICP tier"),
                    known,
                    total,
                    self.env._("%(part)s of %(total)s leads and deals created", part=known, total=total),
                ),
            ]
        return result

    # --- presentation ---

    def _ecosystem_chart_data(self):
        """[(label, combined, measured or None, self-assessment % or None)] in bucket order."""
        self.ensure_one()
        labels = dict(BUCKETS)
        by_bucket = {line.bucket: line for line in self.line_ids}
        return [
            (
                labels[bucket],
                by_bucket[bucket].combined_score if bucket in by_bucket else 0.0,
                by_bucket[bucket].measured_score
                if bucket in by_bucket and by_bucket[bucket].has_measure
                else None,
                self_score_percent(by_bucket[bucket].self_score) if bucket in by_bucket else None,
            )
            for bucket, _label in BUCKETS
        ]

    def _ecosystem_radar_svg(self, width=640, height=360):
        """An inline SVG radar chart (one axis per bucket, 0-100): score filled, measured dashed, self-assessment
        dotted. Drawn server-side so that the PDF needs no JavaScript."""
        data = self._ecosystem_chart_data()
        cx, cy = width / 2, height / 2
        radius = height / 2 - 50
        count = len(data)

        def point(index, value):
            angle = -math.pi / 2 + 2 * math.pi * index / count
            r = radius * max(0.0, min(value, 100.0)) / 100.0
            return cx + r * math.cos(angle), cy + r * math.sin(angle)

        def polygon(values, attrs):
            pts = " ".join("{:.1f},{:.1f}".format(*point(i, v or 0.0)) for i, v in enumerate(values))
            return Markup('<polygon points="%s" %s/>') % (pts, Markup(attrs))

        parts = [
            polygon([level] * count, 'fill="none" stroke="#cccccc" stroke-width="1"')
            for level in (20, 40, 60, 80, 100)
        ]
        for index, (label, score, _measured, _self) in enumerate(data):
            x, y = point(index, 100)
            parts.append(
                Markup('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#cccccc" stroke-width="1"/>')
                % (cx, cy, x, y)
            )
            lx, ly = point(index, 112)
            anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
            ly += 4 if ly > cy else -2
            parts.append(
                Markup(
                    '<text x="%.1f" y="%.1f" text-anchor="%s" font-size="12" font-family="sans-serif">'
                    '<tspan class="o_ecosystem_axis">%s</tspan> <tspan font-weight="bold">%s</tspan></text>'
                )
                % (lx, ly, anchor, label, f"{score:.0f}")
            )
        measured = [m for _l, _s, m, _a in data]
        if any(m is not None for m in measured):
            parts.append(
                polygon(measured, 'fill="none" stroke="#1f77b4" stroke-width="1.5" stroke-dasharray="6,3"')
            )
        self_scores = [a for _l, _s, _m, a in data]
        if any(a is not None for a in self_scores):
            parts.append(
                polygon(self_scores, 'fill="none" stroke="#ff7f0e" stroke-width="1.5" stroke-dasharray="2,2"')
            )
        parts.append(
            polygon(
                [s for _l, s, _m, _a in data],
                'fill="#2ca02c" fill-opacity="0.25" stroke="#2ca02c" stroke-width="2"',
            )
        )
        return Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" class="o_ecosystem_radar" width="%s" height="%s" '
            'viewBox="0 0 %s %s" style="max-width: 100%%; height: auto;">%s</svg>'
        ) % (width, height, width, height, Markup("").join(parts))
