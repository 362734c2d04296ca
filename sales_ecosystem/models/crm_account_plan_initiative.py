# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

INITIATIVE_STATES = [
    ("todo", "To Do"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
OPEN_INITIATIVE_STATES = ("todo", "in_progress")


class CrmAccountPlanInitiative(models.Model):
    """Initiative / action of an account plan. An open initiative with an owner and a due date
    is mirrored by a To-Do activity of its owner on the plan, kept in sync."""

    _name = "crm.account.plan.initiative"
    _description = "Account Plan Initiative"
    _order = "plan_id, date_deadline, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    plan_id = fields.Many2one("crm.account.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    name = fields.Char(string="Initiative", required=True)
    description = fields.Text()
    user_id = fields.Many2one("res.users", string="Owner", domain="[('share', '=', False)]")
    date_start = fields.Date(string="Start")
    date_deadline = fields.Date(string="Due Date")
    state = fields.Selection(INITIATIVE_STATES, string="Status", required=True, default="todo")
    is_overdue = fields.Boolean(compute="_compute_is_overdue")
    activity_id = fields.Many2one("mail.activity", readonly=True, copy=False, ondelete="set null")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("date_deadline", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for initiative in self:
            initiative.is_overdue = bool(
                initiative.state in OPEN_INITIATIVE_STATES
                and initiative.date_deadline
                and initiative.date_deadline < today
            )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("date_start", "date_deadline")
    def _check_dates(self):
        for initiative in self:
            if (
                initiative.date_start
                and initiative.date_deadline
                and initiative.date_deadline < initiative.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "Initiative %(initiative)s of account plan %(plan)s: the field Due Date "
                        "cannot be before the field Start.",
                        initiative=initiative.name,
                        plan=initiative.plan_id.display_name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        initiatives = super().create(vals_list)
        initiatives._sync_activity()
        return initiatives

    def write(self, vals):
        res = super().write(vals)
        if {"name", "user_id", "date_deadline", "state", "description"} & set(vals):
            self._sync_activity()
        return res

    def unlink(self):
        self.activity_id.unlink()
        return super().unlink()

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_done(self):
        self.write({"state": "done"})
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _sync_activity(self):
        """Keep one To-Do activity per open initiative with an owner and a due date; a done
        initiative marks it done, a cancelled one (or one without owner/date) removes it."""
        todo_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for initiative in self:
            activity = initiative.activity_id.filtered("active")
            wanted = (
                initiative.state in OPEN_INITIATIVE_STATES
                and initiative.user_id
                and initiative.date_deadline
                and initiative.plan_id.state != "closed"
            )
            if initiative.state == "done" and activity:
                activity.action_feedback(
                    feedback=self.env._("Initiative %(name)s done.", name=initiative.name)
                )
            elif not wanted and activity:
                activity.unlink()
            elif wanted and activity:
                activity.write(
                    {
                        "summary": initiative.name,
                        "user_id": initiative.user_id.id,
                        "date_deadline": initiative.date_deadline,
                    }
                )
            elif wanted:
                initiative.activity_id = initiative.plan_id.activity_schedule(
                    activity_type_id=todo_type.id if todo_type else False,
                    summary=initiative.name,
                    note=initiative.description or "",
                    date_deadline=initiative.date_deadline,
                    user_id=initiative.user_id.id,
                )
