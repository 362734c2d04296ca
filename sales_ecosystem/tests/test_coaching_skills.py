# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo.tests import tagged

from .common import CoachingCommon


@tagged("post_install", "-at_install")
class TestCoachingSkills(CoachingCommon):
    def _held(self, rep, days_ago, ratings, state="done", coach=None):
        session = self._create_session(
            rep,
            coach or self.user_manager_a,
            name=f"Held {days_ago}",
            date=self.past - timedelta(days=days_ago),
            rating_ids=[(0, 0, {"skill_id": skill.id, "value": value}) for skill, value in ratings],
        )
        session.state = state
        return session

    def test_latest_rating_and_trend(self):
        self._held(self.user_rep_a, 60, [(self.skill_questioning, 2), (self.skill_funnel, 3)])
        latest = self._held(self.user_rep_a, 20, [(self.skill_questioning, 4), (self.skill_funnel, 3)])
        # a planned (not held) session does not count
        self._held(self.user_rep_a, 1, [(self.skill_questioning, 1)], state="planned")
        # rep B's ratings do not leak into rep A's profile
        self._held(self.user_rep_b, 5, [(self.skill_questioning, 1)])
        profile = self.env["crm.coaching.skill.profile"].with_user(self.user_rep_a).search([])
        by_skill = {line.skill_id: line for line in profile}
        self.assertEqual(set(by_skill), {self.skill_questioning, self.skill_funnel})
        questioning = by_skill[self.skill_questioning]
        self.assertEqual(
            (
                questioning.value_latest,
                questioning.value_previous,
                questioning.value_delta,
                questioning.trend,
            ),
            (4, 2, 2, "up"),
        )
        self.assertEqual(questioning.rating_count, 2)
        self.assertAlmostEqual(questioning.value_average, 3.0)
        self.assertEqual(questioning.session_id, latest)
        self.assertEqual(questioning.area_id, self.area_conversation)
        self.assertEqual(
            (by_skill[self.skill_funnel].trend, by_skill[self.skill_funnel].value_delta), ("stable", 0)
        )

    def test_decline_and_first_rating_and_review(self):
        self._held(self.user_rep_b, 40, [(self.skill_questioning, 5)])
        self._held(self.user_rep_b, 15, [(self.skill_questioning, 3), (self.skill_funnel, 2)])
        profile = (
            self.env["crm.coaching.skill.profile"]
            .with_user(self.user_manager_a)
            .search([("rep_id", "=", self.user_rep_b.id)])
        )
        trends = {line.skill_id: (line.trend, line.value_delta) for line in profile}
        self.assertEqual(trends, {self.skill_questioning: ("down", -2), self.skill_funnel: ("new", 0)})
        review = (
            self.env["crm.coaching.review"]
            .with_user(self.user_manager_a)
            .search([("rep_id", "=", self.user_rep_b.id), ("team_id", "=", self.team_a.id)])
        )
        self.assertEqual((review.skill_down_count, review.skill_up_count, review.skill_delta), (1, 0, -2))

    def test_level_guide_follows_the_rating(self):
        session = self._held(self.user_rep_a, 3, [(self.skill_questioning, 3)])
        rating = session.rating_ids.with_user(self.user_rep_a)
        self.assertEqual(rating.level_id.name, "Developing")
        self.assertEqual(rating.level_guide, "Finds problems, no impact.")

    def test_coverage_and_cadence(self):
        self.team_a.coaching_cadence_target = 2
        # rep A: one held session 10 days ago (plus the planned fixture session): below the cadence
        self.session_a.state = "done"
        # rep B: two held sessions in the last 30 days, one older than 30 days
        self.session_b.state = "acknowledged"
        self._held(self.user_rep_b, 5, [])
        self._held(self.user_rep_b, 50, [])
        Review = self.env["crm.coaching.review"].with_user(self.user_manager_a)
        rows = {r.rep_id: r for r in Review.search([("team_id", "=", self.team_a.id)])}
        rep_a, rep_b = rows[self.user_rep_a], rows[self.user_rep_b]
        self.assertEqual((rep_a.session_30_count, rep_a.session_90_count), (1, 1))
        self.assertTrue(rep_a.is_below_cadence)
        self.assertEqual(rep_a.days_since_last_session, 10)
        self.assertEqual((rep_b.session_30_count, rep_b.session_90_count), (2, 3))
        self.assertFalse(rep_b.is_below_cadence)
        self.assertEqual(rep_b.days_since_last_session, 10)
        self.assertEqual(
            Review.search([("is_below_cadence", "=", True), ("team_id", "=", self.team_a.id)]).rep_id,
            self.user_rep_a,
        )
        # a rep never coached shows with no last session and is below cadence
        self.session_a.state = "cancelled"
        self.env.invalidate_all()  # SQL-query rows are not invalidated by changes of their source tables
        row = Review.search([("rep_id", "=", self.user_rep_a.id), ("team_id", "=", self.team_a.id)])
        self.assertFalse(row.date_last_session)
        self.assertTrue(row.is_below_cadence)
