# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CoachingCommon


@tagged("post_install", "-at_install")
class TestCoachingPrivacy(CoachingCommon):
    """Who reads and writes which coaching session: rep A, rep B, their coach, other managers."""

    def _visible(self, user, model="crm.coaching.session", company=None):
        company = company or user.company_id
        Model = self.env[model].with_user(user).with_company(company)
        all_sessions = self.session_a | self.session_b | self.session_other | self.session_c2
        return Model.search([("id", "in", all_sessions.ids)]) if model == "crm.coaching.session" else Model

    def test_read_matrix(self):
        expected = {
            self.user_rep_a: self.session_a,
            self.user_rep_b: self.session_b,
            self.user_rep_other: self.session_other,
            self.user_manager_a: self.session_a | self.session_b,
            self.user_manager_b: self.session_other,
            self.user_manager_c2: self.session_c2,
            self.user_rep_c2: self.session_c2,
        }
        for user, sessions in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(self._visible(user), sessions)

    @mute_logger("odoo.models")
    def test_read_denied(self):
        denied = {
            self.user_rep_a: self.session_b,
            self.user_rep_b: self.session_a,
            self.user_manager_b: self.session_a,
            self.user_manager_c2: self.session_a,
            self.user_manager_a: self.session_other,
        }
        for user, session in denied.items():
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                session.with_user(user).read(["name"])

    def test_other_company_not_visible_even_to_admin_outside_allowed_companies(self):
        Session = self.env["crm.coaching.session"].with_user(self.user_admin_se)
        self.assertNotIn(self.session_c2, Session.search([]))
        self.user_admin_se.company_ids |= self.company_2
        Session = Session.with_context(allowed_company_ids=[self.company_main.id, self.company_2.id])
        self.assertIn(self.session_c2, Session.search([]))

    def test_coach_of_another_team_sees_the_sessions_they_run(self):
        cross = self._create_session(self.user_rep_a, self.user_manager_b, name="Cross-team ride-along")
        visible = self.env["crm.coaching.session"].with_user(self.user_manager_b).search([])
        self.assertIn(cross, visible)
        self.assertNotIn(self.session_a, visible)

    def test_team_leadership_change_moves_access(self):
        by_admin = self._create_session(self.user_rep_b, self.user_admin_se, name="Director ride-along")
        Session = self.env["crm.coaching.session"]
        self.assertIn(by_admin, Session.with_user(self.user_manager_a).search([]))
        self.assertNotIn(by_admin, Session.with_user(self.user_manager_b).search([]))
        self.team_a.user_id = self.user_manager_b
        self.assertNotIn(by_admin, Session.with_user(self.user_manager_a).search([]))
        self.assertIn(by_admin, Session.with_user(self.user_manager_b).search([]))

    def test_private_coach_note(self):
        self.assertIn("Private note", self.session_a.with_user(self.user_manager_a).coach_note)
        with self.assertRaises(AccessError):
            self.session_a.with_user(self.user_rep_a).read(["coach_note"])
        fields = self.env["crm.coaching.session"].with_user(self.user_rep_a).fields_get()
        self.assertNotIn("coach_note", fields)
        self.assertIn(
            "coach_note", self.env["crm.coaching.session"].with_user(self.user_manager_a).fields_get()
        )

    @mute_logger("odoo.models")
    def test_write_matrix(self):
        # the rep writes their comment, nothing else, and only on their own session
        self.session_a.with_user(self.user_rep_a).write({"rep_comment": "Fair points"})
        self.assertEqual(self.session_a.rep_comment, "Fair points")
        with self.assertRaises(AccessError):
            self.session_a.with_user(self.user_rep_a).write({"observations": "<p>I was great</p>"})
        with self.assertRaises(AccessError):
            self.session_b.with_user(self.user_rep_a).write({"rep_comment": "Not mine"})
        # the coach writes their team's sessions, another team's manager and company 2 cannot
        self.session_b.with_user(self.user_manager_a).write({"observations": "<p>Good call</p>"})
        self.assertIn("Good call", self.session_b.observations)
        for user in (self.user_manager_b, self.user_manager_c2, self.user_rep_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.session_a.with_user(user).write({"name": "Hijacked"})
        self.assertEqual(self.session_a.name, "Coaching Alice")

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_create_and_unlink_rights(self):
        Session = self.env["crm.coaching.session"]
        with self.assertRaises(AccessError):
            Session.with_user(self.user_rep_a).create(
                {"name": "Self-coaching", "rep_id": self.user_rep_b.id, "coach_id": self.user_manager_a.id}
            )
        with self.assertRaises(AccessError):
            self.session_a.with_user(self.user_rep_a).unlink()
        with self.assertRaises(AccessError):
            self.session_a.with_user(self.user_manager_b).unlink()
        # a manager cannot create a session they would not be allowed to see
        with self.assertRaises(AccessError):
            Session.with_user(self.user_manager_b).create(
                {"name": "Poaching", "rep_id": self.user_rep_a.id, "coach_id": self.user_manager_a.id}
            )
        created = Session.with_user(self.user_manager_a).create(
            {"name": "Weekly", "rep_id": self.user_rep_b.id, "coach_id": self.user_manager_a.id}
        )
        self.assertEqual(created.team_id, self.team_a)

    def test_ratings_actions_profile_review_follow_the_sessions(self):
        self.session_a.write(
            {
                "rating_ids": [(0, 0, {"skill_id": self.skill_questioning.id, "value": 3})],
                "action_ids": [(0, 0, {"name": "Call Fit Corp", "date_deadline": self.past.date()})],
                "state": "done",
            }
        )
        self.session_b.write(
            {
                "rating_ids": [(0, 0, {"skill_id": self.skill_questioning.id, "value": 4})],
                "action_ids": [(0, 0, {"name": "Prepare demo", "date_deadline": self.past.date()})],
                "state": "done",
            }
        )
        for model in ("crm.coaching.rating", "crm.coaching.action", "crm.coaching.skill.profile"):
            with self.subTest(model=model):
                self.assertEqual(
                    self.env[model].with_user(self.user_rep_a).search([]).rep_id, self.user_rep_a, model
                )
                self.assertEqual(
                    self.env[model].with_user(self.user_manager_a).search([]).rep_id,
                    self.user_rep_a | self.user_rep_b,
                )
                self.assertFalse(self.env[model].with_user(self.user_manager_b).search([]))
                self.assertFalse(self.env[model].with_user(self.user_manager_c2).search([]))
        Review = self.env["crm.coaching.review"]
        self.assertEqual(Review.with_user(self.user_rep_a).search([]).rep_id, self.user_rep_a)
        self.assertEqual(
            Review.with_user(self.user_manager_a).search([("team_id", "=", self.team_a.id)]).rep_id,
            self.user_rep_a | self.user_rep_b,
        )
        self.assertFalse(Review.with_user(self.user_manager_b).search([("team_id", "=", self.team_a.id)]))
