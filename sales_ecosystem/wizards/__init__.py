# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import (
    base_csv_import,
    crm_coaching_summary_wizard,
    crm_commission_reevaluate,
    crm_commission_settle,
    crm_forecast_quota_import,
    crm_gate_complete_wizard,
    crm_gate_complete_wizard_line,
    crm_icp_off_strategy_wizard,
    crm_icp_target_list_import,
)
