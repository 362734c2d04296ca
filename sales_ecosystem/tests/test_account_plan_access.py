# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AccountPlanCommon, SalesEcosystemHttpCommon


@tagged("post_install", "-at_install")
class TestAccountPlanAccess(AccountPlanCommon):
    def _can_write(self, user, plan=None):
        plan = (plan or self.plan_fit).with_user(user)
        try:
            plan.write({"customer_goals": f"edited by {user.login}"})
            plan.flush_recordset()
        except AccessError:
            return False
        return True

    def test_who_edits(self):
        self.assertTrue(self._can_write(self.user_rep_a), "owner")
        self.assertTrue(self._can_write(self.user_manager_a), "sponsor, and manager of team A")
        self.assertFalse(self._can_write(self.user_rep_b), "another rep of the team reads only")
        self.assertFalse(self._can_write(self.user_rep_other))
        self.assertFalse(self._can_write(self.user_manager_b), "manager of another team")
        self.assertTrue(self._can_write(self.user_admin_se))
        # team members may edit
        self.plan_fit.with_user(self.user_rep_a).member_ids = [
            Command.create({"user_id": self.user_rep_b.id, "role": "presales"})
        ]
        self.assertTrue(self._can_write(self.user_rep_b))

    def test_manager_edits_team_plans_without_being_sponsor(self):
        self.plan_fit.sponsor_id = self.user_admin_se
        self.assertTrue(self._can_write(self.user_manager_a))
        plan_b = self._create_plan(self.partner_unfit, user=self.user_rep_other, sponsor_id=False)
        self.assertEqual(plan_b.team_id, self.team_b)
        self.assertFalse(self._can_write(self.user_manager_a, plan_b))
        self.assertTrue(self._can_write(self.user_manager_b, plan_b))

    def test_reads_and_lines(self):
        plan = self.plan_fit.with_user(self.user_rep_other)
        self.assertEqual(plan.name, "Fit Corp plan", "every rep of the company reads plans")
        with self.assertRaises(AccessError):
            self.env["crm.account.plan.relationship"].with_user(self.user_rep_other).create(
                {"plan_id": self.plan_fit.id, "partner_id": self.contact_fit.id}
            )
        with self.assertRaises(AccessError):
            self.env["crm.account.plan.objective"].with_user(self.user_rep_other).create(
                {"plan_id": self.plan_fit.id, "name": "Sneaky", "target_value": 1}
            )
        line = (
            self.env["crm.account.plan.relationship"]
            .with_user(self.user_rep_a)
            .create({"plan_id": self.plan_fit.id, "partner_id": self.contact_fit.id})
        )
        with self.assertRaises(AccessError):
            line.with_user(self.user_rep_other).unlink()
        line.with_user(self.user_rep_a).unlink()

    def test_create_and_delete(self):
        Plan = self.env["crm.account.plan"]
        with self.assertRaises(AccessError):
            Plan.with_user(self.user_rep_b).create(
                {
                    "name": "For someone else",
                    "partner_id": self.partner_unfit.id,
                    "user_id": self.user_rep_other.id,
                }
            )
        own = Plan.with_user(self.user_rep_b).create({"name": "Mine", "partner_id": self.partner_unfit.id})
        with self.assertRaises(AccessError):
            own.unlink()
        own.with_user(self.user_manager_a).unlink()

    def test_multi_company(self):
        with self.assertRaises(AccessError):
            self.plan_fit.with_user(self.user_rep_c2).read(["name"])
        self.assertFalse(self.env["crm.account.plan"].with_user(self.user_rep_c2).search([]))
        self.assertFalse(self.env["crm.account.plan.whitespace"].with_user(self.user_rep_c2).search([]))


@tagged("post_install", "-at_install")
class TestAccountPlanReport(AccountPlanCommon):
    def test_pdf_renders_plan_content(self):
        plan = self.plan_fit
        plan.write(
            {
                "customer_goals": "Expand to 12 countries",
                "objective_ids": [Command.create({"name": "Win the ERP rollout", "target_value": 80000})],
                "relationship_ids": [
                    Command.create({"partner_id": self.contact_cfo.id, "buying_role": "economic_buyer"})
                ],
                "initiative_ids": [Command.create({"name": "Board-level workshop"})],
            }
        )
        self._won_lead("HQ CRM", self.contact_fit, 40000, tag_ids=[Command.set(self.tag_crm.ids)])
        report = self.env.ref("sales_ecosystem.crm_account_plan_report").with_user(self.user_rep_b)
        html = report._render_qweb_html(report.report_name, plan.ids)[0].decode()
        for text in (
            "Fit Corp plan",
            "Win the ERP rollout",
            "Carla CFO",
            "Economic Buyer",
            "Board-level workshop",
            "Expand to 12 countries",
            "FitFrance SAS",
            "Whitespace",
            "Single-threaded",
        ):
            self.assertIn(text, html)
        self.assertIn("o_account_plan_whitespace", html)
        self.assertIn("50 %", html, "progress of the objective")
        # the PDF action renders this same template (wkhtmltopdf is not run inside tests)
        action = plan.with_user(self.user_rep_b).action_print()
        self.assertEqual(action["report_name"], "sales_ecosystem.report_account_plan")
        self.assertEqual(action["type"], "ir.actions.report")


@tagged("post_install", "-at_install")
class TestAccountPlanTour(SalesEcosystemHttpCommon, AccountPlanCommon):
    def test_key_account_manager_builds_plan(self):
        self.se_start_tour(
            "/odoo/action-sales_ecosystem.crm_account_plan_action",
            "sales_ecosystem_account_plan_tour",
            "se_rep_a",
        )
        plan = self.env["crm.account.plan"].search([("name", "=", "Fit Corp 2027 expansion")])
        self.assertEqual(plan.partner_id, self.partner_fit)
        self.assertEqual(plan.user_id, self.user_rep_a)
        self.assertEqual(plan.objective_ids.name, "Double the ERP footprint")
        # the form started the map with the account's contacts (its division's included)
        self.assertEqual(
            plan.relationship_ids.partner_id, self.contact_fit | self.contact_cfo | self.contact_fr
        )
        cfo = plan.relationship_ids.filtered(lambda line: line.partner_id == self.contact_cfo)
        self.assertEqual(cfo.buying_role, "economic_buyer")
