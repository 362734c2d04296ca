# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class CrmGateOverride(models.Model):
    """A manager's decision to let one deal enter one stage although blocking requirements are unmet."""

    _name = "crm.gate.override"
    _description = "Stage Gate Override"
    _order = "date desc, id desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", "Overridden By", required=True, default=lambda self: self.env.user, readonly=True
    )
    lead_id = fields.Many2one("crm.lead", "Deal", required=True, ondelete="cascade", index=True)
    stage_id = fields.Many2one("crm.stage", required=True, ondelete="cascade", index=True)
    requirement_ids = fields.Many2many(
        "crm.gate.requirement",
        "crm_gate_override_requirement_rel",
        "override_id",
        "requirement_id",
        string="Overridden Requirements",
    )
    reason = fields.Text(required=True)
    is_used = fields.Boolean(
        "Used", readonly=True, help="Set when the deal entered the stage thanks to this override."
    )
    salesperson_id = fields.Many2one(related="lead_id.user_id", store=True, string="Salesperson")
    team_id = fields.Many2one(related="lead_id.team_id", store=True, string="Sales Team")
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("reason")
    def _check_reason(self):
        for override in self:
            if not (override.reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Override of the gate of %(stage)s for %(deal)s: a reason is mandatory.",
                        stage=override.stage_id.name,
                        deal=override.lead_id.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # Access rights already refuse reps; this also covers sudo() callers acting for a user.
        if not (self.env.su or self.env.user.has_group("sales_ecosystem.group_sales_ecosystem_manager")):
            raise AccessError(self.env._("Only sales managers can override a stage gate."))
        overrides = super().create(vals_list)
        for override in overrides:
            items = Markup("").join(Markup("<li>%s</li>") % req.name for req in override.requirement_ids)
            override.lead_id.message_post(
                body=Markup("<p>%s</p><ul>%s</ul><p>%s</p>")
                % (
                    escape(
                        self.env._(
                            "%(user)s overrode the gate of %(stage)s:",
                            user=override.user_id.name,
                            stage=override.stage_id.name,
                        )
                    ),
                    items,
                    escape(self.env._("Reason: %(reason)s", reason=override.reason)),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return overrides
