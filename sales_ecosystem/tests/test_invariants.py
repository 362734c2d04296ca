# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Hypothesis state machine over deals: random sequences of ordinary user actions must keep the addon's invariants.

One machine, one set of fixtures (``DealInvariantCommon``: the gate fixtures and the commission fixtures together),
both rule sets (``GateRules``: stage moves, team changes, pipeline reordering, won/lost/reopen, overrides, the
complete-the-gate dialog; ``MoneyRules``: won/lost/reopen, amounts, salespeople, credit splits by every path,
target-list membership, back-dated plans, settle/confirm/pay/reset, re-evaluation, refused plain writes), and after
every step both invariants: the gate invariant over every deal of the example (the money rules' deals included), and
the money invariant (sums per deal and salesperson, splits at 100 %, every line change logged on its deal, for the
deals of both rule sets).

``make test`` runs a fixed (derandomized) search sized for CI; ``make test-long`` (or ``SE_HYPOTHESIS_EXAMPLES=N``)
runs a longer one. A failure prints the shortest sequence of steps Hypothesis found (``state.gate_...`` calls) and
the machine's own step log.
"""

import logging
import os
import time
from collections import Counter

from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test

from odoo import Command
from odoo.tests import tagged

from .common import CommissionCommon, GateCommon
from .invariants.gate_rules import GateRules
from .invariants.money_rules import MoneyRules

_logger = logging.getLogger(__name__)

#: examples of the CI run (each up to STEPS steps); SE_HYPOTHESIS_EXAMPLES overrides it
CI_EXAMPLES = 60
STEPS = 25


class DealMachine(GateRules, MoneyRules, RuleBasedStateMachine):
    """The deal state machine: gate rules (tests/invariants/gate_rules.py) and money rules
    (tests/invariants/money_rules.py) on one set of fixtures; more rule mixins compose here."""

    def _money_deal_values(self):
        # the money rules' deals meet every gate (all criteria confirmed, an Economic Buyer in the deal): their
        # refusals then come from money rules
        return {
            "methodology_status_ids": [
                Command.create({"criterion_id": criterion.id, "status": "confirmed"})
                for criterion in self.case.methodology.criterion_ids
            ],
            "contact_role_ids": [
                Command.create({"partner_id": self._gate_contact("eve").id, "buying_role": "economic_buyer"})
            ],
        }

    def _money_deal_created(self, lead):
        self.deal_ids.append(lead.id)  # the gate invariant covers them too
        self.log(f"money rules create {lead.name} in {lead.stage_id.name} for {lead.team_id.name}")

    def teardown(self):
        self.cr.precommit.clear()  # commit-time checks (splits at 100 %) registered by the example's last step
        return super().teardown()


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


class DealInvariantCommon(GateCommon, CommissionCommon):
    """The fixtures of both rule sets: GateCommon's methodology and gates, CommissionCommon's plans and target list,
    MoneyRules' extra team, rep and lists; the extra team uses the methodology too (its deals have a scorecard)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        MoneyRules.money_fixtures(cls)
        cls.team_np.write({"methodology_id": cls.methodology.id, "gate_mode": "block"})


@tagged("post_install", "-at_install", "sales_ecosystem_invariants")
class TestDealInvariants(DealInvariantCommon):
    def test_deal_machine(self):
        """Random sequences of rep, manager and admin actions keep the gate and the money invariants (README)."""
        config = machine_settings()
        MoneyRules.stats = Counter()
        MoneyRules.refusals = Counter()
        start = time.monotonic()
        run_state_machine_as_test(lambda: DealMachine(self), settings=config)
        _logger.info(
            "deal machine: %s examples of up to %s steps in %.1f s",
            config.max_examples,
            config.stateful_step_count,
            time.monotonic() - start,
        )
        _logger.info("deal machine, money rules: %s", dict(MoneyRules.stats))
        _logger.info("deal machine, money refusals: %s", dict(MoneyRules.refusals.most_common(12)))
