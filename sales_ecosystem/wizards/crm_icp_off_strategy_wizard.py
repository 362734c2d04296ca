# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.crm_lead_icp import OFF_STRATEGY_REASONS

SOFT_RELOAD = {"type": "ir.actions.client", "tag": "soft_reload"}


class CrmOffStrategyWizard(models.TransientModel):
    """Give the Off-Strategy reason of refused deals and retry their move: what the refusal dialog opens (and the
    deal form's 'Mark Off Strategy'). Everything is written as the rep, through the deal's own rules."""

    _name = "crm.off.strategy.wizard"
    _description = "Off-Strategy Reason"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    lead_ids = fields.Many2many("crm.lead", string="Deals")
    stage_id = fields.Many2one(
        "crm.stage",
        "Move To",
        help="The stage the deals were moved to when refused (empty: no move to retry).",
    )
    mark_off = fields.Boolean(
        "Mark Off Strategy", help="Mark the deals Off Strategy by hand (whatever the strategy rule computes)."
    )
    off_strategy_reason = fields.Selection(OFF_STRATEGY_REASONS, "Off-Strategy Reason")
    off_strategy_note = fields.Text("Note")
    explanation = fields.Text(compute="_compute_explanation", readonly=True)

    # ------------------------------------------------------------
    # DEFAULTS
    # ------------------------------------------------------------

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        lead_ids = self.env.context.get("default_lead_ids")
        if (
            "lead_ids" in fields_list
            and isinstance(lead_ids, list)
            and all(isinstance(i, int) for i in lead_ids)
        ):
            # deals refused at their creation were rolled back with it: only the deals that exist are offered
            values["lead_ids"] = [fields.Command.set(self.env["crm.lead"].browse(lead_ids).exists().ids)]
        return values

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("lead_ids", "mark_off")
    def _compute_explanation(self):
        for wizard in self:
            if not wizard.lead_ids:
                wizard.explanation = self.env._(
                    "The deal was not saved: give its Off-Strategy Reason on the form, then save it again."
                )
                continue
            leads = wizard.lead_ids.filtered(lambda lead: lead.strategy == "off")
            if wizard.mark_off or not leads:
                wizard.explanation = False
                continue
            why = leads._off_strategy_explanation()
            wizard.explanation = "\n".join(
                self.env._("%(deal)s is Off Strategy: %(why)s.", deal=lead.display_name, why=why[lead.id])
                for lead in leads
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_apply(self):
        """Write the reason (and the manual mark) on the deals, then retry the move to the stage."""
        self.ensure_one()
        leads = self.lead_ids.exists()
        if not leads:
            raise UserError(
                self.env._("The deals no longer exist: save them again with an Off-Strategy Reason.")
            )
        if not self.off_strategy_reason:
            raise UserError(
                self.env._(
                    "Give the Off-Strategy Reason of %(deals)s.",
                    deals=", ".join(leads.mapped("display_name")),
                )
            )
        values = {
            "off_strategy_reason": self.off_strategy_reason,
            "off_strategy_note": self.off_strategy_note,
        }
        if self.mark_off:
            values["is_off_strategy_manual"] = True
        if self.stage_id and leads.filtered(lambda lead: lead.stage_id != self.stage_id):
            # one write: the reason and the move stand or fall together (a stage gate may still refuse the move)
            values["stage_id"] = self.stage_id.id
        leads.write(values)
        return SOFT_RELOAD
