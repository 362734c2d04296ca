# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The money invariant, path by path (issue 14): every path named there, as a manager and as a rep.

A commission line's money changes only through the deal (won, lost, reopened, amount, credit), a logged
re-evaluation or the settlement's tier re-pricing, each change logged on the deal; a deal's splits total 100 %
whatever the path; refusals name the deal and what is wrong, and leave nothing half-written (read back).
"""

import random
from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from ..models.crm_commission_line import SqlOperand, _money_path, commission_price, commission_tier_reached
from .common import CommissionCommon


class MoneyCommon(CommissionCommon):
    def _money(self, lead):
        """(amount, base, bonus) the deal's lines add up to, per salesperson."""
        result = {}
        for line in lead.commission_line_ids:
            amount, base, bonus = result.get(line.user_id, (0.0, 0.0, 0.0))
            result[line.user_id] = (amount + line.amount, base + line.base_amount, bonus + line.bonus_amount)
        return result

    def _audit(self, lead):
        """Bodies of the commission audit notes of the deal, newest first."""
        bodies = [str(body).replace("&nbsp;", "\xa0") for body in lead.message_ids.mapped("body")]
        return [body for body in bodies if "<b>Commission</b> ·" in body]

    def _line_values(self, lines):
        return lines.read(["amount", "rate", "eligibility", "user_id", "base_amount", "bonus_amount"])

    def _confirmed(self, name="Deal", **values):
        lead = self._create_won_lead(name, **values)
        _count, statement, _skipped = self._settle()
        statement.action_confirm()
        return lead, lead.commission_line_ids, statement


@tagged("post_install", "-at_install")
class TestCommissionPlainWrites(MoneyCommon):
    """A manager's plain write of a line's money is refused, whatever the line's state (issue: no trace, rate cap
    and logged Re-evaluate skipped, the draft statement total followed)."""

    def _assert_refused(self, lines, user, vals, exception=UserError, regex=None):
        before = self._line_values(lines)
        with self.assertRaises(exception) as context:
            lines.with_user(user).write(vals)
        if regex:
            self.assertRegex(str(context.exception), regex)
        lines.invalidate_recordset()
        self.assertEqual(self._line_values(lines), before, "nothing half-written")

    def test_manager_cannot_write_money_of_unsettled_line(self):
        lead = self._create_won_lead("Plain write deal")
        line = lead.commission_line_ids
        for vals, label in (
            ({"amount": 5000}, "'Amount'"),
            ({"rate": 45}, "'Rate \\(%\\)'"),
            ({"eligibility": "on_list", "amount": 1}, "'Amount', 'Eligibility'"),
            ({"user_id": self.user_rep_b.id}, "'Salesperson'"),
            ({"bonus_amount": 10}, "'Bonus'"),
            ({"split_percentage": 50}, "'Credit \\(%\\)'"),
            ({"plan_id": self.plan_b.id}, "'Plan'"),
            ({"target_list_id": False}, "'Target List'"),
        ):
            self._assert_refused(
                line,
                self.user_manager_a,
                vals,
                regex=f"Alice Rep on deal 'Plain write deal': {label} cannot be changed directly",
            )
        line.with_user(self.user_manager_a).write({"note": "checked with Alice"})
        self.assertEqual(line.note, "checked with Alice", "the note stays free")

    def test_manager_cannot_write_money_of_draft_statement_line(self):
        lead = self._create_won_lead("Draft statement deal")
        _count, statement, _skipped = self._settle()
        line = lead.commission_line_ids
        self.assertEqual(line.state, "draft")
        self._assert_refused(line, self.user_manager_a, {"amount": 5000}, regex="'Amount' cannot be changed")
        statement.invalidate_recordset()
        self.assertEqual(statement.amount_total, 1000, "the draft statement total is unchanged")

    def test_rep_and_superuser_refused_too(self):
        line = self._create_won_lead("Rep deal").commission_line_ids
        self._assert_refused(line, self.user_rep_a, {"amount": 5000}, exception=AccessError)
        with self.assertRaisesRegex(UserError, "cannot be changed directly"):
            line.sudo().write({"amount": 5000})
        self.assertEqual(line.amount, 1000)

    def test_create_unlink_and_statement_lines_refused(self):
        lead = self._create_won_lead("Structure deal")
        line = lead.commission_line_ids
        vals = line.copy_data()[0]
        with self.assertRaisesRegex(
            UserError, "lines of deal 'Structure deal' \\(Alice Rep\\) cannot be created"
        ):
            self.env["crm.commission.line"].with_user(self.user_admin_se).create(vals)
        with self.assertRaisesRegex(
            UserError, "commission of Alice Rep on deal 'Structure deal' cannot be deleted"
        ):
            line.with_user(self.user_admin_se).unlink()
        with self.assertRaises(AccessError):
            line.with_user(self.user_manager_a).unlink()
        with self.assertRaises(AccessError):
            line.with_user(self.user_rep_a).unlink()
        _count, statement, _skipped = self._settle()
        other = self._create_won_lead("Other deal")
        with self.assertRaisesRegex(UserError, "its lines cannot be changed by hand"):
            statement.with_user(self.user_manager_a).write(
                {"line_ids": [Command.link(other.commission_line_ids.id)]}
            )
        with self.assertRaisesRegex(UserError, "its lines cannot be changed by hand"):
            statement.with_user(self.user_admin_se).write({"line_ids": [Command.clear()]})
        self.assertEqual(statement.line_ids, line)
        self.assertEqual(lead.commission_line_ids, line, "nothing half-written")

    def test_a_context_key_does_not_open_the_money_path(self):
        line = self._create_won_lead("Context deal").commission_line_ids
        for key in ("sales_ecosystem_money_path", "money_path", "sales_ecosystem_commission_money_path"):
            with self.assertRaises(UserError):
                line.with_user(self.user_manager_a).with_context(**{key: True}).write({"amount": 1})
        self.assertEqual(line.amount, 1000)


