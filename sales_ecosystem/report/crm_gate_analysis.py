# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models
from odoo.tools import SQL


class CrmGateAnalysis(models.Model):
    """Blocked attempts and overrides, one row per requirement involved: which requirements block most, where,
    for whom and when."""

    _name = "crm.gate.analysis"
    _description = "Stage Gate Analysis"
    _auto = False
    _order = "date desc"
    _depends = {
        "crm.gate.attempt": [
            "date",
            "lead_id",
            "stage_id",
            "salesperson_id",
            "user_id",
            "team_id",
            "company_id",
            "requirement_ids",
        ],
        "crm.gate.override": [
            "date",
            "lead_id",
            "stage_id",
            "salesperson_id",
            "user_id",
            "team_id",
            "company_id",
            "requirement_ids",
        ],
        "crm.gate.requirement": ["kind"],
    }

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    event_type = fields.Selection([("blocked", "Blocked attempt"), ("override", "Override")], readonly=True)
    date = fields.Datetime(readonly=True)
    lead_id = fields.Many2one("crm.lead", "Deal", readonly=True)
    stage_id = fields.Many2one("crm.stage", readonly=True)
    requirement_id = fields.Many2one("crm.gate.requirement", readonly=True)
    requirement_kind = fields.Char(readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    actor_id = fields.Many2one("res.users", "Done By", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    event_count = fields.Integer("# Events", readonly=True, aggregator="sum")

    # ------------------------------------------------------------
    # SQL VIEW
    # ------------------------------------------------------------

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT row_number() OVER (
                       ORDER BY events.event_type, events.source_id, events.requirement_id
                   ) AS id,
                   events.*, req.kind AS requirement_kind
              FROM (
                    SELECT 'blocked' AS event_type, a.id AS source_id, a.date, a.lead_id, a.stage_id,
                           rel.requirement_id, a.salesperson_id AS user_id, a.user_id AS actor_id, a.team_id,
                           a.company_id, 1 AS event_count
                      FROM crm_gate_attempt a
                 LEFT JOIN crm_gate_attempt_requirement_rel rel ON rel.attempt_id = a.id
                 UNION ALL
                    SELECT 'override', o.id, o.date, o.lead_id, o.stage_id, rel.requirement_id,
                           o.salesperson_id, o.user_id, o.team_id, o.company_id, 1
                      FROM crm_gate_override o
                 LEFT JOIN crm_gate_override_requirement_rel rel ON rel.override_id = o.id
                   ) AS events
         LEFT JOIN crm_gate_requirement req ON req.id = events.requirement_id
            """
        )
