# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Shared base of the Hypothesis state machines over deals (see tests/test_invariants.py).

A machine is composed of rule mixins (``GateRules`` in gate_rules.py, ``MoneyRules`` in money_rules.py, ...) that all
inherit :class:`InvariantBase`, plus ``RuleBasedStateMachine`` last::

    class DealMachine(GateRules, MoneyRules, RuleBasedStateMachine):
        pass

Mixins prefix their rules, invariants and attributes (``gate_*``, ``money_*``) so that they never clash, share the
bundles below, and create the configuration they need in their own ``@initialize()`` rule (it runs inside the
example's savepoint, so nothing leaks from one example to the next).
"""

import contextlib

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle

from ...models.crm_gate_mixin import GateBlockedError

#: Deals created by the rules (crm.lead records in the superuser environment). Every mixin's "create a deal" rule
#: targets it; rules draw from it with ``DEALS`` or ``deal_lists()``.
DEALS = Bundle("deals")

#: Names of the fixture stages, in their initial pipeline order (attributes ``stage_<name>`` of the test case).
STAGE_NAMES = ("new", "qualified", "proposal", "won")
#: Names of the teams the machine uses (``team_a``/``team_b`` of the test case; ``warn`` is created by GateRules).
TEAM_NAMES = ("a", "b")


def small_machine_settings(max_examples, steps):
    """The settings of a small machine of one capability (the forecast's board and history cells): a fixed search
    (a CI failure reproduces), no deadline, no example database written next to the sources."""
    return settings(
        max_examples=max_examples,
        stateful_step_count=steps,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
        print_blob=False,
    )


def deal_lists(max_size=3):
    """One or several distinct deals of the bundle (for multi-record writes)."""
    return st.lists(DEALS, min_size=1, max_size=max_size, unique_by=lambda deal: deal.id)


class InvariantBase:
    """Fixtures, bundles and plumbing shared by the rule mixins.

    The machine runs inside a TransactionCase (``hypothesis.stateful.run_state_machine_as_test`` called from a test
    method, with a factory ``lambda: DealMachine(self)``); each example runs in a savepoint rolled back by
    :meth:`teardown`, so examples are independent and the case's fixtures are unchanged.

    Attributes (set by ``__init__``; the fixtures come from ``tests/common.py``'s ``SalesEcosystemCommon``):

    - ``case``: the running TransactionCase (for its fixtures and assertions).
    - ``env``: the superuser environment of the case; ``cr``: its cursor.
    - ``rep``: ``case.user_rep_a`` (Alice, member of team A: the salesperson of the deals the rules create);
      ``rep_b``: ``case.user_rep_b`` (member of team A); ``rep_other``: ``case.user_rep_other`` (member of team B).
    - ``reps``: ``{login-ish name: user}`` of the three reps (``"rep"``, ``"rep_b"``, ``"rep_other"``).
    - ``manager``: ``case.user_manager_a`` (Sales Ecosystem manager, leader of team A; sees every deal of the
      company, acts on its own teams' gate overrides and analytics); ``manager_b``: ``case.user_manager_b`` (leader of
      team B). :meth:`manager_of` gives the leader of a deal's team.
    - ``admin``: ``case.user_admin_se`` (Sales Ecosystem administrator and sales manager: configures stages).
    - ``stages``: ``{name: crm.stage}`` for ``STAGE_NAMES`` (``won`` is a won stage).
    - ``teams``: ``{name: crm.team}`` for ``TEAM_NAMES``; mixins add their own teams to it in their initializer.
    - ``deal_ids``: ids of every deal created in the example, in creation order (invariants iterate over them; the
      ``DEALS`` bundle holds the same deals as records).
    - ``step_log``: a list of short strings describing the steps that ran (mixins append to it; shown when an
      invariant fails, next to Hypothesis' own falsifying example).
    """

    def __init__(self, case):
        super().__init__()
        self.case = case
        self.env = case.env
        self.cr = self.env.cr
        self.rep = case.user_rep_a
        self.rep_b = case.user_rep_b
        self.rep_other = case.user_rep_other
        self.reps = {"rep": self.rep, "rep_b": self.rep_b, "rep_other": self.rep_other}
        self.manager = case.user_manager_a
        self.manager_b = case.user_manager_b
        self.admin = case.user_admin_se
        self.stages = {name: getattr(case, f"stage_{name}") for name in STAGE_NAMES}
        self.teams = {name: getattr(case, f"team_{name}") for name in TEAM_NAMES}
        self.deal_ids = []
        self.step_log = []
        self._savepoint = self.cr.savepoint()

    def teardown(self):
        # Everything the example wrote goes; so do the ORM and registry caches filled from it (the registry caches
        # the pipeline order and the gates, which the example may have changed).
        self._savepoint.close(rollback=True)
        self.env.invalidate_all(flush=False)
        self.env.registry.clear_cache()
        # Refused moves registered post-rollback hooks (the gate attempt log) for deals that no longer exist.
        self.cr.postrollback.clear()

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def log(self, text):
        self.step_log.append(text)

    def deals(self, deals):
        """A crm.lead recordset (superuser environment) of a list of bundle values."""
        return self.env["crm.lead"].browse([deal.id for deal in deals]).with_context(active_test=False)

    def owner(self, deals):
        """The salesperson the rules act as for ``deals`` (the first deal's), and the deals that person owns."""
        records = self.deals(deals)
        user = records[:1].user_id or self.rep
        return user, records.filtered(lambda deal: deal.user_id == user)

    def manager_of(self, lead):
        """The manager who acts on ``lead``: its team's leader (team A's manager for a team without one)."""
        leader = lead.team_id.user_id
        return leader if leader in (self.manager, self.manager_b) else self.manager

    @contextlib.contextmanager
    def attempt(self):
        """Run a user action as a request would: in a savepoint rolled back when a stage gate refuses it (the
        refusal is then in ``outcome['error']``); any other exception fails the example."""
        outcome = {"error": None}
        try:
            with self.cr.savepoint():
                yield outcome
        except GateBlockedError as error:
            outcome["error"] = error
            # what a request's rollback does (Registry.reset_changes): forget the caches invalidated meanwhile
            self.env.registry.clear_cache()
        self.env.invalidate_all(flush=False)
