# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.fields import Domain


class CrmStagePlaybook(models.Model):
    """How the team works a deal in one stage: guidance, people, resources, talk tracks, customer actions."""

    _name = "crm.stage.playbook"
    _inherit = ["crm.cache.mixin"]
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
    # CRUD
    # ------------------------------------------------------------

    @api.model
    def _registry_cache_fields(self):
        # _get_playbook_index
        return super()._registry_cache_fields() | {"stage_id", "team_id", "active"}

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    @tools.ormcache()
    def _get_playbook_index(self):
        """Every playbook as ``(id, stage id, team id or False, company id or False, active)``, cached by the
        registry (cleared when a playbook is created, deleted, moved to another stage or team, archived or
        restored, when a stage is deleted and when a team changes company): finding the playbook of a deal needs
        no query. Never mutate the result."""
        # sudo: which playbook applies where is configuration; the caller applies the record rules
        playbooks = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch([], ["stage_id", "team_id", "company_id", "active"], order="id")
        )
        return tuple(
            (
                playbook.id,
                playbook.stage_id.id,
                playbook.team_id.id or False,
                playbook.company_id.id or False,
                playbook.active,
            )
            for playbook in playbooks
        )

    @api.model
    def _get_playbook_by_stage_team(self, stages, teams):
        """{(stage_id, team_id or False): playbook}; teams fall back to the all-teams one.

        From the registry-cached index (no query), with what ``search`` would apply: the access rights (an
        AccessError for users who may not read playbooks), archived playbooks only with ``active_test=False`` in
        the context, and the record rules. The index applies the addon's multi-company rule
        (``crm_stage_playbook_rule_company``: no company or one of the allowed companies) itself; when the rules
        in force are anything else (a rule added on a database), the playbooks are searched instead, so that
        every rule applies. The playbooks' content is read when used, in one query for all of them (they share a
        prefetch set)."""
        # the access rights to the model, as search checks them (cached by the registry): no query
        self.browse().check_access("read")
        company_ids = None
        if not self.env.su:
            # the rules' domain for this user and these companies (cached by the registry): no query
            rules = self.env["ir.rule"]._compute_domain(self._name, "read")
            company_rule = Domain.OR(
                [Domain("company_id", "=", False), Domain("company_id", "in", self.env.companies.ids)]
            ).optimize(self)
            if rules != company_rule:
                return self._search_playbook_by_stage_team(stages, teams)
            company_ids = {False, *self.env.companies.ids}
        stage_ids, team_ids = set(stages.ids), {*teams.ids, False}
        active_only = self.env.context.get("active_test", True)
        found = [
            (playbook_id, stage_id, team_id)
            for playbook_id, stage_id, team_id, company_id, active in self._get_playbook_index()
            if stage_id in stage_ids
            and team_id in team_ids
            and (active or not active_only)
            and (company_ids is None or company_id in company_ids)
        ]
        playbooks = self.browse([playbook_id for playbook_id, _stage_id, _team_id in found])
        return {
            (stage_id, team_id): playbook
            for playbook, (_playbook_id, stage_id, team_id) in zip(playbooks, found, strict=True)
        }

    @api.model
    def _search_playbook_by_stage_team(self, stages, teams):
        """:meth:`_get_playbook_by_stage_team` with a search (one query), every record rule applied."""
        playbooks = self.search([("stage_id", "in", stages.ids), ("team_id", "in", [*teams.ids, False])])
        return {(playbook.stage_id.id, playbook.team_id.id or False): playbook for playbook in playbooks}
