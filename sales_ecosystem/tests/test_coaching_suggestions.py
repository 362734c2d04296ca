from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.addons.sales_ecosystem.models.crm_coaching_session import CrmCoachingSession
from odoo.tests import tagged

from .common import CoachingCommon


@tagged("post_install", "-at_install")
class TestCoachingSuggestions(CoachingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # only the stalled/overdue signals are under test here (troubled deals: test_deal_health)
        cls.env["crm.deal.health.signal"].search([]).active = False
        long_ago = fields.Datetime.now() - timedelta(days=60)
        cls.stalled = cls.env["crm.lead"]
        for name in ("Stalled one", "Stalled two"):
            lead = cls._create_lead(name, partner=cls.partner_fit, user=cls.user_rep_a)
            lead.date_last_stage_update = long_ago
            cls.stalled |= lead
        cls.fresh = cls._create_lead("Fresh deal", partner=cls.partner_unfit, user=cls.user_rep_b)

    def test_stalled_deals_suggest_one_session(self):
        Session = self.env["crm.coaching.session"]
        created = Session._suggest_sessions()
        suggestion = created.filtered(lambda s: s.rep_id == self.user_rep_a)
        self.assertEqual(len(suggestion), 1)
        self.assertEqual(suggestion.coach_id, self.user_manager_a)
        self.assertEqual(suggestion.lead_ids, self.stalled)
        self.assertEqual(suggestion.partner_ids, self.partner_fit)
        self.assertTrue(suggestion.is_suggested)
        self.assertIn("Stalled deals: 2", suggestion.name)
        self.assertEqual(suggestion.state, "planned")
        self.assertEqual(suggestion.activity_ids.user_id, self.user_manager_a)
        self.assertFalse(created.filtered(lambda s: s.rep_id == self.user_rep_b))
        # the coach sees it, the rep too (it is their session), another manager does not
        self.assertIn(
            suggestion, Session.with_user(self.user_manager_a).search([("is_suggested", "=", True)])
        )
        self.assertFalse(Session.with_user(self.user_manager_b).search([("is_suggested", "=", True)]))
        # no duplicate while the suggestion is still planned
        self.assertFalse(Session._suggest_sessions().filtered(lambda s: s.rep_id == self.user_rep_a))
        # once held, a new signal may propose again
        suggestion.state = "done"
        self.assertEqual(Session._suggest_sessions().rep_id, self.user_rep_a)

    def test_single_stalled_deal_is_not_a_pattern(self):
        self.stalled[0].date_last_stage_update = fields.Datetime.now()
        self.assertFalse(self.env["crm.coaching.session"]._suggest_sessions())

    def test_gate_hook_override(self):
        """The gates feature overrides ``_coaching_signal_gate_failures``; its proposals become sessions."""

        def gate_failures(self_model, leads):
            deals = leads.filtered(lambda lead: lead.user_id == self.user_rep_b)
            return {self.user_rep_b: [("Fails 'Economic buyer met' on 3 deals", deals)]}

        with patch.object(CrmCoachingSession, "_coaching_signal_gate_failures", gate_failures, create=False):
            created = self.env["crm.coaching.session"]._suggest_sessions(reps=self.user_rep_b)
        self.assertEqual(created.rep_id, self.user_rep_b)
        self.assertEqual(created.name, "Fails 'Economic buyer met' on 3 deals")
        self.assertEqual(created.lead_ids, self.fresh)
        self.assertEqual(created.suggestion_signal, "_coaching_signal_gate_failures")
