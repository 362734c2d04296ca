# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from unittest.mock import patch

import psycopg2

from odoo.sql_db import Cursor
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.crm_forecast_snapshot import FORECAST_QUERY_SETTINGS, forecast_query_settings
from .test_forecast_call import ForecastDealsCommon

SETTINGS_SQL = "SELECT current_setting('jit'), current_setting('enable_mergejoin')"
FORECAST = (FORECAST_QUERY_SETTINGS["jit"], FORECAST_QUERY_SETTINGS["enable_mergejoin"])


@tagged("post_install", "-at_install")
class TestForecastQuerySettings(ForecastDealsCommon):
    """The forecast's aggregate queries run with the forecast's planner settings (``forecast_query_settings``), and
    every read of the board gives the settings back as it found them: nothing else in the transaction runs with
    them."""

    def setUp(self):
        super().setUp()
        # the opposite of the forecast's settings for this transaction, whatever the server's configuration, so
        # that "given back" means something
        self.env.cr.execute("SET LOCAL jit = on; SET LOCAL enable_mergejoin = on")

    def _settings(self):
        self.env.cr.execute(SETTINGS_SQL)
        return self.env.cr.fetchone()

    def _settings_seen_by(self, markers, run):
        """Run ``run()``; return the settings in force when each query containing one of ``markers`` ran (read on
        the same connection through a cursor of its own, so as not to disturb the one spied on)."""
        seen = []
        execute = Cursor.execute

        def spy(cursor, query, params=None, log_exceptions=True):
            if any(marker in str(getattr(query, "code", query)) for marker in markers):
                with cursor._cnx.cursor() as raw:
                    raw.execute(SETTINGS_SQL)
                    seen.append(raw.fetchone())
            return execute(cursor, query, params, log_exceptions)

        with patch.object(Cursor, "execute", spy):
            run()
        return seen

    def test_board_reads_with_the_settings_and_give_them_back(self):
        Board = self.env["crm.forecast.board"].with_user(self.user_manager_a)
        domain = [("period_id", "=", self.period.id)]

        def read_a_field():
            rows = Board.search(domain)
            rows.invalidate_recordset()
            return rows.mapped("won_amount")

        reads = {
            "search_read": lambda: Board.search_read(domain, ["commit_amount", "projection_amount"]),
            "web_search_read": lambda: Board.web_search_read(domain, {"commit_amount": {}}, limit=1),
            "search_count": lambda: Board.search_count(domain),
            "formatted_read_group": lambda: Board.formatted_read_group(
                domain, ["row_type"], ["commit_amount:sum"]
            ),
            "read of a field": read_a_field,
        }
        for name, read in reads.items():
            with self.subTest(read=name):
                self.env.invalidate_all()
                seen = self._settings_seen_by(("fit_cell", "company_period"), read)
                self.assertGreaterEqual(len(seen), 2, "the fit and the board's query ran")
                self.assertEqual(set(seen), {FORECAST})
                self.assertEqual(self._settings(), ("on", "on"), "the settings are given back")
        rows = Board.search_read(domain, ["row_type", "commit_amount"])
        self.assertTrue(rows, "team A's manager reads rows")

    def test_projection_with_the_settings(self):
        seen = self._settings_seen_by(("fit_cell",), lambda: self.period._projection_rows())
        self.assertEqual(seen, [FORECAST])
        self.assertEqual(self._settings(), ("on", "on"))

    def test_nested_and_failing_blocks(self):
        cr = self.env.cr
        with forecast_query_settings(cr):
            with forecast_query_settings(cr):
                self.assertEqual(self._settings(), FORECAST)
            self.assertEqual(self._settings(), FORECAST, "the inner block leaves them to the outer one")
        self.assertEqual(self._settings(), ("on", "on"))
        with self.assertRaises(ValueError), forecast_query_settings(cr):
            raise ValueError("not an SQL error")
        self.assertEqual(self._settings(), ("on", "on"), "given back after a Python error")
        with self.assertRaises(psycopg2.errors.DivisionByZero), mute_logger("odoo.sql_db"), cr.savepoint():
            with forecast_query_settings(cr):
                cr.execute("SELECT 1 / 0")
        self.assertEqual(
            self._settings(), ("on", "on"), "the savepoint's rollback took them back with the error"
        )
