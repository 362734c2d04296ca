# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models
from odoo.tools import SQL

COVERAGE_MONTHS = 12


class CrmCoachingCoverage(models.Model):
    """Coaching coverage per rep and month: one row per active sales team membership and calendar month of
    the last 12 (current month included), with the sessions held that month.

    ``coverage`` is 100 for a rep coached at least once in the month, else 0. Grouped, it is the period's figure,
    not an average of months: the share of the group's reps (each counted once, whatever their number of teams)
    coached at least once in the group's months; ``rep_count``, ``coached_count`` and ``session_count`` count each
    rep once too (see ``_read_group_select``). Held sessions are those in state Held or Acknowledged, counted in
    the month of their date, for the team's company. Membership is today's.

    Conversation signals of the month: the rep's meetings (organizer) on deals now in a Late Stage and how many
    have a conversation plan (``plan_rate``), the rep's debriefed meetings and how many obtained an advance
    (``advance_rate``); the rates are empty (not 0) for a month without such meetings, so that averages skip it.
    """

    _name = "crm.coaching.coverage"
    _description = "Coaching Coverage"
    _auto = False
    _order = "date_month desc, team_id, rep_id"
    _rec_name = "rep_id"
    _depends = {
        "crm.team.member": ["user_id", "crm_team_id", "active"],
        "crm.team": ["user_id", "company_id", "active"],
        "crm.coaching.session": ["rep_id", "company_id", "date", "state"],
        "calendar.event": ["user_id", "opportunity_id", "start", "active"],
        "crm.lead": ["stage_id", "company_id"],
        "crm.stage": ["is_late_stage"],
        "crm.conversation.plan": [
            "event_id",
            "user_id",
            "company_id",
            "date_meeting",
            "state",
            "advance_status",
        ],
    }

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    rep_id = fields.Many2one("res.users", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    manager_id = fields.Many2one("res.users", "Team Leader", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_month = fields.Date("Month", readonly=True)
    session_count = fields.Integer("Sessions Held", readonly=True, aggregator="sum")
    is_coached = fields.Boolean("Coached", readonly=True, help="At least one session held in the month.")
    rep_count = fields.Integer("# Reps", readonly=True, aggregator="sum")
    coached_count = fields.Integer("# Reps Coached", readonly=True, aggregator="sum")
    coverage = fields.Float(
        "Coverage (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the reps counted who held at least one coaching session in the month.",
    )
    late_meeting_count = fields.Integer(
        "Late-Stage Meetings",
        readonly=True,
        aggregator="sum",
        help="The rep's meetings of the month on deals now in a Late Stage.",
    )
    late_planned_count = fields.Integer("Late-Stage Meetings Planned", readonly=True, aggregator="sum")
    plan_rate = fields.Float(
        "Late-Stage Meetings Planned (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the rep's late-stage meetings of the month with a conversation plan (empty without "
        "late-stage meetings).",
    )
    debrief_count = fields.Integer("Meetings Debriefed", readonly=True, aggregator="sum")
    advance_count = fields.Integer("Meetings With an Advance", readonly=True, aggregator="sum")
    advance_rate = fields.Float(
        "Advance Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the rep's debriefed meetings of the month that obtained an advance (empty without "
        "debriefs).",
    )

    # ------------------------------------------------------------
    # READ GROUP
    # ------------------------------------------------------------

    def _read_group_select(self, aggregate_spec, query):
        """Reps in several teams have one row per team: the aggregates count each rep (and each rep's month) once.

        - ``coverage``: reps coached at least once in the group's rows / reps of the group;
        - ``rep_count`` / ``coached_count``: distinct reps, distinct reps coached;
        - ``session_count``: the sessions of each distinct (rep, month, company) once."""
        if aggregate_spec not in ("coverage:avg", "rep_count:sum", "coached_count:sum", "session_count:sum"):
            return super()._read_group_select(aggregate_spec, query)
        rep = self._field_to_sql(self._table, "rep_id", query)
        coached = self._field_to_sql(self._table, "is_coached", query)
        if aggregate_spec == "rep_count:sum":
            return SQL("COUNT(DISTINCT %s)", rep)
        if aggregate_spec == "coached_count:sum":
            return SQL("COUNT(DISTINCT CASE WHEN %s THEN %s END)", coached, rep)
        if aggregate_spec == "coverage:avg":
            return SQL(
                "COALESCE(100.0 * COUNT(DISTINCT CASE WHEN %s THEN %s END) / NULLIF(COUNT(DISTINCT %s), 0), 0)",
                coached,
                rep,
                rep,
            )
        month = self._field_to_sql(self._table, "date_month", query)
        company = self._field_to_sql(self._table, "company_id", query)
        sessions = self._field_to_sql(self._table, "session_count", query)
        return SQL(
            "(SELECT COALESCE(SUM(split_part(key, ':', 4)::int), 0) FROM unnest(array_agg(DISTINCT "
            "CONCAT_WS(':', %s, %s, COALESCE(%s, 0), %s))) AS key)",
            rep,
            month,
            company,
            sessions,
        )

    # ------------------------------------------------------------
    # SQL QUERY (no database view: the query is inlined by the ORM, so it never runs before the session table
    # exists at install)
    # ------------------------------------------------------------

    @property
    def _table_query(self):
        return SQL(
            """
                WITH months AS (
                    SELECT offs AS month_offset,
                           (date_trunc('month', NOW() AT TIME ZONE 'UTC') - make_interval(months => offs))::date AS date_month
                      FROM generate_series(0, %(last_offset)s) AS offs
                )
                SELECT m.id * %(months)s + months.month_offset AS id,
                       m.user_id AS rep_id,
                       m.crm_team_id AS team_id,
                       t.user_id AS manager_id,
                       t.company_id,
                       months.date_month,
                       held.session_count,
                       held.session_count > 0 AS is_coached,
                       1 AS rep_count,
                       CASE WHEN held.session_count > 0 THEN 1 ELSE 0 END AS coached_count,
                       CASE WHEN held.session_count > 0 THEN 100.0 ELSE 0.0 END AS coverage,
                       meetings.late_meeting_count,
                       meetings.late_planned_count,
                       CASE WHEN meetings.late_meeting_count > 0
                            THEN 100.0 * meetings.late_planned_count / meetings.late_meeting_count END AS plan_rate,
                       debriefs.debrief_count,
                       debriefs.advance_count,
                       CASE WHEN debriefs.debrief_count > 0
                            THEN 100.0 * debriefs.advance_count / debriefs.debrief_count END AS advance_rate
                  FROM crm_team_member m
                  JOIN crm_team t ON t.id = m.crm_team_id
            CROSS JOIN months
    CROSS JOIN LATERAL (
                    SELECT COUNT(*) AS session_count
                      FROM crm_coaching_session s
                     WHERE s.rep_id = m.user_id
                       AND (t.company_id IS NULL OR s.company_id = t.company_id)
                       AND s.state IN ('done', 'acknowledged')
                       AND s.date >= months.date_month
                       AND s.date < months.date_month + INTERVAL '1 month'
                   ) AS held
    CROSS JOIN LATERAL (
                    SELECT COUNT(*) AS late_meeting_count, COUNT(plan.id) AS late_planned_count
                      FROM calendar_event e
                      JOIN crm_lead lead ON lead.id = e.opportunity_id
                      JOIN crm_stage stage ON stage.id = lead.stage_id
                 LEFT JOIN crm_conversation_plan plan ON plan.event_id = e.id
                     WHERE e.user_id = m.user_id
                       AND e.active
                       AND stage.is_late_stage
                       AND (t.company_id IS NULL OR lead.company_id IS NULL OR lead.company_id = t.company_id)
                       AND e.start >= months.date_month
                       AND e.start < months.date_month + INTERVAL '1 month'
                   ) AS meetings
    CROSS JOIN LATERAL (
                    SELECT COUNT(*) AS debrief_count,
                           COUNT(*) FILTER (WHERE p.advance_status = 'obtained') AS advance_count
                      FROM crm_conversation_plan p
                     WHERE p.user_id = m.user_id
                       AND p.state = 'debriefed'
                       AND (t.company_id IS NULL OR p.company_id = t.company_id)
                       AND p.date_meeting >= months.date_month
                       AND p.date_meeting < months.date_month + INTERVAL '1 month'
                   ) AS debriefs
                 WHERE m.active AND t.active
            """,
            months=COVERAGE_MONTHS,
            last_offset=COVERAGE_MONTHS - 1,
        )
