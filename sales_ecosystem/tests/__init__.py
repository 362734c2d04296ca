from . import test_gates, test_gates_tour, test_security_groups
