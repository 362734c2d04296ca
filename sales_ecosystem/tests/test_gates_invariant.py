# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Regression tests of the gate invariant (README, "The gate invariant"): one test per path that used to leave a deal
behind a gate it never met, found by the issue and by the deal state machine (test_invariants.py)."""

from odoo import Command
from odoo.addons.sales_ecosystem.models.crm_gate_mixin import SKIP_GATES_KEY, GateBlockedError
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import GateCommon, count_queries


@tagged("post_install", "-at_install")
class TestGateInvariant(GateCommon):
    """Every path into a position behind a gate checks that gate, as a rep would take it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Team B's own gate to enter SE Proposal (replaces the all-teams gate for its deals)
        cls.gate_proposal_b = cls.env["crm.stage.gate"].create(
            {"stage_id": cls.stage_proposal.id, "team_id": cls.team_b.id}
        )
        cls.req_eb_b = cls._add_requirement(
            cls.gate_proposal_b,
            name="Economic buyer confirmed",
            kind="criterion",
            criterion_id=cls.crit_eb.id,
            min_status="confirmed",
            message="Meet the economic buyer.",
        )

    def _rep(self, lead):
        return lead.with_user(self.user_rep_a)

    def _assert_refused(self, error, lead, *missing):
        message = str(error.exception)
        self.assertIn(lead.name, message, "the refusal names the deal")
        for text in missing:
            self.assertIn(text, message, "the refusal says what is missing")
        self.assertIn(lead.id, error.exception.context["sales_ecosystem_gate"]["res_ids"])

    # ------------------------------------------------------------
    # STAGE MOVES
    # ------------------------------------------------------------

    def test_qualified_to_won_checks_proposition(self):
        """Moving Qualified -> Won passes over SE Proposal: its gate is checked (the issue: it was not)."""
        lead = self._create_lead("Skipper", stage=self.stage_qualified)
        with self.assertRaises(GateBlockedError) as error:
            self._rep(lead).write({"stage_id": self.stage_won.id})
        self._assert_refused(error, lead, "Pain confirmed", "Confirm the pain with the customer.")
        self.assertEqual(lead.stage_id, self.stage_qualified)
        with self.assertRaises(GateBlockedError):
            self._rep(lead).action_set_won()
        self.assertEqual(lead.won_status, "pending")
        self._set_status(lead, self.crit_pain, "confirmed")
        self._rep(lead).action_set_won()
        self.assertEqual(lead.stage_id, self.stage_won)

    def test_won_from_new_meets_every_gate(self):
        gate_won = self.env["crm.stage.gate"].create({"stage_id": self.stage_won.id})
        self._add_requirement(
            gate_won,
            name="Timeline known",
            kind="criterion",
            criterion_id=self.crit_timeline.id,
            min_status="partial",
        )
        lead = self._create_lead("Straight to won", stage=self.stage_new)
        self._set_status(lead, self.crit_timeline, "partial")
        with self.assertRaises(GateBlockedError) as error:
            self._rep(lead).write({"stage_id": self.stage_won.id})
        self._assert_refused(error, lead, "Pain confirmed")
        self.assertNotIn("Timeline known", str(error.exception), "the met gate is not listed")
        self._set_status(lead, self.crit_pain, "confirmed")
        self._rep(lead).write({"stage_id": self.stage_won.id})
        self.assertEqual(lead.stage_id, self.stage_won)

    def test_proposition_won_proposition(self):
        """The issue's path: a deal that never met SE Proposal's gate cannot end up in SE Proposal through Won. A
        deal that did meet it moves back freely, even if it no longer meets it."""
        # a deal in Won that never passed SE Proposal's gate: it was in Won before the gate existed
        self.gate_proposal.active = False
        old = self._create_lead("Won before the gate", stage=self.stage_won)
        self.gate_proposal.active = True
        self._rep(old).write({"name": "Won before the gate (renamed)"})  # ordinary edits stay possible
        with self.assertRaises(GateBlockedError) as error:
            self._rep(old).write({"stage_id": self.stage_proposal.id})
        self._assert_refused(error, old, "Pain confirmed")
        self.assertEqual(old.stage_id, self.stage_won)
        self._rep(old).write({"stage_id": self.stage_qualified.id})  # back before the gate: free
        # a deal that met the gate when it entered SE Proposal
        lead = self._create_lead("Met it once", stage=self.stage_qualified)
        self._set_status(lead, self.crit_pain, "confirmed")
        self._rep(lead).write({"stage_id": self.stage_proposal.id})
        self._rep(lead).write({"stage_id": self.stage_won.id})
        self._set_status(lead, self.crit_pain, "partial")  # no longer met
        self._rep(lead).write({"stage_id": self.stage_proposal.id})  # moving back is free
        self.assertEqual(lead.stage_id, self.stage_proposal)
        self._rep(lead).write({"stage_id": self.stage_won.id})  # SE Proposal's gate is not passed over again
        self.assertEqual(lead.stage_id, self.stage_won)

    def test_gate_added_later(self):
        """Deals already behind a gate added later are not blocked from ordinary edits; moving them is checked."""
        self.gate_proposal.active = False
        lead = self._create_lead("Old proposal", stage=self.stage_proposal)
        self.gate_proposal.active = True
        self._rep(lead).write({"name": "Old proposal (renamed)", "expected_revenue": 5000})
        self.assertEqual(lead.stage_id, self.stage_proposal)
        with self.assertRaises(GateBlockedError) as error:
            self._rep(lead).write({"stage_id": self.stage_won.id})
        self._assert_refused(error, lead, "Pain confirmed")
        self._set_status(lead, self.crit_pain, "confirmed")
        self._rep(lead).write({"stage_id": self.stage_won.id})
        self.assertEqual(lead.stage_id, self.stage_won)

    def test_create_in_won(self):
        """Found by the machine: a deal created directly in a late stage skipped the gates before it."""
        Lead = self.env["crm.lead"].with_user(self.user_rep_a)
        vals = {
            "name": "Born won",
            "type": "opportunity",
            "team_id": self.team_a.id,
            "stage_id": self.stage_won.id,
            "off_strategy_reason": "existing_customer",
        }
        with self.assertRaises(GateBlockedError) as error:
            Lead.create(vals)
        self.assertIn("Born won", str(error.exception))
        self.assertIn("Pain confirmed", str(error.exception))
        self.assertFalse(
            self.env["crm.lead"].with_context(active_test=False).search([("name", "=", "Born won")])
        )
        lead = Lead.create(
            dict(
                vals,
                methodology_status_ids=[
                    Command.create({"criterion_id": self.crit_pain.id, "status": "confirmed"})
                ],
            )
        )
        self.assertEqual(lead.stage_id, self.stage_won)

    def test_same_sequence_stage(self):
        """Stages of equal sequence are ordered by id (as crm's _stage_find): entering SE Proposal from a stage of the
        same sequence created after it is checked like any forward move of the pipeline order."""
        review = self.env["crm.stage"].create({"name": "SE Review", "sequence": self.stage_proposal.sequence})
        self.gate_proposal.active = False
        lead = self._create_lead("Tied", stage=review)
        self.gate_proposal.active = True
        with self.assertRaises(GateBlockedError):
            self._rep(lead).write({"stage_id": self.stage_proposal.id})
        self.assertEqual(lead.stage_id, review)

    # ------------------------------------------------------------
    # TEAM CHANGES
    # ------------------------------------------------------------

    def test_team_change_checks_the_new_teams_gates(self):
        """Found by the machine: a deal moved to another team sits behind that team's gates, so they are checked."""
        lead = self._create_lead("Changing teams", stage=self.stage_qualified)
        self._set_status(lead, self.crit_pain, "confirmed")
        self._rep(lead).write({"stage_id": self.stage_proposal.id})
        with self.assertRaises(GateBlockedError) as error:
            self._rep(lead).write({"team_id": self.team_b.id})
        self._assert_refused(error, lead, "Economic buyer confirmed", "Meet the economic buyer.")
        self.assertEqual((lead.team_id, lead.stage_id), (self.team_a, self.stage_proposal))
        self._set_status(lead, self.crit_eb, "confirmed")
        self._rep(lead).write({"team_id": self.team_b.id})
        self.assertEqual(lead.team_id, self.team_b)
        # back to team A: the all-teams gate was passed, no longer met does not matter
        self._set_status(lead, self.crit_pain, "unknown")
        self._rep(lead).write({"team_id": self.team_a.id})
        self.assertEqual(lead.team_id, self.team_a)

    def test_reassign_changes_team(self):
        """Found by the machine: giving a deal to a rep of another team makes crm move it to that team."""
        lead = self._create_lead("Reassigned", stage=self.stage_qualified)
        self._set_status(lead, self.crit_pain, "confirmed")
        self._rep(lead).write({"stage_id": self.stage_proposal.id})
        with self.assertRaises(GateBlockedError) as error:
            lead.with_user(self.user_manager_a).write({"user_id": self.user_rep_other.id})
        self._assert_refused(error, lead, "Economic buyer confirmed")
        self.assertEqual((lead.user_id, lead.team_id), (self.user_rep_a, self.team_a))

    def test_stage_and_team_in_one_write(self):
        """Found by the machine: a write of stage and team together checks the new team's gates passed over (here
        team B's own gate of SE Qualified, passed over on the way to SE Proposal)."""
        gate_qualified_b = self.env["crm.stage.gate"].create(
            {"stage_id": self.stage_qualified.id, "team_id": self.team_b.id}
        )
        self._add_requirement(
            gate_qualified_b, name="Timeline known", kind="criterion", criterion_id=self.crit_timeline.id
        )
        lead = self._create_lead("Both at once", stage=self.stage_new)
        self._set_status(lead, self.crit_eb, "confirmed")
        with self.assertRaises(GateBlockedError) as error:
            self._rep(lead).write({"stage_id": self.stage_proposal.id, "team_id": self.team_b.id})
        self._assert_refused(error, lead, "Timeline known", "(gate of SE Qualified)")
        self.assertNotIn("Economic buyer", str(error.exception), "the met gate is not listed")
        self.assertNotIn("Pain confirmed", str(error.exception), "team B's gate replaces the all-teams gate")
        self.assertEqual((lead.team_id, lead.stage_id), (self.team_a, self.stage_new))

    def test_team_change_to_warn_team(self):
        """Teams in warn mode keep their meaning: the move is allowed and noted."""
        team_warn = self.env["crm.team"].create(
            {"name": "SE Warn", "gate_mode": "warn", "methodology_id": self.methodology.id}
        )
        lead = self._create_lead("To warn", stage=self.stage_qualified, team=team_warn)
        self._rep(lead).write({"stage_id": self.stage_proposal.id})
        self.assertIn("Pain confirmed", lead.message_ids[0].body)
        # it never met the gate: moving it to a team in block mode is checked
        with self.assertRaises(GateBlockedError):
            self._rep(lead).write({"team_id": self.team_a.id})

    # ------------------------------------------------------------
    # PIPELINE ORDER
    # ------------------------------------------------------------

    def test_resequencing_checks_the_deals_put_behind_a_gate(self):
        """An administrator moving a stage after a gated one: the deals of that stage would then sit behind a gate;
        the change is refused, naming them and what they miss, unless they meet it (their pass is recorded)."""
        unready = self._create_lead("Unready qualified", stage=self.stage_qualified)
        ready = self._create_lead("Ready qualified", stage=self.stage_qualified)
        self._set_status(ready, self.crit_pain, "confirmed")
        admin_stage = self.stage_qualified.with_user(self.user_admin_se)
        new_sequence = self.stage_proposal.sequence + 1
        with self.assertRaises(GateBlockedError) as error:
            admin_stage.write({"sequence": new_sequence})
        self._assert_refused(error, unready, "Pain confirmed")
        self.assertNotIn("Ready qualified", str(error.exception))
        self.assertEqual(self.stage_qualified.sequence, 2, "nothing written")
        self._set_status(unready, self.crit_pain, "partial")
        self.env["crm.gate.override"].with_user(self.user_manager_a).create(
            {"lead_id": unready.id, "stage_id": self.stage_proposal.id, "reason": "Pipeline redesign"}
        )
        admin_stage.write({"sequence": new_sequence})
        self.assertEqual(self.stage_qualified.sequence, new_sequence)
        # both now passed SE Proposal's gate (met, overridden): moving back into SE Qualified is free
        self._rep(unready | ready).write({"stage_id": self.stage_proposal.id})
        self._rep(unready | ready).write({"stage_id": self.stage_qualified.id})

    def test_kanban_reorder_checked_once(self):
        """Dragging the pipeline's columns writes the stages one by one: the order is checked once, at the end."""
        lead = self._create_lead("Column drag", stage=self.stage_qualified)
        stages = (self.stage_new | self.stage_proposal | self.stage_qualified | self.stage_won).with_user(
            self.user_admin_se
        )
        with self.assertRaises(GateBlockedError) as error:
            stages.web_resequence({"sequence": {}}, "sequence", 1)
        self._assert_refused(error, lead, "Pain confirmed")
        self._set_status(lead, self.crit_pain, "confirmed")
        stages.web_resequence({"sequence": {}}, "sequence", 1)
        self.assertEqual(stages.mapped("sequence"), [1, 2, 3, 4])

    def test_stage_given_to_every_team(self):
        """Found by the machine: a gated stage of team B's pipeline only, given to every team, puts team A's deals
        placed after it behind its gate: checked like a change of sequence."""
        self.stage_proposal.team_ids = self.team_b
        self.stage_qualified.sequence = (
            self.stage_proposal.sequence + 1
        )  # after SE Proposal, not in team A's way
        lead = self._create_lead("Team A qualified", stage=self.stage_qualified)
        with self.assertRaises(GateBlockedError) as error:
            self.stage_proposal.with_user(self.user_admin_se).write({"team_ids": [Command.clear()]})
        self._assert_refused(error, lead, "Pain confirmed")
        self.assertEqual(self.stage_proposal.team_ids, self.team_b)

    def test_resequencing_with_bypass_grandfathers(self):
        lead = self._create_lead("Grandfathered", stage=self.stage_qualified)
        self.stage_qualified.with_user(self.user_admin_se).with_context(**{SKIP_GATES_KEY: True}).write(
            {"sequence": self.stage_proposal.sequence + 1}
        )
        self._rep(lead).write({"name": "Grandfathered (renamed)"})
        with self.assertRaises(GateBlockedError):
            self._rep(lead).write({"stage_id": self.stage_won.id})

    # ------------------------------------------------------------
    # DIALOG AND OVERRIDES
    # ------------------------------------------------------------

    def test_dialog_lists_every_gate_of_the_move(self):
        """The complete-the-gate dialog for a move to Won lists SE Proposal's missing requirement, and a manager's
        override from it covers every gate the move checks."""
        lead = self._create_lead("Dialog deal", stage=self.stage_qualified)
        action = self._rep(lead).action_check_gate(self.stage_won.id)
        self.assertTrue(action, "moving to Won is blocked by SE Proposal's gate")
        wizard = (
            self.env["crm.gate.complete.wizard"]
            .with_user(self.user_manager_a)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.line_ids.requirement_id, self.req_pain)
        wizard.override_reason = "Signed at the trade show"
        wizard.action_override()
        self.assertEqual(lead.stage_id, self.stage_won)
        override = self.env["crm.gate.override"].search([("lead_id", "=", lead.id)])
        self.assertEqual(override.stage_id, self.stage_proposal)
        self.assertTrue(override.is_used)

    # ------------------------------------------------------------
    # IMPORT
    # ------------------------------------------------------------

    def test_import_reports_refusals_on_their_rows(self):
        """base_import: each refusal is reported on its own row, with its own deal (a compliant row 0 used to be
        reported with row 1's message)."""
        Lead = self.env["crm.lead"].with_user(self.user_rep_a)
        fields_ = ["name", "type", "team_id/.id", "stage_id/.id", "off_strategy_reason"]

        def row(name, stage):
            return [name, "opportunity", str(self.team_a.id), str(stage.id), "existing_customer"]

        result = Lead.load(
            fields_,
            [
                row("Import OK", self.stage_new),
                row("Import KO 1", self.stage_proposal),
                row("Import KO 2", self.stage_won),
            ],
        )
        self.assertFalse(result["ids"], "nothing is imported when a row is refused")
        errors = [message for message in result["messages"] if message["type"] == "error"]
        self.assertEqual([(m["rows"]["from"], m["rows"]["to"]) for m in errors], [(1, 1), (2, 2)])
        self.assertIn("Import KO 1", errors[0]["message"])
        self.assertNotIn("Import KO 2", errors[0]["message"])
        self.assertIn("Import KO 2", errors[1]["message"])
        self.assertIn("Pain confirmed", errors[1]["message"])
        self.assertFalse(self.env["crm.lead"].search([("name", "like", "Import ")]))


