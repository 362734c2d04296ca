# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models
from odoo.tools import SQL

COMPLETENESS_BANDS = [
    ("1_low", "0-24%"),
    ("2_partial", "25-49%"),
    ("3_good", "50-74%"),
    ("4_strong", "75-100%"),
]


class CrmGateConversionReport(models.Model):
    """Stage-to-stage conversion by methodology completeness: one row per (deal, stage it entered);
    ``advanced`` when the deal went on to a later stage or was won. Stages entered come from the stage
    tracking of the chatter plus the deal's current stage."""

    _name = "crm.gate.conversion.report"
    _description = "Stage Conversion by Methodology Completeness"
    _auto = False
    _order = "stage_sequence, lead_id"
    _depends = {
        "crm.lead": [
            "stage_id",
            "methodology_id",
            "methodology_score",
            "user_id",
            "team_id",
            "company_id",
            "won_status",
            "type",
        ],
        "crm.stage": ["sequence", "is_won"],
        "mail.tracking.value": ["new_value_integer", "field_id", "mail_message_id"],
        "mail.message": ["model", "res_id"],
    }

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    lead_id = fields.Many2one("crm.lead", "Deal", readonly=True)
    stage_id = fields.Many2one("crm.stage", "Stage Entered", readonly=True)
    stage_sequence = fields.Integer(readonly=True)
    methodology_id = fields.Many2one("crm.methodology", readonly=True)
    completeness_band = fields.Selection(COMPLETENESS_BANDS, "Methodology Completeness", readonly=True)
    methodology_score = fields.Float("Completeness (%)", readonly=True, aggregator="avg")
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    entered_count = fields.Integer("# Entered", readonly=True, aggregator="sum")
    advanced_count = fields.Integer("# Advanced", readonly=True, aggregator="sum")
    conversion_rate = fields.Float("Conversion (%)", readonly=True, aggregator="avg")

    # ------------------------------------------------------------
    # SQL VIEW
    # ------------------------------------------------------------

    @property
    def _table_query(self):
        return SQL(
            """
            WITH entered AS (
                SELECT msg.res_id AS lead_id, val.new_value_integer AS stage_id
                  FROM mail_tracking_value val
                  JOIN mail_message msg ON msg.id = val.mail_message_id
                  JOIN ir_model_fields fld ON fld.id = val.field_id
                 WHERE msg.model = 'crm.lead' AND fld.model = 'crm.lead' AND fld.name = 'stage_id'
                   AND val.new_value_integer IS NOT NULL
                 UNION
                SELECT lead.id, lead.stage_id FROM crm_lead lead WHERE lead.stage_id IS NOT NULL
            )
            SELECT row_number() OVER (ORDER BY entered.lead_id, entered.stage_id) AS id,
                   entered.lead_id, entered.stage_id, stage.sequence AS stage_sequence,
                   lead.methodology_id, COALESCE(lead.methodology_score, 0) AS methodology_score,
                   CASE WHEN COALESCE(lead.methodology_score, 0) >= 75 THEN '4_strong'
                        WHEN lead.methodology_score >= 50 THEN '3_good'
                        WHEN lead.methodology_score >= 25 THEN '2_partial'
                        ELSE '1_low' END AS completeness_band,
                   lead.user_id, lead.team_id, lead.company_id,
                   1 AS entered_count,
                   CASE WHEN current_stage.sequence > stage.sequence OR lead.won_status = 'won' THEN 1
                        ELSE 0 END
                       AS advanced_count,
                   CASE WHEN current_stage.sequence > stage.sequence OR lead.won_status = 'won' THEN 100.0
                        ELSE 0.0 END AS conversion_rate
              FROM entered
              JOIN crm_lead lead ON lead.id = entered.lead_id
              JOIN crm_stage stage ON stage.id = entered.stage_id
              JOIN crm_stage current_stage ON current_stage.id = lead.stage_id
             WHERE lead.type = 'opportunity' AND NOT COALESCE(stage.is_won, FALSE)
            """
        )
