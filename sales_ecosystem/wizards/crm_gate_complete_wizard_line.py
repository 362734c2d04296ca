from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.crm_methodology_criterion import CRITERION_STATUSES

FILLABLE_FIELD_TYPES = ("char", "text", "html", "integer", "float", "monetary", "date")


class CrmGateCompleteWizardLine(models.TransientModel):
    """One unmet requirement of one deal in the complete-the-gate dialog."""

    _name = "crm.gate.complete.wizard.line"
    _description = "Complete the Stage Gate: Missing Requirement"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    wizard_id = fields.Many2one("crm.gate.complete.wizard", required=True, ondelete="cascade")
    lead_id = fields.Many2one("crm.lead", "Deal", required=True, readonly=True)
    requirement_id = fields.Many2one("crm.gate.requirement", "Gate Requirement", required=True, readonly=True)
    name = fields.Char(related="requirement_id.name")
    message = fields.Text(related="requirement_id.message")
    kind = fields.Selection(related="requirement_id.kind")
    severity = fields.Selection(related="requirement_id.severity")
    field_type = fields.Selection(related="requirement_id.field_id.ttype")
    account_id = fields.Many2one(related="lead_id.partner_id.commercial_partner_id")
    is_fillable = fields.Boolean(compute="_compute_is_fillable")
    hint = fields.Char(compute="_compute_is_fillable")
    status = fields.Selection(CRITERION_STATUSES)
    note = fields.Char()
    partner_id = fields.Many2one(
        "res.partner", "Contact", help="The customer contact holding the required buying role on this deal."
    )
    value_text = fields.Char("Value")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("kind", "field_type")
    def _compute_is_fillable(self):
        hints = {
            "domain": self.env._("Update the deal so that it matches the condition."),
            "icp": self.env._("ICP fit is computed from the account: complete the account's data."),
            "activity": self.env._("Mark the required activity as done on the deal."),
            "attachment": self.env._("Attach the document to the deal."),
            "field": self.env._("Fill this field on the deal form."),
        }
        for line in self:
            line.is_fillable = line.kind in ("criterion", "buying_role") or (
                line.kind == "field" and line.field_type in FILLABLE_FIELD_TYPES
            )
            line.hint = False if line.is_fillable else hints.get(line.kind)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _apply(self):
        """Write what the rep filled in (nothing for untouched lines)."""
        Status = self.env["crm.lead.methodology.status"]
        for line in self:
            requirement, lead = line.requirement_id, line.lead_id
            if line.kind == "criterion" and line.status:
                status = lead.methodology_status_ids.filtered(
                    lambda s, r=requirement: s.criterion_id == r.criterion_id
                )
                if status:
                    status.write({"status": line.status, "note": line.note or status.note})
                else:
                    Status.create(
                        {
                            "lead_id": lead.id,
                            "criterion_id": requirement.criterion_id.id,
                            "status": line.status,
                            "note": line.note,
                        }
                    )
            elif line.kind == "buying_role" and line.partner_id:
                line.partner_id.buying_role = requirement.buying_role
                lead.contact_ids = [fields.Command.link(line.partner_id.id)]
            elif line.kind == "field" and line.is_fillable and line.value_text:
                lead.write({requirement.field_id.name: line._parse_value()})

    def _parse_value(self):
        self.ensure_one()
        try:
            if self.field_type == "integer":
                return int(self.value_text)
            if self.field_type in ("float", "monetary"):
                return float(self.value_text.replace(",", "."))
            if self.field_type == "date":
                return fields.Date.to_date(self.value_text)
        except ValueError as error:
            raise UserError(
                self.env._(
                    "Deal %(deal)s, %(field)s: '%(value)s' is not a valid value (%(error)s).",
                    deal=self.lead_id.name,
                    field=self.requirement_id.field_id.field_description,
                    value=self.value_text,
                    error=error,
                )
            ) from error
        return self.value_text
