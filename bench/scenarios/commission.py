# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Commission settlement at scale: N won deals settled into statements, against raw SQL floors.

run(env, measure, sizes): ``sizes["won_deals"]`` (50,000; 2,000 with BENCH_QUICK=1) won deals of a company of
their own (so that the settlement, which settles a whole company, settles exactly the bench's deals and nothing the
generator made for other scenarios). Data:

- the first ``min(N, 2000)`` deals are won through the ORM: their commission lines are the real snapshot taken when
  a deal is won (plan, target list at the won date, rate, amount, withheld);
- the others are SQL copies of those deals *and of their commission lines* (same rep, account, amount and won date
  as the deal copied, hence the same line values the ORM would snapshot), made set-based in a few statements so
  that 50,000 deals take seconds instead of minutes. Generation time is reported as a fact, never measured.

Measured, interleaved round by round (settlement, floor A, floor A0, floor B, floor B-keyed, each from the same
committed starting point, rolled back after each measurement and the tables vacuumed, so that no round inherits dead
rows from another):

- ``settle`` — ``crm.commission.statement._settle(date, company)``: statements and line assignment, from scratch;
- ``floor B-keyed`` — the goal's reference (issue 16): the minimum the settlement itself must write, from the existing
  unsettled lines — the statements and one (line, statement) row per line — into scratch tables built with the keys
  of the addon's: the statements like ``crm_commission_statement`` and the links like the relation
  ``crm_commission_statement_line_rel`` (``LIKE ... INCLUDING ALL``: primary key on the line, the (statement, line)
  index; and the foreign keys copied from the catalog: the line key checks each line against crm_commission_line as
  the relation does, the statement key points at the floor's statements). A fact checks, from the catalog, that the
  scratch tables have the same constraints and indexes as the addon's; its end result is checked against the
  settlement's (same statements, line counts, amount and withheld per statement);
- ``floor B`` — the same minimum into scratch tables without any key, index or constraint (reported: what the keys
  cost);
- ``floor A`` — one raw SQL ``INSERT ... SELECT`` that *computes the lines from the won deals* (rep, team, plan,
  period, base, rate, bonus, amount, withheld, eligibility from the target lists at the won date, under the plan
  assigned to the rep's team at the won date; the bench's deals have no credit splits, so the rep of the deal gets
  100 %) **and** the statements (one per rep, company and month, with name, currency and period end), into two
  scratch tables built like the addon's line and statement tables (``LIKE ... INCLUDING ALL`` plus the same foreign
  keys): work the settlement does not do (the lines exist when it runs), so it is no floor of it (the goal's
  reference until issue 16; reported). Its end result is checked against the settlement's;
- ``floor A0`` — floor A's statement into scratch tables without any key, index or constraint (reported);
- ``rerun`` — the settlement run again right after a first run: must settle 0 lines.