@tagged("post_install", "-at_install")
class TestCommissionAudit(MoneyCommon):
    """Each change of a line is recorded on the deal: who (the note's author), when (its date), old -> new."""

    def test_every_change_is_logged_with_old_and_new(self):
        lead = self._create_lead("Audit deal", partner=self.partner_fit, stage=self.stage_proposal)
        lead.with_user(self.user_rep_a).action_set_won()
        [won_note] = self._audit(lead)
        self.assertIn("Deal won", won_note)
        self.assertIn("Alice Rep</b> · Commission (new): Amount $\xa01,000.00", won_note)
        lead.with_user(self.user_rep_a).write({"expected_revenue": 6000})
        note = self._audit(lead)[0]
        self.assertIn("Deal amount changed", note)
        self.assertIn("Amount $\xa01,000.00 → $\xa0600.00", note)
        self.assertIn("Base $\xa010,000.00 → $\xa06,000.00", note)
        message = lead.message_ids.filtered(lambda m: "Deal amount changed" in str(m.body))
        self.assertEqual(message.author_id, self.user_rep_a.partner_id, "who")
        self.assertTrue(message.date, "when")
        self.target_list.line_ids.unlink()
        lead.commission_line_ids.with_user(self.user_manager_a).action_reevaluate()
        note = self._audit(lead)[0]
        self.assertIn("re-evaluated by Mona Manager", note)
        self.assertIn("Eligibility On target list → Off target list", note)
        self.assertIn("Amount $\xa0600.00 → $\xa00.00", note)

    def test_settlement_tier_repricing_is_logged(self):
        self.plan.write(
            {
                "rate": 5,
                "target_amount": 20000,
                "tier_ids": [Command.create({"attainment_from": 100, "rate": 8})],
            }
        )
        late = self._create_won_lead("Late", date_closed="2026-05-20 09:00:00")
        early = self._create_won_lead("Backdated", date_closed="2026-05-03 09:00:00")
        self.assertEqual(early.commission_line_ids.rate, 8)
        self._settle(date(2026, 5, 31))
        self.assertEqual(early.commission_line_ids.rate, 5)
        note = self._audit(early)[0]
        self.assertIn("re-priced at settlement", note)
        self.assertIn("Rate (%) 8 % → 5 %", note)
        self.assertIn("Rate (%) 5 % → 8 %", self._audit(late)[0])


