# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models

from .res_partner_buying_role import BUYING_ROLES

BUYING_PHASES = [
    ("need", "Recognising a Need"),
    ("options", "Evaluating Options"),
    ("concerns", "Resolving Concerns"),
    ("decision", "Deciding"),
    ("implementation", "Implementing"),
]


class CrmConversationPlanContact(models.Model):
    """A customer contact of a planned meeting: their buying role (persona), where they are in their buying
    process, and the playbook talk track proposed for that persona in the deal's stage."""

    _name = "crm.conversation.plan.contact"
    _description = "Conversation Plan Contact"
    _order = "plan_id, sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    plan_id = fields.Many2one("crm.conversation.plan", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one("res.partner", "Contact", required=True, index=True)
    buying_role = fields.Selection(
        BUYING_ROLES,
        compute="_compute_buying_role",
        store=True,
        readonly=False,
        help="The contact's role in this decision (the persona of the talk track): their role in the deal's Buying "
        "Roles, else their usual role (contact card).",
    )
    buying_phase = fields.Selection(BUYING_PHASES, "Buying Process", help="Where this contact stands.")
    note = fields.Char(help="What matters to this contact.")
    talk_track_id = fields.Many2one(
        "crm.stage.playbook.talk.track",
        "Proposed Talk Track",
        compute="_compute_talk_track_id",
        help="The talk track of the deal's stage playbook for this buying role.",
    )
    talk_track = fields.Html(compute="_compute_talk_track")
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "partner_id.buying_role",
        "plan_id.lead_id.contact_role_ids.partner_id",
        "plan_id.lead_id.contact_role_ids.buying_role",
    )
    def _compute_buying_role(self):
        """The contact's role in the plan's deal (crm.lead._get_contact_roles: their Buying Roles row, else their
        usual role); a meeting attendee outside the deal: their usual role. One query for all the lines."""
        leads = self.plan_id.lead_id._origin
        roles_by_lead = leads._get_contact_roles() if leads else {}
        for line in self:
            roles = roles_by_lead.get(line.plan_id.lead_id._origin.id, {})
            partner_id = line.partner_id._origin.id
            role = roles[partner_id] if partner_id in roles else line.partner_id.buying_role
            line.buying_role = role or line.buying_role

    @api.depends("talk_track_id")
    def _compute_talk_track(self):
        # not a related field: the talk track (non-stored, computed) is not searchable, so no dependency through it
        for line in self:
            line.talk_track = line.talk_track_id.talk_track

    @api.depends("buying_role", "plan_id.lead_id.stage_id", "plan_id.lead_id.team_id")
    def _compute_talk_track_id(self):
        """From the playbook of the deal's stage and team (else of its stage for all teams), as the deal form
        shows it: one lookup for all lines (registry-cached index, talk tracks read in one query)."""
        TalkTrack = self.env["crm.stage.playbook.talk.track"]
        leads = self.plan_id.lead_id
        playbooks = {}
        if leads and self.env["sales.ecosystem.capability"]._is_enabled("gates"):
            playbooks = self.env["crm.stage.playbook"]._get_playbook_by_stage_team(
                leads.stage_id, leads.team_id
            )
        for line in self:
            lead = line.plan_id.lead_id
            playbook = playbooks.get((lead.stage_id.id, lead.team_id.id or False)) or playbooks.get(
                (lead.stage_id.id, False)
            )
            tracks = playbook.talk_track_ids if playbook else TalkTrack
            line.talk_track_id = (
                line.buying_role
                and tracks.filtered(lambda t, role=line.buying_role: t.buying_role == role)[:1]
            )
