# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Install, upgrade and uninstall the addon like an administrator would, on a database of its own; exits non-zero
when a promise breaks. Run by `make test` through tools/dev.sh (`lifecycle` step), inside `odoo-bin shell`:

    odoo-bin shell -d DB < tools/lifecycle_check.py   (with SE_LIFECYCLE_STEP=edit|check_edits|uninstall|smoke)

Steps (each one a separate Odoo process, as in production):
  edit         an administrator edits a cron and a record rule of the addon
  (the driver then runs `-u sales_ecosystem`)
  check_edits  the edits survived the upgrade (noupdate data)
  uninstall    uninstall the addon (the driver checks the log for SQL errors)
  smoke        crm works without it: create, move, win a deal
"""

import os
import sys

step = os.environ["SE_LIFECYCLE_STEP"]
env = env  # noqa: F821  (provided by odoo-bin shell)  pylint: disable=undefined-variable,self-assigning-variable
CRON, RULE = "sales_ecosystem.ir_cron_deal_health", "sales_ecosystem.crm_stage_gate_rule_company"


def fail(message):
    print(f"LIFECYCLE FAILED ({step}): {message}")
    sys.exit(1)


if step == "edit":
    env.ref(CRON).write({"interval_number": 3, "active": False})
    env.ref(RULE).write({"name": "edited by an administrator"})
    env.cr.commit()
elif step == "check_edits":
    cron, rule = env.ref(CRON), env.ref(RULE)
    if (cron.interval_number, cron.active) != (3, False):
        fail(f"the cron's schedule was reset by the upgrade: {cron.interval_number}, active={cron.active}")
    if rule.name != "edited by an administrator":
        fail(f"the record rule was reset by the upgrade: {rule.name}")
elif step == "uninstall":
    env["ir.module.module"].search([("name", "=", "sales_ecosystem")]).button_immediate_uninstall()
    env.cr.commit()
elif step == "smoke":
    if env["ir.module.module"].search([("name", "=", "sales_ecosystem"), ("state", "=", "installed")]):
        fail("the addon is still installed")
    stages = env["crm.stage"].search([("is_won", "=", False)], order="sequence", limit=2)
    lead = env["crm.lead"].create(
        {"name": "After uninstall", "type": "opportunity", "stage_id": stages[0].id}
    )
    lead.write({"stage_id": stages[-1].id})
    lead.action_set_won()
    if lead.won_status != "won":
        fail("a deal could not be won")
    env.cr.rollback()
print(f"LIFECYCLE OK ({step})")
