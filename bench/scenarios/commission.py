"""Commission settlement at scale: N won deals settled into statements, against a raw SQL floor.

run(env, measure, sizes): ``sizes["won_deals"]`` (default 50,000; 2,000 with BENCH_QUICK=1) won deals are created
through the ORM (their commission lines are snapshotted when won), then:

- ``commission: settle N won deals`` — the settlement run (statements + line assignment), from scratch;
- ``commission: floor INSERT ... SELECT`` — one raw SQL statement computing the same lines (deal, rep, period,
  base, rate, amount, withheld, eligibility from the target lists at the won date) into a scratch table (a regular
  table without indexes, dropped afterwards);
- ``commission: rerun settlement`` — the same run again: must settle 0 lines.

Extra facts: the ratio settle / floor (goal <= 2), rerun / first run (goal <= 0.1), lines settled by the rerun.
"""

import logging
import os
import time

_logger = logging.getLogger(__name__)

SETTLE_DATE = "2026-12-31"


def _setup_data(env, count):
    company = env.company
    tag = f"{int(time.time())}"  # unique logins and names: the scenario may run twice on one database
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
    chunk = 2000
    started = time.perf_counter()
    for start in range(0, count, chunk):
        Lead.create(
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
                for index in range(start, min(start + chunk, count))
            ]
        )
        env.flush_all()
        env.invalidate_all()
    won_seconds = time.perf_counter() - started
    return team, won_seconds


def _unsettle(env, team):
    env.flush_all()
    env.cr.execute(
        "UPDATE crm_commission_line SET statement_id = NULL WHERE team_id = %s AND statement_id IS NOT NULL",
        [team.id],
    )
    env.cr.execute(
        "DELETE FROM crm_commission_statement WHERE user_id IN "
        "(SELECT user_id FROM crm_team_member WHERE crm_team_id = %s)",
        [team.id],
    )
    env.invalidate_all()


FLOOR_SQL = """
INSERT INTO bench_commission_floor
       (lead_id, user_id, company_id, period_start, deal_base, rate, amount, withheld_amount, eligibility)
SELECT lead.id, lead.user_id, lead.company_id,
       date_trunc('month', lead.date_closed)::date,
       lead.expected_revenue,
       CASE WHEN onl.partner_id IS NULL THEN plan.off_strategy_rate ELSE plan.rate END,
       CASE WHEN onl.partner_id IS NULL THEN lead.expected_revenue * plan.off_strategy_rate / 100
            ELSE lead.expected_revenue * plan.rate / 100 + plan.bonus_amount END,
       CASE WHEN onl.partner_id IS NULL
            THEN lead.expected_revenue * (plan.rate - plan.off_strategy_rate) / 100 + plan.bonus_amount
            ELSE 0 END,
       CASE WHEN onl.partner_id IS NULL THEN 'off_list' ELSE 'on_list' END
  FROM crm_lead lead
  JOIN crm_team_member mem ON mem.user_id = lead.user_id
  JOIN crm_commission_assignment asg ON asg.team_id = mem.crm_team_id
   AND asg.date_from <= lead.date_closed::date AND (asg.date_to IS NULL OR asg.date_to >= lead.date_closed::date)
  JOIN crm_commission_plan plan ON plan.id = asg.plan_id
  LEFT JOIN LATERAL (
        SELECT tl.partner_id FROM crm_target_list_line tl
         WHERE tl.partner_id = lead.account_partner_id AND tl.list_active
           AND tl.list_date_from <= lead.date_closed::date
           AND (tl.list_date_to IS NULL OR tl.list_date_to >= lead.date_closed::date)
           AND (tl.date_from IS NULL OR tl.date_from <= lead.date_closed::date)
           AND (tl.date_to IS NULL OR tl.date_to >= lead.date_closed::date)
         LIMIT 1
  ) onl ON TRUE
 WHERE lead.team_id = %s AND lead.won_status = 'won' AND lead.date_closed::date <= %s
"""


def run(env, measure, sizes):
    quick = os.environ.get("BENCH_QUICK") == "1"
    count = int((sizes or {}).get("won_deals") or (2000 if quick else 50000))
    if quick:
        count = min(count, 2000)
    team, won_seconds = _setup_data(env, count)
    # The deals were won before the settlement (as in real life): commit them on this throwaway bench database, so
    # that the settlement is not measured on rows inserted by its own transaction (PostgreSQL re-checks every
    # foreign key of such rows on update).
    env.cr.commit()
    # ... and give the planner the statistics autovacuum keeps on a live database.
    env.cr.execute("ANALYZE crm_lead, crm_commission_line, crm_commission_statement, crm_target_list_line")
    Statement = env["crm.commission.statement"]
    company = env.company
    results = {}

    def settle():
        results["settled"] = Statement._settle(SETTLE_DATE, company)[0]

    first = measure(
        f"commission: settle {count} won deals", settle, repeat=1, setup=lambda: _unsettle(env, team)
    )
    first_settled = results.get("settled")

    env.cr.execute(
        """CREATE TABLE IF NOT EXISTS bench_commission_floor (
               lead_id int, user_id int, company_id int, period_start date, deal_base numeric, rate numeric,
               amount numeric, withheld_amount numeric, eligibility varchar)"""
    )

    def floor_setup():
        env.cr.execute("TRUNCATE bench_commission_floor")

    def floor():
        env.cr.execute(FLOOR_SQL, [team.id, SETTLE_DATE])

    floor_result = measure(
        f"commission: floor INSERT ... SELECT of {count} lines", floor, repeat=1, setup=floor_setup
    )
    env.cr.execute("SELECT count(*) FROM bench_commission_floor")
    floor_lines = env.cr.fetchone()[0]

    rerun = measure("commission: rerun settlement", settle, repeat=3)
    rerun_settled = results.get("settled")
    env.cr.execute("DROP TABLE bench_commission_floor")
    # Leave the database as found (the deals stay, without commission lines): a second run measures the same work.
    env.cr.execute("DELETE FROM crm_commission_line WHERE team_id = %s", [team.id])
    _unsettle(env, team)
    env.cr.commit()

    facts = [
        {
            "label": "commission: won deals created (ORM create + eligibility snapshot), seconds",
            "value": round(won_seconds, 2),
        },
        {"label": "commission: lines settled by the first run", "value": first_settled},
        {"label": "commission: lines computed by the floor", "value": floor_lines},
        {"label": "commission: lines settled by the rerun (goal 0)", "value": rerun_settled},
    ]

    def median(result):
        if isinstance(result, dict):
            return result.get("median")
        return getattr(result, "median", None)

    first_s, floor_s, rerun_s = median(first), median(floor_result), median(rerun)
    if first_s and floor_s:
        facts.append(
            {"label": "commission: settle / floor ratio (goal <= 2)", "value": round(first_s / floor_s, 2)}
        )
    if first_s and rerun_s is not None:
        facts.append(
            {"label": "commission: rerun / first run (goal <= 0.1)", "value": round(rerun_s / first_s, 3)}
        )
    _logger.info("commission bench facts: %s", facts)
    return facts