@tagged("post_install", "-at_install")
class TestGatePasses(GateCommon):
    """The record of passes: written by the engine only, readable like the deal's scorecard."""

    def test_passes_recorded_and_protected(self):
        lead = self._create_lead("Passing", stage=self.stage_qualified)
        self._set_status(lead, self.crit_pain, "confirmed")
        lead.with_user(self.user_rep_a).write({"stage_id": self.stage_proposal.id})
        gate_pass = lead.gate_pass_ids
        self.assertEqual(
            (gate_pass.gate_id, gate_pass.stage_id, gate_pass.pass_type, gate_pass.user_id),
            (self.gate_proposal, self.stage_proposal, "met", self.user_rep_a),
        )
        Pass = self.env["crm.lead.gate.pass"]
        self.assertEqual(Pass.with_user(self.user_rep_a).search([("lead_id", "=", lead.id)]), gate_pass)
        self.assertFalse(
            Pass.with_user(self.user_rep_b).search([("lead_id", "=", lead.id)]), "another rep's deal"
        )
        self.assertEqual(Pass.with_user(self.user_manager_a).search([("lead_id", "=", lead.id)]), gate_pass)
        with self.assertRaises(AccessError):
            Pass.with_user(self.user_rep_a).create(
                {"lead_id": lead.id, "gate_id": self.gate_proposal.id, "stage_id": self.stage_proposal.id}
            )
        with self.assertRaises(AccessError):
            gate_pass.with_user(self.user_manager_a).unlink()

    def test_override_and_bypass_passes(self):
        lead = self._create_lead("Overridden", stage=self.stage_qualified)
        override = (
            self.env["crm.gate.override"]
            .with_user(self.user_manager_a)
            .create({"lead_id": lead.id, "stage_id": self.stage_proposal.id, "reason": "Board decision"})
        )
        lead.with_user(self.user_rep_a).write({"stage_id": self.stage_proposal.id})
        self.assertEqual(
            (lead.gate_pass_ids.pass_type, lead.gate_pass_ids.override_id), ("override", override)
        )
        migrated = self._create_lead("Migrated", stage=self.stage_new)
        migrated.with_user(self.user_admin_se).with_context(**{SKIP_GATES_KEY: True}).write(
            {"stage_id": self.stage_won.id}
        )
        self.assertEqual(migrated.gate_pass_ids.pass_type, "bypass")
        migrated.with_user(self.user_rep_a).write({"stage_id": self.stage_proposal.id})  # back: free


