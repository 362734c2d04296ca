# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import (
    GROUP_MANAGER,
    GROUP_SALESMAN,
    ConversationCommon,
    SalesEcosystemHttpCommon,
    count_queries,
)


@tagged("post_install", "-at_install")
class TestConversationPlan(ConversationCommon):
    def test_plan_from_deal_in_one_click(self):
        """From the deal: its next meeting without a plan is planned; contacts, questions and the chatter follow."""
        self._meeting(self.deal_a, days=-1)  # past: not the one planned
        later = self._meeting(self.deal_a, days=5)
        sooner = self._meeting(self.deal_a, days=2)
        deal = self.deal_a.with_user(self.user_rep_a)
        action = deal.action_conversation_plan()
        plan = self.env["crm.conversation.plan"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "crm.conversation.plan")
        self.assertEqual((plan.event_id, plan.lead_id, plan.user_id), (sooner, self.deal_a, self.user_rep_a))
        self.assertEqual(
            (plan.state, plan.stage_id, plan.company_id), ("planned", self.stage_qualified, self.company_main)
        )
        self.assertEqual(plan.contact_ids.partner_id, self.contact_eb | self.contact_champion)
        self.assertEqual(
            set(plan.contact_ids.mapped("buying_role")),
            {"economic_buyer", "champion"},
            "roles from the contacts",
        )
        # a question per unconfirmed criterion of the deal's scorecard
        self.assertEqual(plan.question_ids.criterion_id, self.crit_pain | self.crit_decision)
        self.assertIn("What hurts, how much?", plan.question_ids.mapped("name"))
        self.assertIn("Meeting planned", self.deal_a.message_ids[0].body)
        # the next click plans the next meeting, then there is none left
        self.assertEqual(
            self.env["crm.conversation.plan"].browse(deal.action_conversation_plan()["res_id"]).event_id,
            later,
        )
        with self.assertRaisesRegex(UserError, "SE Conv A has no upcoming meeting without a plan"):
            deal.action_conversation_plan()
        self.assertEqual(self.deal_a.with_user(self.user_rep_a).conversation_plan_count, 2)

    def test_plan_from_meeting(self):
        """From the meeting (also one made for a meeting activity: res_model/res_id): created once, then opened."""
        event = self._meeting(self.deal_a).with_user(self.user_rep_a)
        plan_id = event.action_conversation_plan()["res_id"]
        self.assertEqual(event.action_conversation_plan()["res_id"], plan_id, "the same plan is opened again")
        self.assertEqual(event.conversation_plan_id.id, plan_id)
        self.assertEqual(event.conversation_plan_state, "planned")
        activity_meeting = self.env["calendar.event"].create(
            {
                "name": "From an activity",
                "start": datetime.now() + timedelta(days=1),
                "stop": datetime.now() + timedelta(days=1, hours=1),
                "res_model_id": self.env.ref("crm.model_crm_lead").id,
                "res_id": self.deal_b.id,
                "user_id": self.user_rep_b.id,
            }
        )
        activity_meeting.opportunity_id = False
        plan = self.env["crm.conversation.plan"].browse(
            activity_meeting.with_user(self.user_rep_b).action_conversation_plan()["res_id"]
        )
        self.assertEqual((plan.lead_id, plan.user_id), (self.deal_b, self.user_rep_b))

    def test_talk_track_by_persona_and_stage(self):
        plan = self._plan(self.deal_a, user=self.user_rep_a)
        blocker = self.env["res.partner"].create(
            {"name": "Bea Blocker", "parent_id": self.partner_fit.id, "buying_role": "blocker"}
        )
        plan.write({"contact_ids": [Command.create({"partner_id": blocker.id})]})
        tracks = {line.partner_id: line.talk_track_id for line in plan.contact_ids}
        self.assertEqual(tracks[self.contact_eb], self.track_eb_qualified)
        self.assertEqual(tracks[self.contact_champion], self.track_champion_qualified)
        self.assertFalse(tracks[blocker], "no talk track for that persona in this stage")
        self.assertEqual(plan.talk_track_ids, self.track_eb_qualified | self.track_champion_qualified)
        # the deal moves to Proposal: team A's playbook of that stage
        self.deal_a.stage_id = self.stage_proposal
        plan.invalidate_recordset()
        plan.contact_ids.invalidate_recordset()
        tracks = {line.partner_id: line.talk_track_id for line in plan.contact_ids}
        self.assertEqual(tracks[self.contact_eb], self.track_eb_proposal)
        self.assertFalse(tracks[self.contact_champion])
        # the rep sets another role for this meeting: the proposal follows the persona
        line = plan.contact_ids.filtered(lambda c: c.partner_id == self.contact_champion)
        line.with_user(self.user_rep_a).buying_role = "economic_buyer"
        self.assertEqual(line.talk_track_id, self.track_eb_proposal)
        self.assertEqual(self.contact_champion.buying_role, "champion", "the contact card is not changed")

    def test_plan_pdf(self):
        plan = self._plan(self.deal_a, user=self.user_rep_a)
        plan.write({"objective": "Agree the pilot scope", "advance_sought": "Pilot kick-off booked"})
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_rep_a)
            ._render_qweb_html("sales_ecosystem.report_conversation_plan", plan.ids)
        )
        html = html.decode()
        for text in (
            "Agree the pilot scope",
            "Pilot kick-off booked",
            "Erin Economic",
            "EB: business impact",
        ):
            self.assertIn(text, html)
        self.assertIn("What hurts, how much?", html, "the questions to ask")

    def test_debrief_schedules_next_step_and_offers_scorecard(self):
        plan = self._plan(self.deal_a, days=-1, user=self.user_rep_a)
        plan.question_ids[0].is_asked = True
        due = fields.Date.today() + timedelta(days=4)
        plan.write(
            {
                "learned": "The CFO decides; the pain costs 2 FTE.",
                "advance_status": "obtained",
                "advance_obtained": "Workshop with IT booked",
                "next_step": "Send the workshop agenda",
                "date_next_step": due,
            }
        )
        action = plan.action_debrief()
        self.assertEqual(plan.state, "debriefed")
        self.assertEqual(plan.advance_rate, 100.0)
        activity = plan.next_step_activity_id
        self.assertEqual(
            (activity.res_model, activity.res_id, activity.summary, activity.date_deadline, activity.user_id),
            ("crm.lead", self.deal_a.id, "Send the workshop agenda", due, self.user_rep_a),
        )
        body = self.deal_a.message_ids[0].body
        self.assertIn("Meeting debriefed", body)
        self.assertIn("Workshop with IT booked", body)
        self.assertIn("Questions asked: 1 of 2", body)
        # the scorecard is offered next to what was learned, and updated from there
        self.assertEqual(
            (action["res_model"], action["res_id"], action["target"]), (plan._name, plan.id, "new")
        )
        self.assertEqual(
            action["views"][0][0],
            self.env.ref("sales_ecosystem.crm_conversation_plan_view_form_scorecard").id,
        )
        pain = self.deal_a.methodology_status_ids.filtered(lambda s: s.criterion_id == self.crit_pain)
        plan.write(
            {
                "lead_methodology_status_ids": [
                    Command.update(pain.id, {"status": "confirmed", "note": "2 FTE"})
                ]
            }
        )
        self.assertEqual((pain.status, pain.note), ("confirmed", "2 FTE"))
        with self.assertRaisesRegex(UserError, "already debriefed"):
            plan.action_debrief()
        # nothing left to confirm: no scorecard offered
        self.deal_b.methodology_status_ids.write({"status": "confirmed"})
        other = self._plan(self.deal_b, days=-1, user=self.user_rep_b)
        other.write({"learned": "x", "advance_status": "not_obtained"})
        self.assertIs(other.action_debrief(), True)
        self.assertEqual(other.advance_rate, 0.0)
        self.assertFalse(other.next_step_activity_id)

    def test_bad_input(self):
        Plan = self.env["crm.conversation.plan"].with_user(self.user_rep_a)
        count = Plan.search_count([])
        with self.assertRaisesRegex(ValidationError, "needs the meeting it is about"):
            Plan.create({"lead_id": self.deal_a.id, "learned": "x", "advance_status": "obtained"})
        orphan = self.env["calendar.event"].create(
            {"name": "Lunch", "start": datetime.now(), "stop": datetime.now() + timedelta(hours=1)}
        )
        with self.assertRaisesRegex(ValidationError, "Lunch is not linked to an opportunity"):
            Plan.create({"event_id": orphan.id})
        # a plan on a meeting of another company's deal
        event_c2 = self._meeting(self.deal_c2)
        with self.assertRaisesRegex(UserError, "deal SE Conv C2 belongs to company Other Company SE"):
            Plan.create({"event_id": event_c2.id})
        with self.assertRaisesRegex(UserError, "belongs to company Other Company SE"):
            self.env["crm.conversation.plan"].with_company(self.company_main).create(
                {"event_id": event_c2.id}
            )
        self.assertEqual(Plan.search_count([]), count, "nothing half-written")
        # a debrief that says nothing
        plan = self._plan(self.deal_a, days=-1, user=self.user_rep_a)
        plan.next_step = "Call back"
        activities = self.deal_a.activity_ids
        with self.assertRaisesRegex(UserError, "say what was learned and whether an advance was obtained"):
            plan.action_debrief()
        with self.assertRaisesRegex(ValidationError, "fields What Was Learned and Advance"):
            plan.write({"state": "debriefed"})
        self.assertEqual((plan.state, self.deal_a.activity_ids), ("planned", activities))
        with self.assertRaisesRegex(UserError, "meeting, deal and company of a plan cannot change"):
            plan.write({"lead_id": self.deal_b.id})
        # a rating outside the scale: no rating, no session
        sessions = self.env["crm.coaching.session"].search_count([])
        with self.assertRaisesRegex(ValidationError, "outside its scale 1-5"):
            plan.with_user(self.user_manager_a).write(
                {"rating_ids": [Command.create({"skill_id": self.skill_planning.id, "value": 9})]}
            )
        self.assertEqual(self.env["crm.coaching.session"].search_count([]), sessions)
        self.assertFalse(plan.rating_ids)
        self.assertFalse(plan.coaching_session_id)

    def test_ride_along_creates_or_joins_session(self):
        plan = self._plan(self.deal_a, days=-1, user=self.user_rep_a)
        as_manager = plan.with_user(self.user_manager_a)
        as_manager.write(
            {
                "rating_ids": [
                    Command.create({"skill_id": self.skill_planning.id, "value": 4}),
                    Command.create({"skill_id": self.skill_advance.id, "value": 2, "note": "No ask"}),
                ]
            }
        )
        session = plan.coaching_session_id
        self.assertEqual(
            (session.session_type, session.rep_id, session.coach_id, session.state),
            ("ride_along", self.user_rep_a, self.user_manager_a, "planned"),
        )
        self.assertEqual(session.rating_ids, plan.rating_ids)
        self.assertEqual(session.lead_ids, self.deal_a)
        self.assertEqual(plan.rating_ids.mapped("level_id.name"), ["Proficient", "Emerging"])
        # a ride-along the manager logged beforehand for the rep's day is joined by the ratings of the meeting
        deal_2 = self._create_lead(
            "SE Conv A2", partner=self.partner_fit, off_strategy_reason="existing_customer"
        )
        event_2 = self._meeting(deal_2, days=-1, hour=15)
        logged = (
            self.env["crm.coaching.session"]
            .with_user(self.user_manager_a)
            .create(
                {
                    "name": "Ride-along day with Alice",
                    "rep_id": self.user_rep_a.id,
                    "session_type": "ride_along",
                    "date": event_2.start - timedelta(hours=6),
                }
            )
        )
        plan_2 = self.env["crm.conversation.plan"].with_user(self.user_rep_a).create({"event_id": event_2.id})
        plan_2.with_user(self.user_manager_a).write(
            {"rating_ids": [Command.create({"skill_id": self.skill_planning.id, "value": 3})]}
        )
        self.assertEqual(plan_2.coaching_session_id, logged)
        self.assertEqual(logged.lead_ids, deal_2)
        self.assertEqual(logged.rating_ids, plan_2.rating_ids)
        # held by the coach, acknowledged by the rep as any session
        session.with_user(self.user_manager_a).action_mark_done()
        session.with_user(self.user_rep_a).action_acknowledge()
        self.assertEqual(session.state, "acknowledged")
        # another day, the acknowledged session is closed: a new one
        plan_3 = self._plan(self.deal_a, days=-5, user=self.user_rep_a)
        plan_3.with_user(self.user_manager_a).write(
            {"rating_ids": [Command.create({"skill_id": self.skill_advance.id, "value": 5})]}
        )
        self.assertNotEqual(plan_3.coaching_session_id, session)
        self.assertEqual(plan_3.coaching_session_id.session_type, "ride_along")
        # the rep reads the ratings but cannot rate themselves
        self.assertEqual(len(plan.with_user(self.user_rep_a).rating_ids), 2)
        with self.assertRaises(AccessError):
            plan.with_user(self.user_rep_a).write(
                {"rating_ids": [Command.create({"skill_id": self.skill_advance.id, "value": 5})]}
            )

    def test_signals_on_coverage(self):
        """Share of the rep's late-stage meetings with a plan, share of debriefed meetings with an advance."""
        late = self._create_lead(
            "SE Conv Late",
            partner=self.partner_fit,
            stage=self.stage_proposal,
            off_strategy_reason="existing_customer",
        )
        self._meeting(late, days=-1)  # no plan
        self._debriefed(late, advance=True, days=-1)
        self._debriefed(late, advance=False, days=-1)
        self._debriefed(self.deal_a, advance=False, days=-1)  # not late stage: counted for the advance only
        if (fields.Date.today() - timedelta(days=1)).month != fields.Date.today().month:
            return  # the fixtures are last month: the month's rows below are empty (checked otherwise)
        month = fields.Date.today().replace(day=1)
        row = (
            self.env["crm.coaching.coverage"]
            .with_user(self.user_manager_a)
            .search(
                [
                    ("rep_id", "=", self.user_rep_a.id),
                    ("date_month", "=", month),
                    ("team_id", "=", self.team_a.id),
                ]
            )
        )
        self.assertEqual((row.late_meeting_count, row.late_planned_count), (3, 2))
        self.assertAlmostEqual(row.plan_rate, 200 / 3, places=2)
        self.assertEqual((row.debrief_count, row.advance_count), (3, 1))
        self.assertAlmostEqual(row.advance_rate, 100 / 3, places=2)
        row_b = self.env["crm.coaching.coverage"].search(
            [("rep_id", "=", self.user_rep_b.id), ("date_month", "=", month)]
        )
        self.assertEqual((row_b.late_meeting_count, row_b.debrief_count), (0, 0))
        self.assertFalse(row_b.plan_rate, "no late-stage meeting: no rate (not 0)")
        self.assertFalse(row_b.advance_rate)
        # the pivot of the advance rate by rep and stage
        groups = (
            self.env["crm.conversation.plan"]
            .with_user(self.user_manager_a)
            ._read_group(
                [("state", "=", "debriefed")], ["user_id", "stage_id"], ["advance_rate:avg", "__count"]
            )
        )
        rates = {(user, stage): (rate, count) for user, stage, rate, count in groups}
        self.assertEqual(rates[self.user_rep_a, self.stage_proposal], (50.0, 2))
        self.assertEqual(rates[self.user_rep_a, self.stage_qualified], (0.0, 1))

    def test_suggestion_for_reps_without_advance(self):
        Session = self.env["crm.coaching.session"]
        for _i in range(3):
            self._debriefed(self.deal_a, advance=False)
            self._debriefed(self.deal_b, advance=True)
        self._debriefed(self.deal_other, advance=False)  # one debrief only: too few to judge
        created = Session._suggest_sessions(reps=self.user_rep_a | self.user_rep_b | self.user_rep_other)
        suggested = created.filtered(lambda s: s.suggestion_signal == "_coaching_signal_meeting_advance")
        self.assertEqual(suggested.rep_id, self.user_rep_a)
        self.assertEqual(
            (suggested.session_type, suggested.coach_id), ("skill_practice", self.user_manager_a)
        )
        self.assertEqual(suggested.lead_ids, self.deal_a)
        self.assertIn("0 of 3 debriefed meetings", suggested.suggestion_reason)
        # not twice while it is planned
        again = Session._suggest_sessions(reps=self.user_rep_a)
        self.assertFalse(again.filtered(lambda s: s.suggestion_signal == "_coaching_signal_meeting_advance"))

    def test_deal_health_no_advance(self):
        signals = self.env["crm.deal.health.signal"].with_context(active_test=False).search([])
        signals.filtered(lambda s: s.code != "no_advance").write({"active": False})
        deals = self.deal_a | self.deal_b | self.deal_other
        deals._health_recompute()
        self.assertEqual(set(deals.mapped("health_status")), {"healthy"}, "no debrief: nothing changes")
        self._debriefed(self.deal_a, advance=False, days=-3)
        self.assertEqual(self.deal_a.health_status, "healthy", "one meeting without advance is not a pattern")
        self._debriefed(self.deal_a, advance=False, days=-1)
        self._debriefed(self.deal_b, advance=False, days=-3)
        self._debriefed(self.deal_b, advance=True, days=-1)
        self._debriefed(self.deal_other, advance=True, days=-3)
        self._debriefed(self.deal_other, advance=False, days=-1)
        self.env.flush_all()  # the debrief marks the deals for a re-check at the next flush
        self.assertEqual(self.deal_a.health_signal_ids.code, "no_advance")
        self.assertIn("No advance in the last 2 debriefed meetings", self.deal_a.health_details)
        self.assertFalse(self.deal_b.health_signal_ids, "the last meeting obtained an advance")
        self.assertFalse(self.deal_other.health_signal_ids, "one meeting only without advance")
        # the coaching capability off: the signal is not raised
        self.env["res.config.settings"].create({"group_se_coaching": False}).execute()
        self.deal_a._health_recompute()
        self.assertFalse(self.deal_a.health_signal_ids)

    def test_privacy_per_role(self):
        plan_a = self._plan(self.deal_a, user=self.user_rep_a)
        plan_other = self._plan(self.deal_other, user=self.user_rep_other)
        Plan = self.env["crm.conversation.plan"]
        self.assertEqual(Plan.with_user(self.user_rep_a).search([]), plan_a)
        self.assertFalse(Plan.with_user(self.user_rep_b).search([]), "another rep sees none")
        with self.assertRaises(AccessError):
            plan_a.with_user(self.user_rep_b).read(["objective"])
        self.assertEqual(Plan.with_user(self.user_manager_a).search([]), plan_a, "the team leader's reps")
        self.assertEqual(Plan.with_user(self.user_manager_b).search([]), plan_other)
        self.assertEqual(Plan.with_user(self.user_admin_se).search([]), plan_a | plan_other)
        # ride-along ratings follow the coaching privacy: the rated rep and the coach, not another rep
        plan_other.with_user(self.user_manager_b).write(
            {"rating_ids": [Command.create({"skill_id": self.skill_planning.id, "value": 3})]}
        )
        ratings = plan_other.rating_ids
        self.assertFalse(ratings.with_user(self.user_rep_a).search([("id", "in", ratings.ids)]))
        self.assertEqual(ratings.with_user(self.user_rep_other).search([("id", "in", ratings.ids)]), ratings)
        # stock Sales users (All Documents): the deal and meeting screens work, the plans stay private
        stock = mail_new_test_user(
            self.env, login="se_conv_stock", groups="base.group_user,sales_team.group_sale_salesman_all_leads"
        )
        lead = self.deal_a.with_user(stock)
        lead.read(["name", "conversation_plan_count"])
        self.assertEqual(lead.conversation_plan_count, 0)
        event = plan_a.event_id.with_user(stock)
        event.read(["name", "conversation_plan_id", "conversation_plan_state"])
        self.assertFalse(event.conversation_plan_id)
        for model, record in (("crm.lead", lead), ("calendar.event", event)):
            views = self.env[model].with_user(stock).get_views([(False, "form")])
            fnames = list(views["models"][model]["fields"])
            record.web_read({fname: {} for fname in fnames if fname in record._fields})
        # an employee without Sales: the meeting form still opens, the plan fields are not there
        employee = mail_new_test_user(self.env, login="se_conv_employee", groups="base.group_user")
        views = self.env["calendar.event"].with_user(employee).get_views([(False, "form")])
        self.assertNotIn("conversation_plan_id", views["models"]["calendar.event"]["fields"])
        event.with_user(employee).read(["name"])


