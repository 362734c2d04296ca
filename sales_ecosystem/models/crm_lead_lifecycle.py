# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
"""The one deal lifecycle: crm.lead's create and write (and crm's won/lost hook) as the addon extends them.

No other file of the addon overrides them. Each step is a named method of the capability that owns it (its file),
called here in order, and skipped when that capability is switched off in Settings:

write
    before the write (what the checks and after-effects compare with):
      1. health       ``_health_before_write``       close date and highest revenue (crm_lead_health.py)
      2. gates        ``_gate_before_write``         each moved deal's place in its pipeline (crm_lead_gate.py)
      3. commissions  ``_commission_before_write``   won deals and their credit (crm_lead_commission.py)
    the write (crm's, which calls ``_handle_won_lost`` below for deals won, lost or reopened)
    checks (an error rolls the whole write back: nothing half-written):
      4. ICP          ``_strategy_check_after_write``  the Off-Strategy reason rule (crm_lead_icp.py)
      5. gates        ``_gate_check_after_write``      every gate behind the new stage (crm_lead_gate.py)
    after-effects:
      6. commissions  ``_commission_after_write``    re-price won deals whose base or credit changed
      7. gates        ``_gate_sync_after_write``     scorecard lines of a new methodology
      8. health       ``_health_after_write``        close-date pushes, highest revenue
    The health status itself and the ICP score are stored computes: the ORM recomputes them at the next flush, in
    one batch, for every deal whose dependencies changed (no superuser re-write of deals here).

create: crm's create (its ``_handle_won_lost`` for deals created won), then the checks ``_check_off_strategy_reason``
and ``_gate_check_after_create``, then ``_health_after_create``.

_handle_won_lost (crm: every path that wins, loses or reopens deals): ``_commission_after_won_lost`` (snapshot of
the deals won, withdrawal or clawback of the deals that left won).
"""

from odoo import api, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        # checks
        leads._check_off_strategy_reason()  # ICP (switched off: no check)
        leads._gate_check_after_create()  # gates (switched off: see _gate_skip)
        # after-effects
        leads._health_after_create()
        return leads

    def write(self, vals):
        enabled = self.env["sales.ecosystem.capability"]._is_enabled
        # before the write
        health_before = self._health_before_write(vals) if enabled("health") else {}
        gate_before = self._gate_before_write(vals)  # gates switched off: see _gate_skip
        commission_before = self._commission_before_write(vals) if enabled("commissions") else None
        try:
            res = super().write(vals)
        finally:
            self._commission_end_write(commission_before)
        # checks
        self._strategy_check_after_write(vals)  # ICP (switched off: no check)
        self._gate_check_after_write(vals, gate_before)
        # after-effects
        self._commission_after_write(vals, commission_before)
        self._gate_sync_after_write(vals)  # gates switched off: no scorecard lines
        self._health_after_write(vals, health_before)
        return res

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _handle_won_lost(self, old_status_by_lead, new_status_by_lead):
        """Every path that wins, reopens or loses deals (create, write, action_set_won, stage drag) ends here."""
        res = super()._handle_won_lost(old_status_by_lead, new_status_by_lead)
        if self.env["sales.ecosystem.capability"]._is_enabled("commissions"):
            self._commission_after_won_lost(old_status_by_lead, new_status_by_lead)
        return res
