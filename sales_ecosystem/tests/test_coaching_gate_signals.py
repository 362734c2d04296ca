# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.tests import tagged

from .common import GateCommon


@tagged("post_install", "-at_install")
class TestCoachingGateSignals(GateCommon):
    """Coaching suggestions fed by the stage gates' audit logs (blocked attempts, overrides)."""

    def _attempt(self, lead, requirement):
        return {
            "lead_id": lead.id,
            "lead_name": lead.name,
            "stage_id": self.stage_proposal.id,
            "from_stage_id": lead.stage_id.id,
            "user_id": lead.user_id.id,
            "salesperson_id": lead.user_id.id,
            "team_id": lead.team_id.id,
            "company_id": lead.company_id.id,
            "requirement_ids": [requirement.id],
        }

    def test_repeated_gate_failures_suggest_a_session(self):
        deals_a = self._create_lead("Blocked 1", partner=self.partner_fit) | self._create_lead(
            "Blocked 2", partner=self.partner_fit
        )
        deal_b = self._create_lead("Blocked once", partner=self.partner_fit, user=self.user_rep_b)
        Attempt = self.env["crm.gate.attempt"]
        Attempt._record_attempts(
            [self._attempt(lead, self.req_pain) for lead in deals_a]
            + [self._attempt(deals_a[0], self.req_pain), self._attempt(deal_b, self.req_pain)]
        )
        Session = self.env["crm.coaching.session"].with_user(self.user_manager_a)
        signals = Session._coaching_signal_gate_failures(deals_a | deal_b)
        self.assertEqual(list(signals), [self.user_rep_a], "rep B was blocked on one deal only")
        [(topic, deals)] = signals[self.user_rep_a]
        self.assertIn("Pain confirmed", topic)
        self.assertEqual(deals, deals_a)

    def test_overrides_suggest_a_session(self):
        lead = self._create_lead("Overridden", partner=self.partner_fit, user=self.user_rep_b)
        self.env["crm.gate.override"].with_user(self.user_manager_a).create(
            {
                "lead_id": lead.id,
                "stage_id": self.stage_proposal.id,
                "requirement_ids": [(6, 0, self.req_pain.ids)],
                "reason": "Customer signed a letter of intent",
            }
        )
        signals = (
            self.env["crm.coaching.session"]
            .with_user(self.user_manager_a)
            ._coaching_signal_gate_overrides(lead)
        )
        self.assertEqual(list(signals), [self.user_rep_b])
        self.assertEqual(signals[self.user_rep_b][0][1], lead)
