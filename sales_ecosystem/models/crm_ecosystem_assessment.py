# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import math
from collections import defaultdict
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .crm_ecosystem_assessment_line import HEALTH_STATUSES, health_status, self_score_percent

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


def quarter_bounds(day):
    """First and last day of the calendar quarter of ``day``."""
    first = day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    return first, first + relativedelta(months=3, days=-1)


def share(part, whole):
    return 100.0 * part / whole if whole else None


class CrmEcosystemAssessment(models.Model):
    """Periodic health check of a sales team's ecosystem: its buckets (five in this addon: target market
    strategy, sales force effectiveness, sales operations, talent management, marketing), each scored from
    measured indicators and the manager's self-assessment, so that leaders see which bucket is broken.

    The buckets are the values of the field Bucket of ``crm.ecosystem.assessment.line`` (``selection_add``
    included), never a list of this model. Each line is a rule of the rule mechanism whose kind is its bucket:
    measured indicators come from ``crm.ecosystem.assessment.line._rule_eval_<bucket>``, called once on the
    lines of that bucket of all the health checks of one period; they return ``{line id: [indicator dict, ...]}``.
    The helpers they share (period, targets, deal model, indicator dict) are methods of this model.
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
        selection="_selection_bucket",
        compute="_compute_summary",
        store=True,
        help="The assessed bucket with the lowest score.",
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

    @api.model
    def _selection_bucket(self):
        """The buckets of the field Bucket of the lines (``selection_add`` of dependent addons included)."""
        return self.env["crm.ecosystem.assessment.line"]._bucket_selection()

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
        buckets = self.env["crm.ecosystem.assessment.line"]._rule_kinds()
        for vals in vals_list:
            if not vals.get("line_ids"):
                vals["line_ids"] = [
                    (0, 0, {"bucket": bucket, "sequence": 10 * (index + 1)})
                    for index, bucket in enumerate(buckets)
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
        labels = dict(self._selection_bucket())
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

        Batched per period: the lines of the health checks of one period are evaluated together
        (``_rule_evaluate``), so that each bucket's ``_rule_eval_<bucket>`` runs its queries once for all the teams
        assessed on the same dates.
        """
        draft = self.filtered(lambda a: a.state == "draft")
        by_period = defaultdict(lambda: self.browse())
        for assessment in draft:
            by_period[assessment.date_from, assessment.date_to] |= assessment
        vals_list = []
        for assessments in by_period.values():
            lines = assessments.line_ids
            results = lines._rule_evaluate(assessments, {})
            for line in lines:
                for sequence, item in enumerate(results[line.id], start=1):
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

    def _ecosystem_team_members(self):
        """{team id: set of user ids}: the active members of the teams of ``self``."""
        # sudo: team membership of the assessed teams
        members = self.env["crm.team.member"].sudo().search([("crm_team_id", "in", self.team_id.ids)])
        by_team = defaultdict(set)
        for member in members:
            by_team[member.crm_team_id.id].add(member.user_id.id)
        return by_team

    # --- presentation ---

    def _ecosystem_chart_data(self):
        """[(label, combined, measured or None, self-assessment % or None)] in bucket order (the buckets of the field
        Bucket of the lines, ``selection_add`` included)."""
        self.ensure_one()
        buckets = self._selection_bucket()
        by_bucket = {line.bucket: line for line in self.line_ids}
        return [
            (
                label,
                by_bucket[bucket].combined_score if bucket in by_bucket else 0.0,
                by_bucket[bucket].measured_score
                if bucket in by_bucket and by_bucket[bucket].has_measure
                else None,
                self_score_percent(by_bucket[bucket].self_score) if bucket in by_bucket else None,
            )
            for bucket, label in buckets
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