@tagged("post_install", "-at_install", "sales_ecosystem_perf")
class TestConversationPlanPerformance(ConversationCommon):
    def _signals(self, deals):
        Session = self.env["crm.coaching.session"].with_user(self.user_manager_a)
        Session._coaching_signal_meeting_advance(deals.with_user(self.user_manager_a))
        deals._health_recompute()
        self.env["crm.coaching.coverage"].with_user(self.user_manager_a).search_read(
            [], ["plan_rate", "advance_rate", "late_meeting_count"]
        )

    def _deals_with_meetings(self, count):
        """``count`` late-stage deals of reps A and B, each with three debriefed meetings and one without a plan:
        every other deal's last two meetings obtained no advance (the 'no_advance' signal)."""
        deals = self.env["crm.lead"]
        for index in range(count):
            deal = self._create_lead(
                f"SE Conv Perf {count} {index}",
                partner=self.partner_fit,
                user=self.user_rep_a if index % 2 else self.user_rep_b,
                stage=self.stage_proposal,
                off_strategy_reason="existing_customer",
            )
            pattern = (True, False, False) if index % 2 else (False, False, True)
            for days, advance in zip((-3, -2, -1), pattern, strict=True):
                self._debriefed(deal, advance=advance, days=days)
            self._meeting(deal, days=-1)
            deals |= deal
        return deals

    def test_signal_queries_flat_in_meetings(self):
        """Suggestion signal, deal health and coverage: the same queries for 2 deals (8 meetings) and 8 deals
        (32 meetings)."""
        few = self._deals_with_meetings(2)
        many = self._deals_with_meetings(8)
        # warm: the first counted run flushes the fixtures' pending recomputes, which clears the record-rule cache
        for deals in (few, many):
            count_queries(self.env, lambda deals=deals: self._signals(deals))
        expected = count_queries(self.env, lambda: self._signals(few))
        self.assertEqual(count_queries(self.env, lambda: self._signals(many)), expected)
        self.assertEqual(len(many.filtered(lambda d: "no_advance" in d.health_signal_ids.mapped("code"))), 4)