@tagged("post_install", "-at_install")
class TestCommissionSplitTotals(MoneyCommon):
    """Splits total 100 % whatever the path: created, written, deleted or imported directly, or through the deal.
    Checked when the transaction's writes are done (a savepoint stands for the end of a request here)."""

    def _shared_deal(self, won=False):
        lead = self._create_lead("Shared deal", partner=self.partner_fit, stage=self.stage_proposal)
        lead.write(
            {
                "commission_split_ids": [
                    Command.create({"user_id": self.user_rep_a.id, "percentage": 60}),
                    Command.create({"user_id": self.user_rep_b.id, "percentage": 40}),
                ]
            }
        )
        if won:
            lead.action_set_won()
        return lead

    def _splits(self, lead):
        lead.invalidate_recordset()
        return sorted((split.user_id.name, split.percentage) for split in lead.commission_split_ids)

    def test_direct_create_write_unlink_refused_unless_100(self):
        lead = self._shared_deal()
        Split = self.env["crm.commission.split"].with_user(self.user_manager_a)
        regex = "Opportunity 'Shared deal': the commission credit splits .* must total 100 %; they total"
        with self.assertRaisesRegex(ValidationError, f"{regex} 150.0 %"):
            with self.env.cr.savepoint():
                Split.create({"lead_id": lead.id, "user_id": self.user_rep_other.id, "percentage": 50})
        split_a = lead.commission_split_ids.filtered(lambda s: s.user_id == self.user_rep_a)
        with self.assertRaisesRegex(ValidationError, f"{regex} 90.0 %"):
            with self.env.cr.savepoint():
                split_a.with_user(self.user_manager_a).write({"percentage": 50})
        with self.assertRaisesRegex(ValidationError, f"{regex} 40.0 %"):
            with self.env.cr.savepoint():
                split_a.with_user(self.user_manager_a).unlink()
        self.assertEqual(self._splits(lead), [("Alice Rep", 60.0), ("Bob Rep", 40.0)], "nothing half-written")
        # a transaction whose writes end at 100 % is fine
        with self.env.cr.savepoint():
            split_a.with_user(self.user_manager_a).write({"percentage": 50})
            Split.create({"lead_id": lead.id, "user_id": self.user_rep_other.id, "percentage": 10})
        self.assertEqual(self._splits(lead), [("Alice Rep", 50.0), ("Bob Rep", 40.0), ("Olga Rep", 10.0)])

    def test_import_of_splits_checked(self):
        lead = self._create_lead("Imported deal", partner=self.partner_fit)
        Split = self.env["crm.commission.split"].with_user(self.user_manager_a)
        header = ["lead_id/.id", "user_id/.id", "percentage"]
        with self.env.cr.savepoint() as savepoint:
            result = Split.load(
                header, [[lead.id, self.user_rep_a.id, 60], [lead.id, self.user_rep_b.id, 50]]
            )
            savepoint.rollback()
        self.assertTrue(result["messages"], "refused")
        self.assertIn("Opportunity 'Imported deal'", result["messages"][0]["message"])
        self.assertIn("they total 110.0 %", result["messages"][0]["message"])
        self.assertFalse(lead.commission_split_ids)
        with self.env.cr.savepoint():
            result = Split.load(
                header, [[lead.id, self.user_rep_a.id, 60], [lead.id, self.user_rep_b.id, 40]]
            )
        self.assertFalse(result["messages"])
        self.assertEqual(self._splits(lead), [("Alice Rep", 60.0), ("Bob Rep", 40.0)])

    def test_reps_cannot_touch_splits(self):
        lead = self._shared_deal()
        split = lead.commission_split_ids[:1]
        with self.assertRaises(AccessError):
            split.with_user(self.user_rep_a).write({"percentage": 100})
        with self.assertRaises(AccessError):
            self.env["crm.commission.split"].with_user(self.user_rep_a).create(
                {"lead_id": lead.id, "user_id": self.user_rep_a.id, "percentage": 10}
            )
        with self.assertRaises(AccessError):
            lead.with_user(self.user_rep_a).write({"commission_split_ids": [Command.clear()]})
        with self.env.cr.savepoint() as savepoint:
            result = (
                self.env["crm.commission.split"]
                .with_user(self.user_rep_a)
                .load(["lead_id/.id", "user_id/.id", "percentage"], [[lead.id, self.user_rep_a.id, 100]])
            )
            savepoint.rollback()
        self.assertTrue(result["messages"], "an import by a rep is refused")
        self.assertEqual(self._splits(lead), [("Alice Rep", 60.0), ("Bob Rep", 40.0)])

    def test_the_110_percent_deal_cannot_be_paid(self):
        """The issue's sequence: 60 % + 50 % by direct records; the deal then paid 110 %."""
        lead = self._create_lead("Overpaid deal", partner=self.partner_fit, stage=self.stage_proposal)
        Split = self.env["crm.commission.split"].with_user(self.user_manager_a)
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                Split.create({"lead_id": lead.id, "user_id": self.user_rep_a.id, "percentage": 60})
                Split.create({"lead_id": lead.id, "user_id": self.user_rep_b.id, "percentage": 50})
        lead.action_set_won()
        self.assertEqual(sum(lead.commission_line_ids.mapped("amount")), 1000, "pays 100 %")

    def test_credit_change_on_won_deal_re_prices_and_logs(self):
        lead = self._shared_deal(won=True)
        self.assertEqual(self._money(lead)[self.user_rep_b], (400.0, 4000.0, 0.0))
        split_b = lead.commission_split_ids.filtered(lambda s: s.user_id == self.user_rep_b)
        split_a = lead.commission_split_ids - split_b
        with self.env.cr.savepoint():
            split_b.with_user(self.user_manager_a).unlink()
            split_a.with_user(self.user_manager_a).write({"percentage": 100})
        money = self._money(lead)
        self.assertEqual(money[self.user_rep_a], (1000.0, 10000.0, 0.0))
        self.assertEqual(money.get(self.user_rep_b, (0.0, 0.0, 0.0)), (0.0, 0.0, 0.0), "unsettled: removed")
        self.assertIn("Credit changed", self._audit(lead)[0])
        # through the deal, as the manager: the salesperson of a deal without splits is its credit
        lead.with_user(self.user_manager_a).write({"commission_split_ids": [Command.clear()]})
        lead.with_user(self.user_manager_a).write({"user_id": self.user_rep_b.id})
        money = self._money(lead)
        self.assertEqual(money.get(self.user_rep_a, (0.0,))[0], 0.0)
        self.assertEqual(money[self.user_rep_b][0], 1000.0)


