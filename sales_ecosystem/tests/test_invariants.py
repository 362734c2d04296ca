"""Hypothesis state machine over deals: random sequences of ordinary user actions must keep the addon's invariants.

``make test`` runs a fixed (derandomized) search sized for CI; ``make test-long`` (or ``SE_HYPOTHESIS_EXAMPLES=N``)
runs a longer one. A failure prints the shortest sequence of steps Hypothesis found (``state.gate_...`` calls) and
the machine's own step log.
"""

import logging
import os
import time

from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test

from odoo.tests import tagged

from .common import GateCommon
from .invariants.gate_rules import GateRules

_logger = logging.getLogger(__name__)

#: examples of the CI run (each up to STEPS steps); SE_HYPOTHESIS_EXAMPLES overrides it
CI_EXAMPLES = 25
STEPS = 25


class DealMachine(GateRules, RuleBasedStateMachine):
    """The deal state machine: gate rules (tests/invariants/gate_rules.py); more rule mixins compose here."""


def machine_settings():
    examples = int(os.environ.get("SE_HYPOTHESIS_EXAMPLES") or CI_EXAMPLES)
    return settings(
        max_examples=examples,
        stateful_step_count=STEPS,
        deadline=None,
        derandomize=True,  # the same search on every run: a CI failure reproduces
        database=None,  # no example database written next to the sources
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
        report_multiple_bugs=False,
        print_blob=False,
    )


@tagged("post_install", "-at_install", "sales_ecosystem_invariants")
class TestDealInvariants(GateCommon):
    def test_deal_machine(self):
        """Random sequences of rep, manager and admin actions keep the gate invariant (README)."""
        config = machine_settings()
        start = time.monotonic()
        run_state_machine_as_test(lambda: DealMachine(self), settings=config)
        _logger.info(
            "deal machine: %s examples of up to %s steps in %.1f s",
            config.max_examples,
            config.stateful_step_count,
            time.monotonic() - start,
        )
