# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""ICP scoring vs Odoo's predictive lead scoring (PLS), on the same N open leads, in the same run.

- ``icp``: ``leads._recompute_icp()`` — the forced batch recompute of the stored ICP fields (profile, score, tier,
  version, breakdown) that profile changes and the rescoring cron use, plus what it triggers (the stored
  ``strategy`` depends on the tier) flushed by ``measure``.
- ``pls``: the same forced recompute of Odoo's own stored ``_compute_probabilities`` (``automated_probability``
  and ``probability``, naive Bayes over the PLS frequency table), plus what it triggers (prorated revenues).
- ``pls_cron``: Odoo's nightly PLS cron path ``_cron_update_automated_probabilities`` (rebuild of the frequency
  table from every lead + recompute of every open lead), once, at the size of the database, for scale.

Goal: ICP / PLS <= 1.0 at every size, and linear growth (time per 1,000 leads flat from 1k to 100k).
"""

from bench.generate import counts

ICP_FIELDS = ("icp_profile_id", "icp_score", "icp_tier", "icp_version", "icp_breakdown")
PLS_FIELDS = ("automated_probability", "probability")


def _repeat(size):
    return 5 if size <= 10000 else 1


def _open_leads(env, size):
    return env["crm.lead"].search([("won_status", "=", "pending")], limit=size, order="id")


def run(env, measure, sizes):
    Lead = env["crm.lead"]
    facts = []
    per_k = {}
    for size in sizes["leads"]:
        leads = _open_leads(env, size)
        if len(leads) < size:
            facts.append({"label": f"only {len(leads)} open leads for size {size}", "value": len(leads)})
        n = len(leads)

        def icp(leads=leads):
            leads._recompute_icp()

        def pls(leads=leads):
            for fname in PLS_FIELDS:
                env.add_to_compute(Lead._fields[fname], leads)
            leads.flush_recordset(list(PLS_FIELDS))

        # Interleave the variants (ICP, PLS, ICP, PLS ...) so that load from other processes hits both alike.
        res = measure.interleave({f"icp@{n}": (icp, None), f"pls@{n}": (pls, None)}, repeat=_repeat(n))
        icp_res, pls_res = res[f"icp@{n}"], res[f"pls@{n}"]
        ratio = icp_res["median"] / pls_res["median"] if pls_res["median"] else None
        per_k[n] = (icp_res["median"] * 1000 / n, pls_res["median"] * 1000 / n)
        facts.append(
            {
                "label": f"ICP / PLS time ratio at {n} leads (goal <= 1.0)",
                "value": round(ratio, 2) if ratio is not None else None,
            }
        )
        facts.append(
            {
                "label": f"queries at {n} leads: ICP vs PLS",
                "value": f"{icp_res['queries']} vs {pls_res['queries']}",
            }
        )
    if len(per_k) > 1:
        smallest, largest = min(per_k), max(per_k)
        for index, name in enumerate(("ICP", "PLS")):
            facts.append(
                {
                    "label": f"{name} ms per 1,000 leads at {smallest} / {largest} (linear if equal)",
                    "value": f"{per_k[smallest][index] * 1000:.0f} / {per_k[largest][index] * 1000:.0f}",
                }
            )
    open_count = counts(env)["open_leads"]
    measure(
        f"pls_cron(all open leads)@{open_count}",
        lambda: env["crm.lead"]._cron_update_automated_probabilities(),
        repeat=1,
    )
    return facts
