# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""End-to-end costs (issue 16 item 3): everyday CRM work with the addon's capabilities on vs the same work with
every capability switched off (``sales.ecosystem.capability``: Settings > Sales Ecosystem), in the same run.

Each operation is measured in interleaved rounds (on, off, on, off ...; ``BENCH_ROUNDS`` rounds, 5 by default, 3 in
quick mode; the reads 15). Every round starts from the same data: its setup opens a savepoint, switches the
capabilities off (the "off" side: ``base.group_user._remove_group(...)`` of each capability group, the code
Settings runs), clears the registry caches the switch touches (``default``, ``groups``) on both sides alike, and
warms them with the same operation on a small sample of other records (rolled back); its teardown rolls back to the
savepoint. The timed part ends with the flush *and* the pre-commit hooks (mail tracking) a request would run.
Median ratio on / off, with its goal:

- ``won``: ``action_set_won()`` of N open deals (1,000; 300 quick) as an administrator, with a commission plan
  assigned to the bench teams (deals of accounts on the Enterprise team's target list get a commission line), the
  deals' health cleared, their strategy and ICP kept. Goal <= 1.5x.
- ``create import``: N leads and opportunities created as ``base_import`` does (``create`` of each batch of up to
  2,000 rows — the import dialog's batch —, context ``import_file`` and ``tracking_disable``), as an
  administrator, with accounts, contacts, salespeople and teams; ``create web form``: N leads created one by one as
  ``website_form`` does (``sudo().create`` of one lead, then the end of the request: flush and pre-commit), with a
  team, no partner. Goal <= 1.3x each.
- ``assign``: crm's lead assignment (``crm.team._action_assign_leads(force_quota=True, creation_delta_days=0)``,
  what "Assign Leads" runs) of N unassigned leads over two teams set up like crm's
  ``tests/test_crm_lead_assignment.py`` (multi-membership, team and member domains on probability and priority,
  quotas large enough for every lead), ``random`` seeded alike on both sides, crm's auto-commit kept off (as in
  its tests). Goal <= 1.3x.
- ``kanban``: a sales rep's first load of the pipeline (action ``crm.crm_lead_action_pipeline``, filter "My
  Pipeline") with every deal of the bench database (100,000 open deals in a full run): ``web_read_group`` grouped by
  stage with the kanban view's field specification (``get_views`` of ``crm.crm_case_kanban_view_leads`` as that rep,
  so with the addon's badges when on and without them when off), ``auto_unfold``, 40 cards per column, the
  progress bar's sums; then ``read_progress_bar``. Goal <= 1.2x time and <= off + 3 queries.
- ``form``: ``web_read`` of one of the rep's open deals with the form view's specification (``Form``, as
  ``bench/scenarios/reads.py``; every addon field when on, the view as it is without the capabilities when off).
  Goal <= 1.25x time; queries reported.
