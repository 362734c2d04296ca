# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tests import tagged

from .common import ForecastCommon, count_queries


class ForecastDealsCommon(ForecastCommon):
    """Rep A's deals of the current period: won 10,000 (today), Commit 30,000, Best Case 20,000, Pipeline 5,000;
    and a Commit deal of next period (left out). Rep B: Commit 8,000."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        day = cls.today

        def deal(name, stage, amount, user=None, **values):
            values.setdefault("date_deadline", day)
            return cls._create_lead(name, stage=stage, user=user, expected_revenue=amount, **values)

        cls.deal_won = deal("FC won", cls.stage_won, 10000)
        cls.deal_won.date_closed = fields.Datetime.now()
        cls.deal_commit = deal("FC commit", cls.stage_proposal, 30000)
        cls.deal_best = deal("FC best", cls.stage_qualified, 20000)
        cls.deal_pipe = deal("FC pipe", cls.stage_new, 5000)
        cls.deal_later = deal(
            "FC later", cls.stage_proposal, 99000, date_deadline=cls.period.date_to + timedelta(days=40)
        )
        cls.deal_b = deal("FC commit B", cls.stage_proposal, 8000, user=cls.user_rep_b)

    def _submit(self, user, **values):
        return self.env["crm.forecast.call"].with_user(user).create({"period_id": self.period.id, **values})


@tagged("post_install", "-at_install")
class TestForecastCall(ForecastDealsCommon):
    def test_rep_call_frozen_at_submission(self):
        call = self._submit(self.user_rep_a, comment="Solid month")
        self.assertEqual((call.commit_amount, call.best_case_amount), (40000, 60000))
        self.assertEqual(call.team_id, self.team_a)
        self.assertEqual(
            {(line.lead_id, line.category, line.amount) for line in call.line_ids},
            {
                (self.deal_won, "closed", 10000),
                (self.deal_commit, "commit", 30000),
                (self.deal_best, "best_case", 20000),
            },
        )
        self.assertTrue(call.is_latest)
        # the deals move on; the call stays as submitted
        self.deal_commit.with_user(self.user_rep_a).write(
            {"expected_revenue": 1, "forecast_category": "pipeline"}
        )
        call.invalidate_recordset()
        line = call.line_ids.filtered(lambda item: item.lead_id == self.deal_commit)
        self.assertEqual((line.amount, line.category), (30000, "commit"))
        with self.assertRaisesRegex(UserError, "was submitted"):
            call.with_user(self.user_rep_a).write({"commit_amount": 1})
        # a new submission: the history is kept, the latest counts
        second = self._submit(self.user_rep_a, commit_amount=15000, best_case_amount=35000)
        self.assertEqual((second.commit_amount, second.best_case_amount), (15000, 35000))
        self.assertFalse(call.is_latest)
        self.assertTrue(second.is_latest)
        calls = (
            self.env["crm.forecast.call"]
            .with_user(self.user_rep_a)
            .search([("period_id", "=", self.period.id)])
        )
        self.assertEqual(calls, call | second)

    def test_bad_calls_refused(self):
        Call = self.env["crm.forecast.call"].with_user(self.user_rep_a)
        with self.assertRaisesRegex(ValidationError, "Alice Rep: the Period is required"):
            Call.create({"commit_amount": 1})
        with self.assertRaisesRegex(ValidationError, "Commit cannot be negative nor above the Best Case"):
            self._submit(self.user_rep_a, commit_amount=5, best_case_amount=1)
        self.period.with_user(self.user_manager_a).action_close()
        with self.assertRaisesRegex(ValidationError, "Alice Rep: the Period .* is closed"):
            self._submit(self.user_rep_a)
        self.assertFalse(self.env["crm.forecast.call"].search([]))

    def test_team_call_sums_reps_and_adjustment(self):
        self._submit(self.user_rep_a)
        self._submit(self.user_rep_b)
        with self.assertRaisesRegex(UserError, "team SE Team A: only its manager"):
            self._submit(self.user_rep_a, call_level="team", team_id=self.team_a.id, adjustment_commit=-1000)
        with self.assertRaisesRegex(ValidationError, "adjustment needs an Adjustment Note"):
            self._submit(
                self.user_manager_a, call_level="team", team_id=self.team_a.id, adjustment_commit=-1000
            )
        with self.assertRaisesRegex(UserError, "team SE Team B: only its manager"):
            self._submit(self.user_manager_a, call_level="team", team_id=self.team_b.id)
        with self.assertRaisesRegex(ValidationError, "salesperson's call has no Commit Adjustment"):
            self._submit(self.user_rep_a, adjustment_commit=5)
        team_call = self._submit(
            self.user_manager_a,
            call_level="team",
            team_id=self.team_a.id,
            adjustment_commit=-3000,
            adjustment_best_case=2000,
            adjustment_note="Bob's deal slips",
        )
        self.assertEqual((team_call.rep_commit_total, team_call.rep_best_case_total), (48000, 68000))
        self.assertEqual((team_call.commit_amount, team_call.best_case_amount), (45000, 70000))
        # the manager sees the team's calls; the director (administrator) the company roll-up
        Call = self.env["crm.forecast.call"]
        self.assertEqual(
            len(Call.with_user(self.user_manager_a).search([("period_id", "=", self.period.id)])), 3
        )
        self.assertFalse(Call.with_user(self.user_manager_b).search([]))
        self.assertEqual(len(Call.with_user(self.user_rep_b).search([])), 1)
        self._submit(self.user_rep_other)
        period = self.period.with_user(self.user_admin_se)
        self.assertEqual(
            period.call_commit_total, 45000, "team A's adjusted call; rep Olga (team B) called 0"
        )
        self.assertEqual(period.call_best_case_total, 70000)

    def test_call_access(self):
        call = self._submit(self.user_rep_a)
        self.assertFalse(self.env["crm.forecast.call"].with_user(self.user_rep_c2).search([]))
        with self.assertRaises(AccessError):
            call.with_user(self.user_rep_b).read(["commit_amount"])
        with self.assertRaises(AccessError):
            call.line_ids.with_user(self.user_rep_b).read(["amount"])
        with self.assertRaisesRegex(UserError, "kept by the system"):
            call.with_user(self.user_rep_a).write({"accuracy": 100.0})
        with self.assertRaisesRegex(UserError, "kept by the system"):
            call.with_user(self.user_admin_se).write({"is_latest": False})
        with self.assertRaisesRegex(UserError, "submits only their own call"):
            self._submit(self.user_rep_b, user_id=self.user_rep_a.id)
        self.assertEqual(call.with_user(self.user_admin_se).commit_amount, 40000)

    def test_reminder_for_reps_without_a_call(self):
        self._submit(self.user_rep_a)
        self.env["ir.config_parameter"].set_param(
            "sales_ecosystem.forecast_call_day", str((self.today - self.period.date_from).days + 2)
        )
        self.period.invalidate_recordset(["date_call_deadline"])
        activities = self.period._remind_missing_calls()
        self.assertIn(self.user_rep_b, activities.user_id)
        self.assertNotIn(self.user_rep_a, activities.user_id, "rep A has called")
        self.assertFalse(self.period._remind_missing_calls(), "one reminder per rep and period")


@tagged("post_install", "-at_install")
class TestForecastBoard(ForecastDealsCommon):
    def test_board_rows(self):
        Quota = self.env["crm.forecast.quota"]
        Quota.create({"period_id": self.period.id, "user_id": self.user_rep_a.id, "amount": 100000})
        Quota.create({"period_id": self.period.id, "team_id": self.team_a.id, "amount": 150000})
        self._submit(self.user_rep_a)
        self._submit(
            self.user_manager_a,
            call_level="team",
            team_id=self.team_a.id,
            adjustment_commit=-5000,
            adjustment_note="Prudence",
        )
        self.env.flush_all()
        Board = self.env["crm.forecast.board"]
        row = Board.with_user(self.user_rep_a).search([("period_id", "=", self.period.id)])
        self.assertEqual(len(row), 1, "a rep sees their own row")
        self.assertEqual(
            (row.quota, row.won_amount, row.commit_amount, row.best_case_amount, row.pipeline_amount),
            (100000, 10000, 30000, 20000, 5000),
        )
        self.assertEqual(row.gap_amount, 60000)
        self.assertAlmostEqual(row.coverage, 55000 / 90000, places=4)
        self.assertEqual((row.call_commit, row.call_best_case), (40000, 60000))
        self.assertEqual(row.team_id, self.team_a)
        team_row = Board.with_user(self.user_manager_a).search(
            [("period_id", "=", self.period.id), ("row_type", "=", "team"), ("team_id", "=", self.team_a.id)]
        )
        self.assertEqual((team_row.quota, team_row.commit_amount), (150000, 38000))
        self.assertEqual((team_row.call_commit, team_row.adjustment_commit), (35000, -5000))
        self.assertFalse(Board.with_user(self.user_rep_c2).search([("period_id", "=", self.period.id)]))
        deals = self.env["crm.lead"].search(row.action_open_deals()["domain"])
        self.assertEqual(deals, self.deal_won | self.deal_commit | self.deal_best | self.deal_pipe)
        self.assertEqual(row.action_open_review_board()["res_model"], "crm.lead")

    def test_board_deals_are_the_period_deals(self):
        """The board's SQL puts each deal in its period by the rule of ``crm.forecast.period._deal_domain``: at the
        edges (closed on the first and the last day, overdue from a closed period or from none, no expected
        closing date, next period, archived, a lead), every row counts the deals the domain finds."""
        Period = self.env["crm.forecast.period"]
        before = Period.create(
            {
                "name": "FC previous",
                "date_from": self.period.date_from - relativedelta(months=1),
                "date_to": self.period.date_from - timedelta(days=1),
            }
        )
        after = Period.create(
            {
                "name": "FC next",
                "date_from": self.period.date_to + timedelta(days=1),
                "date_to": self.period.date_to + relativedelta(months=1),
            }
        )
        before.state = "closed"
        start = fields.Datetime.to_datetime(self.period.date_from)
        end = fields.Datetime.to_datetime(self.period.date_to)

        def deal(name, **values):
            return self._create_lead(name, stage=self.stage_proposal, user=self.user_rep_b, **values)

        for name, closed in (("first day", start), ("last day", end + timedelta(hours=23, minutes=59))):
            won = deal(f"FC won {name}")
            won.stage_id = self.stage_won
            won.date_closed = closed
        deal("FC overdue from before", date_deadline=before.date_from + timedelta(days=3))
        deal("FC overdue from no period", date_deadline=before.date_from - relativedelta(months=3))
        deal("FC no date", date_deadline=False)
        deal("FC next", date_deadline=after.date_from)
        deal("FC archived", date_deadline=self.today).action_archive()
        lead = deal("FC lead", date_deadline=self.today)
        lead.type = "lead"
        self.env.flush_all()
        Lead = self.env["crm.lead"]
        rows = self.env["crm.forecast.board"].search(
            [("period_id", "in", (before | self.period | after).ids)]
        )
        self.assertEqual(set(rows.period_id), {before, self.period, after})
        for row in rows:
            domain = row.period_id._deal_domain()
            if row.row_type == "rep":
                domain &= Domain("user_id", "=", row.user_id.id)
            elif row.row_type == "team":
                domain &= Domain("team_id", "=", row.team_id.id)
            with self.subTest(
                period=row.period_id.name, row=row.row_type, owner=(row.user_id or row.team_id).name
            ):
                self.assertEqual(row.deal_count, Lead.search_count(domain))
        company = rows.filtered(lambda r: r.row_type == "company" and r.period_id == self.period)
        # rep A's four deals, rep B's Commit, both won at the edges, both overdue
        self.assertEqual(company.deal_count, 9)
        # a search naming periods reads only their deals (_domain_periods): the same rows as a search that does not
        Board = self.env["crm.forecast.board"]
        figures = ["won_amount", "commit_amount", "pipeline_amount", "prorated_amount", "deal_count"]
        for domain in (
            [("period_id", "=", self.period.id)],
            [("period_state", "=", "open"), ("row_type", "in", ("rep", "company"))],
            [("period_id", "in", before.ids)],
        ):
            with self.subTest(domain=domain):
                self.assertIsNotNone(Board._domain_periods(domain))
                self.env.invalidate_all()
                scoped = Board.search_read(domain, figures, order="id")
                self.env.invalidate_all()
                everything = Board.search_read(
                    [("id", "in", [row["id"] for row in scoped])], figures, order="id"
                )
                self.assertEqual(scoped, everything)
                self.assertTrue(scoped)
        self.assertIsNone(
            Board._domain_periods(["|", ("period_state", "=", "open"), ("row_type", "=", "rep")])
        )

    def test_board_reads_the_periods_as_they_are_now(self):
        """The board's query takes the periods' bounds as constants (``_period_bounds_sql``): a change of a period not
        yet written to the database is what it reads."""
        later = self._create_lead(
            "FC just after",
            stage=self.stage_proposal,
            user=self.user_rep_b,
            date_deadline=self.period.date_to + timedelta(days=3),
        )
        Board = self.env["crm.forecast.board"]
        domain = [
            ("period_id", "=", self.period.id),
            ("row_type", "=", "rep"),
            ("user_id", "=", self.user_rep_b.id),
        ]
        self.assertEqual(Board.search(domain).deal_count, 1, "rep B's Commit deal only")
        self.period.date_to += timedelta(days=5)  # pending in the ORM
        Board.invalidate_model()
        self.assertEqual(Board.search(domain).deal_count, 2, f"{later.name} now in the period")


@tagged("post_install", "-at_install")
class TestForecastCompanyRollup(ForecastDealsCommon):
    """The sales director's company row: the teams summed, the period's call roll-up, its accuracy once closed."""

    def test_company_row(self):
        Quota = self.env["crm.forecast.quota"]
        Quota.create({"period_id": self.period.id, "team_id": self.team_a.id, "amount": 150000})
        Quota.create({"period_id": self.period.id, "team_id": self.team_b.id, "amount": 20000})
        Quota.create({"period_id": self.period.id, "user_id": self.user_rep_a.id, "amount": 100000})
        self._create_lead(
            "FC team B",
            stage=self.stage_qualified,
            user=self.user_rep_other,
            team=self.team_b,
            expected_revenue=7000,
            date_deadline=self.today,
        )
        self._submit(self.user_rep_a)
        self._submit(self.user_rep_b)
        self._submit(self.user_rep_other, commit_amount=1000, best_case_amount=6000)
        self._submit(
            self.user_manager_a,
            call_level="team",
            team_id=self.team_a.id,
            adjustment_commit=-5000,
            adjustment_note="Prudence",
        )
        self.env.flush_all()
        Board = self.env["crm.forecast.board"]
        domain = [("period_id", "=", self.period.id)]
        rows = Board.with_user(self.user_admin_se).search(domain)
        company = rows.filtered(lambda row: row.row_type == "company")
        teams = rows.filtered(lambda row: row.row_type == "team")
        self.assertEqual(len(company), 1, "one company row per period")
        self.assertEqual(teams.team_id, self.team_a | self.team_b)
        self.assertEqual(company.company_id, self.company_main)
        self.assertFalse(company.user_id or company.team_id)
        self.assertEqual(company.quota, 170000, "the teams' quotas, not the reps' on top")
        for field in (
            "won_amount",
            "commit_amount",
            "best_case_amount",
            "pipeline_amount",
            "prorated_amount",
            "projection_amount",
            "adjustment_commit",
        ):
            self.assertAlmostEqual(company[field], sum(teams.mapped(field)), places=2, msg=field)
        self.assertEqual((company.won_amount, company.best_case_amount), (10000, 27000))
        # team A's adjusted call (40,000 + 8,000 - 5,000) and Olga's (team B has no team call)
        self.assertEqual((company.call_commit, company.call_best_case), (44000, 74000))
        self.assertEqual(company.call_commit, self.period.with_user(self.user_admin_se).call_commit_total)
        self.assertEqual(company.adjustment_commit, -5000)
        self.assertFalse(company.accuracy, "open period: no accuracy yet")
        self.assertEqual(
            self.env["crm.lead"].search(company.action_open_deals()["domain"]),
            self.deal_won
            | self.deal_commit
            | self.deal_best
            | self.deal_pipe
            | self.deal_b
            | self.env["crm.lead"].search([("name", "=", "FC team B")]),
        )
        # the company row is the director's: neither a manager nor a rep sees it; nor another company's
        for user in (self.user_manager_a, self.user_rep_a):
            self.assertFalse(Board.with_user(user).search([*domain, ("row_type", "=", "company")]))
        self.assertFalse(Board.with_user(self.user_admin_se).search([("period_id", "=", self.period_c2.id)]))
        self.assertEqual(
            len(Board.search([("period_id", "=", self.period_c2.id), ("row_type", "=", "company")])), 1
        )
        # closed: the roll-up against what the company won
        self.period.with_user(self.user_manager_a).action_close()
        self.env.flush_all()
        self.env.invalidate_all()
        company = Board.with_user(self.user_admin_se).search([*domain, ("row_type", "=", "company")])
        self.assertEqual(company.period_state, "closed")
        self.assertAlmostEqual(company.bias, (44000 - 10000) * 100 / 10000, places=4)
        self.assertEqual(company.accuracy, 0.0, "called 4.4 times what was won")


@tagged("post_install", "-at_install", "sales_ecosystem_perf")
class TestForecastPerf(ForecastCommon):
    def _make_deals(self, count):
        self.env["crm.lead"].create(
            [
                {
                    "name": f"FC perf {count} {index}",
                    "type": "opportunity",
                    "user_id": self.user_rep_a.id,
                    "team_id": self.team_a.id,
                    "stage_id": (self.stage_proposal if index % 2 else self.stage_qualified).id,
                    "expected_revenue": 1000,
                    "date_deadline": self.today,
                }
                for index in range(count)
            ]
        )

    def _measure(self):
        def run():
            call = (
                self.env["crm.forecast.call"].with_user(self.user_rep_a).create({"period_id": self.period.id})
            )
            rows = self.env["crm.forecast.board"].with_user(self.user_manager_a).search([])
            rows.mapped("commit_amount")
            call.line_ids.mapped("amount")

        return count_queries(self.env, run)

    def test_queries_flat_in_deals(self):
        self._make_deals(5)
        small = self._measure()
        self._make_deals(50)
        large = self._measure()
        self.assertLessEqual(large, small + 2, f"{small} queries for 5 deals, {large} for 55")
