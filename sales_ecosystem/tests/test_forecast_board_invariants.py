# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The forecast board's figures as an invariant: whatever the deals of two companies (won, lost, open, archived, with
or without a team, expected or closed before, in or after the periods) and the periods' states, every row of the
board — read whole, or scoped to some periods — counts and sums the deals the period's own rule finds
(``crm.forecast.period._deal_domain``, read through the ORM), per rep, per team and for the company."""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from odoo.fields import Domain
from odoo.tests import tagged

from .common import ForecastCommon
from .invariants.base import small_machine_settings

FIGURES = (
    "deal_count",
    "won_amount",
    "commit_amount",
    "best_case_amount",
    "pipeline_amount",
    "prorated_amount",
)
CATEGORIES = ("pipeline", "best_case", "commit", "omitted")


class BoardInvariantsCommon(ForecastCommon):
    """The main company's current period, the closed one before it and the open one after it; the other company's
    current period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Period = cls.env["crm.forecast.period"]
        cls.period_before = Period.create(
            {
                "name": "FC inv before",
                "date_from": cls.period.date_from - relativedelta(months=1),
                "date_to": cls.period.date_from - timedelta(days=1),
            }
        )
        cls.period_after = Period.create(
            {
                "name": "FC inv after",
                "date_from": cls.period.date_to + timedelta(days=1),
                "date_to": cls.period.date_to + relativedelta(months=1),
            }
        )
        cls.period_before.state = "closed"
        cls.periods = cls.period_before | cls.period | cls.period_after | cls.period_c2

    def _oracle(self, period, row_type, owner):
        """The row's figures from the deals the period's rule finds."""
        domain = period._deal_domain()
        if row_type == "rep":
            domain &= Domain("user_id", "=", owner.id)
        elif row_type == "team":
            domain &= Domain("team_id", "=", owner.id)
        leads = self.env["crm.lead"].search(domain)
        won = sum(leads.filtered(lambda lead: lead.won_status == "won").mapped("expected_revenue"))
        open_leads = leads.filtered(lambda lead: lead.won_status == "pending")

        def category(name):
            return sum(
                open_leads.filtered(lambda lead: lead.forecast_category == name).mapped("expected_revenue")
            )

        return {
            "deal_count": len(leads),
            "won_amount": won,
            "commit_amount": category("commit"),
            "best_case_amount": category("best_case"),
            "pipeline_amount": category("pipeline"),
            "prorated_amount": won + sum(open_leads.mapped("prorated_revenue")),
        }

    def _assert_board_matches(self, domain=()):
        Board = self.env["crm.forecast.board"]
        self.env.flush_all()
        self.env.invalidate_all()
        rows = Board.search_read(
            [("period_id", "in", self.periods.ids), *domain],
            ["period_id", "row_type", "user_id", "team_id", *FIGURES],
        )
        seen = set()
        for row in rows:
            period = self.env["crm.forecast.period"].browse(row["period_id"][0])
            owner = (
                self.env["res.users"].browse(row["user_id"][0])
                if row["row_type"] == "rep"
                else self.env["crm.team"].browse(row["team_id"][0])
                if row["row_type"] == "team"
                else None
            )
            seen.add((period.id, row["row_type"], owner.id if owner else None))
            expected = self._oracle(period, row["row_type"], owner)
            for name in FIGURES:
                self.assertAlmostEqual(
                    row[name],
                    expected[name],
                    2,
                    f"{name} of the {row['row_type']} row of {period.name}, {domain}",
                )
        # every rep with a deal of a period has a row (the deals of no rep are the company's)
        Lead = self.env["crm.lead"]
        for period in self.periods.filtered(lambda p: not domain or p.state == "open"):
            for (user,) in Lead._read_group(
                period._deal_domain() & Domain("user_id", "!=", False), ["user_id"]
            ):
                self.assertIn((period.id, "rep", user.id), seen, f"{user.name}'s row of {period.name}")


class BoardMachine(RuleBasedStateMachine):
    """Random deals and changes; after each step the board's rows match the oracle, read whole and scoped to the
    open periods. Each example in a savepoint rolled back at its end."""

    def __init__(self, case):
        super().__init__()
        self.case = case
        self.env = case.env
        self._savepoint = self.env.cr.savepoint()
        self.leads = self.env["crm.lead"]

    def teardown(self):
        self._savepoint.close(rollback=True)
        self.env.invalidate_all(flush=False)

    def _day(self, offset):
        """A day around the main company's current period: ``offset`` days from its first day."""
        return self.case.period.date_from + timedelta(days=offset)

    @rule(
        who=st.integers(0, 3),
        offset=st.integers(-75, 75),
        state=st.sampled_from(("open", "open", "won", "lost")),
        category=st.sampled_from(CATEGORIES),
        amount=st.sampled_from((0, 1000, 2500.5)),
        no_date=st.booleans(),
    )
    def create_deal(self, who, offset, state, category, amount, no_date):
        case = self.case
        user, team = [
            (case.user_rep_a, case.team_a),
            (case.user_rep_b, case.team_a),
            (case.user_rep_b, self.env["crm.team"]),
            (case.user_rep_c2, case.team_c2),
        ][who]
        values = {
            "name": f"FC inv {len(self.leads)}",
            "type": "opportunity",
            "user_id": user.id,
            "team_id": team.id,
            "company_id": user.company_id.id,
            "stage_id": case.stage_proposal.id,
            "expected_revenue": amount,
            "probability": 40,
            "date_deadline": False if no_date and state == "open" else self._day(offset),
            "off_strategy_reason": "existing_customer",
        }
        lead = self.env["crm.lead"].create(values)
        lead.forecast_category = category
        if state == "won":
            lead.stage_id = case.stage_won
            lead.date_closed = datetime.combine(self._day(offset), time(23, 30))
        elif state == "lost":
            lead.action_set_lost()
        self.leads |= lead

    @rule(index=st.integers(0, 30), offset=st.integers(-75, 75))
    def move_deal(self, index, offset):
        if self.leads:
            self.leads[index % len(self.leads)].date_deadline = self._day(offset)

    @rule(index=st.integers(0, 30))
    def archive_deal(self, index):
        if self.leads:
            lead = self.leads[index % len(self.leads)]
            lead.active = not lead.active

    @rule(which=st.integers(0, 2), closed=st.booleans())
    def set_state(self, which, closed):
        period = (self.case.period_before, self.case.period, self.case.period_after)[which]
        period.state = "closed" if closed else "open"

    @invariant()
    def board_counts_the_period_deals(self):
        self.case._assert_board_matches()
        self.case._assert_board_matches([("period_state", "=", "open")])


@tagged("post_install", "-at_install", "sales_ecosystem_invariants")
class TestForecastBoardInvariants(BoardInvariantsCommon):
    def test_board_machine(self):
        run_state_machine_as_test(
            lambda: BoardMachine(self),
            settings=small_machine_settings(20, 10),
        )
