# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.orm.domains import DomainAnd, DomainCondition
from odoo.tools import SQL

from ..models.crm_forecast_snapshot import FORECAST_QUERY_SETTINGS, _cell_select, forecast_query_settings

ROW_TYPES = [("rep", "Salesperson"), ("team", "Team"), ("company", "Company")]
#: the board's planner settings: the forecast's, and ``enable_sort = off``. The deals' sums are grouped by period,
#: rep and team (a few hundred groups at most). Each worker of the parallel scan then hashes its share (about 65 ms
#: per worker on the bench, 100,000 open deals) instead of sorting it and grouping it (about 140 ms). The board's
#: own rows are still sorted: there is no other way to order them. The board's query: 0.43 s instead of 0.53 s
#: (medians of 15, 2026-12-07).
BOARD_QUERY_SETTINGS = {**FORECAST_QUERY_SETTINGS, "enable_sort": "off"}


class CrmForecastBoard(models.Model):
    """The forecast board: a row per rep, per team and per company (the sales director's roll-up) and period, with
    the quota, what is won, the open deals of the period by forecast category, Odoo's prorated revenue, the latest
    call and the manager's adjustment. One SQL view: reading it is one query whatever the number of deals.

    The company row: the teams' quotas summed; won, commit, best case, pipeline and prorated over all the company's
    deals of the period (the team rows summed, plus deals without a team); the called figures as the period's
    roll-up (per team its manager's adjusted call, else its reps' latest calls; plus reps without a team) and the
    teams' adjustments summed; in closed periods, the accuracy and bias of that roll-up against what was won.

    Deals of a period: won deals closed in it; open opportunities expected to close in it (in the current period,
    overdue ones too). Gap to quota = quota - won - open commit; coverage = open pipeline (commit, best case and
    pipeline) / what remains of the quota."""

    _name = "crm.forecast.board"
    _description = "Forecast Board"
    _auto = False
    _order = "period_id desc, row_type, team_id, user_id"
    #: what the query reads: flushed before the board is searched or read in the same transaction
    _depends = {
        "crm.lead": [
            "active",
            "type",
            "won_status",
            "date_closed",
            "date_deadline",
            "company_id",
            "user_id",
            "team_id",
            "forecast_category",
            "expected_revenue",
            "prorated_revenue",
            "stage_id",
            "health_status",
            "methodology_score",
            "icp_tier",
            "date_last_stage_update",
        ],
        "crm.forecast.period": [
            "company_id",
            "date_from",
            "date_to",
            "state",
            "call_commit_total",
            "call_best_case_total",
            "call_adjustment_total",
            "accuracy",
            "bias",
        ],
        "crm.forecast.quota": ["period_id", "user_id", "team_id", "amount"],
        "crm.forecast.call": [
            "period_id",
            "call_level",
            "user_id",
            "team_id",
            "is_latest",
            "commit_amount",
            "best_case_amount",
            "adjustment_commit",
            "accuracy",
            "bias",
            "prorated_accuracy",
            "projection_accuracy",
        ],
        "crm.forecast.snapshot": [
            "period_id",
            "stage_id",
            "health_status",
            "gate_band",
            "icp_tier",
            "age_band",
            "is_won",
        ],
    }

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    period_id = fields.Many2one("crm.forecast.period", readonly=True)
    period_state = fields.Selection([("open", "Open"), ("closed", "Closed")], "Period Status", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    row_type = fields.Selection(ROW_TYPES, "Row", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    quota = fields.Monetary(readonly=True, currency_field="currency_id")
    won_amount = fields.Monetary("Closed Won", readonly=True, currency_field="currency_id")
    commit_amount = fields.Monetary("Commit (open)", readonly=True, currency_field="currency_id")
    best_case_amount = fields.Monetary("Best Case (open)", readonly=True, currency_field="currency_id")
    pipeline_amount = fields.Monetary("Pipeline (open)", readonly=True, currency_field="currency_id")
    prorated_amount = fields.Monetary(
        "Prorated Revenue",
        readonly=True,
        currency_field="currency_id",
        help="Odoo's forecast: won, plus the open deals' expected revenue times their probability.",
    )
    gap_amount = fields.Monetary(
        "Gap to Quota", readonly=True, currency_field="currency_id", help="Quota - closed won - open commit."
    )
    coverage = fields.Float(
        "Pipeline Coverage",
        readonly=True,
        aggregator=False,
        help="Open commit, best case and pipeline over what remains of the quota (quota - won).",
    )
    deal_count = fields.Integer("Deals", readonly=True)
    call_commit = fields.Monetary("Called Commit", readonly=True, currency_field="currency_id")
    call_best_case = fields.Monetary("Called Best Case", readonly=True, currency_field="currency_id")
    adjustment_commit = fields.Monetary("Manager Adjustment", readonly=True, currency_field="currency_id")
    call_id = fields.Many2one("crm.forecast.call", "Latest Call", readonly=True)
    accuracy = fields.Float(
        "Call Accuracy (%)",
        readonly=True,
        aggregator="avg",
        help="Closed periods: the latest call against won.",
    )
    bias = fields.Float("Call Bias (%)", readonly=True, aggregator="avg", help="Above 0: over-forecast.")
    prorated_accuracy = fields.Float("Prorated Accuracy (%)", readonly=True, aggregator="avg")
    projection_accuracy = fields.Float(
        "Projection Accuracy (%)",
        readonly=True,
        aggregator="avg",
        help="Closed periods: the projection at the rep's submission against what was won.",
    )
    projection_amount = fields.Monetary(
        "Projection",
        readonly=True,
        currency_field="currency_id",
        help="Won, plus the open deals weighted by their chance to close in the period, calibrated on the company's "
        "closed deals of the last months in the same cell (stage, health, gate completeness, ICP tier, age in stage), "
        "shrunk towards the stage's rate where the cell holds few deals.",
    )
    projection_sample = fields.Integer(readonly=True, help="Historical deals behind the open deals' cells.")

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @property
    def _table_query(self):
        """Read as a subquery (no database view: always the current definition, and no install order to mind).

        One pass over the opportunities: each deal is put in its period by a binary search of its day (won: the day
        it closed; open: its expected closing day) in its company's period starts (``width_bucket``), plus, for the
        current period, the open deals overdue (``crm.forecast.period._deal_domain``'s rule); each deal joined to its
        projection cell (``crm.forecast.snapshot._projection_sql``, its one definition, with the fit evaluated first
        by ``_projection_fit``: a list of a few dozen values, hashed) and summed per period pair (the periods joined
        back by id: the planner then expects a few groups, and hashes them in each worker of a parallel scan), owner
        and team; the sums per rep, per team and per company in one grouping-sets aggregation of those few groups.
        The company row's called figures and accuracy are the period's stored roll-up
        (``crm.forecast.period._forecast_rollup``). The prorated revenue is Odoo's stored one (``prorated_revenue``),
        as the rep's call sums it. Three queries: the fit, the periods' bounds
        (``_period_bounds_sql``), then this one; the fit and this one with ``forecast_query_settings`` (this one with
        ``BOARD_QUERY_SETTINGS``)."""
        Snapshot = self.env["crm.forecast.snapshot"]
        _ctes, joins, chance, sample = Snapshot._projection_sql("d", fit=Snapshot._projection_fit())
        period_ids = self.env.context.get("forecast_board_period_ids")

        def scope(alias=None):
            if period_ids is None:
                return SQL("TRUE")
            column = SQL.identifier(alias, "id") if alias else SQL.identifier("id")
            return SQL("%s IN %s", column, tuple(period_ids) or (0,))

        return SQL(
            """
            WITH deal AS (
                -- each deal of the scoped periods (won: the day closed; open: the expected closing day) with its
                -- period and, for the current period, the open deals overdue too (still to close); no barrier
                -- (OFFSET 0) between the scan and the sums below: the workers of a parallel scan sum their share
                SELECT CASE WHEN l.slot > 0 AND l.day <= l.ends[l.slot] THEN l.ids[l.slot] END AS in_period_id,
                       CASE WHEN NOT l.is_won AND l.day < l.current_from THEN l.current_id END AS overdue_period_id,
                       l.company_id, l.user_id, l.team_id, l.is_won, l.forecast_category, l.amount, l.prorated,
                       l.c_stage, l.c_health, l.c_gate, l.c_icp, l.c_age
                  FROM (SELECT lead.company_id, lead.user_id, lead.team_id, lead.won_status = 'won' AS is_won,
                               lead.forecast_category, COALESCE(lead.expected_revenue, 0) AS amount,
                               COALESCE(lead.prorated_revenue, 0) AS prorated,
                               %(cell)s, day.day, width_bucket(day.day, %(starts)s) AS slot, %(ids)s AS ids,
                               %(ends)s AS ends, %(current_id)s AS current_id, %(current_from)s AS current_from
                          FROM crm_lead lead
                         CROSS JOIN LATERAL (
                               SELECT CASE WHEN lead.won_status = 'won' THEN lead.date_closed::date
                                           ELSE lead.date_deadline END AS day
                         ) day
                         WHERE lead.active AND lead.type = 'opportunity' AND lead.won_status IN ('won', 'pending')
                           AND %(in_companies)s
                           -- no period before the first one nor after the last one (won history, far future)
                           AND day.day <= %(last_end)s
                           AND (day.day >= %(first_start)s OR (lead.won_status = 'pending' AND %(has_current)s))
                       ) l
            ),
            deal_agg AS (
                SELECT p1.id AS in_period_id, p2.id AS overdue_period_id, d.user_id, d.team_id,
                       -- FILTER, not CASE ... ELSE 0: each deal adds to the sums it belongs to only
                       SUM(d.amount) FILTER (WHERE d.is_won) AS won,
                       SUM(d.amount) FILTER (WHERE NOT d.is_won AND d.forecast_category = 'commit') AS commit_open,
                       SUM(d.amount) FILTER (WHERE NOT d.is_won AND d.forecast_category = 'best_case') AS best_open,
                       SUM(d.amount) FILTER (WHERE NOT d.is_won AND d.forecast_category = 'pipeline') AS pipe_open,
                       SUM(d.prorated) FILTER (WHERE NOT d.is_won) AS prorated_open,
                       SUM(d.amount * %(chance)s) FILTER (WHERE NOT d.is_won) AS projected,
                       SUM(%(sample)s) FILTER (WHERE NOT d.is_won) AS sample,
                       COUNT(*) AS deal_count
                  FROM deal d
                  -- the periods joined back by id, not merely named: grouped by the periods' own ids, the planner
                  -- expects a few groups (periods x reps x teams) where a key computed from the deals' dates
                  -- makes it expect one group per deal, sort every deal and sum them in one process
                  LEFT JOIN crm_forecast_period p1 ON p1.id = d.in_period_id AND %(scope_in)s
                  LEFT JOIN crm_forecast_period p2 ON p2.id = d.overdue_period_id AND %(scope_overdue)s
                       AND CURRENT_DATE BETWEEN p2.date_from AND p2.date_to
                  %(joins)s
                 WHERE p1.id IS NOT NULL OR p2.id IS NOT NULL
                 GROUP BY p1.id, p2.id, d.user_id, d.team_id
            ),
            agg AS (
                SELECT m.period_id, g.user_id, g.team_id, GROUPING(g.user_id, g.team_id) AS level,
                       SUM(g.won) AS won, SUM(g.commit_open) AS commit_open, SUM(g.best_open) AS best_open,
                       SUM(g.pipe_open) AS pipe_open,
                       COALESCE(SUM(g.won), 0) + COALESCE(SUM(g.prorated_open), 0) AS prorated,
                       SUM(g.projected) AS projected,
                       SUM(g.sample) AS sample, SUM(g.deal_count)::int AS deal_count
                  FROM deal_agg g
                 CROSS JOIN LATERAL unnest(ARRAY[g.in_period_id, g.overdue_period_id]) AS m(period_id)
                 WHERE m.period_id IS NOT NULL
                 GROUP BY GROUPING SETS ((m.period_id, g.user_id), (m.period_id, g.team_id), (m.period_id))
            ),
            by_rep AS (SELECT * FROM agg WHERE level = 1 AND user_id IS NOT NULL),
            by_team AS (SELECT * FROM agg WHERE level = 2 AND team_id IS NOT NULL),
            rep_key AS (
                SELECT period_id, user_id FROM by_rep
                 UNION SELECT period_id, user_id FROM crm_forecast_quota WHERE user_id IS NOT NULL
                 UNION SELECT period_id, user_id FROM crm_forecast_call
                        WHERE call_level = 'rep' AND is_latest AND period_id IS NOT NULL
            ),
            team_key AS (
                SELECT period_id, team_id FROM by_team
                 UNION SELECT period_id, team_id FROM crm_forecast_quota WHERE team_id IS NOT NULL
                 UNION SELECT period_id, team_id FROM crm_forecast_call
                        WHERE call_level = 'team' AND is_latest AND period_id IS NOT NULL
            ),
            row AS (
                SELECT k.period_id * 300000000::bigint + k.user_id * 3 AS id, 'rep' AS row_type,
                       k.period_id, k.user_id,
                       COALESCE(c.team_id, (SELECT m.crm_team_id FROM crm_team_member m
                                             WHERE m.user_id = k.user_id AND m.active
                                             ORDER BY m.id LIMIT 1)) AS team_id,
                       q.amount AS quota, a.won, a.commit_open, a.best_open, a.pipe_open, a.prorated, a.deal_count,
                       a.projected, a.sample,
                       c.id AS call_id, c.commit_amount AS call_commit, c.best_case_amount AS call_best_case,
                       NULL::numeric AS adjustment_commit,
                       c.accuracy, c.bias, c.prorated_accuracy, c.projection_accuracy
                  FROM rep_key k
             LEFT JOIN by_rep a ON a.period_id = k.period_id AND a.user_id = k.user_id
             LEFT JOIN crm_forecast_quota q ON q.period_id = k.period_id AND q.user_id = k.user_id
             LEFT JOIN crm_forecast_call c ON c.period_id = k.period_id AND c.user_id = k.user_id
                   AND c.call_level = 'rep' AND c.is_latest
             UNION ALL
                SELECT k.period_id * 300000000::bigint + k.team_id * 3 + 1, 'team', k.period_id, NULL, k.team_id,
                       q.amount, a.won, a.commit_open, a.best_open, a.pipe_open, a.prorated, a.deal_count,
                       a.projected, a.sample, c.id,
                       COALESCE(c.commit_amount, r.commit_amount), COALESCE(c.best_case_amount, r.best_case_amount),
                       c.adjustment_commit, c.accuracy, c.bias, NULL::float8, NULL::float8
                  FROM team_key k
             LEFT JOIN by_team a ON a.period_id = k.period_id AND a.team_id = k.team_id
             LEFT JOIN crm_forecast_quota q ON q.period_id = k.period_id AND q.team_id = k.team_id
             LEFT JOIN crm_forecast_call c ON c.period_id = k.period_id AND c.team_id = k.team_id
                   AND c.call_level = 'team' AND c.is_latest
             LEFT JOIN (SELECT period_id, team_id, SUM(commit_amount) AS commit_amount,
                               SUM(best_case_amount) AS best_case_amount
                          FROM crm_forecast_call WHERE call_level = 'rep' AND is_latest
                         GROUP BY period_id, team_id) r ON r.period_id = k.period_id AND r.team_id = k.team_id
             UNION ALL
                SELECT p.id * 300000000::bigint + 2, 'company', p.id, NULL, NULL,
                       q.amount, a.won, a.commit_open, a.best_open, a.pipe_open, a.prorated, a.deal_count,
                       a.projected, a.sample, NULL,
                       CASE WHEN EXISTS (SELECT 1 FROM crm_forecast_call c WHERE c.period_id = p.id AND c.is_latest)
                            THEN p.call_commit_total END,
                       CASE WHEN EXISTS (SELECT 1 FROM crm_forecast_call c WHERE c.period_id = p.id AND c.is_latest)
                            THEN p.call_best_case_total END,
                       CASE WHEN EXISTS (SELECT 1 FROM crm_forecast_call c
                                          WHERE c.period_id = p.id AND c.is_latest AND c.call_level = 'team')
                            THEN p.call_adjustment_total END,
                       CASE WHEN p.state = 'closed' THEN p.accuracy END,
                       CASE WHEN p.state = 'closed' THEN p.bias END,
                       NULL::float8, NULL::float8
                  FROM crm_forecast_period p
             LEFT JOIN agg a ON a.period_id = p.id AND a.level = 3
             LEFT JOIN (SELECT period_id, SUM(amount) AS amount FROM crm_forecast_quota
                         WHERE team_id IS NOT NULL GROUP BY period_id) q ON q.period_id = p.id
            )
            SELECT row.id, row.row_type, row.period_id, p.state AS period_state, p.company_id,
                   company.currency_id, row.user_id, row.team_id,
                   COALESCE(row.quota, 0) AS quota, COALESCE(row.won, 0) AS won_amount,
                   COALESCE(row.commit_open, 0) AS commit_amount, COALESCE(row.best_open, 0) AS best_case_amount,
                   COALESCE(row.pipe_open, 0) AS pipeline_amount, COALESCE(row.prorated, 0) AS prorated_amount,
                   COALESCE(row.quota, 0) - COALESCE(row.won, 0) - COALESCE(row.commit_open, 0) AS gap_amount,
                   (COALESCE(row.commit_open, 0) + COALESCE(row.best_open, 0) + COALESCE(row.pipe_open, 0))
                     / NULLIF(GREATEST(COALESCE(row.quota, 0) - COALESCE(row.won, 0), 0), 0) AS coverage,
                   COALESCE(row.deal_count, 0) AS deal_count,
                   COALESCE(row.won, 0) + COALESCE(row.projected, 0) AS projection_amount,
                   COALESCE(row.sample, 0) AS projection_sample,
                   row.call_id, row.call_commit, row.call_best_case, row.adjustment_commit,
                   row.accuracy, row.bias, row.prorated_accuracy, row.projection_accuracy
              FROM row
              JOIN crm_forecast_period p ON p.id = row.period_id
              JOIN res_company company ON company.id = p.company_id
            """,
            **self._period_bounds_sql(scope()),
            scope_in=scope("p1"),
            scope_overdue=scope("p2"),
            cell=_cell_select("lead", self.env.cr.now()),
            chance=chance,
            sample=sample,
            joins=joins,
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        """A search whose domain names the periods (conditions on the period or its status that every row found
        must meet) reads the deals of those periods only: the other periods' rows are filtered out anyway, and the
        won deals of the closed periods are most of the board's work once a company has some history."""
        periods = self._domain_periods(domain)
        board = self if periods is None else self.with_context(forecast_board_period_ids=tuple(periods.ids))
        return super(CrmForecastBoard, board)._search(
            domain, offset=offset, limit=limit, order=order, **kwargs
        )

    # The reads of the board run its query with the board's planner settings (``BOARD_QUERY_SETTINGS``, and
    # ``forecast_query_settings``: which, and why), at the ORM's entry points that execute it: rows (``search``,
    # ``fetch``, ``read``), counts, groups (pivot, graph). Its fit runs with the forecast's own (``_projection_fit``).
    @api.model
    def search_count(self, domain, limit=None):
        with forecast_query_settings(self.env.cr, BOARD_QUERY_SETTINGS):
            return super().search_count(domain, limit=limit)

    def _fetch_query(self, query, fields):
        with forecast_query_settings(self.env.cr, BOARD_QUERY_SETTINGS):
            return super()._fetch_query(query, fields)

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        with forecast_query_settings(self.env.cr, BOARD_QUERY_SETTINGS):
            return super()._read_group(
                domain, groupby, aggregates, having=having, offset=offset, limit=limit, order=order
            )

    @api.model
    def _read_grouping_sets(self, domain, grouping_sets, aggregates=(), order=None):
        with forecast_query_settings(self.env.cr, BOARD_QUERY_SETTINGS):
            return super()._read_grouping_sets(domain, grouping_sets, aggregates, order=order)

    @api.model
    def _domain_periods(self, domain):
        """The periods the top-level conditions of ``domain`` on ``period_id`` or ``period_state`` allow, or None
        when it has none (one small query)."""
        domain = Domain(domain)
        conditions = domain.children if isinstance(domain, DomainAnd) else [domain]
        period_domain = []
        for condition in conditions:
            if not isinstance(condition, DomainCondition) or condition.operator not in ("=", "in"):
                continue
            values = condition.value if condition.operator == "in" else [condition.value]
            if condition.field_expr == "period_state":
                period_domain.append(("state", "in", list(values)))
            elif condition.field_expr == "period_id" and all(isinstance(v, int) for v in values):
                period_domain.append(("id", "in", list(values)))
        if not period_domain:
            return None
        # sudo: this only narrows what the query reads; the board's rows are still restricted by its record rules
        return self.env["crm.forecast.period"].sudo().with_context(active_test=False).search(period_domain)

    @api.model
    def _period_bounds_sql(self, scope):
        """The periods ``scope`` (an SQL condition on ``crm_forecast_period``) allows, by company, as the constants of
        the board's query: each company's period ids, starts and ends by start (a deal's period is found by
        ``width_bucket`` on its day), the current period and its start (``CURRENT_DATE``, the query's own today),
        and the first start and last end. Constants, not a join: the hash join of every deal with its company's
        period arrays cost the board's query 40 to 70 ms on the bench (100,440 open deals, 2026-12-07: 0.45 s to
        0.41 s and 0.39 s to 0.32 s, medians of 21 and 15 runs). One small query; the periods of every company, as
        the board's rows are filtered by its record rules afterwards."""
        # the periods' pending writes first: this query is read while the board's is built, before its own flush
        self.env["crm.forecast.period"].flush_model(["company_id", "date_from", "date_to"])
        rows = self.env.execute_query(
            SQL(
                """SELECT company_id, id, date_from, date_to, CURRENT_DATE BETWEEN date_from AND date_to
                     FROM crm_forecast_period WHERE %s ORDER BY company_id, date_from, id""",
                scope,
            )
        )
        by_company = {}
        for company_id, period_id, date_from, date_to, is_current in rows:
            bounds = by_company.setdefault(
                company_id, {"ids": [], "starts": [], "ends": [], "current_id": None, "current_from": None}
            )
            bounds["ids"].append(period_id)
            bounds["starts"].append(date_from)
            bounds["ends"].append(date_to)
            if is_current:
                bounds["current_id"], bounds["current_from"] = period_id, date_from

        def by_lead_company(value, type_):
            """``value(bounds)`` of the deal's company (``lead`` alias), typed ``type_``"""
            if not by_company:
                return SQL("NULL::%s", SQL(type_))
            return SQL(
                "CASE lead.company_id %s END",
                SQL(" ").join(
                    SQL("WHEN %s THEN %s::%s", company_id, value(bounds), SQL(type_))
                    for company_id, bounds in by_company.items()
                ),
            )

        return {
            "in_companies": SQL("lead.company_id IN %s", tuple(by_company)) if by_company else SQL("FALSE"),
            "ids": by_lead_company(lambda bounds: bounds["ids"], "int4[]"),
            "starts": by_lead_company(lambda bounds: bounds["starts"], "date[]"),
            "ends": by_lead_company(lambda bounds: bounds["ends"], "date[]"),
            "current_id": by_lead_company(lambda bounds: bounds["current_id"], "int4"),
            "current_from": by_lead_company(lambda bounds: bounds["current_from"], "date"),
            "last_end": by_lead_company(lambda bounds: bounds["ends"][-1], "date"),
            "first_start": by_lead_company(lambda bounds: bounds["starts"][0], "date"),
            "has_current": by_lead_company(lambda bounds: bounds["current_id"] is not None, "bool"),
        }

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_deals(self):
        """The deals behind the row (as the board counts them)."""
        self.ensure_one()
        period = self.period_id
        owner = {"rep": ("user_id", self.user_id), "team": ("team_id", self.team_id)}.get(self.row_type)
        domain = period._deal_domain()
        if owner:
            domain &= Domain(owner[0], "=", owner[1].id)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Deals of %(row)s, %(period)s",
                row=(self.user_id or self.team_id or self.company_id).name,
                period=period.name,
            ),
            "res_model": "crm.lead",
            "view_mode": "list,kanban,form",
            "domain": list(domain),
            "context": {"search_default_group_by_forecast_category": 1},
        }

    def action_open_review_board(self):
        """The funnel review board (deal health), for the deals behind the forecast."""
        return self.env["ir.actions.act_window"]._for_xml_id("sales_ecosystem.crm_lead_action_review_board")
