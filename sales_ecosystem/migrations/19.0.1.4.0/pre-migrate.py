# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.4.0: each deal-health signal is defined once (crm.deal.health.signal), and a deal keeps what its signals
measured (``crm_lead.health_measures``) for the Health tab to explain. The column is created here, empty, before the
ORM sees the new stored computed field: without it the ORM would compute it for every deal at the upgrade (the whole
health re-check of the database). Until a deal is checked again (the nightly cron, a change, 'Re-check'), its Health
tab shows its signals with a hint to re-check.

The strategy, win-rate and funnel reports are SQL queries of their models now (``_table_query``), no longer database
views: the views the previous versions created are dropped. Idempotent."""

from odoo.tools import sql


def migrate(cr, version):
    if not version:
        return
    if not sql.column_exists(cr, "crm_lead", "health_measures"):
        sql.create_column(cr, "crm_lead", "health_measures", "jsonb")
    for view in ("crm_strategy_report", "crm_win_analysis", "crm_funnel_report"):
        sql.drop_view_if_exists(cr, view)
