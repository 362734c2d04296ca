# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_forecast_call import ForecastDealsCommon


@tagged("post_install", "-at_install")
class TestForecastAccuracy(ForecastDealsCommon):
    """When a period closes, every latest call is compared with what was won."""

    def test_accuracy_when_the_period_closes(self):
        rep_call = self._submit(self.user_rep_a)  # commit 40,000 (won 10,000 + commit 30,000)
        self.assertGreater(rep_call.prorated_amount, 10000, "won plus the open deals' prorated revenue")
        projected = self.period._projection(user=self.user_rep_a)[self.period.id][0]
        self.assertAlmostEqual(rep_call.projection_amount, 10000 + projected, 2, "won plus the projection")
        self._submit(self.user_rep_b, commit_amount=8000, best_case_amount=8000)
        team_call = self._submit(
            self.user_manager_a,
            call_level="team",
            team_id=self.team_a.id,
            adjustment_commit=-18000,
            adjustment_note="Only the signed one counts",
        )
        self.assertEqual(team_call.commit_amount, 30000)
        # the commit deal is won; rep B's slips
        self.deal_commit.write({"stage_id": self.stage_won.id, "date_closed": fields.Datetime.now()})
        with self.assertRaisesRegex(UserError, "Only Sales Ecosystem managers close"):
            self.period.with_user(self.user_rep_a).action_close()
        self.period.with_user(self.user_manager_a).action_close()
        self.assertEqual(self.period.state, "closed")
        rep_call.invalidate_recordset()
        self.assertEqual(rep_call.won_amount, 40000)
        self.assertEqual((rep_call.accuracy, rep_call.bias), (100.0, 0.0))
        call_b = self.env["crm.forecast.call"].search([("user_id", "=", self.user_rep_b.id)])
        self.assertEqual((call_b.won_amount, call_b.accuracy, call_b.bias), (0.0, 0.0, 100.0))
        self.assertEqual(team_call.won_amount, 40000)
        self.assertEqual((team_call.accuracy, team_call.bias), (75.0, -25.0))
        self.assertGreaterEqual(rep_call.prorated_accuracy, 0.0)
        Call = self.env["crm.forecast.call"]
        self.assertAlmostEqual(
            rep_call.projection_accuracy, Call._accuracy(rep_call.projection_amount, 40000)[0], 4
        )
        self.assertAlmostEqual(
            rep_call.prorated_accuracy, Call._accuracy(rep_call.prorated_amount, 40000)[0], 4
        )
        row = self.env["crm.forecast.board"].search(
            [("period_id", "=", self.period.id), ("user_id", "=", self.user_rep_a.id)]
        )
        self.assertEqual((row.accuracy, row.bias), (100.0, 0.0))
        self.assertAlmostEqual(row.projection_accuracy, rep_call.projection_accuracy, 4)

    def test_persistent_over_forecasting_suggests_a_pipeline_review(self):
        self.env["res.config.settings"].create({"group_se_coaching": True}).execute()
        Period = self.env["crm.forecast.period"]
        for months in (2, 1):
            day = self.today - relativedelta(months=months)
            start = day.replace(day=1)
            period = Period.create(
                {
                    "name": f"Past {months}",
                    "date_from": start,
                    "date_to": start + relativedelta(months=1, days=-1),
                }
            )
            self.env["crm.forecast.call"].with_user(self.user_rep_b).create(
                {"period_id": period.id, "commit_amount": 50000, "best_case_amount": 60000}
            )
            period.with_user(self.user_manager_a).action_close()
        sessions = self.env["crm.coaching.session"]._suggest_sessions(self.user_rep_a | self.user_rep_b)
        session = sessions.filtered(lambda s: s.suggestion_signal == "_coaching_signal_over_forecasting")
        self.assertEqual(session.rep_id, self.user_rep_b)
        self.assertEqual(session.coach_id, self.user_manager_a)
        self.assertIn("Over-forecasting", session.suggestion_reason)
        self.assertEqual(session.lead_ids, self.deal_b)
