# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Two real transactions settling at once (not wrapped in the test transaction: data is committed, then removed)."""

from datetime import date

import psycopg2.errors

from odoo import api
from odoo.addons.base.models.res_users import SUPERUSER_ID
from odoo.exceptions import ConcurrencyError
from odoo.modules.registry import Registry
from odoo.tests import tagged
from odoo.tests.common import BaseCase, get_db_name
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestCommissionConcurrentSettlement(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def setUp(self):
        super().setUp()
        self.created = {}
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            won = env["crm.stage"].create({"name": "SE Concurrency Won", "sequence": 99, "is_won": True})
            account = env["res.partner"].create({"name": "SE Concurrency Account", "is_company": True})
            rep = env["res.users"].create({"name": "SE Concurrency Rep", "login": "se_concurrency_rep"})
            target_list = env["crm.target.list"].create(
                {
                    "name": "SE Concurrency List",
                    "company_id": company.id,
                    "date_from": "2020-01-01",
                    "line_ids": [(0, 0, {"partner_id": account.id})],
                }
            )
            plan = env["crm.commission.plan"].create(
                {
                    "name": "SE Concurrency Plan",
                    "company_id": company.id,
                    "rate": 10,
                    "assignment_ids": [(0, 0, {"user_id": rep.id, "date_from": "2020-01-01"})],
                }
            )
            leads = env["crm.lead"].create(
                [
                    {
                        "name": f"SE Concurrency Deal {index}",
                        "type": "opportunity",
                        "partner_id": account.id,
                        "user_id": rep.id,
                        "team_id": False,
                        "company_id": company.id,
                        "stage_id": won.id,
                        "expected_revenue": 1000,
                        "date_closed": f"2026-0{1 + index % 3}-10 10:00:00",
                    }
                    for index in range(9)
                ]
            )
            self.created = {
                "company": company.id,
                "stage": won.id,
                "partner": account.id,
                "user": rep.id,
                "list": target_list.id,
                "plan": plan.id,
                "leads": leads.ids,
                "lines": leads.commission_line_ids.ids,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        ids = self.created
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # Locked commission lines cannot be deleted through the ORM (by design): remove the test data in SQL.
            cr.execute("DELETE FROM crm_commission_line WHERE lead_id = ANY(%s)", [ids["leads"]])
            cr.execute("DELETE FROM crm_commission_statement WHERE user_id = %s", [ids["user"]])
            env["crm.lead"].browse(ids["leads"]).unlink()
            env["crm.commission.plan"].browse(ids["plan"]).unlink()
            env["crm.target.list"].browse(ids["list"]).unlink()
            env["crm.stage"].browse(ids["stage"]).unlink()
            env["res.users"].browse(ids["user"]).unlink()
            env["res.partner"].browse(ids["partner"]).unlink()

    def _settle(self, cr):
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env["res.company"].browse(self.created["company"])
        return env["crm.commission.statement"]._settle(date(2026, 12, 31), company)

    def _settled_state(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT r.statement_id, count(*) FROM crm_commission_line l "
                "LEFT JOIN crm_commission_statement_line_rel r ON r.line_id = l.id "
                "WHERE l.id = ANY(%s) GROUP BY r.statement_id",
                [self.created["lines"]],
            )
            by_statement = dict(cr.fetchall())
            cr.execute(
                "SELECT count(*), count(DISTINCT period_start) FROM crm_commission_statement WHERE user_id = %s",
                [self.created["user"]],
            )
            return by_statement, cr.fetchone()

    def test_two_runs_at_once_settle_each_line_once(self):
        self.assertEqual(len(self.created["lines"]), 9)
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            count1, statements1, skipped1 = self._settle(cr1)  # holds its locks until commit
            count2, statements2, skipped2 = self._settle(cr2)  # runs while the first is in flight
            self.assertEqual((count1, len(statements1), bool(skipped1)), (9, 3, False))
            self.assertEqual((count2, len(statements2), bool(skipped2)), (0, 0, True))
            cr2.commit()
            cr1.commit()
        by_statement, (statement_count, period_count) = self._settled_state()
        self.assertNotIn(None, by_statement, "every line is settled")
        self.assertEqual(sorted(by_statement.values()), [3, 3, 3])
        self.assertEqual((statement_count, period_count), (3, 3), "one statement per rep and period")
        # Rerun after both: nothing new
        with self.registry.cursor() as cr:
            count, statements, _skipped = self._settle(cr)
            self.assertEqual((count, len(statements)), (0, 0))

    @mute_logger("odoo.sql_db")
    def test_stale_transaction_cannot_settle_twice(self):
        """A run whose snapshot predates another run's commit is refused by the statements' unique key with a
        concurrency error, which Odoo retries (never duplicates)."""
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            cr2.execute("SELECT count(*) FROM crm_commission_line")  # cr2's snapshot starts now
            count1, _statements, _skipped = self._settle(cr1)
            cr1.commit()
            self.assertEqual(count1, 9)
            with self.assertRaises(ConcurrencyError):
                self._settle(cr2)
            cr2.rollback()
            count2, _statements, _skipped = self._settle(cr2)  # what a retry does: nothing left
            self.assertEqual(count2, 0)
            cr2.commit()
        by_statement, (statement_count, _periods) = self._settled_state()
        self.assertEqual(sorted(by_statement.values()), [3, 3, 3])
        self.assertEqual(statement_count, 3)

    @mute_logger("odoo.sql_db")
    def test_settlement_never_fills_a_statement_confirmed_concurrently(self):
        with self.registry.cursor() as cr:
            self._settle(cr)
            env = api.Environment(cr, SUPERUSER_ID, {})
            late = env["crm.lead"].create(
                {
                    "name": "SE Concurrency Late Deal",
                    "type": "opportunity",
                    "partner_id": self.created["partner"],
                    "user_id": self.created["user"],
                    "team_id": False,
                    "stage_id": self.created["stage"],
                    "expected_revenue": 1000,
                    "date_closed": "2026-01-20 10:00:00",
                }
            )
            self.created["leads"].append(late.id)
            january = env["crm.commission.statement"].search(
                [("user_id", "=", self.created["user"]), ("period_start", "=", "2026-01-01")]
            )
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            cr2.execute(
                "SELECT count(*) FROM crm_commission_statement"
            )  # cr2's snapshot starts: January is draft
            api.Environment(cr1, SUPERUSER_ID, {})["crm.commission.statement"].browse(
                january.id
            ).action_confirm()
            cr1.commit()
            with self.assertRaises(psycopg2.errors.SerializationFailure):
                self._settle(cr2)
            cr2.rollback()
            count, statements, _skipped = self._settle(cr2)  # the retry sees January confirmed
            cr2.commit()
            self.assertEqual(count, 1)
            self.assertEqual(statements.period_start, date(2026, 2, 1), "into the next open period")
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM crm_commission_statement_line_rel WHERE statement_id = %s", [january.id]
            )
            self.assertEqual(cr.fetchone()[0], 3, "the confirmed statement kept its lines only")
