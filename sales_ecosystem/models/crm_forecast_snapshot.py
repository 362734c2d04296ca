# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .crm_deal_health_signal import HEALTH_STATUSES
from .crm_icp_profile import ICP_TIERS

GATE_BANDS = [("low", "Below 34 %"), ("mid", "34-66 %"), ("high", "67 % and more")]
AGE_BANDS = [("fresh", "Under 15 days"), ("month", "15-44 days"), ("old", "45 days and more")]
#: the cell of a deal: what the projection groups the company's history by
CELL_FIELDS = ("stage_id", "health_status", "gate_band", "icp_tier", "age_band")


def _cell_columns(lead, now):
    """SQL expressions of a deal's cell columns (``lead``: the crm_lead alias): stage, health, gate band, ICP tier,
    age band in stage."""
    lead = SQL.identifier(lead)
    return [
        SQL("%s.stage_id", lead),
        SQL("%s.health_status", lead),
        SQL(
            """CASE WHEN COALESCE(%(lead)s.methodology_score, 0) >= 67 THEN 'high'
                    WHEN COALESCE(%(lead)s.methodology_score, 0) >= 34 THEN 'mid' ELSE 'low' END""",
            lead=lead,
        ),
        SQL("%s.icp_tier", lead),
        SQL(
            """CASE WHEN COALESCE(%(lead)s.date_last_stage_update, %(lead)s.create_date) > %(now)s - interval '15 days'
                    THEN 'fresh'
                    WHEN COALESCE(%(lead)s.date_last_stage_update, %(lead)s.create_date) > %(now)s - interval '45 days'
                    THEN 'month' ELSE 'old' END""",
            lead=lead,
            now=now,
        ),
    ]


def _cell_sql(lead, now):
    """SQL expressions of a deal's cell columns (``lead``: the crm_lead alias), comma-separated."""
    return SQL(", ").join(_cell_columns(lead, now))