@tagged("post_install", "-at_install")
class TestCommissionLineChains(MoneyCommon):
    def test_reopen_paid_win_again_change_amount(self):
        """The issue's foreign-key error on crm_commission_line.origin_id."""
        lead, original, statement = self._confirmed("Paid deal")
        statement.with_user(self.user_admin_se).action_pay()
        lead.with_user(self.user_rep_a).write({"stage_id": self.stage_proposal.id})
        lead.with_user(self.user_rep_a).action_set_won()
        lead.with_user(self.user_rep_a).write({"expected_revenue": 7000})
        self.assertEqual(self._money(lead)[self.user_rep_a], (700.0, 7000.0, 0.0))
        clawback = lead.commission_line_ids.filtered(lambda line: line.kind == "clawback")
        self.assertEqual(clawback.origin_id, original, "the chain is intact")
        lead.with_user(self.user_rep_a).write({"stage_id": self.stage_proposal.id})
        self.assertEqual(self._money(lead)[self.user_rep_a], (0.0, 0.0, 0.0))

    def test_reopen_after_reset_to_draft_keeps_chain(self):
        """A statement reset to draft unlocks a line later lines refer to: it is kept, the sums still hold."""
        lead, _original, statement = self._confirmed("Reset deal")
        lead.write({"stage_id": self.stage_proposal.id})
        _count, second, _skipped = self._settle()
        second.action_confirm()
        statement.with_user(self.user_admin_se).action_reset_draft()
        lead.action_set_won()
        lead.write({"expected_revenue": 5000})
        lead.write({"stage_id": self.stage_proposal.id})
        self.assertEqual(self._money(lead)[self.user_rep_a][0], 0.0)
        lead.action_set_won()
        self.assertEqual(self._money(lead)[self.user_rep_a][0], 500.0)

    def test_clawback_carries_negative_bonus(self):
        self.plan.bonus_amount = 500
        lead, original, _statement = self._confirmed("Bonus deal")
        self.assertEqual((original.amount, original.bonus_amount), (1500, 500))
        lead.with_user(self.user_rep_a).write({"stage_id": self.stage_proposal.id})
        lead.with_user(self.user_rep_a).action_set_lost()
        clawback = lead.commission_line_ids - original
        self.assertRecordValues(
            clawback, [{"kind": "clawback", "base_amount": -10000, "bonus_amount": -500, "amount": -1500}]
        )
        self.assertEqual(self._money(lead)[self.user_rep_a], (0.0, 0.0, 0.0))

    def test_amount_change_keeps_bonus_and_adjusts(self):
        self.plan.bonus_amount = 500
        lead, original, _statement = self._confirmed("Bonus change")
        lead.with_user(self.user_rep_a).write({"expected_revenue": 6000})
        adjustment = lead.commission_line_ids - original
        self.assertRecordValues(adjustment, [{"kind": "adjustment", "bonus_amount": 0, "amount": -400}])
        self.assertEqual(self._money(lead)[self.user_rep_a], (1100.0, 6000.0, 500.0))


