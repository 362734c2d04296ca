# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CoachingCommon


@tagged("post_install", "-at_install")
class TestCoachingActions(CoachingCommon):
    def _add_action(self, session, name, deadline, **values):
        session.with_user(self.user_manager_a).write(
            {"action_ids": [(0, 0, {"name": name, "date_deadline": deadline, **values})]}
        )
        return session.action_ids.filtered(lambda a: a.name == name)

    def test_activity_created_for_the_rep_and_completion_marks_done(self):
        deadline = fields.Date.today() + timedelta(days=5)
        action = self._add_action(self.session_a, "Rewrite the discovery script", deadline)
        activity = action.activity_id
        self.assertEqual(activity.user_id, self.user_rep_a)
        self.assertEqual(activity.date_deadline, deadline)
        self.assertEqual(activity.summary, "Rewrite the discovery script")
        self.assertEqual(
            activity.activity_type_id, self.env.ref("sales_ecosystem.mail_activity_type_coaching_action")
        )
        self.assertEqual((activity.res_model, activity.res_id), ("crm.coaching.session", self.session_a.id))
        # it is among the rep's own activities (systray / "My Activities")
        mine = (
            self.env["mail.activity"]
            .with_user(self.user_rep_a)
            .search([("user_id", "=", self.user_rep_a.id)])
        )
        self.assertIn(activity, mine)
        # the rep completes the activity: the action item is done
        activity.with_user(self.user_rep_a).action_feedback(feedback="Done, shared with Mona")
        self.assertEqual(action.state, "done")
        self.assertEqual(action.date_done, fields.Date.context_today(action))
        self.assertFalse(activity.active)

    def test_action_on_deal_puts_activity_on_the_deal(self):
        lead = self._create_lead("Unfit Shop renewal", partner=self.partner_unfit, user=self.user_rep_a)
        action = self._add_action(
            self.session_a,
            "Map the buying influences",
            fields.Date.today() + timedelta(days=3),
            lead_id=lead.id,
        )
        self.assertEqual((action.activity_id.res_model, action.activity_id.res_id), ("crm.lead", lead.id))
        self.assertIn(action.activity_id, lead.with_user(self.user_rep_a).activity_ids)
        # done from the action plan: the activity is completed and posted on the deal
        action.with_user(self.user_rep_a).action_done()
        self.assertEqual(action.state, "done")
        self.assertFalse(action.activity_id.active)
        done_message = lead.message_ids.filtered(
            lambda m: (
                m.mail_activity_type_id == self.env.ref("sales_ecosystem.mail_activity_type_coaching_action")
            )
        )
        self.assertEqual(len(done_message), 1)

    def test_rescheduling_and_owner_sync_the_activity(self):
        action = self._add_action(
            self.session_a, "Role-play pricing", fields.Date.today() + timedelta(days=2)
        )
        new_deadline = fields.Date.today() + timedelta(days=9)
        action.with_user(self.user_manager_a).write(
            {"date_deadline": new_deadline, "owner_id": self.user_manager_a.id}
        )
        self.assertEqual(action.activity_id.date_deadline, new_deadline)
        self.assertEqual(action.activity_id.user_id, self.user_manager_a)

    @mute_logger("odoo.models")
    def test_rep_only_completes_items(self):
        action = self._add_action(
            self.session_a, "Read the playbook", fields.Date.today() + timedelta(days=2)
        )
        with self.assertRaises(AccessError):
            action.with_user(self.user_rep_a).write(
                {"date_deadline": fields.Date.today() + timedelta(days=60)}
            )
        with self.assertRaises(AccessError):
            action.with_user(self.user_rep_a).action_cancel()
        with self.assertRaises(AccessError):
            action.with_user(self.user_rep_b).action_done()
        self.assertEqual(action.state, "open")

    def test_overdue_flagged_on_session_and_review(self):
        self._add_action(self.session_a, "Overdue follow-up", self.past.date() + timedelta(days=1))
        self._add_action(self.session_a, "Future follow-up", fields.Date.today() + timedelta(days=10))
        session = self.session_a.with_user(self.user_manager_a)
        self.assertEqual(session.action_open_count, 2)
        self.assertEqual(session.action_overdue_count, 1)
        self.assertTrue(session.is_action_overdue)
        Session = self.env["crm.coaching.session"].with_user(self.user_manager_a)
        self.assertEqual(Session.search([("is_action_overdue", "=", True)]), self.session_a)
        self.assertEqual(Session.search([("is_action_overdue", "=", False)]), self.session_b)
        review = (
            self.env["crm.coaching.review"]
            .with_user(self.user_manager_a)
            .search([("rep_id", "=", self.user_rep_a.id), ("team_id", "=", self.team_a.id)])
        )
        self.assertEqual((review.action_open_count, review.action_overdue_count), (2, 1))
        overdue = (
            self.env["crm.coaching.action"].with_user(self.user_manager_a).search([("is_overdue", "=", True)])
        )
        self.assertEqual(overdue.name, "Overdue follow-up")

    def test_action_counts_query_count_is_flat(self):
        sessions = self.session_a | self.session_b
        for session in sessions:
            self._add_action(session, f"Item {session.id}", fields.Date.today())
        many = sessions | self._create_session(self.user_rep_b, self.user_manager_a, name="Third")
        for records in (self.session_a, many):
            records.invalidate_recordset()
            with self.assertQueryCount(2):
                records.mapped("action_overdue_count")

    def test_completing_an_activity_of_another_model_searches_nothing(self):
        """One mail.activity._action_done for the addon (coaching, account plans): completing an activity of a
        model whose records mirror no item of the addon (a contact's to-do) searches neither items nor
        initiatives."""
        partner = self.env["res.partner"].create({"name": "SE Activity Contact"})
        activity = partner.activity_schedule("mail.mail_activity_data_todo", user_id=self.env.uid)
        searched = []

        def spy(model):
            original = type(self.env[model])._search

            def _search(records, *args, **kwargs):
                searched.append(records._name)
                return original(records, *args, **kwargs)

            return patch.object(type(self.env[model]), "_search", _search)

        with spy("crm.coaching.action"), spy("crm.account.plan.initiative"):
            activity.action_feedback(feedback="Called")
        self.assertFalse(activity.active, "done")
        self.assertEqual(searched, [])
