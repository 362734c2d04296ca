# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from contextlib import contextmanager

import psycopg2

from odoo import api, fields, models
from odoo.tools import SQL

from .crm_deal_health_signal import HEALTH_STATUSES
from .crm_icp_profile import ICP_TIERS

GATE_BANDS = [("low", "Below 34 %"), ("mid", "34-66 %"), ("high", "67 % and more")]
AGE_BANDS = [("fresh", "Under 15 days"), ("month", "15-44 days"), ("old", "45 days and more")]
#: the cell of a deal: what the projection groups the company's history by
CELL_FIELDS = ("stage_id", "health_status", "gate_band", "icp_tier", "age_band")
#: the snapshot fields the period's cells (crm.forecast.fit.cell) count
FIT_CELL_SOURCE_FIELDS = ("period_id", *CELL_FIELDS, "is_won")


#: the planner settings of the forecast's aggregate queries (``forecast_query_settings``)
FORECAST_QUERY_SETTINGS = {"jit": "off", "enable_mergejoin": "off"}


@contextmanager
def forecast_query_settings(cr, settings=None):
    """Run the forecast's aggregate queries (the board, the fit, the projection) with ``settings`` (by default
    ``FORECAST_QUERY_SETTINGS``, or the board's ``BOARD_QUERY_SETTINGS`` that add to them), and give the settings
    back afterwards (``SET LOCAL``: this transaction only, no other query runs with them).

    Measured on the bench (100,000 open deals, the board of every rep; 2026-12-07):

    - ``jit = off``: JIT compiles the board's 330 expressions in 0.15 to 0.9 s, more than the query then takes
      to run; the scan and the sums gain nothing from it at this size;
    - ``enable_mergejoin = off``: the planner, which cannot know how many deals fall in the periods, sorts them to
      merge-join them with the projection's cells and re-reads the cells of each deal's stage for every deal (half
      a million rows compared); hashed, the join costs a few ms. The query: 0.46 to 0.56 s instead of 0.76 s (medians of 5).

    A query that fails leaves nothing to give back: its transaction, or the savepoint around it, is rolled back,
    and the settings with it. Nested blocks set them once."""
    settings = settings or FORECAST_QUERY_SETTINGS
    names = list(settings)
    cr.execute(
        SQL(
            "SELECT %s, %s",
            SQL(", ").join(SQL("current_setting(%s)", name) for name in names),
            SQL(", ").join(SQL("set_config(%s, %s, true)", name, settings[name]) for name in names),
        )
    )
    previous = dict(zip(names, cr.fetchone()[: len(names)], strict=True))
    if previous == settings:
        yield
        return
    restore = True
    try:
        yield
    except psycopg2.Error:
        restore = False
        raise
    finally:
        if restore:
            cr.execute(
                SQL(
                    "SELECT %s",
                    SQL(", ").join(
                        SQL("set_config(%s, %s, true)", name, value) for name, value in previous.items()
                    ),
                )
            )


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


#: the columns of the projection's fit (``_projection_sql``'s CTEs), with their SQL types
FIT_CELL_COLUMNS = (
    ("company_id", "int4"),
    ("stage_id", "int4"),
    ("health", "text"),
    ("gate", "text"),
    ("icp", "text"),
    ("age", "text"),
    ("won", "int8"),
    ("n", "int8"),
)
FIT_STAGE_COLUMNS = (("company_id", "int4"), ("stage_id", "int4"), ("rate", "float8"))


def _values_sql(alias, columns, rows):
    """``rows`` as a FROM item named ``alias`` with ``columns`` (name, SQL type), typed values (no row: none)."""
    names = SQL(", ").join(SQL.identifier(name) for name, _type in columns)
    if not rows:
        empty = SQL(", ").join(SQL("NULL::%s", SQL(type_)) for _name, type_ in columns)
        return SQL("(SELECT %s WHERE FALSE) AS %s(%s)", empty, SQL.identifier(alias), names)
    values = SQL(", ").join(
        SQL(
            "(%s)",
            SQL(", ").join(
                SQL("%s::%s", value, SQL(type_)) for value, (_name, type_) in zip(row, columns, strict=True)
            ),
        )
        for row in rows
    )
    return SQL("(VALUES %s) AS %s(%s)", values, SQL.identifier(alias), names)


def _cell_sql(lead, now):
    """SQL expressions of a deal's cell columns (``lead``: the crm_lead alias), comma-separated."""
    return SQL(", ").join(_cell_columns(lead, now))