@tagged("post_install", "-at_install")
class TestCommissionBulkReevaluation(MoneyCommon):
    """A plan created with an earlier effective date: deals already won in its period say 'No plan' and pay 0."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan.assignment_ids.date_from = cls.today  # the plan starts today...
        cls.deals = cls.env["crm.lead"]
        for index in range(3):
            cls.deals |= cls._create_won_lead(
                f"Early deal {index}", date_closed=fields.Datetime.now() - timedelta(days=10 + index)
            )

    def _backdate_plan(self):
        self.plan.assignment_ids.with_user(self.user_admin_se).date_from = self.today - timedelta(days=60)

    def test_no_plan_lines_flagged_on_statement(self):
        self.assertEqual(set(self.deals.commission_line_ids.mapped("eligibility")), {"no_plan"})
        _count, statement, _skipped = self._settle()
        self.assertEqual(statement.no_plan_line_count, 3)
        self.assertEqual(statement.amount_total, 0)
        action = statement.with_user(self.user_manager_a).action_reevaluate_no_plan()
        self.assertEqual(action["res_model"], "crm.commission.reevaluate")
        self.assertEqual(set(action["context"]["default_lead_ids"]), set(self.deals.ids))

    def test_manager_re_evaluates_many_deals_in_one_action(self):
        _count, statement, _skipped = self._settle()
        statement.action_confirm()
        self._backdate_plan()
        wizard = (
            self.env["crm.commission.reevaluate"]
            .with_user(self.user_manager_a)
            .with_context(active_model="crm.lead", active_ids=self.deals.ids)
            .create({})
        )
        self.assertEqual(wizard.deal_count, 3)
        wizard.action_apply()
        for deal in self.deals:
            self.assertEqual(self._money(deal)[self.user_rep_a][0], 1000.0, deal.name)
            self.assertIn("re-evaluated by Mona Manager", self._audit(deal)[0], "logged per deal")
            adjustment = deal.commission_line_ids.filtered(lambda line: line.kind == "adjustment")
            self.assertEqual(
                (adjustment.eligibility, adjustment.amount), ("on_list", 1000), "confirmed: adjusted"
            )
        statement.invalidate_recordset()
        self.assertEqual(statement.amount_total, 0, "the confirmed statement is untouched")

    def test_from_selected_lines(self):
        self._backdate_plan()
        lines = self.deals[:2].commission_line_ids
        wizard = (
            self.env["crm.commission.reevaluate"]
            .with_user(self.user_manager_a)
            .with_context(active_model="crm.commission.line", active_ids=lines.ids)
            .create({})
        )
        wizard.action_apply()
        self.assertEqual(lines.mapped("amount"), [1000.0, 1000.0], "unsettled: rewritten")
        self.assertEqual(self.deals[2].commission_line_ids.amount, 0, "not selected")

    def test_refusals_name_the_deal_and_leave_nothing(self):
        self._backdate_plan()
        open_deal = self._create_lead("Open deal", partner=self.partner_fit)
        Wizard = self.env["crm.commission.reevaluate"]
        with self.assertRaisesRegex(UserError, "Deal 'Open deal' is not won"):
            Wizard.with_user(self.user_manager_a).create(
                {"lead_ids": [Command.set((self.deals | open_deal).ids)]}
            ).action_apply()
        self.assertEqual(set(self.deals.commission_line_ids.mapped("amount")), {0.0}, "nothing half-written")
        with self.assertRaises(AccessError):
            Wizard.with_user(self.user_rep_a).create(
                {"lead_ids": [Command.set(self.deals.ids)]}
            ).action_apply()
        with self.assertRaises(UserError):
            self.deals.commission_line_ids[:1].with_user(self.user_rep_a).action_reevaluate()
        with self.assertRaisesRegex(UserError, "Select the deals"):
            Wizard.with_user(self.user_manager_a).create({}).action_apply()
        # another team's manager cannot re-evaluate team A's lines
        with self.assertRaises(AccessError):
            Wizard.with_user(self.user_manager_b).create(
                {"lead_ids": [Command.set(self.deals.ids)]}
            ).action_apply()
        self.assertEqual(set(self.deals.commission_line_ids.mapped("amount")), {0.0})


@tagged("post_install", "-at_install")
class TestCommissionBackfill(MoneyCommon):
    """Existing won deals get commission lines only when an administrator backfills from a date (logged)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.old_deal = cls._create_won_lead(
            "Won before", date_closed=fields.Datetime.now() - timedelta(days=5)
        )
        cls.older_deal = cls._create_won_lead("Won long ago", date_closed="2020-06-01 10:00:00")
        with _money_path():  # as if won before the addon was installed
            (cls.old_deal | cls.older_deal).commission_line_ids.unlink()

    def test_admin_backfills_from_a_date(self):
        self.old_deal.write({"expected_revenue": 20000})
        self.assertFalse(self.old_deal.commission_line_ids, "nothing until backfilled")
        wizard = (
            self.env["crm.commission.reevaluate"]
            .with_user(self.user_admin_se)
            .create({"mode": "backfill", "date_from": self.today - timedelta(days=30)})
        )
        wizard.action_apply()
        self.assertEqual(self.old_deal.commission_line_ids.amount, 2000)
        self.assertIn("backfilled by Ada Admin", self._audit(self.old_deal)[0])
        self.assertFalse(self.older_deal.commission_line_ids, "won before the date")

    def test_backfill_refusals(self):
        Wizard = self.env["crm.commission.reevaluate"]
        with self.assertRaisesRegex(UserError, "Only commission administrators"):
            Wizard.with_user(self.user_manager_a).create(
                {"mode": "backfill", "date_from": self.today}
            ).action_apply()
        with self.assertRaisesRegex(UserError, "Set 'Won Since'"):
            Wizard.with_user(self.user_admin_se).create({"mode": "backfill"}).action_apply()
        self.assertFalse((self.old_deal | self.older_deal).commission_line_ids)


