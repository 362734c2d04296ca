# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import logging
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

GROUP_MANAGER = "sales_ecosystem.group_sales_ecosystem_manager"

SESSION_TYPES = [
    ("ride_along", "Ride-along / Joint Call"),
    ("deal_review", "Deal Review"),
    ("skill_practice", "Skill Practice / Role-play"),
    ("pipeline_review", "Pipeline (Funnel) Review"),
    ("onboarding", "Onboarding"),
]

SESSION_STATES = [
    ("planned", "Planned"),
    ("done", "Held"),
    ("acknowledged", "Acknowledged"),
    ("cancelled", "Cancelled"),
]


class CrmCoachingSession(models.Model):
    """A coaching session between a coach (sales manager) and a rep.

    Privacy (``security/crm_coaching_security.xml``): the rep sees their own sessions, a coach the sessions they
    run and those of the reps of the teams they lead, the administrator all of them; ``coach_note`` is
    readable by the Sales Ecosystem Manager group only. A rep who is not a manager may only write
    ``rep_comment`` and acknowledge.
    """

    _name = "crm.coaching.session"
    _description = "Coaching Session"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # Fields a rep (who is not a manager) may write on their own session.
    _REP_WRITABLE_FIELDS = frozenset({"rep_comment"})

    # ------------------------------------------------------------
    # DEFAULTS
    # ------------------------------------------------------------

    def _default_coach_id(self):
        return self.env.user if self.env.user.has_group(GROUP_MANAGER) else False

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char("Topic", required=True, tracking=True)
    rep_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    coach_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        tracking=True,
        default=_default_coach_id,
        check_company=True,
        domain=lambda self: [("share", "=", False), ("all_group_ids", "in", self.env.ref(GROUP_MANAGER).ids)],
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True, index=True)
    duration = fields.Float(default=1.0, help="Duration in hours.")
    date_end = fields.Datetime("End", compute="_compute_date_end")
    session_type = fields.Selection(
        SESSION_TYPES, string="Type", required=True, default="deal_review", tracking=True
    )
    state = fields.Selection(
        SESSION_STATES,
        string="Status",
        required=True,
        default="planned",
        tracking=True,
        copy=False,
        index=True,
    )
    lead_ids = fields.Many2many(
        "crm.lead",
        "crm_coaching_session_lead_rel",
        "session_id",
        "lead_id",
        string="Opportunities",
        check_company=True,
        domain="[('type', '=', 'opportunity')]",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "crm_coaching_session_partner_rel",
        "session_id",
        "partner_id",
        string="Accounts",
        check_company=True,
    )
    agenda = fields.Html()
    observations = fields.Html()
    strengths = fields.Html()
    development_priorities = fields.Html()
    rep_comment = fields.Text("Rep's Comment", tracking=True)
    coach_note = fields.Html(
        "Private Coach Notes",
        groups=GROUP_MANAGER,
        help="Visible to coaches and managers only, never printed, never shown to the rep.",
    )
    date_follow_up = fields.Date("Next Session", help="When coach and rep meet again.")
    date_done = fields.Datetime("Held On", readonly=True, copy=False)
    date_acknowledged = fields.Datetime("Acknowledged On", readonly=True, copy=False, tracking=True)
    rating_ids = fields.One2many("crm.coaching.rating", "session_id", string="Skill Ratings", copy=True)
    action_ids = fields.One2many("crm.coaching.action", "session_id", string="Action Plan")
    action_open_count = fields.Integer("Open Actions", compute="_compute_action_counts")
    action_overdue_count = fields.Integer("Overdue Actions", compute="_compute_action_counts")
    is_action_overdue = fields.Boolean(
        "Has Overdue Actions", compute="_compute_action_counts", search="_search_is_action_overdue"
    )
    is_suggested = fields.Boolean(
        "Suggested", readonly=True, copy=False, help="Proposed by the coaching suggestions."
    )
    suggestion_signal = fields.Char(readonly=True, copy=False)
    suggestion_reason = fields.Text("Why This Session", readonly=True, copy=False)
    is_rep = fields.Boolean("Current User Is the Rep", compute="_compute_is_rep")
    is_coach_user = fields.Boolean(
        "Current User Coaches",
        compute="_compute_is_rep",
        help="The current user may write the coach's part of sessions (managers); a rep only writes their comment.",
    )

    _duration_positive = models.Constraint(
        "CHECK(duration > 0)", "The duration of a coaching session must be positive (field Duration)."
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("rep_id")
    def _compute_team_id(self):
        for session in self:
            session.team_id = session.rep_id.sale_team_id

    @api.depends("date", "duration")
    def _compute_date_end(self):
        for session in self:
            session.date_end = session.date and session.date + timedelta(hours=session.duration or 0.0)

    @api.depends("action_ids.state", "action_ids.date_deadline")
    def _compute_action_counts(self):
        today = fields.Date.context_today(self)
        Action = self.env["crm.coaching.action"]
        open_counts = dict(
            Action._read_group(
                [("session_id", "in", self.ids), ("state", "=", "open")], ["session_id"], ["__count"]
            )
        )
        overdue_counts = dict(
            Action._read_group(
                [("session_id", "in", self.ids), ("state", "=", "open"), ("date_deadline", "<", today)],
                ["session_id"],
                ["__count"],
            )
        )
        for session in self:
            session.action_open_count = open_counts.get(session, 0)
            session.action_overdue_count = overdue_counts.get(session, 0)
            session.is_action_overdue = bool(session.action_overdue_count)

    def _search_is_action_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        today = fields.Date.context_today(self)
        domain = [("action_ids", "any", [("state", "=", "open"), ("date_deadline", "<", today)])]
        return domain if operator == "in" else ["!", *domain]

    @api.depends_context("uid")
    def _compute_is_rep(self):
        is_coach = self._is_coach_user()
        for session in self:
            session.is_rep = session.rep_id == self.env.user
            session.is_coach_user = is_coach

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("rep_id", "coach_id")
    def _check_rep_is_not_coach(self):
        for session in self:
            if session.rep_id and session.rep_id == session.coach_id:
                raise ValidationError(
                    self.env._(
                        "Coaching session %(session)s: %(user)s cannot be both the Rep and the Coach.",
                        session=session.display_name,
                        user=session.rep_id.name,
                    )
                )

    @api.constrains("date", "date_follow_up")
    def _check_dates(self):
        for session in self:
            if session.date_follow_up and session.date and session.date_follow_up < session.date.date():
                raise ValidationError(
                    self.env._(
                        "Coaching session %(session)s: the Next Session (%(next)s) cannot be before "
                        "the session Date "
                        "(%(date)s).",
                        session=session.display_name,
                        next=session.date_follow_up,
                        date=session.date.date(),
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        self._check_rep_write(vals)
        return super().write(vals)

    @api.model
    def _is_coach_user(self):
        """Who writes the coach's part of a session (the form's editable fields follow the same rule)."""
        return self.env.su or self.env.user.has_group(GROUP_MANAGER)

    def _check_rep_write(self, vals):
        """A rep reads the coach's notes on their session but only writes their own comment."""
        if self._is_coach_user():
            return
        forbidden = sorted(
            fname
            for fname in vals
            if fname not in self._REP_WRITABLE_FIELDS and not fname.startswith(("message_", "activity_"))
        )
        if forbidden:
            raise AccessError(
                self.env._(
                    "Coaching sessions %(sessions)s: as the rep you may only write your comment, "
                    "not %(fields)s.",
                    sessions=", ".join(self.mapped("display_name")),
                    fields=", ".join(self._fields[f].string for f in forbidden if f in self._fields)
                    or forbidden,
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_mark_done(self):
        for session in self:
            if session.state != "planned":
                raise UserError(
                    self.env._(
                        "Coaching session %(session)s is %(state)s: only a planned session can be "
                        "marked as held "
                        "(field Status).",
                        session=session.display_name,
                        state=dict(SESSION_STATES)[session.state],
                    )
                )
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        for session in self:
            session.message_post(
                body=self.env._(
                    "Session held; %(rep)s is invited to acknowledge it.", rep=session.rep_id.name
                ),
                partner_ids=session.rep_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_acknowledge(self):
        """The rep confirms they read the session: only the rep, only once it was held."""
        for session in self:
            if session.rep_id != self.env.user:
                raise UserError(
                    self.env._(
                        "Coaching session %(session)s can only be acknowledged by its Rep, %(rep)s.",
                        session=session.display_name,
                        rep=session.rep_id.name,
                    )
                )
            if session.state != "done":
                raise UserError(
                    self.env._(
                        "Coaching session %(session)s is %(state)s: only a held session can be acknowledged "
                        "(field Status).",
                        session=session.display_name,
                        state=dict(SESSION_STATES)[session.state],
                    )
                )
        # sudo: a rep may not write the status of a session (see _check_rep_write); the checks above are the
        # authorisation for this single transition, and the record rules already let the rep read the session.
        self.sudo().write({"state": "acknowledged", "date_acknowledged": fields.Datetime.now()})
        return True

    def action_cancel(self):
        if self.filtered(lambda s: s.state == "acknowledged"):
            raise UserError(
                self.env._(
                    "Coaching sessions %(sessions)s are acknowledged by the rep and cannot be cancelled.",
                    sessions=", ".join(
                        self.filtered(lambda s: s.state == "acknowledged").mapped("display_name")
                    ),
                )
            )
        self.write({"state": "cancelled"})
        self.action_ids.filtered(lambda a: a.state == "open").action_cancel()
        return True

    def action_reset_planned(self):
        self.filtered(lambda s: s.state == "cancelled").write({"state": "planned"})
        return True

    def action_open_skill_profile(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_ecosystem.crm_coaching_skill_profile_action"
        )
        action["domain"] = [("rep_id", "=", self.rep_id.id)]
        action["context"] = {"search_default_group_area": 1}
        action["display_name"] = self.env._("Skill profile of %(rep)s", rep=self.rep_id.name)
        return action

    # ------------------------------------------------------------
    # COACHING SUGGESTIONS
    # ------------------------------------------------------------

    @api.model
    def _coaching_signal_methods(self):
        """Names of the signal hooks, each returning ``{res.users: [(topic, crm.lead recordset), ...]}``.

        Extend with ``super()._coaching_signal_methods() + ["_coaching_signal_mine"]`` (see README).
        """
        return [
            "_coaching_signal_gate_failures",
            "_coaching_signal_gate_overrides",
            "_coaching_signal_unhealthy_deals",
            "_coaching_signal_stalled_deals",
            "_coaching_signal_overdue_deals",
            "_coaching_signal_meeting_advance",
        ]

    @api.model
    def _coaching_signal_session_type(self, method, deal_count):
        """The type of the session a signal suggests: skill practice for the conversation signals, a deal review
        (a pipeline review beyond three deals, counting every deal the signal found) for the others."""
        if method == "_coaching_signal_meeting_advance":
            return "skill_practice"
        return "deal_review" if deal_count <= 3 else "pipeline_review"

    @api.model
    def _coaching_signal_since(self):
        # sudo: reading a technical setting, not user data.
        days = int(
            self.env["ir.config_parameter"].sudo().get_param("sales_ecosystem.coaching_signal_days", 30)
        )
        return fields.Datetime.now() - timedelta(days=days)

    @api.model
    def _coaching_signal_among(self, leads, field_name="id"):
        """The domain "``field_name`` (the id, or a many2one to crm.lead) is one of ``leads``" for the signals'
        queries, with the ids as one array parameter (``= ANY(%s)``). The plain ``("id", "in", leads.ids)`` has the
        ORM check and psycopg2 quote each id of an ``IN`` list one by one: about 0.2 s per query for the 100,000 open
        deals of a suggestion run. Filtering records in Python keeps the same meaning (``predicate``)."""
        ids = list(leads._ids)
        id_set = set(ids)
        return Domain.custom(
            to_sql=lambda model, alias, query: SQL(
                "%s = ANY(%s)", model._field_to_sql(alias, field_name, query), ids
            ),
            predicate=lambda record: (
                record[field_name].id in id_set if field_name != "id" else record.id in id_set
            ),
        )

    @api.model
    def _coaching_signal_gate_failures(self, leads):
        """Reps whose deals were repeatedly blocked by the same gate requirement in the last
        ``sales_ecosystem.coaching_signal_days`` days (default 30): at least ``coaching_signal_min_deals``
        different deals blocked on that requirement. One grouped query for all reps."""
        if not leads:
            return {}
        minimum = self._coaching_signal_min_deals()
        # sudo: blocked attempts are the gate's audit log; the suggestion cron reads them for every rep.
        groups = (
            self.env["crm.gate.attempt"]
            .sudo()
            ._read_group(
                self._coaching_signal_among(leads, "lead_id")
                & Domain("date", ">=", self._coaching_signal_since()),
                ["salesperson_id", "requirement_ids"],
                ["lead_id:array_agg"],
            )
        )
        result = {}
        for rep, requirement, lead_ids in groups:
            deals = leads.browse(sorted(set(lead_ids))) & leads
            if rep and requirement and len(deals) >= minimum:
                topic = self.env._(
                    "Deals repeatedly blocked at the gate: %(requirement)s (%(count)s deals)",
                    requirement=requirement.name,
                    count=len(deals),
                )
                result.setdefault(rep.with_env(self.env), []).append((topic, deals))
        return result

    @api.model
    def _coaching_signal_gate_overrides(self, leads):
        """Reps whose deals had a blocking gate overridden by a manager in the last
        ``sales_ecosystem.coaching_signal_days`` days: review together what was skipped."""
        if not leads:
            return {}
        # sudo: overrides are the gate's audit log; the suggestion cron reads them for every rep.
        groups = (
            self.env["crm.gate.override"]
            .sudo()
            ._read_group(
                self._coaching_signal_among(leads, "lead_id")
                & Domain("date", ">=", self._coaching_signal_since()),
                ["salesperson_id"],
                ["lead_id:array_agg"],
            )
        )
        result = {}
        for rep, lead_ids in groups:
            deals = leads.browse(sorted(set(lead_ids))) & leads
            if rep and deals:
                topic = self.env._(
                    "Gate overrides on %(count)s deals: review what was skipped", count=len(deals)
                )
                result[rep.with_env(self.env)] = [(topic, deals)]
        return result

    @api.model
    def _coaching_signal_unhealthy_deals(self, leads):
        """Reps with troubled deals (deal health: a serious signal, or many signals): coach on what the
        signals say. At least ``coaching_signal_min_deals`` troubled deals per rep. Two grouped queries for all
        reps (the deals per rep, the signals per rep), whatever the number of deals."""
        if not leads:
            return {}
        domain = self._coaching_signal_among(leads) & Domain(
            [("health_status", "=", "troubled"), ("user_id", "!=", False)]
        )
        groups = self.env["crm.lead"]._read_group(domain, ["user_id"], ["id:array_agg"])
        signals = defaultdict(list)
        for rep, signal in self.env["crm.lead"]._read_group(domain, ["user_id", "health_signal_ids"]):
            if signal:
                signals[rep].append(signal)
        return self._group_ids_by_rep(
            leads,
            groups,
            lambda rep, deals: self.env._(
                "Troubled deals (%(count)s): %(signals)s",
                count=len(deals),
                signals=", ".join(
                    signal.name for signal in sorted(signals[rep], key=lambda sig: (sig.sequence, sig.id))
                ),
            ),
        )

    @api.model
    def _coaching_suggestion_max_deals(self):
        # sudo: a technical setting
        return max(
            int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("sales_ecosystem.coaching_suggestion_max_deals", 20)
            ),
            0,
        )

    @api.model
    def _coaching_signal_min_deals(self):
        # sudo: a technical setting
        return int(
            self.env["ir.config_parameter"].sudo().get_param("sales_ecosystem.coaching_signal_min_deals", 2)
        )

    @api.model
    def _coaching_signal_stalled_deals(self, leads):
        """Rotting opportunities (Odoo's per-stage "Days to rot"), or, in stages without a rotting
        threshold, open opportunities that have not changed stage for
        ``sales_ecosystem.coaching_stalled_days`` days (default 45).

        One parameterised query for all reps, after a flush of the fields it reads. Rotting is the rule of
        ``mail.tracking.duration.mixin._compute_rotting`` (with ``crm.lead._get_rotting_domain``): a pending
        opportunity in a stage whose "Days to rot" is not 0, whose last stage change (else creation) is more
        than that many days before the transaction's time. (Its search method is not used: it ignores deals
        older than ``crm.lead.rot.max.months``, which the computed field does not.)"""
        if not leads:
            return {}
        # sudo: reading a technical setting, not user data.
        days = int(
            self.env["ir.config_parameter"].sudo().get_param("sales_ecosystem.coaching_stalled_days", 45)
        )
        limit = fields.Datetime.now() - timedelta(days=days)
        Lead = self.env["crm.lead"]
        Lead.flush_model(
            ["user_id", "stage_id", "date_last_stage_update", "create_date", "won_status", "type"]
        )
        self.env["crm.stage"].flush_model(["rotting_threshold_days"])
        # the leads are the caller's (already searched with its access rights): read their columns only
        self.env.cr.execute(
            SQL(
                """
                SELECT lead.user_id, array_agg(lead.id)
                  FROM crm_lead lead
             LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
                 WHERE lead.id = ANY(%(ids)s) AND lead.user_id IS NOT NULL
                   AND (
                        (COALESCE(stage.rotting_threshold_days, 0) != 0
                         AND lead.won_status = 'pending' AND lead.type = 'opportunity'
                         AND COALESCE(lead.date_last_stage_update, lead.create_date, %(now)s)
                             + stage.rotting_threshold_days * interval '1 day' < %(now)s)
                     OR (%(days)s > 0 AND COALESCE(stage.rotting_threshold_days, 0) = 0
                         AND COALESCE(lead.date_last_stage_update, lead.create_date) < %(limit)s)
                   )
              GROUP BY lead.user_id
                """,
                ids=list(leads.ids),
                now=self.env.cr.now(),
                days=days,
                limit=limit,
            )
        )
        groups = [(self.env["res.users"].browse(user_id), ids) for user_id, ids in self.env.cr.fetchall()]
        return self._group_ids_by_rep(
            leads,
            groups,
            lambda rep, deals: self.env._("Stalled deals: %(count)s without progress", count=len(deals)),
        )

    @api.model
    def _coaching_signal_overdue_deals(self, leads):
        """Open opportunities whose expected closing date has passed (one grouped query for all reps)."""
        if not leads:
            return {}
        today = fields.Date.context_today(self)
        groups = self.env["crm.lead"]._read_group(
            self._coaching_signal_among(leads)
            & Domain([("date_deadline", "<", today), ("user_id", "!=", False)]),
            ["user_id"],
            ["id:array_agg"],
        )
        return self._group_ids_by_rep(
            leads,
            groups,
            lambda rep, deals: self.env._("Deals past their closing date (%(count)s)", count=len(deals)),
        )

    @api.model
    def _coaching_signal_meeting_advance(self, leads):
        """Reps of ``leads`` whose debriefed meetings of the last ``sales_ecosystem.coaching_signal_days`` days
        rarely obtained an advance: at least ``coaching_advance_min_meetings`` debriefs (default 3) and an advance
        in fewer than ``coaching_advance_rate`` percent of them (default 50). A skill-practice session is proposed,
        on the deals whose meeting obtained none. One grouped query for all reps; reps without debriefs are never
        flagged."""
        reps = leads.user_id
        if not reps:
            return {}
        # sudo: reading technical settings, not user data.
        params = self.env["ir.config_parameter"].sudo()
        minimum = int(params.get_param("sales_ecosystem.coaching_advance_min_meetings", 3))
        rate = float(params.get_param("sales_ecosystem.coaching_advance_rate", 50))
        # sudo: the suggestion cron reads every rep's debriefs (the plans are private to the rep and managers)
        groups = (
            self.env["crm.conversation.plan"]
            .sudo()
            ._read_group(
                [
                    ("user_id", "in", reps.ids),
                    ("state", "=", "debriefed"),
                    ("date_meeting", ">=", self._coaching_signal_since()),
                ],
                ["user_id", "advance_status"],
                ["__count", "lead_id:array_agg"],
            )
        )
        totals = defaultdict(lambda: [0, 0, set()])
        for rep, status, count, lead_ids in groups:
            totals[rep][0] += count
            if status == "obtained":
                totals[rep][1] += count
            else:
                totals[rep][2].update(lead_ids)
        result = {}
        for rep, (count, obtained, lead_ids) in totals.items():
            if count >= max(minimum, 1) and 100.0 * obtained / count < rate:
                deals = leads.filtered(lambda lead, ids=lead_ids: lead.id in ids)
                topic = self.env._(
                    "Meetings rarely obtain an advance: %(obtained)s of %(count)s debriefed meetings",
                    obtained=obtained,
                    count=count,
                )
                result[rep.with_env(self.env)] = [(topic, deals)]
        return result

    @api.model
    def _group_signal_by_rep(self, leads, topic_fn):
        """``{rep: [(topic, deals)]}`` for reps with at least ``coaching_signal_min_deals`` of ``leads``."""
        minimum = self._coaching_signal_min_deals()
        result = {}
        for rep, deals in leads.grouped("user_id").items():
            if rep and len(deals) >= minimum:
                result[rep] = [(topic_fn(rep, deals), deals)]
        return result

    @api.model
    def _group_ids_by_rep(self, leads, groups, topic_fn):
        """Like :meth:`_group_signal_by_rep`, from ``groups`` ``[(rep, lead ids)]`` already grouped (by
        ``_read_group`` or SQL): each rep's deals in the order of ``leads``."""
        minimum = self._coaching_signal_min_deals()
        position = {lead_id: index for index, lead_id in enumerate(leads._ids)}
        result = {}
        for rep, lead_ids in groups:
            ids = sorted({lead_id for lead_id in lead_ids if lead_id in position}, key=position.__getitem__)
            if rep and len(ids) >= minimum:
                deals = leads.browse(ids)
                result[rep.with_env(self.env)] = [(topic_fn(rep, deals), deals)]
        return result

    @api.model
    def _suggest_sessions(self, reps=None):
        """Propose planned deal/pipeline review sessions from the signal hooks; returns the created sessions.

        One suggestion per rep and signal while a suggested session for that signal is still planned. A session
        is an hour with the rep: it links the signal's deals of highest expected revenue, at most
        ``sales_ecosystem.coaching_suggestion_max_deals`` (default 20, 0: all); its reason keeps the signal's
        full count and its agenda says how many more deals the signal found.
        """
        lead_domain = [("type", "=", "opportunity"), ("active", "=", True), ("won_status", "=", "pending")]
        if reps is not None:
            lead_domain.append(("user_id", "in", reps.ids))
        # by value: the deals a capped session links are the rep's largest ones the signal found
        # with the reps, in the same query: the signals group the deals by rep
        leads = self.env["crm.lead"].search_fetch(
            lead_domain, ["user_id"], order="expected_revenue desc nulls last, id desc"
        )
        position = {lead_id: index for index, lead_id in enumerate(leads._ids)}
        max_deals = self._coaching_suggestion_max_deals()
        pending = self.search_fetch(
            [("is_suggested", "=", True), ("state", "=", "planned")], ["rep_id", "suggestion_signal"]
        )
        existing = {(s.rep_id, s.suggestion_signal) for s in pending}
        suggestions = []
        for method in self._coaching_signal_methods():
            for rep, proposals in getattr(self, method)(leads).items():
                if (rep, method) in existing or not proposals:
                    continue
                existing.add((rep, method))
                coach = self._suggested_coach(rep)
                if not coach:
                    _logger.info("coaching suggestion for %s skipped: no team leader to coach", rep.login)
                    continue
                topics = [topic for topic, _deals in proposals]
                deals = self.env["crm.lead"].union(*[deals for _topic, deals in proposals])
                ranked = sorted(deals._ids, key=lambda lead_id: position.get(lead_id, len(position)))
                shown = deals.browse(ranked[:max_deals] if max_deals else ranked)
                suggestions.append((method, rep, coach, topics, shown, len(deals)))
        # what the sessions take from every suggested deal and account (names, accounts, and the companies the
        # sessions' company check reads) in one query each, whatever their number
        all_deals = self.env["crm.lead"].union(*[suggestion[4] for suggestion in suggestions])
        all_deals.fetch(["name", "partner_id", "company_id", "active"])
        all_deals.partner_id.fetch(["commercial_partner_id"])
        all_deals.partner_id.commercial_partner_id.fetch(["company_id", "active"])
        vals_list = []
        for method, rep, coach, topics, deals, total in suggestions:
            agenda = Markup().join(Markup("<li>%s</li>") % deal.name for deal in deals)
            if total > len(deals):
                agenda += Markup("<li>%s</li>") % self.env._(
                    "… and %(count)s more deals with this signal (the rep's pipeline, filtered)",
                    count=total - len(deals),
                )
            vals_list.append(
                {
                    "name": topics[0],
                    "rep_id": rep.id,
                    "coach_id": coach.id,
                    "company_id": (rep.sale_team_id.company_id or rep.company_id).id,
                    "session_type": self._coaching_signal_session_type(method, total),
                    "date": fields.Datetime.now() + timedelta(days=7),
                    "lead_ids": [(6, 0, deals.ids)],
                    "partner_ids": [(6, 0, deals.partner_id.commercial_partner_id.ids)],
                    "is_suggested": True,
                    "suggestion_signal": method,
                    "suggestion_reason": "\n".join(topics),
                    "agenda": Markup("<ul>%s</ul>") % agenda,
                }
            )
        sessions = self.create(vals_list)
        for session in sessions:
            session.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=session.date.date(),
                summary=self.env._("Suggested coaching: %(topic)s", topic=session.name),
                user_id=session.coach_id.id,
            )
        return sessions

    @api.model
    def _suggested_coach(self, rep):
        coach = rep.sale_team_id.user_id
        return coach if coach and coach != rep else self.env["res.users"]

    @api.model
    def _cron_suggest_sessions(self):
        if not self.env["sales.ecosystem.capability"]._is_enabled("coaching"):
            return
        self._suggest_sessions()
