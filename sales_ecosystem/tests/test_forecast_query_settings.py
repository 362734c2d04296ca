# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from unittest.mock import patch

import psycopg2

from odoo.sql_db import Cursor
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.crm_forecast_snapshot import FORECAST_QUERY_SETTINGS, forecast_query_settings
from ..report.crm_forecast_board import BOARD_QUERY_SETTINGS
from .test_forecast_call import ForecastDealsCommon

SETTINGS_SQL = (
    "SELECT current_setting('jit'), current_setting('enable_mergejoin'), current_setting('enable_sort')"
)
#: the fit and the projection: the forecast's settings, the sort as the transaction has it (on)
FORECAST = (FORECAST_QUERY_SETTINGS["jit"], FORECAST_QUERY_SETTINGS["enable_mergejoin"], "on")
#: the board's query: the forecast's settings and no sort of the deals
BOARD = tuple(BOARD_QUERY_SETTINGS[name] for name in ("jit", "enable_mergejoin", "enable_sort"))


@tagged("post_install", "-at_install")
class TestForecastQuerySettings(ForecastDealsCommon):
    """The forecast's aggregate queries run with the forecast's planner settings (``forecast_query_settings``), and
    every read of the board gives the settings back as it found them: nothing else in the transaction runs with
    them."""

    def setUp(self):
        super().setUp()
        # the opposite of the forecast's settings for this transaction, whatever the server's configuration, so
        # that "given back" means something
        self.env.cr.execute("SET LOCAL jit = on; SET LOCAL enable_mergejoin = on; SET LOCAL enable_sort = on")

    def _settings(self):
        self.env.cr.execute(SETTINGS_SQL)
        return self.env.cr.fetchone()

    def _settings_seen_by(self, markers, run, by_marker=False):
        """Run ``run()``; return the settings in force when each query containing one of ``markers`` ran (read on
        the same connection through a cursor of its own, so as not to disturb the one spied on); ``by_marker``:
        as ``(marker, settings)`` pairs."""
        seen = []
        execute = Cursor.execute

        def spy(cursor, query, params=None, log_exceptions=True):
            code = str(getattr(query, "code", query))
            for marker in markers:
                if marker in code:
                    with cursor._cnx.cursor() as raw:
                        raw.execute(SETTINGS_SQL)
                        seen.append((marker, raw.fetchone()) if by_marker else raw.fetchone())
                    break
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
                seen = self._settings_seen_by(("fit_cell", "deal_agg"), read, by_marker=True)
                self.assertEqual({marker for marker, _settings in seen}, {"fit_cell", "deal_agg"}, "both ran")
                # the fit runs with the forecast's settings; inside a read of the board (a count, a group) with
                # the board's too, which change nothing for it
                self.assertEqual(
                    {
                        (marker, settings if marker == "deal_agg" else settings[:2])
                        for marker, settings in seen
                    },
                    {("fit_cell", FORECAST[:2]), ("deal_agg", BOARD)},
                    "the fit's and the board's settings",
                )
                self.assertEqual(self._settings(), ("on", "on", "on"), "the settings are given back")
        rows = Board.search_read(domain, ["row_type", "commit_amount"])
        self.assertTrue(rows, "team A's manager reads rows")

    def test_projection_with_the_settings(self):
        seen = self._settings_seen_by(("fit_cell",), lambda: self.period._projection_rows())
        self.assertEqual(seen, [FORECAST])
        self.assertEqual(self._settings(), ("on", "on", "on"))

    def test_nested_and_failing_blocks(self):
        cr = self.env.cr
        with forecast_query_settings(cr):
            with forecast_query_settings(cr):
                self.assertEqual(self._settings(), FORECAST)
            self.assertEqual(self._settings(), FORECAST, "the inner block leaves them to the outer one")
            with forecast_query_settings(cr, BOARD_QUERY_SETTINGS):
                self.assertEqual(self._settings(), BOARD, "the board's inside the forecast's")
            self.assertEqual(self._settings(), FORECAST, "the outer block's given back")
        self.assertEqual(self._settings(), ("on", "on", "on"))
        with self.assertRaises(ValueError), forecast_query_settings(cr):
            raise ValueError("not an SQL error")
        self.assertEqual(self._settings(), ("on", "on", "on"), "given back after a Python error")
        with self.assertRaises(psycopg2.errors.DivisionByZero), mute_logger("odoo.sql_db"), cr.savepoint():
            with forecast_query_settings(cr):
                cr.execute("SELECT 1 / 0")
        self.assertEqual(
            self._settings(), ("on", "on", "on"), "the savepoint's rollback took them back with the error"
        )
