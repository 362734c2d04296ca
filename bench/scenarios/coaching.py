# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Coaching at scale: skill profile and manager review (read-only SQL queries), action counters, suggestions.

Builds, once, ``sizes["coaching_sessions"]`` held sessions (default ``[1000, 10000]``; ``BENCH_QUICK=1`` keeps the
smallest) over 50 reps in 5 teams, each rating 4 skills and carrying 1 action item, then measures:

- ``profile``: reading the whole skill profile (latest rating, previous, trend per rep and skill);
- ``review``: reading the coaching review of every team membership;
- ``action_counts``: the open/overdue counters of every session (two grouped queries whatever the size);
- ``suggest``: ``crm.coaching.session._suggest_sessions()`` over the open opportunities of the database.

Goal: query counts flat across sizes, time per 1,000 sessions flat.
"""

import os
import random
from datetime import datetime, timedelta


def _fixtures(env):
    Users = env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True, mail_notrack=True)
    manager_group = env.ref("sales_ecosystem.group_sales_ecosystem_manager")
    user_group = env.ref("sales_ecosystem.group_sales_ecosystem_user")
    coaches, reps = Users.browse(), Users.browse()
    for t in range(5):
        coach = Users.create(
            {
                "name": f"Bench Coach {t}",
                "login": f"bench_coaching_coach_{t}",
                "group_ids": [(4, manager_group.id)],
            }
        )
        team = env["crm.team"].create({"name": f"Bench coaching team {t}", "user_id": coach.id})
        for r in range(10):
            rep = Users.create(
                {
                    "name": f"Bench Rep {t}-{r}",
                    "login": f"bench_coaching_rep_{t}_{r}",
                    "group_ids": [(4, user_group.id)],
                }
            )
            env["crm.team.member"].create({"crm_team_id": team.id, "user_id": rep.id})
            reps |= rep
        coaches |= coach
    area = env.ref("sales_ecosystem.crm_coaching_skill_area_conversation")
    skills = env["crm.coaching.skill"].create(
        [{"name": f"Bench skill {i}", "area_id": area.id} for i in range(4)]
    )
    return coaches, reps, skills


def _create_sessions(env, count, reps, skills):
    rnd = random.Random(count)
    now = datetime.now()
    vals_list = []
    for i in range(count):
        rep = reps[i % len(reps)]
        date = now - timedelta(days=rnd.randint(0, 180), hours=rnd.randint(0, 23))
        vals_list.append(
            {
                "name": f"Bench session {i}",
                "rep_id": rep.id,
                "coach_id": rep.sale_team_id.user_id.id,
                "date": date,
                "state": "done",
                "rating_ids": [(0, 0, {"skill_id": s.id, "value": rnd.randint(1, 5)}) for s in skills],
                "action_ids": [
                    (0, 0, {"name": f"Bench action {i}", "date_deadline": date.date() + timedelta(days=7)})
                ],
            }
        )
    sessions = (
        env["crm.coaching.session"].with_context(mail_create_nolog=True, mail_notrack=True).create(vals_list)
    )
    env.flush_all()
    return sessions


def run(env, measure, sizes):
    session_sizes = sizes.get("coaching_sessions", [1000, 10000])
    if os.environ.get("BENCH_QUICK"):
        session_sizes = session_sizes[:1]
    _coaches, reps, skills = _fixtures(env)
    Session = env["crm.coaching.session"]
    facts = []
    done = 0
    for size in sorted(session_sizes):
        _create_sessions(env, size - done, reps, skills)
        done = size
        sessions = Session.search([("name", "like", "Bench session")])

        def profile():
            env.invalidate_all()
            env["crm.coaching.skill.profile"].search_read([], ["rep_id", "skill_id", "value_latest", "trend"])

        def review():
            env.invalidate_all()
            env["crm.coaching.review"].search_read([], ["rep_id", "session_30_count", "action_overdue_count"])

        def action_counts(sessions=sessions):
            sessions.invalidate_recordset()
            sessions.mapped("action_overdue_count")

        def suggest():
            env.cr.execute("SAVEPOINT bench_suggest")
            Session._suggest_sessions()
            env.cr.execute("ROLLBACK TO SAVEPOINT bench_suggest")

        res = measure(f"profile@{size}", profile)
        facts.append(
            {
                "label": f"profile rows at {size} sessions",
                "value": env["crm.coaching.skill.profile"].search_count([]),
            }
        )
        measure(f"review@{size}", review)
        measure(f"action_counts@{size}", action_counts)
        measure(f"suggest@{size}", suggest, repeat=1)
        facts.append(
            {
                "label": f"profile ms per 1,000 sessions at {size}",
                "value": round(res["median"] * 1e6 / size, 2),
            }
        )
    return facts
