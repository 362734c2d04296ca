# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Benchmark / large-demo data generator for sales_ecosystem, built on Odoo 19's populate framework.

Odoo 19 difference (why there is no ``_populate_factories`` here)
----------------------------------------------------------------
Up to Odoo 17, ``odoo-bin populate`` called each model's ``_populate_factories`` / ``_populate_dependencies`` /
``_populate_sizes`` to *invent* records. Odoo 19 removed that API: ``odoo/tools/populate.py`` now *duplicates the
records already in the database* in SQL (``INSERT ... SELECT ... FROM table, generate_series(1, factor)``),
varying what must vary (unique columns, ``_rec_name``/``_rec_names_search`` and trigram-indexed text get a ``_<n>``
postfix, dates are spread back in time), remapping many2one columns onto the copies of co-models populated in the
same run, and copying ``copy=True`` x2many relations along. ``odoo-bin populate --models crm.lead,res.partner
--factors N`` is the command line of exactly that (``odoo/cli/populate.py`` -> ``populate_models``).

So the generator works in two steps:

1. :func:`seed` creates a *realistic base set* with the ORM (so every compute, constraint and default runs as in
   production): sales teams with leaders and reps, ~500 companies across industries, countries, sizes and revenue
   bands (some with missing data, as in real databases), ~500 contacts, account tags, two ideal client profiles
   (company-wide and Enterprise team) with a domain criterion and a disqualifier, a target account list, and 1,000
   leads/opportunities spread over stages, teams and reps: ~56% open, ~32% won, ~12% lost.
2. :func:`grow` multiplies that set with Odoo 19's ``populate_models`` — the same code path as
   ``odoo-bin populate --models res.partner,crm.lead,crm.target.list.line --factors N`` — so that accounts, deals
   and target-list memberships grow together (a copied deal points to the copy of its account, the copy of an
   account is on the copy of its target-list line) and every ratio of the base set is kept.

Anyone can grow a demo database the same way::

    odoo-bin -d mydb -i sales_ecosystem --with-demo --stop-after-init
    odoo-bin populate -d mydb --models res.partner,crm.lead,crm.target.list.line --factors 100

or seed a database without demo data first: ``python bench/generate.py -d mydb --leads 100000`` (see ``main``).

