# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DealHealthCommon, DealReviewCommon, GateCommon, count_queries


@tagged("post_install", "-at_install")
class TestDealReviewDecisions(DealReviewCommon, DealHealthCommon, GateCommon):
    """Each decision's effect on the deal, and what may not be done."""

    def setUp(self):
        super().setUp()
        self.today = fields.Date.today()
        self.lead = self._create_lead(
            "Flagged deal", self.partner_fit, date_deadline=self.today + timedelta(days=10), priority="2"
        )
        self._flag(self.lead, "no_next_step", "close_overdue")

    def _last_message(self, lead):
        return lead.message_ids.sorted("id")[-1:]

    def test_push_moves_the_close_date_and_counts_a_push(self):
        new_date = self.today + timedelta(days=40)
        decision = self._decide(self.lead, "push", date_deadline_new=new_date, note="Budget next quarter")
        self.assertEqual(self.lead.date_deadline, new_date)
        self.assertEqual(self.lead.date_deadline_push_count, 1, "a pushed close date counts as a push")
        self.assertEqual(decision.date_deadline_old, self.today + timedelta(days=10))
        self.assertEqual((decision.user_id, decision.salesperson_id), (self.user_manager_a, self.user_rep_a))
        # the snapshot is the deal as the manager saw it
        self.assertEqual(decision.health_status, "at_risk")
        self.assertEqual(set(decision.health_signal_ids.mapped("code")), {"no_next_step", "close_overdue"})
        self.assertEqual(self.lead.review_decision_ids, decision)
        self.assertEqual(self.lead.review_decision_count, 1)
        body = self._last_message(self.lead).body
        self.assertIn("Push", body)
        self.assertIn("Budget next quarter", body)

    def test_push_needs_a_later_date(self):
        with self.assertRaisesRegex(ValidationError, "Flagged deal.*New Expected Closing"):
            self._decide(self.lead, "push")
        with self.assertRaisesRegex(ValidationError, "must be later than the current one"):
            self._decide(self.lead, "push", date_deadline_new=self.today + timedelta(days=5))
        self.assertFalse(self.lead.review_decision_ids)
        self.assertEqual(self.lead.date_deadline_push_count, 0)

    def test_extra_resources_follow_and_get_a_todo(self):
        helpers = self.user_rep_b | self.user_manager_b
        self._decide(
            self.lead, "extra_resources", resource_user_ids=[(6, 0, helpers.ids)], note="Need a demo"
        )
        self.assertLessEqual(helpers.partner_id, self.lead.message_partner_ids)
        activities = self.lead.activity_ids.filtered(lambda a: a.user_id in helpers)
        self.assertEqual(activities.user_id, helpers)
        self.assertEqual(len(activities), 2)
        self.assertIn("Flagged deal", activities[0].summary)
        with self.assertRaisesRegex(ValidationError, "choose who joins the deal"):
            self._decide(self.lead, "extra_resources")

    def test_deresource_needs_a_note_and_is_shown_on_the_deal(self):
        with self.assertRaisesRegex(ValidationError, "a Note is mandatory to de-resource"):
            self._decide(self.lead, "deresource")
        self._decide(self.lead, "deresource", note="Low odds, keep it warm only")
        self.assertTrue(self.lead.is_deresourced)
        self.assertEqual(self.lead.priority, "0")
        self.assertTrue(self.lead.active, "a de-resourced deal stays open")
        self.assertEqual(
            self.env["crm.lead"].with_user(self.user_rep_a).search([("is_deresourced", "=", True)]), self.lead
        )

    def test_disqualify_marks_the_deal_lost(self):
        with self.assertRaisesRegex(ValidationError, "a Note is mandatory to disqualify"):
            self._decide(self.lead, "disqualify", lost_reason_id=self.lost_reason.id)
        self._decide(self.lead, "disqualify", lost_reason_id=self.lost_reason.id, note="No budget at all")
        self.assertFalse(self.lead.active)
        self.assertEqual(self.lead.won_status, "lost")
        self.assertEqual(self.lead.lost_reason_id, self.lost_reason)
        self.assertFalse(self.lead.health_status, "a closed deal has no health")

    def test_keep_only_logs(self):
        decision = self._decide(self.lead, "keep", note="Champion is on holiday")
        self.assertEqual(self.lead.date_deadline, self.today + timedelta(days=10))
        self.assertEqual(self.lead.priority, "2")
        self.assertIn("Keep", self._last_message(self.lead).body)
        self.assertEqual(decision.decision, "keep")

    def test_only_managers_decide(self):
        with self.assertRaisesRegex(AccessError, "Only sales managers can record a review decision"):
            self._decide(self.lead, "keep", user=self.user_rep_a)
        self.assertFalse(self.lead.review_decision_ids)

    def test_decisions_are_immutable(self):
        decision = self._decide(self.lead, "keep", note="Wait")
        manager_decision = decision.with_user(self.user_manager_a)
        with self.assertRaisesRegex(UserError, "Flagged deal cannot be changed once recorded"):
            manager_decision.write({"note": "Changed my mind"})
        with self.assertRaisesRegex(UserError, "Only Sales Ecosystem administrators can delete"):
            manager_decision.unlink()
        # administrators may correct the log
        decision.with_user(self.user_admin_se).write({"note": "Wait for the board meeting"})
        self.assertEqual(decision.note, "Wait for the board meeting")

    def test_rep_reads_decisions_on_own_deals_only(self):
        other = self._create_lead("Bob's deal", self.partner_fit, user=self.user_rep_b)
        mine = self._decide(self.lead, "keep")
        theirs = self._decide(other, "keep")
        Decision = self.env["crm.deal.review.decision"]
        self.assertEqual(Decision.with_user(self.user_rep_a).search([]), mine)
        self.assertEqual(Decision.with_user(self.user_rep_b).search([]), theirs)
        self.assertEqual(Decision.with_user(self.user_manager_b).search([]), mine | theirs)
        self.assertFalse(Decision.with_user(self.user_manager_c2).search([]), "other company's decisions")
        self.assertEqual(self.lead.with_user(self.user_rep_a).review_decision_count, 1)

    def test_decision_count_in_one_query(self):
        leads = (
            self.lead
            | self._create_lead("Second", self.partner_fit)
            | self._create_lead("Third", self.partner_fit)
        )
        self._decide(self.lead, "keep")
        self._decide(self.lead, "keep")
        self._decide(leads[1], "keep")
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            counts = leads.mapped("review_decision_count")
        self.assertEqual(counts, [2, 1, 0])


