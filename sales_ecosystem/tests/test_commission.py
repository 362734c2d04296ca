# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged, users
from odoo.tools import format_amount, mute_logger

from ..models.crm_commission_line import _money_path
from .common import CommissionCommon, count_queries


@tagged("post_install", "-at_install")
class TestCommissionEligibility(CommissionCommon):
    def test_on_list_deal_pays_plan_rate(self):
        lead = self._create_lead("Fit deal", partner=self.contact_fit, stage=self.stage_proposal)
        lead.with_user(self.user_rep_a).action_set_won()
        line = lead.commission_line_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(line.user_id, self.user_rep_a)
        self.assertEqual(line.plan_id, self.plan)
        self.assertEqual(line.eligibility, "on_list")
        self.assertEqual(line.target_list_id, self.target_list)
        self.assertEqual(line.eligibility_reason, "On list 'FY26 Enterprise'")
        self.assertEqual(line.base_amount, 10000)
        self.assertEqual(line.rate, 10)
        self.assertEqual(line.amount, 1000)
        self.assertEqual(line.withheld_amount, 0)
        self.assertEqual(line.date, self.today)

    def test_off_list_deal_pays_nothing_and_records_withheld(self):
        lead = self._create_won_lead("Unfit deal", partner=self.partner_unfit)
        line = lead.commission_line_ids
        self.assertEqual(line.eligibility, "off_list")
        self.assertFalse(line.target_list_id)
        self.assertEqual(line.amount, 0)
        self.assertEqual(line.withheld_amount, 1000, "the would-have-been amount is kept for analysis")
        self.assertEqual(line.eligibility_reason, f"Not on a target list on {self.today}")

    def test_off_list_rate_pays_reduced_commission(self):
        self.plan.off_strategy_rate = 2.0
        line = self._create_won_lead("Unfit deal", partner=self.partner_unfit).commission_line_ids
        self.assertEqual(line.amount, 200)
        self.assertEqual(line.withheld_amount, 800)

    def test_list_validity_window_at_won_date(self):
        window = self.env["crm.target.list"].create(
            {
                "name": "Q1 Push",
                "date_from": "2026-01-01",
                "date_to": "2026-03-31",
                "line_ids": [(0, 0, {"partner_id": self.partner_unfit.id, "date_to": "2026-03-01"})],
            }
        )
        inside = self._create_won_lead(
            "Inside", partner=self.partner_unfit, date_closed="2026-02-15 10:00:00"
        )
        after_line = self._create_won_lead(
            "After", partner=self.partner_unfit, date_closed="2026-03-02 10:00:00"
        )
        before = self._create_won_lead(
            "Before", partner=self.partner_unfit, date_closed="2025-12-31 10:00:00"
        )
        self.assertEqual(inside.commission_line_ids.target_list_id, window)
        self.assertEqual(inside.commission_line_ids.amount, 1000)
        self.assertEqual(
            after_line.commission_line_ids.eligibility_reason, "Not on a target list on 2026-03-02"
        )
        self.assertEqual(after_line.commission_line_ids.amount, 0)
        self.assertEqual(before.commission_line_ids.eligibility, "off_list")

    def test_list_of_another_team_does_not_count(self):
        self.target_list.team_id = self.team_b
        line = self._create_won_lead("Fit deal").commission_line_ids
        self.assertEqual(line.eligibility, "off_list", "the list belongs to team B, the rep is in team A")

    def test_list_changed_after_win_keeps_snapshot_until_reevaluated(self):
        lead = self._create_won_lead("Fit deal")
        line = lead.commission_line_ids
        self.target_list.line_ids.unlink()
        self.target_list.action_archive()
        line.invalidate_recordset()
        self.assertEqual(line.amount, 1000, "later list changes never re-price a commission")
        self.assertEqual(line.eligibility_reason, "On list 'FY26 Enterprise'")
        with self.assertRaises(UserError):
            line.with_user(self.user_rep_a).action_reevaluate()
        line.with_user(self.user_manager_a).action_reevaluate()
        self.assertEqual(line.amount, 0)
        self.assertEqual(line.withheld_amount, 1000)
        self.assertIn("re-evaluated by Mona Manager", lead.message_ids[0].body)

    def test_no_plan_line_says_why(self):
        self.plan.assignment_ids.date_to = self.today - timedelta(days=1)
        line = self._create_won_lead("Fit deal").commission_line_ids
        self.assertEqual(line.eligibility, "no_plan")
        self.assertEqual(line.amount, 0)
        self.assertEqual(line.eligibility_reason, f"No commission plan for Alice Rep on {self.today}")

    def test_every_won_path_snapshots_once(self):
        by_action = self._create_lead("By action", partner=self.partner_fit, stage=self.stage_proposal)
        by_write = self._create_lead("By write", partner=self.partner_fit, stage=self.stage_proposal)
        by_create = self._create_won_lead("By create")
        by_action.with_user(self.user_rep_a).action_set_won()
        by_write.with_user(self.user_rep_a).write({"stage_id": self.stage_won.id})
        second_won = self.env["crm.stage"].create({"name": "SE Won 2", "sequence": 80, "is_won": True})
        (by_action | by_write | by_create).write({"stage_id": second_won.id})
        for lead in by_action | by_write | by_create:
            self.assertEqual(len(lead.commission_line_ids), 1, lead.name)
            self.assertEqual(lead.commission_line_ids.amount, 1000, lead.name)

    def test_personal_plan_beats_team_plan(self):
        personal = self.env["crm.commission.plan"].create(
            {
                "name": "Alice special",
                "rate": 12,
                "assignment_ids": [(0, 0, {"user_id": self.user_rep_a.id, "date_from": "2020-01-01"})],
            }
        )
        line = self._create_won_lead("Fit deal").commission_line_ids
        self.assertEqual(line.plan_id, personal)
        self.assertEqual(line.amount, 1200)


