# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models

from .crm_gate_methodology_criterion import CRITERION_STATUSES


class CrmLeadMethodologyStatus(models.Model):
    """Where a deal stands on one methodology criterion (the rep's scorecard line)."""

    _name = "crm.lead.methodology.status"
    _description = "Deal Methodology Criterion Status"
    _order = "lead_id, sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    lead_id = fields.Many2one("crm.lead", "Deal", required=True, ondelete="cascade", index=True)
    criterion_id = fields.Many2one("crm.methodology.criterion", required=True, ondelete="cascade", index=True)
    methodology_id = fields.Many2one(related="criterion_id.methodology_id", store=True)
    sequence = fields.Integer(related="criterion_id.sequence", store=True)
    description = fields.Text(related="criterion_id.description")
    status = fields.Selection(CRITERION_STATUSES, required=True, default="unknown")
    note = fields.Char(help="Evidence: who said what, when.")
    user_id = fields.Many2one(related="lead_id.user_id", store=True, string="Salesperson")
    team_id = fields.Many2one(related="lead_id.team_id", store=True, string="Sales Team")
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)

    _lead_criterion_uniq = models.Constraint(
        "UNIQUE(lead_id, criterion_id)", "A deal has one status per methodology criterion."
    )