Stored computed fields (ICP score, strategy, probabilities) of the copies are copied from their originals, which
is consistent because the copies carry the same data. The PLS frequency table is rebuilt after growing
(:func:`finalize`), as Odoo's nightly PLS cron would.
"""

import logging
import math
import random
import time
from datetime import date, timedelta

from odoo.sql_db import db_connect
from odoo.tools import SQL

_logger = logging.getLogger("sales_ecosystem.bench.generate")

SEED_LEADS = 1000
SEED_COMPANIES = 500
SEED_CONTACTS = 500
# Shares of the seeded leads, kept by populate when the set grows: 15% are leads (open 80%, lost 20%), 85% are
# opportunities (open 55%, won 35%, lost 10%), i.e. about 59% open (47% open opportunities), 30% won and 11% lost
# overall: 100,000 open opportunities (the deal health scenario's size) take about 214,000 leads.
SHARE_LEADS = 0.15
SHARE_OPEN = {"lead": 0.8, "opportunity": 0.55}
SHARE_WON = {"lead": 0.0, "opportunity": 0.35}
POPULATE_MODELS = ("res.partner", "crm.lead", "crm.target.list.line")
MARKER_PARAM = "sales_ecosystem.bench_seeded"

COUNTRIES = [  # (code, weight)
    ("BE", 12),
    ("NL", 10),
    ("FR", 14),
    ("DE", 14),
    ("LU", 3),
    ("GB", 10),
    ("US", 18),
    ("ES", 6),
    ("IT", 6),
    ("IN", 4),
    ("BR", 3),
]
INDUSTRIES = [  # (xmlid suffix, weight)
    ("J", 18),  # IT/Communication
    ("K", 10),  # Finance/Insurance
    ("M", 8),  # Scientific
    ("C", 14),  # Manufacturing
    ("G", 12),  # Wholesale/Retail
    ("H", 7),  # Transportation/Logistics
    ("F", 6),  # Construction
    ("Q", 6),  # Health/Social
    ("I", 5),  # Food/Hospitality
    ("O", 4),  # Public Administration (disqualified by the profile)
    ("P", 4),  # Education
    ("S", 6),  # Other Services
]
NAME_PARTS = (
    "Acme Blue North Vertex Delta Nova Orion Pioneer Summit Atlas Helix Quantum Silver Evergreen Granite Harbor "
    "Lumen Maple Nimbus Polar Redwood Sterling".split(),
    "Systems Logistics Foods Analytics Energy Bank Labs Industries Retail Health Builders Partners Software "
    "Insurance Consulting Motors Pharma Media Telecom".split(),
    "SA NV BV GmbH Ltd Inc SAS SpA SL Pvt".split(),
)
FIRST_NAMES = [
    "Anna",
    "Bram",
    "Chloé",
    "Dirk",
    "Elena",
    "Farid",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Katrin",
    "Luis",
]
LAST_NAMES = [
    "Peeters",
    "Janssens",
    "Dubois",
    "Müller",
    "Rossi",
    "Smith",
    "Garcia",
    "Kumar",
    "Silva",
    "Martin",
]
DEAL_TOPICS = ["CRM rollout", "ERP upgrade", "Support renewal", "Training", "Data migration", "Expansion"]
DEAL_TOPICS += ["Pilot", "Integration", "Consulting days", "Licences", "Hardware refresh", "Managed service"]


# ------------------------------------------------------------
# Counting
# ------------------------------------------------------------


def counts(env):
    """Current sizes: leads (all, including lost), open leads and opportunities, open opportunities (the "open
    deals" the sizes ask for), won, lost, partners, companies."""
    env.flush_all()
    cr = env.cr
    cr.execute(
        """SELECT count(*),
                  count(*) FILTER (WHERE won_status = 'pending' AND active),
                  count(*) FILTER (WHERE won_status = 'pending' AND active AND type = 'opportunity'),
                  count(*) FILTER (WHERE won_status = 'won'),
                  count(*) FILTER (WHERE won_status = 'lost')
             FROM crm_lead"""
    )
    leads, open_leads, open_deals, won, lost = cr.fetchone()
    cr.execute("SELECT count(*), count(*) FILTER (WHERE is_company) FROM res_partner")
    partners, companies = cr.fetchone()
    return {
        "leads": leads,
        "open_leads": open_leads,
        "open_deals": open_deals,
        "won_deals": won,
        "lost_deals": lost,
        "partners": partners,
        "companies": companies,
    }


def is_seeded(env):
    return bool(env["ir.config_parameter"].sudo().get_param(MARKER_PARAM))


# ------------------------------------------------------------
# Seed (ORM)
# ------------------------------------------------------------


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _countries(env, codes):
    return env["res.country"].search([("code", "in", list(codes))])


def _users_and_teams(env):
    Users = env["res.users"].with_context(no_reset_password=True, mail_create_nosubscribe=True)
    group = env.ref
    base_groups = [group("base.group_user").id]
    # reps as a company gives them: the stock Sales group (own documents), which implies the addon's user group
    rep_groups = [*base_groups, group("sales_team.group_sale_salesman").id]
    manager_groups = [*base_groups, group("sales_ecosystem.group_sales_ecosystem_manager").id]
    teams, reps = [], []
    for index, team_name in enumerate(["Enterprise", "Mid-Market", "SMB"]):
        leader = Users.create(
            {
                "name": f"{team_name} Manager",
                "login": f"bench_manager_{index}",
                "email": f"bench_manager_{index}@example.com",
                "group_ids": [(6, 0, manager_groups)],
            }
        )
        team = env["crm.team"].create({"name": f"Bench {team_name}", "user_id": leader.id, "use_leads": True})
        for rep_index in range(3):
            login = f"bench_rep_{index}_{rep_index}"
            rep = Users.create(
                {
                    "name": f"{FIRST_NAMES[(index * 3 + rep_index) % len(FIRST_NAMES)]} ({team_name})",
                    "login": login,
                    "email": f"{login}@example.com",
                    "group_ids": [(6, 0, rep_groups)],
                }
            )
            env["crm.team.member"].create({"crm_team_id": team.id, "user_id": rep.id})
            reps.append((rep, team))
        teams.append(team)
    return teams, reps


def _icp_profiles(env, teams, tags):
    Industry = env["res.partner.industry"]
    fit_industries = Industry.browse([env.ref(f"base.res_partner_industry_{c}").id for c in "JKMC"])
    country_ids = _countries(env, ("BE", "NL", "FR", "DE", "LU", "GB")).ids
    disqualified = env.ref("base.res_partner_industry_O")

    def criteria(employee_min, employee_max):
        return [
            (0, 0, {"name": "Target industries", "criterion_type": "industry", "weight": 30,
                    "industry_ids": [(6, 0, fit_industries.ids)]}),
            (0, 0, {"name": "Company size", "criterion_type": "employees", "weight": 20,
                    "employee_min": employee_min, "employee_max": employee_max}),
            (0, 0, {"name": "Revenue band", "criterion_type": "revenue", "weight": 20,
                    "revenue_min": 5_000_000, "revenue_max": 500_000_000}),
            (0, 0, {"name": "Benelux, France, Germany, UK", "criterion_type": "geography", "weight": 15,
                    "country_ids": [(6, 0, country_ids)]}),
            (0, 0, {"name": "Strategic or partner account", "criterion_type": "tag", "weight": 10,
                    "tag_ids": [(6, 0, tags[:2].ids)]}),
            (0, 0, {"name": "Registered company (VAT known)", "criterion_type": "domain", "weight": 5,
                    "domain_model": "res.partner", "domain": "[('vat', '!=', False)]"}),
            (0, 0, {"name": "Public sector (no tenders)", "criterion_type": "industry", "is_disqualifier": True,
                    "weight": 0, "industry_ids": [(6, 0, disqualified.ids)]}),
        ]  # fmt: skip

    Profile = env["crm.icp.profile"]
    Profile.create({"name": "Core ICP", "is_default": True, "criterion_ids": criteria(50, 2000)})
    Profile.create(
        {
            "name": "Enterprise ICP",
            "is_default": True,
            "team_id": teams[0].id,
            "threshold_a": 80,
            "threshold_b": 55,
            "threshold_c": 30,
            "criterion_ids": criteria(500, 0),
        }
    )


def _companies(env, rng, tags):
    countries = {country.code: country for country in _countries(env, [code for code, _weight in COUNTRIES])}
    us_states = env["res.country.state"].search([("country_id", "=", countries["US"].id)])
    industries = {code: env.ref(f"base.res_partner_industry_{code}").id for code, _weight in INDUSTRIES}
    vals_list = []
    for index in range(SEED_COMPANIES):
        code = _weighted(rng, COUNTRIES)
        employees = int(math.exp(rng.uniform(math.log(3), math.log(30000))))
        revenue = round(employees * rng.uniform(60_000, 260_000), -3)
        name = (
            f"{rng.choice(NAME_PARTS[0])} {rng.choice(NAME_PARTS[1])} {rng.choice(NAME_PARTS[2])} {index + 1}"
        )
        vals_list.append(
            {
                "name": name,
                "is_company": True,
                "country_id": countries[code].id,
                "state_id": rng.choice(us_states).id if code == "US" and us_states else False,
                "city": rng.choice(
                    ["Brussels", "Lyon", "Utrecht", "Munich", "Leeds", "Austin", "Porto", "Turin"]
                ),
                # real databases miss data: some accounts have no industry, head count or revenue
                "industry_id": industries[_weighted(rng, INDUSTRIES)] if rng.random() > 0.06 else False,
                "employee_count": employees if rng.random() > 0.08 else 0,
                "annual_revenue": revenue if rng.random() > 0.12 else 0.0,
                "vat": f"{code}{rng.randrange(10**8, 10**9)}" if rng.random() < 0.6 else False,
                "email": f"info@company{index + 1}.example.com",
                "phone": f"+32 2 {rng.randrange(100, 999)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}",
                "category_id": [(6, 0, rng.sample(tags.ids, k=rng.choice([0, 0, 1, 1, 2])))],
            }
        )
    return env["res.partner"].create(vals_list)


def _contacts(env, rng, companies):
    vals_list = []
    for index in range(SEED_CONTACTS):
        company = companies[index % len(companies)]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        vals_list.append(
            {
                "name": f"{first} {last}",
                "parent_id": company.id,
                "type": "contact",
                "function": rng.choice(["CEO", "CFO", "IT Manager", "Buyer", "Operations Director", "CTO"]),
                "email": f"{first.lower()}.{last.lower()}{index}@company{company.id}.example.com",
            }
        )
    return env["res.partner"].create(vals_list)


def _target_list(env, rng, teams, companies):
    today = date.today()
    listed = companies.filtered(lambda p: p.industry_id and rng.random() < 0.22)
    env["crm.target.list"].create(
        {
            "name": "Strategic accounts (bench)",
            "team_id": teams[0].id,
            "date_from": today - timedelta(days=120),
            "date_to": today + timedelta(days=245),
            "line_ids": [(0, 0, {"partner_id": partner.id}) for partner in listed],
        }
    )
    return listed


def _leads(env, rng, reps, companies, contacts, listed, list_team):
    Stage = env["crm.stage"]
    stage_new, stage_qualified, stage_proposition = (
        env.ref("crm.stage_lead1"),
        env.ref("crm.stage_lead2"),
        env.ref("crm.stage_lead3"),
    )
    stage_won = Stage.search([("is_won", "=", True)], limit=1)
    lost_reasons = env["crm.lost.reason"].search([])
    crm_tags = env["crm.tag"].search([])
    countries = _countries(env, [code for code, _weight in COUNTRIES]).ids
    listed_ids = set(listed.ids)
    reasons = ["existing_customer", "new_segment", "partner_referral", "executive_request"]
    vals_list = []
    for index in range(SEED_LEADS):
        rep, team = rng.choice(reps)
        roll = rng.random()
        is_lead = rng.random() < SHARE_LEADS
        kind = "lead" if is_lead else "opportunity"
        partner = False
        if rng.random() < 0.85:
            partner = rng.choice(companies) if rng.random() < 0.6 else rng.choice(contacts)
        vals = {
            "name": f"{rng.choice(DEAL_TOPICS)} #{index + 1}",
            "type": kind,
            "user_id": rep.id,
            "team_id": team.id,
            "partner_id": partner.id if partner else False,
            "expected_revenue": round(rng.uniform(2_000, 250_000), -2),
            "priority": rng.choice(["0", "0", "1", "2", "3"]),
            "tag_ids": [(6, 0, rng.sample(crm_tags.ids, k=min(len(crm_tags), rng.choice([0, 1, 1, 2]))))],
        }
        if not partner:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            vals.update(
                {
                    "contact_name": f"{first} {last}",
                    "email_from": f"{first.lower()}.{last.lower()}{index}@prospect.example.com",
                    "country_id": rng.choice(countries),
                }
            )
        if roll < SHARE_OPEN[kind]:
            vals["stage_id"] = rng.choice([stage_new, stage_qualified, stage_proposition]).id
        elif roll < SHARE_OPEN[kind] + SHARE_WON[kind]:
            vals.update({"stage_id": stage_won.id, "probability": 100})
        else:
            vals.update(
                {
                    "stage_id": rng.choice([stage_new, stage_qualified, stage_proposition]).id,
                    "active": False,
                    "probability": 0,
                    "lost_reason_id": rng.choice(lost_reasons).id if lost_reasons else False,
                }
            )
        account = partner.commercial_partner_id if partner else False
        on_list = account and account.id in listed_ids and team == list_team
        if not is_lead and vals["stage_id"] != stage_new.id and not on_list:
            # the rule of the ICP capability: an Off-Strategy deal needs a reason to move past the first stage
            # (a team's target list covers that team's deals only)
            vals["off_strategy_reason"] = rng.choice(reasons)
        vals_list.append(vals)
    Lead = env["crm.lead"].with_context(
        mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
    )
    leads = Lead.browse()
    for start in range(0, len(vals_list), 250):
        leads |= Lead.create(vals_list[start : start + 250])
    return leads


def seed(env, rng_seed=42):
    """Create the realistic base set with the ORM (idempotent: does nothing on an already seeded database)."""
    if is_seeded(env):
        return counts(env)
    t0 = time.time()
    rng = random.Random(rng_seed)
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
    tags = env["res.partner.category"].create(
        [{"name": name} for name in ("Strategic", "Partner", "Reseller", "Churn risk")]
    )
    for name in ("Product", "Services", "Upsell", "Training", "Consulting"):
        if not env["crm.tag"].search_count([("name", "=", name)]):
            env["crm.tag"].create({"name": name})
    teams, reps = _users_and_teams(env)
    _icp_profiles(env, teams, tags)
    companies = _companies(env, rng, tags)
    contacts = _contacts(env, rng, companies)
    listed = _target_list(env, rng, teams, companies)
    params = env["ir.config_parameter"].sudo()
    # PLS learns from every lead of the bench (Odoo's default start date is "8 days before install").
    params.set_param("crm.pls_start_date", (date.today() - timedelta(days=5 * 365)).isoformat())
    _leads(env, rng, reps, companies, contacts, listed, teams[0])
    params.set_param(MARKER_PARAM, "1")
    env.flush_all()
    _logger.info("seeded base set in %.1fs: %s", time.time() - t0, counts(env))
    return counts(env)


# ------------------------------------------------------------
# Grow (Odoo 19 populate) and finalize
# ------------------------------------------------------------


def grow(env, factor, separator="_"):
    """Multiply accounts, deals and target-list memberships by ``factor + 1`` with Odoo 19's populate.

    Same code path as ``odoo-bin populate --models res.partner,crm.lead,crm.target.list.line --factors <factor>``
    (``odoo.cli.populate.Populate.populate``). Commits before: when the database role may not set
    ``session_replication_role`` (not a superuser), populate rolls the transaction back once and continues with
    foreign-key checks on (slower, but correct).
    """
    from odoo.cli.populate import Populate  # noqa: PLC0415 (Odoo must be configured first)

    if factor < 1:
        return counts(env)
    env.flush_all()
    env.cr.commit()
    t0 = time.time()
    Populate.populate(env, dict.fromkeys(POPULATE_MODELS, factor), ord(separator))
    env.cr.commit()
    env.invalidate_all()
    env.registry.clear_cache()
    _logger.info("populate x%s in %.1fs", factor + 1, time.time() - t0)
    return counts(env)


def finalize(env):
    """What a production database has after autovacuum and its nightly crons: no dead row versions, fresh table
    statistics and the PLS frequency table built from all leads."""
    t0 = time.time()
    # Fresh planner statistics after a bulk insert, as autovacuum would give a production database: without them
    # PostgreSQL plans reads on the grown tables as if they were still small.
    tables = [env[model]._table for model in POPULATE_MODELS] + [
        "res_partner_res_partner_category_rel",
        "crm_tag_rel",
    ]
    # VACUUM too: populate duplicates and then remaps rows, which leaves dead row versions (600,000 in res_partner at
    # full size) that autovacuum would clear on a production server; without it (autovacuum is off on this bench
    # machine's PostgreSQL) every later write pays for the bloat. VACUUM runs outside a transaction: its own
    # connection, in autocommit.
    env.cr.commit()
    with db_connect(env.cr.dbname).cursor() as vacuum_cr:
        vacuum_cr._cnx.autocommit = True
        vacuum_cr.execute(SQL("VACUUM ANALYZE %s", SQL(", ").join(SQL.identifier(table) for table in tables)))
    env["crm.lead"].sudo()._rebuild_pls_frequency_table()
    env.flush_all()
    env.cr.commit()
    _logger.info("tables vacuumed and analyzed and PLS frequency table rebuilt in %.1fs", time.time() - t0)


def ensure(env, leads=0, won_deals=0, open_deals=0):
    """Seed if needed, then grow (in one populate run) until there are at least that many leads, won deals and
    open deals. Returns the sizes reached and whether data was generated."""
    seed(env)
    sizes = counts(env)
    needed = max(
        leads / max(sizes["leads"], 1),
        won_deals / max(sizes["won_deals"], 1),
        open_deals / max(sizes["open_deals"], 1),
    )
    factor = math.ceil(needed) - 1 if needed > 1 else 0
    if factor:
        sizes = grow(env, factor)
        finalize(env)
    elif not env["crm.lead.scoring.frequency"].search_count([], limit=1):
        finalize(env)
    env.cr.commit()
    return sizes


# ------------------------------------------------------------
# Command line: seed/grow an existing database
# ------------------------------------------------------------


def main(argv=None):
    """``python bench/generate.py -d DB [--leads N] [odoo options]``: seed (and grow) an existing database that
    has sales_ecosystem installed. Use Odoo's options (``--addons-path``, ``--db_host`` ...) as for odoo-bin."""
    import argparse  # noqa: PLC0415

    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--leads", type=int, default=SEED_LEADS)
    parser.add_argument("--won-deals", type=int, default=0)
    parser.add_argument("--open-deals", type=int, default=0)
    args, odoo_args = parser.parse_known_args(argv)
    odoo.tools.config.parse_config(odoo_args, setup_logging=True)
    registry = Registry(odoo.tools.config["db_name"][0])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        print(ensure(env, leads=args.leads, won_deals=args.won_deals, open_deals=args.open_deals))


if __name__ == "__main__":
    main()