@tagged("post_install", "-at_install")
class TestTargetListOneDefinition(MoneyCommon):
    """A company-B deal whose account is on company A's list: off the list everywhere (issue 14)."""

    def test_company_b_deal_off_list_everywhere(self):
        self.env["crm.commission.plan"].with_company(self.company_2).create(
            {
                "name": "C2 plan",
                "rate": 10,
                "company_id": self.company_2.id,
                "assignment_ids": [Command.create({"team_id": self.team_c2.id, "date_from": "2020-01-01"})],
            }
        )
        lead = self._create_lead(
            "Company B deal",
            partner=self.partner_fit,
            user=self.user_rep_c2,
            team=self.team_c2,
            stage=self.stage_proposal,
            company_id=self.company_2.id,
            off_strategy_reason="existing_customer",
        )
        self.env["ir.config_parameter"].set_param("sales_ecosystem.strategy_rule", "list")
        lead.invalidate_recordset()
        lead._compute_strategy()
        as_rep = lead.with_user(self.user_rep_c2).with_company(self.company_2)
        self.assertFalse(as_rep.is_on_target_list)
        # company B has no target list of its own: its deal is Not Assessed (never On Strategy through A's list)
        self.assertEqual(as_rep.strategy, "none")
        Lead = self.env["crm.lead"].with_user(self.user_rep_c2).with_company(self.company_2)
        self.assertFalse(Lead.search([("id", "=", lead.id), ("is_on_target_list", "=", True)]))
        self.assertEqual(Lead.search([("id", "=", lead.id), ("is_on_target_list", "=", False)]), lead)
        lead.action_set_won()
        self.assertEqual(lead.commission_line_ids.eligibility, "off_list")
        self.env.flush_all()
        analysis = self.env["crm.win.analysis"].search([("lead_id", "=", lead.id)])
        self.assertFalse(analysis.is_on_target_list)
        # the same account on a company-A deal is on the list, everywhere
        deal_a = self._create_won_lead("Company A deal")
        self.assertTrue(deal_a.with_user(self.user_rep_a).is_on_target_list)
        self.assertEqual(deal_a.commission_line_ids.eligibility, "on_list")
        self.env.flush_all()
        self.assertTrue(self.env["crm.win.analysis"].search([("lead_id", "=", deal_a.id)]).is_on_target_list)

    def test_team_list_covers_its_team_only(self):
        self.target_list.team_id = self.team_b
        lead = self._create_lead(
            "Team A deal",
            partner=self.partner_fit,
            stage=self.stage_proposal,
            off_strategy_reason="other",
            off_strategy_note="test",
        )
        self.assertFalse(lead.with_user(self.user_rep_a).is_on_target_list)
        team_b_deal = self._create_lead(
            "Team B deal", partner=self.partner_fit, user=self.user_rep_other, team=self.team_b
        )
        self.assertTrue(team_b_deal.with_user(self.user_rep_other).is_on_target_list)
        self.assertTrue(self.partner_fit.with_user(self.user_rep_a).is_on_target_list, "an account: any team")


