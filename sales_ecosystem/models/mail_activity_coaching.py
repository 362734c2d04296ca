# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _action_done(self, feedback=False, attachment_ids=None):
        """Completing the activity of a coaching action item marks the item done."""
        # sudo: the assignee completing their own activity may not have write access on the coaching
        # action item
        # (e.g. an item on a deal, owned by someone else than the rep); the activity completion is the
        # authority.
        if self.ids and self.env["sales.ecosystem.capability"]._is_enabled("coaching"):
            actions = (
                self.env["crm.coaching.action"]
                .sudo()
                .search([("activity_id", "in", self.ids), ("state", "=", "open")])
            )
            actions._mark_done()
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