"""

import contextlib
import os
import random
import statistics
from datetime import date, timedelta

from lxml import etree

import odoo.modules.module
from bench.scenarios.reads import _add_display_names
from odoo.tests.form import Form
from odoo.tools import SQL

SIDES = ("on", "off")
IMPORT_BATCH = 2000  # base_import's default batch ("limit" of the import dialog)
WARM = 5  # records of the warm-up sample
KANBAN_LIMIT = 40  # cards per column of a kanban view (web client default)
GOALS = {"won": 1.5, "create import": 1.3, "create web form": 1.3, "assign": 1.3, "kanban": 1.2, "form": 1.25}


# ------------------------------------------------------------
# Rounds: savepoint, switch, caches
# ------------------------------------------------------------


def _capability_groups():
    # imported once Odoo knows the addons path (scenarios are loaded before)
    from odoo.addons.sales_ecosystem.models.base_capability import CAPABILITY_GROUPS  # noqa: PLC0415

    return CAPABILITY_GROUPS


class Rounds:
    """Setup/teardown of one measurement round (see the module docstring)."""

    def __init__(self, env):
        self.env = env

    def clear_caches(self):
        self.env.registry.clear_cache()
        self.env.registry.clear_cache("groups")

    def switch(self, on):
        """Every capability on (forecasting is off after installation) or off, as Settings switches them."""
        env = self.env
        group_user = env.ref("base.group_user")
        for xmlid in _capability_groups().values():
            (group_user._apply_group if on else group_user._remove_group)(env.ref(xmlid))
        env.flush_all()

    def enabled(self):
        Capability = self.env["sales.ecosystem.capability"]
        return {key: Capability._is_enabled(key) for key in _capability_groups()}

    def begin(self, side, warm=None):
        env = self.env
        env.flush_all()
        env.cr.execute("SAVEPOINT se_e2e_round")
        if side == "off":
            self.switch(False)
        self.clear_caches()
        state = self.enabled()
        expected = side == "on"
        if any(value != expected for value in state.values()):
            raise AssertionError(f"capabilities not all {side}: {state}")
        if warm is not None:
            env.cr.execute("SAVEPOINT se_e2e_warm")
            warm()
            env.flush_all()
            env.cr.precommit.clear()
            env.cr.postcommit.clear()
            env.cr.execute("ROLLBACK TO SAVEPOINT se_e2e_warm")
            env.invalidate_all()

    def end(self):
        env = self.env
        env.flush_all()
        env.cr.precommit.clear()
        env.cr.postcommit.clear()
        env.cr.execute("ROLLBACK TO SAVEPOINT se_e2e_round")
        env.invalidate_all()
        self.clear_caches()


def end_of_request(env):
    """What the end of a request adds to the work: the flush, then the pre-commit hooks (mail tracking values)."""
    env.flush_all()
    env.cr.precommit.run()


@contextlib.contextmanager
def no_autocommit():
    """crm's lead assignment commits every bundle unless tests run (``odoo.modules.module.current_test``): keep it
    from committing, as crm's own tests do, so that the round can be rolled back."""
    before = odoo.modules.module.current_test
    odoo.modules.module.current_test = "sales_ecosystem.bench.e2e"
    try:
        yield
    finally:
        odoo.modules.module.current_test = before


def interleave(measure, rounds, label, size, fn, warm=None, repeat=5, check=None):
    """Measure ``fn`` with the capabilities on and off in alternation; returns {side: record}."""
    checks = {}

    def setup_for(side):
        return lambda: rounds.begin(side, warm)

    def teardown_for(side):
        def teardown():
            if check is not None:
                checks.setdefault(side, check())
            rounds.end()

        return teardown

    variants = {
        f"{label}, capabilities {side}@{size}": (fn, setup_for(side), teardown_for(side)) for side in SIDES
    }
    results = measure.interleave(variants, repeat=repeat)
    return {side: results[f"{label}, capabilities {side}@{size}"] for side in SIDES}, checks


def ratio_facts(label, res, goal, query_goal=None):
    on, off = res["on"], res["off"]
    ratio = on["median"] / off["median"] if off["median"] else None
    met = ratio is not None and ratio <= goal
    facts = [
        {
            "label": f"{label}: time on / off, median (goal <= {goal}x)",
            "value": f"{ratio:.2f}x ({on['median']:.3f} s / {off['median']:.3f} s; min/min "
            f"{on['min'] / off['min']:.2f}x) -> {'met' if met else 'NOT MET'}",
        }
    ]
    extra = on["queries"] - off["queries"]
    if query_goal is None:
        facts.append({"label": f"{label}: queries on / off", "value": f"{on['queries']} / {off['queries']}"})
    else:
        facts.append(
            {
                "label": f"{label}: queries on / off (goal <= off + {query_goal})",
                "value": f"{on['queries']} / {off['queries']} (+{extra}) -> "
                f"{'met' if extra <= query_goal else 'NOT MET'}",
            }
        )
    return facts


# ------------------------------------------------------------
# Data
# ------------------------------------------------------------


def _bench_teams(env):
    # the generator's teams (the commission scenario's own company and team, kept for its reruns, are not)
    return env["crm.team"].search(
        [("name", "=like", "Bench %"), ("name", "not like", "Bench Commission"), ("member_ids", "!=", False)],
        order="id",
    )


def _commission_plan(env):
    """A plan paying on target accounts, assigned to the bench teams (the generator makes none): so that winning a
    deal of a listed account snapshots a commission line when the capability is on."""
    teams = _bench_teams(env)
    return env["crm.commission.plan"].create(
        {
            "name": "Bench E2E Plan 5%",
            "company_id": env.company.id,
            "rate": 5,
            "assignment_ids": [
                (0, 0, {"team_id": team.id, "date_from": date.today() - timedelta(days=365)})
                for team in teams
            ],
        }
    )


