# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, models


class MailActivity(models.Model):
    _inherit = "mail.activity"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        activities._health_recompute_deals()
        return activities

    def write(self, vals):
        if not {"active", "res_id", "res_model", "res_model_id"} & set(vals):
            return super().write(vals)
        before = self._health_deals()
        res = super().write(vals)
        (before | self._health_deals()).exists()._health_mark_to_check()
        return res

    def unlink(self):
        deals = self._health_deals()
        res = super().unlink()
        deals.exists()._health_mark_to_check()
        return res

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _health_deals(self):
        """The deals these activities are planned on ("no next step" depends on them); none while deal health
        is switched off."""
        if not self.env["sales.ecosystem.capability"]._is_enabled("health"):
            return self.env["crm.lead"]
        lead_ids = {
            activity.res_id for activity in self if activity.res_model == "crm.lead" and activity.res_id
        }
        # sudo: whoever plans or completes an activity updates the deal's health snapshot, readable or not
        return self.env["crm.lead"].sudo().browse(lead_ids)

    def _health_recompute_deals(self):
        """Mark the deals of these activities for a re-check of their health at the next flush (batched)."""
        self._health_deals()._health_mark_to_check()
