"""Form and list reads of deals with the addon's fields vs core CRM's fields only, as a sales rep.

The field specifications are the web client's: built from the views ``get_views`` returns (the form view of a
deal, with its inherited views; the opportunities list view), as ``odoo.tests.Form`` does, plus
``display_name`` for relational fields as the web client asks for them. "core" is the same specification
without the fields sales_ecosystem defines (the ones a database without the addon would not read).

- ``form``: ``lead.web_read(form_spec)`` of one opportunity — goal: queries <= core + 5.
- ``list``: ``web_search_read`` of 80 open opportunities with the list view's fields.
"""

from lxml import etree

from odoo.tests.form import Form

MODULE = "sales_ecosystem"


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
