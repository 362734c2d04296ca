# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models
from odoo.tools import SQL

from ..models.crm_icp_profile import ICP_TIERS
from ..models.crm_lead_icp import STRATEGY


class CrmStrategyReport(models.Model):
    """Pipeline and won value by ICP tier and strategy, per rep: the analysis behind 'cull the pipeline'."""

    _name = "crm.strategy.report"
    _description = "Strategy Analysis"
    _auto = False
    _order = "user_id"
    _rec_name = "user_id"
    _depends = {
        "crm.lead": [
            "user_id",
            "team_id",
            "company_id",
            "account_partner_id",
            "stage_id",
            "icp_tier",
            "strategy",
            "won_status",
            "date_closed",
            "expected_revenue",
            "type",
            "active",
        ],
    }

    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    lead_id = fields.Many2one("crm.lead", "Opportunity", readonly=True)
    account_partner_id = fields.Many2one("res.partner", "Account", readonly=True)
    stage_id = fields.Many2one("crm.stage", readonly=True)
    icp_tier = fields.Selection(ICP_TIERS, "ICP Tier", readonly=True)
    strategy = fields.Selection(STRATEGY, readonly=True)
    won_status = fields.Selection([("won", "Won"), ("lost", "Lost"), ("pending", "Pending")], readonly=True)
    date_closed = fields.Datetime(readonly=True)
    create_date = fields.Datetime(readonly=True)
    pipeline_value = fields.Float(readonly=True)
    won_value = fields.Float(readonly=True)
    on_strategy_value = fields.Float("On-Strategy Value", readonly=True)
    opportunity_count = fields.Integer("Opportunities", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        return SQL(
            """
                SELECT l.id AS id,
                       l.id AS lead_id,
                       l.user_id,
                       l.team_id,
                       l.company_id,
                       l.account_partner_id,
                       l.stage_id,
                       l.icp_tier,
                       l.strategy,
                       l.won_status,
                       l.date_closed,
                       l.create_date,
                       CASE WHEN l.won_status = 'pending' THEN COALESCE(l.expected_revenue, 0) ELSE 0 END
                           AS pipeline_value,
                       CASE WHEN l.won_status = 'won' THEN COALESCE(l.expected_revenue, 0) ELSE 0 END AS won_value,
                       CASE WHEN l.strategy = 'on' AND l.won_status != 'lost'
                            THEN COALESCE(l.expected_revenue, 0) ELSE 0 END AS on_strategy_value,
                       1 AS opportunity_count
                  FROM crm_lead l
                 WHERE l.type = 'opportunity' AND (l.active OR l.won_status = 'lost')
            """
        )