def _cell_select(lead, now):
    """A deal's cell as the projection joins it to the history: ``c_stage, c_health, c_gate, c_icp, c_age``."""
    names = ("c_stage", "c_health", "c_gate", "c_icp", "c_age")
    # the blank of a column that may be NULL (the fit's rows have blanks: a join cannot match NULLs); the bands are
    # never NULL
    blanks = (SQL("0"), SQL("''"), None, SQL("''"), None)
    return SQL(", ").join(
        SQL("COALESCE(%s, %s) AS %s", column, blank, SQL.identifier(name))
        if blank is not None
        else SQL("%s AS %s", column, SQL.identifier(name))
        for column, blank, name in zip(_cell_columns(lead, now), blanks, names, strict=True)
    )


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
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        snapshots = super().create(vals_list)
        self._refresh_fit_cells(snapshots.period_id)
        return snapshots

    def write(self, vals):
        counted = set(vals) & set(FIT_CELL_SOURCE_FIELDS)
        periods = self.period_id if counted else self.env["crm.forecast.period"]
        result = super().write(vals)
        if counted:
            self._refresh_fit_cells(periods | self.period_id)
        return result

    def unlink(self):
        periods = self.period_id
        result = super().unlink()
        self._refresh_fit_cells(periods.exists())
        return result

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _refresh_fit_cells(self, periods):
        """Count ``periods``' snapshots per cell again (``crm.forecast.fit.cell``): one DELETE and one INSERT
        whatever the numbers of periods and snapshots. The one place the cells are written."""
        if not periods:
            return
        self.flush_model(FIT_CELL_SOURCE_FIELDS)
        ids = tuple(periods.ids)
        self.env.cr.execute(SQL("DELETE FROM crm_forecast_fit_cell WHERE period_id IN %s", ids))
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_forecast_fit_cell
                       (period_id, stage_id, health_status, gate_band, icp_tier, age_band, won_count, deal_count)
                SELECT period_id, stage_id, health_status, gate_band, icp_tier, age_band,
                       COUNT(*) FILTER (WHERE is_won), COUNT(*)
                  FROM crm_forecast_snapshot
                 WHERE period_id IN %s
                 GROUP BY period_id, stage_id, health_status, gate_band, icp_tier, age_band
                """,
                ids,
            )
        )
        self.env["crm.forecast.fit.cell"].invalidate_model()

    @api.model
    def _take(self, periods):
        """Snapshot the open opportunities of each period's company expected to close by its end, in one INSERT per
        period whatever the number of deals (a period is snapshot once). Returns the number of rows."""
        count = 0
        taken = self.env["crm.forecast.period"]
        self.env["crm.lead"].flush_model()
        for period in periods:
            if self.search_count([("period_id", "=", period.id)], limit=1):
                continue
            taken |= period
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
        self._refresh_fit_cells(taken)
        return count

    @api.model
    def _record_outcomes(self, periods):
        """When periods close: which snapshot deals were won within them (``crm.forecast.period._won_domain``, the
        one definition; archived deals included), one UPDATE per period."""
        # sudo: the history is the company's, whatever the closing manager may read
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        Lead.flush_model(["type", "company_id", "won_status", "date_closed"])
        self.flush_model(["period_id", "lead_id"])
        for period in periods:
            won = Lead._search(period._won_domain())
            self.env.cr.execute(
                SQL(
                    "UPDATE crm_forecast_snapshot SET is_won = true WHERE period_id = %s AND lead_id IN %s",
                    period.id,
                    won.subselect(),
                )
            )
        self.invalidate_model(["is_won"])
        self._refresh_fit_cells(periods)

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
    def _projection_sql(self, deal, company=None, fit=None):
        """The projection in SQL, its one definition (the forecast board and ``_project`` both use it). Returns
        ``(ctes, joins, chance, sample)``:

        - ``ctes``: ``fit_cell`` (per company and cell: won, n) and ``fit_stage`` (per company and stage: the won
          rate) over the snapshots of the closed periods of the last N months (Settings), of ``company`` if given,
          as their cells count them (``crm.forecast.fit.cell``);
        - ``joins``: the LEFT JOINs of the deal rows ``deal`` (an alias with ``company_id`` and ``_cell_select``'s
          columns) to their cell (``fc``) and stage (``fs``): to the CTEs, or, given ``fit`` (``_projection_fit``:
          those CTEs' rows, evaluated once), to those rows as lists of values, which the planner knows the size of
          and hashes (a CTE's row estimate can make it merge-join every deal with a re-scan of the cells);
        - ``chance``: each deal's chance to be won in the period, empirical Bayes: the cell's rate shrunk towards its
          stage's, ``(won + k * stage rate) / (n + k)`` (k in Settings), the stage's own rate when the cell has no
          history, 0 when the stage has none;
        - ``sample``: the number of historical deals in the deal's cell."""
        months, k = self._projection_settings()
        deal = SQL.identifier(deal)
        ctes = SQL(
            """
            fit_cell AS (
                SELECT p.company_id, COALESCE(c.stage_id, 0) AS stage_id, COALESCE(c.health_status, '') AS health,
                       COALESCE(c.gate_band, '') AS gate, COALESCE(c.icp_tier, '') AS icp,
                       COALESCE(c.age_band, '') AS age, SUM(c.won_count)::int8 AS won, SUM(c.deal_count)::int8 AS n
                  FROM crm_forecast_fit_cell c JOIN crm_forecast_period p ON p.id = c.period_id
                 WHERE p.state = 'closed' AND p.date_to >= CURRENT_DATE - make_interval(months => %(months)s)
                   AND %(company)s
                 GROUP BY 1, 2, 3, 4, 5, 6
            ),
            fit_stage AS (
                SELECT company_id, stage_id, SUM(won)::float8 / NULLIF(SUM(n), 0) AS rate
                  FROM fit_cell GROUP BY 1, 2
            )""",
            months=months,
            company=SQL("p.company_id = %s", company.id) if company else SQL("TRUE"),
        )
        if fit is None:
            cells, stages = SQL("fit_cell fc"), SQL("fit_stage fs")
        else:
            cells = _values_sql("fc", FIT_CELL_COLUMNS, fit[0])
            stages = _values_sql("fs", FIT_STAGE_COLUMNS, fit[1])
        joins = SQL(
            """LEFT JOIN %(cells)s
                      ON fc.company_id = %(deal)s.company_id AND fc.stage_id = %(deal)s.c_stage
                     AND fc.health = %(deal)s.c_health AND fc.gate = %(deal)s.c_gate AND fc.icp = %(deal)s.c_icp
                     AND fc.age = %(deal)s.c_age
               LEFT JOIN %(stages)s ON fs.company_id = %(deal)s.company_id AND fs.stage_id = %(deal)s.c_stage""",
            deal=deal,
            cells=cells,
            stages=stages,
        )
        chance = SQL(
            """CASE WHEN COALESCE(fc.n, 0) + %(k)s > 0
                    THEN (COALESCE(fc.won, 0) + %(k)s * COALESCE(fs.rate, 0)) / (COALESCE(fc.n, 0) + %(k)s)
                    ELSE COALESCE(fs.rate, 0) END""",
            k=k,
        )
        return ctes, joins, chance, SQL("COALESCE(fc.n, 0)")

    @api.model
    def _projection_fit(self, company=None):
        """The fit of ``_projection_sql`` (its CTEs) evaluated once, in one query: ``(cells, stages)``, the rows of
        ``fit_cell`` and of ``fit_stage`` as ``FIT_CELL_COLUMNS`` and ``FIT_STAGE_COLUMNS`` name them."""
        self.flush_model()
        self.env["crm.forecast.period"].flush_model(["state", "date_to", "company_id"])
        ctes = self._projection_sql("deal", company)[0]
        with forecast_query_settings(self.env.cr):
            rows = self.env.execute_query(
                SQL(
                    """WITH %s
                       SELECT FALSE, company_id, stage_id, health, gate, icp, age, won, n, NULL::float8 FROM fit_cell
                        UNION ALL
                       SELECT TRUE, company_id, stage_id, NULL, NULL, NULL, NULL, NULL, NULL, rate FROM fit_stage""",
                    ctes,
                )
            )
        return (
            [row[1:9] for row in rows if not row[0]],
            [(row[1], row[2], row[9]) for row in rows if row[0]],
        )

    @api.model
    def _project(self, company, leads_sql_where):
        """Each open deal's chance to be won in the period (``_projection_sql``), calibrated on ``company``'s
        history. ``leads_sql_where``: an SQL condition on ``lead``. Returns ``[(lead id, user id, team id, amount,
        chance, sample size)]``, one query."""
        self.flush_model()
        self.env["crm.forecast.period"].flush_model(["state", "date_to", "company_id"])
        self.env["crm.lead"].flush_model()
        ctes, joins, chance, sample = self._projection_sql("deal", company)
        with forecast_query_settings(self.env.cr):
            return self.env.execute_query(
                SQL(
                    """WITH %(ctes)s,
                            deal AS (SELECT lead.id, lead.company_id, lead.user_id, lead.team_id, lead.expected_revenue,
                                            %(cell)s
                                       FROM crm_lead lead WHERE %(where)s)
                       SELECT deal.id, deal.user_id, deal.team_id, COALESCE(deal.expected_revenue, 0), %(chance)s,
                              %(sample)s
                         FROM deal %(joins)s
                        ORDER BY deal.id""",
                    ctes=ctes,
                    cell=_cell_select("lead", self.env.cr.now()),
                    where=leads_sql_where,
                    chance=chance,
                    sample=sample,
                    joins=joins,
                )
            )
