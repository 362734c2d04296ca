# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.3.0: the forecast board's company row reads the period's stored roll-up (commit, best case, adjustment:
computed by the ORM when the columns are added) and the roll-up's accuracy, which a period gets when it closes. The
periods closed before this version get theirs here, scored as a close scores them: the company roll-up's commit
against what the company won in the period."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Call = env["crm.forecast.call"]
    Lead = env["crm.lead"]
    periods = env["crm.forecast.period"].search([("state", "=", "closed")])
    with_calls = Call.search([("period_id", "in", periods.ids), ("is_latest", "=", True)]).period_id
    for period in periods:
        if period not in with_calls:
            continue
        period._score_rollup(
            Lead._read_group(period._won_domain(), [], ["expected_revenue:sum"])[0][0] or 0.0
        )
