# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import datetime

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import tagged, users

from .common import AccountPlanCommon


@tagged("post_install", "-at_install")
class TestAccountPlanObjectives(AccountPlanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan_fit.objective_ids = [
            Command.create({"name": "Revenue", "measure": "won_revenue", "target_value": 100000}),
            Command.create({"name": "Pipeline", "measure": "open_pipeline", "target_value": 50000}),
            Command.create({"name": "Deals", "measure": "won_deals", "target_value": 4}),
            Command.create({"name": "NPS", "measure": "manual", "target_value": 50, "manual_value": 40}),
        ]

    def _objective(self, name, user):
        return self.plan_fit.with_user(user).objective_ids.filtered(lambda o: o.name == name)

    def test_progress_from_real_deals(self):
        self._won_lead("HQ win", self.contact_fit, 30000, user=self.user_rep_a)
        self._won_lead("Division win", self.contact_fr, 20000, user=self.user_rep_other, team=self.team_b)
        self._won_lead("Too old", self.contact_fit, 70000, closed=self.today - relativedelta(days=90))
        self._create_lead("Open", partner=self.contact_cfo, expected_revenue=15000)
        lost = self._create_lead("Lost", partner=self.contact_fit, expected_revenue=99000)
        lost.action_set_lost()
        self._won_lead("Other account", self.contact_unfit, 80000)
        self.env.invalidate_all()
        # rep_b owns none of these deals and still sees the account totals
        revenue = self._objective("Revenue", self.user_rep_b)
        self.assertEqual(revenue.current_value, 50000)
        self.assertEqual(revenue.progress, 50)
        self.assertEqual(self._objective("Pipeline", self.user_rep_b).current_value, 15000)
        self.assertEqual(self._objective("Deals", self.user_rep_b).current_value, 2)
        nps = self._objective("NPS", self.user_rep_b)
        self.assertEqual((nps.current_value, nps.progress), (40, 80))

    def test_other_company_deals_do_not_count(self):
        self._won_lead(
            "C2 win",
            self.contact_fit,
            30000,
            user=self.user_rep_c2,
            team=self.team_c2,
            company_id=self.company_2.id,
        )
        self.assertEqual(self._objective("Revenue", self.user_rep_a).current_value, 0)

    def test_batch_query_count(self):
        accounts = self.env["res.partner"].create(
            [{"name": f"Account {i}", "is_company": True} for i in range(8)]
        )
        plans = self.env["crm.account.plan"]
        for account in accounts:
            plans |= self._create_plan(
                account, objective_ids=[Command.create({"name": "Revenue", "target_value": 1000})]
            )
            self._won_lead(f"Win {account.name}", account, 500)

        def compute(plans):
            plans.objective_ids.mapped("progress")

        self._assert_same_query_count(compute, plans[:2], plans[2:])
        self.assertEqual(plans[-1].objective_ids.progress, 50)


@tagged("post_install", "-at_install")
class TestAccountPlanRelationships(AccountPlanCommon):
    def _backdate(self, records, days, fname="date"):
        when = fields.Datetime.now() - relativedelta(days=days)
        records.write({fname: when})

    def test_freshness_from_messages_and_activities(self):
        plan = self.plan_fit
        plan.relationship_ids = [
            Command.create({"partner_id": self.contact_fit.id, "buying_role": "champion"}),
            Command.create({"partner_id": self.contact_cfo.id, "buying_role": "economic_buyer"}),
            Command.create({"partner_id": self.contact_fr.id, "buying_role": "user_buyer"}),
        ]
        # a note on Fiona 10 days ago, an older email from her 40 days ago
        note = self.contact_fit.with_user(self.user_rep_a).message_post(body="Lunch", message_type="comment")
        self._backdate(note, 10)
        email = self.contact_fit.message_post(
            body="Hello", message_type="email", author_id=self.contact_fit.id
        )
        self._backdate(email, 40)
        # an activity done on Carla's opportunity 5 days ago
        lead = self._create_lead("Carla deal", partner=self.contact_cfo)
        activity = lead.activity_schedule("mail.mail_activity_data_call", user_id=self.user_rep_a.id)
        activity.action_feedback(feedback="Called")
        activity.with_context(active_test=False).date_done = fields.Date.today() - relativedelta(days=5)
        self.env["mail.message"].search([("model", "=", "crm.lead"), ("res_id", "=", lead.id)]).write(
            {"date": datetime.now() - relativedelta(days=5)}
        )
        self.env.invalidate_all()
        lines = plan.with_user(self.user_rep_b).relationship_ids
        by_contact = {line.partner_id: line for line in lines}
        self.assertEqual(by_contact[self.contact_fit].freshness_days, 10)
        self.assertFalse(by_contact[self.contact_fit].is_stale)
        self.assertEqual(by_contact[self.contact_cfo].freshness_days, 5)
        self.assertFalse(by_contact[self.contact_fr].date_last_contact, "never contacted")
        self.assertEqual(
            by_contact[self.contact_fr].freshness_days,
            0,
            "never contacted: no day count (the form shows none)",
        )
        self.assertTrue(by_contact[self.contact_fr].is_stale)

    def test_gaps(self):
        plan = self.plan_fit
        self.assertEqual(plan.relationship_gaps, "No economic buyer known, Single-threaded")
        plan.relationship_ids = [
            Command.create({"partner_id": self.contact_fit.id, "buying_role": "champion"})
        ]
        self.assertTrue(plan.is_single_threaded)
        self.assertFalse(plan.has_economic_buyer)
        plan.relationship_ids = [
            Command.create({"partner_id": self.contact_cfo.id, "buying_role": "economic_buyer"})
        ]
        self.assertFalse(plan.is_single_threaded)
        self.assertTrue(plan.has_economic_buyer)
        self.assertFalse(plan.relationship_gaps)

    def test_freshness_batch_query_count(self):
        contacts = self.env["res.partner"].create(
            [{"name": f"Contact {i}", "parent_id": self.partner_fit.id} for i in range(12)]
        )
        for contact in contacts:
            contact.message_post(body="Hi", message_type="comment")
        self.plan_fit.relationship_ids = [Command.create({"partner_id": c.id}) for c in contacts]
        lines = self.plan_fit.relationship_ids

        def compute(lines):
            lines.mapped("freshness_days")

        self._assert_same_query_count(compute, lines[:2], lines[2:])
        self.assertEqual(set(lines.mapped("freshness_days")), {0})


@tagged("post_install", "-at_install")
class TestAccountPlanWhitespace(AccountPlanCommon):
    def test_cells_from_real_deals(self):
        self._won_lead("HQ CRM", self.contact_fit, 30000, tag_ids=[Command.set(self.tag_crm.ids)])
        self._create_lead(
            "France ERP",
            partner=self.contact_fr,
            expected_revenue=45000,
            tag_ids=[Command.set(self.tag_erp.ids)],
        )
        lost = self._create_lead(
            "France CRM lost",
            partner=self.contact_fr,
            expected_revenue=9000,
            tag_ids=[Command.set(self.tag_crm.ids)],
        )
        lost.action_set_lost()
        self._won_lead(
            "Other account ERP", self.contact_unfit, 70000, tag_ids=[Command.set(self.tag_erp.ids)]
        )
        self.env.invalidate_all()
        cells = self.plan_fit.with_user(self.user_rep_b).whitespace_ids
        grid = {(c.division_id, c.area_id): c for c in cells}
        self.assertEqual(len(cells), 4, "2 divisions x 2 areas")
        hq_crm = grid[self.partner_fit, self.area_crm]
        self.assertEqual((hq_crm.status, hq_crm.won_amount, hq_crm.potential_amount), ("won", 30000, 0))
        hq_erp = grid[self.partner_fit, self.area_erp]
        self.assertEqual((hq_erp.status, hq_erp.potential_amount), ("whitespace", 50000))
        fr_erp = grid[self.division_fr, self.area_erp]
        self.assertEqual((fr_erp.status, fr_erp.pipeline_amount), ("pipeline", 45000))
        fr_crm = grid[self.division_fr, self.area_crm]
        self.assertEqual(
            (fr_crm.status, fr_crm.potential_amount), ("whitespace", 20000), "lost deals are whitespace"
        )
        # the pivot groups the same cells
        groups = (
            self.env["crm.account.plan.whitespace"]
            .with_user(self.user_rep_b)
            .read_group([("plan_id", "=", self.plan_fit.id)], ["potential_amount:sum"], ["area_id"])
        )
        self.assertEqual(
            {g["area_id"][0]: g["potential_amount"] for g in groups},
            {self.area_crm.id: 20000, self.area_erp.id: 50000},
        )

    def test_archived_area_disappears(self):
        self.area_erp.active = False
        self.env.invalidate_all()
        self.assertEqual(self.plan_fit.whitespace_ids.area_id, self.area_crm)


@tagged("post_install", "-at_install", "sales_ecosystem_perf")
class TestAccountPlanWhitespacePerformance(AccountPlanCommon):
    """The whitespace grid is computed for the plans read only: queries flat in the number of plans, a cell read by
    id is its plan's."""

    def _plans(self, count, prefix):
        accounts = self.env["res.partner"].create(
            [{"name": f"{prefix} {i}", "is_company": True} for i in range(count)]
        )
        plans = self.env["crm.account.plan"]
        for account in accounts:
            plans |= self._create_plan(account)
            self._won_lead(f"Win {account.name}", account, 500, tag_ids=[Command.set(self.tag_crm.ids)])
        return plans

    def test_queries_flat_in_plans(self):
        Cell = self.env["crm.account.plan.whitespace"].with_user(self.user_rep_b)

        def read(plans):
            cells = Cell.search([("plan_id", "in", plans.ids)])
            cells.mapped("status")
            return cells

        few, many = self._plans(2, "SE Few"), self._plans(12, "SE Many")
        read(few[:1])  # warm the registry caches
        queries_few = self._count_queries(lambda: read(few))
        queries_many = self._count_queries(lambda: read(many))
        self.assertEqual(queries_many, queries_few)
        cells = read(many)
        self.assertEqual(len(cells), 12 * 2, "one division x two areas per plan")
        self.assertEqual(set(cells.filtered(lambda c: c.area_id == self.area_crm).mapped("status")), {"won"})
        # read by id, alone, a cell is the same cell
        self.env.invalidate_all()
        cell = Cell.browse(cells[-1].id)
        self.assertEqual((cell.plan_id, cell.area_id), (cells[-1].plan_id, cells[-1].area_id))
        self.assertEqual(Cell.search([("id", "=", cells[0].id)]), cells[0])


@tagged("post_install", "-at_install")
class TestAccountPlanHealth(AccountPlanCommon):
    def test_health_score(self):
        plan = self.plan_fit
        plan.objective_ids = [
            Command.create({"name": "Revenue", "measure": "won_revenue", "target_value": 60000})
        ]
        plan.action_activate()
        self.assertEqual(plan.health_score, 30, "no relationships, no progress, no overdue action")
        self.assertEqual(plan.health_level, "at_risk")
        self._won_lead("Half", self.contact_fit, 30000)
        plan.relationship_ids = [
            Command.create({"partner_id": self.contact_fit.id, "buying_role": "champion"}),
            Command.create({"partner_id": self.contact_cfo.id, "buying_role": "economic_buyer"}),
        ]
        plan.initiative_ids = [
            Command.create({"name": "Late", "date_deadline": self.today - relativedelta(days=3)}),
            Command.create({"name": "On time", "date_deadline": self.today + relativedelta(days=3)}),
            Command.create(
                {"name": "Done late", "date_deadline": self.today - relativedelta(days=9), "state": "done"}
            ),
        ]
        self.env.invalidate_all()
        # coverage 2/4 x 40 + actions 1/2 x 30 + value 50% x 30
        self.assertEqual(plan.with_user(self.user_rep_other).health_score, 20 + 15 + 15)
        self.assertEqual(plan.health_level, "watch")
        self.assertEqual(plan.overdue_initiative_count, 1)
        # shown on the account
        self.assertEqual(self.partner_fit.with_user(self.user_rep_other).account_plan_health_score, 50)
        self.assertEqual(self.partner_fit.account_plan_id, plan)

    def test_review_overdue_flag(self):
        plan = self.plan_fit
        plan.objective_ids = [Command.create({"name": "Revenue", "target_value": 1})]
        plan.action_activate()
        Plan = self.env["crm.account.plan"].with_user(self.user_rep_b)
        self.assertFalse(Plan.search([("is_review_overdue", "=", True), ("id", "=", plan.id)]))
        plan.next_review_date = self.today - relativedelta(days=1)
        self.assertTrue(plan.is_review_overdue)
        self.assertEqual(Plan.search([("is_review_overdue", "=", True), ("id", "=", plan.id)]), plan)
        plan.action_close()
        self.assertFalse(plan.is_review_overdue, "closed plans are not due")


@tagged("post_install", "-at_install")
class TestAccountPlanReviewsInitiatives(AccountPlanCommon):
    @users("se_rep_a")
    def test_review_records_decisions_and_objective_changes(self):
        plan = self.plan_fit.with_user(self.env.user)
        plan.objective_ids = [Command.create({"name": "Revenue", "target_value": 100000})]
        plan.action_activate()
        plan.action_start_review()
        action = plan.action_new_review()
        review = (
            self.env["crm.account.plan.review"]
            .with_context(**action["context"])
            .create({"decisions": "Raise the target after the Q2 win"})
        )
        self.assertEqual(review.line_ids.objective_id, plan.objective_ids)
        self.assertEqual(review.line_ids.old_target_value, 100000)
        review.line_ids.new_target_value = 150000
        review.action_done()
        self.assertEqual(plan.objective_ids.target_value, 150000)
        self.assertEqual(review.line_ids.old_target_value, 100000, "the review keeps the previous target")
        self.assertEqual(review.state, "done")
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.next_review_date, review.date + relativedelta(months=3))
        review_type = self.env.ref("sales_ecosystem.mail_activity_type_account_plan_review")
        activities = plan.activity_ids.filtered(lambda a: a.activity_type_id == review_type)
        self.assertEqual(set(activities.mapped("date_deadline")), {plan.next_review_date})
        self.assertEqual(activities.user_id, self.user_rep_a | self.user_manager_a)

    @users("se_rep_a")
    def test_initiative_activity_for_owner(self):
        plan = self.plan_fit.with_user(self.env.user)
        initiative = self.env["crm.account.plan.initiative"].create(
            {
                "plan_id": plan.id,
                "name": "Executive workshop",
                "user_id": self.user_rep_b.id,
                "date_deadline": self.today + relativedelta(days=7),
            }
        )
        activity = initiative.activity_id
        self.assertEqual(
            (activity.user_id, activity.summary, activity.res_id),
            (self.user_rep_b, "Executive workshop", plan.id),
        )
        initiative.date_deadline = self.today + relativedelta(days=14)
        self.assertEqual(activity.date_deadline, self.today + relativedelta(days=14))
        # the owner marks the activity done: the initiative is done
        activity.with_user(self.user_rep_b).action_feedback(feedback="Held")
        self.assertEqual(initiative.state, "done")
        self.assertFalse(activity.active)
        # an initiative without due date has no activity
        other = self.env["crm.account.plan.initiative"].create({"plan_id": plan.id, "name": "Someday"})
        self.assertFalse(other.activity_id)
