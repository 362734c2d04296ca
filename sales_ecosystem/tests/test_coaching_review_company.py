# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import CoachingCommon


@tagged("post_install", "-at_install")
class TestCoachingReviewTeamsWithoutCompany(CoachingCommon):
    def test_review_lists_reps_of_a_team_without_company(self):
        """crm's teams have no company by default: their reps are reviewed in their own company."""
        team = self.env["crm.team"].create({"name": "SE No-company Team", "user_id": self.user_manager_a.id})
        self.assertFalse(team.company_id)
        self.env["crm.team.member"].create({"crm_team_id": team.id, "user_id": self.user_rep_a.id})
        self.session_a.action_mark_done()
        rows = (
            self.env["crm.coaching.review"].with_user(self.user_manager_a).search([("team_id", "=", team.id)])
        )
        self.assertEqual(rows.rep_id, self.user_rep_a)
        self.assertEqual(rows.company_id, self.user_rep_a.company_id)
        self.assertEqual(rows.session_30_count, 1, "the rep's session of their company counts")


@tagged("post_install", "-at_install")
class TestCoachingSessionFormRights(CoachingCommon):
    def test_rep_sees_coach_fields_readonly_and_cannot_write_them(self):
        session_as_rep = self.session_a.with_user(self.user_rep_a)
        self.assertFalse(
            session_as_rep.is_coach_user, "the form makes the coach's fields read-only for the rep"
        )
        self.assertTrue(self.session_a.with_user(self.user_manager_a).is_coach_user)
        with self.assertRaisesRegex(Exception, "only write your comment"):
            session_as_rep.write({"observations": "<p>typed by the rep</p>"})
        session_as_rep.write({"rep_comment": "<p>Thanks</p>"})
