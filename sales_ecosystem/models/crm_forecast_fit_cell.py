# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models

from .crm_deal_health_signal import HEALTH_STATUSES
from .crm_forecast_snapshot import AGE_BANDS, GATE_BANDS
from .crm_icp_profile import ICP_TIERS


class CrmForecastFitCell(models.Model):
    """A forecast period's snapshots counted per cell (stage, deal health, gate band, ICP tier, age band): how many
    deals, how many of them won in the period. The projection's fit sums the cells of the closed periods of the last
    months (``crm.forecast.snapshot._projection_sql``): a few hundred rows instead of every snapshot (on the bench,
    80,000 snapshots: 50 to 90 ms for each board read and each rep's call).

    Kept equal to its period's snapshots by ``crm.forecast.snapshot._refresh_fit_cells`` wherever they change: their
    ``create``, ``write`` and ``unlink``, and the SQL of ``_take`` and ``_record_outcomes``. Derived data: nobody
    writes it but that method."""

    _name = "crm.forecast.fit.cell"
    _description = "Forecast History Cell"
    _order = "period_id desc, id"
    _log_access = False

    period_id = fields.Many2one(
        "crm.forecast.period", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="period_id.company_id")
    stage_id = fields.Many2one("crm.stage", ondelete="set null", readonly=True)
    health_status = fields.Selection(HEALTH_STATUSES, "Health", readonly=True)
    gate_band = fields.Selection(GATE_BANDS, "Gate Completeness", readonly=True)
    icp_tier = fields.Selection(ICP_TIERS, "ICP Tier", readonly=True)
    age_band = fields.Selection(AGE_BANDS, "Age in Stage", readonly=True)
    won_count = fields.Integer("Won in the Period", readonly=True)
    deal_count = fields.Integer("Deals", readonly=True)
