# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.crm_gate_methodology_criterion import CRITERION_STATUSES

#: How a 'field' requirement is filled in the dialog, per type of the deal's field (other types: on the form).
VALUE_WIDGETS = {
    "char": "text",
    "text": "text",
    "html": "text",
    "integer": "integer",
    "float": "float",
    "monetary": "float",
    "date": "date",
    "datetime": "datetime",
    "boolean": "boolean",
    "selection": "selection",
    "many2one": "many2one",
}


class CrmGateCompleteWizardLine(models.TransientModel):
    """One unmet requirement of one deal in the complete-the-gate dialog, with a value widget that fits it:
    a status for a methodology criterion, a contact for a buying role, and for a field requirement a text,
    number, date, checkbox, choice (selection) or record (many2one) input."""

    _name = "crm.gate.complete.wizard.line"
    _description = "Complete the Stage Gate: Missing Requirement"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    wizard_id = fields.Many2one("crm.gate.complete.wizard", required=True, ondelete="cascade")
    lead_id = fields.Many2one("crm.lead", "Deal", required=True, readonly=True)
    requirement_id = fields.Many2one("crm.gate.requirement", "Gate Requirement", required=True, readonly=True)
    gate_stage_id = fields.Many2one(
        related="requirement_id.stage_id",
        help="The stage whose gate this requirement belongs to (a move checks the "
        "gates of the stages it passes over too).",
    )
    name = fields.Char(related="requirement_id.name")
    message = fields.Text(related="requirement_id.message")
    kind = fields.Selection(related="requirement_id.kind")
    severity = fields.Selection(related="requirement_id.severity")
    field_type = fields.Selection(related="requirement_id.field_id.ttype")
    account_id = fields.Many2one(related="lead_id.partner_id.commercial_partner_id")
    value_widget = fields.Selection(
        [(widget, widget) for widget in dict.fromkeys(VALUE_WIDGETS.values())],
        compute="_compute_value_widget",
        help="The input shown for a field requirement (empty: not fillable here).",
    )
    value_model = fields.Char(compute="_compute_value_widget", help="Model of a many2one field requirement.")
    selection_field_id = fields.Integer(
        compute="_compute_value_widget", help="ir.model.fields id of a selection field requirement."
    )
    is_fillable = fields.Boolean(compute="_compute_value_widget")
    hint = fields.Char(compute="_compute_value_widget")
    status = fields.Selection(CRITERION_STATUSES)
    note = fields.Char("Evidence", help="What shows the criterion is met (noted in the deal's chatter).")
    partner_id = fields.Many2one(
        "res.partner", "Contact", help="The customer contact holding the required buying role on this deal."
    )
    value_text = fields.Char("Value to Enter")
    value_integer = fields.Integer("Number to Enter")
    value_float = fields.Float("Amount to Enter")
    value_date = fields.Date("Date to Enter")
    value_datetime = fields.Datetime("Date and Time to Enter")
    value_boolean = fields.Boolean("Confirmed")
    value_selection_id = fields.Many2one(
        "ir.model.fields.selection",
        "Choice",
        domain="[('field_id', '=', selection_field_id)]",
        ondelete="cascade",
    )
    value_reference = fields.Many2oneReference("Record", model_field="value_model")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("kind", "message", "requirement_id.field_id")
    def _compute_value_widget(self):
        hints = {
            "domain": self.env._("Not fillable here: update the deal so that it meets this condition."),
            "icp": self.env._("ICP fit is computed from the account: complete the account's data."),
            "activity": self.env._("Mark the required activity as done on the deal."),
            "attachment": self.env._("Attach the document to the deal."),
            "field": self.env._("Fill this field on the deal form."),
        }
        for line in self:
            # sudo: the requirement's field (ir.model.fields) is configuration reps cannot read themselves
            field = line.requirement_id.sudo().field_id
            widget = VALUE_WIDGETS.get(field.ttype) if line.kind == "field" else False
            line.value_widget = widget
            line.value_model = field.relation if widget == "many2one" else False
            line.selection_field_id = field.id if widget == "selection" else 0
            line.is_fillable = line.kind in ("criterion", "buying_role") or bool(widget)
            hint = False if line.is_fillable else hints.get(line.kind)
            if line.kind == "domain" and line.message:
                hint = self.env._("Not fillable here: %(message)s", message=line.message)
            line.hint = hint

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _apply(self):
        """Write what the rep filled in (nothing for untouched lines); one write per deal for the fields. What was
        entered is noted in each deal's chatter (the evidence behind the gate)."""
        Status = self.env["crm.lead.methodology.status"]
        values_by_lead = {}
        evidence_by_lead = {}
        for line in self:
            requirement, lead = line.requirement_id, line.lead_id
            entered = line._evidence_text()
            if entered:
                evidence_by_lead.setdefault(lead, []).append(
                    (line.gate_stage_id.name, requirement.name, entered)
                )
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
                deal_role = lead.contact_role_ids.filtered(lambda r, p=line.partner_id: r.partner_id == p)
                if deal_role:  # the deal's own role of this contact is what the gate reads
                    deal_role.buying_role = requirement.buying_role
                else:
                    line.partner_id.buying_role = requirement.buying_role
                    lead.contact_ids = [fields.Command.link(line.partner_id.id)]
            elif line.kind == "field" and line.value_widget:
                value = line._get_value()
                if value not in (None, False, ""):
                    # sudo: reps cannot read ir.model.fields; the deal write itself is done as the rep
                    values_by_lead.setdefault(lead, {})[requirement.sudo().field_id.name] = value
        for lead, values in values_by_lead.items():
            lead.write(values)
        for lead, items in evidence_by_lead.items():
            lead._gate_post_evidence(items)

    def _evidence_text(self):
        """What the rep entered on this line, in words (empty: nothing entered)."""
        self.ensure_one()
        if self.kind == "criterion" and self.status:
            label = dict(self._fields["status"]._description_selection(self.env))[self.status]
            return f"{label}: {self.note}" if self.note else label
        if self.kind == "buying_role" and self.partner_id:
            return self.partner_id.name
        if self.kind == "field" and self.value_widget:
            value = self._get_value()
            if value in (None, False, ""):
                return ""
            if self.value_widget == "selection":
                return self.value_selection_id.name
            if self.value_widget == "many2one":
                return self.env[self.value_model].browse(value).display_name
            if self.value_widget == "boolean":
                return self.env._("Yes")
            return str(value)
        return ""

    def _get_value(self):
        """The value entered for a field requirement, converted for the deal's field (None: nothing)."""
        self.ensure_one()
        widget = self.value_widget
        if widget == "text":
            return (self.value_text or "").strip() or None
        if widget == "integer":
            return self.value_integer or None
        if widget == "float":
            return self.value_float or None
        if widget == "date":
            return self.value_date or None
        if widget == "datetime":
            return self.value_datetime or None
        if widget == "boolean":
            return self.value_boolean or None
        if widget == "selection":
            choice = self.value_selection_id  # sales users may read selection options (access rights)
            # sudo: reps cannot read ir.model.fields; only the requirement's field id is compared
            if choice and choice.field_id != self.requirement_id.sudo().field_id:
                raise UserError(
                    self.env._(
                        "Deal %(deal)s, %(field)s: '%(value)s' is not one of its choices.",
                        deal=self.lead_id.name,
                        field=self.requirement_id.name,
                        value=choice.name,
                    )
                )
            return choice.value if choice else None
        if widget == "many2one":
            return self.value_reference or None
        return None
