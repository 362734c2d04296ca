# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import DealHealthCommon, GateCommon


@tagged("post_install", "-at_install")
class TestDealHealthSignals(DealHealthCommon, GateCommon):
    """Each signal, with time moved explicitly, evaluated the way the cron and the deal's saves do."""

    def test_stuck_uses_stage_limit_then_default(self):
        self._only("stuck")
        lead = self._create_lead("Stuck deal", self.partner_fit, stage=self.stage_qualified)
        self.stage_qualified.rotting_threshold_days = 10
        with self._at(9):
            lead._health_recompute()
            self.assertEqual(lead.health_status, "healthy")
        with self._at(11):
            lead._health_recompute()
            self.assertEqual(self._codes(lead), {"stuck"})
            self.assertEqual(lead.health_status, "at_risk")
            self.assertIn("11 days in", lead.health_details)
            self.assertEqual(
                lead.health_measures, {"stuck": {"days": 11, "stage": self.stage_qualified.name, "limit": 10}}
            )
        # no limit on the stage: the default from Settings (20 days)
        self.stage_qualified.rotting_threshold_days = 0
        with self._at(15):
            lead._health_recompute()
            self.assertEqual(lead.health_status, "healthy")
        with self._at(21):
            lead._health_recompute()
            self.assertEqual(self._codes(lead), {"stuck"})

    def test_stuck_counts_time_in_current_stage_only(self):
        self._only("stuck")
        self.stage_qualified.rotting_threshold_days = 10
        lead = self._create_lead("Mover", self.partner_fit, stage=self.stage_new)
        self.env.cr.precommit.run()
        with self._at(30):
            # 30 days in 'New' does not count once the deal moved on
            lead.with_user(self.user_rep_a).write({"stage_id": self.stage_qualified.id})
            self.env.cr.precommit.run()
            self.assertEqual(lead.health_status, "healthy")
        with self._at(41):
            lead._health_recompute()
            self.assertEqual(self._codes(lead), {"stuck"})

    def test_no_next_step_follows_activities(self):
        self._only("no_next_step")
        lead = self._create_lead("No next step", self.partner_fit)
        self.assertEqual(
            self._codes(lead), {"no_next_step"}, "a deal without a planned activity has no next step"
        )
        activity = lead.with_user(self.user_rep_a).activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_rep_a.id, summary="Call back"
        )
        self.assertEqual(lead.health_status, "healthy", "planning an activity re-checks the deal at once")
        activity.with_user(self.user_rep_a).action_feedback(feedback="Done")
        self.assertEqual(self._codes(lead), {"no_next_step"}, "completing it leaves no next step")

    def test_close_date_in_the_past(self):
        self._only("close_overdue")
        today = fields.Date.today()
        lead = self._create_lead("Late", self.partner_fit, date_deadline=today + timedelta(days=3))
        self.assertEqual(lead.health_status, "healthy")
        with self._at(4):
            lead._health_recompute()
            self.assertEqual(self._codes(lead), {"close_overdue"})

    def test_close_date_pushes_are_counted(self):
        self._only("close_pushed")
        today = fields.Date.today()
        lead = self._create_lead("Pushed", self.partner_fit, date_deadline=today + timedelta(days=10))
        rep_lead = lead.with_user(self.user_rep_a)
        rep_lead.write({"date_deadline": today + timedelta(days=5)})  # earlier: not a push
        self.assertEqual(lead.date_deadline_push_count, 0)
        rep_lead.write({"date_deadline": today + timedelta(days=20)})
        self.assertEqual(lead.date_deadline_push_count, 1)
        self.assertEqual(lead.health_status, "healthy")
        rep_lead.write({"date_deadline": today + timedelta(days=40)})
        self.assertEqual(lead.date_deadline_push_count, 2)
        self.assertEqual(lead.date_deadline_initial, today + timedelta(days=10))
        self.assertEqual(self._codes(lead), {"close_pushed"})
        self.assertEqual(lead.health_status, "troubled", "a pushed close date is a serious signal")
        self.assertIn("pushed 2 times", lead.health_details)
        self.assertIn("economic buyer", lead.health_details, "the suggested action is shown")

    def test_gate_gap_after_days_in_stage(self):
        self._only("gate_gap")
        lead = self._create_lead("Gate gap", self.partner_fit, stage=self.stage_qualified)
        with self._at(3):
            lead._health_recompute()
            self.assertEqual(lead.health_status, "healthy", "a fresh deal is still working on its next gate")
        with self._at(8):
            lead._health_recompute()
            self.assertEqual(self._codes(lead), {"gate_gap"})
            self.assertIn(
                "To enter SE Proposal: Pain confirmed", lead.health_details, "the next stage, what misses"
            )
            self.assertEqual(
                lead.health_measures, {"gate_gap": {"stage": "SE Proposal", "missing": ["Pain confirmed"]}}
            )
            self.assertIn(
                "Pain confirmed", lead.gate_checklist, "the Next Gate checklist says what is missing"
            )
            self._set_status(lead, self.crit_pain, "confirmed")
            lead._health_recompute()
            self.assertEqual(lead.health_status, "healthy")

    def test_off_strategy(self):
        self._only("off_strategy")
        # a strategy exists for the company (a target list), and the deal's account is not on it
        self.env["crm.target.list"].create(
            {"name": "SE Other List", "line_ids": [(0, 0, {"partner_id": self.partner_fit.id})]}
        )
        lead = self._create_lead("Off", self.partner_unfit, off_strategy_reason=False)
        self.assertEqual(lead.strategy, "off")
        self.assertEqual(self._codes(lead), {"off_strategy"}, "Off Strategy, and nobody said why")
        target = self.env["crm.target.list"].create(
            {"name": "SE Health List", "line_ids": [(0, 0, {"partner_id": self.partner_unfit.id})]}
        )
        self.assertTrue(target)
        lead._compute_strategy()
        lead._health_recompute()
        self.assertEqual(lead.strategy, "on")
        self.assertEqual(lead.health_status, "healthy")

    def test_single_threaded(self):
        self._only("single_threaded")
        lead = self._create_lead("One contact", self.contact_fit)
        self.assertEqual(self._codes(lead), {"single_threaded"})
        self.assertIn("1 contact(s)", lead.health_details)
        lead.with_user(self.user_rep_a).write({"contact_ids": [(4, self.contact_fit_2.id)]})
        self.assertEqual(lead.health_status, "healthy")

    def test_inactive_until_something_happens(self):
        self._only("inactive")
        lead = self._create_lead("Quiet", self.partner_fit)
        self.assertEqual(lead.health_status, "healthy")
        with self._at(15):
            lead._health_recompute()
            self.assertEqual(self._codes(lead), {"inactive"})
            self.assertEqual(lead.health_status, "troubled", "no activity for weeks is serious")
        message = lead.with_user(self.user_rep_a).message_post(
            body="Called the champion", message_type="comment"
        )
        with self._at(15):
            message.sudo().date = fields.Datetime.now()
            lead._health_recompute()
            self.assertEqual(lead.health_status, "healthy", "a logged call counts as activity")

    def test_amount_reduced(self):
        self._only("amount_down")
        lead = self._create_lead("Shrinking", self.partner_fit, expected_revenue=10000)
        self.assertEqual(lead.expected_revenue_high, 10000)
        lead.with_user(self.user_rep_a).write({"expected_revenue": 9500})
        self.assertEqual(lead.health_status, "healthy", "a 5% drop is under the 10% threshold")
        lead.with_user(self.user_rep_a).write({"expected_revenue": 8000})
        self.assertEqual(self._codes(lead), {"amount_down"})
        lead.with_user(self.user_rep_a).write({"expected_revenue": 12000})
        self.assertEqual(lead.expected_revenue_high, 12000)
        self.assertEqual(lead.health_status, "healthy")


