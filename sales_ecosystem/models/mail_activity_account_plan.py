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

    def _action_done(self, feedback=False, attachment_ids=None):
        """Marking the activity of an account plan initiative as done marks the initiative done."""
        # sudo: the assignee may mark their activity done without edit rights on the plan
        initiatives = (
            self.env["crm.account.plan.initiative"]
            .sudo()
            .search([("activity_id", "in", self.ids), ("state", "in", ("todo", "in_progress"))])
            if self.ids and self.env["sales.ecosystem.capability"]._is_enabled("account_plans")
            else self.env["crm.account.plan.initiative"]
        )
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if initiatives:
            initiatives.write({"state": "done"})
        return result
