# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models, tools

HEALTH_STATUSES = [
    ("healthy", "Healthy"),
    ("at_risk", "At Risk"),
    ("troubled", "Troubled"),
]
HEALTH_SIGNALS = [
    ("stuck", "Stuck in stage"),
    ("no_next_step", "No next step"),
    ("close_overdue", "Close date in the past"),
    ("close_pushed", "Close date pushed"),
    ("gate_gap", "Next gate unmet"),
    ("off_strategy", "Off strategy / off ICP"),
    ("single_threaded", "Single-threaded"),
    ("inactive", "No recent activity"),
    ("amount_down", "Amount reduced"),
    ("no_advance", "No advance in recent meetings"),
]

SIGNAL_SEVERITIES = [("info", "Watch"), ("warning", "At risk"), ("critical", "Troubled")]
#: Weight of a signal in a deal's risk score (see crm.lead ``_health_risk_score``)
SEVERITY_POINTS = {"info": 0.25, "warning": 1.0, "critical": 3.0}


class CrmDealHealthSignal(models.Model):
    """A deal-health signal: what it means, how serious it is and what to do about it.

    The set of signals is fixed (each code has its evaluation in ``crm.lead._health_evaluate``); admins rename them,
    deactivate them, set their severity and the suggested action. Thresholds live in Settings."""

    _name = "crm.deal.health.signal"
    _description = "Deal Health Signal"
    _inherit = ["crm.cache.mixin"]
    _order = "sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(HEALTH_SIGNALS, required=True, readonly=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    severity = fields.Selection(
        SIGNAL_SEVERITIES,
        required=True,
        default="warning",
        help="A deal with a 'Troubled' signal is troubled; with only 'At risk' signals it is at risk, unless it has "
        "as many of them as the troubled count set in Settings. A 'Watch' signal is shown on the deal but does not "
        "make it need attention by itself (common early in a deal: one contact, no activity planned yet).",
    )
    suggested_action = fields.Char(
        translate=True,
        help="What the rep or manager should do about it, shown on the deal and the review board.",
    )
    description = fields.Text(translate=True)
    color = fields.Integer(compute="_compute_color")

    _code_uniq = models.Constraint("UNIQUE(code)", "Each deal-health signal exists once.")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("severity")
    def _compute_color(self):
        for signal in self:
            signal.color = {"critical": 1, "warning": 2}.get(signal.severity, 0)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model
    def _registry_cache_fields(self):
        # _get_active_ids_by_code
        return super()._registry_cache_fields() | {"code", "active"}

    @api.model
    def _registry_cached_lookups(self):
        return super()._registry_cached_lookups() | {"_get_active_ids_by_code"}

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _get_active_by_code(self):
        """{code: signal} of the active signals, as superuser: signal definitions are configuration every user's
        deal health is computed with. From the registry's cache (:meth:`_get_active_ids_by_code`)."""
        # sudo: signal definitions are configuration every user's deal health is computed with
        Signal = self.sudo()
        return {code: Signal.browse(signal_id) for code, signal_id in self._get_active_ids_by_code().items()}

    @api.model
    @tools.ormcache()
    def _get_active_ids_by_code(self):
        """{code: id} of the active signals, cached by the registry (cleared when a signal is created, deleted,
        archived or restored). Never mutate the result."""
        # sudo: see _get_active_by_code
        signals = self.sudo().with_context(active_test=True).search_fetch([], ["code"])
        return {signal.code: signal.id for signal in signals}
