# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.2.0: the calibrated health defaults reach databases installed before them, where nobody changed them: the
signals' data is noupdate (administrators edit it), so the new severities are written here, only on the signals
still at the old default. The health re-check runs soon after (its nightly cron, triggered now) to fill the risk
scores the new version ranks the review board by. The forecast board's multi-company rule (noupdate) moves to the
period's company where it is still the old one (same rows; checking it no longer runs the board's query again)."""

from odoo import SUPERUSER_ID, api

#: signal XML id -> (severity before 19.0.1.2.0, calibrated severity)
CALIBRATED_SEVERITIES = {
    "deal_health_signal_no_next_step": ("warning", "info"),
    "deal_health_signal_single_threaded": ("warning", "info"),
}


#: rule XML id -> (domain before 19.0.1.2.0, new domain)
RULE_DOMAINS = {
    "crm_forecast_board_rule_company": (
        "[('company_id', 'in', company_ids)]",
        "[('period_id.company_id', 'in', company_ids)]",
    ),
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for name, (old, new) in CALIBRATED_SEVERITIES.items():
        signal = env.ref(f"sales_ecosystem.{name}", raise_if_not_found=False)
        if signal and signal.severity == old:
            signal.severity = new
    for name, (old, new) in RULE_DOMAINS.items():
        rule = env.ref(f"sales_ecosystem.{name}", raise_if_not_found=False)
        if rule and rule.domain_force == old:
            rule.domain_force = new
    cron = env.ref("sales_ecosystem.ir_cron_deal_health", raise_if_not_found=False)
    if cron and cron.active:
        cron._trigger()
