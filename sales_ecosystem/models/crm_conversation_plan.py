# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import datetime, time, timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

GROUP_MANAGER = "sales_ecosystem.group_sales_ecosystem_manager"

PLAN_STATES = [("planned", "Planned"), ("debriefed", "Debriefed")]
ADVANCE_STATUSES = [("obtained", "Advance Obtained"), ("not_obtained", "No Advance")]


class CrmConversationPlan(models.Model):
    """The plan of one customer meeting (a ``calendar.event`` of an opportunity) and, after it, its debrief.

    One record per meeting: the plan (objective, contacts and their buying roles, questions, the advance sought,
    anticipated objections, the playbook talk tracks proposed for the contacts' personas) becomes the debrief
    (what was learned, advance obtained or not, next step, questions asked) when the rep records it
    (state Planned -> Debriefed). A manager who attended or reviewed the meeting rates it with the conversation
    skills (``rating_ids``, ratings of a ride-along coaching session).

    Privacy (``security/crm_conversation_security.xml``): the rep's own plans; a manager also those of the reps
    of the teams they lead and those they rated; the administrator all; the companies selected in the switcher.
    """

    _name = "crm.conversation.plan"
    _description = "Conversation Plan"
    _inherit = ["mail.thread"]
    _order = "date_meeting desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char("Meeting", related="event_id.name", store=True)
    event_id = fields.Many2one(
        "calendar.event", "Meeting Event", required=True, ondelete="cascade", index=True, readonly=True
    )
    date_meeting = fields.Datetime("Meeting Date", related="event_id.start", store=True, index=True)
    lead_id = fields.Many2one(
        "crm.lead",
        "Deal",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
        check_company=True,
    )
    partner_id = fields.Many2one(related="lead_id.partner_id", string="Customer")
    user_id = fields.Many2one(
        "res.users",
        "Rep",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        "crm.team",
        "Sales Team",
        compute="_compute_team_id",
        store=True,
        index=True,
        help="The deal's sales team when the meeting was planned (like the stage at the meeting): a later transfer "
        "of the deal leaves the plan, its ratings and rates with the team that met the customer.",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    stage_id = fields.Many2one(
        "crm.stage",
        "Stage at Meeting",
        readonly=True,
        index=True,
        help="The deal's stage when the plan was made, updated when the meeting is debriefed.",
    )
    state = fields.Selection(
        PLAN_STATES, "Status", required=True, default="planned", tracking=True, copy=False, index=True
    )
    # plan
    objective = fields.Text(help="What this meeting must achieve.")
    contact_ids = fields.One2many("crm.conversation.plan.contact", "plan_id", "Contacts", copy=True)
    question_ids = fields.One2many("crm.conversation.plan.question", "plan_id", "Questions", copy=True)
    advance_sought = fields.Char(
        help="The customer's next commitment this meeting aims at (e.g. a workshop with IT).",
    )
    objections = fields.Text("Anticipated Objections")
    talk_track_ids = fields.Many2many(
        "crm.stage.playbook.talk.track",
        string="Proposed Talk Tracks",
        compute="_compute_talk_track_ids",
        help="The talk tracks of the deal's stage playbook for the personas (buying roles) of the contacts.",
    )
    # debrief
    learned = fields.Text("What Was Learned")
    advance_status = fields.Selection(ADVANCE_STATUSES, "Advance", tracking=True, index=True)
    advance_obtained = fields.Char("Commitment Obtained")
    advance_rate = fields.Float(
        "Advance Rate (%)",
        compute="_compute_advance_rate",
        store=True,
        aggregator="avg",
        help="100 for a debriefed meeting that obtained an advance, 0 for one that did not: its average is the "
        "share of debriefed meetings that obtained an advance.",
    )
    next_step = fields.Char()
    date_next_step = fields.Date("Next Step Due Date")
    next_step_activity_id = fields.Many2one("mail.activity", "Scheduled Next Step", readonly=True, copy=False)
    date_debriefed = fields.Datetime("Debriefed On", readonly=True, copy=False)
    question_count = fields.Integer("# Questions", compute="_compute_question_counts")
    question_asked_count = fields.Integer("# Questions Asked", compute="_compute_question_counts")
    lead_methodology_status_ids = fields.One2many(
        related="lead_id.methodology_status_ids", readonly=False, string="Deal Scorecard"
    )
    # ride-along coaching
    coaching_session_id = fields.Many2one(
        "crm.coaching.session", "Ride-along Session", readonly=True, copy=False, index="btree_not_null"
    )
    rating_ids = fields.One2many(
        "crm.coaching.rating", "conversation_plan_id", "Ride-along Ratings", copy=False
    )
    is_rep = fields.Boolean("Current User Is the Rep", compute="_compute_is_rep")
    is_coach_user = fields.Boolean("Current User Coaches", compute="_compute_is_rep")

    _event_uniq = models.Constraint("UNIQUE(event_id)", "A meeting has one conversation plan only.")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("lead_id")
    def _compute_team_id(self):
        # depends on the deal only, not on its team: reassigning deals writes no plan
        for plan in self:
            plan.team_id = plan.lead_id.team_id

    @api.depends("contact_ids.talk_track_id")
    def _compute_talk_track_ids(self):
        for plan in self:
            plan.talk_track_ids = plan.contact_ids.talk_track_id

    @api.depends("state", "advance_status")
    def _compute_advance_rate(self):
        for plan in self:
            if plan.state == "debriefed" and plan.advance_status:
                plan.advance_rate = 100.0 if plan.advance_status == "obtained" else 0.0
            else:
                plan.advance_rate = False

    @api.depends("question_ids.is_asked")
    def _compute_question_counts(self):
        for plan in self:
            plan.question_count = len(plan.question_ids)
            plan.question_asked_count = len(plan.question_ids.filtered("is_asked"))

    @api.depends_context("uid")
    def _compute_is_rep(self):
        is_coach = self.env.su or self.env.user.has_group(GROUP_MANAGER)
        for plan in self:
            plan.is_rep = plan.user_id == self.env.user
            plan.is_coach_user = is_coach and not plan.is_rep

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("state", "advance_status", "learned")
    def _check_debrief(self):
        for plan in self.filtered(lambda p: p.state == "debriefed"):
            if not plan.advance_status or not (plan.learned or "").strip():
                raise ValidationError(
                    self.env._(
                        "Debrief of meeting %(meeting)s: say what was learned and whether an advance was "
                        "obtained (fields What Was Learned and Advance).",
                        meeting=plan.display_name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        """Every plan (and debrief) is created here, on its meeting: the meeting's deal, its rep, its company and
        its stage come from the meeting; the contacts and questions are proposed from the deal."""
        events = self.env["calendar.event"].browse(
            {vals["event_id"] for vals in vals_list if vals.get("event_id")}
        )
        # sudo: name the deal of a meeting in the errors below even when the user may not read it (another
        # company's deal); nothing is written with it
        deal_of_event = {event.id: event.sudo()._conversation_get_lead() for event in events}
        for vals in vals_list:
            if not vals.get("event_id"):
                raise ValidationError(
                    self.env._(
                        "A conversation plan or debrief needs the meeting it is about (field Meeting Event)."
                    )
                )
            event = events.browse(vals["event_id"])
            lead = deal_of_event[event.id]
            if vals.get("lead_id") and lead and vals["lead_id"] != lead.id:
                raise ValidationError(
                    self.env._(
                        "Meeting %(meeting)s is about deal %(deal)s, not the deal given (field Deal).",
                        meeting=event.sudo().display_name,
                        deal=lead.display_name,
                    )
                )
            lead = lead or self.env["crm.lead"].sudo().browse(vals.get("lead_id"))
            if not lead:
                raise ValidationError(
                    self.env._(
                        "Meeting %(meeting)s is not linked to an opportunity: plan meetings of a deal "
                        "(field Opportunity of the meeting).",
                        meeting=event.sudo().display_name,
                    )
                )
            company = lead.company_id or lead.team_id.company_id
            if company and company not in self.env.companies:
                raise UserError(
                    self.env._(
                        "Meeting %(meeting)s: its deal %(deal)s belongs to company %(company)s, which is not "
                        "among your current companies; plan it from that company.",
                        meeting=event.sudo().display_name,
                        deal=lead.display_name,
                        company=company.name,
                    )
                )
            vals["lead_id"] = lead.id
            vals["company_id"] = (company or self.env.company).id
            vals.setdefault("stage_id", lead.stage_id.id)
            vals.setdefault("user_id", (lead.user_id or event.sudo().user_id or self.env.user).id)
        plans = super().create(vals_list)
        plans.filtered(lambda p: not p.contact_ids)._propose_contacts()
        plans.filtered(lambda p: not p.question_ids)._propose_questions()
        for plan in plans:
            plan.lead_id.message_post(body=plan._plan_summary_html(), subtype_xmlid="mail.mt_note")
        return plans

    def write(self, vals):
        if {"event_id", "lead_id", "company_id"} & set(vals):
            raise UserError(
                self.env._(
                    "Conversation plans %(plans)s: the meeting, deal and company of a plan cannot change; plan "
                    "the other meeting instead.",
                    plans=", ".join(self.mapped("display_name")),
                )
            )
        return super().write(vals)

    @api.depends("event_id", "date_meeting")
    def _compute_display_name(self):
        for plan in self:
            plan.display_name = plan.name or self.env._("Meeting")

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_debrief(self):
        """Record the debrief: checks everything first, then moves to Debriefed, schedules the next step as an
        activity of the deal, notes the debrief in the deal's chatter; offers the deal's scorecard for update."""
        for plan in self:
            if plan.state != "planned":
                raise UserError(
                    self.env._(
                        "Meeting %(meeting)s is already debriefed (field Status).", meeting=plan.display_name
                    )
                )
            if not plan.advance_status or not (plan.learned or "").strip():
                raise UserError(
                    self.env._(
                        "Debrief of meeting %(meeting)s: say what was learned and whether an advance was "
                        "obtained (fields What Was Learned and Advance).",
                        meeting=plan.display_name,
                    )
                )
            if plan.date_next_step and not plan.next_step:
                raise UserError(
                    self.env._(
                        "Debrief of meeting %(meeting)s: a due date without a next step (field Next Step).",
                        meeting=plan.display_name,
                    )
                )
        today = fields.Date.context_today(self)
        for plan in self:
            values = {
                "state": "debriefed",
                "date_debriefed": fields.Datetime.now(),
                "stage_id": plan.lead_id.stage_id.id,
            }
            if plan.next_step:
                activity = plan.lead_id.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=plan.date_next_step or today + timedelta(days=7),
                    summary=plan.next_step,
                    note=self.env._("Next step agreed in meeting %(meeting)s.", meeting=plan.display_name),
                    user_id=plan.user_id.id,
                )
                values["next_step_activity_id"] = activity.id
            plan.write(values)
            plan.lead_id.message_post(body=plan._debrief_summary_html(), subtype_xmlid="mail.mt_note")
        self.lead_id._health_mark_to_check()
        if len(self) == 1 and self._conversation_scorecard_to_update():
            return self.action_update_scorecard()
        return True

    def action_reset_planned(self):
        """Back to the plan (the scheduled next step stays on the deal)."""
        self.filtered(lambda p: p.state == "debriefed").write({"state": "planned", "date_debriefed": False})
        self.lead_id._health_mark_to_check()
        return True

    def action_update_scorecard(self):
        """The deal's methodology scorecard, next to what was learned, in a dialog."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Update the scorecard of %(deal)s", deal=self.lead_id.name),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("sales_ecosystem.crm_conversation_plan_view_form_scorecard").id, "form")],
            "target": "new",
        }

    def action_open_ride_along(self):
        self.ensure_one()
        session = self._get_ride_along_sessions()[self]
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.coaching.session",
            "res_id": session.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Conversation Plan"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_open_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.event_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _propose_contacts(self):
        """The customer's people of the meeting: the deal's contact, its buying committee and the meeting's
        attendees who are not colleagues (no user), with their role in the deal (its Buying Roles, else their
        contact card's)."""
        vals_list = []
        for plan in self:
            lead, event = plan.lead_id, plan.event_id
            people = lead._get_deal_contacts() | event.partner_ids.filtered(lambda p: not p.user_ids)
            for partner in people.filtered(lambda p: not p.is_company):
                vals_list.append({"plan_id": plan.id, "partner_id": partner.id})
        self.env["crm.conversation.plan.contact"].create(vals_list)

    def _propose_questions(self):
        """A question per criterion of the deal's methodology scorecard that is not confirmed yet."""
        vals_list = []
        for plan in self:
            for line in plan.lead_id.methodology_status_ids.filtered(lambda s: s.status != "confirmed"):
                vals_list.append(
                    {
                        "plan_id": plan.id,
                        "sequence": line.sequence,
                        "name": line.description or line.criterion_id.name,
                        "criterion_id": line.criterion_id.id,
                    }
                )
        self.env["crm.conversation.plan.question"].create(vals_list)

    def _conversation_scorecard_to_update(self):
        self.ensure_one()
        return bool(
            self.env["sales.ecosystem.capability"]._is_enabled("gates")
            and self.lead_id.methodology_status_ids.filtered(lambda s: s.status != "confirmed")
        )

    def _debrief_summary_html(self):
        self.ensure_one()
        _ = self.env._
        advance = (
            _("Advance obtained: %(advance)s", advance=self.advance_obtained or self.advance_sought or "-")
            if self.advance_status == "obtained"
            else _("No advance obtained (sought: %(advance)s)", advance=self.advance_sought or "-")
        )
        rows = [
            Markup("<b>%s</b>") % _("Meeting debriefed: %(meeting)s", meeting=self.display_name),
            advance,
            _("Learned: %(learned)s", learned=self.learned or "-"),
            _(
                "Questions asked: %(asked)s of %(count)s",
                asked=self.question_asked_count,
                count=self.question_count,
            ),
        ]
        if self.next_step:
            rows.append(_("Next step: %(step)s", step=self.next_step))
        return Markup("<br/>").join(rows)

    def _plan_summary_html(self):
        self.ensure_one()
        _ = self.env._
        return Markup("<br/>").join(
            [
                Markup("<b>%s</b>") % _("Meeting planned: %(meeting)s", meeting=self.display_name),
                _("Objective: %(objective)s", objective=self.objective or "-"),
                _("Advance sought: %(advance)s", advance=self.advance_sought or "-"),
            ]
        )

    def _get_ride_along_sessions(self):
        """{plan: crm.coaching.session} the ride-along session the current user's ratings of each plan belong to:
        the plan's own while it is open, else an open ride-along of the current user with the rep on the day of the
        meeting that rates no other meeting (e.g. logged by the coach beforehand: joined, the deal is added), else
        a new one. The ratings then follow the coaching privacy rules."""
        self.check_access("read")
        Session = self.env["crm.coaching.session"]
        result = {}
        for plan in self:
            session = plan.coaching_session_id
            if session.state not in ("planned", "done") or session.coach_id != self.env.user:
                day = datetime.combine(
                    fields.Datetime.context_timestamp(plan, plan.date_meeting).date(), time.min
                )
                session = Session.search(
                    [
                        ("rep_id", "=", plan.user_id.id),
                        ("coach_id", "=", self.env.user.id),
                        ("session_type", "=", "ride_along"),
                        ("state", "in", ("planned", "done")),
                        ("company_id", "=", plan.company_id.id),
                        ("date", ">=", day - timedelta(days=1)),
                        ("date", "<", day + timedelta(days=2)),
                    ],
                    order="date, id",
                )
                # sudo: a session already holding the ratings of another meeting is not joined (a skill is
                # rated once per session), whoever may read that other plan
                taken = (
                    self.sudo().search([("coaching_session_id", "in", session.ids), ("id", "!=", plan.id)])
                    if session
                    else self.sudo()
                ).coaching_session_id
                session = session.filtered(
                    lambda s, p=plan, taken=taken: (
                        s not in taken
                        and fields.Datetime.context_timestamp(p, s.date).date()
                        == fields.Datetime.context_timestamp(p, p.date_meeting).date()
                    )
                )[:1]
                if session:
                    session.write({"lead_ids": [Command.link(plan.lead_id.id)]})
                else:
                    session = Session.with_company(plan.company_id).create(
                        {
                            "name": self.env._("Ride-along: %(meeting)s", meeting=plan.display_name),
                            "rep_id": plan.user_id.id,
                            "coach_id": self.env.user.id,
                            "company_id": plan.company_id.id,
                            "session_type": "ride_along",
                            "date": plan.date_meeting,
                            "lead_ids": [Command.set(plan.lead_id.ids)],
                            "partner_ids": [Command.set(plan.lead_id.partner_id.commercial_partner_id.ids)],
                        }
                    )
                # sudo: a coach who rates the meeting may not write the rep's plan; linking the session the
                # ratings belong to is bookkeeping of this rating, authorised by the read check above
                plan.sudo().coaching_session_id = session
            result[plan] = session
        return result