@tagged("post_install", "-at_install")
class TestDealHealthStatus(DealHealthCommon, GateCommon):
    def test_status_from_signals(self):
        self._only("no_next_step", "single_threaded", "amount_down", "inactive")
        lead = self._create_lead("Mixed", self.partner_fit, expected_revenue=10000)
        self.assertEqual(self._codes(lead), {"no_next_step", "single_threaded"})
        self.assertEqual(lead.health_status, "at_risk", "two warnings: at risk")
        self.assertEqual(lead.health_signal_count, 2)
        lead.write({"expected_revenue": 5000})
        self.assertEqual(lead.health_status, "troubled", "three warnings make a deal troubled (Settings)")
        self.env["ir.config_parameter"].set_param("sales_ecosystem.health_troubled_count", 0)
        lead._health_recompute()
        self.assertEqual(lead.health_status, "at_risk", "0: only serious signals make a deal troubled")
        self.signals["amount_down"].severity = "critical"
        lead._health_recompute()
        self.assertEqual(lead.health_status, "troubled")

    def test_only_open_opportunities_have_health(self):
        self._only("no_next_step")
        lead = self._create_lead("Closing", self.partner_fit)
        self.assertEqual(lead.health_status, "at_risk")
        # winning it from New checks SE Proposal's gate too
        self._set_status(lead, self.crit_pain, "confirmed")
        lead.action_set_won()
        self.assertFalse(lead.health_status, "a won deal has no health")
        self.assertFalse(lead.health_signal_ids)
        plain_lead = self.env["crm.lead"].create({"name": "Just a lead", "type": "lead"})
        self.assertFalse(plain_lead.health_status)

    def test_cron_rechecks_in_batch_and_clears_closed(self):
        self._only("stuck")
        leads = self.env["crm.lead"]
        for index in range(5):
            leads |= self._create_lead(f"Batch {index}", self.partner_fit, stage=self.stage_qualified)
        closed = self._create_lead("Closed", self.partner_fit, stage=self.stage_qualified)
        with self._at(25):
            closed.action_set_lost()
            # a status left over on a closed deal (e.g. closed through a path without re-check) is cleared
            closed.write({"health_status": "troubled"})
            self.env["crm.lead"]._cron_recompute_health(batch_size=2)
        self.assertEqual(
            set(leads.mapped("health_status")), {"at_risk"}, "archived signals stay off in the cron"
        )
        self.assertFalse(closed.health_status)

    def test_recompute_queries_do_not_grow_with_deals(self):
        few = self.env["crm.lead"]
        many = self.env["crm.lead"]
        for index in range(2):
            few |= self._create_lead(f"Few {index}", self.contact_fit, stage=self.stage_qualified)
        for index in range(30):
            many |= self._create_lead(f"Many {index}", self.contact_fit, stage=self.stage_qualified)

        def count(leads):
            leads.write({"health_status": False, "health_signal_ids": [Command.clear()]})
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            leads._health_recompute()
            self.env.flush_all()
            return self.env.cr.sql_log_count - start

        with self._at(30):
            count(few)  # warm the registry caches (fields, parameters, signals)
            few_count, many_count = count(few), count(many)
        self.assertEqual(set((few | many).mapped("health_status")), {"troubled"})
        self.assertEqual(few_count, many_count, "re-checking 30 deals costs the same queries as 2")

    def test_settings_reject_negative_thresholds(self):
        # Settings are a system administrator's screen (base.group_system)
        settings = self.env["res.config.settings"].create({})
        settings.se_health_inactive_days = -1
        with self.assertRaisesRegex(ValidationError, "Days without activity"):
            settings.execute()