def _open_deals(env, count, offset=0):
    """Open opportunities that can be won on both sides: On Strategy or with an Off-Strategy reason (the ICP rule
    refuses to win an Off-Strategy deal without a reason), spread over teams and accounts."""
    Lead = env["crm.lead"]
    domain = [
        ("type", "=", "opportunity"),
        ("won_status", "=", "pending"),
        ("partner_id", "!=", False),
        "|",
        ("off_strategy_reason", "!=", False),
        ("strategy", "!=", "off"),
    ]
    return Lead.search(domain, order="id desc", limit=count, offset=offset)


def _lead_vals(env, count, rng, kind):
    teams = _bench_teams(env)
    members = teams.member_ids
    accounts = env["res.partner"].search([("is_company", "=", True), ("industry_id", "!=", False)], limit=500)
    countries = env["res.country"].search([("code", "in", ["BE", "FR", "DE", "US", "GB", "NL"])]).ids
    vals_list = []
    for index in range(count):
        first, last = rng.choice(["Ana", "Bo", "Cy", "Di", "Ed"]), rng.choice(["Ray", "Sun", "Tam", "Uma"])
        vals = {
            "name": f"E2E {kind} {index}",
            "contact_name": f"{first} {last}",
            "email_from": f"{first.lower()}.{last.lower()}.{kind.replace(' ', '')}{index}@e2e.example.com",
            "phone": f"+32 470 {index:06d}",
            "country_id": rng.choice(countries),
            "description": "Interested in a demo of the CRM, 50 users, next quarter.",
        }
        if kind == "import":
            team = rng.choice(teams)
            vals.update(
                {
                    "type": rng.choice(["lead", "opportunity"]),
                    "team_id": team.id,
                    "user_id": rng.choice(team.member_ids or members).id,
                    "expected_revenue": rng.randrange(1000, 90000, 500),
                }
            )
            if index % 3 == 0:
                # a row matching an existing customer: the account, its contact data (crm copies the lead's email and
                # phone onto the partner when they differ: an import of customers' deals does not do that)
                account = rng.choice(accounts)
                vals.update({"partner_id": account.id, "email_from": account.email, "phone": account.phone})
                del vals["contact_name"]
            else:
                vals["partner_name"] = f"Prospect {index} {kind}"
        else:
            vals.update({"type": "lead", "partner_name": f"Prospect {index} Ltd", "team_id": teams[1].id})
        vals_list.append(vals)
    return vals_list


def _assignment_world(env, count, rng):
    """Two teams set up like crm's tests/test_crm_lead_assignment.py (multi-membership, domains on the team and the
    members), quotas large enough to take every lead, and ``count`` unassigned leads (no team, no salesperson)."""
    params = env["ir.config_parameter"].sudo()
    params.set_param("sales_team.membership_multi", True)
    params.set_param("crm.assignment.delay", "0")
    params.set_param("crm.assignment.commit.bundle", "100")
    reps = _bench_teams(env).member_ids[:5]
    team_1 = env["crm.team"].create(
        {"name": "E2E Assign Team 1", "use_leads": True, "assignment_max": count * 30, "sequence": 1}
    )
    team_2 = env["crm.team"].create(
        {
            "name": "E2E Assign Team 2",
            "use_leads": True,
            "assignment_max": count * 30,
            "assignment_domain": "[('priority', 'in', ['1', '2', '3'])]",
            "sequence": 2,
        }
    )
    quota = count * 30  # monthly: force_quota assigns a 30th of it per run
    Member = env["crm.team.member"]
    Member.create(
        [
            {"crm_team_id": team_1.id, "user_id": reps[0].id, "assignment_max": quota},
            {
                "crm_team_id": team_1.id,
                "user_id": reps[1].id,
                "assignment_max": quota,
                "assignment_domain": "[('probability', '>=', 10)]",
            },
            {
                "crm_team_id": team_1.id,
                "user_id": reps[2].id,
                "assignment_max": quota,
                "assignment_domain": "[('probability', '>=', 20)]",
            },
            {
                "crm_team_id": team_2.id,
                "user_id": reps[3].id,
                "assignment_max": quota,
                "assignment_domain": "[('probability', '>=', 20)]",
            },
            {"crm_team_id": team_2.id, "user_id": reps[4].id, "assignment_max": quota},
        ]
    )
    accounts = env["res.partner"].search([("is_company", "=", True)], limit=300)
    Lead = env["crm.lead"].with_context(tracking_disable=True, mail_create_nolog=True)
    leads = Lead.create(
        [
            {
                "name": f"E2E unassigned {index}",
                "type": "lead",
                "team_id": False,
                "user_id": False,
                "partner_id": accounts[index % len(accounts)].id if index % 3 else False,
                "contact_name": f"Contact {index}",
                "email_from": f"unassigned{index}@e2e{index}.example.com",
                "probability": rng.choice([5, 15, 25, 40, 60]),
                "priority": rng.choice(["0", "1", "2", "3"]),
            }
            for index in range(count + WARM)
        ]
    )
    env.flush_all()
    return team_1 | team_2, leads[:count], leads[count:]


