# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    coaching_session_ids = fields.Many2many(
        "crm.coaching.session",
        "crm_coaching_session_lead_rel",
        "lead_id",
        "session_id",
        string="Coaching Sessions",
        groups="sales_ecosystem.group_sales_ecosystem_user",
        copy=False,
    )
    coaching_session_count = fields.Integer(
        compute="_compute_se_related_counts",
        string="# Coaching Sessions",
        groups="sales_ecosystem.group_sales_ecosystem_user",
    )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_coach_this_deal(self):
        """Open a new deal-review session prefilled with the deal, its rep and its account."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Coach this deal"),
            "res_model": "crm.coaching.session",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_name": self.env._("Deal review: %(deal)s", deal=self.name),
                "default_session_type": "deal_review",
                "default_rep_id": self.user_id.id,
                "default_lead_ids": [(6, 0, self.ids)],
                "default_partner_ids": [(6, 0, self.partner_id.commercial_partner_id.ids)],
                "default_company_id": (self.company_id or self.env.company).id,
            },
        }

    def action_view_coaching_sessions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_ecosystem.crm_coaching_session_action")
        action["domain"] = [("lead_ids", "in", self.ids)]
        action["context"] = {"default_lead_ids": [(6, 0, self.ids)], "default_rep_id": self.user_id.id}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _se_related_count_sources(self):
        return {
            **super()._se_related_count_sources(),
            "coaching_session_count": ("crm.coaching.session", "lead_ids", "coaching_session_ids"),
        }
