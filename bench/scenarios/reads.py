# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Form and list reads of deals with the addon's fields vs core CRM's fields only, as a sales rep.

The field specifications are the web client's: built from the views ``get_views`` returns (the form view of a
deal, with its inherited views; the opportunities list view), as ``odoo.tests.Form`` does, plus
``display_name`` for relational fields as the web client asks for them. "core" is the same specification
without the fields sales_ecosystem defines (the ones a database without the addon would not read).

- ``form``: ``lead.web_read(form_spec)`` of one opportunity with every feature's fields; ``form ICP+gates``: the
  same with only the ICP/strategy and methodology/gate/playbook fields (the issue's "lead form read with gates and
  ICP breakdown") — goal: queries <= core + 5; plus each addon field's own extra queries (read alone with core).
- ``list``: ``web_search_read`` of 80 open opportunities with the list view's fields.
"""

from lxml import etree

import odoo.sql_db
from odoo.tests.form import Form

MODULE = "sales_ecosystem"
# the "lead form read with gates and ICP breakdown": ICP/strategy and methodology/gate/playbook fields
ICP_GATE_PREFIXES = ("icp_", "gate_", "playbook_", "methodology_", "off_strategy_")
ICP_GATE_FIELDS = {"account_partner_id", "target_list_ids", "is_on_target_list", "strategy", "contact_ids"}


def _add_display_names(model, spec):
    """Complete a ``Form`` field spec the way the web client reads relational fields."""
    for name, sub in spec.items():
        field = model._fields.get(name)
        if field is None:
            continue
        if field.type == "many2one":
            sub.setdefault("fields", {"display_name": {}})
        elif field.type in ("many2many", "one2many"):
            if "fields" in sub:
                _add_display_names(model.env[field.comodel_name], sub["fields"])
            else:
                sub["fields"] = {"display_name": {}}
    return spec


def _core(model, spec):
    return {
        name: sub for name, sub in spec.items() if getattr(model._fields.get(name), "_module", None) != MODULE
    }


def _addon_fields(model, spec):
    return sorted(name for name in spec if getattr(model._fields.get(name), "_module", None) == MODULE)


def _list_spec(model):
    arch = model.get_views([(False, "list")])["views"]["list"]["arch"]
    tree = etree.fromstring(arch)
    spec = {node.get("name"): {} for node in tree.xpath("./field")}
    return _add_display_names(model, spec)


def _count(env, fn):
    """Queries of ``fn()`` from cold ORM caches (not timed: a fact, not a measurement row)."""
    env.flush_all()
    env.invalidate_all()
    before = odoo.sql_db.sql_counter
    fn()
    return odoo.sql_db.sql_counter - before


def _rep(env):
    return env["res.users"].search([("login", "=like", "bench_rep_%")], order="id", limit=1)


def run(env, measure, sizes):
    rep = _rep(env)
    Lead = env["crm.lead"].with_user(rep)
    lead = Lead.search(
        [("type", "=", "opportunity"), ("won_status", "=", "pending"), ("partner_id", "!=", False)],
        order="id",
        limit=1,
    )
    form_spec = _add_display_names(Lead, Form(lead)._view["fields_spec"])
    core_form_spec = _core(Lead, form_spec)
    full = measure("form web_read (addon)@1", lambda: lead.web_read(form_spec), repeat=5)
    core = measure("form web_read (core fields)@1", lambda: lead.web_read(core_form_spec), repeat=5)
    icp_gate_spec = {
        name: sub
        for name, sub in form_spec.items()
        if name in core_form_spec or name.startswith(ICP_GATE_PREFIXES) or name in ICP_GATE_FIELDS
    }
    icp_gate = measure("form web_read (ICP + gates)@1", lambda: lead.web_read(icp_gate_spec), repeat=5)
    per_field = {}
    for name in _addon_fields(Lead, form_spec):
        per_field[name] = _count(
            env, lambda name=name: lead.web_read({**core_form_spec, name: form_spec[name]})
        )
    per_field = {
        name: n - _count(env, lambda: lead.web_read(core_form_spec)) for name, n in per_field.items()
    }

    list_spec = _list_spec(Lead)
    core_list_spec = _core(Lead, list_spec)
    domain = [("type", "=", "opportunity"), ("won_status", "=", "pending")]

    def list_read(spec):
        return lambda: Lead.web_search_read(domain, spec, limit=80, count_limit=10001)

    full_list = measure("list 80 deals (addon)@80", list_read(list_spec), repeat=5)
    core_list = measure("list 80 deals (core fields)@80", list_read(core_list_spec), repeat=5)
    extra_form = full["queries"] - core["queries"]
    return [
        {"label": "form: addon fields read", "value": ", ".join(_addon_fields(Lead, form_spec))},
        {
            "label": "form: extra queries of the addon (goal <= 5)",
            "value": f"{extra_form} ({full['queries']} vs {core['queries']}) -> {'OK' if extra_form <= 5 else 'OVER'}",
        },
        {"label": "form: time ratio addon / core", "value": round(full["median"] / core["median"], 2)},
        {
            "label": "form ICP + gates: extra queries (goal <= 5)",
            "value": f"{icp_gate['queries'] - core['queries']} ({icp_gate['queries']} vs {core['queries']}) -> "
            f"{'OK' if icp_gate['queries'] - core['queries'] <= 5 else 'OVER'}",
        },
        {
            "label": "form: extra queries per addon field read alone (non-zero)",
            "value": ", ".join(
                f"{name} {n}" for name, n in sorted(per_field.items(), key=lambda kv: -kv[1]) if n
            ),
        },
        {"label": "list: addon fields read", "value": ", ".join(_addon_fields(Lead, list_spec))},
        {
            "label": "list 80: extra queries of the addon",
            "value": f"{full_list['queries'] - core_list['queries']} ({full_list['queries']} vs {core_list['queries']})",
        },
        {
            "label": "list 80: time ratio addon / core",
            "value": round(full_list["median"] / core_list["median"], 2),
        },
    ]