# ------------------------------------------------------------
# Web client specifications
# ------------------------------------------------------------


def _kanban_spec(Lead):
    """The kanban's ``unfold_read_specification`` and aggregates, from the arch ``get_views`` gives this user."""
    view = Lead.env.ref("crm.crm_case_kanban_view_leads")
    result = Lead.get_views([(view.id, "kanban")])
    arch = etree.fromstring(result["views"]["kanban"]["arch"])
    spec = {}
    for node in arch.iter("field"):
        name = node.get("name")
        field = Lead._fields.get(name)
        if field is None or any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        sub = spec.setdefault(name, {})
        if field.type in ("many2many", "one2many") and node.get("widget") == "many2many_tags":
            color = (node.get("options") or "").find("color_field") >= 0
            sub["fields"] = {"display_name": {}, **({"color": {}} if color else {})}
    _add_display_names(Lead, spec)
    progressbar = arch.find("progressbar")
    aggregates = [
        f"{progressbar.get(attr)}:sum"
        for attr in ("sum_field", "recurring_revenue_sum_field")
        if progressbar is not None and progressbar.get(attr)
    ]
    progress = {
        "field": progressbar.get("field"),
        "colors": {"planned": "success", "today": "warning", "overdue": "danger"},
        "help": progressbar.get("help"),
    }
    return spec, aggregates, progress


def _form_spec(lead):
    return _add_display_names(lead, Form(lead)._view["fields_spec"])


def _form_breakdown(env, rounds, lead, form_specs, added, repeat=7):
    """Each added field's own cost: ``web_read`` of the off view's specification plus that field alone, capabilities
    on, minus the off view's specification alone, the two measured in alternation (``repeat`` pairs, medians; time in
    ms, and queries)."""
    import time  # noqa: PLC0415

    import odoo.sql_db  # noqa: PLC0415

    def timed(spec):
        env.flush_all()
        env.invalidate_all()
        before, start = odoo.sql_db.sql_counter, time.perf_counter()
        lead.web_read(spec)
        return time.perf_counter() - start, odoo.sql_db.sql_counter - before

    base_spec = form_specs["off"]
    rounds.begin("on", lambda: lead.web_read(form_specs["on"]))
    try:
        costs, bases = [], []
        for name in added:
            spec = {**base_spec, name: form_specs["on"][name]}
            pairs = [(timed(base_spec), timed(spec)) for _pair in range(repeat)]
            bases += [base[0] for base, _with in pairs]
            spent = statistics.median(with_[0] - base[0] for base, with_ in pairs)
            queries = statistics.median(with_[1] - base[1] for base, with_ in pairs)
            costs.append((spent, int(queries), name))
        base_queries = timed(base_spec)[1]
    finally:
        rounds.end()
    costs.sort(reverse=True)
    top = ", ".join(f"{name} {spent * 1000:+.1f} ms/{queries:+d} q" for spent, queries, name in costs[:12])
    total = sum(spent for spent, _queries, _name in costs)
    return (
        f"off view {statistics.median(bases) * 1000:.1f} ms/{base_queries} q; the {len(costs)} added fields one by one "
        f"sum to {total * 1000:+.1f} ms/{sum(q for _s, q, _n in costs):+d} q; the largest: {top}"
    )


# ------------------------------------------------------------
# Run
# ------------------------------------------------------------