Facts: median and min of each, ratios settle / floor B-keyed (the goal: <= 2), settle / floor B, settle / floor A,
settle / floor A0, rerun / first run (goal <= 0.1), lines settled by the rerun (goal 0), query counts.
"""

import logging
import os
import statistics
import time

import psycopg2

_logger = logging.getLogger(__name__)

SETTLE_DATE = "2026-12-31"
ORM_DEALS = 2000  # deals won through the ORM; the rest are SQL copies of them


# ------------------------------------------------------------
# Data
# ------------------------------------------------------------


def _setup_data(env, count):
    tag = f"{int(time.time())}"  # unique logins and names: the scenario may run twice on one database
    company = env["res.company"].create({"name": f"Bench Commission Co {tag}"})
    env = env(context=dict(env.context, allowed_company_ids=[company.id, env.company.id]))
    stage_won = env["crm.stage"].create({"name": "Bench Won", "sequence": 90, "is_won": True})
    team = env["crm.team"].create({"name": f"Bench Commission Team {tag}", "company_id": company.id})
    group = env.ref("sales_ecosystem.group_sales_ecosystem_user")
    users = env["res.users"].create(
        [
            {
                "name": f"Bench Rep {index}",
                "login": f"bench_commission_rep_{tag}_{index}",
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "group_ids": [(4, group.id)],
            }
            for index in range(20)
        ]
    )
    env["crm.team.member"].create([{"crm_team_id": team.id, "user_id": user.id} for user in users])
    accounts = env["res.partner"].create(
        [{"name": f"Bench Account {index}", "is_company": True} for index in range(200)]
    )
    env["crm.target.list"].create(
        {
            "name": "Bench Target Accounts",
            "company_id": company.id,
            "date_from": "2026-01-01",
            "line_ids": [(0, 0, {"partner_id": account.id}) for account in accounts[:100]],
        }
    )
    env["crm.commission.plan"].create(
        {
            "name": "Bench Plan 10%",
            "company_id": company.id,
            "rate": 10,
            "bonus_amount": 50,
            "assignment_ids": [(0, 0, {"team_id": team.id, "date_from": "2026-01-01"})],
        }
    )
    Lead = env["crm.lead"].with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
    started = time.perf_counter()
    seed_count = min(count, ORM_DEALS)
    seed_ids = []
    for start in range(0, seed_count, 500):
        leads = Lead.create(
            [
                {
                    "name": f"Bench Deal {index}",
                    "type": "opportunity",
                    "partner_id": accounts[index % len(accounts)].id,
                    "user_id": users[index % len(users)].id,
                    "team_id": team.id,
                    "company_id": company.id,
                    "stage_id": stage_won.id,
                    "expected_revenue": 1000 + index % 97 * 10,
                    "off_strategy_reason": "executive_request",
                    # 12 won dates per month over 11 months: the lists are looked up once per date
                    "date_closed": f"2026-{1 + index % 11:02d}-{1 + index % 12 * 2:02d} 10:00:00",
                }
                for index in range(start, min(start + 500, seed_count))
            ]
        )
        seed_ids += leads.ids
        env.flush_all()
        env.invalidate_all()
    orm_seconds = time.perf_counter() - started
    started = time.perf_counter()
    _copy_deals(env, seed_ids, count - seed_count)
    copy_seconds = time.perf_counter() - started
    return company, orm_seconds, copy_seconds


def _columns(cr, table, exclude):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cr.fetchall() if row[0] not in exclude]


def _copy_deals(env, seed_ids, extra):
    """Copy the seed deals (and their commission lines) ``extra`` times in set-based SQL (bench data only)."""
    if extra <= 0:
        return
    cr = env.cr
    cr.execute(
        """CREATE TEMP TABLE bench_deal_copy ON COMMIT DROP AS
           SELECT s.id AS origin_id, g AS copy_no, nextval('crm_lead_id_seq') AS id
             FROM unnest(%s::int[]) WITH ORDINALITY AS s(id, pos),
                  generate_series(1, %s) g
            ORDER BY g, s.pos
            LIMIT %s""",
        [seed_ids, -(-extra // len(seed_ids)), extra],
    )
    lead_columns = _columns(cr, "crm_lead", {"id", "name"})
    cols = ", ".join(f'"{c}"' for c in lead_columns)
    src = ", ".join(f'l."{c}"' for c in lead_columns)
    cr.execute(
        f"""INSERT INTO crm_lead (id, name, {cols})
            SELECT c.id, l.name || ' copy ' || c.copy_no, {src}
              FROM bench_deal_copy c JOIN crm_lead l ON l.id = c.origin_id"""
    )
    line_columns = _columns(cr, "crm_commission_line", {"id", "lead_id"})
    cols = ", ".join(f'"{c}"' for c in line_columns)
    src = ", ".join(f'cl."{c}"' for c in line_columns)
    cr.execute(
        f"""INSERT INTO crm_commission_line (lead_id, {cols})
            SELECT c.id, {src}
              FROM bench_deal_copy c JOIN crm_commission_line cl ON cl.lead_id = c.origin_id"""
    )


# ------------------------------------------------------------
# Floors
# ------------------------------------------------------------

FLOOR_TABLES = """
CREATE TABLE IF NOT EXISTS bench_floor_statement (
    id serial, name varchar, user_id int, company_id int, currency_id int, period_start date, period_end date,
    state varchar);
CREATE TABLE IF NOT EXISTS bench_floor_line (
    lead_id int, user_id int, company_id int, statement_id int, date date, period_start date, deal_base numeric,
    base_amount numeric, rate numeric, bonus_amount numeric, amount numeric, withheld_amount numeric,
    eligibility varchar, target_list_id int);
