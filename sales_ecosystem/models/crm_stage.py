from odoo import api, fields, models
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