@tagged("post_install", "-at_install")
class TestDealReviewBoard(DealReviewCommon, DealHealthCommon, GateCommon):
    def test_decided_deal_leaves_the_board_until_it_changes(self):
        self._only("no_next_step", "close_overdue")
        lead = self._create_lead(
            "Board deal", self.partner_fit, date_deadline=fields.Date.today() + timedelta(days=30)
        )
        self.assertEqual((lead.health_status, lead.is_review_pending), ("at_risk", True))
        action = (
            self.env["ir.actions.act_window"]
            .with_user(self.user_manager_a)
            ._for_xml_id("sales_ecosystem.crm_lead_action_review_board")
        )
        self.assertIn("search_default_filter_review_pending", action["context"])
        Lead = self.env["crm.lead"].with_user(self.user_manager_a)
        board = [("is_review_pending", "=", True), ("id", "=", lead.id)]
        self.assertEqual(Lead.search(board), lead)
        self._decide(lead, "keep", note="Customer on holiday")
        self.assertFalse(lead.is_review_pending, "decided: off the board")
        self.assertFalse(Lead.search(board))
        self.assertEqual(lead.health_status, "at_risk", "still at risk, but decided")
        # something changes about the deal (a new signal): it is back
        lead.with_user(self.user_rep_a).write({"date_deadline": fields.Date.today() - timedelta(days=3)})
        self.assertEqual(set(lead.health_signal_ids.mapped("code")), {"no_next_step", "close_overdue"})
        self.assertTrue(lead.is_review_pending)
        self.assertEqual(Lead.search(board), lead)
        # decided again, then it moves to another stage: back again
        self._decide(lead, "keep", note="Closing next week")
        self.assertFalse(lead.is_review_pending)
        self._set_status(lead, self.crit_pain, "confirmed")
        lead.with_user(self.user_rep_a).write({"stage_id": self.stage_qualified.id})
        self.assertTrue(lead.is_review_pending)


@tagged("post_install", "-at_install", "sales_ecosystem_perf")
class TestDealReviewBoardPerformance(DealReviewCommon, DealHealthCommon, GateCommon):
    def test_ranked_board_and_decided_marks_are_flat(self):
        self._only("no_next_step", "close_overdue")
        today = fields.Date.today()

        def leads(count, prefix):
            return self.env["crm.lead"].browse(
                [
                    self._create_lead(
                        f"{prefix} {index}",
                        self.partner_fit,
                        expected_revenue=1000 * (index + 1),
                        date_deadline=today - timedelta(days=index + 1),
                    ).id
                    for index in range(count)
                ]
            )

        warm, few, many = leads(2, "Warm"), leads(2, "Few"), leads(20, "Many")
        Lead = self.env["crm.lead"].with_user(self.user_manager_a)

        def board(batch):
            Lead.search_read(
                [("is_review_pending", "=", True), ("id", "in", batch.ids)],
                ["health_risk_score", "health_signal_ids", "expected_revenue"],
                order="health_risk_score desc",
            )

        def decide(batch):
            batch.with_user(self.user_manager_a)._review_mark_decided()

        # warm the registry caches (access rights, parameters, signals) for both paths
        count_queries(self.env, lambda: board(warm))
        count_queries(self.env, lambda: decide(warm))
        self.assertEqual(
            count_queries(self.env, lambda: board(few)), count_queries(self.env, lambda: board(many))
        )
        self.assertEqual(
            count_queries(self.env, lambda: decide(few)), count_queries(self.env, lambda: decide(many))
        )
        self.assertFalse(Lead.search([("is_review_pending", "=", True), ("id", "in", (few | many).ids)]))
        self.assertEqual(
            Lead.search([("id", "in", many.ids)], order="health_risk_score desc", limit=1).name,
            "Many 19",
            "the biggest, latest deal first",
        )


