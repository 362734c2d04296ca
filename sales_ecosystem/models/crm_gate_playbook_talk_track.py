# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models

from .res_partner_buying_role import BUYING_ROLES


class CrmStagePlaybookTalkTrack(models.Model):
    """A conversation guide for one buyer persona in one stage."""

    _name = "crm.stage.playbook.talk.track"
    _description = "Playbook Talk Track"
    _order = "playbook_id, sequence, id"

    playbook_id = fields.Many2one("crm.stage.playbook", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    buying_role = fields.Selection(BUYING_ROLES, "Buyer Persona", required=True)
    talk_track = fields.Html(translate=True, help="Questions to ask, value points, objections and answers.")
    company_id = fields.Many2one(related="playbook_id.company_id", store=True)
