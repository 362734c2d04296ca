# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from collections import defaultdict
from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_account_plan import partner_ancestor_ids

OBJECTIVE_MEASURES = [
    ("won_revenue", "Won revenue in the period"),
    ("open_pipeline", "Open pipeline"),
    ("won_deals", "Won deals in the period"),
    ("manual", "Manual"),
]


class CrmAccountPlanObjective(models.Model):
    """Measurable objective of an account plan; the current value comes from the account's
    deals when the measure allows it, else it is entered by hand."""

    _name = "crm.account.plan.objective"
    _description = "Account Plan Objective"
    _order = "plan_id, sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    plan_id = fields.Many2one("crm.account.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Objective", required=True)
    measure = fields.Selection(OBJECTIVE_MEASURES, required=True, default="won_revenue")
    target_value = fields.Float(string="Target", required=True, default=0.0)
    manual_value = fields.Float(help="Current value for manual objectives.")
    current_value = fields.Float(string="Current", compute="_compute_current_value")
    progress = fields.Float(string="Progress (%)", compute="_compute_current_value")
    user_id = fields.Many2one("res.users", string="Owner", domain="[('share', '=', False)]")
    date_deadline = fields.Date(string="Due Date")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "measure",
        "manual_value",
        "target_value",
        "plan_id.partner_id",
        "plan_id.date_start",
        "plan_id.date_end",
        "plan_id.company_id",
    )
    def _compute_current_value(self):
        deal_values = self._get_deal_values()
        for objective in self:
            if objective.measure == "manual":
                value = objective.manual_value
            else:
                value = deal_values.get((objective.plan_id._origin.id, objective.measure), 0.0)
            objective.current_value = value
            objective.progress = value / objective.target_value * 100 if objective.target_value > 0 else 0.0

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("target_value", "manual_value")
    def _check_values(self):
        for objective in self:
            for fname in ("target_value", "manual_value"):
                if objective[fname] < 0:
                    raise ValidationError(
                        self.env._(
                            "Objective %(objective)s of account plan %(plan)s: the field %(field)s "
                            "cannot be below zero (%(value)s).",
                            objective=objective.name,
                            plan=objective.plan_id.display_name,
                            field=objective._fields[fname].get_description(self.env)["string"],
                            value=objective[fname],
                        )
                    )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _get_deal_values(self):
        """Values of the deal-based measures per (plan id, measure), for all plans at once.

        One ``_read_group`` on crm.lead over every account (and its divisions) of the plans;
        won revenue and won deals count deals closed within the plan period, open pipeline
        counts the expected revenue of every open opportunity of the account.
        """
        plans = self.filtered(lambda o: o.measure != "manual").plan_id._origin
        plans = plans.filtered(lambda p: p.partner_id and p.date_start and p.date_end)
        if not plans:
            return {}
        # sudo: the objective shows the account's totals, including deals of other reps
        groups = (
            self.env["crm.lead"]
            .sudo()
            ._read_group(
                [
                    ("type", "=", "opportunity"),
                    ("won_status", "in", ("won", "pending")),
                    ("partner_id", "child_of", plans.partner_id.ids),
                ],
                ["partner_id", "company_id", "won_status", "date_closed:day"],
                ["expected_revenue:sum", "__count"],
            )
        )
        plans_by_account = defaultdict(list)
        for plan in plans:
            plans_by_account[plan.partner_id.id].append(plan)
        values = defaultdict(float)
        for partner, company, status, day, revenue, count in groups:
            day = day.date() if isinstance(day, datetime) else day
            for account_id in partner_ancestor_ids(partner):
                for plan in plans_by_account.get(account_id, ()):
                    if company != plan.company_id:
                        continue
                    if status == "pending":
                        values[plan.id, "open_pipeline"] += revenue
                    elif day and plan.date_start <= day <= plan.date_end:
                        values[plan.id, "won_revenue"] += revenue
                        values[plan.id, "won_deals"] += count
        return values
