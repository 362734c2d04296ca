# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models

from .crm_conversation_plan import PLAN_STATES

GROUP_USER = "sales_ecosystem.group_sales_ecosystem_user"


class CalendarEvent(models.Model):
    _name = "calendar.event"
    _inherit = ["calendar.event", "sales.ecosystem.capability.mixin"]

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    conversation_plan_ids = fields.One2many(
        "crm.conversation.plan", "event_id", "Conversation Plans", groups=GROUP_USER, copy=False
    )
    conversation_plan_id = fields.Many2one(
        "crm.conversation.plan",
        compute="_compute_conversation_plan_id",
        groups=GROUP_USER,
    )
    conversation_plan_state = fields.Selection(
        PLAN_STATES,
        string="Plan Status",
        compute="_compute_conversation_plan_id",
        groups=GROUP_USER,
    )
    conversation_lead_id = fields.Many2one(
        "crm.lead", "Planned Deal", compute="_compute_conversation_lead_id", groups=GROUP_USER
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("conversation_plan_ids.state")
    def _compute_conversation_plan_id(self):
        # through the one2many (searchable), not a related of the computed many2one: Odoo can tell which meetings
        # a plan's state change touches
        for event in self:
            plan = event.conversation_plan_ids[:1]
            event.conversation_plan_id = plan
            event.conversation_plan_state = plan.state

    @api.depends("opportunity_id", "res_model", "res_id")
    def _compute_conversation_lead_id(self):
        for event in self:
            event.conversation_lead_id = event._conversation_get_lead()

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_conversation_plan(self):
        """One click: the meeting's conversation plan, created if it has none yet."""
        self.ensure_one()
        plan = self.conversation_plan_ids[:1] or self.env["crm.conversation.plan"].create(
            {"event_id": self.id}
        )
        return plan._get_form_action()

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _conversation_get_lead(self):
        """The deal a meeting is about: its opportunity, else the deal of the meeting activity it was made for."""
        self.ensure_one()
        if self.opportunity_id:
            return self.opportunity_id
        if self.res_model == "crm.lead" and self.res_id:
            return self.env["crm.lead"].browse(self.res_id).exists()
        return self.env["crm.lead"]