CREATE TABLE IF NOT EXISTS bench_floor_link (line_id int, statement_id int);
"""

# The lines of the won deals, computed in SQL: the plan of the rep's team at the won date, the target list at the won
# date, base, rate, bonus, amount, withheld, eligibility (shared by the floors A).
PRICED_CTE = """
priced AS (
    SELECT lead.id AS lead_id, lead.user_id, lead.company_id, lead.date_closed::date AS date,
           mem.crm_team_id AS team_id, plan.id AS plan_id, plan.rate AS full_rate, plan.bonus_amount AS full_bonus,
           date_trunc('month', lead.date_closed)::date AS period_start,
           lead.expected_revenue AS deal_base,
           round(lead.expected_revenue, 2) AS base_amount,
           CASE WHEN onl.list_id IS NULL THEN plan.off_strategy_rate ELSE plan.rate END AS rate,
           CASE WHEN onl.list_id IS NULL THEN 0 ELSE plan.bonus_amount END AS bonus_amount,
           round(CASE WHEN onl.list_id IS NULL THEN lead.expected_revenue * plan.off_strategy_rate / 100
                      ELSE lead.expected_revenue * plan.rate / 100 + plan.bonus_amount END, 2) AS amount,
           round(CASE WHEN onl.list_id IS NULL
                      THEN lead.expected_revenue * (plan.rate - plan.off_strategy_rate) / 100 + plan.bonus_amount
                      ELSE 0 END, 2) AS withheld_amount,
           CASE WHEN onl.list_id IS NULL THEN 'off_list' ELSE 'on_list' END AS eligibility,
           onl.list_id
      FROM crm_lead lead
      JOIN crm_team_member mem ON mem.user_id = lead.user_id AND mem.active
      JOIN crm_commission_assignment asg ON asg.team_id = mem.crm_team_id AND asg.plan_active
       AND asg.company_id = lead.company_id
       AND asg.date_from <= lead.date_closed::date AND (asg.date_to IS NULL OR asg.date_to >= lead.date_closed::date)
      JOIN crm_commission_plan plan ON plan.id = asg.plan_id
      LEFT JOIN LATERAL (
            SELECT tl.list_id FROM crm_target_list_line tl JOIN crm_target_list lst ON lst.id = tl.list_id
             WHERE tl.partner_id = lead.account_partner_id AND tl.list_active AND lst.company_id = lead.company_id
               AND tl.list_date_from <= lead.date_closed::date
               AND (tl.list_date_to IS NULL OR tl.list_date_to >= lead.date_closed::date)
               AND (tl.date_from IS NULL OR tl.date_from <= lead.date_closed::date)
               AND (tl.date_to IS NULL OR tl.date_to >= lead.date_closed::date)
             ORDER BY lst.name LIMIT 1
      ) onl ON TRUE
     WHERE lead.company_id = %(company_id)s AND lead.won_status = 'won' AND lead.type = 'opportunity'
       AND lead.date_closed::date <= %(date)s
)"""

# The statements of the floors: one per rep, company and month of ``source``'s rows, as the settlement names them.
STATEMENT_VALUES = """p.name || ' · ' || to_char(k.period_start, 'YYYY-MM'), k.user_id, k.company_id, c.currency_id,
           k.period_start, (k.period_start + interval '1 month' - interval '1 day')::date, 'draft'"""


def _statement_keys(source):
    return f"""FROM (SELECT DISTINCT user_id, company_id, period_start FROM {source}) k
      JOIN res_company c ON c.id = k.company_id
      JOIN res_users u ON u.id = k.user_id
      JOIN res_partner p ON p.id = u.partner_id"""


# Floor A: the same lines computed from the won deals, and the same statements, in one INSERT ... SELECT, into the
# scratch tables that have no key, index or constraint.
FLOOR_A_SQL = f"""
WITH {PRICED_CTE}, statement AS (
    INSERT INTO bench_floor_statement (name, user_id, company_id, currency_id, period_start, period_end, state)
    SELECT {STATEMENT_VALUES}
      {_statement_keys("priced")}
 RETURNING id, user_id, company_id, period_start
)
INSERT INTO bench_floor_line (lead_id, user_id, company_id, statement_id, date, period_start, deal_base,
                              base_amount, rate, bonus_amount, amount, withheld_amount, eligibility, target_list_id)
