from . import (
    crm_icp_criterion,
    crm_icp_profile,
    crm_icp_scored_mixin,
    crm_lead,
    crm_strategy_report,
    crm_strategy_share,
    crm_target_list,
    crm_target_list_line,
    res_config_settings,
    res_partner,
)
