# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models


class CrmGateAttempt(models.Model):
    """A stage move a gate blocked (analytics: which requirements block most, for whom, where)."""

    _name = "crm.gate.attempt"
    _description = "Blocked Stage Gate Attempt"
    _order = "date desc, id desc"
    _rec_name = "lead_name"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, readonly=True)
    lead_id = fields.Many2one("crm.lead", "Deal", ondelete="set null", index=True, readonly=True)
    lead_name = fields.Char("Deal Name", readonly=True)
    stage_id = fields.Many2one("crm.stage", required=True, ondelete="cascade", readonly=True)
    from_stage_id = fields.Many2one("crm.stage", ondelete="set null", readonly=True)
    user_id = fields.Many2one("res.users", "Moved By", ondelete="set null", readonly=True)
    salesperson_id = fields.Many2one("res.users", ondelete="set null", index=True, readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", ondelete="set null", index=True, readonly=True)
    company_id = fields.Many2one("res.company", ondelete="cascade", index=True, readonly=True)
    requirement_ids = fields.Many2many(
        "crm.gate.requirement",
        "crm_gate_attempt_requirement_rel",
        "attempt_id",
        "requirement_id",
        string="Unmet Requirements",
        readonly=True,
    )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _gate_attempt_cursor(self):
        """The cursor the post-rollback hook writes attempts with: a new transaction (tests patch this)."""
        return self.env.registry.cursor()

    @api.model
    def _record_attempts(self, vals_list):
        """Create attempts from values captured before a rollback, dropping references that no longer
        exist."""
        Stage, Lead = self.env["crm.stage"], self.env["crm.lead"]
        stage_ids = set(Stage.browse({v["stage_id"] for v in vals_list}).exists().ids)
        lead_ids = set(Lead.browse({v["lead_id"] for v in vals_list}).exists().ids)
        requirement_ids = set(
            self.env["crm.gate.requirement"]
            .browse({rid for v in vals_list for rid in v["requirement_ids"]})
            .exists()
            .ids
        )
        records = []
        for vals in vals_list:
            if vals["stage_id"] not in stage_ids:
                continue  # the stage itself was created in the rolled-back transaction
            from_stage = vals["from_stage_id"]
            records.append(
                {
                    **vals,
                    "lead_id": vals["lead_id"] if vals["lead_id"] in lead_ids else False,
                    "from_stage_id": from_stage if Stage.browse(from_stage).exists() else False,
                    "requirement_ids": [(6, 0, [r for r in vals["requirement_ids"] if r in requirement_ids])],
                }
            )
        return self.create(records)
