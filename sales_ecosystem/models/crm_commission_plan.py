# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, float_round

from .crm_commission_line import SqlOperand, commission_attainment, commission_tier_reached

COMMISSION_BASES = [
    ("expected", "Expected revenue"),
    ("recurring", "Recurring revenue times months"),
]
DEFAULT_RATE_CAP = 50.0


class CrmCommissionPlan(models.Model):
    """A commission plan: the rule that prices a won deal for the reps it is assigned to.

    The rate is a percentage of the base (the deal's expected revenue, or its monthly recurring revenue times a
    number of months), optionally replaced by the rate of the attainment band reached over the period (tiers),
    plus an optional fixed bonus per deal. Deals whose account is not on a target list at the won date are paid
    the Off-Strategy rate, zero by default: no pay off the target list.
    """

    _name = "crm.commission.plan"
    _description = "Commission Plan"
    _inherit = ["mail.thread"]
    _order = "name, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True, tracking=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    base_type = fields.Selection(
        COMMISSION_BASES,
        "Base",
        required=True,
        default="expected",
        tracking=True,
        help="Expected revenue: the won deal's expected revenue. Recurring: its monthly recurring revenue "
        "(MRR) times the number of months below.",
    )
    recurring_months = fields.Integer(
        "Months of Recurring Revenue",
        default=12,
        tracking=True,
        help="For a recurring base: how many months of the deal's monthly recurring revenue are commissioned.",
    )
    rate = fields.Float(
        "Rate (%)", digits=(16, 4), tracking=True, help="Percentage of the base paid on deals."
    )
    off_strategy_rate = fields.Float(
        "Off-Target-List Rate (%)",
        digits=(16, 4),
        default=0.0,
        tracking=True,
        help="Rate paid on deals whose account is not on a target list at the won date. Zero (the default) "
        "means no pay off the target list; the amount not paid is reported as withheld.",
    )
    bonus_amount = fields.Monetary(
        "Bonus per Deal",
        currency_field="currency_id",
        tracking=True,
        help="Fixed amount paid per eligible won deal (shared between split reps).",
    )
    target_amount = fields.Monetary(
        "Period Target",
        currency_field="currency_id",
        tracking=True,
        help="Base each rep is expected to win per statement period; attainment against it selects the tier.",
    )
    tier_ids = fields.One2many("crm.commission.plan.tier", "plan_id", "Tiers", copy=True)
    assignment_ids = fields.One2many("crm.commission.assignment", "plan_id", "Assignments")
    line_count = fields.Integer(compute="_compute_line_count")
    note = fields.Html()

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _compute_line_count(self):
        counts = dict(
            self.env["crm.commission.line"]._read_group(
                [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.line_count = counts.get(plan, 0)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("rate", "off_strategy_rate")
    def _check_rates(self):
        cap = self._get_rate_cap()
        labels = {"rate": self.env._("Rate (%)"), "off_strategy_rate": self.env._("Off-Target-List Rate (%)")}
        for plan in self:
            for fname, label in labels.items():
                plan._check_rate_value(plan[fname], label, plan.name, cap)

    @api.constrains("recurring_months", "base_type", "bonus_amount", "target_amount", "tier_ids")
    def _check_amounts(self):
        for plan in self:
            if plan.tier_ids and not plan.target_amount:
                raise ValidationError(
                    self.env._(
                        "Commission plan '%(plan)s': tiers need a 'Period Target' to measure attainment against.",
                        plan=plan.name,
                    )
                )
            if plan.base_type == "recurring" and plan.recurring_months <= 0:
                raise ValidationError(
                    self.env._(
                        "Commission plan '%(plan)s': 'Months of Recurring Revenue' must be at least 1 "
                        "(it is %(months)s).",
                        plan=plan.name,
                        months=plan.recurring_months,
                    )
                )
            if plan.bonus_amount < 0 or plan.target_amount < 0:
                raise ValidationError(
                    self.env._(
                        "Commission plan '%(plan)s': 'Bonus per Deal' and 'Period Target' cannot be negative.",
                        plan=plan.name,
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_ecosystem.crm_commission_line_action")
        action["domain"] = [("plan_id", "=", self.id)]
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _get_rate_cap(self):
        # sudo: the cap is a company policy every user's commission computation reads.
        value = self.env["ir.config_parameter"].sudo().get_param("sales_ecosystem.commission_rate_cap")
        try:
            return float(value) if value else DEFAULT_RATE_CAP
        except ValueError:
            return DEFAULT_RATE_CAP

    @api.model
    def _check_rate_value(self, rate, label, record_name, cap=None):
        cap = self._get_rate_cap() if cap is None else cap
        if rate < 0 or rate > cap:
            raise ValidationError(
                self.env._(
                    "Commission plan '%(plan)s': '%(field)s' must be between 0 and %(cap)s %% (the rate cap in "
                    "Settings); it is %(rate)s %%.",
                    plan=record_name,
                    field=label,
                    cap=cap,
                    rate=rate,
                )
            )

    def _get_base(self, lead):
        """Commission base of a won deal under this plan (before the split), in company currency."""
        self.ensure_one()
        if self.base_type == "recurring":
            return (lead.recurring_revenue_monthly or 0.0) * self.recurring_months
        return lead.expected_revenue or 0.0

    # Tier thresholds, ONE definition (Python for the price at win and the estimator, SQL for the settlement's
    # re-ranking; TestCommissionOneDefinition checks they agree):
    #   attainment = on-list base of the rep's commission lines of the plan and period (up to and including the deal)
    #                x 100 / the plan's period target, rounded to 2 decimals;
    #   rate       = the rate of the highest tier whose 'From Attainment (%)' the attainment reached (>=), else the
    #                plan's rate.

    @api.model
    def _attainment(self, base, target):
        """Attainment (%) of a base against a period target (see the definition above), from
        :func:`commission_attainment`; 0 without a target."""
        return float_round(commission_attainment(base, target), precision_digits=2) if target else 0.0

    @api.model
    def _attainment_sql(self, base, target):
        """The same in SQL (``base`` and ``target``: SQL expressions), generated from :func:`commission_attainment`;
        NULL without a target."""
        attainment = commission_attainment(SqlOperand(base), SqlOperand(SQL("NULLIF(%s, 0)", target)))
        return SQL("round(%s, 2)", attainment.sql)

    def _tier_reached(self, attainment):
        """The tier an attainment (in % of target) reaches on this plan: of the tiers whose lower bound it reached,
        the highest; an empty recordset when it reached none (the plan's base rate applies). The one Python reading
        of the tier rule (the rate at win, the estimator, the tier label of a line)."""
        self.ensure_one()
        reached = self.tier_ids.filtered(
            lambda tier: commission_tier_reached(tier.attainment_from, attainment)
        )
        return max(reached, key=lambda tier: tier.attainment_from) if reached else reached

    def _get_rate_for_attainment(self, attainment):
        """Rate of the tier the attainment reaches (:meth:`_tier_reached`), else the plan's rate."""
        self.ensure_one()
        tier = self._tier_reached(attainment)
        return tier.rate if tier else self.rate

    @api.model
    def _tier_rate_sql(self, plan_id, attainment):
        """The same in SQL, the condition generated from :func:`commission_tier_reached`: the rate of the plan's
        highest tier reached, NULL when none is (then the plan's rate)."""
        reached = commission_tier_reached(SqlOperand(SQL("t.attainment_from")), SqlOperand(attainment)).sql
        return SQL(
            "(SELECT t.rate FROM crm_commission_plan_tier t WHERE t.plan_id = %s AND %s "
            "ORDER BY t.attainment_from DESC LIMIT 1)",
            plan_id,
            reached,
        )
