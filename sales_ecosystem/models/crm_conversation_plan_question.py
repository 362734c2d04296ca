# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class CrmConversationPlanQuestion(models.Model):
    """A question to ask in a planned meeting; at the debrief, whether it was asked and what the answer was."""

    _name = "crm.conversation.plan.question"
    _description = "Conversation Plan Question"
    _order = "plan_id, sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    plan_id = fields.Many2one("crm.conversation.plan", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Question", required=True)
    criterion_id = fields.Many2one(
        "crm.methodology.criterion",
        "Scorecard Criterion",
        ondelete="set null",
        help="The methodology criterion the answer informs.",
    )
    is_asked = fields.Boolean("Asked")
    answer = fields.Char()
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
