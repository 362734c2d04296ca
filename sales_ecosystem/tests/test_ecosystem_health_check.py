# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import GROUP_MANAGER, EcosystemHealthCommon, IcpCommon, SalesEcosystemHttpCommon


@tagged("post_install", "-at_install")
class TestEcosystemHealthCheck(EcosystemHealthCommon, IcpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.assessment = cls._create_assessment(user=cls.user_manager_a)

    def _rate_all(self, assessment, user, score="3"):
        assessment.line_ids.with_user(user).write({"self_score": score})

    def assertIndicator(self, indicators, code, value, target, score):
        has_data, got_value, got_target, got_score = indicators[code]
        self.assertTrue(has_data, code)
        self.assertAlmostEqual(got_value, value, delta=0.05, msg=code)
        self.assertAlmostEqual(got_target, target, delta=0.05, msg=code)
        self.assertAlmostEqual(got_score, score, delta=0.05, msg=code)

    # ------------------------------------------------------------
    # measured figures, per bucket
    # ------------------------------------------------------------

    def test_buckets_created_and_measured(self):
        self.assertEqual(
            self.assessment.line_ids.mapped("bucket"),
            ["target_market", "sales_force", "sales_operations", "talent", "marketing"],
        )
        self.assertTrue(self.assessment.date_computed)
        self.assertEqual(self.assessment.user_id, self.user_manager_a)
        self.assertEqual(self.assessment.company_id, self.company_main)

    def test_target_market(self):
        indicators = self._indicators(self.assessment, "target_market")
        # 30,000 of 40,000 won in the period On Strategy (the old 50,000 is out of the period); target 30 %
        self.assertIndicator(indicators, "on_strategy_won", 75.0, 30.0, 100.0)
        # 20,000 (Fit Corp, tier A) of 100,000 open pipeline; target 50 %
        self.assertIndicator(indicators, "icp_pipeline", 20.0, 50.0, 40.0)
        self.assertAlmostEqual(self._line(self.assessment, "target_market").measured_score, 70.0, delta=0.05)

    def test_sales_force(self):
        indicators = self._indicators(self.assessment, "sales_force")
        self.assertIndicator(indicators, "win_rate", 66.7, 25.0, 100.0)  # 2 won, 1 lost in the period
        # 4 stage moves, one of them by override, 1 blocked attempt: 3 clean of 5 attempts
        self.assertIndicator(indicators, "gate_compliance", 60.0, 90.0, 66.7)
        # open deals: 50 %, 0 %, 0 % of the methodology
        self.assertIndicator(indicators, "methodology", 16.7, 75.0, 22.3)
        self.assertAlmostEqual(self._line(self.assessment, "sales_force").measured_score, 63.0, delta=0.05)

    def test_sales_operations(self):
        indicators = self._indicators(self.assessment, "sales_operations")
        self.assertIndicator(indicators, "next_activity", 66.7, 80.0, 83.4)  # 2 of 3 open deals
        self.assertIndicator(indicators, "close_date", 33.3, 80.0, 41.6)  # 1 of 3 (passed, none)
        self.assertIndicator(indicators, "plan_health", 30.0, 70.0, 42.9)  # two plans of health 30
        self.assertIndicator(indicators, "plan_review", 50.0, 100.0, 50.0)  # one review overdue
        self.assertAlmostEqual(
            self._line(self.assessment, "sales_operations").measured_score,
            (83.4 + 41.6 + 42.9 + 50) / 4,
            delta=0.06,
        )

    def test_talent(self):
        indicators = self._indicators(self.assessment, "talent")
        self.assertIndicator(indicators, "coaching_coverage", 50.0, 100.0, 50.0)  # rep A of reps A and B
        self.assertIndicator(indicators, "coaching_actions", 66.7, 80.0, 83.4)  # 2 done of 3 (1 cancelled)
        self.assertAlmostEqual(self._line(self.assessment, "talent").measured_score, 66.7, delta=0.05)

    def test_marketing(self):
        indicators = self._indicators(self.assessment, "marketing")
        # 6 leads and deals of team A created in the period: 2 Fit Corp (tier A, on the list)
        self.assertIndicator(indicators, "new_on_strategy", 33.3, 50.0, 66.6)
        # 5 of 6 have a tier (Unknown Ltd: insufficient data)
        self.assertIndicator(indicators, "new_icp_data", 83.3, 80.0, 100.0)

    def test_figures_per_team_and_no_data(self):
        assessment_b = self._create_assessment(team=self.team_b, user=self.user_manager_b)
        indicators = self._indicators(assessment_b, "target_market")
        self.assertIndicator(indicators, "on_strategy_won", 0.0, 30.0, 0.0)  # one Off-Strategy win
        has_data, _value, _target, score = indicators["icp_pipeline"]
        self.assertFalse(has_data)  # no open pipeline: left out, not counted as 0
        self.assertEqual(score, 0.0)
        line = self._line(assessment_b, "target_market")
        self.assertEqual(line.measured_score, 0.0)
        self.assertEqual(line.status, "broken")
        self.assertIn("nothing to measure", line.indicator_ids.filtered(lambda i: not i.has_data)[0].detail)

    def test_targets_are_settings(self):
        self.env["ir.config_parameter"].set_param("sales_ecosystem.on_strategy_target", "80")
        self.env["ir.config_parameter"].set_param("sales_ecosystem.health_target_icp_pipeline", "20")
        self.assessment.with_user(self.user_manager_a).action_compute_indicators()
        indicators = self._indicators(self.assessment, "target_market")
        self.assertIndicator(indicators, "on_strategy_won", 75.0, 80.0, 93.8)
        self.assertIndicator(indicators, "icp_pipeline", 20.0, 20.0, 100.0)

    def test_compute_is_batched(self):
        """Measuring several teams of one period costs the queries of one team."""
        Assessment = self.env["crm.ecosystem.assessment"]
        team_c = self.env["crm.team"].create({"name": "SE Team C", "company_id": self.company_main.id})
        one = self.assessment
        many = one | self._create_assessment(team=self.team_b) | self._create_assessment(team=team_c)
        one._compute_indicators()  # warm caches

        def count(records):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            Assessment.browse(records.ids)._compute_indicators()
            self.env.flush_all()
            return self.cr.sql_log_count - before

        few_queries = count(one)
        many_queries = count(many)
        # the deletes/inserts of indicators are batched too; allow the per-record INSERT .. RETURNING rows
        self.assertLessEqual(many_queries, few_queries + 4, (few_queries, many_queries))

    def test_buckets_are_rules(self):
        """The buckets are the kinds of the lines (rule mechanism), each measured by its method."""
        Line = self.env["crm.ecosystem.assessment.line"]
        self.assertEqual(
            Line._rule_kinds(), ["target_market", "sales_force", "sales_operations", "talent", "marketing"]
        )
        self.assertEqual(Line._rule_check_kinds(), [])
        self.assertEqual(
            self.env["crm.ecosystem.assessment"]._fields["weakest_bucket"].get_values(self.env),
            Line._rule_kinds(),
        )

    def test_bucket_added_by_another_addon(self):
        """A bucket added with ``selection_add`` and its ``_rule_eval_<bucket>`` (simulated here: the field's
        selection and the method patched) gets its line on new health checks, is measured once per period for all
        of them, and counts in the summary (weakest bucket), the chart, the report and the done check."""
        Line = self.env["crm.ecosystem.assessment.line"]
        field = Line._fields["bucket"]
        selection = [*field.selection, ("extra", "SE Extra Bucket")]
        calls = []

        def _rule_eval_extra(lines, assessments, memo):
            calls.append((len(lines), len(assessments)))
            return {
                line.id: [
                    {
                        "code": "extra",
                        "name": "SE extra indicator",
                        "value": 10.0,
                        "target": 100.0,
                        "detail": "x",
                    }
                ]
                for line in lines
            }

        with (
            patch.object(field, "selection", selection),
            patch.object(field, "_selection", dict(selection)),
            patch.object(type(Line), "_rule_eval_extra", _rule_eval_extra, create=True),
        ):
            self.assertEqual(Line._rule_check_kinds(), [])
            team_c = self.env["crm.team"].create({"name": "SE Team C", "company_id": self.company_main.id})
            assessments = self.env["crm.ecosystem.assessment"].create(
                [
                    {"team_id": team.id, "date_from": self.date_from, "date_to": self.date_to}
                    for team in self.team_b | team_c
                ]
            )
            self.assertEqual(calls, [(2, 2)], "one call for the lines of the bucket of the period's checks")
            for assessment in assessments:
                self.assertEqual(
                    assessment.line_ids.mapped("bucket"),
                    ["target_market", "sales_force", "sales_operations", "talent", "marketing", "extra"],
                )
                extra = self._line(assessment, "extra")
                self.assertEqual(extra.sequence, 60)
                self.assertIndicator(self._indicators(assessment, "extra"), "extra", 10.0, 100.0, 10.0)
                self.assertEqual((extra.measured_score, extra.status), (10.0, "broken"))
                # the other buckets self-assessed 5 score 50 at least: the added one is the weakest
                (assessment.line_ids - extra).write({"self_score": "5"})
                self.assertEqual(assessment.weakest_bucket, "extra")
                self.assertEqual(assessment.weakest_score, 10.0)
            self.assertEqual(
                dict(assessment.fields_get(["weakest_bucket"])["weakest_bucket"]["selection"])["extra"],
                "SE Extra Bucket",
            )
            chart = assessment._ecosystem_chart_data()
            self.assertEqual(len(chart), 6)
            self.assertEqual(chart[-1][:3], ("SE Extra Bucket", 10.0, 10.0))
            html, _report_type = self.env["ir.actions.report"]._render_qweb_html(
                "sales_ecosystem.crm_ecosystem_assessment_report", assessment.ids
            )
            html = html.decode()
            self.assertEqual(html.count('<tspan class="o_ecosystem_axis">'), 6)
            self.assertIn("SE Extra Bucket", html)
            self.assertIn("SE extra indicator", html)
            with self.assertRaisesRegex(UserError, "missing: SE Extra Bucket"):
                assessment.action_done()

    # ------------------------------------------------------------
    # self-assessment, combination, weakest bucket
    # ------------------------------------------------------------

    def test_self_assessment_combination_and_weakest(self):
        lines = self.assessment.line_ids.with_user(self.user_manager_a)
        self.assertEqual(self.assessment.weakest_bucket, "sales_operations")  # measured only: 54.5
        lines.filtered(lambda line: line.bucket == "target_market").write(
            {"self_score": "1", "comment": "No target list owner"}
        )
        lines.filtered(lambda line: line.bucket == "talent").write({"self_score": "5"})
        target_market = self._line(self.assessment, "target_market")
        # (70 measured + 0 for a self-assessment of 1) / 2
        self.assertAlmostEqual(target_market.combined_score, 35.0, delta=0.05)
        self.assertEqual(target_market.status, "broken")
        talent = self._line(self.assessment, "talent")
        self.assertAlmostEqual(talent.combined_score, (66.7 + 100) / 2, delta=0.06)
        self.assertEqual(talent.status, "healthy")
        self.assertEqual(self.assessment.weakest_bucket, "target_market")
        self.assertAlmostEqual(self.assessment.weakest_score, 35.0, delta=0.05)
        self.assertEqual(self.assessment.broken_count, 1)
        expected = sum(self.assessment.line_ids.mapped("combined_score")) / 5
        self.assertAlmostEqual(self.assessment.overall_score, expected, delta=0.06)
        self.assertEqual(self.assessment.overall_status, "watch")

    def test_self_assessment_alone(self):
        """A bucket without measured data is scored by the self-assessment alone."""
        assessment_b = self._create_assessment(team=self.team_b, user=self.user_manager_b)
        # team B has no open deal and no account plan
        operations = self._line(assessment_b, "sales_operations").with_user(self.user_manager_b)
        self.assertFalse(operations.has_measure)
        self.assertEqual(operations.status, "not_assessed")
        self.assertNotEqual(assessment_b.weakest_bucket, "sales_operations")
        operations.self_score = "4"
        self.assertEqual(operations.combined_score, 75.0)
        self.assertEqual(operations.status, "healthy")

    # ------------------------------------------------------------
    # lifecycle and constraints
    # ------------------------------------------------------------

    def test_done_locks(self):
        assessment = self.assessment.with_user(self.user_manager_a)
        line = self._line(assessment, "marketing")
        with self.assertRaisesRegex(
            UserError, r"Self-Assessment of every bucket .*missing: Target Market Strategy"
        ):
            assessment.action_done()
        self._rate_all(assessment, self.user_manager_a)
        assessment.action_done()
        self.assertEqual(assessment.state, "done")
        self.assertTrue(assessment.date_done)
        frozen = assessment.indicator_ids.mapped("value")
        with self.assertRaisesRegex(UserError, "is done: Self-Assessment can no longer change"):
            line.self_score = "5"
        with self.assertRaisesRegex(UserError, "is done: the measured indicators"):
            assessment.action_compute_indicators()
        with self.assertRaisesRegex(UserError, "is done: From"):
            assessment.date_from = self.date_from - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "reset them to draft before deleting"):
            assessment.unlink()
        # new data after the check is done does not change its figures
        self._create_lead(
            "HC late win",
            partner=self.partner_unfit,
            stage=self.stage_won,
            off_strategy_reason="other",
            off_strategy_note="late",
        )
        self.assertEqual(assessment.indicator_ids.mapped("value"), frozen)
        self.assertEqual(line.self_score, "3")
        assessment.action_reset_draft()
        line.self_score = "5"
        assessment.action_compute_indicators()
        self.assertNotEqual(assessment.indicator_ids.mapped("value"), frozen)

    def test_period_constraint(self):
        with self.assertRaisesRegex(ValidationError, r"the field From \(.*\) cannot be after the field To"):
            self._create_assessment(
                team=self.team_b, user=self.user_manager_b, date_from=self.date_to, date_to=self.date_from
            )

    @mute_logger("odoo.sql_db")
    def test_one_per_team_and_period(self):
        with self.assertRaises(IntegrityError):
            self._create_assessment(user=self.user_manager_a)

    def test_create_current_quarter(self):
        action = (
            self.env["crm.ecosystem.assessment"]
            .with_user(self.user_manager_a)
            .action_create_current_quarter()
        )
        created = self.env["crm.ecosystem.assessment"].browse(action["context"]["created_ids"])
        self.assertEqual(created.team_id, self.team_a)  # the team she leads only
        self.assertEqual(len(created.line_ids), 5)
        again = (
            self.env["crm.ecosystem.assessment"]
            .with_user(self.user_manager_a)
            .action_create_current_quarter()
        )
        self.assertFalse(again["context"]["created_ids"])  # once per team and quarter

    def test_cron_previous_quarter_with_todo(self):
        created = self.env["crm.ecosystem.assessment"]._cron_create_assessments()
        self.assertIn(self.team_a, created.team_id)
        mine = created.filtered(lambda a: a.team_id == self.team_a)
        self.assertLess(mine.date_to, self.today)
        self.assertEqual(mine.activity_ids.user_id, self.user_manager_a)
        self.assertFalse(self.env["crm.ecosystem.assessment"]._cron_create_assessments() & created)

    # ------------------------------------------------------------
    # access
    # ------------------------------------------------------------

    def test_record_rules(self):
        Assessment = self.env["crm.ecosystem.assessment"]
        assessment_b = self._create_assessment(team=self.team_b, user=self.user_manager_b)
        assessment_c2 = (
            Assessment.with_user(self.user_manager_c2)
            .with_company(self.company_2)
            .create({"team_id": self.team_c2.id, "date_from": self.date_from, "date_to": self.date_to})
        )
        both = self.assessment | assessment_b
        self.assertEqual(
            Assessment.with_user(self.user_manager_a).search([("id", "in", both.ids)]), self.assessment
        )
        self.assertEqual(
            Assessment.with_user(self.user_manager_b).search([("id", "in", both.ids)]), assessment_b
        )
        self.assertFalse(Assessment.with_user(self.user_manager_a).search([("id", "=", assessment_c2.id)]))
        self.assertEqual(
            Assessment.with_user(self.user_admin_se).search([("id", "in", (both | assessment_c2).ids)]), both
        )  # multi-company: company 2 is not allowed to the admin user
        with self.assertRaises(AccessError):
            assessment_b.with_user(self.user_manager_a).line_ids.read(["self_score"])
        with self.assertRaises(AccessError):
            self._create_assessment(team=self.team_b, user=self.user_manager_a, date_from=self.today)
        # reps: their team's health checks once done, read-only
        Rep = Assessment.with_user(self.user_rep_a)
        self.assertFalse(Rep.search([("id", "=", self.assessment.id)]))
        self._rate_all(self.assessment, self.user_manager_a)
        self.assessment.with_user(self.user_manager_a).action_done()
        self.assertEqual(Rep.search([("id", "in", both.ids)]), self.assessment)
        self.assertTrue(self.assessment.with_user(self.user_rep_a).indicator_ids.read(["value"]))
        self.assertFalse(Assessment.with_user(self.user_rep_other).search([("id", "=", self.assessment.id)]))
        with self.assertRaises(AccessError):
            self.assessment.with_user(self.user_rep_a).notes = "<p>mine</p>"

    def test_indicators_are_read_only(self):
        indicator = self.assessment.indicator_ids[:1].with_user(self.user_manager_a)
        with self.assertRaises(AccessError):
            indicator.value = 100

    # ------------------------------------------------------------
    # chart and report
    # ------------------------------------------------------------

    def test_report_html_with_radar(self):
        self._line(self.assessment, "talent").with_user(self.user_manager_a).write(
            {"self_score": "2", "comment": "Nobody owns onboarding"}
        )
        html, report_type = (
            self.env["ir.actions.report"]
            .with_user(self.user_manager_a)
            ._render_qweb_html("sales_ecosystem.crm_ecosystem_assessment_report", self.assessment.ids)
        )
        self.assertEqual(report_type, "html")
        html = html.decode()
        self.assertIn('<svg xmlns="http://www.w3.org/2000/svg" class="o_ecosystem_radar"', html)
        self.assertEqual(html.count('<tspan class="o_ecosystem_axis">'), 5)
        self.assertEqual(html.count("<polygon"), 5 + 3)  # grid, measured, self-assessment, score
        for text in (
            "SE Team A",
            "Target Market Strategy",
            "Sales Force Effectiveness",
            "Sales Operations",
            "Talent Management",
            "Marketing",
            "Nobody owns onboarding",
            "On-Strategy share of won value",
            "Stage moves through their gate",
            "Weakest bucket",
        ):
            self.assertIn(text, html)

    def test_radar_geometry(self):
        """The score polygon's first point (target market, top axis) sits at its score on the radius."""
        svg = str(self.assessment._ecosystem_radar_svg(width=400, height=300))
        score = self._line(self.assessment, "target_market").combined_score
        radius = 300 / 2 - 50
        top_y = 150 - radius * score / 100
        self.assertIn('fill="#2ca02c"', svg)
        last_polygon = svg.rsplit('<polygon points="', 1)[1]
        first_point = last_polygon.split(" ", 1)[0]
        self.assertEqual(first_point, f"200.0,{top_y:.1f}")


@tagged("post_install", "-at_install")
class TestEcosystemHealthCheckTour(SalesEcosystemHttpCommon):
    def test_manager_self_assesses_and_freezes(self):
        manager = mail_new_test_user(
            self.env, login="tour_health", name="Hana Health", groups=f"base.group_user,{GROUP_MANAGER}"
        )
        team = self.env["crm.team"].create({"name": "Tour Health Team", "user_id": manager.id})
        self.se_start_tour(
            "/odoo/action-sales_ecosystem.crm_ecosystem_assessment_action",
            "sales_ecosystem_health_check",
            login="tour_health",
        )
        assessment = self.env["crm.ecosystem.assessment"].search([("team_id", "=", team.id)])
        self.assertEqual(len(assessment), 1)
        self.assertEqual((assessment.state, assessment.user_id), ("done", manager))
        talent = assessment.line_ids.filtered(lambda line: line.bucket == "talent")
        # a team without members nor deals: the self-assessment alone scores the bucket
        self.assertEqual((talent.self_score, talent.combined_score, talent.status), ("5", 100.0, "healthy"))
        self.assertEqual(assessment.line_ids.mapped("self_score"), ["2", "4", "3", "5", "1"])
        self.assertEqual(assessment.weakest_bucket, "marketing")