@tagged("post_install", "-at_install")
class TestDealHealthAccess(DealHealthCommon, GateCommon):
    def test_rep_sees_own_deals_health_manager_team(self):
        self._only("no_next_step")
        own = self._create_lead("Mine", self.partner_fit, user=self.user_rep_a)
        other = self._create_lead("Olga's", self.partner_fit, user=self.user_rep_other, team=self.team_b)
        domain = [("health_status", "=", "at_risk")]
        rep_found = self.env["crm.lead"].with_user(self.user_rep_a).search(domain)
        self.assertIn(own, rep_found)
        self.assertNotIn(other, rep_found)
        with self.assertRaises(AccessError):
            other.with_user(self.user_rep_a).read(["health_status"])
        manager_found = self.env["crm.lead"].with_user(self.user_manager_b).search(domain)
        self.assertIn(other, manager_found)

    def test_top_value_in_stage(self):
        leads = [
            self._create_lead(f"Value {amount}", self.partner_fit, expected_revenue=amount)
            for amount in (100, 5000, 3000, 200)
        ]
        found = self.env["crm.lead"].search(
            [("is_top_value_in_stage", "=", True), ("id", "in", [lead.id for lead in leads])]
        )
        self.assertEqual(
            sorted(found.mapped("expected_revenue")), [3000, 5000], "top 2 of the stage (Settings)"
        )
        self.env["ir.config_parameter"].set_param("sales_ecosystem.health_top_value_count", 3)
        found = (
            self.env["crm.lead"]
            .with_user(self.user_rep_a)
            .search([("is_top_value_in_stage", "=", True), ("id", "in", [lead.id for lead in leads])])
        )
        self.assertEqual(sorted(found.mapped("expected_revenue")), [200, 3000, 5000])


