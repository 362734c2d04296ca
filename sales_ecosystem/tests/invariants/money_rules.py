# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Money rules for Hypothesis stateful tests of real Odoo records (see tests/test_invariants_money.py).

``MoneyRules`` is a mixin for a ``RuleBasedStateMachine``: it drives deals through every path that moves commission
money (won, lost, reopened, amount changed, credit split created/written/deleted directly and through the deal,
salesperson changed, target-list membership changed, a plan created with an earlier date, settle, confirm, pay,
reset, re-evaluate one line or many deals at once, and plain writes of money fields by a manager, which must be
refused) and checks after every step, in :meth:`check_money_invariant`:

- each (deal, salesperson)'s lines add up to what the deal's current state pays them (a model kept here, from the
  snapshot taken when the deal was won, re-evaluated or re-credited, and the deal's amount and credit now);
- the credit splits of every deal total 100 % (or there are none);
- no untraced change: every line created, deleted or changed (amount, base, rate, bonus, withheld, eligibility,
  plan, list, credit) since the previous step is listed in an audit note posted on its deal in that step.

Host contract (the lead's ``InvariantBase`` or the small machine of test_invariants_money.py):

- ``self.case``: the running TransactionCase, with the fixtures of ``tests.common.CommissionCommon`` and those that
  :meth:`MoneyRules.money_fixtures` adds (call it from the test class's ``setUpClass``);
- each example runs inside a savepoint the host rolls back in ``teardown``;
- nothing gate-specific: a move refused by another rule (a gate, say) is a refusal like any other, the model
  then stays as it was (and the invariant check proves the database did too).
"""

from collections import Counter, defaultdict

from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, precondition, rule

from odoo import Command, fields
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_round

from ...models.crm_commission_line import TRACED_FIELDS
from ..common import GROUP_USER

AUDIT_MARKER = "<p><b>Commission</b> · "
PERCENTAGES = (20.0, 40.0, 50.0, 60.0, 80.0, 100.0)
REVENUES = (0.0, 1000.0, 3333.33, 10000.0, 12345.67)
# Money fields a manager might try to write by hand, with a value.
PLAIN_WRITES = (
    ("amount", 9999.0),
    ("rate", 49.0),
    ("bonus_amount", 1.0),
    ("base_amount", 1.0),
    ("withheld_amount", 0.0),
    ("eligibility", "on_list"),
    ("split_percentage", 50.0),
    ("deal_base", 5.0),
)
REFUSED = (UserError, ValidationError, AccessError)
# Few deals, so that sequences of moves on one deal (won, settled, confirmed, reopened, won again, re-priced) come up.
MAX_DEALS = 3


def _round(value):
    return float_round(value, precision_rounding=0.01)


class MoneyRules:
    """See the module docstring."""

    stats = Counter()  # what the rules did (done / refused per operation), for the host to report
    refusals = Counter()  # why operations were refused (first words of the message)

    # ------------------------------------------------------------------ fixtures (once per test class)

    @classmethod
    def money_fixtures(cls, case_cls):
        """Extra fixtures on top of CommissionCommon's: plan A with a bonus and an off-list rate, a team without
        plan (rep ``user_rep_np``), a list of team B and a list of company 2 (neither may cover a team A deal)."""
        env = case_cls.env
        case_cls.plan.write({"bonus_amount": 500.0, "off_strategy_rate": 2.0})
        case_cls.team_np = env["crm.team"].create(
            {"name": "SE Team No Plan", "company_id": case_cls.company_main.id}
        )
        case_cls.user_rep_np = mail_new_test_user(
            env,
            login="se_rep_np",
            name="Nina NoPlan",
            email="se_rep_np@example.com",
            company_id=case_cls.company_main.id,
            company_ids=[Command.set(case_cls.company_main.ids)],
            notification_type="inbox",
            groups=f"base.group_user,{GROUP_USER}",
        )
        env["crm.team.member"].create(
            {"crm_team_id": case_cls.team_np.id, "user_id": case_cls.user_rep_np.id}
        )
        case_cls.partner_listed = env["res.partner"].create({"name": "Listed Later Ltd", "is_company": True})
        case_cls.list_team_b = env["crm.target.list"].create(
            {"name": "Team B list", "date_from": "2020-01-01", "team_id": case_cls.team_b.id}
        )
        case_cls.list_company_2 = (
            env["crm.target.list"]
            .with_company(case_cls.company_2)
            .create(
                {"name": "Company 2 list", "date_from": "2020-01-01", "company_id": case_cls.company_2.id}
            )
        )

    # ------------------------------------------------------------------ set-up (once per example)

    def money_init(self):
        case = self.case
        self.env = case.env
        self.today = fields.Date.context_today(case.env["res.users"])
        self.accounts = [case.partner_fit, case.partner_unfit, case.partner_listed]
        self.m_reps = [case.user_rep_a, case.user_rep_b, case.user_rep_other, case.user_rep_np]
        self.team_of = {
            case.user_rep_a.id: case.team_a,
            case.user_rep_b.id: case.team_a,
            case.user_rep_other.id: case.team_b,
            case.user_rep_np.id: case.team_np,
        }
        self.leader_of = {case.team_a.id: case.user_manager_a, case.team_b.id: case.user_manager_b}
        # the model: lists (which accounts each list holds), plans, deals
        self.m_lists = {
            case.target_list.id: set(case.target_list.line_ids.partner_id.ids),
            case.list_team_b.id: set(),
            case.list_company_2.id: set(),
        }
        self.m_np_plan = False  # team NP has no plan until a plan is created with an earlier date
        self.m_deals = {}  # lead id -> {"won", "revenue", "snap": {user_id: (has_plan, rate, bonus_unit)}}
        self.m_lines = self._read_lines()
        self.m_last_message_id = self._last_message_id()

    @initialize(account=st.integers(0, 2), rep=st.integers(0, 3), revenue=st.sampled_from(REVENUES))
    def money_first_deal(self, account, rep, revenue):
        self.money_init()
        self.new_deal(account, rep, revenue, False)

    # ------------------------------------------------------------------ model

    def _on_list(self, lead):
        case = self.case
        account = lead.account_partner_id.id
        if account in self.m_lists[case.target_list.id]:
            return True
        return account in self.m_lists[case.list_team_b.id] and lead.team_id == case.team_b

    def _plan_terms(self, user_id, on_list):
        """(has_plan, rate, bonus per 100 % of credit) the model expects for a salesperson now."""
        case = self.case
        team = self.team_of[user_id]
        if team == case.team_a:
            plan = case.plan
        elif team == case.team_b:
            plan = case.plan_b
        else:
            plan = self.m_np_plan
        if not plan:
            return (False, 0.0, 0.0)
        return (True, plan.rate if on_list else plan.off_strategy_rate, plan.bonus_amount if on_list else 0.0)

    def _credit(self, lead):
        lead = lead.sudo()
        if lead.commission_split_ids:
            return {split.user_id.id: split.percentage for split in lead.commission_split_ids}
        return {lead.user_id.id: 100.0} if lead.user_id else {}

    def _snapshot(self, lead):
        on_list = self._on_list(lead)
        self.m_deals[lead.id]["snap"] = {
            user_id: self._plan_terms(user_id, on_list) for user_id in self._credit(lead)
        }

    def _expected(self, lead):
        """{user_id: (amount, base, bonus)} the deal's current state pays."""
        deal = self.m_deals[lead.id]
        if not deal["won"]:
            return {}
        result = {}
        for user_id, pct in self._credit(lead).items():
            has_plan, rate, bonus_unit = deal["snap"][user_id]
            base = _round(deal["revenue"] * pct / 100.0)
            bonus = _round(bonus_unit * pct / 100.0) if has_plan else 0.0
            amount = _round(base * rate / 100.0 + bonus) if has_plan else 0.0
            result[user_id] = (amount, base, bonus)
        return result

    # ------------------------------------------------------------------ helpers

    def _lead(self, index, won=None):
        """The deal at ``index`` among the deals of the model (only the won ones, or only those not won)."""
        ids = sorted(lead_id for lead_id, deal in self.m_deals.items() if won is None or deal["won"] == won)
        return self.env["crm.lead"].with_context(active_test=False).browse(ids[index % len(ids)])

    def _has_deals(self, won=None):
        return any(won is None or deal["won"] == won for deal in self.m_deals.values())

    def _attempt(self, func, *args, **kwargs):
        """Run ``func`` as a request would (a savepoint that runs the commit-time checks); True if it went
        through, False if it was refused (rolled back)."""
        name = getattr(func, "__name__", "call")
        try:
            with self.env.cr.savepoint():
                func(*args, **kwargs)
        except REFUSED as error:
            self.env.invalidate_all()
            self.stats[f"refused {name}"] += 1
            self.refusals[f"{name}: {str(error)[:90]}"] += 1
            return False
        self.env.invalidate_all()
        self.stats[f"done {name}"] += 1
        return True

    def _money_lines(self):
        """The commission lines of the rules' own deals (a host's other rules may create deals and lines too)."""
        if not getattr(self, "m_deals", None):
            return self.env["crm.commission.line"]
        return (
            self.env["crm.commission.line"].sudo().search([("lead_id", "in", list(self.m_deals))], order="id")
        )

    def _money_splits(self):
        """The credit splits of the rules' own deals."""
        if not getattr(self, "m_deals", None):
            return self.env["crm.commission.split"]
        return (
            self.env["crm.commission.split"]
            .sudo()
            .search([("lead_id", "in", list(self.m_deals))], order="id")
        )

    def _owner(self, lead):
        return lead.sudo().user_id or self.case.user_rep_a

    def _read_lines(self):
        lines = self.env["crm.commission.line"].sudo().search([])
        return {line.id: (line.lead_id.id, {fname: line[fname] for fname in TRACED_FIELDS}) for line in lines}

    def _last_message_id(self):
        self.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_message")
        return self.env.cr.fetchone()[0]

    def _credit_changed(self, lead, before):
        """After a successful change of a deal's credit: a won deal is re-priced afresh."""
        if self.m_deals[lead.id]["won"] and self._credit(lead) != before:
            self._snapshot(lead)

    # ------------------------------------------------------------------ rules: deals

    @precondition(lambda self: len(self.m_deals) < MAX_DEALS)
    @rule(
        account=st.integers(0, 2),
        rep=st.integers(0, 3),
        revenue=st.sampled_from(REVENUES),
        team_b=st.booleans(),
    )
    def new_deal(self, account, rep, revenue, team_b):
        case = self.case
        user = self.m_reps[rep]
        team = case.team_b if team_b else self.team_of[user.id]
        lead = case._create_lead(
            f"Money deal {len(self.m_deals) + 1}",
            partner=self.accounts[account],
            user=user,
            team=team,
            stage=case.stage_proposal,
            expected_revenue=revenue,
            off_strategy_reason="existing_customer",
            **self._money_deal_values(),
        )
        self.m_deals[lead.id] = {"won": False, "revenue": revenue, "snap": {}}
        self._money_deal_created(lead)

    def _money_deal_values(self):
        """Hook: extra values of the deals the money rules create (a host with stage gates makes them meet the
        gates, so that money paths, not gates, are what the rules exercise)."""
        return {}

    def _money_deal_created(self, lead):
        """Hook: a deal the money rules created (a host registers it with its other invariants)."""

    @precondition(lambda self: self._has_deals(won=False))
    @rule(index=st.integers(0, 99))
    def win(self, index):
        lead = self._lead(index, won=False)
        if self._attempt(lead.with_user(self._owner(lead)).action_set_won):
            self.m_deals[lead.id]["won"] = True
            self._snapshot(lead)

    @precondition(lambda self: self.m_deals)
    @rule(index=st.integers(0, 99))
    def lose(self, index):
        lead = self._lead(index)
        if self._attempt(lead.with_user(self._owner(lead)).action_set_lost):
            self.m_deals[lead.id]["won"] = False

    @precondition(lambda self: self._has_deals(won=True))
    @rule(index=st.integers(0, 99))
    def reopen(self, index):
        lead = self._lead(index, won=True)
        if self._attempt(lead.with_user(self._owner(lead)).write, {"stage_id": self.case.stage_proposal.id}):
            self.m_deals[lead.id]["won"] = False

    @precondition(lambda self: self.m_deals)
    @rule(index=st.integers(0, 99), revenue=st.sampled_from(REVENUES), won=st.booleans())
    def change_amount(self, index, revenue, won):
        lead = self._lead(index, won=won if won is not None and self._has_deals(won=won) else None)
        if self._attempt(lead.with_user(self._owner(lead)).write, {"expected_revenue": revenue}):
            self.m_deals[lead.id]["revenue"] = revenue

    @precondition(lambda self: self.m_deals)
    @rule(index=st.integers(0, 99), rep=st.integers(0, 3))
    def change_salesperson(self, index, rep):
        lead = self._lead(index)
        before = self._credit(lead)
        if self._attempt(lead.with_user(self.case.user_admin_se).write, {"user_id": self.m_reps[rep].id}):
            self._credit_changed(lead, before)

    # ------------------------------------------------------------------ rules: credit splits

    @precondition(lambda self: self.m_deals)
    @rule(
        index=st.integers(0, 99),
        shares=st.lists(st.tuples(st.integers(0, 3), st.sampled_from(PERCENTAGES)), min_size=0, max_size=3),
    )
    def splits_through_deal(self, index, shares):
        lead = self._lead(index)
        by_user = {}
        for rep, pct in shares:
            by_user.setdefault(self.m_reps[rep].id, pct)
        commands = [Command.clear()] + [
            Command.create({"user_id": user_id, "percentage": pct}) for user_id, pct in by_user.items()
        ]
        before = self._credit(lead)
        total = sum(by_user.values())
        done = self._attempt(
            lead.with_user(self.case.user_admin_se).write, {"commission_split_ids": commands}
        )
        if by_user and float_compare(total, 100.0, precision_digits=2):
            assert not done, f"splits totalling {total} % accepted through the deal"
        if done:
            self._credit_changed(lead, before)

    @precondition(lambda self: self.m_deals)
    @rule(index=st.integers(0, 99), rep=st.integers(0, 3), pct=st.sampled_from(PERCENTAGES))
    def split_create_directly(self, index, rep, pct):
        lead = self._lead(index)
        user = self.m_reps[rep]
        if user.id in lead.sudo().commission_split_ids.user_id.ids:
            return
        before = self._credit(lead)
        total = sum(lead.sudo().commission_split_ids.mapped("percentage")) + pct
        done = self._attempt(
            self.env["crm.commission.split"].with_user(self._manager_of_splits()).create,
            {"lead_id": lead.id, "user_id": user.id, "percentage": pct},
        )
        if float_compare(total, 100.0, precision_digits=2):
            assert not done, f"a direct split create leaving {total} % was accepted"
        if done:
            self._credit_changed(lead, before)

    @precondition(lambda self: self._money_splits())
    @rule(index=st.integers(0, 99), pct=st.sampled_from(PERCENTAGES))
    def split_write_directly(self, index, pct):
        splits = self._money_splits()
        split = splits[index % len(splits)]
        lead = split.lead_id
        before = self._credit(lead)
        total = sum((lead.commission_split_ids - split).mapped("percentage")) + pct
        done = self._attempt(split.with_user(self._manager_of_splits()).write, {"percentage": pct})
        if float_compare(total, 100.0, precision_digits=2):
            assert not done, f"a direct split write leaving {total} % was accepted"
        if done:
            self._credit_changed(lead, before)

    @precondition(lambda self: self._money_splits())
    @rule(index=st.integers(0, 99))
    def split_unlink_directly(self, index):
        splits = self._money_splits()
        split = splits[index % len(splits)]
        lead = split.lead_id
        before = self._credit(lead)
        rest = lead.commission_split_ids - split
        total = sum(rest.mapped("percentage"))
        done = self._attempt(split.with_user(self._manager_of_splits()).unlink)
        if rest and float_compare(total, 100.0, precision_digits=2):
            assert not done, f"a direct split unlink leaving {total} % was accepted"
        if done:
            self._credit_changed(lead, before)

    def _manager_of_splits(self):
        return self.case.user_manager_a

    # ------------------------------------------------------------------ rules: target lists and plans

    @rule(which=st.integers(0, 2), account=st.integers(0, 2), add=st.booleans())
    def change_list_membership(self, which, account, add):
        case = self.case
        target_list = (case.target_list, case.list_team_b, case.list_company_2)[which]
        partner = self.accounts[account]
        line = target_list.line_ids.filtered(lambda entry: entry.partner_id == partner)
        if add and not line:
            target_list.write({"line_ids": [Command.create({"partner_id": partner.id})]})
            self.m_lists[target_list.id].add(partner.id)
        elif not add and line:
            line.unlink()
            self.m_lists[target_list.id].discard(partner.id)

    @precondition(lambda self: not self.m_np_plan)
    @rule()
    def create_backdated_plan(self):
        """A plan created with an earlier effective date: deals already won by its reps keep 'No plan' until a
        manager re-evaluates them."""
        self.m_np_plan = (
            self.env["crm.commission.plan"]
            .with_user(self.case.user_admin_se)
            .create(
                {
                    "name": "SE Backdated 7%",
                    "rate": 7.0,
                    "assignment_ids": [
                        Command.create({"team_id": self.case.team_np.id, "date_from": "2020-01-01"})
                    ],
                }
            )
        )

    # ------------------------------------------------------------------ rules: settlement and statements

    @rule(then=st.sampled_from(["nothing", "confirm", "pay"]))
    def settle(self, then):
        """The settlement run, then (as the period closes) the drafts confirmed, and paid."""
        self.env["crm.commission.statement"]._settle(self.today, self.case.company_main)
        self.env.invalidate_all()
        for step in ("confirm", "pay")[: ("nothing", "confirm", "pay").index(then)]:
            self.statement_transition(step)

    @rule(state=st.sampled_from(["confirm", "pay", "reset"]))
    def statement_transition(self, state):
        """Confirm the draft statements, pay the confirmed ones, or reset them to draft (administrator)."""
        Statement = self.env["crm.commission.statement"].with_user(self.case.user_admin_se)
        source = {"confirm": "draft", "pay": "confirmed", "reset": "confirmed"}[state]
        statements = Statement.search([("state", "=", source)])
        if statements:
            getattr(
                statements,
                {"confirm": "action_confirm", "pay": "action_pay", "reset": "action_reset_draft"}[state],
            )()
            self.env.invalidate_all()

    # ------------------------------------------------------------------ rules: sequences of the above
    # Chains on one deal (confirmed, reopened, won again, re-priced) are where line histories get long; these rules
    # run a few primitive rules in a row so that such chains come up in short runs too.

    @precondition(lambda self: self._has_deals(won=True))
    @rule(index=st.integers(0, 99), then=st.sampled_from(["confirm", "pay"]), lose=st.booleans())
    def close_period_then_reopen(self, index, then, lose):
        lead = self._lead(index, won=True)
        self.settle(then)
        ids = sorted(lead_id for lead_id, deal in self.m_deals.items() if deal["won"])
        self.reopen(ids.index(lead.id))
        if lose and not self.m_deals[lead.id]["won"]:
            self.lose(sorted(self.m_deals).index(lead.id))

    @precondition(lambda self: self._has_deals(won=False))
    @rule(index=st.integers(0, 99), revenue=st.sampled_from(REVENUES), reprice_first=st.booleans())
    def win_then_reprice(self, index, revenue, reprice_first):
        lead = self._lead(index, won=False)
        position = sorted(self.m_deals).index(lead.id)
        if reprice_first:
            self.change_amount(position, revenue, None)
        self.win(sorted(lead_id for lead_id, deal in self.m_deals.items() if not deal["won"]).index(lead.id))
        if not reprice_first:
            self.change_amount(position, revenue, None)

    # ------------------------------------------------------------------ rules: re-evaluation

    def _refresh_snapshots(self, lead_ids, only_users=None):
        for lead_id in lead_ids:
            deal = self.m_deals[lead_id]
            if not deal["won"]:
                continue
            lead = self.env["crm.lead"].browse(lead_id)
            on_list = self._on_list(lead)
            for user_id in self._credit(lead):
                if only_users is None or (lead_id, user_id) in only_users:
                    deal["snap"][user_id] = self._plan_terms(user_id, on_list)

    @precondition(lambda self: self._money_lines())
    @rule(index=st.integers(0, 99))
    def reevaluate_line(self, index):
        lines = self._money_lines()
        line = lines[index % len(lines)]
        key = (line.lead_id.id, line.user_id.id)
        if self._attempt(line.with_user(self.case.user_admin_se).action_reevaluate):
            self._refresh_snapshots([key[0]], only_users={key})

    @precondition(lambda self: any(deal["won"] for deal in self.m_deals.values()))
    @rule(picks=st.lists(st.integers(0, 99), min_size=1, max_size=4))
    def reevaluate_bulk(self, picks):
        won = sorted(lead_id for lead_id, deal in self.m_deals.items() if deal["won"])
        lead_ids = sorted({won[pick % len(won)] for pick in picks})
        wizard = (
            self.env["crm.commission.reevaluate"]
            .with_user(self.case.user_admin_se)
            .create({"lead_ids": [Command.set(lead_ids)]})
        )
        if self._attempt(wizard.action_apply):
            self._refresh_snapshots(lead_ids)

    # ------------------------------------------------------------------ rules: refused plain writes

    @precondition(lambda self: self._money_lines())
    @rule(index=st.integers(0, 99), which=st.integers(0, len(PLAIN_WRITES) - 1), as_superuser=st.booleans())
    def plain_write_refused(self, index, which, as_superuser):
        lines = self._money_lines()
        line = lines[index % len(lines)]
        fname, value = PLAIN_WRITES[which]
        manager = self.leader_of.get(self.team_of[line.user_id.id].id, self.case.user_admin_se)
        actor = line.sudo() if as_superuser else line.with_user(manager)
        done = self._attempt(actor.write, {fname: value})
        assert not done, f"a plain write of {fname} on {line.display_name} went through"
        done = self._attempt(actor.write, {"user_id": self.case.user_rep_b.id})
        assert not done, f"a plain write of the salesperson of {line.display_name} went through"

    # ------------------------------------------------------------------ the invariant

    @invariant()
    def check_money_invariant(self):
        if not hasattr(self, "m_deals"):
            return
        self.env.flush_all()
        self.env.invalidate_all()
        lines = self.env["crm.commission.line"].sudo().search([])
        sums = defaultdict(lambda: [0.0, 0.0, 0.0])
        for line in lines:
            key = (line.lead_id.id, line.user_id.id)
            sums[key][0] += line.amount
            sums[key][1] += line.base_amount
            sums[key][2] += line.bonus_amount
        for lead_id in self.m_deals:
            lead = self.env["crm.lead"].with_context(active_test=False).browse(lead_id)
            expected = self._expected(lead)
            users = set(expected) | {user_id for (lid, user_id) in sums if lid == lead_id}
            for user_id in users:
                want = expected.get(user_id, (0.0, 0.0, 0.0))
                got = sums.get((lead_id, user_id), [0.0, 0.0, 0.0])
                for label, w, g in zip(("amount", "base", "bonus"), want, got, strict=True):
                    assert not float_compare(w, g, precision_digits=2), (
                        f"{lead.name} / user {user_id}: lines sum {label} {g}, its state pays {w} "
                        f"(won={self.m_deals[lead_id]['won']}, revenue={self.m_deals[lead_id]['revenue']}, "
                        f"credit={self._credit(lead)}, snapshot={self.m_deals[lead_id]['snap'].get(user_id)})"
                    )
            splits = lead.sudo().commission_split_ids
            if splits:
                total = sum(splits.mapped("percentage"))
                assert not float_compare(total, 100.0, precision_digits=2), (
                    f"{lead.name}: splits total {total} %"
                )
        # no untraced change: each line created, deleted or changed is listed on its deal's audit note of this step
        current = self._read_lines()
        changed_by_lead = defaultdict(int)
        for line_id in set(current) | set(self.m_lines):
            old, new = self.m_lines.get(line_id), current.get(line_id)
            if old is None or new is None or old[1] != new[1]:
                changed_by_lead[(new or old)[0]] += 1
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("id", ">", self.m_last_message_id),
                    ("model", "=", "crm.lead"),
                    ("body", "ilike", AUDIT_MARKER),
                ]
            )
        )
        items_by_lead = defaultdict(int)
        for message in messages:
            items_by_lead[message.res_id] += str(message.body).count("<li>")
        for lead_id, count in changed_by_lead.items():
            if not self.env["crm.lead"].browse(lead_id).exists():
                continue
            assert items_by_lead.get(lead_id, 0) >= count, (
                f"deal {lead_id}: {count} line change(s) this step, {items_by_lead.get(lead_id, 0)} logged"
            )
        self.m_lines = current
        self.m_last_message_id = self._last_message_id()
        # coverage of the paths that matter (reported by the host)
        self.stats["steps"] += 1
        kinds = set(lines.mapped("kind"))
        for kind in kinds:
            self.stats[f"steps with a {kind} line"] += 1
        if lines.filtered(lambda line: line.kind == "commission" and line.origin_id):
            self.stats["steps with a deal won again after a clawback"] += 1
        if lines.filtered("is_locked"):
            self.stats["steps with locked lines"] += 1
