# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import logging

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ConcurrencyError, UserError
from odoo.tools import SQL

from .crm_commission_line import _MONEY_PATH, STATEMENT_LINE_REL

_logger = logging.getLogger(__name__)

STATEMENT_STATES = [("draft", "Draft"), ("confirmed", "Confirmed"), ("paid", "Paid")]
# Fields that may still change on a confirmed statement (its lifecycle), and on a paid one (mail only).
CONFIRMED_WRITABLE = {"state", "date_confirmed", "confirmed_uid", "date_paid", "paid_uid"}
PAID_WRITABLE = {"message_main_attachment_id", "activity_ids", "message_follower_ids", "message_ids"}
# Advisory lock namespace of settlements and statement confirmations (per company): "SECM".
SETTLEMENT_LOCK_NAMESPACE = 0x5345434D


class CrmCommissionStatement(models.Model):
    """What one salesperson is paid for one period: the commission lines settled into it.

    draft → confirmed (lines locked) → paid (nothing changes any more). Statements are created by the settlement
    run (with the ORM; the lines they receive are decided and linked set-based), idempotent and safe under
    concurrency (see :meth:`_settle`).
    """

    _name = "crm.commission.statement"
    _description = "Commission Statement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "period_start desc, user_id, id desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", required=True, index=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    period_start = fields.Date(required=True, readonly=True)
    period_end = fields.Date(required=True, readonly=True)
    state = fields.Selection(STATEMENT_STATES, required=True, default="draft", tracking=True, index=True)
    line_ids = fields.Many2many(
        "crm.commission.line",
        STATEMENT_LINE_REL,
        "statement_id",
        "line_id",
        "Lines",
        readonly=True,
        copy=False,
    )
    line_count = fields.Integer(compute="_compute_totals")
    amount_total = fields.Monetary("Total", compute="_compute_totals", currency_field="currency_id")
    amount_withheld = fields.Monetary("Withheld", compute="_compute_totals", currency_field="currency_id")
    no_plan_line_count = fields.Integer(
        "Lines Without Plan",
        compute="_compute_totals",
        help="Commission lines of this statement that pay nothing because no commission plan applied to their "
        "salesperson on the won date. If a plan was since created or corrected with an earlier date, re-evaluate "
        "them.",
    )
    date_confirmed = fields.Datetime("Confirmed On", readonly=True, copy=False)
    confirmed_uid = fields.Many2one("res.users", "Confirmed By", readonly=True, copy=False)
    date_paid = fields.Datetime("Paid On", readonly=True, copy=False)
    paid_uid = fields.Many2one("res.users", "Paid By", readonly=True, copy=False)
    note = fields.Text()

    _user_period_uniq = models.Constraint(
        "UNIQUE(user_id, company_id, period_start)", "A salesperson has one statement per period."
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("line_ids.amount", "line_ids.withheld_amount", "line_ids.eligibility")
    def _compute_totals(self):
        # sudo: totals of a statement the user can read (its lines follow the same rules).
        Line = self.env["crm.commission.line"].sudo()
        groups = {
            statement: (count, amount, withheld)
            for statement, count, amount, withheld in Line._read_group(
                [("statement_ids", "in", self.ids)],
                ["statement_ids"],
                ["__count", "amount:sum", "withheld_amount:sum"],
            )
        }
        no_plan = dict(
            Line._read_group(
                [
                    ("statement_ids", "in", self.ids),
                    ("eligibility", "=", "no_plan"),
                    ("kind", "=", "commission"),
                ],
                ["statement_ids"],
                ["__count"],
            )
        )
        for statement in self:
            # sudo: the grouped keys come from a sudo read_group
            count, amount, withheld = groups.get(statement.sudo(), (0, 0.0, 0.0))
            statement.line_count = count
            statement.amount_total = amount
            statement.amount_withheld = withheld
            statement.no_plan_line_count = no_plan.get(statement.sudo(), 0)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("line_ids") for vals in vals_list) and not _MONEY_PATH.get():
            raise UserError(
                self.env._(
                    "Statement '%(statement)s': its lines cannot be chosen by hand. The settlement run collects "
                    "commission lines into statements.",
                    statement=vals_list[0].get("name") or "",
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        keys = set(vals)
        if "line_ids" in keys and not _MONEY_PATH.get():
            # The settlement fills statements (set-based SQL); moving a line between statements moves money.
            raise UserError(
                self.env._(
                    "Statement '%(statement)s': its lines cannot be changed by hand. The settlement run collects "
                    "commission lines into statements; a deal's changes reach them as adjustment lines.",
                    statement=self[:1].name,
                )
            )
        for statement in self:
            if statement.state == "paid" and keys - PAID_WRITABLE:
                raise UserError(
                    self.env._(
                        "Statement '%(statement)s' is paid: it cannot be changed (field(s): %(fields)s).",
                        statement=statement.name,
                        fields=", ".join(sorted(keys - PAID_WRITABLE)),
                    )
                )
            if statement.state == "confirmed" and keys - CONFIRMED_WRITABLE - PAID_WRITABLE:
                raise UserError(
                    self.env._(
                        "Statement '%(statement)s' is confirmed: its content is locked (field(s): %(fields)s). "
                        "Reset it to draft first.",
                        statement=statement.name,
                        fields=", ".join(sorted(keys - CONFIRMED_WRITABLE - PAID_WRITABLE)),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        self._check_state(
            "draft",
            lambda statement, state: self.env._(
                "Statement '%(statement)s' is %(state)s: only draft statements can be deleted.",
                statement=statement.name,
                state=state,
            ),
        )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_confirm(self):
        self._lock_for_transition()
        self._check_state(
            "draft",
            lambda statement, state: self.env._(
                "Statement '%(statement)s' is already %(state)s: it can be confirmed only once.",
                statement=statement.name,
                state=state,
            ),
        )
        self.write(
            {"state": "confirmed", "date_confirmed": fields.Datetime.now(), "confirmed_uid": self.env.uid}
        )
        return True

    def action_pay(self):
        self._check_admin()
        self._lock_for_transition()
        self._check_state(
            "confirmed",
            lambda statement, state: self.env._(
                "Statement '%(statement)s' is %(state)s: only confirmed statements can be paid.",
                statement=statement.name,
                state=state,
            ),
        )
        self.write({"state": "paid", "date_paid": fields.Datetime.now(), "paid_uid": self.env.uid})
        return True

    def action_reset_draft(self):
        self._check_admin()
        self._lock_for_transition()
        self._check_state(
            "confirmed",
            lambda statement, state: self.env._(
                "Statement '%(statement)s' is %(state)s: only confirmed statements go back to draft.",
                statement=statement.name,
                state=state,
            ),
        )
        self.write({"state": "draft", "date_confirmed": False, "confirmed_uid": False})
        return True

    def action_reevaluate_no_plan(self):
        """Open the re-evaluation of this statement's lines that paid nothing for want of a plan."""
        self.ensure_one()
        lines = self.line_ids.filtered(
            lambda line: line.eligibility == "no_plan" and line.kind == "commission"
        )
        return self.env["crm.commission.reevaluate"]._action_open(lines.lead_id, lines)

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_ecosystem.crm_commission_line_action")
        action["domain"] = [("statement_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _check_state(self, state, message):
        """The guard of every transition (confirm, pay, reset, delete): each statement of ``self`` must be in
        ``state``, else a ``UserError`` with ``message(statement, label of its state)``, for the first that is not."""
        labels = dict(STATEMENT_STATES)
        for statement in self:
            if statement.state != state:
                raise UserError(message(statement, labels[statement.state]))

    def _check_admin(self):
        if not self.env.user.has_group("sales_ecosystem.group_sales_ecosystem_admin"):
            raise UserError(
                self.env._("Only commission administrators can pay statements or reset them to draft.")
            )

    def _lock_for_transition(self):
        """Serialise with settlement runs of the same companies and lock the statements' rows."""
        self.check_access("write")
        self.flush_recordset()
        for company_id in sorted(set(self.company_id.ids)):
            self.env.cr.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", (SETTLEMENT_LOCK_NAMESPACE, company_id)
            )
        if self.ids:
            self.env.cr.execute(
                "SELECT id FROM crm_commission_statement WHERE id IN %s FOR UPDATE", [tuple(self.ids)]
            )
        self.invalidate_recordset(["state"])

    @api.model
    def _settle(self, date, companies=None):
        """Collect unsettled commission lines dated up to ``date`` into per-rep, per-period draft statements.

        Tiered lines are re-priced first with the attainment they really reached (``_settle_tier_rates`` of
        crm.commission.line, through the money path; nothing to do without tiered plans). Then:

        1. one set-based SELECT decides the statement key (rep, company, period) of the unsettled lines: a line
           goes into the statement of its period, or, if that period is already confirmed or paid for the rep, into
           the rep's first period after it; the draft statements of those keys are row-locked (``FOR UPDATE``);
        2. the missing statements are created with the ORM (:meth:`_prepare_statement_vals`: name, period,
           currency; followers and creation message as for any mail-enabled record);
        3. one INSERT writes one narrow (line, statement) row per settled line into the relation
           ``crm_commission_statement_line_rel``, deciding the line of each statement in SQL again (the line rows
           never travel to Python, and the wide, much indexed line rows are not rewritten).

        Idempotent: a line already in the relation is never taken again (and the relation's primary key, the line,
        refuses a second statement), a statement is unique per (rep, company, period). Safe under concurrency: a
        run holds a transaction-level advisory lock per company (a concurrent run of the same company settles
        nothing instead of waiting), the lines it settles are row-locked by the relation's foreign key
        (``FOR KEY SHARE``: they cannot be deleted meanwhile) and the draft statements receiving them are locked
        ``FOR UPDATE`` (a statement confirmed after this transaction's snapshot: a serialization failure); a run
        whose snapshot predates another run's commit fails on the statements' unique key instead of settling a line
        twice (``ConcurrencyError``: retried by Odoo, the retry settles nothing).

        :return: (number of lines settled, crm.commission.statement recordset touched, companies skipped)
        """
        companies = companies if companies is not None else self.env.companies
        self.env.flush_all()
        cr = self.env.cr
        locked_ids, skipped = [], self.env["res.company"]
        for company in companies.sorted("id"):
            cr.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", (SETTLEMENT_LOCK_NAMESPACE, company.id))
            if cr.fetchone()[0]:
                locked_ids.append(company.id)
            else:
                skipped |= company
        if skipped:
            _logger.info("Commission settlement already running for %s: skipped", skipped.mapped("name"))
        if not locked_ids:
            return 0, self.browse(), skipped
        self.env["crm.commission.line"]._settle_tier_rates(date, locked_ids)
        self.env.flush_all()
        unit = self.env["crm.commission.line"]._get_period_unit()
        params = {
            "date": date,
            "company_ids": locked_ids,
            "unit": unit,
            "step": "3 months" if unit == "quarter" else "1 month",
        }
        todo = SQL(
            """todo AS (
                SELECT l.id, l.user_id, l.company_id, date_trunc(%(unit)s, l.date)::date AS won_start
                  FROM crm_commission_line l
                 WHERE l.date <= %(date)s
                   AND l.company_id = ANY(%(company_ids)s)
                   AND NOT EXISTS (SELECT 1 FROM crm_commission_statement_line_rel r WHERE r.line_id = l.id)
                -- no explicit row lock here: the relation's foreign key locks each line it links (FOR KEY SHARE),
                -- so a line cannot be deleted while it is being settled, and a second lock would cost a third
            )""",
            **params,
        )
        # 1. the statement key of every (rep, company, won period) with unsettled lines, and its draft statement
        rows = self.env.execute_query(
            SQL(
                """
            WITH locked_period AS (
                SELECT user_id, company_id, MAX(period_start) AS last_start
                  FROM crm_commission_statement
                 WHERE state != 'draft' AND company_id = ANY(%(company_ids)s)
              GROUP BY user_id, company_id
            ), %(todo)s, won_key AS (
                SELECT DISTINCT user_id, company_id, won_start FROM todo
            )
            SELECT k.user_id, k.company_id, k.won_start,
                   GREATEST(k.won_start, (lp.last_start + %(step)s::interval)::date) AS period_start
              FROM won_key k
         LEFT JOIN locked_period lp ON lp.user_id = k.user_id AND lp.company_id = k.company_id
                """,
                todo=todo,
                **params,
            )
        )
        if not rows:
            return 0, self.browse(), skipped
        period_keys = sorted({(user_id, company_id, start) for user_id, company_id, _won, start in rows})
        # row-lock the draft statements receiving lines: a statement confirmed concurrently (after this
        # transaction's snapshot) makes this run fail and retry instead of filling a confirmed statement
        existing = self.env.execute_query(
            SQL(
                """
            SELECT s.id, s.user_id, s.company_id, s.period_start
              FROM crm_commission_statement s
              JOIN unnest(%(users)s::int[], %(companies)s::int[], %(starts)s::date[]) AS k(user_id, company_id, period_start)
             USING (user_id, company_id, period_start)
             WHERE s.state = 'draft'
               FOR UPDATE OF s
                """,
                users=[key[0] for key in period_keys],
                companies=[key[1] for key in period_keys],
                starts=[key[2] for key in period_keys],
            )
        )
        statement_by_key = {(user_id, company_id, start): sid for sid, user_id, company_id, start in existing}
        # 2. the missing statements, with the ORM
        missing = [key for key in period_keys if key not in statement_by_key]
        if missing:
            # records taken from their recordsets (not browsed one by one): names and currencies read in one go
            users = {user.id: user for user in self.env["res.users"].browse({key[0] for key in missing})}
            companies = {
                company.id: company for company in self.env["res.company"].browse({key[1] for key in missing})
            }
            vals_list = [
                self._prepare_statement_vals(users[user_id], companies[company_id], start, unit)
                for user_id, company_id, start in missing
            ]
            try:
                created = self.create(vals_list)
                self.env.flush_all()
            except psycopg2.errors.UniqueViolation as error:
                # another run committed these statements after this transaction's snapshot: retry (the retry
                # sees them, and the lines they received)
                raise ConcurrencyError(
                    f"Commission settlement: statements created concurrently ({error.diag.constraint_name})"
                ) from error
            statement_by_key.update(
                {
                    (statement.user_id.id, statement.company_id.id, statement.period_start): statement.id
                    for statement in created
                }
            )
        key_rows = [
            (user_id, company_id, won_start, statement_by_key[user_id, company_id, start])
            for user_id, company_id, won_start, start in rows
        ]
        # 3. one (line, statement) row per settled line
        link_rows = self.env.execute_query(
            SQL(
                """
            WITH %(todo)s, key_statement AS (
                SELECT * FROM unnest(%(users)s::int[], %(companies)s::int[], %(won_starts)s::date[], %(ids)s::int[])
                       AS k(user_id, company_id, won_start, id)
            ), assigned AS (
                -- each line takes the statement of its (rep, company, won period) key. A window over the lines and
                -- the (few) keys sorted together rather than a join: the planner cannot misjudge the number of
                -- unsettled lines into a nested loop over every line and every statement.
                SELECT line_id, MAX(statement_id) OVER (PARTITION BY user_id, company_id, won_start) AS statement_id
                  FROM (
                        SELECT id AS line_id, user_id, company_id, won_start, NULL::integer AS statement_id
                          FROM todo
                         UNION ALL
                        SELECT NULL, user_id, company_id, won_start, id FROM key_statement
                       ) keyed
            )
            INSERT INTO crm_commission_statement_line_rel (line_id, statement_id)
            SELECT line_id, statement_id FROM assigned WHERE line_id IS NOT NULL AND statement_id IS NOT NULL
                ON CONFLICT (line_id) DO NOTHING
         RETURNING statement_id
                """,
                todo=todo,
                users=[row[0] for row in key_rows],
                companies=[row[1] for row in key_rows],
                won_starts=[row[2] for row in key_rows],
                ids=[row[3] for row in key_rows],
            )
        )
        statement_ids = {row[0] for row in link_rows}
        self.env["crm.commission.line"].invalidate_model(
            ["statement_ids", "statement_id", "state", "is_locked"]
        )
        self.invalidate_model(["line_ids"])
        return len(link_rows), self.browse(sorted(statement_ids)), skipped

    @api.model
    def _prepare_statement_vals(self, user, company, period_start, unit):
        """Values of the draft statement of ``user`` in ``company`` for the period starting ``period_start``
        (``unit``: 'month' or 'quarter'), created by the settlement run (a hook: override to add values)."""
        if unit == "quarter":
            label = f"{period_start.year}-Q{(period_start.month - 1) // 3 + 1}"
            step = relativedelta(months=3)
        else:
            label = f"{period_start:%Y-%m}"
            step = relativedelta(months=1)
        return {
            "name": f"{user.name} · {label}",
            "user_id": user.id,
            "company_id": company.id,
            "currency_id": company.currency_id.id,
            "period_start": period_start,
            "period_end": period_start + step - relativedelta(days=1),
            "state": "draft",
        }

    @api.model
    def _cron_settle(self):
        """Nightly settlement of everything won up to yesterday (idempotent: a rerun settles nothing new)."""
        if not self.env["sales.ecosystem.capability"]._is_enabled("commissions"):
            return
        # sudo: the cron settles every rep's lines of every company.
        date = fields.Date.subtract(fields.Date.context_today(self), days=1)
        companies = self.env["res.company"].sudo().search([])
        count, statements, _skipped = self.sudo()._settle(date, companies)
        _logger.info(
            "Commission settlement up to %s: %s lines into %s statements", date, count, len(statements)
        )
