# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import contextvars
from collections import defaultdict
from contextlib import contextmanager

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_is_zero, float_round, format_amount, get_lang

# Relation table of settled lines: (line, statement) rows, written by the settlement run.
STATEMENT_LINE_REL = "crm_commission_statement_line_rel"

LINE_KINDS = [
    ("commission", "Commission"),
    ("adjustment", "Adjustment"),
    ("clawback", "Clawback"),
]
ELIGIBILITY = [
    ("on_list", "On target list"),
    ("off_list", "Off target list"),
    ("no_plan", "No plan"),
]
LINE_STATES = [
    ("unsettled", "To Settle"),
    ("draft", "Draft Statement"),
    ("confirmed", "Confirmed"),
    ("paid", "Paid"),
]
# Amounts a line carries. They add up: the lines of a (deal, salesperson) sum to what the deal pays them, and an
# adjustment or clawback carries differences (a clawback of a deal with a bonus carries the negative bonus).
LINE_AMOUNT_FIELDS = ("deal_base", "base_amount", "bonus_amount", "full_bonus", "amount", "withheld_amount")
# The eligibility snapshot and its price terms: copied, not added, onto adjustment and clawback lines.
SNAPSHOT_FIELDS = (
    "company_id",
    "team_id",
    "plan_id",
    "split_percentage",
    "rate",
    "full_rate",
    "eligibility",
    "eligibility_reason",
    "is_on_target_list",
    "target_list_id",
    "target_list_name",
    "icp_tier",
    "strategy",
    "attainment",
)
# The only field a plain write may change; every other one is money or its audit (see ``_money_path``).
FREE_FIELDS = frozenset({"note"})
# Fields shown, old -> new, in the audit note a change of lines posts on its deal.
TRACED_FIELDS = (
    "amount",
    "base_amount",
    "rate",
    "bonus_amount",
    "withheld_amount",
    "eligibility",
    "plan_id",
    "target_list_id",
    "split_percentage",
)

# The money invariant's gate. Commission lines are created, changed (any field but the note) and deleted only inside
# ``_money_path()``, which only this module's business methods enter (deal won, lost, reopened, amount or credit
# changed, re-evaluation, backfill, the settlement's tier re-pricing), all through ``_money_apply``.
# It is a Python context variable, not a context key: nothing an RPC call, an import or a client sends can set it,
# and it is reset when the block ends, exception or not. Threads and requests each see their own value.
_MONEY_PATH = contextvars.ContextVar("sales_ecosystem_commission_money_path", default=False)


@contextmanager
def _money_path():
    token = _MONEY_PATH.set(True)
    try:
        yield
    finally:
        _MONEY_PATH.reset(token)


class SqlOperand:
    """An SQL expression that Python's operators compose (``+``, ``-``, ``*``, ``/``, ``<=``), so that a money formula
    written once in Python (:func:`commission_price`) also gives its SQL: the settlement's set-based re-pricing
    and the ORM path cannot drift apart."""

    __slots__ = ("sql",)

    def __init__(self, sql):
        self.sql = sql if isinstance(sql, SQL) else SQL("%s", sql)

    def _apply(self, operator, other, reverse=False):
        other = other.sql if isinstance(other, SqlOperand) else SQL("%s", other)
        left, right = (other, self.sql) if reverse else (self.sql, other)
        return SqlOperand(SQL(f"(%s {operator} %s)", left, right))

    def __add__(self, other):
        return self._apply("+", other)

    def __radd__(self, other):
        return self._apply("+", other, reverse=True)

    def __sub__(self, other):
        return self._apply("-", other)

    def __rsub__(self, other):
        return self._apply("-", other, reverse=True)

    def __mul__(self, other):
        return self._apply("*", other)

    def __rmul__(self, other):
        return self._apply("*", other, reverse=True)

    def __truediv__(self, other):
        return self._apply("/", other)

    def __rtruediv__(self, other):
        return self._apply("/", other, reverse=True)

    def __le__(self, other):
        return self._apply("<=", other)


def commission_price(base, rate, bonus):
    """The commission price before rounding, the one definition: a base at a rate (%) plus a bonus. On numbers it
    gives a number (:meth:`CrmCommissionLine._price`), on :class:`SqlOperand` the SQL expression
    (:meth:`CrmCommissionLine._price_sql`)."""
    return base * rate / 100 + bonus


def commission_tier_reached(bound, attainment):
    """Whether a tier whose lower bound is ``bound`` is reached by ``attainment`` (%), the one definition of the
    condition (numbers or :class:`SqlOperand`); of the tiers reached, the one with the highest bound applies
    (``crm.commission.plan._tier_reached`` and ``_tier_rate_sql``)."""
    return bound <= attainment


