from . import (
    test_commission,
    test_commission_concurrency,
    test_gates,
    test_gates_tour,
    test_icp_performance,
    test_icp_scoring,
    test_icp_tour,
    test_security_groups,
    test_strategy,
    test_target_list,
)
