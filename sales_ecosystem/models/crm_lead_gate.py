from markupsafe import Markup

from odoo import api, fields, models


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.gate.mixin"]

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    methodology_id = fields.Many2one(
        "crm.methodology",
        compute="_compute_methodology_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="The methodology this deal is qualified with (defaults to the team's).",
    )
    methodology_status_ids = fields.One2many(
        "crm.lead.methodology.status", "lead_id", "Methodology Scorecard", copy=True
    )
    methodology_score = fields.Float(
        "Methodology Completeness (%)",
        compute="_compute_methodology_score",
        store=True,
        aggregator="avg",
        help="Share of the methodology's criteria confirmed (a partial criterion counts half).",
    )
    contact_ids = fields.Many2many(
        "res.partner",
        "crm_lead_deal_contact_rel",
        "lead_id",
        "partner_id",
        "Buying Committee",
        help="The customer's people involved in this deal; their buying roles count for the stage gates.",
    )
    gate_next_stage_id = fields.Many2one("crm.stage", "Next Stage", compute="_compute_gate_readiness")
    gate_checklist = fields.Html("Next Gate", compute="_compute_gate_readiness", sanitize=False)
    gate_requirement_count = fields.Integer("Gate Requirements", compute="_compute_gate_readiness")
    gate_met_count = fields.Integer("Gate Requirements Met", compute="_compute_gate_readiness")
    gate_progress = fields.Char(compute="_compute_gate_readiness")
    gate_progress_percent = fields.Float("Gate Readiness (%)", compute="_compute_gate_readiness")
    gate_is_ready = fields.Boolean("Ready for Next Stage", compute="_compute_gate_readiness")
    gate_override_ids = fields.One2many("crm.gate.override", "lead_id", "Gate Overrides")
    playbook_id = fields.Many2one("crm.stage.playbook", compute="_compute_playbook_id")
    playbook_guidance = fields.Html("Guidance", compute="_compute_playbook_id", sanitize=False)
    playbook_people_involved = fields.Html("People Involved", compute="_compute_playbook_id", sanitize=False)
    playbook_resource_links = fields.Html("Resources", compute="_compute_playbook_id", sanitize=False)
    playbook_attachment_ids = fields.Many2many(
        "ir.attachment", string="Resource Files", compute="_compute_playbook_id"
    )
    playbook_customer_actions = fields.Html(
        "Expected Customer Actions", compute="_compute_playbook_id", sanitize=False
    )
    playbook_talk_track_ids = fields.Many2many(
        "crm.stage.playbook.talk.track", string="Talk Tracks", compute="_compute_playbook_id"
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("team_id")
    def _compute_methodology_id(self):
        default = self._get_default_methodology()
        for lead in self:
            lead.methodology_id = lead.team_id.methodology_id or lead.methodology_id or default

    @api.depends(
        "methodology_id.criterion_ids",
        "methodology_status_ids.status",
        "methodology_status_ids.criterion_id",
    )
    def _compute_methodology_score(self):
        points = {"partial": 0.5, "confirmed": 1.0}
        for lead in self:
            criteria = lead.methodology_id.criterion_ids
            if not criteria:
                lead.methodology_score = 0.0
                continue
            earned = sum(
                points.get(line.status, 0.0)
                for line in lead.methodology_status_ids
                if line.criterion_id in criteria
            )
            lead.methodology_score = round(100.0 * earned / len(criteria), 2)

    @api.depends(
        "stage_id",
        "team_id",
        "methodology_status_ids.status",
        "partner_id.buying_role",
        "contact_ids.buying_role",
    )
    @api.depends_context("uid")
    def _compute_gate_readiness(self):
        leads = self.filtered("id")
        checklist = (
            leads._gate_checklist()
            if leads and self.env["sales.ecosystem.capability"]._is_enabled("gates")
            else {}
        )
        for lead in self:
            stage, requirements, unmet = checklist.get(lead.id) or (False, [], [])
            total, met = len(requirements), len(requirements) - len(unmet)
            lead.gate_next_stage_id = stage
            lead.gate_requirement_count = total
            lead.gate_met_count = met
            lead.gate_progress = f"{met}/{total}" if total else False
            lead.gate_progress_percent = 100.0 * met / total if total else 100.0
            lead.gate_is_ready = not any(req.severity == "blocking" for req in unmet)
            lead.gate_checklist = lead._gate_checklist_html(requirements, unmet) if total else False

    @api.depends(
        "stage_id",
        "team_id",
        "stage_id.playbook_ids.guidance",
        "stage_id.playbook_ids.talk_track_ids",
    )
    def _compute_playbook_id(self):
        playbooks = (
            self.env["crm.stage.playbook"]._get_playbook_by_stage_team(self.stage_id, self.team_id)
            if self.env["sales.ecosystem.capability"]._is_enabled("gates")
            else {}
        )
        for lead in self:
            playbook = playbooks.get((lead.stage_id.id, lead.team_id.id or False)) or playbooks.get(
                (lead.stage_id.id, False), self.env["crm.stage.playbook"]
            )
            lead.playbook_id = playbook
            # playbook content is written by admins (sanitized on their side) and only displayed here
            lead.playbook_guidance = playbook.guidance
            lead.playbook_people_involved = playbook.people_involved
            lead.playbook_resource_links = playbook.resource_links
            lead.playbook_attachment_ids = playbook.attachment_ids
            lead.playbook_customer_actions = playbook.customer_actions
            lead.playbook_talk_track_ids = playbook.talk_track_ids

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._sync_methodology_status()
        leads._gate_enforce({})
        return leads

    def write(self, vals):
        if "stage_id" not in vals or self._gate_skip():
            res = super().write(vals)
        else:
            old_stage_by_id = {lead.id: lead.stage_id for lead in self}
            # one query for the old and new stages (crm reads the new one anyway; the gate compares both)
            stages = self.stage_id | self.stage_id.browse(vals["stage_id"] or [])
            stages.fetch(["sequence", "is_won"])
            res = super().write(vals)
            self._gate_enforce(old_stage_by_id)
        if {"methodology_id", "team_id"} & set(vals):
            self._sync_methodology_status()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_gate_wizard(self):
        """Complete the gate of the next stage from the deal form."""
        self.ensure_one()
        return self._gate_wizard_action(self.gate_next_stage_id)

    def action_check_gate(self, stage_id):
        """Client entry point: the complete-the-gate action if entering ``stage_id`` is blocked."""
        stage = self.env["crm.stage"].browse(stage_id)
        unmet = self._gate_evaluate(stage, severity="blocking")
        if any(unmet.values()):
            return self._gate_wizard_action(stage)
        return False

    def _gate_wizard_action(self, stage):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Complete the gate"),
            "res_model": "crm.gate.complete.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_lead_ids": self.ids, "default_stage_id": stage.id},
        }

    # ------------------------------------------------------------
    # GATE HOOKS (crm.gate.mixin)
    # ------------------------------------------------------------

    def _gate_skip(self):
        # switched off in Settings: no gate is enforced (and none is lost: they apply again when switched on)
        return not self.env["sales.ecosystem.capability"]._is_enabled("gates") or super()._gate_skip()

    def _gate_get_mode_by_record(self):
        # sudo: gate mode settings are technical settings applied to every user's moves
        params = self.env["ir.config_parameter"].sudo()
        default = params.get_param("sales_ecosystem.gate_default_mode", "block")
        return {lead.id: lead.team_id.gate_mode or default for lead in self}

    def _gate_get_gate_by_record(self, stage):
        gate_by_team = self.env["crm.stage.gate"]._get_gate_by_team(stage, self.team_id)
        return {lead.id: gate_by_team.get(lead.team_id.id or False) for lead in self}

    def _gate_get_requirements_by_record(self, stage, severity=None):
        # the gates and their requirements in two queries (see crm.stage.gate._get_requirements_by_team)
        by_team = self.env["crm.stage.gate"]._get_requirements_by_team(stage, self.team_id)
        return self._gate_filter_severity(
            {lead.id: by_team.get(lead.team_id.id, by_team.get(False)) for lead in self}, severity
        )

    def _gate_get_next_stage_by_record(self):
        """The next stage of each deal in its team's pipeline, from the registry-cached pipeline order (no query)."""
        order = self.env["crm.stage"]._se_pipeline_order()
        Stage = self.env["crm.stage"]
        result = {}
        for lead in self:
            current_id = lead.stage_id.id
            current_sequence = lead.stage_id.sequence
            team_id = lead.team_id.id
            next_id = next(
                (
                    stage_id
                    for stage_id, sequence, team_ids in order
                    if (not team_ids or team_id in team_ids)
                    and (sequence > current_sequence if current_id else True)
                    and stage_id != current_id
                ),
                False,
            )
            result[lead.id] = Stage.browse(next_id) if next_id else Stage
        return result

    def _gate_consume_overrides(self, stage, unmet_by_id):
        # sudo: overrides are granted by managers; the rep moving the deal may not read them.
        overrides = (
            self.env["crm.gate.override"]
            .sudo()
            .search(
                [("lead_id", "in", list(unmet_by_id)), ("stage_id", "=", stage.id), ("is_used", "=", False)]
            )
        )
        overrides.write({"is_used": True})
        return set(overrides.lead_id.ids)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _get_default_methodology(self):
        # sudo: the default methodology is a technical setting
        param = self.env["ir.config_parameter"].sudo().get_param("sales_ecosystem.default_methodology_id")
        methodology = self.env["crm.methodology"].browse(int(param)) if param and param.isdigit() else None
        return methodology.exists() if methodology else self.env["crm.methodology"]

    def _sync_methodology_status(self):
        """Give each deal one scorecard line per criterion of its methodology (lines of a previous
        methodology stay as history). Batched: one create for all missing lines."""
        leads = self.filtered("methodology_id")
        if not leads or not self.env["sales.ecosystem.capability"]._is_enabled("gates"):
            return
        existing = {(line.lead_id.id, line.criterion_id.id) for line in leads.methodology_status_ids}
        vals_list = [
            {"lead_id": lead.id, "criterion_id": criterion.id}
            for lead in leads
            for criterion in lead.methodology_id.criterion_ids
            if (lead.id, criterion.id) not in existing
        ]
        if vals_list:
            # sudo: scorecard lines are structural; whoever may create/edit the deal gets its scorecard.
            self.env["crm.lead.methodology.status"].sudo().create(vals_list)

    def _gate_checklist_html(self, requirements, unmet):
        items = []
        for req in requirements:
            if req not in unmet:
                icon, css, state = "fa-check-circle", "text-success", self.env._("met")
            elif req.severity == "blocking":
                icon, css, state = "fa-times-circle", "text-danger", self.env._("missing (blocking)")
            else:
                icon, css, state = "fa-exclamation-circle", "text-warning", self.env._("missing (warning)")
            items.append(
                Markup('<li class="o_se_gate_item"><i class="fa %s %s me-1" title="%s"></i>%s%s</li>')
                % (
                    icon,
                    css,
                    state,
                    req.name,
                    Markup(' <small class="text-muted">— %s</small>') % req.message
                    if req in unmet and req.message
                    else "",
                )
            )
        return Markup('<ul class="list-unstyled mb-0 o_se_gate_checklist">%s</ul>') % Markup("").join(items)
