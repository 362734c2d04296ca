# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Key account plans at scale: the batch computations must not issue a query per record.

- ``key_accounts``: ``crm.key.account.criterion._recompute_key_accounts()`` over every company partner of the
  bench database (one ``_read_group`` on crm.lead for the amounts, one search per criterion), measured apart: the
  first run, which writes the flags, then three reruns, which find nothing to change. Goal (issue 16): <= 10 s and
  <= 50 queries, stated for each.
- ``plan_health@N``: health score (relationship coverage, overdue initiatives, objective progress from the
  accounts' deals) of N plans, each with 3 objectives, 3 relationship lines and 2 initiatives.
- ``freshness@N``: days since last contact of the 3 x N relationship lines (one SQL query).
- ``whitespace@N``: the whitespace cells of N plans (live SQL view) for 3 solution areas.

Goal: queries flat in N (same count for the small and the large size), time linear.
"""

from datetime import date, timedelta

from odoo.fields import Command


def _plans(env, count):
    """Create ``count`` plans on company partners that have deals (rolled back after the scenario)."""
    groups = env["crm.lead"]._read_group(
        [("partner_id", "!=", False)], ["partner_id.commercial_partner_id"], ["__count"], limit=count * 3
    )
    accounts = env["res.partner"].browse(
        dict.fromkeys(partner.id for partner, _count in groups if partner.is_company)
    )[:count]
    contacts = env["res.partner"].search([("parent_id", "in", accounts.ids), ("is_company", "=", False)])
    contacts_by_account = {}
    for contact in contacts:
        contacts_by_account.setdefault(contact.parent_id.id, []).append(contact)
    today = date.today()
    vals_list = []
    for account in accounts:
        account_contacts = contacts_by_account.get(account.id, [])[:3]
        vals_list.append(
            {
                "name": f"Bench plan {account.name}",
                "partner_id": account.id,
                "date_start": today - timedelta(days=180),
                "date_end": today + timedelta(days=180),
                "objective_ids": [
                    Command.create({"name": "Revenue", "measure": "won_revenue", "target_value": 100000}),
                    Command.create({"name": "Pipeline", "measure": "open_pipeline", "target_value": 50000}),
                    Command.create({"name": "Deals", "measure": "won_deals", "target_value": 5}),
                ],
                "relationship_ids": [
                    Command.create({"partner_id": contact.id, "buying_role": role})
                    for contact, role in zip(
                        account_contacts, ("economic_buyer", "champion", "user_buyer"), strict=False
                    )
                ],
                "initiative_ids": [
                    Command.create({"name": "Late", "date_deadline": today - timedelta(days=3)}),
                    Command.create({"name": "Next", "date_deadline": today + timedelta(days=30)}),
                ],
            }
        )
    return env["crm.account.plan"].create(vals_list)


def run(env, measure, sizes):
    facts = []
    env["crm.key.account.criterion"].create(
        {
            "name": "Bench volume",
            "partner_domain": "[('is_company', '=', True)]",
            "min_won_revenue": 50000,
            "min_open_pipeline": 30000,
        }
    )
    company_count = env["res.partner"].search_count([("is_company", "=", True)])

    def recompute():
        env["crm.key.account.criterion"]._recompute_key_accounts()

    # the first run writes the flags of every company the criterion designates; a rerun finds nothing to change.
    # Measured apart: a median of the two would be their mean, neither run's time
    first = measure(f"key_accounts (first run, writes the flags)@{company_count}", recompute, repeat=1)
    flagged = env["res.partner"].search_count([("is_company", "=", True), ("key_account_auto", "=", True)])
    rerun = measure(f"key_accounts (rerun, nothing to change)@{company_count}", recompute, repeat=3)
    for label, res in (("first run", first), ("rerun", rerun)):
        met = res["median"] <= 10 and res["queries"] <= 50
        facts.append(
            {
                "label": f"key accounts over {company_count} companies, {label} (goal <= 10 s and <= 50 queries)",
                "value": f"{res['median']:.2f} s, {res['queries']} queries -> {'OK' if met else 'OVER'}",
            }
        )
    facts.append({"label": "key accounts: companies flagged by the first run", "value": flagged})
    tags = env["crm.tag"].search([], limit=3)
    for index, tag in enumerate(tags):
        env["crm.solution.area"].create(
            {"name": f"Bench area {index}", "tag_ids": [Command.set(tag.ids)], "potential_value": 10000}
        )
    plan_sizes = sorted(set(sizes.get("deals", [10, 1000])))
    queries = {}
    for size in plan_sizes:
        plans = _plans(env, size)
        n = len(plans)
        env.flush_all()
        health = measure(f"plan_health@{n}", lambda plans=plans: plans.mapped("health_score"))
        fresh = measure(f"freshness@{n}", lambda plans=plans: plans.relationship_ids.mapped("freshness_days"))
        cells = measure(
            f"whitespace@{n}",
            lambda plans=plans: (
                env["crm.account.plan.whitespace"].search([("plan_id", "in", plans.ids)]).mapped("status")
            ),
        )
        queries[n] = (health["queries"], fresh["queries"], cells["queries"])
        plans.unlink()
    facts.append(
        {
            "label": "queries (health, freshness, whitespace) per plan count (flat = batched)",
            "value": "; ".join(f"{n}: {q}" for n, q in sorted(queries.items())),
        }
    )
    return facts
