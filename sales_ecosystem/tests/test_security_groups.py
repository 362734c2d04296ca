# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command
from odoo.tests import tagged

from .common import GROUP_ADMIN, GROUP_MANAGER, GROUP_SALESMAN, GROUP_USER, SalesEcosystemCommon


@tagged("post_install", "-at_install")
class TestSecurityGroups(SalesEcosystemCommon):
    def test_group_hierarchy(self):
        """Administrator implies Manager implies User, and each is tied to the CRM groups."""
        self.assertTrue(self.user_admin_se.has_group(GROUP_MANAGER))
        self.assertTrue(self.user_admin_se.has_group(GROUP_USER))
        self.assertTrue(self.user_manager_a.has_group(GROUP_USER))
        self.assertFalse(self.user_manager_a.has_group(GROUP_ADMIN))
        self.assertFalse(self.user_rep_a.has_group(GROUP_MANAGER))
        self.assertTrue(self.user_rep_a.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(self.user_rep_a.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertTrue(self.user_manager_a.has_group("sales_team.group_sale_salesman_all_leads"))

    def test_groups_in_sales_ecosystem_privilege(self):
        group = self.env.ref(GROUP_MANAGER)
        self.assertEqual(group.privilege_id.name, "Sales Ecosystem")

    def test_stock_sales_groups_map_onto_the_addon(self):
        """Every stock Sales user has the addon's groups (Salesman and All Documents: User; Administrator:
        Administrator), existing users included, without being given them one by one."""
        Users = self.env["res.users"].with_context(no_reset_password=True)
        salesman = Users.create(
            {
                "name": "Stock Salesman",
                "login": "se_map_salesman",
                "group_ids": [Command.link(self.env.ref(GROUP_SALESMAN).id)],
            }
        )
        all_docs = Users.create(
            {
                "name": "Stock All Documents",
                "login": "se_map_all_docs",
                "group_ids": [Command.link(self.env.ref("sales_team.group_sale_salesman_all_leads").id)],
            }
        )
        sales_admin = Users.create(
            {
                "name": "Stock Sales Administrator",
                "login": "se_map_sales_admin",
                "group_ids": [Command.link(self.env.ref("sales_team.group_sale_manager").id)],
            }
        )
        for user in salesman | all_docs:
            self.assertTrue(user.has_group(GROUP_USER), user.name)
            self.assertFalse(user.has_group(GROUP_MANAGER), user.name)
        self.assertTrue(sales_admin.has_group(GROUP_ADMIN))
        # an employee outside Sales gets nothing of the addon
        employee = Users.create({"name": "Plain Employee", "login": "se_map_employee"})
        self.assertFalse(employee.has_group(GROUP_USER))
