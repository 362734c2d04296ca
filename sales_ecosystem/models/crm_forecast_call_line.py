# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models

from .crm_lead_forecast import LEAD_FORECAST_CATEGORIES


class CrmForecastCallLine(models.Model):
    """A deal behind a forecast call, as it was at submission (amount, category, stage, closing date)."""

    _name = "crm.forecast.call.line"
    _description = "Forecast Call Deal"
    _order = "call_id, category, amount desc, id"

    call_id = fields.Many2one(
        "crm.forecast.call", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="call_id.company_id", store=True)
    currency_id = fields.Many2one(related="call_id.currency_id")
    lead_id = fields.Many2one("crm.lead", "Deal", index=True, ondelete="set null", readonly=True)
    name = fields.Char("Deal Name", readonly=True)
    amount = fields.Monetary("Amount at Submission", currency_field="currency_id", readonly=True)
    category = fields.Selection(LEAD_FORECAST_CATEGORIES, "Category at Submission", readonly=True)
    stage_id = fields.Many2one("crm.stage", "Stage at Submission", readonly=True, ondelete="set null")
    date_deadline = fields.Date("Expected Closing at Submission", readonly=True)
    probability = fields.Float("Probability at Submission", readonly=True)
