# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models
from odoo.tools import SQL

from ..models.crm_icp_profile import ICP_TIERS
from ..models.crm_lead_icp import STRATEGY


class CrmWinAnalysis(models.Model):
    """Closed deals (won or lost), one row per opportunity: win rate by ICP tier, strategy, target-list
    membership at closing, salesperson, team and period; On-Strategy share of won deals over time.

    Rates are averages of per-deal 0/100 values, so every pivot cell shows the share of the deals it counts
    (a count-based rate, not weighted by value; the value columns give the weighted picture).
    """

    _name = "crm.win.analysis"
    _description = "Win Rate Analysis"
    _auto = False
    _order = "date_closed desc"
    _rec_name = "lead_id"
    _depends = {
        "crm.lead": [
            "user_id",
            "team_id",
            "company_id",
            "account_partner_id",
            "icp_tier",
            "strategy",
            "won_status",
            "date_closed",
            "expected_revenue",
            "type",
            "active",
        ],
        "crm.target.list.line": [
            "partner_id",
            "company_id",
            "date_from",
            "date_to",
            "list_date_from",
            "list_date_to",
            "list_active",
            "list_team_id",
        ],
    }

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    lead_id = fields.Many2one("crm.lead", "Opportunity", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    account_partner_id = fields.Many2one("res.partner", "Account", readonly=True)
    icp_tier = fields.Selection(ICP_TIERS, "ICP Tier", readonly=True)
    strategy = fields.Selection(STRATEGY, readonly=True, help="Strategy of the deal when it was closed.")
    is_on_target_list = fields.Boolean(
        "On a Target List at Closing",
        readonly=True,
        help="The account was on an active target list of the deal's company (and of its team, for a team's list) "
        "on the closing date.",
    )
    won_status = fields.Selection([("won", "Won"), ("lost", "Lost")], "Outcome", readonly=True)
    date_closed = fields.Datetime(
        "Closing Date",
        readonly=True,
        help="When the deal was won or lost. Odoo stamps no closing date on deals marked lost: for those, "
        "the date of their last change.",
    )
    closed_count = fields.Integer("# Closed", readonly=True, aggregator="sum")
    won_count = fields.Integer("# Won", readonly=True, aggregator="sum")
    lost_count = fields.Integer("# Lost", readonly=True, aggregator="sum")
    win_rate = fields.Float(
        "Win Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Won deals out of the closed deals counted (by number of deals, not by value).",
    )
    expected_revenue = fields.Float("Closed Value", readonly=True, aggregator="sum")
    won_value = fields.Float(readonly=True, aggregator="sum")
    on_strategy_won_value = fields.Float("On-Strategy Won Value", readonly=True, aggregator="sum")
    on_strategy_share = fields.Float(
        "On-Strategy Share of Won Deals (%)",
        readonly=True,
        aggregator="avg",
        help="On-Strategy deals out of the won deals counted (by number of deals, not by value; compare "
        "'On-Strategy Won Value' with 'Won Value' for the value share). Lost deals do not count.",
    )

    # ------------------------------------------------------------
    # SQL VIEW
    # ------------------------------------------------------------

    @property
    def _table_query(self):
        # Target-list membership at closing: the one definition (crm_icp_target_list_line.MEMBERSHIP_CONDITIONS), for
        # the deal's company and team.
        on_list = self.env["crm.target.list.line"]._membership_exists_sql(
            SQL("c.account_partner_id"), SQL("c.date_outcome::date"), SQL("c.company_id"), SQL("c.team_id")
        )
        return SQL(
            """
                WITH closed AS (
                    SELECT l.*,
                           COALESCE(l.date_closed, l.write_date) AS date_outcome,
                           CASE WHEN l.won_status = 'won' THEN 1 ELSE 0 END AS is_won
                      FROM crm_lead l
                     WHERE l.type = 'opportunity' AND l.won_status IN ('won', 'lost')
                       AND (l.active OR l.won_status = 'lost')
                )
                SELECT c.id AS id,
                       c.id AS lead_id,
                       c.user_id,
                       c.team_id,
                       c.company_id,
                       c.account_partner_id,
                       c.icp_tier,
                       c.strategy,
                       %(on_list)s AS is_on_target_list,
                       c.won_status,
                       c.date_outcome AS date_closed,
                       1 AS closed_count,
                       c.is_won AS won_count,
                       1 - c.is_won AS lost_count,
                       100.0 * c.is_won AS win_rate,
                       COALESCE(c.expected_revenue, 0) AS expected_revenue,
                       c.is_won * COALESCE(c.expected_revenue, 0) AS won_value,
                       CASE WHEN c.is_won = 1 AND c.strategy = 'on' THEN COALESCE(c.expected_revenue, 0)
                            ELSE 0 END AS on_strategy_won_value,
                       CASE WHEN c.is_won = 0 THEN NULL
                            WHEN c.strategy = 'on' THEN 100.0
                            ELSE 0.0 END AS on_strategy_share
                  FROM closed c
            """,
            on_list=on_list,
        )
