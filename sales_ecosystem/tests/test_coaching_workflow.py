# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import CoachingCommon


@tagged("post_install", "-at_install")
class TestCoachingWorkflow(CoachingCommon):
    def test_planned_done_acknowledged(self):
        # end the "creation transaction" of the fixture (mail.thread does not track a record in the transaction
        # that creates it), as a real request would have
        self.env.cr.flush()
        session = self.session_a.with_user(self.user_manager_a)
        self.assertEqual(session.state, "planned")
        session.action_mark_done()
        self.assertEqual(session.state, "done")
        self.assertTrue(session.date_done)
        # the rep is notified and invited to acknowledge
        self.assertIn(self.user_rep_a.partner_id, session.message_ids[0].partner_ids)
        session.with_user(self.user_rep_a).write({"rep_comment": "Agreed on the priorities."})
        session.with_user(self.user_rep_a).action_acknowledge()
        self.assertEqual(self.session_a.state, "acknowledged")
        self.assertTrue(self.session_a.date_acknowledged)
        self.assertEqual(self.session_a.rep_comment, "Agreed on the priorities.")
        # tracking values are written when the cursor flushes (at commit in real use)
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()
        # tracked: the chatter shows the status change to acknowledged
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "crm.coaching.session"),
                ("mail_message_id.res_id", "=", self.session_a.id),
                ("field_id.name", "=", "state"),
            ]
        )
        self.assertIn(
            "Acknowledged",
            tracked.mapped("new_value_char"),
            tracked.read(["old_value_char", "new_value_char"]),
        )

    def test_only_the_rep_acknowledges(self):
        self.session_a.with_user(self.user_manager_a).action_mark_done()
        with self.assertRaises(UserError) as cm:
            self.session_a.with_user(self.user_manager_a).action_acknowledge()
        self.assertRegex(str(cm.exception), "Coaching Alice.*only be acknowledged by its Rep, Alice Rep")
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.session_a.with_user(self.user_rep_b).action_acknowledge()
        self.assertEqual(self.session_a.state, "done")

    def test_cannot_acknowledge_before_held(self):
        with self.assertRaises(UserError) as cm:
            self.session_a.with_user(self.user_rep_a).action_acknowledge()
        self.assertRegex(str(cm.exception), "only a held session can be acknowledged")
        self.assertEqual(self.session_a.state, "planned")

    def test_rep_cannot_mark_held_nor_rewrite_state(self):
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.session_a.with_user(self.user_rep_a).action_mark_done()
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.session_a.with_user(self.user_rep_a).write({"state": "acknowledged"})
        self.assertEqual(self.session_a.state, "planned")

    def test_mark_done_twice_and_cancel_acknowledged(self):
        session = self.session_a.with_user(self.user_manager_a)
        session.action_mark_done()
        with self.assertRaises(UserError) as cm:
            session.action_mark_done()
        self.assertRegex(str(cm.exception), "only a planned session can be marked as held")
        session.with_user(self.user_rep_a).action_acknowledge()
        with self.assertRaises(UserError) as cm:
            session.action_cancel()

        self.assertRegex(str(cm.exception), "acknowledged by the rep and cannot be cancelled")

    def test_cancel_cancels_open_actions_and_reset(self):
        session = self.session_a.with_user(self.user_manager_a)
        session.write({"action_ids": [(0, 0, {"name": "Shadow a demo", "date_deadline": self.past.date()})]})
        activity = session.action_ids.activity_id
        self.assertTrue(activity)
        session.action_cancel()
        self.assertEqual(session.state, "cancelled")
        self.assertEqual(session.action_ids.state, "cancelled")
        self.assertFalse(activity.exists())
        session.action_reset_planned()
        self.assertEqual(session.state, "planned")

    # ------------------------------------------------------------
    # Bad input: clear errors, nothing saved half
    # ------------------------------------------------------------

    def test_rep_is_coach(self):
        Session = self.env["crm.coaching.session"].with_user(self.user_manager_a)
        count = Session.search_count([])
        with self.assertRaises(ValidationError) as cm:
            Session.create(
                {"name": "Self review", "rep_id": self.user_manager_a.id, "coach_id": self.user_manager_a.id}
            )
        self.assertRegex(str(cm.exception), "Self review.*Mona Manager cannot be both the Rep and the Coach")
        self.assertEqual(Session.search_count([]), count)

    def test_rating_outside_scale_saves_nothing(self):
        Session = self.env["crm.coaching.session"].with_user(self.user_manager_a)
        count = Session.search_count([])
        with self.assertRaises(ValidationError) as cm:
            Session.create(
                {
                    "name": "Bad rating",
                    "rep_id": self.user_rep_a.id,
                    "coach_id": self.user_manager_a.id,
                    "rating_ids": [(0, 0, {"skill_id": self.skill_questioning.id, "value": 7})],
                    "action_ids": [(0, 0, {"name": "Never scheduled", "date_deadline": "2100-01-01"})],
                }
            )
        self.assertRegex(
            str(cm.exception), "Bad rating.*Rating 7 of skill SE Impact questions is outside its scale 1-5"
        )
        self.assertEqual(Session.search_count([]), count)
        self.assertFalse(self.env["mail.activity"].search([("summary", "=", "Never scheduled")]))
        with self.assertRaises(ValidationError) as cm:
            self.session_a.with_user(self.user_manager_a).write(
                {"rating_ids": [(0, 0, {"skill_id": self.skill_funnel.id, "value": 0})]}
            )
        self.assertRegex(str(cm.exception), "outside its scale 1-4")
        self.assertFalse(self.session_a.rating_ids)

    def test_dates_in_wrong_order(self):
        session = self.session_a.with_user(self.user_manager_a)
        with self.assertRaises(ValidationError) as cm:
            session.write({"date_follow_up": (self.past - timedelta(days=3)).date()})
        self.assertRegex(str(cm.exception), "Coaching Alice.*Next Session.*cannot be before the session Date")
        with self.assertRaises(ValidationError) as cm:
            session.write(
                {
                    "action_ids": [
                        (0, 0, {"name": "Late", "date_deadline": (self.past - timedelta(days=1)).date()})
                    ]
                }
            )
        self.assertRegex(str(cm.exception), "Late.*Coaching Alice.*Due Date.*cannot be before")
        self.assertFalse(session.action_ids)
        self.assertFalse(session.date_follow_up)
        Wizard = self.env["crm.coaching.summary.wizard"].with_user(self.user_manager_a)
        with self.assertRaises(ValidationError) as cm:
            Wizard.create({"rep_id": self.user_rep_a.id, "date_from": "2026-03-01", "date_to": "2026-01-01"})

        self.assertRegex(str(cm.exception), "Alice Rep.*starts.*after it ends")

    def test_skill_scale_and_levels(self):
        with self.assertRaises(ValidationError) as cm:
            self.skill_funnel.with_user(self.user_admin_se).write(
                {"level_ids": [(0, 0, {"value": 9, "name": "Too high"})]}
            )
        self.assertRegex(
            str(cm.exception), "Level Too high of skill SE Funnel balance.*outside the scale 1-4"
        )
        with self.assertRaises(ValidationError) as cm:
            self.skill_questioning.with_user(self.user_admin_se).write({"scale_max": 4})

        self.assertRegex(str(cm.exception), "SE Impact questions.*levels \\(5\\) outside the rating scale")

    def test_coach_this_deal(self):
        lead = self._create_lead("Fit Corp expansion", partner=self.contact_fit, user=self.user_rep_a)
        action = lead.with_user(self.user_manager_a).action_coach_this_deal()
        self.assertEqual(action["res_model"], "crm.coaching.session")
        with Form(
            self.env["crm.coaching.session"].with_user(self.user_manager_a).with_context(**action["context"])
        ) as f:
            self.assertEqual(f.rep_id, self.user_rep_a)
            self.assertEqual(f.coach_id, self.user_manager_a)
            self.assertEqual(f.session_type, "deal_review")
        session = f.save()
        self.assertEqual(session.lead_ids, lead)
        self.assertEqual(session.partner_ids, self.partner_fit)
        self.assertEqual(session.team_id, self.team_a)
        self.assertIn("Fit Corp expansion", session.name)
        self.assertEqual(lead.with_user(self.user_manager_a).coaching_session_count, 1)
        self.assertEqual(lead.with_user(self.user_rep_a).coaching_session_count, 1)
