# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.2.0: the calibrated health defaults reach databases installed before them, where nobody changed them: the
signals' data is noupdate (administrators edit it), so the new severities are written here, only on the signals
still at the old default. The health re-check runs soon after (its nightly cron, triggered now) to fill the risk
scores the new version ranks the review board by."""

from odoo import SUPERUSER_ID, api

#: signal XML id -> (severity before 19.0.1.2.0, calibrated severity)
CALIBRATED_SEVERITIES = {
    "deal_health_signal_no_next_step": ("warning", "info"),
    "deal_health_signal_single_threaded": ("warning", "info"),
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for name, (old, new) in CALIBRATED_SEVERITIES.items():
        signal = env.ref(f"sales_ecosystem.{name}", raise_if_not_found=False)
        if signal and signal.severity == old:
            signal.severity = new
    cron = env.ref("sales_ecosystem.ir_cron_deal_health", raise_if_not_found=False)
    if cron and cron.active:
        cron._trigger()
