# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged, users

from .common import AccountPlanCommon


@tagged("post_install", "-at_install")
class TestAccountPlanStates(AccountPlanCommon):
    @users("se_rep_a")
    def test_lifecycle(self):
        plan = self.plan_fit.with_user(self.env.user)
        self.assertEqual(plan.state, "draft")
        with self.assertRaisesMessage(UserError, "Objectives"):
            plan.action_activate()
        plan.objective_ids = [
            Command.create({"name": "Grow", "measure": "won_revenue", "target_value": 100000})
        ]
        plan.action_activate()
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.next_review_date, self.today + relativedelta(months=3))
        review_type = self.env.ref("sales_ecosystem.mail_activity_type_account_plan_review")
        activities = plan.activity_ids.filtered(lambda a: a.activity_type_id == review_type)
        self.assertEqual(activities.user_id, self.user_rep_a | self.user_manager_a, "owner and sponsor")
        self.assertEqual(set(activities.mapped("date_deadline")), {plan.next_review_date})
        plan.action_start_review()
        self.assertEqual(plan.state, "review")
        plan.action_close()
        self.assertEqual(plan.state, "closed")
        self.assertFalse(plan.activity_ids.filtered(lambda a: a.activity_type_id == review_type))
        with self.assertRaisesMessage(UserError, "Status"):
            plan.action_start_review()
        plan.action_reset_draft()
        self.assertEqual(plan.state, "draft")

    @users("se_rep_a")
    def test_create_with_form_sets_team_and_followers(self):
        form = Form(self.env["crm.account.plan"])
        form.name = "Unfit plan"
        form.partner_id = self.partner_unfit
        plan = form.save()
        self.assertEqual(plan.user_id, self.env.user)
        self.assertEqual(plan.team_id, self.team_a)
        self.assertIn(self.env.user.partner_id, plan.message_partner_ids)


@tagged("post_install", "-at_install")
class TestAccountPlanBadInput(AccountPlanCommon):
    def _activate(self, plan):
        plan.objective_ids = [Command.create({"name": "Grow", "target_value": 1})]
        plan.action_activate()

    @users("se_rep_a")
    def test_overlapping_active_plans(self):
        self._activate(self.plan_fit.with_user(self.env.user))
        other = self._create_plan(self.partner_fit, name="Second plan").with_user(self.env.user)
        with self.assertRaisesMessage(ValidationError, "Second plan.*Fit Corp plan"):
            self._activate(other)
        self.assertEqual(other.state, "draft", "nothing saved")
        # a plan after the first one's period may be active
        other.write(
            {
                "date_start": self.plan_fit.date_end + relativedelta(days=1),
                "date_end": self.plan_fit.date_end + relativedelta(years=1),
            }
        )
        self._activate(other)
        self.assertEqual(other.state, "active")

    @users("se_rep_a")
    def test_end_before_start(self):
        Plan = self.env["crm.account.plan"]
        with self.assertRaisesMessage(ValidationError, "End.*Start"):
            Plan.create(
                {
                    "name": "Backwards",
                    "partner_id": self.partner_unfit.id,
                    "date_start": self.today,
                    "date_end": self.today - relativedelta(days=1),
                }
            )
        self.assertFalse(Plan.search([("name", "=", "Backwards")]))

    @users("se_rep_a")
    def test_negative_target_saves_nothing(self):
        Plan = self.env["crm.account.plan"]
        with self.assertRaisesMessage(ValidationError, "Shrink.*Target"):
            Plan.create(
                {
                    "name": "Half plan",
                    "partner_id": self.partner_unfit.id,
                    "objective_ids": [
                        Command.create({"name": "Grow", "target_value": 10}),
                        Command.create({"name": "Shrink", "target_value": -5}),
                    ],
                }
            )
        self.assertFalse(Plan.search([("name", "=", "Half plan")]))
        self.assertFalse(self.env["crm.account.plan.objective"].search([("name", "=", "Grow")]))

    @users("se_rep_a")
    def test_contact_of_another_account(self):
        plan = self.plan_fit.with_user(self.env.user)
        with self.assertRaisesMessage(ValidationError, "Ursula Unfit.*Fit Corp"):
            plan.relationship_ids = [
                Command.create({"partner_id": self.contact_fit.id, "buying_role": "champion"}),
                Command.create({"partner_id": self.contact_unfit.id, "buying_role": "economic_buyer"}),
            ]
        self.assertFalse(plan.relationship_ids, "the valid line is not saved either")
        # a contact of a division belongs to the account
        plan.relationship_ids = [
            Command.create({"partner_id": self.contact_fr.id, "buying_role": "user_buyer"})
        ]
        self.assertEqual(plan.relationship_ids.partner_id, self.contact_fr)

    @users("se_rep_a")
    def test_customer_counterpart_of_another_account(self):
        with self.assertRaisesMessage(ValidationError, "Customer Counterpart"):
            self.plan_fit.with_user(self.env.user).customer_sponsor_id = self.contact_unfit

    @users("se_rep_a")
    def test_initiative_due_before_start(self):
        with self.assertRaisesMessage(ValidationError, "Due Date"):
            self.env["crm.account.plan.initiative"].create(
                {
                    "plan_id": self.plan_fit.id,
                    "name": "Workshop",
                    "date_start": self.today,
                    "date_deadline": self.today - relativedelta(days=2),
                }
            )


@tagged("post_install", "-at_install")
class TestAccountPlanLeads(AccountPlanCommon):
    def test_opportunities_link_to_active_plan(self):
        open_lead = self._create_lead("Open at HQ", partner=self.contact_fit, expected_revenue=40000)
        division_lead = self._create_lead("Open in France", partner=self.contact_fr, expected_revenue=10000)
        won_lead = self._won_lead("Won", self.contact_cfo, 25000)
        other_lead = self._create_lead("Elsewhere", partner=self.contact_unfit)
        self.assertFalse(open_lead.account_plan_id, "a draft plan takes no deals")
        plan = self.plan_fit.with_user(self.user_rep_a)
        plan.objective_ids = [Command.create({"name": "Grow", "target_value": 100000})]
        plan.action_activate()
        self.assertEqual(open_lead.account_plan_id, self.plan_fit)
        self.assertEqual(division_lead.account_plan_id, self.plan_fit, "divisions belong to the account")
        self.assertEqual(won_lead.account_plan_id, self.plan_fit)
        self.assertFalse(other_lead.account_plan_id)
        new_lead = self._create_lead("New", partner=self.contact_fit, expected_revenue=5000)
        self.assertEqual(new_lead.account_plan_id, self.plan_fit)
        # the plan shows pipeline and won value vs target, also to a rep who does not own the deals
        plan_b = self.plan_fit.with_user(self.user_rep_other)
        self.assertEqual(plan_b.pipeline_amount, 55000)
        self.assertEqual(plan_b.won_amount, 25000)
        self.assertEqual(plan_b.target_amount, 100000)
        self.assertEqual(plan_b.lead_count, 4)
        plan.action_close()
        self.assertFalse(open_lead.account_plan_id, "a closed plan releases its deals")
