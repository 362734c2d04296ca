# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import ForecastCommon


@tagged("post_install", "-at_install")
class TestForecastPeriodQuota(ForecastCommon):
    """Generated periods, quotas and their import."""

    def test_periods_generated_by_month_or_quarter(self):
        self.assertEqual(self.period.date_from, self.today.replace(day=1))
        self.assertEqual(self.period.date_to, self.today.replace(day=1) + relativedelta(months=1, days=-1))
        self.assertEqual(self.period.state, "open")
        Period = self.env["crm.forecast.period"]
        created = Period._generate(self.company_main, day=self.today, count=2)
        self.assertEqual(len(created), 1, "the existing period is kept, the next one is added")
        self.assertEqual(created.date_from, self.period.date_to + relativedelta(days=1))
        self.env["ir.config_parameter"].set_param("sales_ecosystem.forecast_period_type", "quarter")
        later = self.today + relativedelta(months=6)
        quarter = Period._generate(self.company_main, day=later, count=1)
        self.assertEqual(quarter.period_type, "quarter")
        self.assertEqual(
            (quarter.date_to.year * 12 + quarter.date_to.month)
            - (quarter.date_from.year * 12 + quarter.date_from.month),
            2,
        )
        self.assertIn(" Q", quarter.name)

    def test_overlapping_period_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "overlaps"):
            self.env["crm.forecast.period"].create(
                {
                    "name": "Overlap",
                    "date_from": self.period.date_from + relativedelta(days=3),
                    "date_to": self.period.date_to + relativedelta(days=3),
                }
            )

    def test_quotas_negative_or_duplicate_refused(self):
        Quota = self.env["crm.forecast.quota"].with_user(self.user_admin_se)
        Quota.create({"period_id": self.period.id, "user_id": self.user_rep_a.id, "amount": 50000})
        with self.assertRaisesRegex(ValidationError, "Bob Rep: the Quota cannot be negative"):
            Quota.create({"period_id": self.period.id, "user_id": self.user_rep_b.id, "amount": -1})
        with self.assertRaisesRegex(ValidationError, "Alice Rep has 2 quotas"):
            Quota.create({"period_id": self.period.id, "user_id": self.user_rep_a.id, "amount": 1000})
        with self.assertRaisesRegex(ValidationError, "either a Salesperson or a Sales Team"):
            Quota.create(
                {
                    "period_id": self.period.id,
                    "user_id": self.user_rep_b.id,
                    "team_id": self.team_a.id,
                    "amount": 1000,
                }
            )
        self.assertEqual(len(self.period.quota_ids), 1)

    def test_quota_access(self):
        Quota = self.env["crm.forecast.quota"]
        mine = Quota.create({"period_id": self.period.id, "user_id": self.user_rep_a.id, "amount": 1})
        team = Quota.create({"period_id": self.period.id, "team_id": self.team_a.id, "amount": 2})
        other = Quota.create({"period_id": self.period.id, "user_id": self.user_rep_other.id, "amount": 3})
        self.assertEqual(Quota.with_user(self.user_rep_a).search([]), mine | team)
        self.assertEqual(Quota.with_user(self.user_manager_a).search([]), mine | team)
        self.assertEqual(
            Quota.with_user(self.user_admin_se).search([("id", "in", (mine | team | other).ids)]),
            mine | team | other,
        )
        self.assertFalse(
            Quota.with_user(self.user_rep_c2).search([]), "another company's quotas are not seen"
        )
        with self.assertRaises(AccessError):
            Quota.with_user(self.user_rep_a).create(
                {"period_id": self.period.id, "user_id": self.user_rep_a.id, "amount": 1e9}
            )

    def _import(self, text):
        wizard = (
            self.env["crm.forecast.quota.import"]
            .with_user(self.user_admin_se)
            .create(
                {"period_id": self.period.id, "file": base64.b64encode(text.encode()), "filename": "q.csv"}
            )
        )
        wizard.action_import()
        return wizard

    def test_import_all_or_nothing(self):
        wizard = self._import(
            "salesperson,team,amount\nse_rep_a,,40000\nnobody,,1\nse_rep_b,,-5\n,SE Team A,90000\nse_rep_a,,3\n"
        )
        self.assertEqual(wizard.state, "failed")
        self.assertIn("Row 3: 0 records match salesperson 'nobody'", wizard.result)
        self.assertIn("Row 4", wizard.result)
        self.assertIn("Row 6: salesperson 'se_rep_a' appears twice", wizard.result)
        self.assertFalse(self.period.quota_ids, "nothing half-imported")
        wizard = self._import(
            "salesperson;team;amount\nse_rep_a;;40000\nse_rep_b@example.com;;30000\n;SE Team A;90000\n"
        )
        self.assertEqual(wizard.state, "done", wizard.result)
        self.assertEqual(
            sorted((q.user_id.login or q.team_id.name, q.amount) for q in self.period.quota_ids),
            [("SE Team A", 90000), ("se_rep_a", 40000), ("se_rep_b", 30000)],
        )
        self.assertEqual(self.period.quota_total, 90000)
