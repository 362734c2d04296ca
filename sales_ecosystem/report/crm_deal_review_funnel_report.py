# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.crm_deal_health_signal import HEALTH_STATUSES


class CrmFunnelReport(models.Model):
    """Lives in report/ (imported after models/): its view joins crm.lead's health signal table.

    The funnel per rep: one row per open opportunity, to pivot count and value per stage, the On-Strategy
    share, stuck deals and health, per rep or team."""

    _name = "crm.funnel.report"
    _description = "Funnel Review Analysis"
    _auto = False
    _order = "expected_revenue desc, id"
    _rec_name = "lead_id"
    _depends = {
        "crm.lead": [
            "user_id",
            "team_id",
            "company_id",
            "stage_id",
            "health_status",
            "health_signal_ids",
            "health_signal_count",
            "strategy",
            "icp_tier",
            "expected_revenue",
            "probability",
            "date_deadline",
            "date_deadline_push_count",
            "is_deresourced",
            "type",
            "active",
            "won_status",
        ],
        "crm.deal.health.signal": ["code"],
    }

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    lead_id = fields.Many2one("crm.lead", "Opportunity", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    stage_id = fields.Many2one("crm.stage", readonly=True)
    health_status = fields.Selection(HEALTH_STATUSES, "Health", readonly=True)
    strategy = fields.Selection(selection="_selection_strategy", readonly=True)
    icp_tier = fields.Selection(selection="_selection_icp_tier", string="ICP Tier", readonly=True)
    date_deadline = fields.Date("Expected Closing", readonly=True)
    is_stuck = fields.Boolean("Stuck", readonly=True, help="The deal has the 'Stuck in stage' health signal.")
    is_deresourced = fields.Boolean("De-resourced", readonly=True)
    opportunity_count = fields.Integer("Opportunities", readonly=True, aggregator="sum")
    stuck_count = fields.Integer("Stuck Deals", readonly=True, aggregator="sum")
    flagged_count = fields.Integer("Deals Needing Attention", readonly=True, aggregator="sum")
    expected_revenue = fields.Float(readonly=True, aggregator="sum")
    prorated_revenue = fields.Float(readonly=True, aggregator="sum")
    on_strategy_value = fields.Float("On-Strategy Value", readonly=True, aggregator="sum")
    on_strategy_share = fields.Float(
        "On-Strategy Share (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the deals (by count, not value) that are On Strategy.",
    )
    health_signal_count = fields.Integer("Signals", readonly=True, aggregator="sum")
    date_deadline_push_count = fields.Integer("Close Date Pushes", readonly=True, aggregator="sum")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.model
    def _selection_strategy(self):
        return self.env["crm.lead"]._fields["strategy"].selection

    @api.model
    def _selection_icp_tier(self):
        return self.env["crm.lead"]._fields["icp_tier"].selection

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @property
    def _table_query(self):
        return SQL(
            """
                SELECT l.id AS id,
                       l.id AS lead_id,
                       l.user_id,
                       l.team_id,
                       l.company_id,
                       l.stage_id,
                       l.health_status,
                       l.strategy,
                       l.icp_tier,
                       l.date_deadline,
                       COALESCE(stuck.is_stuck, FALSE) AS is_stuck,
                       COALESCE(l.is_deresourced, FALSE) AS is_deresourced,
                       1 AS opportunity_count,
                       CASE WHEN stuck.is_stuck THEN 1 ELSE 0 END AS stuck_count,
                       CASE WHEN l.health_status IN ('at_risk', 'troubled') THEN 1 ELSE 0 END AS flagged_count,
                       COALESCE(l.expected_revenue, 0) AS expected_revenue,
                       COALESCE(l.expected_revenue, 0) * COALESCE(l.probability, 0) / 100.0 AS prorated_revenue,
                       CASE WHEN l.strategy = 'on' THEN COALESCE(l.expected_revenue, 0) ELSE 0 END
                           AS on_strategy_value,
                       CASE WHEN l.strategy = 'on' THEN 100.0 ELSE 0.0 END AS on_strategy_share,
                       COALESCE(l.health_signal_count, 0) AS health_signal_count,
                       COALESCE(l.date_deadline_push_count, 0) AS date_deadline_push_count
                  FROM crm_lead l
             LEFT JOIN LATERAL (
                       SELECT TRUE AS is_stuck
                         FROM crm_lead_deal_health_signal_rel rel
                         JOIN crm_deal_health_signal s ON s.id = rel.signal_id
                        WHERE rel.lead_id = l.id AND s.code = 'stuck'
                        LIMIT 1
                  ) stuck ON TRUE
                 WHERE l.type = 'opportunity' AND l.active AND l.won_status = 'pending'
            """
        )
