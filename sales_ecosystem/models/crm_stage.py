# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models, tools
from odoo.exceptions import UserError

from .crm_gate_mixin import GateBlockedError

#: Context value deferring the pipeline-order check of stage writes to the end of a kanban column drag (see
#: web_resequence). A Python object: no RPC call can pass it.
_DEFER_PIPELINE_CHECK = object()
_DEFER_PIPELINE_CHECK_KEY = "_sales_ecosystem_defer_pipeline_check"


class CrmStage(models.Model):
    _inherit = "crm.stage"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    gate_ids = fields.One2many("crm.stage.gate", "stage_id", "Gates")
    playbook_ids = fields.One2many("crm.stage.playbook", "stage_id", "Playbooks")
    is_late_stage = fields.Boolean(
        "Late Stage",
        help="Deals in this stage are late-stage: the funnel review's 'Top Late-Stage Deals' lists them.",
    )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        stages = super().create(vals_list)
        self.env.registry.clear_cache()  # the cached pipeline order (_se_pipeline_order)
        return stages

    def write(self, vals):
        if not {"sequence", "team_ids"} & set(vals):
            return super().write(vals)
        old_order = self._se_pipeline_order()
        res = super().write(vals)
        self.env.registry.clear_cache()  # the cached pipeline order (_se_pipeline_order)
        if self.env.context.get(_DEFER_PIPELINE_CHECK_KEY) is not _DEFER_PIPELINE_CHECK:
            # deals the new order puts behind a gate must meet it (README, "The gate invariant")
            self._se_check_pipeline_change(old_order)
        return res

    def _se_check_pipeline_change(self, old_order):
        try:
            self.env["crm.lead"]._gate_check_pipeline_change(old_order)
        except GateBlockedError:
            # The cached order is the refused one: forget it, so that whoever catches the refusal (a savepoint) reads
            # the order back from the database once the change is rolled back.
            self.env.registry.clear_cache()
            raise

    def web_resequence(self, specification, field_name="sequence", offset=0):
        """Dragging the kanban's columns writes the stages one by one: check the pipeline order once, at the end
        (an intermediate order is no one's decision)."""
        if field_name != "sequence":
            return super().web_resequence(specification, field_name, offset)
        old_order = self._se_pipeline_order()
        deferred = self.with_context(**{_DEFER_PIPELINE_CHECK_KEY: _DEFER_PIPELINE_CHECK})
        result = super(CrmStage, deferred).web_resequence(specification, field_name, offset)
        self._se_check_pipeline_change(old_order)
        return result

    def unlink(self):
        res = super().unlink()
        # the cached pipeline order (_se_pipeline_order) and playbook index (the stage's playbooks are deleted)
        self.env.registry.clear_cache()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_gated(self):
        # sudo: a gate of another company/team still depends on the stage.
        gates = (
            self.env["crm.stage.gate"]
            .sudo()
            .with_context(active_test=False)
            .search([("stage_id", "in", self.ids)])
        )
        if gates:
            raise UserError(
                self.env._(
                    "The stages %(stages)s have stage gates (%(gates)s): delete or move these gates first.",
                    stages=", ".join(gates.stage_id.mapped("name")),
                    gates=", ".join(gates.mapped("name")),
                )
            )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    @tools.ormcache()
    def _se_pipeline_order(self):
        """The stages in pipeline order (by sequence, then id, as crm's _stage_find) as ``(id, sequence, frozenset of
        team ids)``, cached by the registry (cleared when a stage is created, deleted or changes sequence or teams):
        the next-stage lookup and the gates behind a deal need no query."""
        # sudo: the pipeline order is configuration, the same for every user
        return tuple(
            (stage.id, stage.sequence, frozenset(stage.team_ids.ids))
            for stage in self.sudo().search([], order="sequence, id")
        )