SELECT pr.lead_id, pr.user_id, pr.company_id, st.id, pr.date, pr.period_start, pr.deal_base, pr.base_amount,
       pr.rate, pr.bonus_amount, pr.amount, pr.withheld_amount, pr.eligibility, pr.list_id
  FROM priced pr
  JOIN statement st USING (user_id, company_id, period_start)
"""

# Floor A (keyed), the goal's reference: the same INSERT ... SELECT into tables built like the addon's own (columns,
# defaults, NOT NULL, primary and unique keys, indexes and foreign keys of crm_commission_line and
# crm_commission_statement, see _create_keyed_floor), so that the floor pays the integrity the settlement pays.
FLOOR_A_KEYED_SQL = f"""
WITH {PRICED_CTE}, statement AS (
    INSERT INTO bench_floor_key_statement (
        name, user_id, company_id, currency_id, period_start, period_end, state,
        create_uid, create_date, write_uid, write_date)
    SELECT {STATEMENT_VALUES}, %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
      {_statement_keys("priced")}
 RETURNING id, user_id, company_id, period_start
)
INSERT INTO bench_floor_key_line (
    lead_id, user_id, company_id, team_id, plan_id, kind, statement_id, date, period_start, split_percentage,
    deal_base, base_amount, rate, bonus_amount, full_rate, full_bonus, amount, withheld_amount, eligibility,
    is_on_target_list, target_list_id, create_uid, create_date, write_uid, write_date)
SELECT pr.lead_id, pr.user_id, pr.company_id, pr.team_id, pr.plan_id, 'commission', st.id, pr.date,
       pr.period_start, 100, pr.deal_base, pr.base_amount, pr.rate, pr.bonus_amount, pr.full_rate, pr.full_bonus,
       pr.amount, pr.withheld_amount, pr.eligibility, pr.list_id IS NOT NULL, pr.list_id,
       %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
  FROM priced pr
  JOIN statement st USING (user_id, company_id, period_start)
"""
KEYED_FLOOR_TABLES = (
    ("bench_floor_key_statement", "crm_commission_statement"),
    ("bench_floor_key_line", "crm_commission_line"),
)
STATEMENT_LINE_REL = "crm_commission_statement_line_rel"
KEYED_LINK = "bench_floor_key_link"


def _create_keyed_floor(cr):
    """Scratch tables built like the addon's line and statement tables: ``LIKE ... INCLUDING ALL`` copies columns,
    defaults, NOT NULL and check constraints, primary and unique keys and indexes; the foreign keys are copied from
    the catalog; a floor line refers to its floor statement (a foreign key and an index, as a many2one has)."""
    for scratch, table in KEYED_FLOOR_TABLES:
        cr.execute(f"CREATE TABLE {scratch} (LIKE {table} INCLUDING ALL)")
        cr.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        for index, (definition,) in enumerate(cr.fetchall()):
            cr.execute(f"ALTER TABLE {scratch} ADD CONSTRAINT {scratch}_{index}_fkey {definition}")
    cr.execute(
        "ALTER TABLE bench_floor_key_line ADD COLUMN statement_id integer "
        "REFERENCES bench_floor_key_statement (id) ON DELETE RESTRICT"
    )
    cr.execute("CREATE INDEX bench_floor_key_line_statement_idx ON bench_floor_key_line (statement_id)")
    # floor B keyed: the (line, statement) relation built like the addon's (primary key on the line, the index on
    # (statement, line), both foreign keys), its statement key pointing at the floor's keyed statements
    cr.execute(f"CREATE TABLE {KEYED_LINK} (LIKE {STATEMENT_LINE_REL} INCLUDING ALL)")
    cr.execute(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
        [STATEMENT_LINE_REL],
    )
    for index, (definition,) in enumerate(cr.fetchall()):
        definition = definition.replace(
            "REFERENCES crm_commission_statement(", "REFERENCES bench_floor_key_statement("
        )
        cr.execute(f"ALTER TABLE {KEYED_LINK} ADD CONSTRAINT {KEYED_LINK}_{index}_fkey {definition}")


def _keys(cr, table):
    """The keys of ``table`` as the catalog gives them (constraint definitions and index definitions), named
    without the table's name, to show that a scratch table has the keys of the table it copies."""
    cr.execute(
        "SELECT contype, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass ORDER BY 1, 2",
        [table],
    )
    constraints = [
        (kind, definition.replace("bench_floor_key_statement(", "crm_commission_statement("))
        for kind, definition in cr.fetchall()
    ]
    cr.execute(
        "SELECT regexp_replace(indexdef, '^.* USING ', '') FROM pg_indexes WHERE tablename = %s ORDER BY 1",
        [table],
    )
    return constraints, [row[0] for row in cr.fetchall()]


