# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The addon's scheduled jobs over the bench database (issue 16 item 5): every ``ir.cron`` the addon defines
(``data/*cron*.xml`` and the crons of ``data/*_data.xml``), each run once as its scheduler runs it — the cron's
server action as the cron's user (``ir.cron._callback`` minus its commit), then the flush and the pre-commit hooks
— from the same data: a savepoint before each job, rolled back after it (``BENCH_ROUNDS`` rounds, 1 by default).

Over 100,000 open deals in a full run (the data the generator makes: ICP profiles, a target list, deals with
health; a commission plan assigned to the bench teams is added, as in ``e2e``, so that the settlement has a plan to
settle with). Facts: each job's time and queries, the sum of the daily jobs (the nightly run) and of all jobs,
against the goal: the nightly run <= 3 minutes.
"""

import os
from datetime import date, timedelta

MODULE = "sales_ecosystem"
GOAL_SECONDS = 180


def _crons(env):
    data = env["ir.model.data"].search([("module", "=", MODULE), ("model", "=", "ir.cron")], order="name")
    return [(row.name, env["ir.cron"].browse(row.res_id)) for row in data]


def run(env, measure, sizes):
    repeat = int(os.environ.get("BENCH_ROUNDS") or 1)
    teams = env["crm.team"].search([("name", "=like", "Bench %"), ("member_ids", "!=", False)])
    env["crm.commission.plan"].create(
        {
            "name": "Bench Cron Plan 5%",
            "company_id": env.company.id,
            "rate": 5,
            "assignment_ids": [
                (0, 0, {"team_id": team.id, "date_from": date.today() - timedelta(days=365)})
                for team in teams
            ],
        }
    )
    env.flush_all()
    env.cr.execute(
        "SELECT count(*) FROM crm_lead WHERE type = 'opportunity' AND won_status = 'pending' AND active"
    )
    open_deals = env.cr.fetchone()[0]
    facts = []
    daily, total = 0.0, 0.0
    lines = []
    for xmlid, cron in _crons(env):
        action = env["ir.actions.server"].with_user(cron.user_id).browse(cron.ir_actions_server_id.id)

        def setup():
            env.flush_all()
            env.cr.execute("SAVEPOINT se_bench_cron")

        def job(action=action):
            action.run()
            env.flush_all()
            env.cr.precommit.run()

        def teardown():
            env.flush_all()
            env.cr.precommit.clear()
            env.cr.postcommit.clear()
            env.cr.execute("ROLLBACK TO SAVEPOINT se_bench_cron")
            env.invalidate_all()
            env.registry.clear_cache()

        schedule = f"every {cron.interval_number} {cron.interval_type}"
        res = measure(
            f"{xmlid} ({schedule})@{open_deals}", job, repeat=repeat, setup=setup, teardown=teardown
        )
        total += res["median"]
        if cron.interval_type == "days" and cron.interval_number == 1:
            daily += res["median"]
        lines.append(f"{xmlid} {res['median']:.1f} s / {res['queries']} q")
    facts.append({"label": "jobs (median time / queries)", "value": "; ".join(lines)})
    facts.append(
        {
            "label": f"nightly run: sum of the daily jobs over {open_deals} open deals (goal <= {GOAL_SECONDS} s)",
            "value": f"{daily:.1f} s -> {'met' if daily <= GOAL_SECONDS else 'NOT MET'}",
        }
    )
    facts.append(
        {
            "label": f"all jobs (daily, weekly, monthly) back to back (goal <= {GOAL_SECONDS} s)",
            "value": f"{total:.1f} s -> {'met' if total <= GOAL_SECONDS else 'NOT MET'}",
        }
    )
    facts.append(
        {"label": "load average after the jobs", "value": ", ".join(f"{v:.1f}" for v in os.getloadavg())}
    )
    return facts
