from . import (
    test_account_plan,
    test_account_plan_access,
    test_account_plan_values,
    test_icp_performance,
    test_icp_scoring,
    test_icp_tour,
    test_key_account,
    test_security_groups,
    test_strategy,
    test_target_list,
)