def run(env, measure, sizes):
    size = int(sizes.get("e2e") or 1000)
    quick = size < 1000
    repeat = int(os.environ.get("BENCH_ROUNDS") or (3 if quick else 5))
    read_repeat = max(repeat, 15)
    only = set(filter(None, os.environ.get("BENCH_E2E_ONLY", "").split(",")))  # e.g. kanban,form (debugging)
    rounds = Rounds(env)
    rng = random.Random(16)
    facts = []
    admin = env.ref("base.user_admin")
    _commission_plan(env)
    rounds.switch(True)  # the "on" side: every capability, forecasting included
    env.flush_all()

    if not only or "won" in only:
        facts += _won(env, measure, rounds, size, repeat, admin)
    if not only or "create" in only:
        facts += _create(env, measure, rounds, size, repeat, admin, rng)
    if not only or "assign" in only:
        facts += _assign(env, measure, rounds, size, repeat, admin, rng)
    if not only or {"kanban", "form"} & only:
        facts += _reads(env, measure, rounds, read_repeat)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    facts.append(
        {
            "label": "rounds (medians over interleaved on/off rounds)",
            "value": f"{repeat} (reads {read_repeat}); load average at the end {load}",
        }
    )
    return facts


def _won(env, measure, rounds, size, repeat, admin):
    facts = []
    deals = _open_deals(env, size)
    warm_deals = _open_deals(env, WARM, offset=size)
    AdminLead = env["crm.lead"].with_user(admin)

    def won():
        AdminLead.browse(deals.ids).action_set_won()
        end_of_request(env)

    def won_check():
        env.flush_all()
        return env.execute_query(
            SQL(
                """SELECT count(*), count(*) FILTER (WHERE is_on_target_list)
                     FROM crm_commission_line WHERE lead_id = ANY(%s)""",
                deals.ids,
            )
        )[0]

    res, checks = interleave(
        measure,
        rounds,
        "won: action_set_won",
        len(deals),
        won,
        warm=lambda: AdminLead.browse(warm_deals.ids).action_set_won(),
        repeat=repeat,
        check=won_check,
    )
    facts += ratio_facts(f"won {len(deals)} deals", res, GOALS["won"])
    facts.append(
        {
            "label": "won: commission lines snapshot (all, on a target list) on / off",
            "value": f"{checks.get('on')} / {checks.get('off')}",
        }
    )

    return facts


def _create(env, measure, rounds, size, repeat, admin, rng):
    facts = []
    import_vals = _lead_vals(env, size, rng, "import")
    form_vals = _lead_vals(env, size, rng, "web form")
    ImportLead = env["crm.lead"].with_user(admin).with_context(import_file=True, tracking_disable=True)
    FormLead = env["crm.lead"].sudo().with_context(mail_create_nosubscribe=True)

    def create_import(vals_list=import_vals):
        for start in range(0, len(vals_list), IMPORT_BATCH):
            ImportLead.create(vals_list[start : start + IMPORT_BATCH])
        end_of_request(env)

    def create_form(vals_list=form_vals):
        for vals in vals_list:
            FormLead.create(vals)
            end_of_request(env)

    for label, fn, vals_list in (
        ("create import", create_import, import_vals),
        ("create web form", create_form, form_vals),
    ):
        res, _checks = interleave(
            measure,
            rounds,
            label,
            len(vals_list),
            fn,
            warm=lambda fn=fn, vals_list=vals_list: fn(
                [dict(vals, email_from=f"warm{i}@e2e.example.com") for i, vals in enumerate(vals_list[:WARM])]
            ),
            repeat=repeat,
        )
        facts += ratio_facts(f"{label}: {len(vals_list)} leads", res, GOALS[label])

    return facts


def _assign(env, measure, rounds, size, repeat, admin, rng):
    facts = []
    teams, to_assign, _warm_leads = _assignment_world(env, size, rng)
    AdminTeam = teams.with_user(admin)

    def assign():
        random.seed(42)
        with no_autocommit():
            AdminTeam._action_assign_leads(force_quota=True, creation_delta_days=0)
        end_of_request(env)

    def assign_warm():
        # the same assignment over the warm-up leads only (the others hidden for the time of it)
        to_assign.write({"active": False})
        env.flush_all()
        random.seed(42)
        with no_autocommit():
            AdminTeam._action_assign_leads(force_quota=True, creation_delta_days=0)

    def assign_check():
        env.flush_all()
        return env.execute_query(
            SQL(
                """SELECT count(*) FILTER (WHERE team_id IS NOT NULL), count(*) FILTER (WHERE user_id IS NOT NULL),
                          count(*) FILTER (WHERE type = 'opportunity')
                     FROM crm_lead WHERE id = ANY(%s)""",
                to_assign.ids,
            )
        )[0]

    res, checks = interleave(
        measure,
        rounds,
        "assign: _action_assign_leads",
        len(to_assign),
        assign,
        warm=assign_warm,
        repeat=repeat,
        check=assign_check,
    )
    facts += ratio_facts(f"assign {len(to_assign)} leads", res, GOALS["assign"])
    facts.append(
        {
            "label": "assign: leads with a team, with a salesperson, converted (on / off)",
            "value": f"{checks.get('on')} / {checks.get('off')}",
        }
    )

    return facts


