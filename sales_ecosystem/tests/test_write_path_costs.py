# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the addon adds to core's write path costs a constant per batch, never queries per lead: core converts and
assigns leads one ``write`` at a time (crm's mass conversion and lead assignment), so an after-effect run at each
write would cost queries per lead (crm's own query budgets catch it: see README, core suites)."""

from odoo.tests import tagged

from .common import CoexistenceCommon


@tagged("post_install", "-at_install", "sales_ecosystem_perf")
class TestWritePathCosts(CoexistenceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Customer {index}", "is_company": True} for index in range(20)]
        )

    def _new_leads(self, count):
        return self.env["crm.lead"].create(
            [
                {"name": f"Lead {index}", "type": "lead", "team_id": self.stock_team.id, "stage_id": False}
                for index in range(count)
            ]
        )

    def _convert_one_by_one(self, count):
        """Queries of converting ``count`` leads the way crm's conversion does (one write per lead, with a search in
        between, as its duplicate lookup does), flush included."""
        leads = self._new_leads(count).with_user(self.stock_sales_admin)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        for lead, customer in zip(leads, self.customers, strict=False):
            lead.write(
                {"type": "opportunity", "partner_id": customer.id, "stage_id": self.stock_stage_new.id}
            )
            self.env["crm.lead"].with_user(self.stock_sales_admin).search_count([("name", "=", lead.name)])
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def _cost(self, count, enabled):
        """Queries of :meth:`_convert_one_by_one` with the addon's capabilities on or off (caches warmed first:
        switching clears them)."""
        for capability in ("icp", "gates", "health", "commissions"):
            self._set_capability(capability, enabled)
        self._convert_one_by_one(2)
        return self._convert_one_by_one(count)

    def test_one_write_per_lead_costs_a_constant(self):
        extra = {count: self._cost(count, True) - self._cost(count, False) for count in (5, 15)}
        self.assertEqual(
            extra[5],
            extra[15],
            "the addon's queries on one-by-one writes must not grow with the number of leads",
        )

    def test_one_write_per_lead_costs_a_constant_with_a_strategy(self):
        """With a target list, the Off-Strategy reason rule is live: on a conversion into the first stage it must
        not read the reason or the strategy (stored computes that would force crm's probability to be computed
        lead by lead: four queries per lead in crm's mass conversion)."""
        self.env["crm.target.list"].create(
            {
                "name": "Strategic accounts",
                "date_from": "2020-01-01",
                "line_ids": [(0, 0, {"partner_id": self.customers[0].id})],
            }
        )
        extra = {count: self._cost(count, True) - self._cost(count, False) for count in (5, 15)}
        self.assertEqual(
            extra[5], extra[15], "the strategy rule's queries must not grow with the number of leads"
        )

    def test_health_is_checked_once_per_flush(self):
        leads = self._new_leads(4)
        self.env.flush_all()
        field = leads._fields["health_status"]
        for lead, customer in zip(leads, self.customers, strict=False):
            lead.write(
                {"type": "opportunity", "partner_id": customer.id, "stage_id": self.stock_stage_new.id}
            )
        self.assertEqual(
            self.env.records_to_compute(field) & leads, leads, "re-checked at the next flush, in one batch"
        )
        self.assertEqual(set(leads.mapped("health_status")) - {"healthy", "at_risk", "troubled"}, set())
        self.assertFalse(self.env.records_to_compute(field) & leads)
        leads[0].action_set_lost()
        self.assertFalse(leads[0].health_status, "a lost deal has no health")

    def test_configuration_lookups_are_cached(self):
        TargetList = self.env["crm.target.list"]
        Profile = self.env["crm.icp.profile"]
        Lead = self.env["crm.lead"]
        for lookup in (
            Lead._strategy_exists,
            Profile._get_profiles_by_scope,
            TargetList._get_companies_with_active_lists,
            self.env["crm.deal.health.signal"]._get_active_by_code,
        ):
            lookup()
            with self.assertQueryCount(0):
                lookup()
        self.assertFalse(Lead._strategy_exists(), "nothing configured")
        target_list = TargetList.create({"name": "Targets", "company_id": self.env.company.id})
        self.assertIn(self.env.company.id, TargetList._get_companies_with_active_lists(), "a new list counts")
        self.assertTrue(Lead._strategy_exists())
        target_list.active = False
        self.assertNotIn(self.env.company.id, TargetList._get_companies_with_active_lists(), "archived: gone")
        profile = Profile.create({"name": "Ideal", "company_id": self.env.company.id, "is_default": True})
        self.assertEqual(Profile._get_profiles_by_scope().get((self.env.company.id, False)), profile)
        signal = self.env["crm.deal.health.signal"]._get_active_by_code()["inactive"]
        signal.active = False
        self.assertNotIn("inactive", self.env["crm.deal.health.signal"]._get_active_by_code())