@tagged("post_install", "-at_install", "sales_ecosystem_perf")
class TestGateInvariantPerformance(GateCommon):
    """The invariant's bookkeeping (passes read and written, the pipeline-order check) costs the same queries for 1
    deal as for 50."""

    def _deals(self, count, stage):
        leads = (
            self.env["crm.lead"]
            .with_context(tracking_disable=True)
            .create(
                [
                    {
                        "name": f"Perf {stage.name} {i}",
                        "type": "opportunity",
                        "user_id": self.user_rep_a.id,
                        "team_id": self.team_a.id,
                        "stage_id": self.stage_qualified.id,
                        "off_strategy_reason": "existing_customer",
                        "methodology_status_ids": [
                            Command.create({"criterion_id": self.crit_pain.id, "status": "confirmed"})
                        ],
                    }
                    for i in range(count)
                ]
            )
        )
        leads.write({"stage_id": stage.id})
        return leads.with_user(self.user_rep_a).with_context(tracking_disable=True)

    def _queries(self, func):
        return count_queries(self.env, func)

    def test_move_behind_passed_gates_flat(self):
        """Proposition -> Won reads the deals' passes (SE Proposal's gate is behind them, not passed over). The gate's
        own queries (the write minus the same write with gates off: crm's own queries vary with the batch) are the same
        for 1 and 50 deals."""

        def gate_queries(count):
            deals = self._deals(count, self.stage_proposal)
            self.team_a.gate_mode = "off"
            # a first win and reopening of these deals (their commission lines, caches): both measured writes below
            # are then the same second win, and differ by the gate's work alone
            deals.write({"stage_id": self.stage_won.id})
            deals.write({"stage_id": self.stage_proposal.id})
            off = self._queries(lambda: deals.write({"stage_id": self.stage_won.id}))
            deals.write({"stage_id": self.stage_proposal.id})
            self.team_a.gate_mode = "block"
            gated = self._queries(lambda: deals.write({"stage_id": self.stage_won.id}))
            self.assertEqual(deals.mapped("stage_id"), self.stage_won)
            return gated - off

        gate_queries(1)  # warm the registry caches
        self.assertEqual(gate_queries(1), gate_queries(50))

    def test_pipeline_check_flat(self):
        """A change of the pipeline order checks the deals it puts behind a gate in a fixed number of queries."""
        stage = self.stage_qualified.with_user(self.user_admin_se)

        def resequence_queries(count):
            deals = self._deals(count, self.stage_qualified)

            def resequence():
                stage.write({"sequence": self.stage_proposal.sequence + 1})
                stage.write({"sequence": 2})

            queries = self._queries(resequence)
            deals.write({"active": False})  # out of the pipeline: not in the next round
            return queries

        resequence_queries(1)  # warm the registry caches
        self.assertEqual(resequence_queries(1), resequence_queries(50))