class CrmForecastSnapshot(models.Model):
    """An open deal as it stood when a forecast period started (its cell: stage, deal health, gate-completeness
    band, ICP tier, age band in stage), and whether it was won within the period once the period closed: the company's
    own history the projection is calibrated on."""

    _name = "crm.forecast.snapshot"
    _description = "Forecast Pipeline Snapshot"
    _order = "period_id desc, id"

    period_id = fields.Many2one("crm.forecast.period", required=True, index=True, ondelete="cascade")
    lead_id = fields.Many2one("crm.lead", "Deal", index=True, ondelete="set null")
    user_id = fields.Many2one("res.users", "Salesperson", index=True)
    team_id = fields.Many2one("crm.team", "Sales Team")
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    stage_id = fields.Many2one("crm.stage")
    health_status = fields.Selection(HEALTH_STATUSES, "Health")
    gate_band = fields.Selection(GATE_BANDS, "Gate Completeness")
    icp_tier = fields.Selection(ICP_TIERS, "ICP Tier")
    age_band = fields.Selection(AGE_BANDS, "Age in Stage")
    amount = fields.Monetary(currency_field="currency_id")
    prorated_amount = fields.Monetary("Prorated Revenue", currency_field="currency_id")
    is_won = fields.Boolean("Won in the Period")

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _take(self, periods):
        """Snapshot the open opportunities of each period's company expected to close by its end, in one INSERT per
        period whatever the number of deals (a period is snapshot once). Returns the number of rows."""
        count = 0
        self.env["crm.lead"].flush_model()
        for period in periods:
            if self.search_count([("period_id", "=", period.id)], limit=1):
                continue
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO crm_forecast_snapshot
                           (period_id, lead_id, user_id, team_id, company_id, stage_id, health_status, gate_band,
                            icp_tier, age_band, amount, prorated_amount, is_won,
                            create_uid, write_uid, create_date, write_date)
                    SELECT %(period)s, lead.id, lead.user_id, lead.team_id, lead.company_id, %(cell)s,
                           lead.expected_revenue, lead.prorated_revenue, false, %(uid)s, %(uid)s, %(now)s, %(now)s
                      FROM crm_lead lead
                     WHERE lead.company_id = %(company)s AND lead.active AND lead.type = 'opportunity'
                       AND lead.won_status = 'pending' AND lead.date_deadline <= %(date_to)s
                    """,
                    period=period.id,
                    cell=_cell_sql("lead", self.env.cr.now()),
                    uid=self.env.uid,
                    now=self.env.cr.now(),
                    company=period.company_id.id,
                    date_to=period.date_to,
                )
            )
            count += self.env.cr.rowcount
        self.invalidate_model()
        return count

    @api.model
    def _record_outcomes(self, periods):
        """When periods close: which snapshot deals were won within them (one UPDATE)."""
        self.env["crm.lead"].flush_model(["won_status", "date_closed"])
        for period in periods:
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE crm_forecast_snapshot snap SET is_won = true
                      FROM crm_lead lead
                     WHERE snap.period_id = %(period)s AND lead.id = snap.lead_id AND lead.won_status = 'won'
                       AND lead.date_closed >= %(date_from)s AND lead.date_closed < %(date_to)s::date + 1
                    """,
                    period=period.id,
                    date_from=period.date_from,
                    date_to=period.date_to,
                )
            )
        self.invalidate_model(["is_won"])

    @api.model
    def _projection_settings(self):
        """(history months, shrinkage k) of the projection (Settings): the one reading of them, for this Python
        estimate and the forecast board's SQL one."""
        get_setting = self.env["sales.ecosystem.capability"]._get_setting
        return (
            max(1, int(get_setting("forecast_history_months") or 12)),
            float(get_setting("forecast_shrinkage") or 10),
        )

    @api.model
    def _fit(self, company):
        """The company's history of the last N months (Settings): ``({cell: (won, n)}, {stage id: (won, n)})`` over
        the snapshots of its closed periods, two grouped queries."""
        months = self._projection_settings()[0]
        since = fields.Date.context_today(self) - relativedelta(months=months)
        self.flush_model()
        self.env["crm.forecast.period"].flush_model(["state", "date_to", "company_id"])
        where = SQL(
            """FROM crm_forecast_snapshot snap JOIN crm_forecast_period p ON p.id = snap.period_id
               WHERE p.state = 'closed' AND p.company_id = %s AND p.date_to >= %s""",
            company.id,
            since,
        )
        self.env.cr.execute(
            SQL(
                "SELECT snap.stage_id, snap.health_status, snap.gate_band, snap.icp_tier, snap.age_band, "
                "COUNT(*) FILTER (WHERE snap.is_won), COUNT(*) %s GROUP BY 1, 2, 3, 4, 5",
                where,
            )
        )
        cells = {tuple(row[:5]): (row[5], row[6]) for row in self.env.cr.fetchall()}
        stages = defaultdict(lambda: [0, 0])
        for cell, (won, total) in cells.items():
            stages[cell[0]][0] += won
            stages[cell[0]][1] += total
        return cells, {stage: tuple(value) for stage, value in stages.items()}

    @api.model
    def _project(self, company, leads_sql_where):
        """Each open deal's chance to be won in the period, from the fit: empirical Bayes, the cell's rate shrunk
        towards its stage's (``(won + k * stage rate) / (n + k)``, k in Settings), the stage's own rate when the cell
        has no history, 0 when the stage has none. ``leads_sql_where``: an SQL condition on ``lead``.
        Returns ``[(lead id, user id, team id, amount, chance, sample size)]``, one query after the fit."""
        cells, stages = self._fit(company)
        k = self._projection_settings()[1]
        self.env["crm.lead"].flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT lead.id, lead.user_id, lead.team_id, lead.expected_revenue, %s FROM crm_lead lead WHERE %s",
                _cell_sql("lead", self.env.cr.now()),
                leads_sql_where,
            )
        )
        result = []
        for lead_id, user_id, team_id, amount, *cell in self.env.cr.fetchall():
            chance, total = self._chance(tuple(cell), cells, stages, k)
            result.append((lead_id, user_id, team_id, amount or 0.0, chance, total))
        return result

    @api.model
    def _chance(self, cell, cells, stages, k):
        """(chance, sample size) of a deal of ``cell`` from the fit (see ``_project``)."""
        stage_won, stage_n = stages.get(cell[0], (0, 0))
        stage_rate = stage_won / stage_n if stage_n else 0.0
        won, total = cells.get(cell, (0, 0))
        return ((won + k * stage_rate) / (total + k) if total + k else stage_rate), total
