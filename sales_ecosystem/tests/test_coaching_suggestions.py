# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.addons.sales_ecosystem.models.crm_coaching_session import CrmCoachingSession
from odoo.tests import tagged

from .common import CoachingCommon, count_queries


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

    def test_session_links_the_largest_deals_and_counts_the_rest(self):
        """A signal over many deals: the session links the highest-value ones (the cap), its name and reason keep
        the full count, its agenda names the linked deals and says how many more the signal found."""
        self.env["ir.config_parameter"].sudo().set_param("sales_ecosystem.coaching_suggestion_max_deals", 3)
        long_ago = fields.Datetime.now() - timedelta(days=60)
        more = self.env["crm.lead"]
        for index, revenue in enumerate((500, 9000, 100, 7000)):
            lead = self._create_lead(f"Stalled more {index}", partner=self.partner_fit, user=self.user_rep_a)
            lead.write({"expected_revenue": revenue, "date_last_stage_update": long_ago})
            more |= lead
        self.stalled.expected_revenue = 50
        suggestion = self.env["crm.coaching.session"]._suggest_sessions(reps=self.user_rep_a)
        self.assertEqual(len(suggestion), 1)
        self.assertEqual(suggestion.lead_ids, more.filtered(lambda lead: lead.expected_revenue >= 500))
        self.assertIn("Stalled deals: 6", suggestion.name)
        self.assertEqual(suggestion.session_type, "pipeline_review")
        self.assertIn("and 3 more deals", str(suggestion.agenda))
        for lead in suggestion.lead_ids:
            self.assertIn(lead.name, str(suggestion.agenda))
        self.assertNotIn("Stalled more 2", str(suggestion.agenda))

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


@tagged("post_install", "-at_install")
class TestCoachingSuggestionSignals(CoachingCommon):
    """The grouped signals give what the per-deal rules give: Odoo's rotting, the stalled days, the closing date."""

    def test_signals_match_the_per_deal_rules(self):
        self.env["crm.deal.health.signal"].search([]).active = False
        Lead = self.env["crm.lead"]
        now = fields.Datetime.now()
        self.stage_new.rotting_threshold_days = 10
        rotting = Lead
        for days in (11, 30):
            lead = self._create_lead(f"SE Rotting {days}", partner=self.partner_fit, user=self.user_rep_a)
            lead.date_last_stage_update = now - timedelta(days=days)
            rotting |= lead
        fresh = self._create_lead("SE Fresh in rotting stage", partner=self.partner_fit, user=self.user_rep_a)
        fresh.date_last_stage_update = now - timedelta(days=9)
        stage_plain = self.env["crm.stage"].create({"name": "SE No rot", "sequence": 2})
        stalled = Lead
        for index in range(2):
            lead = self._create_lead(
                f"SE Stalled {index}",
                partner=self.partner_fit,
                user=self.user_rep_b,
                stage=stage_plain,
                off_strategy_reason="existing_customer",
            )
            lead.date_last_stage_update = now - timedelta(days=60)
            stalled |= lead
        overdue = Lead
        for index in range(2):
            overdue |= self._create_lead(
                f"SE Overdue {index}",
                partner=self.partner_fit,
                user=self.user_rep_b,
                date_deadline=fields.Date.today() - timedelta(days=index + 1),
            )
        leads = Lead.search([("type", "=", "opportunity"), ("won_status", "=", "pending")])
        self.assertEqual(leads.filtered("is_rotting"), rotting, "Odoo's own rule agrees with the fixtures")
        Session = self.env["crm.coaching.session"].with_user(self.user_manager_a)
        leads = leads.with_user(self.user_manager_a)
        result = Session._coaching_signal_stalled_deals(leads)
        self.assertEqual(result[self.user_rep_a][0][1], rotting)
        self.assertEqual(result[self.user_rep_b][0][1], stalled)
        self.assertEqual(
            list(result[self.user_rep_b][0][1]),
            list(leads.filtered(lambda lead: lead in stalled)),
            "leads' order",
        )
        result = Session._coaching_signal_overdue_deals(leads)
        self.assertEqual(result[self.user_rep_b][0][1], overdue)
        self.assertEqual(result[self.user_rep_b][0][0], "Deals past their closing date (2)")
        # a subset of the deals is what the signal looks at
        self.assertNotIn(self.user_rep_b, Session._coaching_signal_overdue_deals(leads - overdue[0]))


@tagged("post_install", "-at_install", "sales_ecosystem_perf")
class TestCoachingSuggestionsPerformance(CoachingCommon):
    """Suggestions are grouped per rep: their queries do not grow with the deals nor with the sessions."""

    def _deals(self, count):
        long_ago = fields.Datetime.now() - timedelta(days=60)
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"SE Perf deal {index}",
                    "type": "opportunity",
                    "partner_id": self.partner_fit.id,
                    "user_id": self.user_rep_a.id,
                    "team_id": self.team_a.id,
                    "stage_id": self.stage_new.id,
                    "date_deadline": fields.Date.today() - timedelta(days=3),
                }
                for index in range(count)
            ]
        )
        leads.date_last_stage_update = long_ago
        return leads

    def _held_sessions(self, count):
        for _index in range(count):
            self._create_session(self.user_rep_a, self.user_manager_a, state="done")

    def test_queries_flat_in_deals_and_sessions(self):
        self.env["crm.deal.health.signal"].search([]).active = False
        Session = self.env["crm.coaching.session"].with_user(self.user_manager_a)

        def suggest():
            created = Session._suggest_sessions(reps=self.user_rep_a)
            self.assertEqual(
                sorted(created.mapped("suggestion_signal")),
                ["_coaching_signal_overdue_deals", "_coaching_signal_stalled_deals"],
            )
            return created

        # every deal linked (no cap), so that the links written grow with the deals too
        self.env["ir.config_parameter"].sudo().set_param("sales_ecosystem.coaching_suggestion_max_deals", 0)
        self._deals(3)
        self._held_sessions(2)
        for _warm in range(2):  # warm the caches; cancelled suggestions do not block new ones
            self._count_queries(lambda: suggest().sudo().write({"state": "cancelled"}))
        queries_few = self._count_queries(lambda: suggest().sudo().write({"state": "cancelled"}))
        deals = self._deals(60)
        self._held_sessions(20)
        created = self.env["crm.coaching.session"]

        def suggest_many():
            nonlocal created
            created = suggest()
            created.sudo().write({"state": "cancelled"})

        queries_many = self._count_queries(suggest_many)
        self.assertEqual(queries_many, queries_few)
        self.assertLessEqual(deals, created.lead_ids)

    def _count_queries(self, func):
        return count_queries(self.env, func)
