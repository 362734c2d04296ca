# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The projection's history cells (``crm.forecast.fit.cell``): whatever the sequence of changes to the snapshots
and the periods, each period's cells count its snapshots, and the fit summed from the cells is the fit of the
snapshots themselves (an oracle that reads every snapshot, as the fit did before the cells)."""

from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from odoo.tests import tagged

from .common import ForecastCommon
from .invariants.base import small_machine_settings
from .test_migration import load_script

CELL_KEYS = ("stage_id", "health_status", "gate_band", "icp_tier", "age_band")
HEALTHS = (False, "healthy", "at_risk", "troubled")
GATES = (False, "low", "mid", "high")
TIERS = (False, "a", "b", "c")
AGES = (False, "fresh", "month", "old")


class FitCellsCommon(ForecastCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Period = cls.env["crm.forecast.period"]
        cls.past = Period.browse()
        for months in (1, 2):
            start = (cls.today - relativedelta(months=months)).replace(day=1)
            cls.past |= Period.create(
                {
                    "name": f"FC cells -{months}",
                    "company_id": cls.company_main.id,
                    "date_from": start,
                    "date_to": start + relativedelta(months=1, days=-1),
                }
            )

    def _snapshot_counts(self, periods):
        """{(period id, cell...): (won, n)} of the snapshots themselves."""
        counts = {}
        for snap in self.env["crm.forecast.snapshot"].search([("period_id", "in", periods.ids)]):
            key = (snap.period_id.id, snap.stage_id.id, *(snap[name] for name in CELL_KEYS[1:]))
            won, n = counts.get(key, (0, 0))
            counts[key] = (won + int(snap.is_won), n + 1)
        return counts

    def _cell_counts(self, periods):
        counts = {}
        for cell in self.env["crm.forecast.fit.cell"].search([("period_id", "in", periods.ids)]):
            key = (cell.period_id.id, cell.stage_id.id, *(cell[name] for name in CELL_KEYS[1:]))
            self.assertNotIn(key, counts, "one row per cell")
            counts[key] = (cell.won_count, cell.deal_count)
        return counts

    def _oracle_fit(self):
        """The fit computed from every snapshot (the definition before the cells), sorted as the assertion wants."""
        months = self.env["crm.forecast.snapshot"]._projection_settings()[0]
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT p.company_id, COALESCE(s.stage_id, 0), COALESCE(s.health_status, ''), COALESCE(s.gate_band, ''),
                   COALESCE(s.icp_tier, ''), COALESCE(s.age_band, ''), COUNT(*) FILTER (WHERE s.is_won), COUNT(*)
              FROM crm_forecast_snapshot s JOIN crm_forecast_period p ON p.id = s.period_id
             WHERE p.state = 'closed' AND p.date_to >= CURRENT_DATE - make_interval(months => %s)
             GROUP BY 1, 2, 3, 4, 5, 6
            """,
            [months],
        )
        return sorted(self.env.cr.fetchall())

    def _assert_cells_match(self):
        self.env.flush_all()
        periods = self.env["crm.forecast.period"].with_context(active_test=False).search([])
        self.assertEqual(self._cell_counts(periods), self._snapshot_counts(periods))
        cells, _stages = self.env["crm.forecast.snapshot"]._projection_fit()
        self.assertEqual(sorted(tuple(row) for row in cells), self._oracle_fit())

    def _snapshot_vals(self, period, stage, health=False, gate="low", tier=False, age="fresh", won=False):
        return {
            "period_id": period.id,
            "company_id": period.company_id.id,
            "user_id": self.user_rep_a.id,
            "stage_id": stage.id if stage else False,
            "health_status": health,
            "gate_band": gate,
            "icp_tier": tier,
            "age_band": age,
            "amount": 1000,
            "is_won": won,
        }


