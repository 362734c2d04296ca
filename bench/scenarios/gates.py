# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Stage gates: cost of a 6-requirement gate on a stage change written for many deals at once.

Compares the same ``write({'stage_id': ...})`` with the gate enforced (team mode 'block') and with gates
disabled (team mode 'off'), in the same run, for each size of ``sizes['deals']`` (10 and 1,000), the two
measured in alternation (``measure.interleave``, 15 rounds). Every deal meets the gate, so the write succeeds:
the figures are the price of the check. Goal: enforced/off <= 1.2 and the same number of extra queries at every
size. On a shared machine the ratio of the minimums is the robust figure (the medians move with the load).
"""

from odoo import fields


def _setup_world(env):
    methodology = env["crm.methodology"].create(
        {
            "name": "Bench Method",
            "criterion_ids": [(0, 0, {"name": "Pain", "sequence": 1}), (0, 0, {"name": "EB", "sequence": 2})],
        }
    )
    pain, eb = methodology.criterion_ids
    team = env["crm.team"].create(
        {"name": "Bench Gate Team", "methodology_id": methodology.id, "gate_mode": "block"}
    )
    Stage = env["crm.stage"]
    stage_from = Stage.create({"name": "Bench Gate From", "sequence": 900, "team_ids": [(6, 0, team.ids)]})
    stage_to = Stage.create({"name": "Bench Gate To", "sequence": 901, "team_ids": [(6, 0, team.ids)]})
    gate = env["crm.stage.gate"].create({"stage_id": stage_to.id, "team_id": team.id})
    deadline = env["ir.model.fields"]._get("crm.lead", "date_deadline")
    for vals in (
        {"name": "Pain", "kind": "criterion", "criterion_id": pain.id, "min_status": "confirmed"},
        {"name": "EB", "kind": "criterion", "criterion_id": eb.id, "min_status": "partial"},
        {"name": "Deadline", "kind": "field", "field_id": deadline.id},
        {"name": "Revenue", "kind": "domain", "domain": "[('expected_revenue', '>', 0)]"},
        {"name": "Document", "kind": "attachment"},
        {"name": "Champion", "kind": "buying_role", "buying_role": "champion"},
    ):
        env["crm.gate.requirement"].create({"gate_id": gate.id, **vals})
    account = env["res.partner"].create({"name": "Bench Gate Account", "is_company": True})
    champion = env["res.partner"].create(
        {"name": "Bench Champion", "parent_id": account.id, "buying_role": "champion"}
    )
    return {"team": team, "from": stage_from, "to": stage_to, "champion": champion, "criteria": pain | eb}


def _make_leads(env, world, count):
    leads = (
        env["crm.lead"]
        .with_context(tracking_disable=True, mail_create_nolog=True)
        .create(
            [
                {
                    "name": f"Bench gate deal {i}",
                    "type": "opportunity",
                    "team_id": world["team"].id,
                    "stage_id": world["from"].id,
                    "expected_revenue": 1000 + i,
                    "off_strategy_reason": "existing_customer",
                    "date_deadline": fields.Date.today(),
                    "partner_id": world["champion"].parent_id.id,
                    "contact_ids": [(4, world["champion"].id)],
                }
                for i in range(count)
            ]
        )
    )
    leads.methodology_status_ids.filtered(lambda s: s.criterion_id in world["criteria"]).write(
        {"status": "confirmed"}
    )
    env["ir.attachment"].create(
        [
            {"name": "proposal.pdf", "res_model": "crm.lead", "res_id": lead.id, "raw": b"%PDF"}
            for lead in leads
        ]
    )
    env.flush_all()
    return leads


def run(env, measure, sizes):
    counts = sizes.get("deals") or [10, 1000]
    repeat = int(sizes.get("gate_repeat") or 15)
    world = _setup_world(env)
    facts = []
    for count in counts:
        leads = _make_leads(env, world, count)

        def setup_for(mode, leads=leads):
            def setup():
                world["team"].gate_mode = mode
                leads.with_context(sales_ecosystem_skip_gates=True).write({"stage_id": world["from"].id})
                env.flush_all()
                env.invalidate_all()

            return setup

        def move(leads=leads):
            leads.write({"stage_id": world["to"].id})
            env.flush_all()

        labels = {
            "off": f"stage write, gates off@{count}",
            "block": f"stage write, gate enforced (6 requirements)@{count}",
        }
        for mode in labels:  # warm-up (registry caches, gate cache), not measured
            setup_for(mode)()
            move()
        # off and enforced in alternation: a load change of the shared machine hits both alike
        results = measure.interleave(
            {labels[mode]: (move, setup_for(mode)) for mode in labels}, repeat=repeat
        )
        off, block = results[labels["off"]], results[labels["block"]]
        for stat in ("min", "median"):
            ratio = round(block[stat] / off[stat], 3) if off[stat] else None
            facts.append(
                {
                    "label": f"enforced/off time ratio of the {stat}s at {count} deals (goal <= 1.2)",
                    "value": ratio,
                }
            )
        facts.append(
            {
                "label": f"queries enforced/off at {count} deals (gate's own: {block['queries'] - off['queries']})",
                "value": f"{block['queries']}/{off['queries']}",
            }
        )
    return facts