@tagged("post_install", "-at_install")
class TestDealReviewSession(DealReviewCommon, DealHealthCommon, GateCommon):
    def test_flagged_and_decided_counts(self):
        troubled = self._flag(self._create_lead("Troubled A", self.partner_fit), "stuck", status="troubled")
        at_risk = self._flag(self._create_lead("At risk A", self.partner_fit, user=self.user_rep_b), "stuck")
        healthy = self._create_lead("Healthy A", self.partner_fit)
        healthy.write({"health_status": "healthy"})
        self._flag(
            self._create_lead("Troubled B", self.partner_fit, team=self.team_b), "stuck", status="troubled"
        )
        review = (
            self.env["crm.deal.review"]
            .with_user(self.user_manager_a)
            .create({"name": "Team A weekly", "team_id": self.team_a.id})
        )
        review.action_load_flagged()
        self.assertEqual(review.lead_ids, troubled | at_risk)
        self.assertEqual((review.flagged_count, review.decided_count, review.decided_share), (2, 0, 0.0))

        action = troubled.with_user(self.user_manager_a).with_context(default_review_id=review.id)
        action = action.action_open_review_decision()
        self.assertEqual(action["context"], {"default_lead_id": troubled.id, "default_review_id": review.id})
        decision = (
            self.env["crm.deal.review.decision"]
            .with_user(self.user_manager_a)
            .with_context(**action["context"])
            .create({"decision": "keep"})
        )
        self.assertEqual((decision.lead_id, decision.review_id), (troubled, review))
        self.assertEqual(
            decision.health_status, "troubled", "the snapshot is taken for a deal from the context"
        )
        self._decide(troubled, "keep", review_id=review.id)  # a second decision on the same deal
        self._decide(healthy, "keep")  # outside the review
        self.assertEqual((review.flagged_count, review.decided_count, review.decided_share), (2, 1, 50.0))
        self.assertEqual(len(review.decision_ids), 2)

        # the rep sees the review that looked at their deal; reps of other teams do not
        self.assertEqual(self.env["crm.deal.review"].with_user(self.user_rep_b).search([]), review)
        self.assertFalse(self.env["crm.deal.review"].with_user(self.user_rep_other).search([]))

        review.action_done()
        with self.assertRaisesRegex(UserError, "Team A weekly is done"):
            review.action_load_flagged()

    def test_decisions_are_reportable(self):
        lead_a = self._flag(self._create_lead("Report A", self.partner_fit), "stuck")
        lead_b = self._flag(self._create_lead("Report B", self.partner_fit, user=self.user_rep_b), "stuck")
        self._decide(lead_a, "keep")
        self._decide(lead_b, "deresource", note="Not now")
        self._decide(lead_b, "keep", user=self.user_manager_b)
        groups = (
            self.env["crm.deal.review.decision"]
            .with_user(self.user_manager_a)
            ._read_group([], ["user_id", "decision"], ["decision_count:sum"])
        )
        self.assertEqual(
            {(user.login, decision): count for user, decision, count in groups},
            {("se_manager_a", "keep"): 1, ("se_manager_a", "deresource"): 1, ("se_manager_b", "keep"): 1},
        )