def commission_attainment(base, target):
    """Attainment (%) of a base against a target before rounding, the one definition (numbers or
    :class:`SqlOperand`, like :func:`commission_price`)."""
    return base * 100 / target


class CrmCommissionLine(models.Model):
    """What one salesperson earns (or would have earned) on one won deal, frozen at the won date.

    A line is an auditable snapshot: which plan priced it, whether the account was on a target list on the won
    date (which list, its ICP tier), the rate and the amount, and for a deal that pays nothing, why. Later changes
    of lists or profiles never re-price it until a manager re-evaluates it (logged on the deal). Once its statement
    is confirmed a line is locked: changes to the deal then produce adjustment or clawback lines linked to it
    (``origin_id``), never edits.

    The money invariant: the lines of a deal always add up to what its current state pays (see
    :meth:`_reconcile`), and they change only through :meth:`_money_apply` (the settlement's tier re-pricing too),
    which logs each change on the deal: who, when, old -> new. Plain writes of anything but the note, creations and
    deletions outside that path are refused, for every user, superuser included.
    """

    _name = "crm.commission.line"
    _description = "Commission Line"
    _order = "date desc, id desc"
    _rec_name = "lead_id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    lead_id = fields.Many2one("crm.lead", "Opportunity", required=True, ondelete="restrict", index=True)
    user_id = fields.Many2one("res.users", "Salesperson", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    team_id = fields.Many2one("crm.team", "Sales Team")
    plan_id = fields.Many2one("crm.commission.plan", index=True, ondelete="restrict")
    kind = fields.Selection(LINE_KINDS, required=True, default="commission")
    origin_id = fields.Many2one(
        "crm.commission.line",
        "Adjusts",
        ondelete="restrict",
        index=True,
        help="The earlier line of this deal and salesperson that this adjustment or clawback corrects.",
    )
    date = fields.Date(required=True, help="Won date (for adjustments: the date of the change).")
    period_start = fields.Date("Period", required=True)
    # Settling a line inserts one narrow row (line, statement) into this relation instead of rewriting the wide,
    # much indexed line: the relation's primary key is the line (see init): a line is in one statement at most.
    statement_ids = fields.Many2many(
        "crm.commission.statement",
        STATEMENT_LINE_REL,
        "line_id",
        "statement_id",
        string="Statements",
        readonly=True,
        copy=False,
    )
    statement_id = fields.Many2one(
        "crm.commission.statement",
        compute="_compute_statement_id",
        search="_search_statement_id",
        help="The statement this line is settled in (empty: not settled yet).",
    )
    state = fields.Selection(LINE_STATES, compute="_compute_state", search="_search_state")
    is_locked = fields.Boolean(compute="_compute_state")
    split_percentage = fields.Float("Credit (%)", digits=(16, 2), default=100.0)
    deal_base = fields.Monetary(currency_field="currency_id")
    base_amount = fields.Monetary(
        "Base", currency_field="currency_id", help="The deal base times the credit."
    )
    rate = fields.Float("Rate (%)", digits=(16, 4), help="Rate applied.")
    bonus_amount = fields.Monetary("Bonus", currency_field="currency_id")
    full_rate = fields.Float(
        "On-List Rate (%)", digits=(16, 4), help="Rate the deal would pay on a target list."
    )
    full_bonus = fields.Monetary("On-List Bonus", currency_field="currency_id")
    amount = fields.Monetary(currency_field="currency_id")
    withheld_amount = fields.Monetary(
        "Withheld",
        currency_field="currency_id",
        help="What the deal would have paid had its account been on a target list: the cost the policy avoided.",
    )
    eligibility = fields.Selection(ELIGIBILITY, required=True, default="on_list")
    eligibility_reason = fields.Char("Reason")
    is_on_target_list = fields.Boolean("On a Target List at Won Date")
    target_list_id = fields.Many2one("crm.target.list", ondelete="set null")
    target_list_name = fields.Char(help="Name of the list at the won date.")
    icp_tier = fields.Selection(selection="_selection_icp_tier", string="ICP Tier at Won Date")
    strategy = fields.Selection(selection="_selection_strategy", string="Strategy at Won Date")
    attainment = fields.Float("Attainment (%)", digits=(16, 2), help="Period attainment including this deal.")
    note = fields.Char()

    # Settlement reads the lines of a company up to a date, then drops those already in the relation.
    _company_date_idx = models.Index("(company_id, date)")
    _lead_user_kind_origin_uniq = models.Constraint(
        "UNIQUE NULLS NOT DISTINCT (lead_id, user_id, kind, origin_id)",
        "A deal has one commission line per salesperson, and a line is adjusted at most once per kind.",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.model
    def _selection_icp_tier(self):
        return self.env["crm.lead"]._fields["icp_tier"].selection

    @api.model
    def _selection_strategy(self):
        return self.env["crm.lead"]._fields["strategy"].selection

    @api.depends("statement_ids")
    def _compute_statement_id(self):
        for line in self:
            line.statement_id = line.statement_ids[:1]

    def _search_statement_id(self, operator, value):
        return [("statement_ids", operator, value)]

    @api.depends("statement_ids.state")
    def _compute_state(self):
        for line in self:
            line.state = line.statement_id.state or "unsettled"
            line.is_locked = line.state in ("confirmed", "paid")

    def _search_state(self, operator, value):
        if operator not in ("=", "in"):
            raise NotImplementedError(self.env._("Operation not supported"))
        values = [value] if operator == "=" else list(value)
        domain = [("statement_ids.state", "in", [v for v in values if v != "unsettled"])]
        if "unsettled" in values:
            domain = ["|", ("statement_ids", "=", False), *domain]
        return domain

    @api.depends("lead_id", "user_id", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for line in self:
            line.display_name = f"{line.lead_id.name} · {line.user_id.name} · {kinds.get(line.kind)}"

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    # Outside the money path, access rights are checked first (a rep gets the usual access error), then the
    # refusal names the deal and what was attempted.

    @api.model_create_multi
    def create(self, vals_list):
        if not _MONEY_PATH.get():
            self.browse().check_access("create")
            self._raise_money_refusal("create", vals_list=vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not _MONEY_PATH.get() and set(vals) - FREE_FIELDS:
            self.check_access("write")
            self._check_unlocked(self.env._("modify"))
            self._raise_money_refusal("write", fnames=set(vals) - FREE_FIELDS)
        self._check_unlocked(self.env._("modify"))
        return super().write(vals)

    def unlink(self):
        if not _MONEY_PATH.get():
            self.check_access("unlink")
            self._check_unlocked(self.env._("delete"))
            self._raise_money_refusal("unlink")
        self._check_unlocked(self.env._("delete"))
        return super().unlink()

    def _check_unlocked(self, what):
        locked = self.filtered("is_locked")
        if locked:
            line = locked[0]
            raise UserError(
                self.env._(
                    "You cannot %(what)s the commission line '%(line)s': its statement '%(statement)s' is "
                    "%(state)s. Changes to the deal create adjustment lines instead.",
                    what=what,
                    line=line.display_name,
                    statement=line.statement_id.name,
                    state=dict(LINE_STATES)[line.state],
                )
            )

    def _raise_money_refusal(self, operation, fnames=(), vals_list=()):
        """Refuse a change of commission money outside the money path, naming the deal and what was attempted."""
        # sudo: the refusal names the deal and salesperson of a line the caller tried to change.
        if self:
            line = self[0].sudo()
            deal, user = line.lead_id.display_name, line.user_id.name
        else:
            vals = vals_list[0] if vals_list else {}
            deal = self.env["crm.lead"].sudo().browse(vals.get("lead_id")).exists().display_name
            user = self.env["res.users"].sudo().browse(vals.get("user_id")).exists().name
        deal = deal or self.env._("(no deal)")
        user = user or self.env._("(no salesperson)")
        if operation == "create":
            message = self.env._(
                "Commission lines of deal '%(deal)s' (%(user)s) cannot be created directly: they are recorded when "
                "the deal is won. An administrator backfills deals won before commissions were set up (Commissions "
                "> Re-evaluate Commissions).",
                deal=deal,
                user=user,
            )
        elif operation == "unlink":
            message = self.env._(
                "The commission of %(user)s on deal '%(deal)s' cannot be deleted directly: reopen or lose the deal "
                "(a commission already confirmed is clawed back).",
                deal=deal,
                user=user,
            )
        else:
            labels = ", ".join(
                sorted(f"'{self._fields[fname]._description_string(self.env)}'" for fname in fnames)
            )
            message = self.env._(
                "The commission of %(user)s on deal '%(deal)s': %(fields)s cannot be changed directly. A "
                "commission follows its deal: change the deal (amount, credit split, won or lost), or re-evaluate "
                "the line (Re-evaluate, logged on the deal).",
                deal=deal,
                user=user,
                fields=labels,
            )
        raise UserError(message)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_reevaluate(self):
        """Re-price these lines' deals, for their salespeople, with today's lists and plans for the won date.

        Explicit and logged on each deal. A line not locked yet is rewritten; next to a line of a confirmed or paid
        statement the difference goes into an adjustment line.
        """
        self._check_reevaluate_rights()
        keys = {(line.lead_id.id, line.user_id.id) for line in self}
        # sudo: managers re-evaluate the lines they may write (checked above); the deal side runs as the system.
        self.env["crm.lead"].sudo().browse({key[0] for key in keys})._commission_reevaluate(
            self.env._("Commission re-evaluated by %(manager)s", manager=self.env.user.name), keys=keys
        )
        return True

    def _check_reevaluate_rights(self):
        if not self.env.user.has_group("sales_ecosystem.group_sales_ecosystem_manager"):
            raise UserError(self.env._("Only commission managers can re-evaluate commission lines."))
        self.check_access("write")

    # ------------------------------------------------------------
    # BUSINESS: display
    # ------------------------------------------------------------

    @api.model
    def _format_rate(self, rate):
        """A rate as people write it, in the user's language: 7, 2.5, 3.125 (no trailing zeros)."""
        lang = self.env["res.lang"].browse(get_lang(self.env).id)
        text = lang.format("%.4f", rate or 0.0, grouping=True)
        if lang.decimal_point in text:
            text = text.rstrip("0").rstrip(lang.decimal_point)
        return text

    @api.model
    def _format_amount(self, amount, currency):
        """An amount with its currency, without zero cents: $ 180,000 (but $ 12,600.50)."""
        if not currency:
            return self._format_rate(amount)
        amount = amount or 0.0
        whole = float_is_zero(amount - round(amount), precision_digits=currency.decimal_places)
        return format_amount(self.env, amount, currency, trailing_zeroes=not whole)

    def _tier_label(self):
        """The tier the line was paid at, in words: the plan's tier its attainment reached, else the base rate."""
        self.ensure_one()
        if self.kind != "commission" or not self.plan_id:
            return ""
        tier = self.plan_id._tier_reached(self.attainment)
        if not tier:
            return self.env._("Base rate")
        return self.env._(
            "From %(attainment)s %% attainment", attainment=self._format_rate(tier.attainment_from)
        )

    # ------------------------------------------------------------
    # BUSINESS: pricing (one definition)
    # ------------------------------------------------------------

    @api.model
    def _get_period_unit(self):
        # sudo: company policy read by every commission computation.
        unit = self.env["ir.config_parameter"].sudo().get_param("sales_ecosystem.commission_period", "month")
        return unit if unit in ("month", "quarter") else "month"

    @api.model
    def _period_start(self, date, unit=None):
        unit = unit or self._get_period_unit()
        month = date.month if unit == "month" else 3 * ((date.month - 1) // 3) + 1
        return date.replace(month=month, day=1)

    @api.model
    def _price(self, currency, base, rate, bonus, full_rate, full_bonus):
        """The commission price, in Python: (amount, withheld) of a base at a rate plus a bonus, rounded in the
        currency; withheld = what the on-list terms (full rate and bonus) would pay, minus the amount. The formula is
        :func:`commission_price`, from which :meth:`_price_sql` generates the settlement's SQL."""
        amount = currency.round(commission_price(base, rate, bonus))
        full = currency.round(commission_price(base, full_rate, full_bonus))
        return amount, currency.round(full - amount)

    @api.model
    def _price_sql(self, base, rate, bonus, rounding):
        """The commission price in SQL (see :meth:`_price`): SQL expressions in, the rounded amount out, the formula
        generated from :func:`commission_price`."""
        price = commission_price(SqlOperand(base), SqlOperand(rate), SqlOperand(bonus)).sql
        return SQL("(round(%s / %s) * %s)", price, rounding, rounding)

    @api.model
    def _settle_tier_rates(self, date, company_ids):
        """Price the tiered lines about to be settled with the attainment band they really reached.

        A line's tier is first set when its deal is won, from the lines existing at that moment. Deals won out of
        date order, withdrawn (lost, reopened) or re-priced since, and wins in concurrent transactions make that
        first attainment wrong. Before settling, every (rep, plan, period) group that has unsettled commission
        lines up to ``date`` is re-ranked in SQL: attainment = on-list base of the group's commission lines in
        (won date, id) order up to and including the line, the rate of the highest tier it reached (else the
        plan's rate) for on-list lines, the Off-Strategy rate for off-list ones, amount and withheld priced as at
        win time (the one definition of attainment, tier and price: crm.commission.plan._attainment_sql,
        _tier_rate_sql, :meth:`_price_sql`): one set-based SELECT of the new prices. The changed lines are then
        written through the money path (:meth:`_money_apply`, which logs each re-priced line on its deal, old ->
        new, one note per deal), which honours the line lock: lines of confirmed or paid statements are never
        rewritten (they still count in the attainment of later lines); nor are lines row-locked by another
        transaction (``SKIP LOCKED``); a line whose price is unchanged is not written. One query, plus the writes
        and notes when lines were re-priced; nothing to do without tiered plans.

        :return: number of lines re-priced
        """
        Plan = self.env["crm.commission.plan"]
        running_base = SQL(
            "SUM(CASE WHEN l.eligibility = 'on_list' THEN l.base_amount ELSE 0 END) OVER ("
            "PARTITION BY l.user_id, l.plan_id, l.period_start ORDER BY l.date, l.id)"
        )
        rows = self.env.execute_query(
            SQL(
                """
            WITH tiered_plan AS (
                SELECT DISTINCT t.plan_id
                  FROM crm_commission_plan_tier t
                  JOIN crm_commission_plan plan ON plan.id = t.plan_id
                 WHERE plan.target_amount > 0 AND plan.company_id = ANY(%(company_ids)s)
            ), grp AS (
                SELECT DISTINCT l.user_id, l.plan_id, l.period_start
                  FROM crm_commission_line l
                  JOIN tiered_plan tp ON tp.plan_id = l.plan_id
                 WHERE l.kind = 'commission' AND l.date <= %(date)s AND l.company_id = ANY(%(company_ids)s)
                   AND NOT EXISTS (SELECT 1 FROM crm_commission_statement_line_rel r WHERE r.line_id = l.id)
            ), ranked AS (
                SELECT l.id, l.plan_id, %(attainment)s AS attainment
                  FROM crm_commission_line l
                  JOIN grp ON grp.user_id = l.user_id AND grp.plan_id = l.plan_id
                          AND grp.period_start = l.period_start
                  JOIN crm_commission_plan plan ON plan.id = l.plan_id
                 WHERE l.kind = 'commission' AND l.eligibility IN ('on_list', 'off_list')
            ), priced AS (
                SELECT r.id, r.attainment, COALESCE(%(tier_rate)s, plan.rate) AS full_rate, plan.off_strategy_rate,
                       cur.rounding
                  FROM ranked r
                  JOIN crm_commission_plan plan ON plan.id = r.plan_id
                  JOIN res_company c ON c.id = plan.company_id
                  JOIN res_currency cur ON cur.id = c.currency_id
            ), todo AS (
                SELECT l.id, p.full_rate, p.attainment,
                       CASE WHEN l.eligibility = 'on_list' THEN p.full_rate ELSE p.off_strategy_rate END AS rate,
                       p.rounding
                  FROM priced p
                  JOIN crm_commission_line l ON l.id = p.id
                   FOR UPDATE OF l SKIP LOCKED
            ), new AS (
                SELECT t.id, t.rate, t.full_rate, t.attainment, %(amount)s AS amount, %(full)s AS full
                  FROM todo t
                  JOIN crm_commission_line l ON l.id = t.id
            )
            SELECT n.id, n.rate, n.full_rate, n.attainment, n.amount, n.full - n.amount
              FROM new n
              JOIN crm_commission_line l ON l.id = n.id
             WHERE (l.rate, l.full_rate, l.attainment, l.amount, l.withheld_amount)
                   IS DISTINCT FROM (n.rate, n.full_rate, n.attainment, n.amount, n.full - n.amount)
                """,
                date=date,
                company_ids=list(company_ids),
                attainment=Plan._attainment_sql(running_base, SQL("plan.target_amount")),
                tier_rate=Plan._tier_rate_sql(SQL("r.plan_id"), SQL("r.attainment")),
                amount=self._price_sql(
                    SQL("l.base_amount"), SQL("t.rate"), SQL("l.bonus_amount"), SQL("t.rounding")
                ),
                full=self._price_sql(
                    SQL("l.base_amount"), SQL("t.full_rate"), SQL("l.full_bonus"), SQL("t.rounding")
                ),
            )
        )
        # sudo: the settlement re-prices (and logs on their deals) every rep's lines
        lines = self.sudo().browse([row[0] for row in rows])
        # the line lock, as every change of a line honours it (_check_unlocked): confirmed or paid lines stay
        to_write = {
            line: {
                "rate": rate,
                "full_rate": full_rate,
                "attainment": attainment,
                "amount": amount,
                "withheld_amount": withheld,
            }
            for line, (_id, rate, full_rate, attainment, amount, withheld) in zip(lines, rows, strict=True)
            if not line.is_locked
        }
        if not to_write:
            return 0
        self._money_apply(
            [],
            to_write,
            self.browse(),
            self.env._("Commission re-priced at settlement (tier reached in the period)"),
        )
        return len(to_write)

    @api.model
    def _prepare_commission_values(self, leads, date_by_lead=None, only_user=None, exclude_lines=None):
        """Price deals as if won on the given dates: one dict of line values per credited salesperson.

        Eligibility is the deal's target-list membership on the won date, for its company and team (the one
        definition, see crm.lead._get_target_lists_on); every credited salesperson shares it.
        Batch: a fixed number of queries for any number of deals.
        :param leads: crm.lead recordset
        :param date_by_lead: {lead_id: date}; default: the deal's closing date, else today
        :param only_user: restrict to this salesperson
        :param exclude_lines: lines left out of the attainment already reached (re-evaluation)
        """
        # sudo: a rep winning a deal prices it with plans, lists and other reps' attainment they cannot read;
        # only the resulting line values leave this method.
        env_su = self.sudo().env
        leads = leads.sudo()
        Plan = env_su["crm.commission.plan"]
        today = fields.Date.context_today(self)
        unit = self._get_period_unit()
        date_by_lead = dict(date_by_lead or {})
        for lead in leads:
            if lead.id not in date_by_lead:
                date_by_lead[lead.id] = lead.date_closed.date() if lead.date_closed else today

        credits = leads._commission_credit()
        if only_user:
            credits = {
                lead_id: tuple(pair for pair in pairs if pair[0] == only_user.id)
                for lead_id, pairs in credits.items()
            }
        plan_keys = {
            (user_id, date_by_lead[lead.id], (lead.company_id or self.env.company).id)
            for lead in leads
            for user_id, _pct in credits[lead.id]
        }
        plans = env_su["crm.commission.assignment"]._get_plans(plan_keys)
        lists_by_lead = leads._get_target_lists_on(date_by_lead)
        user_ids = {user_id for pairs in credits.values() for user_id, _pct in pairs}
        users = env_su["res.users"].browse(user_ids)

        # Attainment already reached in each (user, plan, period) by the period's on-list commission lines.
        tiered_plans = Plan.union(*plans.values()).filtered("tier_ids")
        reached = defaultdict(float)
        if tiered_plans:
            domain = [
                ("user_id", "in", list(user_ids)),
                ("plan_id", "in", tiered_plans.ids),
                ("kind", "=", "commission"),
                ("eligibility", "=", "on_list"),
                ("period_start", "in", list({self._period_start(d, unit) for d in date_by_lead.values()})),
            ]
            if exclude_lines:
                domain.append(("id", "not in", exclude_lines.ids))
            # sudo: attainment counts every line of the rep's period, not only those the caller reads
            for user, plan, period, base in self.sudo()._read_group(
                domain, ["user_id", "plan_id", "period_start:day"], ["base_amount:sum"]
            ):
                reached[user.id, plan.id, period] = base

        values = []
        for lead in leads.sorted(lambda lead: (date_by_lead[lead.id], lead.id)):
            date = date_by_lead[lead.id]
            company = lead.company_id or self.env.company
            currency = company.currency_id
            period = self._period_start(date, unit)
            target_list = lists_by_lead[lead.id].sorted("name")[:1]
            for user_id, pct in credits[lead.id]:
                user = users.browse(user_id)
                plan = plans.get((user_id, date, company.id)) or Plan
                vals = {
                    "lead_id": lead.id,
                    "user_id": user_id,
                    "company_id": company.id,
                    "team_id": lead.team_id.id,
                    "plan_id": plan.id,
                    "date": date,
                    "period_start": period,
                    "split_percentage": pct,
                    "is_on_target_list": bool(target_list),
                    "target_list_id": target_list.id,
                    "target_list_name": target_list.name,
                    "icp_tier": lead.icp_tier,
                    "strategy": lead.strategy,
                    "rate": 0.0,
                    "bonus_amount": 0.0,
                    "full_rate": 0.0,
                    "full_bonus": 0.0,
                    "amount": 0.0,
                    "withheld_amount": 0.0,
                    "attainment": 0.0,
                }
                if not plan:
                    deal_base = lead.expected_revenue or 0.0
                    vals.update(
                        deal_base=deal_base,
                        base_amount=currency.round(deal_base * pct / 100.0),
                        eligibility="no_plan",
                        eligibility_reason=self.env._(
                            "No commission plan for %(user)s on %(date)s", user=user.name, date=date
                        ),
                    )
                    values.append(vals)
                    continue
                deal_base = plan._get_base(lead)
                base = currency.round(deal_base * pct / 100.0)
                full_rate = plan.rate
                if plan.tier_ids and plan.target_amount:
                    key = (user_id, plan.id, period)
                    attainment = Plan._attainment(
                        reached[key] + (base if target_list else 0.0), plan.target_amount
                    )
                    full_rate = plan._get_rate_for_attainment(attainment)
                    vals["attainment"] = attainment
                    if target_list:
                        reached[key] += base
                full_bonus = currency.round(plan.bonus_amount * pct / 100.0)
                if target_list:
                    rate, bonus = full_rate, full_bonus
                    reason = self.env._("On list '%(list)s'", list=target_list.name)
                else:
                    rate, bonus = plan.off_strategy_rate, 0.0
                    reason = self.env._("Not on a target list on %(date)s", date=date)
                amount, withheld = self._price(currency, base, rate, bonus, full_rate, full_bonus)
                vals.update(
                    deal_base=deal_base,
                    base_amount=base,
                    rate=rate,
                    bonus_amount=bonus,
                    full_rate=full_rate,
                    full_bonus=full_bonus,
                    amount=amount,
                    withheld_amount=withheld,
                    eligibility="on_list" if target_list else "off_list",
                    eligibility_reason=reason,
                )
                values.append(vals)
        return values

    # ------------------------------------------------------------
    # BUSINESS: the money path
    # ------------------------------------------------------------

    @api.model
    def _reconcile(self, lines, desired_by_key, kind, reason):
        """Bring each (deal, salesperson) to what the deal's current state pays them, without editing locked lines.

        :param lines: crm.commission.line recordset: every line of the deals concerned
        :param desired_by_key: {(lead_id, user_id): the values of the one line that would pay what the deal pays
            now (snapshot fields and amounts, as :meth:`_prepare_commission_values` returns them), or None: the deal
            pays them nothing (lost, reopened, no longer credited)}
        :param kind: the kind of a line created next to lines that stay: 'commission' for deals (won again),
            'adjustment' for re-pricing and re-evaluation, 'clawback' for withdrawals
        :param reason: the note of created lines and the title of the audit note posted on each deal
        :return: the created lines

        Per (deal, salesperson): lines of confirmed or paid statements stay as they are. If the live commission line
        (the newest commission after the last clawback) is not locked (the "root"), it takes the desired snapshot
        and the amounts that make the group add up to the desired amounts; other unlocked lines are deleted, except
        those a remaining line refers to (``origin_id``), and except on a win, which keeps the history.
        Otherwise, when the remaining lines do not add up to the desired amounts (or carry another snapshot), one
        new line carries the difference, linked to the last remaining line: a 'commission' line when nothing
        remains (first win) or when the deal is won again, else an adjustment or a clawback. After it, for every
        amount field, sum(lines of the group) == desired (0 for None): the money invariant.
        """
        # sudo: lines are reconciled on behalf of whoever acted on the deal (reps only read their lines)
        Line = self.sudo()
        groups = defaultdict(Line.browse)
        for line in lines.sudo().sorted("id"):
            groups[line.lead_id.id, line.user_id.id] |= line
        today = fields.Date.context_today(self)
        unit = self._get_period_unit()
        to_create, to_write, to_unlink = [], {}, Line.browse()
        for key, desired in desired_by_key.items():
            group = groups.get(key, Line.browse())
            if not group and desired is None:
                continue
            locked = group.filtered("is_locked")
            # the live commission: the newest commission line after the last clawback
            last_clawback = max(group.filtered(lambda line: line.kind == "clawback").ids, default=0)
            root = Line.browse()
            if desired is not None:
                root = (group - locked).filtered(
                    lambda line, after=last_clawback: line.kind == "commission" and line.id > after
                )[-1:]
            kept = locked | root
            if kind == "commission":
                # a deal won (again): its history stays (after a withdrawal it adds up to zero), a new commission
                # line follows it
                kept = group
            for line in reversed(group - kept):  # newest first: a line's referrers are newer than it
                if line in kept.origin_id:
                    kept |= line
                else:
                    to_unlink |= line
            kept = kept.sorted("id")
            others = kept - root
            currency = (
                self.env["res.company"].browse(desired["company_id"]).currency_id
                if desired
                else group[:1].currency_id
            )
            rest = {
                fname: currency.round((desired or {}).get(fname, 0.0) - sum(others.mapped(fname)))
                for fname in LINE_AMOUNT_FIELDS
            }
            if root:
                vals = dict(rest, **{fname: desired[fname] for fname in SNAPSHOT_FIELDS if fname in desired})
                changed = {fname: value for fname, value in vals.items() if root._money_differs(fname, value)}
                if changed:
                    to_write[root] = changed
                continue
            reference = kept.filtered(lambda line: line.kind != "clawback")[-1:] or kept[-1:]
            money_moves = not all(
                float_is_zero(v, precision_rounding=currency.rounding) for v in rest.values()
            )
            if desired is None:
                if not money_moves:
                    continue
                snapshot = {fname: reference._money_value(fname) for fname in SNAPSHOT_FIELDS}
            else:
                if kept and not money_moves and not reference._snapshot_differs(desired):
                    continue
                snapshot = {fname: desired[fname] for fname in SNAPSHOT_FIELDS if fname in desired}
            new_kind = kind if kept else "commission"
            is_commission = new_kind == "commission" and desired is not None
            date = desired["date"] if is_commission else today
            to_create.append(
                {
                    **snapshot,
                    **rest,
                    "lead_id": key[0],
                    "user_id": key[1],
                    "kind": new_kind,
                    "origin_id": kept[-1:].id or False,
                    "date": date,
                    "period_start": desired["period_start"]
                    if is_commission
                    else self._period_start(date, unit),
                    "note": False if is_commission and not kept else reason,
                }
            )
        return self._money_apply(to_create, to_write, to_unlink, reason)

    def _money_value(self, fname):
        """The line's value of ``fname`` as written (ids for relations)."""
        value = self[fname]
        return value.id if isinstance(value, models.BaseModel) else value

    def _money_differs(self, fname, value):
        current = self._money_value(fname)
        field = self._fields[fname]
        if field.type == "monetary":
            return not float_is_zero(
                (current or 0.0) - (value or 0.0), precision_rounding=self.currency_id.rounding
            )
        if field.type == "float":
            return float_round(current or 0.0, 4) != float_round(value or 0.0, 4)
        return (current or False) != (value or False)

    def _snapshot_differs(self, values):
        """Whether ``values`` carry another eligibility snapshot than this line (plan, eligibility, rates)."""
        return any(
            self._money_differs(fname, values[fname])
            for fname in ("plan_id", "eligibility", "rate", "full_rate", "split_percentage", "target_list_id")
            if fname in values
        )

    @api.model
    def _money_apply(self, to_create, to_write, to_unlink, reason):
        """The one path that changes commission lines (the settlement's tier re-pricing included): delete,
        write and create them inside ``_money_path()``, and post on each deal one note listing the changes, old ->
        new (the note's author and date say who and when). Batch: the notes are logged in one go.

        :param to_create: list of line values
        :param to_write: {line: values}
        :param to_unlink: lines
        :return: the created lines
        """
        # sudo: the money path writes lines whoever triggered it; access was checked where the change was asked for
        Line = self.sudo()
        entries = defaultdict(list)
        for line, vals in to_write.items():
            diffs = [
                (fname, line[fname], vals[fname])
                for fname in TRACED_FIELDS
                if fname in vals and line._money_differs(fname, vals[fname])
            ]
            if diffs:
                entries[line.lead_id.id].append(line._money_row("write", diffs))
        for line in to_unlink:
            entries[line.lead_id.id].append(line._money_row("unlink"))
        with _money_path():
            to_unlink.unlink()
            for line, vals in to_write.items():
                line.write(vals)
            created = Line.create(to_create)
        for line in created:
            entries[line.lead_id.id].append(line._money_row("create"))
        self._money_log(entries, reason)
        return created

    def _money_row(self, operation, diffs=()):
        """One item of an audit note: the line's salesperson and kind, and its change."""
        self.ensure_one()
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        who = Markup("<b>%s</b> · %s") % (self.user_id.name, kinds.get(self.kind))
        if operation == "write":
            changes = Markup(", ").join(
                Markup("%s %s → %s")
                % (
                    self._fields[fname]._description_string(self.env),
                    self._money_format(fname, old),
                    self._money_format(fname, new),
                )
                for fname, old, new in diffs
            )
            return Markup("<li>%s: %s</li>") % (who, changes)
        shown = ["amount", "base_amount", "rate", "eligibility"]
        if self.bonus_amount:
            shown.append("bonus_amount")
        values = Markup(", ").join(
            Markup("%s %s")
            % (self._fields[fname]._description_string(self.env), self._money_format(fname, self[fname]))
            for fname in shown
        )
        label = self.env._("new") if operation == "create" else self.env._("removed")
        return Markup("<li>%s (%s): %s</li>") % (who, label, values)

    def _money_format(self, fname, value):
        field = self._fields[fname]
        if isinstance(value, models.BaseModel):
            return value.display_name or "—"
        if field.type == "many2one":
            # sudo: the audit names the plan or list, whoever triggered the change
            return self.env[field.comodel_name].sudo().browse(value).display_name if value else "—"
        if field.type == "monetary":
            return format_amount(self.env, value or 0.0, self.currency_id)
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value or "—")
        if field.type == "float":
            return f"{float_round(value or 0.0, 4):g} %"
        return str(value)

    @api.model
    def _money_log(self, entries, reason):
        """Post the audit notes: {lead_id: [items]} -> one note per deal, titled ``reason``."""
        # sudo: deals still present (a deleted deal takes its unsettled lines along, nothing to log there).
        leads = (
            self.env["crm.lead"]
            .sudo()
            .browse([lead_id for lead_id, rows in entries.items() if rows])
            .exists()
        )
        if not leads:
            return
        title = self.env._("Commission")
        bodies = {
            lead.id: Markup("<p><b>%s</b> · %s</p><ul>%s</ul>")
            % (title, reason, Markup("").join(entries[lead.id]))
            for lead in leads
        }
        # the author is the user who made the change (the system for the cron)
        leads.with_user(self.env.user)._message_log_batch(bodies=bodies)
