# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

ACTION_STATES = [("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")]


class CrmCoachingAction(models.Model):
    """An item of a session's action plan, mirrored by a real ``mail.activity`` assigned to its owner.

    The activity sits on the linked deal when there is one, else on the session, so it shows in the owner's
    activities; marking the activity done marks the item done (``mail.activity._action_done``) and back.
    """

    _name = "crm.coaching.action"
    _description = "Coaching Action Item"
    _order = "state, date_deadline, id"
    _check_company_auto = True

    # Fields a rep (who is not a manager) may write: completing their own items.
    _REP_WRITABLE_FIELDS = frozenset({"state", "date_done"})

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    session_id = fields.Many2one("crm.coaching.session", required=True, ondelete="cascade", index=True)
    name = fields.Char("Action", required=True)
    owner_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        compute="_compute_owner_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    date_deadline = fields.Date("Due Date", required=True, index=True)
    state = fields.Selection(
        ACTION_STATES, string="Status", required=True, default="open", index=True, copy=False
    )
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", index="btree_not_null", check_company=True, ondelete="set null"
    )
    activity_id = fields.Many2one("mail.activity", readonly=True, copy=False, ondelete="set null")
    date_done = fields.Date("Done On", readonly=True, copy=False)
    is_overdue = fields.Boolean("Overdue", compute="_compute_is_overdue", search="_search_is_overdue")
    rep_id = fields.Many2one(related="session_id.rep_id", store=True, index=True, string="Rep")
    coach_id = fields.Many2one(related="session_id.coach_id", store=True, string="Coach")
    team_id = fields.Many2one(related="session_id.team_id", store=True, string="Sales Team")
    company_id = fields.Many2one(related="session_id.company_id", store=True, index=True, string="Company")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("session_id.rep_id")
    def _compute_owner_id(self):
        for action in self:
            if not action.owner_id:
                action.owner_id = action.session_id.rep_id

    @api.depends("state", "date_deadline")
    @api.depends_context("tz")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = (
                action.state == "open" and action.date_deadline and action.date_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = [("state", "=", "open"), ("date_deadline", "<", fields.Date.context_today(self))]
        return domain if operator == "in" else ["!", *domain]

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("date_deadline", "session_id")
    def _check_deadline_after_session(self):
        for action in self:
            session_day = action.session_id.date and action.session_id.date.date()
            if session_day and action.date_deadline and action.date_deadline < session_day:
                raise ValidationError(
                    self.env._(
                        "Action %(action)s of coaching session %(session)s: the Due Date (%(due)s) "
                        "cannot be before "
                        "the session Date (%(date)s).",
                        action=action.name,
                        session=action.session_id.display_name,
                        due=action.date_deadline,
                        date=session_day,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        actions = super().create(vals_list)
        actions.filtered(lambda a: a.state == "open")._schedule_activity()
        return actions

    def write(self, vals):
        if not self.env.su and not self.env.user.has_group("sales_ecosystem.group_sales_ecosystem_manager"):
            forbidden = sorted(set(vals) - self._REP_WRITABLE_FIELDS)
            if vals.get("state", "done") != "done":
                forbidden.append("state")
            if forbidden:
                raise AccessError(
                    self.env._(
                        "Coaching actions %(actions)s: as the rep you may mark them done, not "
                        "change %(fields)s.",
                        actions=", ".join(self.mapped("name")),
                        fields=", ".join(self._fields[f].string for f in forbidden if f in self._fields),
                    )
                )
        res = super().write(vals)
        if {"name", "owner_id", "date_deadline"} & set(vals):
            for action in self.filtered(lambda a: a.state == "open" and a.activity_id.active):
                action.activity_id.write(action._activity_values())
        return res

    def unlink(self):
        self.activity_id.filtered("active").unlink()
        return super().unlink()

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_done(self):
        """Done from the action plan: completes the activity, whose completion marks the item done."""
        for action in self:
            if action.state != "open":
                raise UserError(
                    self.env._(
                        "Action %(action)s is %(state)s and cannot be marked done again (field Status).",
                        action=action.name,
                        state=dict(ACTION_STATES)[action.state],
                    )
                )
        with_activity = self.filtered(lambda a: a.activity_id.active)
        with_activity.activity_id.action_feedback(feedback=self.env._("Done from the coaching action plan."))
        (self - with_activity)._mark_done()
        return True

    def action_cancel(self):
        self.activity_id.filtered("active").unlink()
        self.write({"state": "cancelled"})
        return True

    def action_reopen(self):
        self.filtered(lambda a: a.state != "open").write({"state": "open", "date_done": False})
        self._schedule_activity()
        return True

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _activity_values(self):
        self.ensure_one()
        return {
            "summary": self.name,
            "date_deadline": self.date_deadline,
            "user_id": self.owner_id.id,
        }

    def _schedule_activity(self):
        for action in self:
            target = action.lead_id or action.session_id
            activity = target.activity_schedule(
                "sales_ecosystem.mail_activity_type_coaching_action",
                note=self.env._("Coaching session: %(session)s", session=action.session_id.display_name),
                **action._activity_values(),
            )
            action.activity_id = activity

    def _mark_done(self):
        self.write({"state": "done", "date_done": fields.Date.context_today(self)})
