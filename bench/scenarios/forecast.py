# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Forecasting (issue 17): the forecast board over the bench's open deals vs Odoo's own Forecast view read, and
the projection's fit over the closed deals.

Data (in the scenario's transaction, rolled back at the end): forecasting switched on (Settings: every opportunity
gets its stage's category in one UPDATE; Qualified is Best Case, Proposition Commit); the generator sets no
expected closing date, so the open opportunities get one spread over the last month to five months ahead and the
closed ones (won and lost) a closing date spread over the last twelve months (SQL, deterministic by id); monthly
periods of the deals' company from twelve months back to six ahead, the past twelve closed, with the history the
projection is calibrated on: every closed deal snapshot (its cell: stage, health, gate band, ICP tier, age band)
in the month it closed; a quota per rep per open period; every rep's call for the current period (its deals frozen;
submitted on the rep's behalf, as a manager may; reported as a measurement), each team's leader (or the administrator) the team's, with an
adjustment.

Measured, interleaved (A B A B ...), as the Sales Ecosystem administrator (the sales director):

- ``board`` — ``web_search_read`` of the forecast board as its action opens it (open periods, salesperson rows)
  with the list view's fields, every row (no limit): every rep of every open period, the projection included;
- ``odoo forecast`` — Odoo's Forecast view read on the same data: ``formatted_read_group`` of the opportunities
  (with its "Upcoming Closings" filter: no expected closing date, or from the current month on) by
  ``date_deadline:month`` with ``prorated_revenue:sum`` and the count, as crm's Forecast action issues it.
  Goal: board <= 1.5 x odoo forecast.

Also: ``board (current period)``, the weekly review's board (the current period's rep, team and company rows);
``fit`` — the projection's fit over the closed deals' history from scratch: the closed periods' snapshots counted
per cell (``crm.forecast.snapshot._refresh_fit_cells``, what closing a period does), then summed
(``_projection_sql``'s ``fit_cell``), goal <= 2 s; ``fit read``, the sum alone, as each board read runs it;
``projection (current period)`` — the fit applied to the current period's open deals (``_projection_rows``, the rep
call's projection; the board joins the same SQL in its own query). Query counts at
two sizes: the board read again with all but ``sizes["leads"][0]`` open deals archived (a savepoint rolled back):
the queries must not change.
"""

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tools import SQL

HISTORY_MONTHS = 12
AHEAD_MONTHS = 6


def _prepare(env):
    """The data the scenario measures on (see the module docstring). Returns (company, current period, reps)."""
    cr = env.cr
    env.ref("crm.stage_lead2").forecast_category = "best_case"
    env.ref("crm.stage_lead3").forecast_category = "commit"
    env["res.config.settings"].create(
        {"group_se_forecast": True, "se_forecast_period_type": "month"}
    ).execute()
    env.flush_all()
    today = fields.Date.context_today(env["res.users"])
    cr.execute(
        """UPDATE crm_lead SET date_deadline = CURRENT_DATE - 30 + (id % 180)
            WHERE type = 'opportunity' AND won_status = 'pending'"""
    )
    cr.execute(
        """UPDATE crm_lead SET date_closed = NOW() - make_interval(days => 1 + (id % 360)),
                               date_deadline = (NOW() - make_interval(days => 1 + (id % 360)))::date
            WHERE type = 'opportunity' AND won_status IN ('won', 'lost')"""
    )
    env.invalidate_all()
    cr.execute(
        """SELECT company_id FROM crm_lead WHERE type = 'opportunity' AND won_status = 'pending'
            GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"""
    )
    company = env["res.company"].browse(cr.fetchone()[0])
    Period = env["crm.forecast.period"]
    Period.search([("company_id", "=", company.id)]).unlink()
    start = today.replace(day=1) - relativedelta(months=HISTORY_MONTHS)
    periods = Period._generate(company, day=start, count=HISTORY_MONTHS + 1 + AHEAD_MONTHS)
    past = periods.filtered(lambda p: p.date_to < today)
    past.write({"state": "closed"})
    current = periods.filtered(lambda p: p.date_from <= today <= p.date_to)
    env.flush_all()
    # the history: every closed deal as it stood, in the month it closed (one INSERT)
    from odoo.addons.sales_ecosystem.models.crm_forecast_snapshot import _cell_sql  # noqa: PLC0415

    cr.execute(
        SQL(
            """
            INSERT INTO crm_forecast_snapshot
                   (period_id, lead_id, user_id, team_id, company_id, stage_id, health_status, gate_band,
                    icp_tier, age_band, amount, prorated_amount, is_won, create_uid, write_uid, create_date,
                    write_date)
            SELECT p.id, lead.id, lead.user_id, lead.team_id, lead.company_id, %(cell)s, lead.expected_revenue,
                   lead.expected_revenue * COALESCE(lead.probability, 0) / 100, lead.won_status = 'won',
                   1, 1, NOW(), NOW()
              FROM crm_lead lead
              JOIN crm_forecast_period p ON p.company_id = lead.company_id AND p.state = 'closed'
               AND lead.date_closed >= p.date_from AND lead.date_closed < p.date_to + 1
             WHERE lead.type = 'opportunity' AND lead.won_status IN ('won', 'lost')
            """,
            cell=_cell_sql("lead", cr.now()),
        )
    )
    env["crm.forecast.snapshot"].invalidate_model()
    # counted per cell, as the addon's own SQL (_take, _record_outcomes) leaves them
    env["crm.forecast.snapshot"]._refresh_fit_cells(past)
    reps = env["res.users"].search([("login", "=like", "bench_rep_%"), ("company_ids", "in", company.ids)])
    open_periods = periods - past
    env["crm.forecast.quota"].create(
        [{"period_id": p.id, "user_id": rep.id, "amount": 500000} for p in open_periods for rep in reps]
    )
    return company, current, reps, past


def _board_spec(Board):
    from bench.scenarios.reads import _list_spec  # noqa: PLC0415

    return _list_spec(Board)


def run(env, measure, sizes):
    company, current, reps, past = _prepare(env)
    Call = env["crm.forecast.call"]

    def submit_calls():
        for rep in reps:
            # on the rep's behalf (a manager may)
            Call.create({"period_id": current.id, "user_id": rep.id, "comment": "bench"})
        for team in reps.sale_team_id:
            leader = team.user_id
            if not (leader and leader.has_group("sales_ecosystem.group_sales_ecosystem_manager")):
                leader = env.ref("base.user_admin")
            Call.with_user(leader).create(
                {
                    "period_id": current.id,
                    "call_level": "team",
                    "team_id": team.id,
                    "adjustment_commit": -1000,
                    "adjustment_note": "bench",
                }
            )

    calls = measure(f"calls: every rep submits (deals frozen)@{len(reps)}", submit_calls, repeat=1)
    env.flush_all()
    lines = env["crm.forecast.call.line"].search_count([("call_id.period_id", "=", current.id)])

    director = env.ref("base.user_admin")
    Board = env["crm.forecast.board"].with_user(director).with_company(company)
    Lead = env["crm.lead"].with_user(director).with_company(company)
    spec = _board_spec(Board)
    board_domain = [("period_state", "=", "open"), ("row_type", "=", "rep")]
    forecast_start = fields.Date.context_today(Lead).replace(day=1)
    forecast_domain = [
        ("type", "=", "opportunity"),
        "|",
        ("date_deadline", "=", False),
        ("date_deadline", ">=", forecast_start),
    ]
    open_count = env["crm.lead"].search_count(
        [("type", "=", "opportunity"), ("won_status", "=", "pending"), ("company_id", "=", company.id)]
    )

    def board_read():
        return Board.web_search_read(board_domain, spec)

    def odoo_forecast():
        return Lead.formatted_read_group(
            forecast_domain, ["date_deadline:month"], ["prorated_revenue:sum", "__count"]
        )

    results = measure.interleave(
        {
            f"board (open periods, every rep)@{open_count}": (board_read, None),
            f"odoo forecast (read_group by month)@{open_count}": (odoo_forecast, None),
        },
        repeat=5,
    )
    board, odoo = results.values()
    rows = board_read()["length"]
    weekly = measure(
        f"board (current period: reps, teams, company)@{open_count}",
        lambda: Board.web_search_read([("period_id", "=", current.id)], spec),
        repeat=5,
    )
    Snapshot = env["crm.forecast.snapshot"]
    history = Snapshot.search_count([("period_id", "in", past.ids)])
    ctes = Snapshot._projection_sql("deal", company)[0]

    def fit_history():
        # the whole fit from the snapshots: the closed periods' snapshots counted per cell (what closing a period
        # does, crm.forecast.snapshot._refresh_fit_cells), then the cells summed (what the board and the call's
        # projection read, _projection_sql's fit_cell, its one definition)
        Snapshot._refresh_fit_cells(past)
        env.cr.execute(SQL("WITH %s SELECT COUNT(*), SUM(n) FROM fit_cell", ctes))
        return env.cr.fetchall()

    def fit_read():
        env.cr.execute(SQL("WITH %s SELECT COUNT(*), SUM(n) FROM fit_cell", ctes))
        return env.cr.fetchall()

    fit = measure(f"fit (closed deals' history)@{history}", fit_history, repeat=5)
    fit_cells = measure(f"fit read (the cells summed, as each board read)@{history}", fit_read, repeat=5)
    projection = measure(
        f"projection (current period's open deals)@{open_count}",
        lambda: current._projection_rows(),
        repeat=3,
    )

    # queries at two sizes: the same read with all but the smaller size of open deals archived
    small_size = sizes["leads"][0]
    env.flush_all()
    env.cr.execute("SAVEPOINT forecast_small")
    env.cr.execute(
        """UPDATE crm_lead SET active = false
            WHERE type = 'opportunity' AND won_status = 'pending' AND company_id = %s
              AND id NOT IN (SELECT id FROM crm_lead WHERE type = 'opportunity' AND won_status = 'pending'
                              AND company_id = %s ORDER BY id LIMIT %s)""",
        [company.id, company.id, small_size],
    )
    env.invalidate_all()
    small_open = env["crm.lead"].search_count(
        [("type", "=", "opportunity"), ("won_status", "=", "pending"), ("company_id", "=", company.id)]
    )
    small = measure(f"board (open periods, every rep)@{small_open}", board_read, repeat=3)
    env.cr.execute("ROLLBACK TO SAVEPOINT forecast_small")
    env.invalidate_all()

    ratio = board["median"] / odoo["median"] if odoo["median"] else None
    return [
        {"label": "open opportunities (company of the board)", "value": open_count},
        {"label": "board rows read (open periods, reps)", "value": rows},
        {
            "label": "calls: reps, deals frozen, seconds",
            "value": f"{len(reps)}, {lines}, {calls['median']:.2f}",
        },
        {
            "label": "board / odoo forecast (goal <= 1.5)",
            "value": f"{ratio:.2f} ({board['median']:.3f} s vs {odoo['median']:.3f} s) -> "
            f"{'OK' if ratio is not None and ratio <= 1.5 else 'OVER'}",
        },
        {
            "label": "fit over the closed deals (goal <= 2 s)",
            "value": f"{fit['median']:.3f} s over {history} deals -> {'OK' if fit['median'] <= 2 else 'OVER'}",
        },
        {
            "label": "fit read by each board read (the cells summed), seconds",
            "value": round(fit_cells["median"], 4),
        },
        {"label": "projection of the current period, seconds", "value": round(projection["median"], 3)},
        {"label": "weekly board (current period), seconds", "value": round(weekly["median"], 3)},
        {
            "label": "board queries at two sizes (goal: equal)",
            "value": f"{small['queries']} at {small_open} open deals, {board['queries']} at {open_count} -> "
            f"{'OK' if small['queries'] == board['queries'] else 'DIFFERENT'}",
        },
    ]
