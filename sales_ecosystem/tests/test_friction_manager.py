# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""One manager scope everywhere (issue #15, item 4) and one settings block (item 7)."""

from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import (
    CoachingCommon,
    DealHealthCommon,
    DealReviewCommon,
    GateCommon,
    ReportingCoachingCommon,
    SalesEcosystemCommon,
    SalesEcosystemHttpCommon,
)
from .test_reporting import _eval_context

#: action xml id -> the "My Teams" filter it opens with
MY_TEAMS_ACTIONS = {
    "crm_lead_action_review_board": "filter_my_teams",
    "crm_lead_action_review_late_stage": "filter_my_teams",
    "crm_lead_action_review_top_value": "filter_my_teams",
    "crm_funnel_report_action": "filter_my_teams",
    "crm_coaching_coverage_action": "filter_my_teams",
    "crm_strategy_report_action": "filter_my_teams",
    "crm_gate_analysis_action": "filter_my_teams",
    "crm_gate_conversion_report_action": "filter_my_teams",
    "crm_win_analysis_action": "filter_my_team",
    "crm_win_analysis_action_share": "filter_my_team",
    "crm_deal_review_action": "filter_my_teams",
}


@tagged("post_install", "-at_install")
class TestManagerScope(DealReviewCommon, DealHealthCommon, GateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.deal_a = cls._flag(cls._create_lead("Scope A", cls.partner_fit), "stuck", status="troubled")
        cls.deal_b = cls._flag(
            cls._create_lead("Scope B", cls.partner_fit, user=cls.user_rep_other, team=cls.team_b),
            "stuck",
            status="troubled",
        )

    def _filter_domain(self, model, name, user):
        Model = self.env[model].with_user(user)
        search = Model.get_views([(False, "search")])["views"]["search"]["arch"]
        node = etree.fromstring(search).xpath(f"//filter[@name='{name}']")
        self.assertTrue(node, f"{model}: filter {name}")
        return safe_eval(node[0].get("domain"), _eval_context(user))

    def test_analyses_open_on_my_teams(self):
        """Every manager screen opens with a 'My Teams' filter (a default the user can remove) that exists in its
        search view and evaluates for a manager and for a rep."""
        for xmlid, name in MY_TEAMS_ACTIONS.items():
            with self.subTest(action=xmlid):
                action = self.env.ref(f"sales_ecosystem.{xmlid}")
                context = safe_eval(action.context or "{}", _eval_context(self.user_manager_a))
                self.assertEqual(context.get(f"search_default_{name}"), 1)
                for user in (self.user_manager_a, self.user_rep_a):
                    domain = self._filter_domain(action.res_model, name, user)
                    self.env[action.res_model].with_user(user).search_count(domain)

    def test_review_board_my_teams(self):
        board = [("type", "=", "opportunity"), ("won_status", "=", "pending"), ("name", "like", "Scope")]
        Lead = self.env["crm.lead"].with_user(self.user_admin_se)
        self.assertEqual(
            Lead.search(board), self.deal_a | self.deal_b, "without the filter: everything readable"
        )
        for user, deals in ((self.user_manager_a, self.deal_a), (self.user_manager_b, self.deal_b)):
            domain = self._filter_domain("crm.lead", "filter_my_teams", user)
            self.assertEqual(self.env["crm.lead"].with_user(user).search(board + domain), deals, user.login)

    def test_strategy_share_one_row_per_rep(self):
        """A rep with deals in two teams appears once; 'My Teams' keeps the reps of the user's teams."""
        self._create_lead("Scope A in team B", self.partner_fit, team=self.team_b)
        action = self.env.ref("sales_ecosystem.crm_strategy_share_action").with_user(self.user_admin_se).run()
        self.assertEqual(action["context"], {"search_default_filter_my_teams": 1})
        Share = self.env["crm.strategy.share"].with_user(self.user_admin_se)
        rows = Share.search(action["domain"])
        self.assertEqual(len(rows.filtered(lambda row: row.user_id == self.user_rep_a)), 1)
        self.assertEqual(len(rows), len(rows.user_id), "one row per rep")
        row_a = rows.filtered(lambda row: row.user_id == self.user_rep_a)
        self.assertEqual(row_a.team_id, self.team_a, "the rep's own team, not the team of one of their deals")
        # the filter as team B's manager would apply it (transient rows are their creator's: read them as the admin)
        domain = self._filter_domain("crm.strategy.share", "filter_my_teams", self.user_manager_b)
        mine = Share.search(action["domain"] + domain)
        self.assertIn(self.user_rep_other, mine.user_id)
        self.assertNotIn(self.user_rep_a, mine.user_id)

    def test_stage_conversion_counts_stages_without_won_flag(self):
        """Stages loaded without 'Is Won Stage' (NULL in the database, as CRM's own data and the demo's) count: the
        report was empty on the demo."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_stage SET is_won = NULL WHERE id IN %s",
            [tuple((self.stage_new | self.stage_qualified).ids)],
        )
        self.env.invalidate_all()
        rows = (
            self.env["crm.gate.conversion.report"]
            .with_user(self.user_manager_a)
            .search([("lead_id", "=", self.deal_a.id)])
        )
        self.assertEqual(rows.stage_id, self.deal_a.stage_id)

    def test_review_decisions_column_counts_this_review(self):
        review = (
            self.env["crm.deal.review"]
            .with_user(self.user_manager_a)
            .create({"name": "Scope review", "team_id": self.team_a.id})
        )
        review.action_load_flagged()
        self.assertIn(self.deal_a, review.lead_ids)
        self._decide(self.deal_a, "keep")  # on the board, outside the review
        self._decide(self.deal_a, "keep", review_id=review.id)
        lead = self.deal_a.with_user(self.user_manager_a)
        self.assertEqual(lead.review_decision_count, 2)
        self.assertEqual(lead.with_context(se_review_id=review.id).review_decision_here_count, 1)
        self.assertEqual(lead.review_decision_here_count, 0, "outside a review")
        arch = etree.fromstring(
            self.env["crm.deal.review"]
            .with_user(self.user_manager_a)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        lead_ids = arch.xpath("//field[@name='lead_ids']")[0]
        self.assertIn("se_review_id", lead_ids.get("context"))
        self.assertTrue(lead_ids.xpath(".//field[@name='review_decision_here_count']"))
        self.assertEqual(review.decided_share, 100.0 * review.decided_count / review.flagged_count)


@tagged("post_install", "-at_install")
class TestCoverageScope(ReportingCoachingCommon, CoachingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("sales_team.membership_multi", True)
        # rep A also belongs to team B: one row per team, counted once
        cls.env["crm.team.member"].create({"crm_team_id": cls.team_b.id, "user_id": cls.user_rep_a.id})
        cls.teams = cls.team_a | cls.team_b

    def _totals(self, user, domain):
        Coverage = self.env["crm.coaching.coverage"].with_user(user)
        [(reps, coached, sessions, coverage)] = Coverage._read_group(
            [("team_id", "in", self.teams.ids), *domain],
            [],
            ["rep_count:sum", "coached_count:sum", "session_count:sum", "coverage:avg"],
        )
        return reps, coached, sessions, coverage

    def test_rep_counted_once_across_teams(self):
        month = [("date_month", "=", self.month_0)]
        self.assertEqual(
            len(self.env["crm.coaching.coverage"].search([("rep_id", "=", self.user_rep_a.id), *month])),
            2,
            "a row per team",
        )
        # reps A, B, other; A (2 sessions) and other (1) coached this month
        self.assertEqual(self._totals(self.user_admin_se, month), (3, 2, 3, 200.0 / 3))

    def test_total_is_the_period_figure(self):
        """Over two months, team A's two reps were both coached (A this month, B last month): the period's
        coverage is 100 %, where the average of the months would say 50 %."""
        period = [("date_month", ">=", self.month_1), ("team_id", "=", self.team_a.id)]
        self.assertEqual(self._totals(self.user_manager_a, period), (2, 2, 3, 100.0))
        months = (
            self.env["crm.coaching.coverage"]
            .with_user(self.user_manager_a)
            ._read_group(period, ["date_month:month"], ["coverage:avg"])
        )
        self.assertEqual(sorted(coverage for _month, coverage in months), [50.0, 50.0])

    def test_my_teams_for_manager_and_rep(self):
        Coverage = self.env["crm.coaching.coverage"]
        action = self.env.ref("sales_ecosystem.crm_coaching_coverage_action")
        self.assertIn("search_default_filter_my_teams", action.context)
        arch = etree.fromstring(Coverage.get_views([(False, "search")])["views"]["search"]["arch"])
        raw = arch.xpath("//filter[@name='filter_my_teams']")[0].get("domain")
        for user, reps in (
            (self.user_manager_b, self.user_rep_other | self.user_rep_a),
            (self.user_rep_b, self.user_rep_b),
        ):
            with self.subTest(user=user.login):
                rows = Coverage.with_user(user).search(safe_eval(raw, _eval_context(user)))
                self.assertEqual(rows.rep_id, reps)


@tagged("post_install", "-at_install")
class TestSettingsBlock(SalesEcosystemCommon):
    SETTINGS = {
        "se_strategy_settings": ("se_strategy_rule", "se_on_strategy_target"),
        "se_gate_settings": ("se_gate_default_mode", "se_default_methodology_id"),
        "se_health_settings": ("se_health_stage_days", "se_health_troubled_count"),
        "se_coaching_settings": (
            "se_coaching_signal_days",
            "se_coaching_signal_min_deals",
            "se_coaching_stalled_days",
        ),
        "se_commission_settings": ("se_commission_rate_cap", "se_commission_period"),
        "se_forecast_settings": (
            "se_forecast_period_type",
            "se_forecast_call_day",
            "se_forecast_history_months",
        ),
    }

    def test_every_capability_in_the_sales_ecosystem_block(self):
        arch = etree.fromstring(
            self.env["res.config.settings"].get_views([(False, "form")])["views"]["form"]["arch"]
        )
        [app] = arch.xpath("//app[@name='sales_ecosystem']")
        blocks = [block.get("name") for block in app.iter("block")]
        self.assertEqual(
            blocks,
            [
                "se_capability_settings",
                "se_strategy_settings",
                "se_gate_settings",
                "se_health_settings",
                "se_coaching_settings",
                "se_commission_settings",
                "se_forecast_settings",
            ],
            "the switches first, then each capability's settings",
        )
        for block, names in self.SETTINGS.items():
            [node] = app.xpath(f".//block[@name='{block}']")
            self.assertIn("group_se_", node.get("invisible") or "", f"{block} shows with its capability")
            for name in names:
                with self.subTest(field=name):
                    self.assertTrue(node.xpath(f".//field[@name='{name}']"))
                    self.assertFalse(arch.xpath(f"//app[@name='crm']//field[@name='{name}']"), "not in CRM's")

    def test_coaching_settings_saved_and_checked(self):
        settings = self.env["res.config.settings"].create({"se_coaching_stalled_days": 20})
        settings.execute()
        self.assertEqual(self.env["crm.coaching.session"]._coaching_signal_min_deals(), 2)
        param = self.env["ir.config_parameter"].get_param("sales_ecosystem.coaching_stalled_days")
        self.assertEqual(param, "20")
        with self.assertRaisesRegex(
            ValidationError, "Coaching: 'Deals that make a pattern' must be at least 1"
        ):
            self.env["res.config.settings"].create({"se_coaching_signal_min_deals": 0}).execute()


@tagged("post_install", "-at_install")
class TestSettingsTour(SalesEcosystemHttpCommon):
    def test_admin_finds_every_setting(self):
        self.se_start_tour(
            "/odoo/action-sales_ecosystem.res_config_settings_action",
            "sales_ecosystem_settings_tour",
            "admin",
        )
        self.assertEqual(
            self.env["ir.config_parameter"].get_param("sales_ecosystem.coaching_stalled_days"), "21"
        )
