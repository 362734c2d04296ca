# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The upgrade scripts of ``migrations/``, run on this database as an upgrade from the previous version would run
them (DDL is transactional in PostgreSQL: the test's rollback restores the columns)."""

import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def load_script(version, name):
    spec = importlib.util.spec_from_file_location(f"se_migration_{name}", MIGRATIONS / version / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestUpgradeTo120(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leads = cls.env["crm.lead"].create(
            [{"name": f"Upgraded deal {index}", "type": "opportunity"} for index in range(3)]
        )

    def test_new_deal_columns_prefilled_in_one_go(self):
        """The columns 19.0.1.2.0 adds are created with their computes' values before any decision: a deal needing
        attention is pending review, the others not; no risk score or forecast category yet."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            "UPDATE crm_lead SET health_status = CASE id WHEN %s THEN 'at_risk' WHEN %s THEN 'troubled' "
            "ELSE 'healthy' END WHERE id IN %s",
            [self.leads[0].id, self.leads[1].id, tuple(self.leads.ids)],
        )
        cr.execute(
            "ALTER TABLE crm_lead DROP COLUMN is_review_pending CASCADE, DROP COLUMN health_risk_score CASCADE, "
            "DROP COLUMN forecast_category CASCADE"  # CASCADE: the reporting views read them (rolled back)
        )
        load_script("19.0.1.2.0", "pre-migrate").migrate(cr, "19.0.1.1.0")
        cr.execute(
            "SELECT id, is_review_pending, health_risk_score, forecast_category FROM crm_lead WHERE id IN %s ORDER BY id",
            [tuple(self.leads.ids)],
        )
        self.assertEqual(
            cr.fetchall(),
            [
                (self.leads[0].id, True, 0.0, None),
                (self.leads[1].id, True, 0.0, None),
                (self.leads[2].id, False, 0.0, None),
            ],
        )
        load_script("19.0.1.2.0", "pre-migrate").migrate(cr, "19.0.1.1.0")  # idempotent: nothing to create
        self.env.invalidate_all()

    def test_calibrated_severities_only_where_unchanged(self):
        no_next_step = self.env.ref("sales_ecosystem.deal_health_signal_no_next_step")
        single_threaded = self.env.ref("sales_ecosystem.deal_health_signal_single_threaded")
        no_next_step.severity = "warning"  # still the old default
        single_threaded.severity = "critical"  # an administrator's choice
        cron = self.env.ref("sales_ecosystem.ir_cron_deal_health")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        load_script("19.0.1.2.0", "post-migrate").migrate(self.env.cr, "19.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(no_next_step.severity, "info")
        self.assertEqual(single_threaded.severity, "critical", "an administrator's edit is kept")
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            triggers + (1 if cron.active else 0),
            "the health re-check is triggered to fill the risk scores",
        )

    def test_board_company_rule_moved_where_unchanged(self):
        rule = self.env.ref("sales_ecosystem.crm_forecast_board_rule_company")
        rule.domain_force = "[('company_id', 'in', company_ids)]"
        load_script("19.0.1.2.0", "post-migrate").migrate(self.env.cr, "19.0.1.1.0")
        self.assertEqual(rule.domain_force, "[('period_id.company_id', 'in', company_ids)]")
        rule.domain_force = "[('company_id', 'in', company_ids), ('user_id', '!=', False)]"  # an admin's edit
        load_script("19.0.1.2.0", "post-migrate").migrate(self.env.cr, "19.0.1.1.0")
        self.assertEqual(rule.domain_force, "[('company_id', 'in', company_ids), ('user_id', '!=', False)]")

    def test_no_script_on_install(self):
        load_script("19.0.1.2.0", "pre-migrate").migrate(self.env.cr, None)
        load_script("19.0.1.2.0", "post-migrate").migrate(self.env.cr, None)


@tagged("post_install", "-at_install")
class TestUpgradeTo130(TransactionCase):
    def test_closed_periods_get_their_rollup_accuracy(self):
        """A period closed before 19.0.1.3.0 gets the roll-up accuracy a close gives (the company's commit against
        what it won); a closed period without calls and an open one are left unscored."""
        company = self.env.company
        Period = self.env["crm.forecast.period"]
        Period.search([("company_id", "=", company.id)]).unlink()
        periods = Period.create(
            [
                {
                    "name": f"Upgraded {month}",
                    "date_from": f"2025-{month:02d}-01",
                    "date_to": f"2025-{month:02d}-28",
                }
                for month in (1, 2, 3)
            ]
        )
        rep = self.env.user
        Call = self.env["crm.forecast.call"]
        for period in periods[0] | periods[2]:
            Call.create(
                {"period_id": period.id, "user_id": rep.id, "commit_amount": 8000, "best_case_amount": 9000}
            )
        won = self.env["crm.lead"].create(
            {"name": "Upgraded win", "type": "opportunity", "expected_revenue": 10000, "user_id": rep.id}
        )
        won.action_set_won()
        won.date_closed = "2025-01-15 10:00:00"
        (periods[0] | periods[1]).write({"state": "closed"})
        self.env.flush_all()
        self.assertFalse(periods[0].accuracy)
        load_script("19.0.1.3.0", "post-migrate").migrate(self.env.cr, "19.0.1.2.0")
        self.assertEqual((periods[0].accuracy, periods[0].bias), (80.0, -20.0))
        self.assertEqual([p.accuracy for p in periods[1:]], [0.0, 0.0], "no calls / still open: not scored")
        board = self.env["crm.forecast.board"].search(
            [("period_id", "=", periods[0].id), ("row_type", "=", "company")]
        )
        self.assertEqual((board.call_commit, board.accuracy, board.bias), (8000, 80.0, -20.0))


@tagged("post_install", "-at_install")
class TestUpgradeTo140(TransactionCase):
    def test_measures_column_created_empty(self):
        """19.0.1.4.0 creates the deals' health measures column before the ORM sees the field, empty (the ORM would
        otherwise compute the health of every deal at the upgrade): the deals keep their signals, and their Health
        tab asks for a re-check until the next one."""
        lead = self.env["crm.lead"].create({"name": "Upgraded deal", "type": "opportunity"})
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            "UPDATE crm_lead SET health_status = 'at_risk', health_measures = '{\"stuck\": {}}' WHERE id = %s",
            [lead.id],
        )
        cr.execute("ALTER TABLE crm_lead DROP COLUMN health_measures CASCADE")  # rolled back with the test
        load_script("19.0.1.4.0", "pre-migrate").migrate(cr, "19.0.1.3.0")
        cr.execute(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = 'crm_lead' AND column_name = 'health_measures'"
        )
        self.assertEqual(cr.fetchall(), [("jsonb",)])
        cr.execute("SELECT health_status, health_measures FROM crm_lead WHERE id = %s", [lead.id])
        self.assertEqual(cr.fetchone(), ("at_risk", None), "nothing computed, the status kept")
        load_script("19.0.1.4.0", "pre-migrate").migrate(cr, "19.0.1.3.0")  # idempotent: nothing to create
        self.env.invalidate_all()
        self.assertFalse(lead.health_measures)

    def test_report_views_dropped(self):
        """The reports that were database views are queries of their models now: the old views are dropped, and
        the reports still read (from their query)."""
        cr = self.env.cr
        cr.execute("CREATE VIEW crm_win_analysis AS (SELECT 1 AS id)")  # what 19.0.1.3.0 left (rolled back)
        load_script("19.0.1.4.0", "pre-migrate").migrate(cr, "19.0.1.3.0")
        cr.execute("SELECT 1 FROM information_schema.views WHERE table_name = 'crm_win_analysis'")
        self.assertFalse(cr.fetchall())
        for model in ("crm.win.analysis", "crm.strategy.report", "crm.funnel.report"):
            self.env[model].search_count([])

    def test_no_script_on_install(self):
        self.env.flush_all()
        self.env.cr.execute("ALTER TABLE crm_lead DROP COLUMN health_measures CASCADE")
        load_script("19.0.1.4.0", "pre-migrate").migrate(self.env.cr, None)
        self.env.cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = 'crm_lead' AND column_name = 'health_measures'"
        )
        self.assertFalse(
            self.env.cr.fetchall(), "installing: the install hook creates it (PREFILLED_COLUMNS)"
        )


@tagged("post_install", "-at_install")
class TestUpgradeTo160(TransactionCase):
    COLUMNS = [
        "is_key_account",
        "key_account_auto",
        "key_account_auto_reason",
        "key_account_criterion_id",
        "key_account_reason",
    ]

    def _columns(self):
        self.env.cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'res_partner' "
            "AND column_name = ANY(%s) ORDER BY column_name",
            [self.COLUMNS],
        )
        return [name for (name,) in self.env.cr.fetchall()]

    def _old_columns(self):
        # what 19.0.1.5.0 left: the criteria's result and the stored flag on every partner (rolled back with the test)
        cr = self.env.cr
        cr.execute(
            "ALTER TABLE res_partner ADD COLUMN IF NOT EXISTS key_account_auto boolean, "
            "ADD COLUMN IF NOT EXISTS key_account_auto_reason varchar, "
            "ADD COLUMN IF NOT EXISTS key_account_criterion_id int4, "
            "ADD COLUMN IF NOT EXISTS is_key_account boolean, ADD COLUMN IF NOT EXISTS key_account_reason varchar"
        )
        cr.execute(
            "CREATE INDEX IF NOT EXISTS res_partner__is_key_account_index ON res_partner (is_key_account)"
        )

    def test_flags_moved_and_columns_dropped(self):
        """19.0.1.6.0 moves the criteria's results into crm.key.account.flag and drops the partner columns (and
        their index); the partners read and search the same flags as before."""
        criterion = self.env["crm.key.account.criterion"].create(
            {"name": "SE Upgraded criterion", "partner_domain": "[('is_company', '=', True)]"}
        )
        Partner = self.env["res.partner"]
        company, other, orphan = Partner.create(
            [{"name": f"SE Upgraded {name}", "is_company": True} for name in ("account", "other", "orphan")]
        )
        contact = Partner.create({"name": "SE Upgraded contact", "parent_id": company.id})
        self.env.flush_all()
        self._old_columns()
        cr = self.env.cr
        cr.execute(
            "UPDATE res_partner SET key_account_auto = true, key_account_criterion_id = %s, "
            "key_account_auto_reason = 'SE Upgraded criterion (open pipeline above 1)', is_key_account = true "
            "WHERE id = %s",
            [criterion.id, company.id],
        )
        # a criterion deleted since: no criterion to record
        cr.execute(
            "UPDATE res_partner SET key_account_auto = true, key_account_criterion_id = NULL WHERE id = %s",
            [orphan.id],
        )
        load_script("19.0.1.6.0", "post-migrate").migrate(cr, "19.0.1.5.0")
        self.assertEqual(self._columns(), [])
        cr.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'res_partner__is_key_account_index'")
        self.assertFalse(cr.fetchall())
        load_script("19.0.1.6.0", "post-migrate").migrate(cr, "19.0.1.5.0")  # idempotent
        self.env.invalidate_all()
        flags = self.env["crm.key.account.flag"].search(
            [("partner_id", "in", (company | other | orphan).ids)]
        )
        self.assertEqual(flags.partner_id, company)
        self.assertEqual(flags.criterion_id, criterion)
        self.assertTrue(company.key_account_auto)
        self.assertEqual(company.key_account_criterion_id, criterion)
        self.assertTrue(contact.is_key_account)
        self.assertEqual(contact.key_account_reason, "SE Upgraded criterion (open pipeline above 1)")
        self.assertFalse(other.is_key_account or orphan.is_key_account)
        self.assertEqual(
            Partner.search([("is_key_account", "=", True), ("id", "in", (company | contact | other).ids)]),
            company | contact,
        )
        self.assertEqual(Partner.search([("key_account_criterion_id", "=", criterion.id)]), company)
        self.assertEqual(criterion.partner_count, 1)

    def test_no_script_on_install(self):
        self._old_columns()
        load_script("19.0.1.6.0", "post-migrate").migrate(self.env.cr, None)
        self.assertEqual(self._columns(), self.COLUMNS, "installing: nothing to drop")