# The unsettled lines up to the date, with their statement's key: what floors B and B-keyed start from.
UNSETTLED_LINES_CTE = """WITH todo AS (
    SELECT l.id, l.user_id, l.company_id, date_trunc('month', l.date)::date AS period_start
      FROM crm_commission_line l
     WHERE l.date <= %(date)s AND l.company_id = %(company_id)s
       AND NOT EXISTS (SELECT 1 FROM crm_commission_statement_line_rel r WHERE r.line_id = l.id)
)"""

# Floor B: what the settlement must write at the least, from the existing unsettled lines.
FLOOR_B_SQL = f"""
{UNSETTLED_LINES_CTE}, statement AS (
    INSERT INTO bench_floor_statement (name, user_id, company_id, currency_id, period_start, period_end, state)
    SELECT {STATEMENT_VALUES}
      {_statement_keys("todo")}
 RETURNING id, user_id, company_id, period_start
)
INSERT INTO bench_floor_link (line_id, statement_id)
SELECT t.id, st.id FROM todo t JOIN statement st USING (user_id, company_id, period_start)
"""

# Floor B keyed, the goal's reference: the same minimum into tables built like the addon's statement table and
# (line, statement) relation: primary keys, the unique (rep, company, period) key, indexes and foreign keys (the
# link's line key checks each line against crm_commission_line, as the settlement's relation does).
FLOOR_B_KEYED_SQL = f"""
{UNSETTLED_LINES_CTE}, statement AS (
    INSERT INTO bench_floor_key_statement (
        name, user_id, company_id, currency_id, period_start, period_end, state,
        create_uid, create_date, write_uid, write_date)
    SELECT {STATEMENT_VALUES}, %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
      {_statement_keys("todo")}
 RETURNING id, user_id, company_id, period_start
)
INSERT INTO {KEYED_LINK} (line_id, statement_id)
SELECT t.id, st.id FROM todo t JOIN statement st USING (user_id, company_id, period_start)
"""

# ------------------------------------------------------------
# Measuring
# ------------------------------------------------------------


def _vacuum(env, tables):
    """VACUUM (outside the transaction): every round starts without the dead rows of the previous one."""
    from odoo.sql_db import connection_info_for  # noqa: PLC0415 (Odoo is configured when scenarios run)

    _dbname, info = connection_info_for(env.cr.dbname)
    connection = psycopg2.connect(**info)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {', '.join(tables)}")
    finally:
        connection.close()


def _settled_totals(cr, sql, params):
    cr.execute(sql, params)
    return sorted(
        (str(row[0]), str(row[1]), row[2], round(float(row[3]), 2), round(float(row[4]), 2))
        for row in cr.fetchall()
    )


SETTLED_TOTALS = """
SELECT s.user_id, s.period_start, count(l.id), sum(l.amount), sum(l.withheld_amount)
  FROM crm_commission_statement s
  JOIN crm_commission_statement_line_rel r ON r.statement_id = s.id
  JOIN crm_commission_line l ON l.id = r.line_id
 WHERE s.company_id = %(company_id)s GROUP BY s.user_id, s.period_start
"""
FLOOR_A_TOTALS = """
SELECT s.user_id, s.period_start, count(*), sum(l.amount), sum(l.withheld_amount)
  FROM bench_floor_statement s JOIN bench_floor_line l ON l.statement_id = s.id
 GROUP BY s.user_id, s.period_start
"""
FLOOR_B_KEYED_TOTALS = f"""
SELECT s.user_id, s.period_start, count(l.id), sum(l.amount), sum(l.withheld_amount)
  FROM bench_floor_key_statement s
  JOIN {KEYED_LINK} r ON r.statement_id = s.id
  JOIN crm_commission_line l ON l.id = r.line_id
 GROUP BY s.user_id, s.period_start
"""
FLOOR_A_KEYED_TOTALS = FLOOR_A_TOTALS.replace("bench_floor_statement", "bench_floor_key_statement").replace(
    "bench_floor_line", "bench_floor_key_line"
)