@tagged("post_install", "-at_install")
class TestFunnelReport(DealReviewCommon, DealHealthCommon, GateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.target.list"].create(
            {"name": "SE Funnel List", "line_ids": [(0, 0, {"partner_id": cls.partner_fit.id})]}
        )
        # rep_a: two deals in New (one on strategy), one stuck deal in Qualified; rep_b: one deal in Proposal
        cls.a_new_on = cls._create_lead("A new on", cls.partner_fit, expected_revenue=10000, probability=10)
        cls.a_new_off = cls._create_lead(
            "A new off", cls.partner_unfit, expected_revenue=20000, probability=10
        )
        cls.a_stuck = cls._create_lead(
            "A stuck", cls.partner_fit, stage=cls.stage_qualified, expected_revenue=5000, probability=50
        )
        cls._flag(cls.a_stuck, "stuck", "inactive", status="troubled")
        cls.b_late = cls._create_lead("B late", cls.partner_unfit, user=cls.user_rep_b, expected_revenue=7000)
        # the proposal gate is not under test here
        cls.b_late.with_context(sales_ecosystem_skip_gates=True).stage_id = cls.stage_proposal
        # closed and other-company deals are not in the funnel
        cls._create_lead("A lost", cls.partner_fit, active=False, probability=0)
        cls.c2_deal = cls.env["crm.lead"].create(
            {
                "name": "C2 deal",
                "type": "opportunity",
                "user_id": cls.user_rep_c2.id,
                "team_id": cls.team_c2.id,
                "company_id": cls.company_2.id,
                "expected_revenue": 999,
                "off_strategy_reason": "existing_customer",
            }
        )

    def _funnel(self, user, groupby):
        Report = self.env["crm.funnel.report"].with_user(user)
        rows = Report._read_group(
            [
                (
                    "lead_id",
                    "in",
                    (self.a_new_on | self.a_new_off | self.a_stuck | self.b_late | self.c2_deal).ids,
                )
            ],
            groupby,
            ["opportunity_count:sum", "expected_revenue:sum", "stuck_count:sum", "on_strategy_share:avg"],
        )
        return {
            tuple(key.id if hasattr(key, "id") else key for key in row[: len(groupby)]): row[len(groupby) :]
            for row in rows
        }

    def test_funnel_per_rep_and_stage(self):
        self.assertEqual((self.a_new_on.strategy, self.a_new_off.strategy), ("on", "off"))
        self.assertEqual(self.a_stuck.strategy, "on")
        funnel = self._funnel(self.user_manager_a, ["user_id", "stage_id"])
        rep_a, rep_b = self.user_rep_a.id, self.user_rep_b.id
        self.assertEqual(funnel[rep_a, self.stage_new.id], (2, 30000.0, 0, 50.0))
        self.assertEqual(funnel[rep_a, self.stage_qualified.id], (1, 5000.0, 1, 100.0))
        self.assertEqual(funnel[rep_b, self.stage_proposal.id], (1, 7000.0, 0, 0.0))
        self.assertNotIn((self.user_rep_c2.id, self.c2_deal.stage_id.id), funnel)
        per_rep = self._funnel(self.user_manager_a, ["user_id"])
        count, value, stuck, share = per_rep[rep_a,]
        self.assertEqual((count, value, stuck), (3, 35000.0, 1))
        self.assertAlmostEqual(share, 200.0 / 3, places=2, msg="2 of 3 deals on strategy (share of deals)")
        row = self.env["crm.funnel.report"].search([("lead_id", "=", self.a_stuck.id)])
        self.assertEqual(row.prorated_revenue, 2500.0)
        self.assertTrue(row.is_stuck)
        self.assertEqual(row.health_status, "troubled")

    def test_funnel_visibility(self):
        self.assertEqual(set(self._funnel(self.user_rep_a, ["user_id"])), {(self.user_rep_a.id,)})
        self.assertEqual(set(self._funnel(self.user_rep_b, ["user_id"])), {(self.user_rep_b.id,)})
        manager_rows = set(self._funnel(self.user_manager_b, ["user_id"]))
        self.assertLessEqual({(self.user_rep_a.id,), (self.user_rep_b.id,)}, manager_rows)
        self.assertNotIn((self.user_rep_c2.id,), manager_rows)
        self.assertEqual(set(self._funnel(self.user_manager_c2, ["user_id"])), {(self.user_rep_c2.id,)})

    def test_board_filters(self):
        Lead = self.env["crm.lead"].with_user(self.user_manager_a)
        late = Lead.search([("stage_id.is_late_stage", "=", True), ("id", "in", self._fixture_ids())])
        self.assertEqual(late, self.b_late)
        attention = Lead.search(
            [("health_status", "in", ("at_risk", "troubled")), ("id", "in", self._fixture_ids())]
        )
        self.assertIn(self.a_stuck, attention)
        # the board's actions load
        for xmlid in (
            "sales_ecosystem.crm_lead_action_review_board",
            "sales_ecosystem.crm_lead_action_review_late_stage",
            "sales_ecosystem.crm_lead_action_review_top_value",
            "sales_ecosystem.crm_lead_action_review_mix_tag",
            "sales_ecosystem.crm_funnel_report_action",
        ):
            self.assertTrue(
                self.env["ir.actions.act_window"].with_user(self.user_manager_a)._for_xml_id(xmlid)
            )

    def _fixture_ids(self):
        return (self.a_new_on | self.a_new_off | self.a_stuck | self.b_late).ids
