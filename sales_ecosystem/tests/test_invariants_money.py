# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Stateful property test of the money invariant (rules and check: tests/invariants/money_rules.py).

A small machine of its own (the lead composes MoneyRules with the other rules in tests/test_invariants.py): each
example runs inside a savepoint rolled back at its end, on the fixtures of CommissionCommon plus MoneyRules'.
Fixed seed (derandomized), no deadline, about a minute: 50 examples of 30 steps. ``SE_HYPOTHESIS_EXAMPLES`` and
``SE_HYPOTHESIS_STEPS`` for longer runs, ``SE_HYPOTHESIS_RANDOM=1`` for a random seed (exploration). The run logs what
the rules did (``money machine: ...``): a machine that stopped exercising a path shows there.
"""

import logging
import os
from collections import Counter

from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test

from odoo.tests import tagged

from .common import CommissionCommon
from .invariants.money_rules import MoneyRules

_logger = logging.getLogger(__name__)


class MoneyMachine(MoneyRules, RuleBasedStateMachine):
    case = None  # set by the test before running
    stats = Counter()  # examples and rule calls, logged at the end of the test

    def __init__(self):
        super().__init__()
        self.stats["examples"] += 1
        self.env_case = self.case.env
        self.env_case.flush_all()
        self.savepoint = self.env_case.cr.savepoint(flush=False)

    def teardown(self):
        self.env_case.cr.clear()
        self.savepoint.close(rollback=True)
        self.env_case.invalidate_all()


@tagged("post_install", "-at_install")
class TestMoneyInvariant(CommissionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        MoneyRules.money_fixtures(cls)

    def test_money_invariant(self):
        MoneyMachine.case = self
        MoneyMachine.stats.clear()
        MoneyRules.stats = MoneyMachine.stats
        MoneyRules.refusals = Counter()
        run_state_machine_as_test(
            MoneyMachine,
            settings=settings(
                max_examples=int(os.environ.get("SE_HYPOTHESIS_EXAMPLES", 50)),
                stateful_step_count=int(os.environ.get("SE_HYPOTHESIS_STEPS", 30)),
                deadline=None,
                derandomize=not os.environ.get("SE_HYPOTHESIS_RANDOM"),
                database=None,
                print_blob=False,
                suppress_health_check=list(HealthCheck),
            ),
        )
        _logger.info("money machine: %s", dict(MoneyMachine.stats))
        _logger.info("money machine refusals: %s", dict(MoneyRules.refusals.most_common(12)))
