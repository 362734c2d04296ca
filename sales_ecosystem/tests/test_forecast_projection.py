# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .common import ForecastCommon


@tagged("post_install", "-at_install")
class TestForecastProjection(ForecastCommon):
    """The projection on a built history where deal health predicts the outcome: healthy Proposal deals were won
    8 times in 10, troubled ones once in 10."""

    def test_projection_closer_to_the_outcome_than_prorated_revenue(self):
        start = (self.today - relativedelta(months=2)).replace(day=1)
        past = self.env["crm.forecast.period"].create(
            {"name": "FC past", "date_from": start, "date_to": start + relativedelta(months=1, days=-1)}
        )
        Snapshot = self.env["crm.forecast.snapshot"]
        vals = []
        for status, won in (("healthy", 8), ("troubled", 1)):
            for index in range(10):
                vals.append(
                    {
                        "period_id": past.id,
                        "company_id": self.company_main.id,
                        "user_id": self.user_rep_a.id,
                        "stage_id": self.stage_proposal.id,
                        "health_status": status,
                        "gate_band": "low",
                        "age_band": "fresh",
                        "amount": 1000,
                        "is_won": index < won,
                    }
                )
        Snapshot.create(vals)
        past.state = "closed"
        healthy = self._create_lead("FC healthy", stage=self.stage_proposal, date_deadline=self.today)
        troubled = self._create_lead(
            "FC troubled", stage=self.stage_proposal, date_deadline=self.today, expected_revenue=30000
        )
        unseen = self._create_lead("FC unseen cell", stage=self.stage_proposal, date_deadline=self.today)
        (healthy | troubled | unseen).write({"probability": 50, "is_automated_probability": False})
        self.env.flush_all()
        for lead, status in ((healthy, "healthy"), (troubled, "troubled"), (unseen, "at_risk")):
            self.env.cr.execute(
                "UPDATE crm_lead SET health_status = %s, methodology_score = 0, date_last_stage_update = now() "
                "WHERE id = %s",
                (status, lead.id),
            )
        self.env.invalidate_all()
        rows = {row[0]: row for row in self.period._projection_rows()}
        # the stage's rate over the history: 9 won of 20; a cell without history gets it, with a sample of 0
        self.assertAlmostEqual(rows[unseen.id][4], 0.45)
        self.assertEqual(rows[unseen.id][5], 0)
        # (won + k * stage rate) / (n + k), k = 10: (8 + 4.5) / 20 and (1 + 4.5) / 20; sample sizes shown
        self.assertAlmostEqual(rows[healthy.id][4], 0.625)
        self.assertAlmostEqual(rows[troubled.id][4], 0.275)
        self.assertEqual(rows[healthy.id][5], 10)
        unseen.action_archive()
        self.env.flush_all()
        board = (
            self.env["crm.forecast.board"]
            .with_user(self.user_rep_a)
            .search([("period_id", "=", self.period.id)])
        )
        self.assertAlmostEqual(board.projection_amount, 10000 * 0.625 + 30000 * 0.275)
        self.assertEqual(board.projection_sample, 20)
        self.assertEqual(board.prorated_amount, 20000)
        # the healthy deal is won, the troubled one lost
        outcome = 10000
        self.assertLess(abs(board.projection_amount - outcome), abs(board.prorated_amount - outcome))

    def test_snapshot_and_outcome(self):
        lead = self._create_lead("FC snap", stage=self.stage_proposal, date_deadline=self.today)
        self.assertEqual(self.env["crm.forecast.snapshot"]._take(self.period), 1)
        self.assertEqual(self.env["crm.forecast.snapshot"]._take(self.period), 0, "a period is snapshot once")
        lead.write({"stage_id": self.stage_won.id})
        self.period.with_user(self.user_manager_a).action_close()
        snap = self.env["crm.forecast.snapshot"].search([("period_id", "=", self.period.id)])
        self.assertEqual((snap.lead_id, snap.stage_id, snap.is_won), (lead, self.stage_proposal, True))