@tagged("post_install", "-at_install")
class TestCommissionRules(CommissionCommon):
    def test_tiers_by_period_attainment(self):
        self.plan.write(
            {
                "rate": 5,
                "target_amount": 20000,
                "tier_ids": [
                    (0, 0, {"attainment_from": 100, "rate": 8}),
                    (0, 0, {"attainment_from": 150, "rate": 10}),
                ],
            }
        )
        first = self._create_won_lead("First", date_closed="2026-05-03 09:00:00")
        second = self._create_won_lead("Second", date_closed="2026-05-10 09:00:00")
        off = self._create_won_lead("Off", partner=self.partner_unfit, date_closed="2026-05-11 09:00:00")
        third = self._create_won_lead("Third", date_closed="2026-05-20 09:00:00", expected_revenue=15000)
        next_month = self._create_won_lead("June", date_closed="2026-06-01 09:00:00")
        self.assertEqual(first.commission_line_ids.rate, 5, "50 % attainment: base rate")
        self.assertEqual(second.commission_line_ids.rate, 8, "100 %: first tier")
        self.assertAlmostEqual(second.commission_line_ids.attainment, 100)
        self.assertEqual(off.commission_line_ids.amount, 0, "off-list deals do not count towards attainment")
        self.assertEqual(third.commission_line_ids.rate, 10, "175 %: second tier")
        self.assertEqual(third.commission_line_ids.amount, 1500)
        self.assertEqual(next_month.commission_line_ids.rate, 5, "attainment restarts each period")

    def _tiered_plan(self):
        self.plan.write(
            {"rate": 5, "target_amount": 20000, "tier_ids": [(0, 0, {"attainment_from": 100, "rate": 8})]}
        )

    def test_settlement_applies_tiers_in_won_date_order(self):
        """A deal won late but dated earlier took the tier at win time; the settlement ranks by won date."""
        self._tiered_plan()
        late = self._create_won_lead("Late", date_closed="2026-05-20 09:00:00")
        early = self._create_won_lead("Backdated", date_closed="2026-05-03 09:00:00")
        off = self._create_won_lead("Off", partner=self.partner_unfit, date_closed="2026-05-25 09:00:00")
        self.assertEqual(late.commission_line_ids.rate, 5, "at win: 50 %")
        self.assertEqual(early.commission_line_ids.rate, 8, "at win: counted the later-dated deal (100 %)")
        _count, statement, _skipped = self._settle(date(2026, 5, 31))
        self.assertRecordValues(
            (early | late | off).commission_line_ids.sorted("date"),
            [
                {
                    "lead_id": early.id,
                    "attainment": 50,
                    "rate": 5,
                    "full_rate": 5,
                    "amount": 500,
                    "withheld_amount": 0,
                },
                {
                    "lead_id": late.id,
                    "attainment": 100,
                    "rate": 8,
                    "full_rate": 8,
                    "amount": 800,
                    "withheld_amount": 0,
                },
                {
                    "lead_id": off.id,
                    "attainment": 100,
                    "rate": 0,
                    "full_rate": 8,
                    "amount": 0,
                    "withheld_amount": 800,
                },
            ],
        )
        self.assertEqual(statement.amount_total, 1300)
        self.assertEqual(statement.amount_withheld, 800)

    def test_settlement_tiers_after_withdrawn_deal(self):
        self._tiered_plan()
        first = self._create_won_lead("First", date_closed="2026-05-03 09:00:00")
        second = self._create_won_lead("Second", date_closed="2026-05-10 09:00:00")
        self.assertEqual(second.commission_line_ids.rate, 8)
        first.write({"stage_id": self.stage_proposal.id})  # reopened (then lost, say)
        self.assertFalse(first.commission_line_ids, "unsettled: simply removed")
        self._settle(date(2026, 5, 31))
        self.assertRecordValues(second.commission_line_ids, [{"attainment": 50, "rate": 5, "amount": 500}])

    def test_settlement_never_reprices_confirmed_lines(self):
        self._tiered_plan()
        first = self._create_won_lead("First", date_closed="2026-05-20 09:00:00")
        _count, may, _skipped = self._settle(date(2026, 5, 31))
        may.action_confirm()
        early = self._create_won_lead("Backdated", date_closed="2026-05-03 09:00:00")
        self.assertEqual(early.commission_line_ids.rate, 8, "at win: counted the confirmed deal")
        _count, june, _skipped = self._settle(date(2026, 6, 30))
        self.assertEqual(early.commission_line_ids.statement_id, june, "May is confirmed: next open period")
        self.assertRecordValues(early.commission_line_ids, [{"attainment": 50, "rate": 5, "amount": 500}])
        self.assertRecordValues(
            first.commission_line_ids, [{"attainment": 50, "rate": 5, "amount": 500, "statement_id": may.id}]
        )
        self.assertEqual(may.amount_total, 500, "a confirmed statement keeps its amounts")

    def test_recurring_base(self):
        yearly = self.env["crm.recurring.plan"].create({"name": "SE Yearly", "number_of_months": 12})
        self.plan.write({"base_type": "recurring", "recurring_months": 24})
        lead = self._create_won_lead("SaaS", recurring_revenue=12000, recurring_plan=yearly.id)
        line = lead.commission_line_ids
        self.assertEqual(line.deal_base, 24000, "1,000 MRR x 24 months")
        self.assertEqual(line.amount, 2400)

    def test_bonus_and_split_credit(self):
        self.plan.bonus_amount = 500
        lead = self._create_lead("Shared deal", partner=self.partner_fit, stage=self.stage_proposal)
        lead.write(
            {
                "commission_split_ids": [
                    (0, 0, {"user_id": self.user_rep_a.id, "percentage": 60}),
                    (0, 0, {"user_id": self.user_rep_b.id, "percentage": 40}),
                ]
            }
        )
        lead.action_set_won()
        lines = {line.user_id: line for line in lead.commission_line_ids}
        self.assertEqual(lines[self.user_rep_a].amount, 600 + 300)
        self.assertEqual(lines[self.user_rep_b].amount, 400 + 200)
        self.assertEqual(lines[self.user_rep_b].base_amount, 4000)

    def test_splits_must_total_100(self):
        lead = self._create_lead("Shared deal", partner=self.partner_fit)
        with self.assertRaisesRegex(ValidationError, "Shared deal.*must total 100 %; they total 90.0 %"):
            self._in_request(
                lead.write,
                {
                    "commission_split_ids": [
                        (0, 0, {"user_id": self.user_rep_a.id, "percentage": 60}),
                        (0, 0, {"user_id": self.user_rep_b.id, "percentage": 30}),
                    ]
                },
            )
        self.assertFalse(lead.commission_split_ids, "nothing half-saved")

    def test_rates_within_cap(self):
        Plan = self.env["crm.commission.plan"]
        with self.assertRaisesRegex(ValidationError, "'Bad': 'Rate \\(%\\)' must be between 0 and 50"):
            self._in_request(Plan.create, {"name": "Bad", "rate": -1})
        with self.assertRaisesRegex(ValidationError, "Off-Target-List Rate"):
            self._in_request(Plan.create, {"name": "Bad", "rate": 5, "off_strategy_rate": 75})
        with self.assertRaisesRegex(ValidationError, "Tier rate"):
            self.plan.write(
                {"target_amount": 1000, "tier_ids": [(0, 0, {"attainment_from": 100, "rate": 60})]}
            )
        self.env["ir.config_parameter"].set_param("sales_ecosystem.commission_rate_cap", "80")
        self.assertEqual(Plan.create({"name": "Generous", "rate": 75}).rate, 75)
        self.assertFalse(Plan.search([("name", "=", "Bad")]), "nothing half-saved")

    def test_overlapping_plans_refused(self):
        with self.assertRaisesRegex(ValidationError, "SE Team A is already under plan 'SE Standard 10%'"):
            self._in_request(
                self.env["crm.commission.plan"].create,
                {
                    "name": "Overlap",
                    "rate": 3,
                    "assignment_ids": [(0, 0, {"team_id": self.team_a.id, "date_from": "2026-01-01"})],
                },
            )
        self.assertFalse(self.env["crm.commission.plan"].search([("name", "=", "Overlap")]))
        self.plan.assignment_ids.date_to = "2025-12-31"
        later = self.env["crm.commission.plan"].create(
            {
                "name": "Next year",
                "rate": 3,
                "assignment_ids": [(0, 0, {"team_id": self.team_a.id, "date_from": "2026-01-01"})],
            }
        )
        self.assertTrue(later.assignment_ids)

    def test_estimator_explains(self):
        fit = self._create_lead("Fit open", partner=self.partner_fit)
        unfit = self._create_lead("Unfit open", partner=self.partner_unfit)
        fit_rep = fit.with_user(self.user_rep_a)
        self.assertEqual(fit_rep.commission_estimate_amount, 1000)
        self.assertIn("On list &#39;FY26 Enterprise&#39;", str(fit_rep.commission_estimate_html))
        unfit_rep = unfit.with_user(self.user_rep_a)
        self.assertEqual(unfit_rep.commission_estimate_amount, 0)
        self.assertIn(f"Not on a target list on {self.today}", str(unfit_rep.commission_estimate_html))
        # on the deal form, the estimate opens on demand in a dialog (opening a deal does not compute it)
        action = fit_rep.action_open_commission_estimate()
        self.assertEqual((action["res_id"], action["target"]), (fit.id, "new"))
        [(view_id, _mode)] = action["views"]
        arch = fit_rep.get_views([(view_id, "form")])["views"]["form"]["arch"]
        self.assertIn("commission_estimate_html", arch)
        form_arch = fit_rep.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn('name="commission_estimate_html"', form_arch)
        self.assertFalse(fit.commission_line_ids, "estimating creates nothing")

    def test_estimator_is_batched(self):
        leads = self.env["crm.lead"]
        for index in range(6):
            leads |= self._create_lead(f"Batch {index}", partner=self.partner_fit)
        # target-list membership of every deal in one query (for its company and team), no team lookup per rep;
        # the user's language once (rates and amounts formatted as people write them)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=17):
            leads[:2].mapped("commission_estimate_amount")
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=17):
            leads.mapped("commission_estimate_amount")


