# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models

PASS_TYPES = [
    ("met", "Requirements met"),
    ("override", "Manager override"),
    ("bypass", "Sanctioned bypass"),
]


class CrmLeadGatePass(models.Model):
    """A stage gate a deal validly passed: it met the gate's blocking requirements when it got behind it, a manager
    overrode them, or it was placed there with the sanctioned bypass. Moving back into a stage whose gates a deal
    passed is free; a gate it never passed is checked on its next move (README, "The gate invariant").

    Written by the gate engine only (``crm.lead._gate_record_passes``: one INSERT per batch, the first pass of a
    gate is kept), never by users.
    """

    _name = "crm.lead.gate.pass"
    _description = "Stage Gate Passed by a Deal"
    _order = "lead_id, date, id"
    _rec_name = "gate_id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    lead_id = fields.Many2one(
        "crm.lead", "Deal", required=True, ondelete="cascade", index=True, readonly=True
    )
    gate_id = fields.Many2one("crm.stage.gate", required=True, ondelete="cascade", index=True, readonly=True)
    stage_id = fields.Many2one("crm.stage", required=True, ondelete="cascade", readonly=True)
    pass_type = fields.Selection(PASS_TYPES, "Passed By", required=True, readonly=True)
    override_id = fields.Many2one("crm.gate.override", ondelete="set null", readonly=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", "Moved By", ondelete="set null", readonly=True)
    company_id = fields.Many2one("res.company", ondelete="cascade", index=True, readonly=True)

    _lead_gate_uniq = models.Constraint("UNIQUE(lead_id, gate_id)", "A deal passes a gate once.")
