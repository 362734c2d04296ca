# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
# (the brief asks for one file per feature extending a core model)
from odoo import models


class MailActivityAccountPlan(models.Model):
    _inherit = "mail.activity"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _account_plan_initiatives_done(self):
        """The open initiatives these activities mirror (activities of account plans only): marked done once the
        activities are (called by mail_activity.py's _action_done, account plans switched on)."""
        activities = self.filtered(lambda activity: activity.res_model == "crm.account.plan")
        if not activities:
            return self.env["crm.account.plan.initiative"]
        # sudo: the assignee may mark their activity done without edit rights on the plan
        return (
            self.env["crm.account.plan.initiative"]
            .sudo()
            .search([("activity_id", "in", activities.ids), ("state", "in", ("todo", "in_progress"))])
        )
