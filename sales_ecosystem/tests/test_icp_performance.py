# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.tests import tagged

from .common import IcpCommon


@tagged("post_install", "-at_install")
class TestIcpPerformance(IcpCommon):
    def _count_queries(self, leads):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        leads._recompute_icp()
        return self.env.cr.sql_log_count - before

    def test_scoring_cost_independent_of_volume(self):
        """Scoring 10 or 200 deals costs the same number of queries (batch computes, one query per domain)."""
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Account {i}",
                    "is_company": True,
                    "industry_id": (self.industry_tech if i % 2 else self.industry_retail).id,
                    "country_id": self.country_be.id,
                    "employee_count": 10 * i,
                }
                for i in range(200)
            ]
        )
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"Deal {i}",
                    "type": "opportunity",
                    "partner_id": partners[i].id,
                    "team_id": self.team_a.id,
                }
                for i in range(200)
            ]
        )
        self.env.flush_all()
        few = self._count_queries(leads[:10])
        many = self._count_queries(leads)
        self.assertEqual(few, many, "query count must not grow with the number of deals")
        self.assertLess(many, 20)
        self.assertEqual(set(leads.mapped("icp_tier")) - {"a", "b", "c", "off"}, set())
