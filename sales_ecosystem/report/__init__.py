# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# SQL-view reports and report values, reading the tables of the models (loaded after them, so that those
# tables exist)
from . import (
    crm_account_plan_whitespace,
    crm_coaching_coverage,
    crm_coaching_review,
    crm_coaching_skill_profile,
    crm_coaching_summary_report,
    crm_deal_review_funnel_report,
    crm_forecast_board,
    crm_gate_analysis,
    crm_gate_conversion_report,
    crm_icp_strategy_report,
    crm_icp_win_analysis,
)
