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
    _name = "crm.stage"
    _inherit = ["crm.stage", "crm.cache.mixin"]

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

    # The cached pipeline order (_se_pipeline_order) is invalidated by crm.cache.mixin (create, unlink, and writes of
    # _registry_cache_fields), for this lookup only.

    def write(self, vals):
        if not self._registry_cache_fields() & set(vals) or (
            self.env.context.get(_DEFER_PIPELINE_CHECK_KEY) is _DEFER_PIPELINE_CHECK
        ):
            return super().write(vals)
        old_order = self._se_pipeline_order()
        res = super().write(vals)
        # deals the new order puts behind a gate must meet it (README, "The gate invariant")
        self._se_check_pipeline_change(old_order)
        return res

    def _se_check_pipeline_change(self, old_order):
        try:
            self.env["crm.lead"]._gate_check_pipeline_change(old_order)
        except GateBlockedError:
            # The cached order is the refused one: forget it, so that whoever catches the refusal (a savepoint) reads
            # the order back from the database once the change is rolled back.
            self._registry_invalidate_lookups()
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
    def _registry_cache_fields(self):
        # _se_pipeline_order
        return super()._registry_cache_fields() | {"sequence", "team_ids"}

    @api.model
    def _registry_cached_lookups(self):
        return super()._registry_cached_lookups() | {"_se_pipeline_order"}

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
