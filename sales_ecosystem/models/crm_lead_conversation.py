# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

GROUP_USER = "sales_ecosystem.group_sales_ecosystem_user"
#: debriefed meetings in a row without an advance that raise the 'no_advance' deal-health signal (default)
NO_ADVANCE_MEETINGS = 2


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    conversation_plan_ids = fields.One2many(
        "crm.conversation.plan", "lead_id", "Conversation Plans", groups=GROUP_USER, copy=False
    )
    conversation_plan_count = fields.Integer(
        "# Conversation Plans", compute="_compute_se_related_counts", groups=GROUP_USER
    )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_conversation_plan(self):
        """One click from the deal: plan its next meeting that has no plan yet."""
        self.ensure_one()
        event = self.env["calendar.event"].search(
            [
                ("opportunity_id", "=", self.id),
                ("start", ">=", fields.Datetime.now()),
                ("conversation_plan_ids", "=", False),
            ],
            order="start, id",
            limit=1,
        )
        if not event:
            raise UserError(
                self.env._(
                    "Deal %(deal)s has no upcoming meeting without a plan: schedule the meeting first "
                    "(Meeting button or a Meeting activity), then plan it.",
                    deal=self.name,
                )
            )
        return self.env["crm.conversation.plan"].create({"event_id": event.id})._get_form_action()

    def action_view_conversation_plans(self):
        return self._se_related_action("sales_ecosystem.crm_conversation_plan_action", context={})

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _se_related_count_sources(self):
        return {
            **super()._se_related_count_sources(),
            "conversation_plan_count": ("crm.conversation.plan", "lead_id", "conversation_plan_ids"),
        }

    # ------------------------------------------------------------
    # BUSINESS: deal health
    # ------------------------------------------------------------

    def _health_no_advance_meetings(self):
        value = self.env["sales.ecosystem.capability"]._get_setting("health_no_advance_meetings")
        return int(value) if value and value.lstrip("-").isdigit() else NO_ADVANCE_MEETINGS


class CrmDealHealthSignal(models.Model):
    """The 'no_advance' deal-health signal's measure and explanation, next to the debriefs it reads (its code is in
    the base selection; a dependent addon adds its own with ``selection_add``: see ``crm.deal.health.signal``)."""

    _inherit = "crm.deal.health.signal"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _rule_eval_no_advance(self, leads, memo):
        """The deal's last debriefed meetings (how many: parameter ``sales_ecosystem.health_no_advance_meetings``,
        default 2) all obtained no advance. Deals without debriefs never get it; not raised while the coaching
        capability is off. One query for all the deals."""
        flagged = {}
        count = leads._health_no_advance_meetings()
        if leads and count > 0 and self.env["sales.ecosystem.capability"]._is_enabled("coaching"):
            self.env["crm.conversation.plan"].flush_model(
                ["lead_id", "state", "advance_status", "date_meeting"]
            )
            # the deal's health is a snapshot the system keeps (computed as superuser): every debrief counts
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT lead_id, (array_agg(advance_status ORDER BY date_meeting DESC, id DESC))[1:%(count)s]
                      FROM crm_conversation_plan
                     WHERE lead_id = ANY(%(ids)s) AND state = 'debriefed'
                  GROUP BY lead_id
                    """,
                    ids=leads.ids,
                    count=count,
                )
            )
            flagged = {
                lead_id: {"meetings": count}
                for lead_id, statuses in rows
                if len(statuses) >= count and "obtained" not in statuses
            }
        return self._health_flagged(flagged)

    def _health_explain_no_advance(self, measures):
        return self.env._(
            "No advance in the last %(count)s debriefed meetings", count=measures.get("meetings", 0)
        )