@tagged("post_install", "-at_install")
class TestDealHealthCoaching(DealHealthCommon, GateCommon):
    def test_troubled_deals_suggest_coaching(self):
        self._only("close_pushed", "no_next_step")
        today = fields.Date.today()
        troubled = self.env["crm.lead"]
        for index in range(2):
            lead = self._create_lead(f"Pushed {index}", self.partner_fit, date_deadline=today)
            lead.write({"date_deadline": today + timedelta(days=10)})
            lead.write({"date_deadline": today + timedelta(days=20)})
            troubled |= lead
        at_risk = self._create_lead("Only at risk", self.partner_fit, user=self.user_rep_b)
        self.assertEqual(set(troubled.mapped("health_status")), {"troubled"})
        self.assertEqual(at_risk.health_status, "at_risk")
        Session = self.env["crm.coaching.session"].with_user(self.user_manager_a)
        signals = Session._coaching_signal_unhealthy_deals(troubled | at_risk)
        self.assertEqual(list(signals), [self.user_rep_a], "only troubled deals, at least two per rep")
        [(topic, deals)] = signals[self.user_rep_a]
        self.assertEqual(deals, troubled)
        self.assertIn("Close date pushed", topic)


@tagged("post_install", "-at_install")
class TestDealHealthDistribution(DealHealthCommon, GateCommon):
    def test_distribution_per_rep(self):
        self._only("no_next_step", "close_pushed")
        today = fields.Date.today()
        self._create_lead("A at risk", self.partner_fit)
        pushed = self._create_lead("A troubled", self.partner_fit, date_deadline=today)
        pushed.write({"date_deadline": today + timedelta(days=5)})
        pushed.write({"date_deadline": today + timedelta(days=9)})
        planned = self._create_lead("A healthy", self.partner_fit)
        planned.activity_schedule("mail.mail_activity_data_todo", user_id=self.user_rep_a.id)
        self._create_lead("B at risk", self.partner_fit, user=self.user_rep_b)
        action = self.env.ref("sales_ecosystem.crm_lead_action_health_distribution")
        Lead = self.env["crm.lead"].with_user(self.user_manager_a)
        views = Lead.get_views([(view_id, mode) for view_id, mode in action.views])
        self.assertIn("health_status", views["views"]["pivot"]["arch"])
        domain = [*safe_eval(action.domain), ("team_id", "=", self.team_a.id)]
        groups = Lead._read_group(domain, ["user_id", "health_status"], ["__count"])
        found = {(user.login, status): count for user, status, count in groups}
        self.assertEqual(
            found,
            {
                ("se_rep_a", "at_risk"): 1,
                ("se_rep_a", "troubled"): 1,
                ("se_rep_a", "healthy"): 1,
                ("se_rep_b", "at_risk"): 1,
            },
        )


