# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError


class CrmStageGate(models.Model):
    """Exit criteria a deal must meet to *enter* a stage (optionally for one sales team only)."""

    _name = "crm.stage.gate"
    _inherit = ["crm.cache.mixin"]
    _description = "Stage Gate"
    _order = "stage_sequence, stage_id, team_id, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(compute="_compute_name", store=True)
    active = fields.Boolean(default=True)
    stage_id = fields.Many2one(
        "crm.stage",
        required=True,
        ondelete="restrict",
        index=True,
        help="Deals must meet the requirements of this gate to enter this stage.",
    )
    stage_sequence = fields.Integer(related="stage_id.sequence", store=True)
    team_id = fields.Many2one(
        "crm.team",
        ondelete="cascade",
        index=True,
        help="Only for the deals of this team. Empty: the gate of every team that has no gate of its own.",
    )
    company_id = fields.Many2one(
        "res.company", compute="_compute_company_id", store=True, readonly=False, index=True
    )
    requirement_ids = fields.One2many("crm.gate.requirement", "gate_id", "Requirements", copy=True)
    requirement_count = fields.Integer(compute="_compute_requirement_count")
    note = fields.Html(help="Why this gate exists; shown to the admins only.")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("stage_id.name", "team_id.name")
    def _compute_name(self):
        for gate in self:
            if gate.team_id:
                gate.name = self.env._(
                    "Enter %(stage)s (%(team)s)", stage=gate.stage_id.name or "", team=gate.team_id.name
                )
            else:
                gate.name = self.env._("Enter %(stage)s", stage=gate.stage_id.name or "")

    @api.depends("team_id.company_id")
    def _compute_company_id(self):
        for gate in self:
            gate.company_id = gate.team_id.company_id or gate.company_id

    @api.depends("requirement_ids")
    def _compute_requirement_count(self):
        for gate in self:
            gate.requirement_count = len(gate.requirement_ids)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("stage_id", "team_id", "active")
    def _check_one_gate_per_stage_team(self):
        # sudo: uniqueness must consider gates of every company.
        gates = self.sudo().search(
            [("stage_id", "in", self.stage_id.ids), ("active", "=", True)],
        )
        for gate in self.filtered("active"):
            twins = gates.filtered(
                lambda g, gate=gate: g.stage_id == gate.stage_id and g.team_id == gate.team_id
            )
            if len(twins) > 1:
                raise ValidationError(
                    self.env._(
                        "Stage %(stage)s already has a gate for %(team)s: edit that gate instead.",
                        stage=gate.stage_id.name,
                        team=gate.team_id.name or self.env._("all teams"),
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model
    def _registry_cache_fields(self):
        # _get_gate_index
        return super()._registry_cache_fields() | {"stage_id", "team_id", "active"}

    @api.model
    def _registry_cached_lookups(self):
        return super()._registry_cached_lookups() | {"_get_gate_index"}

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    @tools.ormcache()
    def _get_gate_index(self):
        """``{stage id: {team id or False: id of the active gate}}`` of every active gate (False: the all-teams gate),
        cached by the registry (gates change rarely; every stage move reads them). Never mutate the result."""
        # sudo: gates are configuration every rep's move is checked against, whatever the rep may read.
        gates = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch([("active", "=", True)], ["stage_id", "team_id"], order="id")
        )
        result = {}
        for gate in gates:
            result.setdefault(gate.stage_id.id, {}).setdefault(gate.team_id.id or False, gate.id)
        return result

    @api.model
    def _get_requirements_by_gate(self, gate_ids):
        """``{gate id: requirements}`` of the given gates in one query (the requirements, with the fields the
        evaluation needs)."""
        # sudo: see _get_gate_index (requirements are the same configuration)
        Requirement = self.env["crm.gate.requirement"].sudo()
        requirements = Requirement.search_fetch(
            [("gate_id", "in", list(gate_ids))], Requirement._evaluation_fields(), order="sequence, id"
        )
        ids_by_gate = {gate_id: [] for gate_id in gate_ids}
        for requirement in requirements:
            ids_by_gate[requirement.gate_id.id].append(requirement.id)
        return {gate_id: requirements.browse(ids) for gate_id, ids in ids_by_gate.items()}