def _reads(env, measure, rounds, read_repeat):
    """A rep's pipeline kanban, and a deal's form."""
    facts = []
    rep = env["res.users"].browse(
        env.execute_query(
            SQL(
                """SELECT user_id FROM crm_lead
                    WHERE type = 'opportunity' AND won_status = 'pending' AND active AND user_id IS NOT NULL
                 GROUP BY user_id ORDER BY count(*) DESC LIMIT 1"""
            )
        )[0][0]
    )
    # the generator's reps have the addon's user group only: make this one a stock Sales user (Own Documents
    # Only), as a rep of a real database is
    rep.write({"group_ids": [(4, env.ref("sales_team.group_sale_salesman").id)]})
    env.flush_all()
    action_context = {"default_type": "opportunity", "show_user_team_stages": 1}
    RepLead = env["crm.lead"].with_user(rep).with_context(**action_context)
    kanban_domain = [("type", "=", "opportunity"), ("user_id", "=", rep.id)]
    specs = {}
    for side in SIDES:
        rounds.begin(side)
        specs[side] = _kanban_spec(RepLead)
        rounds.end()

    def kanban_for(side):
        spec, aggregates, progress = specs[side]

        def kanban():
            Grouped = RepLead.with_context(read_group_expand=True)
            Grouped.web_read_group(
                kanban_domain,
                ["stage_id"],
                aggregates,
                auto_unfold=True,
                unfold_read_specification=spec,
                unfold_read_default_limit=KANBAN_LIMIT,
            )
            RepLead.read_progress_bar(kanban_domain, "stage_id", progress)

        return kanban

    deals_in_pipeline = RepLead.search_count(kanban_domain)
    variants = {}
    for side in SIDES:
        fn = kanban_for(side)
        variants[f"kanban first load, capabilities {side}@{deals_in_pipeline}"] = (
            fn,
            lambda side=side, fn=fn: rounds.begin(side, fn),
            rounds.end,
        )
    results = measure.interleave(variants, repeat=read_repeat)
    kanban_res = {
        side: results[f"kanban first load, capabilities {side}@{deals_in_pipeline}"] for side in SIDES
    }
    facts += ratio_facts(
        f"kanban ({deals_in_pipeline} deals in the rep's pipeline)", kanban_res, GOALS["kanban"], query_goal=3
    )
    facts.append(
        {
            "label": "kanban: fields the addon adds to the cards (on - off)",
            "value": ", ".join(sorted(set(specs["on"][0]) - set(specs["off"][0]))) or "-",
        }
    )

    lead = RepLead.search(
        [("type", "=", "opportunity"), ("won_status", "=", "pending"), ("user_id", "=", rep.id),
         ("partner_id", "!=", False)],
        order="id",
        limit=1,
    )  # fmt: skip
    form_specs = {}
    for side in SIDES:
        rounds.begin(side)
        form_specs[side] = _form_spec(lead)
        rounds.end()
    variants = {}
    for side in SIDES:
        spec = form_specs[side]

        def form(spec=spec):
            lead.web_read(spec)

        variants[f"deal form web_read, capabilities {side}@1"] = (
            form,
            lambda side=side, form=form: rounds.begin(side, form),
            rounds.end,
        )
    results = measure.interleave(variants, repeat=read_repeat)
    form_res = {side: results[f"deal form web_read, capabilities {side}@1"] for side in SIDES}
    facts += ratio_facts("deal form web_read", form_res, GOALS["form"])
    added = sorted(set(form_specs["on"]) - set(form_specs["off"]))
    facts.append({"label": "form: fields read when on that the off view has not", "value": len(added)})
    facts.append(
        {"label": "form: where the time goes", "value": _form_breakdown(env, rounds, lead, form_specs, added)}
    )
    return facts