@tagged("post_install", "-at_install")
class TestDealHealthDefaults(GateCommon):
    """The shipped defaults (calibrated on the demo and bench data, see README): 'Watch' signals (one contact, no
    activity planned) show on a deal without making it need attention; a close date is overdue after a week; an
    Off-Strategy deal with a reason is pursued on purpose."""

    def test_watch_signals_do_not_flag_a_deal(self):
        signals = self.env["crm.deal.health.signal"]._get_active_by_code()
        self.assertEqual(
            {code: signal.severity for code, signal in signals.items() if signal.severity == "info"},
            {"no_next_step": "info", "single_threaded": "info"},
        )
        lead = self._create_lead("Young deal", self.contact_fit)
        rep_lead = lead.with_user(self.user_rep_a)
        self.assertEqual(set(rep_lead.health_signal_ids.mapped("code")), {"no_next_step", "single_threaded"})
        self.assertEqual(rep_lead.health_status, "healthy", "Watch signals alone: no attention needed")
        self.assertEqual(rep_lead.health_risk_score, 0.0)
        self.assertIn("text-muted", rep_lead.health_details, "shown on the deal, as Watch")

    def test_close_date_overdue_after_a_week(self):
        today = fields.Date.today()
        lead = self._create_lead("Late", self.contact_fit, date_deadline=today - timedelta(days=7))
        self.assertNotIn("close_overdue", lead.health_signal_ids.mapped("code"), "a week of grace")
        lead.with_user(self.user_rep_a).write({"date_deadline": today - timedelta(days=8)})
        self.assertIn("close_overdue", lead.health_signal_ids.mapped("code"))
        self.assertEqual(lead.health_status, "at_risk")

    def test_off_strategy_for_want_of_icp_data_is_not_flagged(self):
        """Off only because the ICP fit is unknown (tier Insufficient data, a rule that reads the tier): the data is
        missing, not the fit; flagged again once the data shows a poor fit, and under a list-only rule."""
        self.env["crm.target.list"].create(
            {"name": "SE Other List", "line_ids": [(0, 0, {"partner_id": self.partner_fit.id})]}
        )
        lead = self._create_lead("Unknown fit", self.partner_unfit, off_strategy_reason=False)
        self.assertEqual(lead.strategy, "off")
        self.env.flush_all()
        self.env.cr.execute("UPDATE crm_lead SET icp_tier = 'insufficient' WHERE id = %s", [lead.id])
        lead.invalidate_recordset(["icp_tier"])
        lead._health_recompute()
        self.assertNotIn("off_strategy", lead.health_signal_ids.mapped("code"), "fit unknown: not flagged")
        self.env["ir.config_parameter"].sudo().set_param("sales_ecosystem.strategy_rule", "list")
        lead._health_recompute()
        self.assertIn(
            "off_strategy", lead.health_signal_ids.mapped("code"), "not on a list, the only rule: flagged"
        )

    def test_off_strategy_with_a_reason_is_not_flagged(self):
        self.env["crm.target.list"].create(
            {"name": "SE Defaults List", "line_ids": [(0, 0, {"partner_id": self.partner_fit.id})]}
        )
        lead = self._create_lead("Off", self.partner_unfit, off_strategy_reason=False)
        self.assertEqual(lead.strategy, "off")
        self.assertIn("off_strategy", lead.health_signal_ids.mapped("code"))
        self.assertEqual(lead.health_status, "at_risk")
        lead.with_user(self.user_rep_a).write({"off_strategy_reason": "new_segment"})
        self.assertNotIn("off_strategy", lead.health_signal_ids.mapped("code"), "someone said why")
        self.assertEqual(lead.health_status, "healthy")


@tagged("post_install", "-at_install")
class TestDealHealthRiskScore(DealHealthCommon, GateCommon):
    def test_risk_score_weighs_signals_value_and_lateness(self):
        self._only("close_overdue", "close_pushed")
        today = fields.Date.today()
        small = self._create_lead(
            "Small late", self.partner_fit, expected_revenue=10000, date_deadline=today - timedelta(days=10)
        )
        big = self._create_lead(
            "Big late", self.partner_fit, expected_revenue=100000, date_deadline=today - timedelta(days=10)
        )
        later = self._create_lead(
            "Big later", self.partner_fit, expected_revenue=100000, date_deadline=today - timedelta(days=40)
        )
        fine = self._create_lead(
            "On time", self.partner_fit, expected_revenue=500000, date_deadline=today + timedelta(days=5)
        )
        # 1 warning x (1 + log10(1 + 10)) x (1 + 10 / 30)
        self.assertEqual(small.health_risk_score, 2.7)
        self.assertEqual(big.health_risk_score, 4.0)
        self.assertEqual(later.health_risk_score, 7.0)
        self.assertEqual(fine.health_risk_score, 0.0, "healthy: no risk")
        # a serious signal weighs three
        self.signals["close_overdue"].severity = "critical"
        small._health_recompute()
        self.assertEqual(small.health_risk_score, 8.2)
        ranked = (
            self.env["crm.lead"]
            .with_user(self.user_manager_a)
            .search([("id", "in", (small | big | later | fine).ids)], order="health_risk_score desc")
        )
        self.assertEqual(ranked.ids, (small | later | big | fine).ids)


