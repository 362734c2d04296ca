# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Count the deals that sit behind a stage gate they neither passed, nor meet now, nor have an override for.

Run in an Odoo shell on a database with the addon (e.g. the demo database of ``make run``)::

    tools/dev.sh shell-check SE_DB   # or: odoo-bin shell -d DB < tools/gate_invariant_check.py

Every active deal of a team in block mode is checked against the gates of its own stage and of every gated stage
before it in its team's pipeline (README, "The gate invariant"), with the engine's own plan and evaluation (one query
per requirement kind for all deals). Prints one line per such deal, then the total.
"""

# ruff: noqa: F821 (``env`` is the Odoo shell's)


def deals_behind_unmet_gates(env):
    Lead = env["crm.lead"].sudo()
    leads = Lead.search([("stage_id", "!=", False)])
    mode_by_id = leads._gate_get_mode_by_record()
    leads = leads.filtered(lambda lead: mode_by_id[lead.id] == "block")
    stage_by_id = {lead.id: lead.stage_id for lead in leads}
    plan = leads._gate_plan(stage_by_id, stage_by_id)  # staying where they are: the gates they never passed
    evaluated = leads._gate_evaluate_plan(plan, severity="blocking")
    overrides = {
        (override.lead_id.id, override.stage_id.id)
        for override in env["crm.gate.override"].sudo().search([("lead_id", "in", leads.ids)])
    }
    found = []
    for lead in leads:
        missing = [
            (env["crm.stage"].browse(stage_id), unmet)
            for stage_id, _gate_id, _requirements, unmet in evaluated.get(lead.id, ())
            if unmet and (lead.id, stage_id) not in overrides
        ]
        if missing:
            found.append((lead, missing))
    return found


found = deals_behind_unmet_gates(env)
for lead, missing in found:
    details = "; ".join(f"{stage.name}: {', '.join(unmet.mapped('name'))}" for stage, unmet in missing)
    print(f"{lead.id} {lead.name} ({lead.stage_id.name}, {lead.team_id.name or 'no team'}): {details}")
print(f"deals behind a gate they did not meet: {len(found)}")