@tagged("post_install", "-at_install")
class TestConversationPlanTour(SalesEcosystemHttpCommon):
    def test_rep_plans_debriefs_manager_rates(self):
        manager = mail_new_test_user(
            self.env, login="conv_coach", name="Cora Conv Coach", groups=f"base.group_user,{GROUP_MANAGER}"
        )
        rep = mail_new_test_user(
            self.env, login="conv_rep", name="Remy Conv Rep", groups=f"base.group_user,{GROUP_SALESMAN}"
        )
        team = self.env["crm.team"].create({"name": "Conv Tour Team", "user_id": manager.id})
        self.env["crm.team.member"].create({"crm_team_id": team.id, "user_id": rep.id})
        methodology = self.env["crm.methodology"].create(
            {"name": "Conv Tour Method", "code": "CTM", "criterion_ids": [(0, 0, {"name": "Timing"})]}
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Conv Tour Deal",
                "methodology_id": methodology.id,
                "type": "opportunity",
                "user_id": rep.id,
                "team_id": team.id,
                "off_strategy_reason": "existing_customer",
            }
        )
        start = datetime.now() + timedelta(days=1)
        event = self.env["calendar.event"].create(
            {
                "name": "Conv Tour Meeting",
                "start": start,
                "stop": start + timedelta(hours=1),
                "user_id": rep.id,
                "opportunity_id": lead.id,
            }
        )
        self.se_start_tour(
            f"/odoo/calendar/{event.id}", "sales_ecosystem_conversation_plan_rep", login="conv_rep"
        )
        plan = event.conversation_plan_ids
        self.assertEqual(len(plan), 1)
        self.assertEqual(plan.objective, "Agree on the pilot scope")
        self.assertEqual(plan.advance_sought, "Pilot kick-off booked")
        self.assertEqual((plan.state, plan.advance_status), ("debriefed", "obtained"))
        self.assertEqual(plan.learned, "They decide in March")
        self.assertEqual(lead.activity_ids.summary, "Send the pilot plan")
        self.assertEqual(len(lead.methodology_status_ids), 1, "the scorecard offered is the deal's")

        self.se_start_tour(
            f"/odoo/action-sales_ecosystem.crm_conversation_plan_action/{plan.id}",
            "sales_ecosystem_conversation_plan_rate",
            login="conv_coach",
        )
        self.assertEqual(plan.rating_ids.mapped("value"), [4])
        self.assertEqual(
            (plan.coaching_session_id.session_type, plan.coaching_session_id.coach_id),
            ("ride_along", manager),
        )
