# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.tools import SQL

from .crm_forecast_snapshot import _cell_columns

ROW_TYPES = [("rep", "Salesperson"), ("team", "Team"), ("company", "Company")]


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

        The projection is computed here too, in the same query: crm.forecast.snapshot._project's estimate in SQL,
        the company's history of the last N months (fit_cell, fit_stage) joined to each open deal's cell."""
        months, shrinkage = self.env["crm.forecast.snapshot"]._projection_settings()
        cell = _cell_columns("lead", SQL("NOW()"))
        return SQL(
            """
            WITH fit_cell AS (
                SELECT p.company_id, COALESCE(s.stage_id, 0) AS stage_id, COALESCE(s.health_status, '') AS health,
                       COALESCE(s.gate_band, '') AS gate, COALESCE(s.icp_tier, '') AS icp,
                       COALESCE(s.age_band, '') AS age, COUNT(*) FILTER (WHERE s.is_won) AS won, COUNT(*) AS n
                  FROM crm_forecast_snapshot s JOIN crm_forecast_period p ON p.id = s.period_id
                 WHERE p.state = 'closed' AND p.date_to >= CURRENT_DATE - make_interval(months => %(months)s)
                 GROUP BY 1, 2, 3, 4, 5, 6
            ),
            fit_stage AS (
                SELECT company_id, stage_id, SUM(won)::float8 / NULLIF(SUM(n), 0) AS rate
                  FROM fit_cell GROUP BY 1, 2
            ),
            deal_cell AS (
                SELECT p.id AS period_id, lead.company_id, lead.user_id, lead.team_id, lead.won_status,
                       lead.forecast_category, lead.expected_revenue, lead.probability,
                       COALESCE(%(stage)s, 0) AS c_stage, COALESCE(%(health)s, '') AS c_health,
                       COALESCE(%(gate)s, '') AS c_gate, COALESCE(%(icp)s, '') AS c_icp,
                       COALESCE(%(age)s, '') AS c_age
                  FROM crm_forecast_period p
                  JOIN crm_lead lead
                    ON lead.company_id = p.company_id AND lead.active AND lead.type = 'opportunity'
                   AND (
                        (lead.won_status = 'won' AND lead.date_closed >= p.date_from
                         AND lead.date_closed < p.date_to + 1)
                     OR (lead.won_status = 'pending' AND lead.date_deadline <= p.date_to
                         AND (lead.date_deadline >= p.date_from
                              OR CURRENT_DATE BETWEEN p.date_from AND p.date_to))
                   )
            ),
            deal AS (
                SELECT d.period_id, d.user_id, d.team_id,
                       CASE WHEN d.won_status = 'won' THEN d.expected_revenue ELSE 0 END AS won,
                       CASE WHEN d.won_status = 'pending' AND d.forecast_category = 'commit'
                            THEN d.expected_revenue ELSE 0 END AS commit_open,
                       CASE WHEN d.won_status = 'pending' AND d.forecast_category = 'best_case'
                            THEN d.expected_revenue ELSE 0 END AS best_open,
                       CASE WHEN d.won_status = 'pending' AND d.forecast_category = 'pipeline'
                            THEN d.expected_revenue ELSE 0 END AS pipe_open,
                       CASE WHEN d.won_status = 'won' THEN d.expected_revenue
                            ELSE d.expected_revenue * COALESCE(d.probability, 0) / 100 END AS prorated,
                       CASE WHEN d.won_status = 'pending' THEN COALESCE(d.expected_revenue, 0) * (
                            CASE WHEN COALESCE(fc.n, 0) + %(k)s > 0
                                 THEN (COALESCE(fc.won, 0) + %(k)s * COALESCE(fs.rate, 0))
                                      / (COALESCE(fc.n, 0) + %(k)s)
                                 ELSE COALESCE(fs.rate, 0) END) ELSE 0 END AS projected,
                       CASE WHEN d.won_status = 'pending' THEN COALESCE(fc.n, 0) ELSE 0 END AS sample
                  FROM deal_cell d
             LEFT JOIN fit_cell fc
                    ON fc.company_id = d.company_id AND fc.stage_id = d.c_stage AND fc.health = d.c_health
                   AND fc.gate = d.c_gate AND fc.icp = d.c_icp AND fc.age = d.c_age
             LEFT JOIN fit_stage fs ON fs.company_id = d.company_id AND fs.stage_id = d.c_stage
            ),
            by_rep AS (
                SELECT period_id, user_id, SUM(won) AS won, SUM(commit_open) AS commit_open,
                       SUM(best_open) AS best_open, SUM(pipe_open) AS pipe_open, SUM(prorated) AS prorated,
                       SUM(projected) AS projected, SUM(sample) AS sample, COUNT(*) AS deal_count
                  FROM deal WHERE user_id IS NOT NULL GROUP BY period_id, user_id
            ),
            by_team AS (
                SELECT period_id, team_id, SUM(won) AS won, SUM(commit_open) AS commit_open,
                       SUM(best_open) AS best_open, SUM(pipe_open) AS pipe_open, SUM(prorated) AS prorated,
                       SUM(projected) AS projected, SUM(sample) AS sample, COUNT(*) AS deal_count
                  FROM deal WHERE team_id IS NOT NULL GROUP BY period_id, team_id
            ),
            by_company AS (
                SELECT period_id, SUM(won) AS won, SUM(commit_open) AS commit_open,
                       SUM(best_open) AS best_open, SUM(pipe_open) AS pipe_open, SUM(prorated) AS prorated,
                       SUM(projected) AS projected, SUM(sample) AS sample, COUNT(*) AS deal_count
                  FROM deal GROUP BY period_id
            ),
            company_call AS (
                -- the roll-up of crm.forecast.period._forecast_rollup: the teams' latest (adjusted) calls, the
                -- latest calls of reps whose team has none, and of reps without a team
                SELECT c.period_id, SUM(c.commit_amount) AS commit_amount,
                       SUM(c.best_case_amount) AS best_case_amount,
                       SUM(CASE WHEN c.call_level = 'team' THEN c.adjustment_commit END) AS adjustment_commit
                  FROM crm_forecast_call c
                 WHERE c.is_latest AND c.period_id IS NOT NULL
                   AND (c.call_level = 'team'
                        OR NOT EXISTS (SELECT 1 FROM crm_forecast_call t
                                        WHERE t.is_latest AND t.call_level = 'team'
                                          AND t.period_id = c.period_id AND t.team_id = c.team_id))
                 GROUP BY c.period_id
            ),
            company_quota AS (
                SELECT period_id, SUM(amount) AS amount
                  FROM crm_forecast_quota WHERE team_id IS NOT NULL GROUP BY period_id
            ),
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
                       a.projected, a.sample, NULL, cc.commit_amount, cc.best_case_amount, cc.adjustment_commit,
                       CASE WHEN p.state = 'closed' AND cc.period_id IS NOT NULL THEN
                            CASE WHEN COALESCE(a.won, 0) = 0
                                 THEN CASE WHEN cc.commit_amount = 0 THEN 100 ELSE 0 END
                                 ELSE GREATEST(0, 100 - ABS(cc.commit_amount - a.won) * 100 / a.won) END
                       END::float8,
                       CASE WHEN p.state = 'closed' AND cc.period_id IS NOT NULL THEN
                            CASE WHEN COALESCE(a.won, 0) = 0
                                 THEN CASE WHEN cc.commit_amount = 0 THEN 0 ELSE 100 END
                                 ELSE (cc.commit_amount - a.won) * 100 / a.won END
                       END::float8,
                       NULL::float8, NULL::float8
                  FROM crm_forecast_period p
             LEFT JOIN by_company a ON a.period_id = p.id
             LEFT JOIN company_call cc ON cc.period_id = p.id
             LEFT JOIN company_quota q ON q.period_id = p.id
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
            months=months,
            k=shrinkage,
            stage=cell[0],
            health=cell[1],
            gate=cell[2],
            icp=cell[3],
            age=cell[4],
        )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_deals(self):
        """The deals behind the row (as the board counts them)."""
        self.ensure_one()
        period = self.period_id
        today = fields.Date.context_today(self)
        expected = [("date_deadline", "<=", period.date_to)]
        if not period.date_from <= today <= period.date_to:
            expected.append(("date_deadline", ">=", period.date_from))
        date_to = fields.Datetime.to_datetime(period.date_to) + relativedelta(days=1)
        owner = {"rep": ("user_id", self.user_id), "team": ("team_id", self.team_id)}.get(self.row_type)
        domain = [
            ("type", "=", "opportunity"),
            ("company_id", "=", period.company_id.id),
            *([(owner[0], "=", owner[1].id)] if owner else []),
            "|",
            "&",
            "&",
            ("won_status", "=", "won"),
            ("date_closed", ">=", fields.Datetime.to_datetime(period.date_from)),
            ("date_closed", "<", date_to),
            "&",
            ("won_status", "=", "pending"),
            *(["&"] * (len(expected) - 1)),
            *expected,
        ]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Deals of %(row)s, %(period)s",
                row=(self.user_id or self.team_id or self.company_id).name,
                period=period.name,
            ),
            "res_model": "crm.lead",
            "view_mode": "list,kanban,form",
            "domain": domain,
            "context": {"search_default_group_by_forecast_category": 1},
        }

    def action_open_review_board(self):
        """The funnel review board (deal health), for the deals behind the forecast."""
        return self.env["ir.actions.act_window"]._for_xml_id("sales_ecosystem.crm_lead_action_review_board")
