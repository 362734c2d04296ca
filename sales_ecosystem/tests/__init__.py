from . import (
    test_account_plan,
    test_account_plan_access,
    test_account_plan_values,
    test_key_account,
    test_security_groups,
)
