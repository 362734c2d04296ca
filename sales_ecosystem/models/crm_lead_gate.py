# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import logging

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.api import NewId
from odoo.tools import SQL

from .crm_gate_mixin import GateBlockedError

_logger = logging.getLogger(__name__)


class GateRefusedInBatch(Exception):
    """A gate refused a row of an import batch. Not a UserError on purpose: ``load()`` then retries the batch row by
    row, and reports each refusal on its own row (a UserError of the batch is reported on the batch's first row)."""


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
    contact_role_ids = fields.One2many(
        "crm.lead.contact.role",
        "lead_id",
        "Buying Roles",
        copy=True,
        help="The buying role of a contact in this deal where it differs from (or confirms) their usual role; "
        "a contact listed here is one of the deal's people.",
    )
    gate_next_stage_id = fields.Many2one("crm.stage", "Next Stage", compute="_compute_gate_readiness")
    gate_checklist = fields.Html("Next Gate", compute="_compute_gate_readiness", sanitize=False)
    gate_requirement_count = fields.Integer("Gate Requirements", compute="_compute_gate_readiness")
    gate_met_count = fields.Integer("Gate Requirements Met", compute="_compute_gate_readiness")
    gate_progress = fields.Char(compute="_compute_gate_readiness")
    gate_progress_percent = fields.Float("Gate Readiness (%)", compute="_compute_gate_readiness")
    gate_is_ready = fields.Boolean("Ready for Next Stage", compute="_compute_gate_readiness")
    gate_override_ids = fields.One2many("crm.gate.override", "lead_id", "Gate Overrides")
    gate_override_count = fields.Integer("# Gate Overrides", compute="_compute_se_related_counts")
    gate_pass_ids = fields.One2many("crm.lead.gate.pass", "lead_id", "Gates Passed")
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
        "contact_role_ids.partner_id",
        "contact_role_ids.buying_role",
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

    # crm.lead's create and write are in crm_lead_lifecycle.py (the one deal lifecycle): they call the gate's steps
    # below, in their place among the other capabilities'.

    def _gate_check_after_create(self):
        """New deals: their scorecard, then every gate behind their stage (GateBlockedError: nothing is created)."""
        self._sync_methodology_status()
        self._gate_enforce({})

    def _gate_before_write(self, vals):
        """What the gate check after the write compares with: ``None`` when the write cannot move a deal in its
        pipeline, ``False`` under the sanctioned bypass (or gates switched off), else ``{lead id: position}``."""
        if not self._gate_position_fields() & set(vals):
            return None
        if self._gate_skip():
            return False
        # one query for the old and new stages (crm reads the new one anyway; the gate compares both)
        stages = self.stage_id | self.stage_id.browse(vals.get("stage_id") or [])
        stages.fetch(["sequence", "is_won"])
        return {lead.id: lead._gate_position() for lead in self}

    def _gate_check_after_write(self, vals, old_position_by_id):
        """The gate invariant on the deals a write moved (see :meth:`_gate_before_write`): every gate they now sit
        behind is met, overridden, or recorded as passed with the sanctioned bypass."""
        if old_position_by_id is None:
            return
        if old_position_by_id is False:
            if {"stage_id", "team_id"} & set(vals):
                self._gate_record_bypass()
            return
        self._gate_enforce(old_position_by_id)

    def _gate_sync_after_write(self, vals):
        """A new methodology (or team, hence methodology): the scorecard lines of its criteria."""
        if {"methodology_id", "team_id"} & set(vals):
            self._sync_methodology_status()

    def _load_records(self, data_list, update=False):
        if len(data_list) <= 1:
            return super()._load_records(data_list, update)
        try:
            return super()._load_records(data_list, update)
        except GateBlockedError as error:
            raise GateRefusedInBatch(str(error)) from error

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_gate_wizard(self):
        """Complete the gate of the next stage from the deal form."""
        self.ensure_one()
        return self._gate_wizard_action(self.gate_next_stage_id)

    def action_view_gate_overrides(self):
        """The deal's gate overrides (smart button): who let it past which gate, and why."""
        return self._se_related_action("sales_ecosystem.crm_gate_override_action")

    def action_check_gate(self, stage_id):
        """Client entry point: the complete-the-gate action if entering ``stage_id`` is blocked."""
        stage = self.env["crm.stage"].browse(stage_id)
        unmet = self._gate_evaluate(stage, severity="blocking")
        if any(unmet.values()):
            return self._gate_wizard_action(stage)
        return False

    def _gate_post_evidence(self, items):
        """Note in the chatter what the rep entered to complete a gate: ``items`` [(gate stage, requirement,
        entered text)]."""
        self.ensure_one()
        lines = Markup("").join(
            Markup("<li>%s</li>")
            % self.env._(
                "%(requirement)s (gate of %(stage)s): %(entered)s",
                requirement=requirement,
                stage=stage or "-",
                entered=entered,
            )
            for stage, requirement, entered in items
        )
        self.message_post(
            body=Markup("<p>%s</p><ul>%s</ul>") % (self.env._("Gate evidence entered:"), lines),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

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
        default = self.env["sales.ecosystem.capability"]._get_setting("gate_default_mode") or "block"
        return {lead.id: lead.team_id.gate_mode or default for lead in self}

    @api.model
    @tools.ormcache()
    def _gate_position_fields(self):
        """Names of the fields whose write may change a deal's place in the pipeline: its stage, its team (crm
        recomputes the team when the salesperson changes, and the stage when the team changes) and whether it is
        active; from the registry's field triggers, cached."""
        targets = {self._fields[name] for name in ("stage_id", "team_id")}
        names = {"stage_id", "team_id", "active"}
        changed = True
        while changed:  # fields triggering the recompute of a field triggering stage or team, and so on
            changed = False
            for name, field in self._fields.items():
                if name not in names and targets & set(self.pool.get_trigger_tree([field]).root):
                    names.add(name)
                    targets.add(field)
                    changed = True
        return frozenset(names)

    def _gate_position(self):
        self.ensure_one()
        return (self.stage_id.id, self.team_id.id or False, self.active)

    def _gate_needs_check(self, old_position, new_position):
        if old_position is None:
            return True
        if old_position[:2] != new_position[:2]:
            return True  # a new stage or team: the deal sits behind other gates
        return new_position[2] and not old_position[2]  # restored: back in its pipeline (losing it is free)

    def _gate_enters_won(self, old_stage, new_stage):
        return new_stage.is_won and not old_stage.is_won

    def _gate_stage_keys(self, order=None):
        order = order if order is not None else self.env["crm.stage"]._se_pipeline_order()
        return {stage_id: (sequence, stage_id) for stage_id, sequence, _team_ids in order}

    def _gate_get_behind_by_record(self, stage_by_id, order=None):
        """The gated stages of the deal's team's pipeline (stages without teams or with the deal's team) placed
        before its stage or at it, by (sequence, id) as crm's _stage_find orders them, plus its stage's own gate when
        that stage is not in its pipeline; a team's own gate of a stage replaces the all-teams gate. From the
        registry-cached pipeline order and gate index: no query."""
        order = order if order is not None else self.env["crm.stage"]._se_pipeline_order()
        index = self.env["crm.stage.gate"]._get_gate_index()
        keys = self._gate_stage_keys(order)
        gated_by_team = {}

        def gated(team_id):
            if team_id not in gated_by_team:
                gated_by_team[team_id] = [
                    (keys[stage_id], stage_id, gates.get(team_id) or gates[False])
                    for stage_id, _sequence, team_ids in order
                    if (gates := index.get(stage_id))
                    and (team_id in gates or False in gates)
                    and (not team_ids or team_id in team_ids)
                ]
            return gated_by_team[team_id]

        result = {}
        for lead in self:
            stage = stage_by_id.get(lead.id)
            if not stage:
                result[lead.id] = []
                continue
            team_id = lead.team_id.id or False
            key = keys.get(stage.id) or (stage.sequence, stage.id)
            items = [
                (stage_id, gate_id) for stage_key, stage_id, gate_id in gated(team_id) if stage_key <= key
            ]
            own = index.get(stage.id, {})
            own_gate = own.get(team_id) or own.get(False)
            if own_gate and (stage.id, own_gate) not in items:
                items.append((stage.id, own_gate))
            result[lead.id] = items
        return result

    def _gate_get_requirements_by_gate(self, gate_ids):
        return self.env["crm.stage.gate"]._get_requirements_by_gate(gate_ids)

    def _gate_get_passed_by_record(self):
        # sudo: the record of passes is the engine's own bookkeeping, whoever moves the deal
        passes = (
            self.env["crm.lead.gate.pass"]
            .sudo()
            .search_fetch([("lead_id", "in", self.ids)], ["lead_id", "gate_id"], order="id")
        )
        result = {lead_id: set() for lead_id in self.ids}
        for gate_pass in passes:
            result[gate_pass.lead_id.id].add(gate_pass.gate_id.id)
        return result

    def _gate_record_passes(self, passes):
        """One INSERT for every pass (the first pass of a gate is kept: ON CONFLICT DO NOTHING)."""
        if not passes:
            return
        company_by_id = {lead.id: lead.company_id.id or None for lead in self.browse({p[0] for p in passes})}
        self.env["crm.lead.gate.pass"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_lead_gate_pass
                       (lead_id, stage_id, gate_id, pass_type, override_id, company_id, user_id, date,
                        create_uid, write_uid, create_date, write_date)
                SELECT v.lead_id, v.stage_id, v.gate_id, v.pass_type, v.override_id, v.company_id,
                       %(uid)s, %(now)s, %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM unnest(%(leads)s::int[], %(stages)s::int[], %(gates)s::int[], %(types)s::varchar[],
                              %(overrides)s::int[], %(companies)s::int[])
                       AS v(lead_id, stage_id, gate_id, pass_type, override_id, company_id)
                ON CONFLICT (lead_id, gate_id) DO NOTHING
                """,
                uid=self.env.uid,
                now=self.env.cr.now(),
                leads=[p[0] for p in passes],
                stages=[p[1] for p in passes],
                gates=[p[2] for p in passes],
                types=[p[3] for p in passes],
                overrides=[p[4] or None for p in passes],
                companies=[company_by_id[p[0]] for p in passes],
            )
        )
        self.env["crm.lead.gate.pass"].invalidate_model()
        self.browse({p[0] for p in passes}).invalidate_recordset(["gate_pass_ids"])

    def _gate_get_next_stage_by_record(self):
        """The next stage of each deal in its team's pipeline (by sequence, then id), from the registry-cached pipeline
        order (no query)."""
        order = self.env["crm.stage"]._se_pipeline_order()
        Stage = self.env["crm.stage"]
        result = {}
        for lead in self:
            current_id = lead.stage_id.id
            current_key = (lead.stage_id.sequence, current_id)
            team_id = lead.team_id.id
            next_id = next(
                (
                    stage_id
                    for stage_id, sequence, team_ids in order
                    if (not team_ids or team_id in team_ids)
                    and ((sequence, stage_id) > current_key if current_id else True)
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
            .search_fetch(
                [("lead_id", "in", list(unmet_by_id)), ("stage_id", "=", stage.id), ("is_used", "=", False)],
                ["lead_id"],
                order="id",
            )
        )
        used = {}
        for override in overrides:  # one override per deal and move
            used.setdefault(override.lead_id.id, override)
        if used:
            overrides.browse([override.id for override in used.values()]).write({"is_used": True})
        return {lead_id: override.id for lead_id, override in used.items()}

    @api.model
    def _gate_check_pipeline_change(self, old_order):
        """The pipeline order changed (stage sequences or teams) from ``old_order`` (see crm.stage's
        _se_pipeline_order) to the current one: the active deals that would now sit behind a gate they are not
        behind in the old order and never passed must meet it now (or have a manager override for it), else the
        change is refused naming them (``GateBlockedError``). With the sanctioned bypass, such deals are left
        where they are, behind gates they never met (logged), and meet them on their next move."""
        new_order = self.env["crm.stage"]._se_pipeline_order()
        if new_order == old_order:
            return
        leads = self._gate_pipeline_candidates(old_order, new_order)
        if not leads:
            return
        stage_by_id = {lead.id: lead.stage_id for lead in leads}
        old_behind = leads._gate_get_behind_by_record(stage_by_id, old_order)
        new_behind = leads._gate_get_behind_by_record(stage_by_id, new_order)
        newly = {
            lead_id: [item for item in items if item not in old_behind.get(lead_id, ())]
            for lead_id, items in new_behind.items()
        }
        newly = {lead_id: items for lead_id, items in newly.items() if items}
        if not newly:
            return
        if self._gate_skip():
            _logger.info(
                "Pipeline order changed with the gate bypass by user %s: %s deals now sit behind gates they did "
                "not pass (ids %s)",
                self.env.uid,
                len(newly),
                sorted(newly),
            )
            return
        leads = leads.browse(list(newly))
        mode_by_id = leads._gate_get_mode_by_record()
        leads = leads.filtered(lambda lead: mode_by_id[lead.id] != "off")
        passed = leads._gate_get_passed_by_record()
        plan = {
            lead.id: [item for item in newly[lead.id] if item[1] not in passed[lead.id]] for lead in leads
        }
        plan = {lead_id: items for lead_id, items in plan.items() if items}
        if plan:
            leads = leads.browse(list(plan))
            leads._gate_apply(plan, stage_by_id, mode_by_id, stage_by_id, reason="order")

    @api.model
    def _gate_pipeline_candidates(self, old_order, new_order):
        """The active deals in the stages that may be behind a gated stage in ``new_order`` they were not behind in
        ``old_order`` (a gated stage now before them, or one that joined a team's pipeline)."""
        index = self.env["crm.stage.gate"]._get_gate_index()
        old = {stage_id: ((sequence, stage_id), team_ids) for stage_id, sequence, team_ids in old_order}
        new = {stage_id: ((sequence, stage_id), team_ids) for stage_id, sequence, team_ids in new_order}
        gated = [stage_id for stage_id in new if stage_id in index]
        stage_ids = []
        for stage_id, (key, _team_ids) in new.items():
            if stage_id not in old:
                continue
            old_key = old[stage_id][0]
            for gated_id in gated:
                if gated_id == stage_id or gated_id not in old:
                    continue
                moved_before = new[gated_id][0] <= key and old[gated_id][0] > old_key
                teams_changed = new[gated_id][0] <= key and new[gated_id][1] != old[gated_id][1]
                if moved_before or teams_changed:
                    stage_ids.append(stage_id)
                    break
        if not stage_ids:
            return self.browse()
        # sudo: the pipeline order is configuration; every deal it puts behind a gate is checked, whoever may read it
        return self.sudo().search([("stage_id", "in", stage_ids)]).with_env(self.env)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _se_related_count_sources(self):
        return {
            **super()._se_related_count_sources(),
            "gate_override_count": ("crm.gate.override", "lead_id", "gate_override_ids"),
        }

    def _get_contact_roles(self, roles=None):
        """The deal's role of each of its contacts, the one definition every reader of a deal's buying roles uses
        (stage gates, conversation plans): ``{lead id: {partner id: buying role or False}}``.

        The deal's contacts are its customer (``partner_id``), its buying committee (``contact_ids``) and the
        contacts of its Buying Roles (``contact_role_ids``). A contact's role in the deal is the role of their
        Buying Roles row when the deal has one (an empty role there: no role in this deal), else their usual role
        (contact card): without any row, exactly the usual roles, as before deal roles existed. Archived contacts
        count, as on the deal form. ``roles``: only the contacts holding one of them.

        One query whatever the number of deals (raw SQL: the gate check runs it on every stage move and import
        batch; reading the committees through the ORM was measured ten times slower at 1,000 deals).
        """
        result = {lead_id: {} for lead_id in self.ids}
        if not result:
            return result
        self.flush_model(["partner_id", "contact_ids"])
        self.env["res.partner"].flush_model(["buying_role"])
        self.env["crm.lead.contact.role"].flush_model(["lead_id", "partner_id", "buying_role"])
        contacts = self._fields["contact_ids"]
        role_of_contact = SQL(
            "CASE WHEN deal_role.id IS NULL THEN partner.buying_role ELSE deal_role.buying_role END"
        )
        roles_filter = SQL("%s = ANY(%s)", role_of_contact, list(roles)) if roles is not None else SQL("TRUE")
        self.env.cr.execute(
            SQL(
                """
                WITH people AS (
                    SELECT lead.id AS lead_id, lead.partner_id AS partner_id
                      FROM %(lead_table)s lead
                     WHERE lead.id = ANY(%(ids)s) AND lead.partner_id IS NOT NULL
                     UNION
                    SELECT rel.%(lead_column)s, rel.%(partner_column)s
                      FROM %(rel_table)s rel
                     WHERE rel.%(lead_column)s = ANY(%(ids)s)
                     UNION
                    SELECT line.lead_id, line.partner_id
                      FROM crm_lead_contact_role line
                     WHERE line.lead_id = ANY(%(ids)s)
                )
                SELECT people.lead_id, people.partner_id, %(role)s
                  FROM people
                  JOIN res_partner partner ON partner.id = people.partner_id
             LEFT JOIN crm_lead_contact_role deal_role
                    ON deal_role.lead_id = people.lead_id AND deal_role.partner_id = people.partner_id
                 WHERE %(roles_filter)s
                """,
                lead_table=SQL.identifier(self._table),
                rel_table=SQL.identifier(contacts.relation),
                lead_column=SQL.identifier(contacts.column1),
                partner_column=SQL.identifier(contacts.column2),
                ids=list(result),
                role=role_of_contact,
                roles_filter=roles_filter,
            )
        )
        for lead_id, partner_id, role in self.env.cr.fetchall():
            result[lead_id][partner_id] = role or False
        return result

    def _get_deal_contacts(self):
        """The deal's contacts (the people of :meth:`_get_contact_roles`), read from memory for one deal: what the
        form shows before it is saved (deal health details). The contacts of its Buying Roles are on its buying
        committee (``crm.lead.contact.role._join_buying_committee``)."""
        self.ensure_one()
        people = self.partner_id | self.contact_ids
        if isinstance(self.id, NewId):  # the form before saving: its new rows are not on the committee yet
            people |= self.contact_role_ids.partner_id
        return people

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
