# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models

ACCOUNT_TEAM_ROLES = [
    ("sales", "Sales"),
    ("presales", "Presales / Solution"),
    ("delivery", "Delivery"),
    ("customer_success", "Customer Success"),
    ("executive", "Executive"),
    ("other", "Other"),
]


class CrmAccountPlanMember(models.Model):
    """Member of the account team of a plan, with a role. Members may edit the plan."""

    _name = "crm.account.plan.member"
    _description = "Account Plan Team Member"
    _order = "plan_id, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    plan_id = fields.Many2one("crm.account.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    user_id = fields.Many2one(
        "res.users", string="Member", required=True, domain="[('share', '=', False)]", index=True
    )
    role = fields.Selection(ACCOUNT_TEAM_ROLES, required=True, default="sales")
    note = fields.Char()

    _plan_user_uniq = models.Constraint(
        "UNIQUE(plan_id, user_id)", "A user appears only once in the account team of a plan."
    )