@tagged("post_install", "-at_install")
class TestForecastFitCells(FitCellsCommon):
    def test_cells_follow_the_snapshots(self):
        Snapshot = self.env["crm.forecast.snapshot"]
        old, recent = self.past
        snaps = Snapshot.create(
            [self._snapshot_vals(old, self.stage_proposal, won=index < 2) for index in range(3)]
            + [self._snapshot_vals(recent, self.stage_qualified, health="healthy")]
        )
        self.assertEqual(
            self._cell_counts(self.past),
            {
                (old.id, self.stage_proposal.id, False, "low", False, "fresh"): (2, 3),
                (recent.id, self.stage_qualified.id, "healthy", "low", False, "fresh"): (0, 1),
            },
        )
        snaps[0].write({"health_status": "troubled"})
        snaps[3].write({"period_id": old.id})  # moved: both periods counted again
        snaps[1].unlink()
        self._assert_cells_match()
        self.assertFalse(self._cell_counts(recent))
        self.past.write({"state": "closed"})
        self._assert_cells_match()
        self.assertEqual(sum(n for _won, n in self._cell_counts(old).values()), 3)

    def test_take_and_outcomes_count_the_cells(self):
        Snapshot = self.env["crm.forecast.snapshot"]
        won = self._create_lead("FC cells won", stage=self.stage_proposal, date_deadline=self.today)
        self._create_lead("FC cells open", stage=self.stage_qualified, date_deadline=self.today)
        taken = Snapshot._take(self.period)
        self.assertGreaterEqual(taken, 2)
        self.assertEqual(sum(n for _won, n in self._cell_counts(self.period).values()), taken)
        won.action_set_won()
        self.env.flush_all()
        self.period.with_user(self.user_manager_a).action_close()
        self.assertEqual(sum(won for won, _n in self._cell_counts(self.period).values()), 1)
        self._assert_cells_match()

    def test_fit_reads_the_cells_only(self):
        """The fit's query names the cells, not the snapshots: its cost no longer grows with the history."""
        ctes = self.env["crm.forecast.snapshot"]._projection_sql("deal")[0]
        self.assertIn("crm_forecast_fit_cell", ctes.code)
        self.assertNotIn("crm_forecast_snapshot", ctes.code)

    def test_cells_of_the_other_company_hidden(self):
        self.env["crm.forecast.snapshot"].create(
            [
                self._snapshot_vals(self.period_c2, self.stage_proposal),
                self._snapshot_vals(self.past[0], False),
            ]
        )
        Cell = self.env["crm.forecast.fit.cell"].with_user(self.user_manager_a)
        self.assertEqual(Cell.search([]).period_id, self.past[0])

    def test_upgrade_counts_the_cells(self):
        self.env["crm.forecast.snapshot"].create(
            [self._snapshot_vals(period, self.stage_proposal, won=True) for period in self.past]
        )
        self.env.flush_all()
        self.env.cr.execute("DELETE FROM crm_forecast_fit_cell")
        self.env.invalidate_all()
        load_script("19.0.1.5.0", "post-migrate").migrate(self.env.cr, "19.0.1.4.0")
        self._assert_cells_match()
        load_script("19.0.1.5.0", "post-migrate").migrate(self.env.cr, "19.0.1.4.0")  # idempotent
        self._assert_cells_match()
        self.env.cr.execute("DELETE FROM crm_forecast_fit_cell")
        load_script("19.0.1.5.0", "post-migrate").migrate(self.env.cr, None)  # install: nothing to do
        self.env.cr.execute("SELECT COUNT(*) FROM crm_forecast_fit_cell")
        self.assertEqual(self.env.cr.fetchone()[0], 0)


class FitCellsMachine(RuleBasedStateMachine):
    """Random changes to snapshots and periods (ORM create, write of every counted field, unlink, close, reopen);
    after each step the cells count the snapshots and the fit equals the oracle's. Each example in a savepoint rolled
    back at its end."""

    def __init__(self, case):
        super().__init__()
        self.case = case
        self.env = case.env
        self._savepoint = self.env.cr.savepoint()
        self.periods = case.past | case.period
        self.stages = [case.stage_new, case.stage_qualified, case.stage_proposal, False]

    def teardown(self):
        self._savepoint.close(rollback=True)
        self.env.invalidate_all(flush=False)

    def _snapshots(self):
        return self.env["crm.forecast.snapshot"].search([("period_id", "in", self.periods.ids)], order="id")

    @rule(
        period=st.integers(0, 2),
        stage=st.integers(0, 3),
        health=st.sampled_from(HEALTHS),
        tier=st.sampled_from(TIERS),
        won=st.booleans(),
        count=st.integers(1, 3),
    )
    def create_snapshots(self, period, stage, health, tier, won, count):
        vals = self.case._snapshot_vals(
            self.periods[period], self.stages[stage], health=health, tier=tier, won=won
        )
        self.env["crm.forecast.snapshot"].create([vals] * count)

    @rule(
        index=st.integers(0, 50),
        field=st.sampled_from(
            ("period_id", "stage_id", "health_status", "gate_band", "icp_tier", "age_band", "is_won")
        ),
        choice=st.integers(0, 3),
    )
    def write_snapshot(self, index, field, choice):
        snapshots = self._snapshots()
        if not snapshots:
            return
        snap = snapshots[index % len(snapshots)]
        value = {
            "period_id": self.periods[choice % len(self.periods)].id,
            "stage_id": (self.stages[choice] or self.env["crm.stage"]).id,
            "health_status": HEALTHS[choice],
            "gate_band": GATES[choice],
            "icp_tier": TIERS[choice],
            "age_band": AGES[choice],
            "is_won": bool(choice % 2),
        }[field]
        snap.write({field: value})

    @rule(index=st.integers(0, 50))
    def unlink_snapshot(self, index):
        snapshots = self._snapshots()
        if snapshots:
            snapshots[index % len(snapshots)].unlink()

    @rule(period=st.integers(0, 2), closed=st.booleans())
    def set_state(self, period, closed):
        self.periods[period].write({"state": "closed" if closed else "open"})

    @invariant()
    def cells_count_the_snapshots(self):
        self.case._assert_cells_match()


@tagged("post_install", "-at_install", "sales_ecosystem_invariants")
class TestForecastFitCellsMachine(FitCellsCommon):
    def test_fit_cells_machine(self):
        run_state_machine_as_test(
            lambda: FitCellsMachine(self),
            settings=small_machine_settings(25, 12),
        )
