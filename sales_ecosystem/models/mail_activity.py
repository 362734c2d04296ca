# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
from odoo import models


class MailActivity(models.Model):
    """The one ``_action_done`` of the addon: completing activities dispatches to the capabilities whose records
    they mirror, each skipped when switched off; each looks only at activities of its own models (no search when an
    activity of another model is done). Deal health follows activities through create/write/unlink
    (mail_activity_health.py): a done activity is archived, a write of ``active``."""

    _inherit = "mail.activity"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _action_done(self, feedback=False, attachment_ids=None):
        enabled = self.env["sales.ecosystem.capability"]._is_enabled
        if self.ids and enabled("coaching"):
            self._coaching_mark_actions_done()
        initiatives = (
            self._account_plan_initiatives_done()
            if self.ids and enabled("account_plans")
            else self.env["crm.account.plan.initiative"]
        )
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if initiatives:
            initiatives.write({"state": "done"})
        return result
