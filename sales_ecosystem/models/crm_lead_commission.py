# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import contextvars
from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .crm_commission_line import SNAPSHOT_FIELDS, _money_path

# Deal fields the commission base is computed from: changing them on a won deal re-prices its commission.
COMMISSION_BASE_FIELDS = {"expected_revenue", "recurring_revenue", "recurring_plan"}
# Deal fields its credit comes from (its splits, else its salesperson): changing them on a won deal re-prices it.
COMMISSION_CREDIT_FIELDS = {"user_id", "commission_split_ids"}
# Deals whose credit is being written through the deal (``commission_split_ids`` commands): the splits' own hooks
# leave them to the deal's write, which re-prices them once, after all its commands. A Python context variable, not
# a context key: no caller can set it.
_CREDIT_WRITE_LEAD_IDS = contextvars.ContextVar("sales_ecosystem_credit_write_lead_ids", default=frozenset())
# Precommit data key: deals whose splits changed, checked (total 100 %) when the transaction's writes are done.
SPLIT_CHECK_KEY = "sales_ecosystem.commission_split_lead_ids"


class CrmLead(models.Model):
    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    commission_split_ids = fields.One2many(
        "crm.commission.split",
        "lead_id",
        "Commission Credit",
        help="Share the commission credit of this deal between several salespeople (total 100 %). Empty: the "
        "salesperson of the deal gets all the credit.",
    )
    commission_line_ids = fields.One2many("crm.commission.line", "lead_id", "Commission Lines", readonly=True)
    commission_line_count = fields.Integer("# Commission Lines", compute="_compute_se_related_counts")
    commission_estimate_amount = fields.Monetary(
        "Commission if Won Now",
        compute="_compute_commission_estimate",
        currency_field="company_currency",
        help="What the credited salespeople would earn together if this deal were won today.",
    )
    commission_estimate_html = fields.Html(
        "Commission Estimate", compute="_compute_commission_estimate", sanitize=False
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "expected_revenue",
        "recurring_revenue",
        "recurring_plan",
        "user_id",
        "commission_split_ids.user_id",
        "commission_split_ids.percentage",
        "account_partner_id",
        "company_id",
        "team_id",
    )
    @api.depends_context("uid")
    def _compute_commission_estimate(self):
        Line = self.env["crm.commission.line"]
        leads = self.filtered(lambda lead: lead.id and lead.type == "opportunity")
        today = fields.Date.context_today(self)
        values = Line._prepare_commission_values(leads, dict.fromkeys(leads.ids, today)) if leads else []
        by_lead = defaultdict(list)
        for vals in values:
            by_lead[vals["lead_id"]].append(vals)
        # sudo: the estimator names the credited reps, who may be outside the reader's teams
        users = self.env["res.users"].sudo().browse({vals["user_id"] for vals in values})
        names = {user.id: user.name for user in users}
        for lead in self:
            rows = by_lead.get(lead.id, [])
            lead.commission_estimate_amount = sum(vals["amount"] for vals in rows)
            if not rows:
                lead.commission_estimate_html = (
                    Markup("<p>%s</p>") % self.env._("Nobody is credited on this deal: set a salesperson.")
                    if lead.type == "opportunity"
                    else False
                )
                continue
            items = Markup("").join(
                Markup("<li><b>%s</b>: %s %s — %s</li>")
                % (
                    names[vals["user_id"]],
                    self.env["crm.commission.line"]._format_amount(vals["amount"], lead.company_currency),
                    self.env._(
                        "(%(rate)s %% of %(base)s)",
                        rate=self.env["crm.commission.line"]._format_rate(vals["rate"]),
                        base=self.env["crm.commission.line"]._format_amount(
                            vals["base_amount"], lead.company_currency
                        ),
                    )
                    if vals["amount"]
                    else self.env._("nothing"),
                    escape(vals["eligibility_reason"] or ""),
                )
                for vals in rows
            )
            lead.commission_estimate_html = Markup("<ul class='mb-0'>%s</ul>") % items

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("commission_split_ids")
    def _check_commission_splits(self):
        for lead in self:
            if not lead.commission_split_ids:
                continue
            total = sum(lead.commission_split_ids.mapped("percentage"))
            if float_compare(total, 100.0, precision_digits=2):
                raise ValidationError(
                    self.env._(
                        "Opportunity '%(deal)s': the commission credit splits ('Commission Credit') must total "
                        "100 %%; they total %(total)s %%.",
                        deal=lead.name,
                        total=round(total, 2),
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    # crm.lead's create and write, and _handle_won_lost, are in crm_lead_lifecycle.py (the one deal lifecycle): they
    # call the steps below, in their place among the other capabilities'.

    def _commission_before_write(self, vals):
        """What the after-effects of a write compare with: ``None`` when the write changes neither the commission
        base nor the credit of deals, else ``(won deals, their credit before, base changed, credit changed,
        token)``. While the write runs, the deals are marked as having their credit written through the deal
        (the splits' own hooks then leave re-pricing to :meth:`_commission_after_write`); the lifecycle calls
        :meth:`_commission_end_write` when the write ends, exception or not."""
        base_changed = bool(COMMISSION_BASE_FIELDS & set(vals))
        credit_changed = bool(COMMISSION_CREDIT_FIELDS & set(vals))
        if not (base_changed or credit_changed):
            return None
        # won deals are in a won stage: the stage (in cache) first, so that the won status, a stored compute that may
        # be pending, is only read (computed) for deals that can be won
        won_before = self.filtered(lambda lead: lead.stage_id.is_won and lead.won_status == "won")
        credit_before = won_before._commission_credit() if credit_changed else {}
        token = (
            _CREDIT_WRITE_LEAD_IDS.set(_CREDIT_WRITE_LEAD_IDS.get() | set(self.ids))
            if credit_changed
            else None
        )
        return won_before, credit_before, base_changed, credit_changed, token

    @api.model
    def _commission_end_write(self, before):
        """The write of :meth:`_commission_before_write` ended: the deals' credit is no longer being written."""
        if before and before[4] is not None:
            _CREDIT_WRITE_LEAD_IDS.reset(before[4])

    def _commission_after_write(self, vals, before):
        """Won deals that stay won: re-price them when their credit or base changed (see _commission_before_write)."""
        if not before:
            return
        won_before, credit_before, base_changed, credit_changed, _token = before
        still_won = won_before.filtered(lambda lead: lead.won_status == "won")
        if still_won and credit_changed:
            still_won._commission_credit_touched(credit_before)
        if still_won and base_changed:
            still_won._commission_reprice()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed_commission(self):
        """A deal whose commission is in a confirmed statement stays (audit); unsettled lines go with the deal."""
        # sudo: the rep deleting a deal cannot see or delete commission lines themselves.
        lines = self.env["crm.commission.line"].sudo().search([("lead_id", "in", self.ids)])
        locked = lines.filtered("is_locked")
        if locked:
            raise UserError(
                self.env._(
                    "You cannot delete the opportunity '%(deal)s': its commission is in the %(state)s statement "
                    "'%(statement)s'. Mark it as lost instead (a clawback is recorded).",
                    deal=locked[0].lead_id.name,
                    state=locked[0].statement_id.state,
                    statement=locked[0].statement_id.name,
                )
            )
        with _money_path():
            lines.unlink()

    def _commission_after_won_lost(self, old_status_by_lead, new_status_by_lead):
        """Deals that reached won get their commission snapshot; deals that left won (lost, reopened) have it
        withdrawn (see crm_lead_lifecycle's _handle_won_lost: every path that wins, reopens or loses deals)."""
        reached, left = self.browse(), self.browse()
        for lead in self:
            was_won = old_status_by_lead.get(lead.id, {}).get("is_won", False)
            is_won = new_status_by_lead.get(lead.id, {}).get("is_won", False)
            if is_won and not was_won:
                reached |= lead
            elif was_won and not is_won:
                left |= lead
        if left:
            left._commission_withdraw()
        if reached:
            reached._commission_snapshot()

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_commission_estimate(self):
        """The estimator in a dialog: computed on demand, so that opening a deal does not pay for it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Commission if won now"),
            "res_model": "crm.lead",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("sales_ecosystem.crm_lead_view_form_commission_estimate").id, "form")],
            "target": "new",
        }

    def action_view_commission_lines(self):
        """The deal's commission lines (smart button): one per credited salesperson, frozen when it was won."""
        return self._se_related_action("sales_ecosystem.crm_commission_line_action")

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _se_related_count_sources(self):
        return {
            **super()._se_related_count_sources(),
            "commission_line_count": ("crm.commission.line", "lead_id", "commission_line_ids"),
        }

    def _commission_credit(self):
        """Who is credited on each deal, and how much: its splits, else its salesperson (100 %).

        :return: {lead_id: ((user_id, percentage), ...)} sorted by user
        """
        result = {}
        # sudo: the credit prices the deal whoever acts on it (reps read splits, the system maintains lines)
        for lead in self.sudo():
            if lead.commission_split_ids:
                pairs = tuple(
                    sorted((split.user_id.id, split.percentage) for split in lead.commission_split_ids)
                )
            elif lead.user_id:
                pairs = ((lead.user_id.id, 100.0),)
            else:
                pairs = ()
            result[lead.id] = pairs
        return result

    def _commission_lines_by_key(self):
        # sudo: commission lines are maintained on behalf of the rep acting on the deal.
        lines = self.env["crm.commission.line"].sudo().search([("lead_id", "in", self.ids)], order="id")
        groups = defaultdict(lambda: self.env["crm.commission.line"].sudo())
        for line in lines:
            groups[line.lead_id.id, line.user_id.id] |= line
        return lines, groups

    def _commission_fresh_desired(self, lines, date_by_lead=None, keys=None):
        """{(lead_id, user_id): values} pricing the won deals afresh (today's lists and plans for their won date),
        None for salespeople with lines who are no longer credited (or on deals not won)."""
        won = self.filtered(lambda lead: lead.type == "opportunity" and lead.won_status == "won")
        values = (
            self.env["crm.commission.line"]._prepare_commission_values(won, date_by_lead, exclude_lines=lines)
            if won
            else []
        )
        desired = {(vals["lead_id"], vals["user_id"]): vals for vals in values}
        for line in lines:
            desired.setdefault((line.lead_id.id, line.user_id.id), None)
        if keys is not None:
            desired = {key: value for key, value in desired.items() if key in keys}
        return desired

    def _commission_snapshot(self):
        """Freeze, per credited salesperson, the eligibility and price of deals that were just won."""
        leads = self.filtered(lambda lead: lead.type == "opportunity")
        if not leads:
            return self.env["crm.commission.line"]
        lines, _groups = leads._commission_lines_by_key()
        desired = leads._commission_fresh_desired(lines)
        return self.env["crm.commission.line"]._reconcile(
            lines, desired, "commission", self.env._("Deal won")
        )

    def _commission_withdraw(self):
        """Deals reopened or lost: drop unlocked lines, claw back what confirmed statements already count."""
        lines, groups = self._commission_lines_by_key()
        if not lines:
            return
        Line = self.env["crm.commission.line"]
        for state, reason in (("lost", self.env._("Deal lost")), (None, self.env._("Deal reopened"))):
            keys = {
                key: None for key in groups if (self.browse(key[0]).won_status == "lost") == (state == "lost")
            }
            if keys:
                group_lines = lines.filtered(lambda line, ks=keys: (line.lead_id.id, line.user_id.id) in ks)
                Line._reconcile(group_lines, keys, "clawback", reason)

    def _commission_reprice(self):
        """Won deals whose amount changed: same snapshot (eligibility, rate, bonus), new base; adjust locked lines."""
        lines, groups = self._commission_lines_by_key()
        if not lines:
            return
        Line = self.env["crm.commission.line"]
        credit = {lead_id: dict(pairs) for lead_id, pairs in self._commission_credit().items()}
        desired, fresh = {}, set()
        for (lead_id, user_id), group in groups.items():
            lead = self.browse(lead_id)
            reference = group.filtered(lambda line: line.kind != "clawback")[-1:]
            if user_id not in credit.get(lead_id, {}):
                desired[lead_id, user_id] = None  # no longer credited: pays nothing, whatever the amount
                continue
            if not reference:
                continue
            if float_compare(reference.split_percentage, credit[lead_id][user_id], precision_digits=2):
                fresh.add((lead_id, user_id))  # the credit moved since the snapshot: priced afresh
                continue
            currency = reference.currency_id
            plan = reference.plan_id
            deal_base = plan._get_base(lead) if plan else lead.expected_revenue or 0.0
            base = currency.round(deal_base * reference.split_percentage / 100.0)
            bonus = sum(group.mapped("bonus_amount"))
            full_bonus = sum(group.mapped("full_bonus"))
            if reference.eligibility == "no_plan":
                amount, withheld = 0.0, 0.0
            else:
                amount, withheld = Line._price(
                    currency, base, reference.rate, bonus, reference.full_rate, full_bonus
                )
            vals = {fname: reference._money_value(fname) for fname in SNAPSHOT_FIELDS}
            vals.update(
                deal_base=deal_base,
                base_amount=base,
                bonus_amount=bonus,
                full_bonus=full_bonus,
                amount=amount,
                withheld_amount=withheld,
                date=reference.date,
                period_start=reference.period_start,
            )
            desired[lead_id, user_id] = vals
        if fresh:
            desired.update(self._commission_fresh_desired(lines, keys=fresh))
        Line._reconcile(lines, desired, "adjustment", self.env._("Deal amount changed"))

    def _commission_reevaluate(self, reason, keys=None):
        """Re-price deals afresh (today's lists and plans, for their won date): explicit, logged on each deal.

        :param keys: restrict to these (lead_id, user_id) pairs (None: every salesperson of the deals)
        """
        lines, groups = self._commission_lines_by_key()
        date_by_lead = {}
        for (lead_id, _user_id), group in groups.items():
            commission = group.filtered(lambda line: line.kind == "commission")[-1:]
            if commission:
                date_by_lead[lead_id] = commission.date
        desired = self._commission_fresh_desired(lines, date_by_lead, keys)
        return self.env["crm.commission.line"]._reconcile(lines, desired, "adjustment", reason)

    def _commission_credit_touched(self, credit_before):
        """Splits or salesperson of deals changed: check the splits total 100 % when the transaction's writes are
        done, and re-price won deals whose credit changed (unless their own write is doing it, see write)."""
        self._commission_check_splits_at_commit()
        in_deal_write = _CREDIT_WRITE_LEAD_IDS.get()
        credit_after = self._commission_credit()
        # sudo: whether a deal carries commission lines, whoever changes its credit
        changed = self.filtered(
            lambda lead: (
                lead.id not in in_deal_write
                and lead.won_status == "won"
                and credit_after.get(lead.id) != credit_before.get(lead.id)
                and lead.sudo().commission_line_ids
                and lead._commission_splits_total_ok()
            )
        )
        if changed:
            changed._commission_reevaluate(self.env._("Credit changed"))

    def _commission_splits_total_ok(self):
        self.ensure_one()
        # sudo: the check reads every split of the deal
        splits = self.sudo().commission_split_ids
        return not splits or not float_compare(sum(splits.mapped("percentage")), 100.0, precision_digits=2)

    def _commission_check_splits_at_commit(self):
        """Have the splits of these deals checked (total 100 %) when the transaction's writes are done: whatever
        the path (the deal's form, crm.commission.split create/write/unlink, import), a transaction cannot leave a
        deal credited 110 %."""
        data = self.env.cr.precommit.data
        if SPLIT_CHECK_KEY not in data:
            data[SPLIT_CHECK_KEY] = set()
            env = self.env

            @self.env.cr.precommit.add
            def check_split_totals():
                lead_ids = env.cr.precommit.data.pop(SPLIT_CHECK_KEY, set())
                # sudo: totals are checked on every deal touched, whoever touched it
                env["crm.lead"].sudo().browse(lead_ids).exists()._check_commission_splits()

        data[SPLIT_CHECK_KEY].update(self.ids)

    @api.model
    def _commission_backfill(self, date_from, companies, reevaluate_no_plan=True):
        """Give commission lines to deals won since ``date_from`` that have none (won before commissions were set
        up), and re-evaluate the 'No plan' lines since then (a plan created or corrected with an earlier date).
        Explicit and logged on each deal (administrators, see the re-evaluation wizard).

        :return: (deals backfilled, deals re-evaluated)
        """
        start = fields.Datetime.to_datetime(date_from)
        # sudo: the backfill covers every rep's deals of the chosen companies
        Lead = self.sudo().with_context(active_test=False)
        won = Lead.search(
            [
                ("type", "=", "opportunity"),
                ("won_status", "=", "won"),
                ("date_closed", ">=", start),
                ("company_id", "in", [*companies.ids, False]),
                ("commission_line_ids", "=", False),
            ]
        )
        user = self.env.user.name
        if won:
            lines, _groups = won._commission_lines_by_key()
            self.env["crm.commission.line"]._reconcile(
                lines,
                won._commission_fresh_desired(lines),
                "commission",
                self.env._(
                    "Commission backfilled by %(user)s (deals won since %(date)s)", user=user, date=date_from
                ),
            )
        redone = Lead.browse()
        if reevaluate_no_plan:
            # sudo: as above
            no_plan = (
                self.env["crm.commission.line"]
                .sudo()
                .search(
                    [
                        ("eligibility", "=", "no_plan"),
                        ("kind", "=", "commission"),
                        ("date", ">=", date_from),
                        ("company_id", "in", companies.ids),
                    ]
                )
            )
            redone = no_plan.lead_id - won
            if redone:
                redone._commission_reevaluate(
                    self.env._(
                        "Commission re-evaluated by %(user)s ('No plan' since %(date)s)",
                        user=user,
                        date=date_from,
                    ),
                    keys={(line.lead_id.id, line.user_id.id) for line in no_plan},
                )
        return won, redone
