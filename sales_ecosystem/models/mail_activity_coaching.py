# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
from odoo import models

# Records a coaching action item's activity sits on (crm.coaching.action._schedule_activity): its deal, else its
# session.
COACHING_ACTIVITY_MODELS = ("crm.lead", "crm.coaching.session")


class MailActivity(models.Model):
    _inherit = "mail.activity"

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _coaching_mark_actions_done(self):
        """Completing the activity of a coaching action item marks the item done (called by mail_activity.py's
        _action_done, coaching switched on)."""
        activities = self.filtered(lambda activity: activity.res_model in COACHING_ACTIVITY_MODELS)
        if not activities:
            return
        # sudo: the assignee completing their own activity may not have write access on the coaching action item
        # (e.g. an item on a deal, owned by someone else than the rep); the activity completion is the authority.
        actions = (
            self.env["crm.coaching.action"]
            .sudo()
            .search([("activity_id", "in", activities.ids), ("state", "=", "open")])
        )
        actions._mark_done()
