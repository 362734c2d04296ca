from . import (
    test_coaching_actions,
    test_coaching_privacy,
    test_coaching_report,
    test_coaching_skills,
    test_coaching_suggestions,
    test_coaching_tour,
    test_coaching_workflow,
    test_icp_performance,
    test_icp_scoring,
    test_security_groups,
    test_strategy,
    test_target_list,
)