def _merge(measure, label):
    """Collapse the per-round records of ``label`` into one record (times of every round, median and min)."""
    rounds = [r for r in measure.records if r["label"] == label]
    if len(rounds) < 2:
        return rounds[0] if rounds else None
    measure.records[:] = [r for r in measure.records if r["label"] != label]
    times = [t for r in rounds for t in r["times"]]
    counts = [q for r in rounds for q in r["query_counts"]]
    merged = dict(rounds[0])
    merged.update(
        median=statistics.median(times),
        min=min(times),
        max=max(times),
        queries=int(statistics.median(counts)),
        times=times,
        query_counts=counts,
        repeat=len(times),
    )
    measure.records.append(merged)
    return merged


def run(env, measure, sizes):
    quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
    count = int((sizes or {}).get("won_deals") or (2000 if quick else 50000))
    rounds = int(os.environ.get("BENCH_ROUNDS") or (3 if quick else 5))
    company, orm_seconds, copy_seconds = _setup_data(env, count)
    # The deals were won before the settlement (as in real life): commit them on this throwaway bench database, so
    # that the settlement is not measured on rows inserted by its own transaction (PostgreSQL re-checks every
    # foreign key of such rows on update).
    env.cr.execute(FLOOR_TABLES)
    _create_keyed_floor(env.cr)
    env.cr.commit()
    tables = ["crm_lead", "crm_commission_line", "crm_commission_statement", "crm_target_list_line"]
    tables += ["crm_commission_statement_line_rel"]
    tables += ["bench_floor_statement", "bench_floor_line", "bench_floor_link"]
    tables += [scratch for scratch, _table in KEYED_FLOOR_TABLES] + [KEYED_LINK]
    same_keys = {
        scratch: _keys(env.cr, scratch) == _keys(env.cr, table)
        for scratch, table in ((KEYED_LINK, STATEMENT_LINE_REL), KEYED_FLOOR_TABLES[0])
    }
    _vacuum(env, tables)
    env.cr.execute(
        "SELECT count(*) FROM crm_commission_line l WHERE company_id = %s AND date <= %s "
        "AND NOT EXISTS (SELECT 1 FROM crm_commission_statement_line_rel r WHERE r.line_id = l.id)",
        [company.id, SETTLE_DATE],
    )
    to_settle = env.cr.fetchone()[0]
    Statement = env["crm.commission.statement"]
    params = {"company_id": company.id, "date": SETTLE_DATE, "uid": env.uid}
    results = {}

    def settle():
        results["settled"] = Statement._settle(SETTLE_DATE, company)[0]

    def floor_a():
        env.cr.execute(FLOOR_A_SQL, params)
        results["floor_a"] = env.cr.rowcount

    def floor_a_keyed():
        env.cr.execute(FLOOR_A_KEYED_SQL, params)
        results["floor_a_keyed"] = env.cr.rowcount

    def floor_b():
        env.cr.execute(FLOOR_B_SQL, params)
        results["floor_b"] = env.cr.rowcount

    def floor_b_keyed():
        env.cr.execute(FLOOR_B_KEYED_SQL, params)
        results["floor_b_keyed"] = env.cr.rowcount

    labels = {
        "settle": f"commission: settle {count} won deals",
        "floor_a_keyed": "commission: floor A (lines + statements from the deals, keyed tables)",
        "floor_a": "commission: floor A0 (the same into tables without keys)",
        "floor_b": "commission: floor B (statements + line links, tables without keys)",
        "floor_b_keyed": "commission: floor B-keyed (statements + line links, keyed like the addon's: goal's reference)",
    }
    same_result = same_result_keyed = same_result_b_keyed = None
    variants = (
        ("settle", settle),
        ("floor_a_keyed", floor_a_keyed),
        ("floor_a", floor_a),
        ("floor_b", floor_b),
        ("floor_b_keyed", floor_b_keyed),
    )
    for index in range(rounds):
        for key, fn in variants:
            measure(labels[key], fn, repeat=1)
            if index == 0 and key == "settle":
                settled_totals = _settled_totals(env.cr, SETTLED_TOTALS, params)
            if index == 0 and key == "floor_a":
                same_result = settled_totals == _settled_totals(env.cr, FLOOR_A_TOTALS, params)
            if index == 0 and key == "floor_a_keyed":
                same_result_keyed = settled_totals == _settled_totals(env.cr, FLOOR_A_KEYED_TOTALS, params)
            if index == 0 and key == "floor_b_keyed":
                same_result_b_keyed = settled_totals == _settled_totals(env.cr, FLOOR_B_KEYED_TOTALS, params)
            env.cr.rollback()
            env.invalidate_all()
            _vacuum(env, tables)
        if index == 0:
            first_counts = dict(results)
    first = _merge(measure, labels["settle"])
    floor_a_keyed_res = _merge(measure, labels["floor_a_keyed"])
    floor_a_res = _merge(measure, labels["floor_a"])
    floor_b_res = _merge(measure, labels["floor_b"])
    floor_b_keyed_res = _merge(measure, labels["floor_b_keyed"])

    settle()  # a first run (not measured), then the rerun
    rerun = measure("commission: rerun settlement", settle, repeat=3)
    rerun_settled = results.get("settled")
    env.cr.rollback()
    env.invalidate_all()
    env.cr.execute("DROP TABLE bench_floor_statement, bench_floor_line, bench_floor_link")
    env.cr.execute(f"DROP TABLE {KEYED_LINK}, bench_floor_key_line, bench_floor_key_statement")
    env.cr.commit()

    def ratio(a, b):
        return round(a / b, 2) if a and b else None

    facts = [
        {
            "label": "commission: deals won through the ORM (with their snapshot), seconds",
            "value": round(orm_seconds, 1),
        },
        {"label": "commission: deals and lines copied in SQL, seconds", "value": round(copy_seconds, 1)},
        {"label": "commission: lines to settle", "value": to_settle},
        {"label": "commission: lines settled by the first run", "value": first_counts.get("settled")},
        {
            "label": "commission: lines computed by floor A / floor A0 / linked by floor B / floor B-keyed",
            "value": f"{first_counts.get('floor_a_keyed')} / {first_counts.get('floor_a')} / "
            f"{first_counts.get('floor_b')} / {first_counts.get('floor_b_keyed')}",
        },
        {
            "label": "commission: floors A / A0 / B-keyed end with the settlement's statements, line counts and "
            "totals",
            "value": f"{same_result_keyed} / {same_result} / {same_result_b_keyed}",
        },
        {
            "label": "commission: floor B-keyed tables have the keys of the addon's (relation / statements: primary "
            "key, unique key, foreign keys, indexes, from the catalog)",
            "value": f"{same_keys[KEYED_LINK]} / {same_keys['bench_floor_key_statement']}",
        },
        {
            "label": "commission: rounds (settle, floor A, floor A0, floor B, floor B-keyed interleaved)",
            "value": rounds,
        },
        {
            "label": "commission: settle median/min, s",
            "value": f"{first['median']:.3f} / {first['min']:.3f} ({first['queries']} queries)",
        },
    ]
    floors = (
        ("floor_b_keyed", "floor B-keyed", floor_b_keyed_res, " (goal <= 2)"),
        ("floor_b", "floor B", floor_b_res, ""),
        ("floor_a_keyed", "floor A", floor_a_keyed_res, ""),
        ("floor_a", "floor A0", floor_a_res, ""),
    )
    for _key, name, res, goal in floors:
        facts += [
            {
                "label": f"commission: {name} median/min, s",
                "value": f"{res['median']:.3f} / {res['min']:.3f}",
            },
            {
                "label": f"commission: settle / {name} ratio, median (min/min){goal}",
                "value": f"{ratio(first['median'], res['median'])} ({ratio(first['min'], res['min'])})",
            },
        ]
    facts += [
        {"label": "commission: lines settled by the rerun (goal 0)", "value": rerun_settled},
        {
            "label": "commission: rerun / first run, medians (goal <= 0.1)",
            "value": round(rerun["median"] / first["median"], 3),
        },
    ]
    _logger.info("commission bench facts: %s", facts)
    return facts
