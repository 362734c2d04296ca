# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.crm_gate_mixin import GateBlockedError

SOFT_RELOAD = {"type": "ir.actions.client", "tag": "soft_reload"}


class CrmGateCompleteWizard(models.TransientModel):
    """Complete the gate: list what a blocked move misses, let the rep fill what can be filled, retry
    the move. Managers can also override the gate here, with a reason."""

    _name = "crm.gate.complete.wizard"
    _description = "Complete the Stage Gate"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    lead_ids = fields.Many2many("crm.lead", string="Deals", required=True)
    stage_id = fields.Many2one("crm.stage", "Target Stage", required=True)
    line_ids = fields.One2many("crm.gate.complete.wizard.line", "wizard_id", "Missing")
    can_override = fields.Boolean(compute="_compute_can_override")
    value_widgets = fields.Char(
        compute="_compute_value_widgets", help="Comma-separated inputs the lines need (shows those columns)."
    )
    override_reason = fields.Text(help="Mandatory to override: why these deals may enter the stage anyway.")
    lead_count = fields.Integer(compute="_compute_summary")
    summary = fields.Char(compute="_compute_summary", help="What the dialog is about, in one sentence.")
    is_retry = fields.Boolean(
        compute="_compute_summary", help="Shown again after 'Save and Move': the deals did not move."
    )

    # ------------------------------------------------------------
    # DEFAULTS / COMPUTES
    # ------------------------------------------------------------

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        lead_ids = values.get("lead_ids") or self.env.context.get("default_lead_ids") or []
        lead_ids = [c[1] if isinstance(c, (list, tuple)) and c[0] == 4 else c for c in lead_ids]
        if lead_ids and isinstance(lead_ids[0], (list, tuple)):  # [(6, 0, ids)]
            lead_ids = lead_ids[0][2]
        stage_id = values.get("stage_id") or self.env.context.get("default_stage_id")
        if "line_ids" in fields_list and lead_ids and stage_id:
            leads = self.env["crm.lead"].browse(lead_ids)
            values["line_ids"] = [
                fields.Command.create(vals)
                for vals in self._prepare_line_values(leads, leads.stage_id.browse(stage_id))
            ]
        return values

    @api.depends("line_ids.kind", "line_ids.value_widget")
    def _compute_value_widgets(self):
        for wizard in self:
            widgets = {line.value_widget for line in wizard.line_ids if line.value_widget}
            widgets |= {line.kind for line in wizard.line_ids if line.kind in ("criterion", "buying_role")}
            widgets |= {"hint" for line in wizard.line_ids if not line.is_fillable}
            wizard.value_widgets = ",".join(sorted(widgets))

    @api.depends("lead_ids", "stage_id", "line_ids.name", "line_ids.severity")
    @api.depends_context("sales_ecosystem_gate_not_moved")
    def _compute_summary(self):
        _ = self.env._
        is_retry = bool(self.env.context.get("sales_ecosystem_gate_not_moved"))
        for wizard in self:
            leads, stage = wizard.lead_ids, wizard.stage_id.name or ""
            wizard.lead_count = len(leads)
            wizard.is_retry = is_retry
            blocking = wizard.line_ids.filtered(lambda line: line.severity == "blocking")
            missing = ", ".join(dict.fromkeys(blocking.mapped("name"))) or "-"
            if len(leads) == 1:
                deal = leads.name
                if is_retry:
                    summary = _(
                        "Not moved: %(deal)s still misses %(missing)s to enter %(stage)s.",
                        deal=deal,
                        missing=missing,
                        stage=stage,
                    )
                else:
                    summary = _(
                        "To enter %(stage)s, %(deal)s still misses the requirements below: fill what you can "
                        "here, then Save and Move.",
                        stage=stage,
                        deal=deal,
                    )
            elif is_retry:
                summary = _(
                    "Not moved: %(count)s deals still miss %(missing)s to enter %(stage)s.",
                    count=len(leads),
                    missing=missing,
                    stage=stage,
                )
            else:
                summary = _(
                    "To enter %(stage)s, %(count)s deals still miss the requirements below: fill what you can "
                    "here, then Save and Move.",
                    stage=stage,
                    count=len(leads),
                )
            wizard.summary = summary

    @api.depends_context("uid")
    def _compute_can_override(self):
        is_manager = self.env.user.has_group("sales_ecosystem.group_sales_ecosystem_manager")
        for wizard in self:
            wizard.can_override = is_manager and any(line.severity == "blocking" for line in wizard.line_ids)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_apply_and_retry(self):
        """Save what the rep filled in, then retry the move; if still blocked, show what remains."""
        self.ensure_one()
        self.line_ids._apply()
        try:
            with self.env.cr.savepoint():
                self.lead_ids.write({"stage_id": self.stage_id.id})
        except GateBlockedError:
            # The filled values are kept (outside the rolled-back savepoint): show what is still missing.
            action = self.lead_ids._gate_wizard_action(self.stage_id)
            action["context"]["sales_ecosystem_gate_not_moved"] = True
            return action
        return self._moved_notification()

    def action_override(self):
        """Manager override: stored (who, when, which requirements, reason), noted in the chatter, then
        the move."""
        self.ensure_one()
        if not self.env.user.has_group("sales_ecosystem.group_sales_ecosystem_manager"):
            raise AccessError(self.env._("Only sales managers can override a stage gate."))
        if not (self.override_reason or "").strip():
            raise UserError(
                self.env._("Give the reason for overriding the gate of %(stage)s.", stage=self.stage_id.name)
            )
        self.line_ids._apply()
        blocking_by_lead = self.lead_ids._gate_evaluate(self.stage_id, severity="blocking")
        # one override per deal and gated stage the move checks (the target's gate and those it passes over)
        self.env["crm.gate.override"].create(
            [
                {
                    "lead_id": lead_id,
                    "stage_id": stage.id,
                    "requirement_ids": [
                        fields.Command.set(requirements.filtered(lambda r, s=stage: r.stage_id == s).ids)
                    ],
                    "reason": self.override_reason,
                }
                for lead_id, requirements in blocking_by_lead.items()
                for stage in requirements.stage_id
            ]
        )
        self.lead_ids.write({"stage_id": self.stage_id.id})
        return self._moved_notification()

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _moved_notification(self):
        """The confirmation that the deals moved, then the view reloaded."""
        self.ensure_one()
        deals = ", ".join(self.lead_ids.mapped("name"))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Moved"),
                "message": self.env._("%(deals)s moved to %(stage)s.", deals=deals, stage=self.stage_id.name),
                "next": SOFT_RELOAD,
            },
        }

    @api.model
    def _prepare_line_values(self, leads, stage):
        unmet_by_lead = leads._gate_evaluate(stage)
        statuses = {(line.lead_id.id, line.criterion_id.id): line for line in leads.methodology_status_ids}
        vals_list = []
        for lead in leads:
            for requirement in unmet_by_lead[lead.id]:
                vals = {"lead_id": lead.id, "requirement_id": requirement.id}
                status = statuses.get((lead.id, requirement.criterion_id.id))
                if requirement.kind == "criterion":
                    vals.update(
                        status=status.status if status else "unknown", note=status.note if status else False
                    )
                vals_list.append(vals)
        return vals_list