@tagged("post_install", "-at_install")
class TestDealHealthExplained(DealHealthCommon, GateCommon):
    """Each signal is defined once (crm.deal.health.signal: its measure, threshold and explanation): the deal keeps
    what was measured, and the Health tab explains it from there, without evaluating again."""

    def test_every_signal_has_its_measure_and_explanation(self):
        Signal = self.env["crm.deal.health.signal"]
        self.assertEqual(Signal._rule_check_kinds(), [], "every code has its _rule_eval_<code>")
        for code in Signal._rule_kinds():
            with self.subTest(code=code):
                self.assertTrue(hasattr(Signal, f"_health_explain_{code}"), "and its explanation")

    def test_health_tab_explains_the_stored_measures(self):
        self._only("stuck", "single_threaded")
        self.stage_qualified.rotting_threshold_days = 10
        lead = self._create_lead("Explained", self.contact_fit, stage=self.stage_qualified)
        with self._at(12):
            lead._health_recompute()
        self.assertEqual(
            lead.health_measures,
            {
                "stuck": {"days": 12, "stage": self.stage_qualified.name, "limit": 10},
                "single_threaded": {"contacts": 1, "limit": 2},
            },
        )
        with self._at(20):
            # read later without a re-check: what the last check measured, nothing evaluated at read
            self.env.invalidate_all()
            rep_lead = lead.with_user(self.user_rep_a)
            rep_lead.fetch(["health_status", "health_signal_ids", "health_measures"])
            rep_lead.health_signal_ids.fetch(["code", "name", "severity", "suggested_action"])
            with self.assertQueryCount(0):
                details = rep_lead.health_details
            self.assertIn(f"12 days in {self.stage_qualified.name} (limit 10)", details)
            self.assertIn("1 contact(s) involved", details)
            lead._health_recompute()
            self.assertIn("20 days in", lead.health_details, "re-checked: measured again")

    def test_deal_checked_before_measures_asks_to_recheck(self):
        """A database upgraded from 19.0.1.3.0 has signals without measures: the Health tab names them and asks
        to re-check; a re-check measures them."""
        self._only("no_next_step")
        lead = self._create_lead("Upgraded", self.partner_fit)
        self.assertEqual(self._codes(lead), {"no_next_step"})
        self.env.flush_all()
        self.env.cr.execute("UPDATE crm_lead SET health_measures = NULL WHERE id = %s", [lead.id])
        self.env.invalidate_all()
        self.assertIn("No next step", lead.health_details)
        self.assertIn("Re-check", lead.health_details)
        self.assertNotIn("No activity is planned", lead.health_details)
        lead.action_health_refresh()
        self.assertEqual(lead.health_measures, {"no_next_step": {}})
        self.assertIn("No activity is planned", lead.health_details)
        self.assertNotIn("Re-check", lead.health_details)

    def test_health_switched_off_keeps_the_measures(self):
        self._only("no_next_step")
        lead = self._create_lead("Kept", self.partner_fit)
        self.assertEqual(lead.health_measures, {"no_next_step": {}})
        self.env["res.config.settings"].create({"group_se_health": False}).execute()
        lead.activity_schedule("mail.mail_activity_data_todo", user_id=self.user_rep_a.id)
        lead.write({"expected_revenue": 1234})
        self.env.flush_all()
        self.assertEqual(lead.health_status, "at_risk", "switched off: kept as it is")
        self.assertEqual(lead.health_measures, {"no_next_step": {}})

    def test_health_tab_in_the_readers_language(self):
        """The measures are figures; the explanation is written when the tab is read, in the reader's language."""
        self._only("single_threaded")
        lead = self._create_lead("Read in French", self.contact_fit)
        self.assertEqual(lead.health_measures, {"single_threaded": {"contacts": 1, "limit": 2}})
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env.invalidate_all()
        rep_lead = lead.with_user(self.user_rep_a)
        self.assertIn("1 contact(s) impliqué(s)", rep_lead.with_context(lang="fr_FR").health_details)
        self.assertIn("1 contact(s) involved", rep_lead.with_context(lang="en_US").health_details)
