# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.5.0: the projection's fit sums each period's snapshots counted per cell (``crm.forecast.fit.cell``, new)
instead of reading every snapshot. The cells of every period that has snapshots are counted here (one DELETE and one
INSERT, ``crm.forecast.snapshot._refresh_fit_cells``); until then the projection would see no history. Idempotent."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute("SELECT DISTINCT period_id FROM crm_forecast_snapshot")
    periods = env["crm.forecast.period"].browse([period_id for (period_id,) in cr.fetchall()])
    env["crm.forecast.snapshot"]._refresh_fit_cells(periods)
