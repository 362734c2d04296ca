# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import date

from odoo import fields
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.tests import tagged

from .common import GROUP_MANAGER, GROUP_SALESMAN, SalesEcosystemHttpCommon


@tagged("post_install", "-at_install")
class TestDealReviewTour(SalesEcosystemHttpCommon):
    def test_manager_pushes_a_troubled_deal_from_the_board(self):
        env = self.env
        manager = mail_new_test_user(
            env, login="se_review_tour_manager", name="Rita Review", groups=f"base.group_user,{GROUP_MANAGER}"
        )
        rep = mail_new_test_user(
            env, login="se_review_tour_rep", name="Ron Tour Rep", groups=f"base.group_user,{GROUP_SALESMAN}"
        )
        team = env["crm.team"].create({"name": "SE Review Tour Team", "user_id": manager.id})
        env["crm.team.member"].create({"crm_team_id": team.id, "user_id": rep.id})
        # One serious signal only, so that the deal stays troubled whatever the date
        signals = env["crm.deal.health.signal"].with_context(active_test=False).search([])
        signals.filtered(lambda s: s.code != "no_next_step").active = False
        no_next_step = signals.filtered(lambda s: s.code == "no_next_step")
        no_next_step.severity = "critical"
        today = fields.Date.today()
        lead = env["crm.lead"].create(
            {
                "name": "Tour troubled deal",
                "type": "opportunity",
                "user_id": rep.id,
                "team_id": team.id,
                "expected_revenue": 42000,
                "date_deadline": today,
                "off_strategy_reason": "existing_customer",
            }
        )
        self.assertEqual(lead.health_status, "troubled")
        self.assertEqual(lead.health_signal_ids, no_next_step)

        self.se_start_tour(
            "/odoo/action-sales_ecosystem.crm_lead_action_review_board",
            "sales_ecosystem_review_board_tour",
            login=manager.login,
        )
        self.assertEqual(lead.date_deadline, date(2031, 1, 15))
        self.assertEqual(lead.date_deadline_push_count, 1)
        decision = lead.review_decision_ids
        self.assertEqual((decision.decision, decision.user_id), ("push", manager))
        self.assertEqual(decision.health_status, "troubled")

        review = (
            env["crm.deal.review"]
            .with_user(manager)
            .create({"name": "Tour weekly review", "team_id": team.id})
        )
        review.action_load_flagged()
        self.assertEqual(review.lead_ids, lead)
        self.se_start_tour(
            f"/odoo/action-sales_ecosystem.crm_deal_review_action/{review.id}",
            "sales_ecosystem_review_session_tour",
            login=manager.login,
        )
        kept = lead.review_decision_ids.filtered(lambda d: d.decision == "keep")
        self.assertEqual((kept.review_id, kept.note), (review, "Champion back next week"))
        self.assertEqual((review.flagged_count, review.decided_count, review.decided_share), (1, 1, 100.0))
