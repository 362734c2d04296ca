# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.tests import tagged

from .common import ForecastTourCommon


@tagged("post_install", "-at_install")
class TestForecastTour(ForecastTourCommon):
    def test_rep_submits_then_manager_adjusts(self):
        self.se_start_tour(
            "/odoo/action-sales_ecosystem.crm_forecast_call_action",
            "sales_ecosystem_forecast_rep_call",
            login=self.user_rep_a.login,
        )
        Call = self.env["crm.forecast.call"]
        rep_call = Call.search([("user_id", "=", self.user_rep_a.id), ("period_id", "=", self.period.id)])
        self.assertEqual(len(rep_call), 1)
        self.assertEqual((rep_call.call_level, rep_call.team_id), ("rep", self.team_a))
        self.assertEqual((rep_call.commit_amount, rep_call.best_case_amount), (12000, 20000))
        self.assertEqual(rep_call.comment, "Two proposals out, one signature expected")
        self.assertEqual(rep_call.line_ids.lead_id, self.tour_deal_commit | self.tour_deal_best)

        self.se_start_tour(
            "/odoo/action-sales_ecosystem.crm_forecast_call_action",
            "sales_ecosystem_forecast_manager_adjust",
            login=self.user_manager_a.login,
        )
        team_call = Call.search([("call_level", "=", "team"), ("period_id", "=", self.period.id)])
        self.assertEqual(len(team_call), 1)
        self.assertEqual((team_call.team_id, team_call.user_id), (self.team_a, self.user_manager_a))
        self.assertEqual((team_call.rep_commit_total, team_call.rep_best_case_total), (17000, 29000))
        self.assertEqual((team_call.adjustment_commit, team_call.commit_amount), (-3000, 14000))
        self.assertEqual(team_call.adjustment_note, "Bob's deal slips to next month")
        self.assertTrue(team_call.is_latest)
        self.assertEqual(self.period.with_user(self.user_admin_se).call_commit_total, 14000)
