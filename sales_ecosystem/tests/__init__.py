from . import test_commission, test_commission_concurrency, test_security_groups
