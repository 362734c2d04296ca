# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmAccountPlanReview(models.Model):
    """A review meeting of an account plan: what was decided, and the objective changes it
    applies when confirmed (kept as lines with the values before and after)."""

    _name = "crm.account.plan.review"
    _description = "Account Plan Review"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    plan_id = fields.Many2one("crm.account.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    name = fields.Char(compute="_compute_name", store=True)
    date = fields.Date(required=True, default=lambda self: fields.Date.context_today(self))
    user_id = fields.Many2one(
        "res.users", string="Chaired by", default=lambda self: self.env.user, domain="[('share', '=', False)]"
    )
    attendee_ids = fields.Many2many("res.users", string="Attendees", domain="[('share', '=', False)]")
    health_score = fields.Integer(string="Health at Review", readonly=True)
    notes = fields.Html(string="Discussion")
    decisions = fields.Text()
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")], default="draft", required=True, tracking=True
    )
    line_ids = fields.One2many("crm.account.plan.review.line", "review_id", string="Objective Changes")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("plan_id.name", "date")
    def _compute_name(self):
        for review in self:
            review.name = self.env._(
                "Review of %(plan)s on %(date)s", plan=review.plan_id.name, date=review.date
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        for review in reviews.filtered(lambda r: not r.line_ids):
            review.line_ids = [
                fields.Command.create(
                    {
                        "objective_id": objective.id,
                        "old_target_value": objective.target_value,
                        "new_target_value": objective.target_value,
                        "current_value": objective.current_value,
                    }
                )
                for objective in review.plan_id.objective_ids
            ]
        return reviews

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_done(self):
        """Apply the objective changes, record the health, plan the next review."""
        for review in self:
            if review.state == "done":
                raise UserError(
                    self.env._(
                        "Review %(review)s: the field Status is already Done.", review=review.display_name
                    )
                )
            plan = review.plan_id
            for line in review.line_ids.filtered(lambda ln: ln.new_target_value != ln.old_target_value):
                line.objective_id.target_value = line.new_target_value
            review.health_score = plan.health_score
            review.state = "done"
            plan.activity_feedback(
                ["sales_ecosystem.mail_activity_type_account_plan_review"],
                feedback=review.decisions or self.env._("Review held."),
            )
            values = {"next_review_date": review.date + relativedelta(months=plan.review_interval_months)}
            if plan.state == "review":
                values["state"] = "active"
            plan.write(values)
            plan.action_schedule_review()
            plan.message_post(
                body=self.env._(
                    "Review held on %(date)s. Decisions: %(decisions)s",
                    date=review.date,
                    decisions=review.decisions or "-",
                ),
            )
        return True
