# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Deal health: the nightly re-check of every open deal, and the list of 80 deals with the health columns.

- ``cron``: ``crm.lead._cron_recompute_health()`` — what the nightly cron runs — over every open opportunity of
  the bench database (``sizes["open_deals"]``, 100,000 in a full run), in its batches of 2,000. Before each
  repeat the stored health is cleared (``setup``, not timed), so that every deal is evaluated *and* written (the
  worst case; a normal night only writes the deals whose health changed). Reported: time, queries, deals/s.
- ``list``: ``web_search_read`` of 80 open opportunities with the opportunities list view's fields as a sales
  rep (the addon's health badge and signal tags included) vs the same call with the core fields only.
  Goal: queries <= core + 3.
"""

from bench.scenarios.reads import _core, _list_spec, _rep
from odoo.fields import Command


def run(env, measure, sizes):
    Lead = env["crm.lead"]
    domain = [("type", "=", "opportunity"), ("won_status", "=", "pending"), ("active", "=", True)]
    open_ids = Lead.search(domain, order="id").ids
    n = len(open_ids)

    def clear():
        Lead.browse(open_ids).with_context(sales_ecosystem_skip_health=True).write(
            {
                "health_status": False,
                "health_signal_ids": [Command.clear()],
                "health_signal_count": 0,
                "health_measures": False,
            }
        )
        env.flush_all()

    cron = measure(f"cron re-check (all open deals)@{n}", Lead._cron_recompute_health, repeat=2, setup=clear)
    statuses = dict(Lead._read_group(domain, ["health_status"], ["__count"]))

    rep = _rep(env)
    RepLead = Lead.with_user(rep)
    list_spec = _list_spec(RepLead)
    core_spec = _core(RepLead, list_spec)

    def list_read(spec):
        return lambda: RepLead.web_search_read(domain, spec, limit=80, count_limit=10001)

    full = measure("list 80 deals with health (addon)@80", list_read(list_spec), repeat=5)
    core = measure("list 80 deals (core fields)@80", list_read(core_spec), repeat=5)
    extra = full["queries"] - core["queries"]
    return [
        {"label": "cron: open deals re-checked", "value": n},
        {
            "label": "cron: deals per second (median)",
            "value": round(n / cron["median"]) if cron["median"] else None,
        },
        {"label": "cron: queries", "value": cron["queries"]},
        {"label": "health distribution after the re-check", "value": statuses},
        {
            "label": "list 80: extra queries of the addon (goal <= 3)",
            "value": f"{extra} ({full['queries']} vs {core['queries']}) -> {'OK' if extra <= 3 else 'OVER'}",
        },
        {"label": "list 80: health fields in the list", "value": sorted(set(list_spec) - set(core_spec))},
    ]
