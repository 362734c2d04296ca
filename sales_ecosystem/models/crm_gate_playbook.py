# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmStagePlaybook(models.Model):
    """How the team works a deal in one stage: guidance, people, resources, talk tracks, customer actions."""

    _name = "crm.stage.playbook"
    _description = "Stage Playbook"
    _order = "stage_sequence, stage_id, team_id, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    stage_id = fields.Many2one("crm.stage", required=True, ondelete="cascade", index=True)
    stage_sequence = fields.Integer(related="stage_id.sequence", store=True)
    team_id = fields.Many2one(
        "crm.team",
        ondelete="cascade",
        index=True,
        help="Only for this team. Empty: for every team without its own.",
    )
    company_id = fields.Many2one("res.company", related="team_id.company_id", store=True, index=True)
    guidance = fields.Html(translate=True, help="What the rep does in this stage and how.")
    people_involved = fields.Html(
        translate=True, help="Who is usually involved on both sides (e.g. solution engineer, legal, CFO)."
    )
    resource_links = fields.Html(
        "Resources", translate=True, help="Links to decks, calculators, case studies."
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Resource Files")
    customer_actions = fields.Html(
        "Expected Customer Actions",
        translate=True,
        help="What the customer does in this stage (buyer journey).",
    )
    talk_track_ids = fields.One2many("crm.stage.playbook.talk.track", "playbook_id", "Talk Tracks", copy=True)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("stage_id", "team_id", "active")
    def _check_one_playbook(self):
        # sudo: uniqueness must consider the playbooks of every company.
        playbooks = self.sudo().search([("stage_id", "in", self.stage_id.ids)])
        for playbook in self.filtered("active"):
            twins = playbooks.filtered(
                lambda p, pb=playbook: p.stage_id == pb.stage_id and p.team_id == pb.team_id
            )
            if len(twins) > 1:
                raise ValidationError(
                    self.env._(
                        "Stage %(stage)s already has a playbook for %(team)s.",
                        stage=playbook.stage_id.name,
                        team=playbook.team_id.name or self.env._("all teams"),
                    )
                )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _get_playbook_by_stage_team(self, stages, teams):
        """{(stage_id, team_id or False): playbook}; teams fall back to the all-teams one. One search: the access
        rights, the record rules (the multi-company rule, and any rule added on a database) and the archive state
        apply as for any search. The playbooks' content is read when used, in one query for all of them (they share
        a prefetch set)."""
        playbooks = self.search([("stage_id", "in", stages.ids), ("team_id", "in", [*teams.ids, False])])
        return {(playbook.stage_id.id, playbook.team_id.id or False): playbook for playbook in playbooks}
