# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command
from odoo.tests import tagged

from .common import CoachingCommon, GateCommon, count_queries

COUNT_FIELDS = [
    "gate_override_count",
    "review_decision_count",
    "coaching_session_count",
    "conversation_plan_count",
    "commission_line_count",
]


@tagged("post_install", "-at_install")
class TestDealRelatedCounts(GateCommon, CoachingCommon):
    """The counts on the deal form's smart buttons (``crm.lead._compute_se_related_counts``): one query for all of
    them and all the deals, each count as a search of those records by the user would give it."""

    def _override(self, lead, reason="Customer asked for a quote"):
        return (
            self.env["crm.gate.override"]
            .with_user(self.user_manager_a)
            .create({"lead_id": lead.id, "stage_id": self.stage_proposal.id, "reason": reason})
        )

    def _counts(self, leads, user):
        leads = leads.with_user(user)
        return [tuple(lead[fname] for fname in COUNT_FIELDS) for lead in leads]

    def test_counts_follow_record_rules(self):
        deal_a = self._create_lead("Counted A", user=self.user_rep_a)
        deal_b = self._create_lead("Counted B", user=self.user_rep_b)
        self._override(deal_a)
        self._override(deal_a, reason="Signed letter of intent")
        self._override(deal_b)
        self.session_a.lead_ids = [Command.link(deal_a.id)]
        self.session_b.lead_ids = [Command.link(deal_a.id)]
        leads = deal_a | deal_b
        # a rep counts the overrides of their deals and their own sessions only (the records' rules), the
        # manager all of them; other records: 0
        self.assertEqual(self._counts(leads, self.user_rep_a)[0], (2, 0, 1, 0, 0))
        self.assertEqual(self._counts(leads, self.user_manager_a), [(2, 0, 2, 0, 0), (1, 0, 0, 0, 0)])
        searched = (
            self.env["crm.gate.override"]
            .with_user(self.user_rep_b)
            .search_count([("lead_id", "=", deal_b.id)])
        )
        self.assertEqual(deal_b.with_user(self.user_rep_b).gate_override_count, searched)

    def test_counts_follow_changes(self):
        deal = self._create_lead("Counted later", user=self.user_rep_a).with_user(self.user_manager_a)
        self.assertEqual(deal.gate_override_count, 0)
        self._override(deal)
        self.assertEqual(deal.gate_override_count, 1, "a new override counts at once (same transaction)")
        self.session_a.lead_ids = [Command.link(deal.id)]
        self.assertEqual(deal.coaching_session_count, 1)

    def test_smart_buttons_open_the_deal_records(self):
        deal = self._create_lead("Buttons", user=self.user_rep_a)
        override = self._override(deal)
        action = deal.with_user(self.user_rep_a).action_view_gate_overrides()
        self.assertEqual(
            self.env["crm.gate.override"].with_user(self.user_rep_a).search(action["domain"]), override
        )
        action = deal.with_user(self.user_manager_a).action_view_commission_lines()
        self.assertEqual(action["res_model"], "crm.commission.line")
        self.assertEqual(action["domain"], [("lead_id", "=", deal.id)])

    def test_no_deal_no_query(self):
        Lead = self.env["crm.lead"].with_user(self.user_rep_a)
        new = Lead.new({"name": "Draft"})
        self.assertEqual(tuple(new[fname] for fname in COUNT_FIELDS), (0, 0, 0, 0, 0))


@tagged("post_install", "-at_install", "sales_ecosystem_perf")
class TestDealRelatedCountsPerf(GateCommon, CoachingCommon):
    def test_one_query_flat_in_deals(self):
        """All the counts of all the deals read: one query, for 1 deal as for 6."""
        deals = self.env["crm.lead"]
        for index in range(6):
            deal = self._create_lead(f"Flat {index}", user=self.user_rep_a)
            self.env["crm.gate.override"].with_user(self.user_manager_a).create(
                {
                    "lead_id": deal.id,
                    "stage_id": self.stage_proposal.id,
                    "reason": "Customer asked for a quote",
                }
            )
            deals |= deal

        def read(leads):
            def run():
                leads.with_user(self.user_rep_a).read(COUNT_FIELDS)

            return count_queries(self.env, run)

        read(deals[-1:])  # warm the registry caches (access rights, record rules)
        one, six = read(deals[:1]), read(deals)
        self.assertEqual(one, six)
        self.assertLessEqual(one, 2, "the deals' access check, and one query for every count")