@tagged("post_install", "-at_install")
class TestCommissionOneDefinition(MoneyCommon):
    """The price, the attainment and the tier: one definition, Python and SQL agree."""

    def test_price_python_and_sql_agree(self):
        rng = random.Random(14)
        Line = self.env["crm.commission.line"]
        currency = self.env.company.currency_id
        cases = [
            (
                round(rng.uniform(0, 100000), 2),
                rng.choice([0, 2, 5, 7.5, 10, 12.3456, 33.3333]),
                rng.choice([0, 0.01, 166.67, 500]),
            )
            for _index in range(300)
        ]
        cases += [(0.05, 10, 0), (0.15, 10, 0), (12345.65, 10, 0.005), (3333.33, 33.3333, 0)]
        rows = self.env.execute_query(
            SQL(
                "SELECT c.base, c.rate, c.bonus, %s FROM unnest(%s::numeric[], %s::numeric[], %s::numeric[]) "
                "AS c(base, rate, bonus)",
                Line._price_sql(
                    SQL("c.base"), SQL("c.rate"), SQL("c.bonus"), SQL("%s::numeric", currency.rounding)
                ),
                [case[0] for case in cases],
                [case[1] for case in cases],
                [case[2] for case in cases],
            )
        )
        for base, rate, bonus, sql_amount in rows:
            amount, _withheld = Line._price(currency, float(base), float(rate), float(bonus), 0.0, 0.0)
            self.assertAlmostEqual(amount, float(sql_amount), places=2, msg=f"{base} x {rate} % + {bonus}")

    def test_price_sql_is_generated_from_the_python_formula(self):
        """The settlement's SQL price is the Python formula applied to SQL operands, not a second copy of it."""
        price = commission_price(SqlOperand(SQL("b")), SqlOperand(SQL("r")), SqlOperand(SQL("x")))
        self.assertEqual(price.sql.code, "(((b * r) / %s) + x)")
        self.assertEqual(price.sql.params, [100])
        self.assertEqual(commission_price(200.0, 7.5, 3.0), 18.0)
        reached = commission_tier_reached(SqlOperand(SQL("t.attainment_from")), SqlOperand(SQL("a")))
        self.assertEqual(
            reached.sql.code, "(t.attainment_from <= a)", "the tier condition, generated likewise"
        )
        self.assertTrue(commission_tier_reached(133.33, 133.33))
        self.assertFalse(commission_tier_reached(133.34, 133.33))

    def test_attainment_and_tier_python_and_sql_agree(self):
        self.plan.write(
            {
                "target_amount": 30000,
                "tier_ids": [
                    Command.create({"attainment_from": 100, "rate": 8}),
                    Command.create({"attainment_from": 133.33, "rate": 9}),
                    Command.create({"attainment_from": 150, "rate": 10}),
                ],
            }
        )
        Plan = self.env["crm.commission.plan"]
        bases = [
            0,
            29999.99,
            30000,
            30000.01,
            39999,
            39999.01,
            39999.5,
            40000,
            44999.99,
            45000,
            60000.5,
            12345.67,
        ]
        rows = self.env.execute_query(
            SQL(
                "SELECT b.base, %s, COALESCE(%s, %s) FROM unnest(%s::numeric[]) AS b(base)",
                Plan._attainment_sql(SQL("b.base"), SQL("%s::numeric", self.plan.target_amount)),
                Plan._tier_rate_sql(
                    SQL("%s", self.plan.id),
                    Plan._attainment_sql(SQL("b.base"), SQL("%s::numeric", self.plan.target_amount)),
                ),
                self.plan.rate,
                bases,
            )
        )
        for base, sql_attainment, sql_rate in rows:
            attainment = Plan._attainment(float(base), self.plan.target_amount)
            self.assertEqual(attainment, float(sql_attainment), base)
            self.assertEqual(self.plan._get_rate_for_attainment(attainment), float(sql_rate), base)


@tagged("post_install", "-at_install")
class TestCommissionMachineFindings(MoneyCommon):
    """Sequences the money machine (tests/test_invariants_money.py) found, replayed by hand."""

    def test_salesperson_no_longer_credited_is_not_repriced(self):
        """Credit moved to Olga and confirmed, moved back to Alice, then the amount changed: Olga was re-priced
        from her old snapshot (the deal paid her 5 % of the new amount on top of Alice's commission)."""
        lead = self._create_won_lead("Moved credit")
        Split = self.env["crm.commission.split"].with_user(self.user_manager_a)
        with self.env.cr.savepoint():
            split = Split.create({"lead_id": lead.id, "user_id": self.user_rep_other.id, "percentage": 100})
        _count, statements, _skipped = self._settle()
        statements.action_confirm()
        with self.env.cr.savepoint():
            split.with_user(self.user_manager_a).unlink()
        lead.with_user(self.user_rep_a).write({"expected_revenue": 20000})
        money = self._money(lead)
        self.assertEqual(money[self.user_rep_other], (0.0, 0.0, 0.0))
        self.assertEqual(money[self.user_rep_a], (2000.0, 20000.0, 0.0))