@tagged("post_install", "-at_install")
class TestCommissionStatement(CommissionCommon):
    def test_settlement_lifecycle_and_idempotence(self):
        a1 = self._create_won_lead("A1", date_closed="2026-03-02 10:00:00")
        a2 = self._create_won_lead("A2", partner=self.partner_unfit, date_closed="2026-03-20 10:00:00")
        b1 = self._create_won_lead("B1", user=self.user_rep_b, date_closed="2026-03-05 10:00:00")
        later = self._create_won_lead("April", date_closed="2026-04-02 10:00:00")
        count, statements, _skipped = self._settle(date(2026, 3, 31))
        self.assertEqual(count, 3)
        self.assertEqual(len(statements), 2)
        stmt_a = statements.filtered(lambda s: s.user_id == self.user_rep_a)
        self.assertEqual(stmt_a.period_start, date(2026, 3, 1))
        self.assertEqual(stmt_a.period_end, date(2026, 3, 31))
        self.assertEqual(stmt_a.line_ids.lead_id, a1 | a2)
        self.assertEqual(stmt_a.amount_total, 1000)
        self.assertEqual(stmt_a.amount_withheld, 1000)
        self.assertEqual(b1.commission_line_ids.statement_id.user_id, self.user_rep_b)
        self.assertFalse(later.commission_line_ids.statement_id, "won after the settlement date")
        # Idempotent: a second run adds nothing
        count, statements2, _skipped = self._settle(date(2026, 3, 31))
        self.assertEqual(count, 0)
        self.assertFalse(statements2)
        self.assertEqual(self.env["crm.commission.statement"].search_count([]), 2)
        # Confirm (manager), locked lines, double confirmation refused
        stmt_a.with_user(self.user_manager_a).action_confirm()
        self.assertEqual(stmt_a.state, "confirmed")
        with self.assertRaisesRegex(UserError, "already Confirmed"):
            stmt_a.with_user(self.user_manager_a).action_confirm()
        with self.assertRaisesRegex(UserError, "cannot modify the commission line"):
            a1.commission_line_ids.sudo().write({"amount": 5})
        with self.assertRaises(AccessError):
            stmt_a.with_user(self.user_rep_a).action_confirm()
        # Pay (admin only); a paid statement is frozen
        with self.assertRaisesRegex(UserError, "Only commission administrators"):
            stmt_a.with_user(self.user_manager_a).action_pay()
        stmt_a.with_user(self.user_admin_se).action_pay()
        with self.assertRaisesRegex(UserError, "is paid: it cannot be changed"):
            stmt_a.with_user(self.user_admin_se).write({"note": "edited"})
        with self.assertRaises(UserError):
            stmt_a.with_user(self.user_admin_se).unlink()
        # A line of a period already confirmed goes to the next open period
        late = self._create_won_lead("Late March", date_closed="2026-03-31 18:00:00")
        self._settle(date(2026, 4, 30))
        self.assertEqual(late.commission_line_ids.statement_id.period_start, date(2026, 4, 1))
        self.assertEqual(later.commission_line_ids.statement_id, late.commission_line_ids.statement_id)

    def test_quarter_period(self):
        self.env["ir.config_parameter"].set_param("sales_ecosystem.commission_period", "quarter")
        self._create_won_lead("Jan", date_closed="2026-01-10 10:00:00")
        self._create_won_lead("Mar", date_closed="2026-03-10 10:00:00")
        _count, statements, _skipped = self._settle(date(2026, 3, 31))
        self.assertEqual(len(statements), 1)
        self.assertEqual(
            (statements.period_start, statements.period_end), (date(2026, 1, 1), date(2026, 3, 31))
        )
        self.assertIn("2026-Q1", statements.name)

    def test_settlement_wizard(self):
        self._create_won_lead("A1", date_closed="2026-03-02 10:00:00")
        wizard = Form(self.env["crm.commission.settle"].with_user(self.user_manager_a))
        wizard.date = date(2026, 3, 31)
        action = wizard.save().action_settle()
        statement = self.env["crm.commission.statement"].search(action["domain"])
        self.assertEqual(statement.user_id, self.user_rep_a)
        with self.assertRaises(AccessError):
            self.env["crm.commission.settle"].with_user(self.user_rep_a).create({"date": self.today})

    def test_settlement_is_set_based(self):
        # two statements per month (one per rep): February warms the caches, March has few lines, April many
        for month, count in (("02", 1), ("03", 1), ("04", 15)):
            for index in range(count):
                self._create_won_lead(f"A {month} {index}", date_closed=f"2026-{month}-02 10:00:00")
                self._create_won_lead(
                    f"B {month} {index}", user=self.user_rep_b, date_closed=f"2026-{month}-02 10:00:00"
                )
        self.env.flush_all()
        # the advisory lock, the re-pricing of tiered lines, the statement keys: nothing in range yet
        with self.assertQueryCount(__system__=3):
            self._settle(date(2026, 1, 31))
        self._settle(date(2026, 2, 28))
        settled = {}

        def settle(day):
            settled[day] = self._settle(day)[0]

        # the statements are created with the ORM (followers, creation message): the queries depend on the
        # number of statements, never on the number of lines
        few = count_queries(self.env, lambda: settle(date(2026, 3, 31)))
        many = count_queries(self.env, lambda: settle(date(2026, 4, 30)))
        self.assertEqual(settled, {date(2026, 3, 31): 2, date(2026, 4, 30): 30})
        self.assertEqual(few, many, "the settlement's queries do not depend on the number of lines")

    def test_statement_pdf_lists_deals_and_reasons(self):
        self._create_won_lead("Fit Deal PDF", date_closed="2026-03-02 10:00:00")
        self._create_won_lead("Unfit Deal PDF", partner=self.partner_unfit, date_closed="2026-03-03 10:00:00")
        _count, statement, _skipped = self._settle(date(2026, 3, 31))
        report = self.env.ref("sales_ecosystem.crm_commission_statement_report")
        html = (
            report.with_user(self.user_rep_a)._render_qweb_html(report.report_name, statement.ids)[0].decode()
        )
        self.assertIn("Fit Deal PDF", html)
        self.assertIn("Unfit Deal PDF", html)
        self.assertIn("On list &#39;FY26 Enterprise&#39;", html)
        self.assertIn("Not on a target list on 2026-03-03", html)
        self.assertRegex(html, r">10</span> %", "rates without four decimals")
        self.assertIn("1,000.00", html)
        self.assertIn("Withheld", html)

    def test_statement_pdf_totals_plan_and_tier(self):
        self.plan.write(
            {"target_amount": 10000, "tier_ids": [(0, 0, {"attainment_from": 150, "rate": 12.5})]}
        )
        self._create_won_lead("Base Deal", date_closed="2026-03-02 10:00:00", expected_revenue=10000)
        self._create_won_lead("Tier Deal", date_closed="2026-03-03 10:00:00", expected_revenue=10000)
        _count, statement, _skipped = self._settle(date(2026, 3, 31))
        lines = statement.line_ids.sorted("date")
        self.assertEqual(lines.mapped("rate"), [10.0, 12.5])
        report = self.env.ref("sales_ecosystem.crm_commission_statement_report")
        html = (
            report.with_user(self.user_rep_a)._render_qweb_html(report.report_name, statement.ids)[0].decode()
        )
        self.assertEqual(html.count("SE Standard 10%"), 2, "the plan of each line")
        self.assertIn("Base rate", html)
        self.assertIn("From 150 % attainment", html)
        self.assertRegex(html, r">12\.5</span> %")
        self.assertIn("Total (2 lines)", html)
        self.assertIn("20,000.00", html, "the total base")
        self.assertIn("2,250.00", html, "the total paid")
        # the statement form prints it
        arch = (
            self.env["crm.commission.statement"]
            .with_user(self.user_rep_a)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn(f'name="{report.id}"', arch)


@tagged("post_install", "-at_install")
class TestCommissionScreens(CommissionCommon):
    def test_rates_and_amounts_read_as_people_write_them(self):
        Line = self.env["crm.commission.line"].with_user(self.user_rep_a)
        self.assertEqual([Line._format_rate(r) for r in (7.0, 2.5, 3.125, 0.0)], ["7", "2.5", "3.125", "0"])
        currency = self.env.company.currency_id
        self.assertEqual(
            Line._format_amount(180000, currency),
            format_amount(self.env, 180000, currency, trailing_zeroes=False),
        )
        self.assertNotIn(".00", Line._format_amount(180000, currency))
        self.assertIn("12,600.50", Line._format_amount(12600.5, currency))

    def test_estimator_formats_and_hides_on_won_deals(self):
        lead = self._create_lead("Open Fit", partner=self.partner_fit, expected_revenue=180000)
        rep_lead = lead.with_user(self.user_rep_a)
        html = str(rep_lead.commission_estimate_html)
        currency = lead.company_currency
        self.assertIn(f"(10 % of {format_amount(self.env, 180000, currency, trailing_zeroes=False)})", html)
        self.assertNotIn("10.0 %", html)
        arch = (
            self.env["crm.lead"]
            .with_user(self.user_rep_a)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertRegex(
            arch,
            r'name="action_open_commission_estimate"[^>]*invisible="[^"]*won_status == \'won\'',
        )


@tagged("post_install", "-at_install")
class TestCommissionClawback(CommissionCommon):
    def _confirmed_deal(self, name="Deal", **values):
        lead = self._create_won_lead(name, **values)
        _count, statement, _skipped = self._settle()
        statement.action_confirm()
        return lead, lead.commission_line_ids, statement

    def test_reopen_claws_back_confirmed_commission(self):
        lead, original, statement = self._confirmed_deal()
        lead.with_user(self.user_rep_a).write({"stage_id": self.stage_proposal.id})
        clawback = lead.commission_line_ids - original
        self.assertEqual(clawback.kind, "clawback")
        self.assertEqual(clawback.origin_id, original)
        self.assertEqual(clawback.amount, -1000)
        self.assertEqual(clawback.note, "Deal reopened")
        self.assertEqual(original.amount, 1000, "the confirmed line is never edited")
        self.assertFalse(clawback.statement_id)
        self._settle()
        self.assertTrue(clawback.statement_id)
        self.assertNotEqual(clawback.statement_id, statement, "goes to the next open statement")
        self.assertEqual(clawback.statement_id.state, "draft")
        # Won again: a fresh commission chained after the clawback
        lead.action_set_won()
        new = lead.commission_line_ids - original - clawback
        self.assertEqual((new.kind, new.origin_id, new.amount), ("commission", clawback, 1000))

    def test_lost_claws_back_paid_commission(self):
        lead, original, statement = self._confirmed_deal()
        statement.action_pay()
        lead.with_user(self.user_rep_a).write(
            {"stage_id": self.stage_proposal.id, "active": False, "probability": 0}
        )
        self.assertEqual(lead.won_status, "lost")
        clawback = lead.commission_line_ids.filtered(lambda line: line.kind == "clawback")
        self.assertEqual(clawback.amount, -1000)
        self.assertEqual(clawback.note, "Deal lost")
        self.assertEqual(original.statement_id.state, "paid")
        with self.assertRaises(UserError):
            original.write({"amount": 0})

    def test_amount_change_adjusts(self):
        lead, original, _statement = self._confirmed_deal()
        lead.with_user(self.user_rep_a).write({"expected_revenue": 6000})
        adjustment = lead.commission_line_ids - original
        self.assertEqual(adjustment.kind, "adjustment")
        self.assertEqual(adjustment.amount, -400)
        self.assertEqual(adjustment.base_amount, -4000)
        self.assertEqual(adjustment.origin_id, original)
        lead.write({"expected_revenue": 7000})
        adjustments = lead.commission_line_ids - original
        self.assertEqual(len(adjustments), 1, "the unsettled adjustment absorbs the new change")
        self.assertEqual(adjustments.amount, -300)
        self.assertEqual(sum(lead.commission_line_ids.mapped("amount")), 700)

    def test_reopen_then_lost_claws_back_once(self):
        lead, _original, _statement = self._confirmed_deal()
        lead.write({"stage_id": self.stage_proposal.id})
        lead.action_set_lost()
        self.assertEqual(
            sorted(lead.commission_line_ids.mapped("amount")), [-1000, 1000], "one clawback only"
        )

    def test_delete_deal(self):
        draft = self._create_won_lead("Draft deal")
        draft_line = draft.commission_line_ids
        draft.unlink()
        self.assertFalse(draft_line.exists(), "unsettled lines go with the deal")
        lead, original, _statement = self._confirmed_deal("Confirmed deal")
        with self.assertRaisesRegex(UserError, "cannot delete the opportunity 'Confirmed deal'"):
            lead.unlink()
        self.assertTrue(original.exists())

    def test_unsettled_commission_follows_deal_without_clawback(self):
        lead = self._create_won_lead("Draft deal")
        lead.write({"expected_revenue": 5000})
        self.assertEqual(lead.commission_line_ids.amount, 500, "a line not confirmed yet is simply re-priced")
        lead.write({"stage_id": self.stage_proposal.id})
        self.assertFalse(lead.commission_line_ids, "nothing was confirmed: nothing to claw back")

    @mute_logger("odoo.sql_db")
    def test_one_commission_per_deal_and_rep(self):
        lead = self._create_won_lead("Unique")
        with self.assertRaises(Exception):  # noqa: B017 (psycopg2 IntegrityError from the UNIQUE constraint)
            with self.env.cr.savepoint(), _money_path():  # the database key holds even on the internal path
                vals = lead.commission_line_ids.copy_data()[0]
                self.env["crm.commission.line"].create(vals)
                self.env.flush_all()


@tagged("post_install", "-at_install")
class TestCommissionAccess(CommissionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead_a = cls._create_won_lead("Deal A", date_closed="2026-03-02 10:00:00")
        cls.lead_b = cls._create_won_lead("Deal B", user=cls.user_rep_b, date_closed="2026-03-02 10:00:00")
        cls.lead_other = cls._create_won_lead(
            "Deal Other", user=cls.user_rep_other, team=cls.team_b, date_closed="2026-03-02 10:00:00"
        )
        cls.env["crm.commission.statement"]._settle(date(2026, 3, 31), cls.company_main)

    def _visible(self, model):
        return self.env[model].search([]).mapped("user_id")

    @users("se_rep_a")
    def test_rep_reads_own_only(self):
        self.assertEqual(self._visible("crm.commission.line"), self.user_rep_a)
        self.assertEqual(self._visible("crm.commission.statement"), self.user_rep_a)
        with self.assertRaises(AccessError):
            self.env["crm.commission.line"].browse(self.lead_b.commission_line_ids.id).read(["amount"])
        with self.assertRaises(AccessError):
            self.env["crm.commission.plan"].create({"name": "Self-serve", "rate": 40})

    @users("se_manager_a")
    def test_manager_reads_team(self):
        self.assertEqual(self._visible("crm.commission.line"), self.user_rep_a | self.user_rep_b)
        self.assertEqual(self._visible("crm.commission.statement"), self.user_rep_a | self.user_rep_b)

    @users("se_manager_b")
    def test_other_manager_reads_other_team(self):
        self.assertEqual(self._visible("crm.commission.line"), self.user_rep_other)

    @users("se_admin")
    def test_admin_reads_all(self):
        self.assertEqual(
            self._visible("crm.commission.line"), self.user_rep_a | self.user_rep_b | self.user_rep_other
        )

    @users("se_manager_c2")
    def test_other_company_sees_nothing(self):
        self.assertFalse(self.env["crm.commission.line"].search([]))
        self.assertFalse(self.env["crm.commission.statement"].search([]))
