from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero

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
# Amounts a line carries; an adjustment or clawback carries the differences.
LINE_AMOUNT_FIELDS = ("deal_base", "base_amount", "amount", "withheld_amount")
# Fields a manager re-evaluation may rewrite on a draft line (the eligibility snapshot and its price).
SNAPSHOT_FIELDS = (
    "plan_id",
    "deal_base",
    "base_amount",
    "rate",
    "bonus_amount",
    "full_rate",
    "full_bonus",
    "amount",
    "withheld_amount",
    "eligibility",
    "eligibility_reason",
    "is_on_target_list",
    "target_list_id",
    "target_list_name",
    "icp_tier",
    "strategy",
    "attainment",
)


class CrmCommissionLine(models.Model):
    """What one salesperson earns (or would have earned) on one won deal, frozen at the won date.

    A line is an auditable snapshot: which plan priced it, whether the account was on a target list on the won
    date (which list, its ICP tier), the rate and the amount, and for a deal that pays nothing, why. Later changes
    of lists or profiles never re-price it; a manager may re-evaluate a line that is not settled in a confirmed
    statement, which is logged on the deal. Once its statement is confirmed a line is locked: changes to the deal
    then produce adjustment or clawback lines linked to it (``origin_id``), never edits.
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

    def write(self, vals):
        self._check_unlocked(self.env._("modify"))
        return super().write(vals)

    def unlink(self):
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

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_reevaluate(self):
        """Re-price draft commission lines with today's lists and plans for their won date (explicit, logged)."""
        if not self.env.user.has_group("sales_ecosystem.group_sales_ecosystem_manager"):
            raise UserError(self.env._("Only commission managers can re-evaluate commission lines."))
        self._check_unlocked(self.env._("re-evaluate"))
        wrong = self.filtered(lambda line: line.kind != "commission")
        if wrong:
            raise UserError(
                self.env._(
                    "Only commission lines can be re-evaluated, not adjustments or clawbacks: %(lines)s",
                    lines=", ".join(wrong.mapped("display_name")),
                )
            )
        self.check_access("write")
        for line in self:
            values = self._prepare_commission_values(
                line.lead_id, {line.lead_id.id: line.date}, only_user=line.user_id, exclude_lines=line
            )
            new = next((v for v in values if v["user_id"] == line.user_id.id), None)
            if not new:
                continue
            before = (line.amount, line.eligibility_reason)
            # sudo: managers re-evaluate, the snapshot fields stay read-only in the interface.
            line.sudo().write({fname: new[fname] for fname in SNAPSHOT_FIELDS})
            line.lead_id.message_post(
                body=self.env._(
                    "Commission of %(user)s re-evaluated by %(manager)s: was %(before)s (%(before_reason)s), "
                    "now %(after)s (%(after_reason)s).",
                    user=line.user_id.name,
                    manager=self.env.user.name,
                    before=before[0],
                    before_reason=before[1],
                    after=line.amount,
                    after_reason=line.eligibility_reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ------------------------------------------------------------
    # BUSINESS
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
    def _settle_tier_rates(self, date, company_ids):
        """Price the tiered lines about to be settled with the attainment band they really reached.

        A line's tier is first set when its deal is won, from the lines existing at that moment. Deals won out of
        date order, withdrawn (lost, reopened) or re-priced since, and wins in concurrent transactions make that
        first attainment wrong. Before settling, every (rep, plan, period) group that has unsettled commission
        lines up to ``date`` is re-ranked in SQL: attainment = on-list base of the group's commission lines in
        (won date, id) order up to and including the line, the rate of the highest tier it reached (else the
        plan's rate) for on-list lines, the Off-Strategy rate for off-list ones, amount and withheld rounded in
        the company currency as at win time. Lines of confirmed or paid statements are never rewritten (they
        still count in the attainment of later lines), nor are lines locked by another transaction; a line whose
        price is unchanged is not written. One query; nothing to do without tiered plans.

        :return: number of lines re-priced
        """
        self.env.cr.execute(
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
                SELECT l.id, l.plan_id,
                       SUM(CASE WHEN l.eligibility = 'on_list' THEN l.base_amount ELSE 0 END) OVER (
                           PARTITION BY l.user_id, l.plan_id, l.period_start ORDER BY l.date, l.id
                       ) / plan.target_amount * 100 AS attainment
                  FROM crm_commission_line l
                  JOIN grp ON grp.user_id = l.user_id AND grp.plan_id = l.plan_id
                          AND grp.period_start = l.period_start
                  JOIN crm_commission_plan plan ON plan.id = l.plan_id
                 WHERE l.kind = 'commission' AND l.eligibility IN ('on_list', 'off_list')
            ), priced AS (
                SELECT r.id, r.attainment, COALESCE(tier.rate, plan.rate) AS full_rate, plan.off_strategy_rate,
                       cur.rounding
                  FROM ranked r
                  JOIN crm_commission_plan plan ON plan.id = r.plan_id
                  JOIN res_company c ON c.id = plan.company_id
                  JOIN res_currency cur ON cur.id = c.currency_id
             LEFT JOIN LATERAL (
                        SELECT t.rate FROM crm_commission_plan_tier t
                         WHERE t.plan_id = r.plan_id AND t.attainment_from <= r.attainment
                      ORDER BY t.attainment_from DESC LIMIT 1
                       ) tier ON TRUE
            ), todo AS (
                SELECT l.id, p.full_rate, round(p.attainment, 2) AS attainment,
                       CASE WHEN l.eligibility = 'on_list' THEN p.full_rate ELSE p.off_strategy_rate END AS rate,
                       p.rounding
                  FROM priced p
                  JOIN crm_commission_line l ON l.id = p.id
                 WHERE NOT EXISTS (
                        SELECT 1 FROM crm_commission_statement_line_rel r
                          JOIN crm_commission_statement s ON s.id = r.statement_id
                         WHERE r.line_id = l.id AND s.state != 'draft')
                   FOR UPDATE OF l SKIP LOCKED
            ), new AS (
                SELECT t.id, t.rate, t.full_rate, t.attainment,
                       round((l.base_amount * t.rate / 100 + l.bonus_amount) / t.rounding) * t.rounding AS amount,
                       round((l.base_amount * t.full_rate / 100 + l.full_bonus) / t.rounding) * t.rounding AS full
                  FROM todo t
                  JOIN crm_commission_line l ON l.id = t.id
            )
            UPDATE crm_commission_line l
               SET rate = n.rate, full_rate = n.full_rate, attainment = n.attainment, amount = n.amount,
                   withheld_amount = n.full - n.amount,
                   write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
              FROM new n
             WHERE l.id = n.id
               AND (l.rate, l.full_rate, l.attainment, l.amount, l.withheld_amount)
                   IS DISTINCT FROM (n.rate, n.full_rate, n.attainment, n.amount, n.full - n.amount)
            """,
            {"date": date, "company_ids": list(company_ids), "uid": self.env.uid},
        )
        count = self.env.cr.rowcount
        if count:
            self.invalidate_model(["rate", "full_rate", "attainment", "amount", "withheld_amount"])
        return count

    @api.model
    def _prepare_commission_values(self, leads, date_by_lead=None, only_user=None, exclude_lines=None):
        """Price deals as if won on the given dates: one dict of line values per credited salesperson.

        Batch: a fixed number of queries for any number of deals (plus one per distinct won date for lists).
        :param leads: crm.lead recordset
        :param date_by_lead: {lead_id: date}; default: the deal's closing date, else today
        :param only_user: restrict to this salesperson (re-evaluation)
        :param exclude_lines: lines left out of the attainment already reached (re-evaluation)
        """
        # sudo: a rep winning a deal prices it with plans, lists and other reps' attainment they cannot read;
        # only the resulting line values leave this method.
        env_su = self.sudo().env
        leads = leads.sudo()
        today = fields.Date.context_today(self)
        unit = self._get_period_unit()
        date_by_lead = dict(date_by_lead or {})
        for lead in leads:
            if lead.id not in date_by_lead:
                date_by_lead[lead.id] = lead.date_closed.date() if lead.date_closed else today

        credits = {}
        for lead in leads:
            if lead.commission_split_ids:
                pairs = [(split.user_id, split.percentage) for split in lead.commission_split_ids]
            elif lead.user_id:
                pairs = [(lead.user_id, 100.0)]
            else:
                pairs = []
            if only_user:
                pairs = [pair for pair in pairs if pair[0] == only_user]
            credits[lead.id] = pairs

        plan_keys = {
            (user.id, date_by_lead[lead.id], (lead.company_id or self.env.company).id)
            for lead in leads
            for user, _pct in credits[lead.id]
        }
        plans = env_su["crm.commission.assignment"]._get_plans(plan_keys)

        leads_by_date = defaultdict(lambda: env_su["crm.lead"])
        for lead in leads:
            leads_by_date[date_by_lead[lead.id]] |= lead
        lists_by_date = {
            date: env_su["crm.target.list"]._get_lists_by_partner(date_leads.account_partner_id, date)
            for date, date_leads in leads_by_date.items()
        }
        user_ids = {user.id for pairs in credits.values() for user, _pct in pairs}
        teams_by_user = defaultdict(set)
        for member in env_su["crm.team.member"].search([("user_id", "in", list(user_ids))]):
            teams_by_user[member.user_id.id].add(member.crm_team_id.id)

        # Attainment already reached in each (user, plan, period) by earlier eligible deals.
        tiered_plans = env_su["crm.commission.plan"].union(*plans.values()).filtered("tier_ids")
        reached = defaultdict(float)
        if tiered_plans:
            domain = [
                ("user_id", "in", list(user_ids)),
                ("plan_id", "in", tiered_plans.ids),
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
            lists = lists_by_date[date].get(lead.account_partner_id.id, env_su["crm.target.list"])
            for user, pct in credits[lead.id]:
                user_lists = lists.filtered(
                    lambda target_list, user=user, company=company: (
                        target_list.company_id == company
                        and (not target_list.team_id or target_list.team_id.id in teams_by_user[user.id])
                    )
                )
                target_list = user_lists.sorted("name")[:1]
                plan = plans.get((user.id, date, company.id)) or env_su["crm.commission.plan"]
                vals = {
                    "lead_id": lead.id,
                    "user_id": user.id,
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
                    key = (user.id, plan.id, period)
                    attainment = (reached[key] + (base if target_list else 0.0)) / plan.target_amount * 100.0
                    full_rate = plan._get_rate_for_attainment(attainment)
                    vals["attainment"] = attainment
                    if target_list:
                        reached[key] += base
                full_bonus = currency.round(plan.bonus_amount * pct / 100.0)
                full_amount = currency.round(base * full_rate / 100.0 + full_bonus)
                if target_list:
                    rate, bonus = full_rate, full_bonus
                    reason = self.env._("On list '%(list)s'", list=target_list.name)
                else:
                    rate, bonus = plan.off_strategy_rate, 0.0
                    reason = self.env._("Not on a target list on %(date)s", date=date)
                amount = currency.round(base * rate / 100.0 + bonus)
                vals.update(
                    deal_base=deal_base,
                    base_amount=base,
                    rate=rate,
                    bonus_amount=bonus,
                    full_rate=full_rate,
                    full_bonus=full_bonus,
                    amount=amount,
                    withheld_amount=currency.round(full_amount - amount),
                    eligibility="on_list" if target_list else "off_list",
                    eligibility_reason=reason,
                )
                values.append(vals)
        return values

    @api.model
    def _reconcile(self, lines, desired_by_key, kind, note):
        """Bring the lines of each (deal, salesperson) to the desired totals without editing locked lines.

        Lines not locked in a confirmed statement are rewritten or removed; locked lines stay as they are and the
        difference goes into a new ``kind`` line (adjustment, clawback) linked to the last locked line.
        :param lines: crm.commission.line recordset (all lines of the deals concerned)
        :param desired_by_key: {(lead_id, user_id): {amount field: value}, or None to withdraw the commission}
        :return: the created adjustment/clawback lines
        """
        # sudo: deal events (won, reopened, lost, amount changed) maintain commission lines on behalf of the rep.
        # sudo: commission lines are written by the system on a deal's change, not by the rep
        lines = lines.sudo()
        groups = defaultdict(lambda: self.sudo().browse())
        for line in lines:
            groups[line.lead_id.id, line.user_id.id] |= line
        to_unlink = self.sudo().browse()
        to_create = []
        today = fields.Date.context_today(self)
        unit = self._get_period_unit()
        for key, desired in desired_by_key.items():
            group = groups.get(key)
            if not group:
                continue
            locked = group.filtered("is_locked")
            unlocked = group - locked
            root = unlocked.filtered(lambda line: line.kind == "commission").sorted("id")[-1:]
            deltas = {
                fname: (desired or {}).get(fname, 0.0) - sum(locked.mapped(fname))
                for fname in LINE_AMOUNT_FIELDS
            }
            if desired is not None and root:
                # The current commission is not locked yet: it absorbs the change itself.
                to_unlink |= unlocked - root
                root.write(deltas)
                continue
            to_unlink |= unlocked
            currency = group[0].currency_id
            if not locked or all(
                float_is_zero(value, precision_rounding=currency.rounding) for value in deltas.values()
            ):
                continue
            tip = locked.sorted("id")[-1]
            reference = locked.filtered(lambda line: line.kind == "commission").sorted("id")[-1:] or tip
            vals = {
                fname: reference[fname] for fname in ("company_id", "team_id", "plan_id", "split_percentage")
            }
            vals = {k: v.id if isinstance(v, models.BaseModel) else v for k, v in vals.items()}
            vals.update(
                {fname: reference[fname] for fname in ("rate", "bonus_amount", "full_rate", "full_bonus")},
                eligibility=reference.eligibility,
                eligibility_reason=reference.eligibility_reason,
                is_on_target_list=reference.is_on_target_list,
                target_list_id=reference.target_list_id.id,
                target_list_name=reference.target_list_name,
                icp_tier=reference.icp_tier,
                strategy=reference.strategy,
                lead_id=key[0],
                user_id=key[1],
                kind=kind,
                origin_id=tip.id,
                date=today,
                period_start=self._period_start(today, unit),
                note=note,
                **deltas,
            )
            to_create.append(vals)
        to_unlink.unlink()
        # sudo: commission lines are created by the system (reps may only read them)
        return self.sudo().create(to_create)

    def _post_on_leads(self, title):
        """Log adjustment and clawback lines in the chatter of their deals (audit trail)."""
        for lead in self.lead_id:
            rows = Markup("").join(
                Markup("<li>%s: %s (%s)</li>") % (line.user_id.name, line.amount, line.note or "")
                for line in self.filtered(lambda line, lead=lead: line.lead_id == lead)
            )
            # sudo: the audit note is posted whatever the acting user's rights on the deal's chatter.
            lead.sudo().message_post(
                body=Markup("<p>%s</p><ul>%s</ul>") % (title, rows), subtype_xmlid="mail.mt_note"
            )
