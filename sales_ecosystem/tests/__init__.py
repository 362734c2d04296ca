# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.tests import common as odoo_test_common

# Chromium takes 6-8 s to open its devtools port on the 2-core CI machine (measured), and Odoo waits 10 s before
# skipping a tour (a skip this harness counts as a failure): wait up to 30 s in this test process. Only the patience
# changes; a browser that never starts still fails the tour.
odoo_test_common.CHECK_BROWSER_ITERATIONS = max(odoo_test_common.CHECK_BROWSER_ITERATIONS, 300)
odoo_test_common.BROWSER_WAIT = (
    odoo_test_common.CHECK_BROWSER_SLEEP * odoo_test_common.CHECK_BROWSER_ITERATIONS
)

from . import (  # noqa: E402
    test_account_plan,
    test_account_plan_access,
    test_account_plan_values,
    test_coaching_actions,
    test_coaching_gate_signals,
    test_coaching_privacy,
    test_coaching_report,
    test_coaching_review_company,
    test_coaching_skills,
    test_coaching_suggestions,
    test_coaching_tour,
    test_coaching_workflow,
    test_coexistence,
    test_commission,
    test_commission_concurrency,
    test_commission_money,
    test_conversation_plan,
    test_deal_contact_role,
    test_deal_form_read,
    test_deal_health,
    test_deal_related_counts,
    test_deal_review,
    test_deal_review_tour,
    test_ecosystem_health_check,
    test_forecast_accuracy,
    test_forecast_board_invariants,
    test_forecast_call,
    test_forecast_category,
    test_forecast_fit_cells,
    test_forecast_projection,
    test_forecast_query_settings,
    test_forecast_quota,
    test_forecast_tour,
    test_friction_accounts,
    test_friction_manager,
    test_gates,
    test_gates_invariant,
    test_gates_tour,
    test_i18n,
    test_icp_performance,
    test_icp_scoring,
    test_icp_tour,
    test_invariants,
    test_invariants_money,
    test_key_account,
    test_migration,
    test_reporting,
    test_rule_mechanism,
    test_security_groups,
    test_strategy,
    test_target_list,
    test_write_path_costs,
)
