from odoo import api, fields, models, tools
from odoo.exceptions import UserError


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
        res = super().write(vals)
        if {"sequence", "team_ids"} & set(vals):
            self.env.registry.clear_cache()  # the cached pipeline order (_se_pipeline_order)
        return res

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
        """The stages in pipeline order as ``(id, sequence, frozenset of team ids)``, cached by the registry (cleared
        when a stage is created, deleted or changes sequence or teams): the next-stage lookup of the gates and deal
        health needs no query."""
        # sudo: the pipeline order is configuration, the same for every user
        return tuple(
            (stage.id, stage.sequence, frozenset(stage.team_ids.ids)) for stage in self.sudo().search([])
        )
