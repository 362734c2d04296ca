from odoo.tests import tagged

from .common import GROUP_ADMIN, GROUP_MANAGER, GROUP_USER, SalesEcosystemCommon


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
