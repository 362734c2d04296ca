# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
# (the brief asks for one file per feature extending a core model)
from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import SQL

from .crm_account_plan import ACTIVE_PLAN_STATES, HEALTH_LEVELS

KEY_ACCOUNT_DESIGNATIONS = [
    ("auto", "By criteria"),
    ("key", "Designated key account"),
    ("not_key", "Not a key account"),
]

# What makes an account key, in one place: the domain its search method returns (on the commercial partner) and its
# compute evaluates (``filtered_domain``). A manager's designation wins over the criteria.
KEY_ACCOUNT_DOMAIN = Domain("key_account_designation", "=", "key") | (
    Domain("key_account_designation", "!=", "not_key") & Domain("key_account_auto", "=", True)
)


class ResPartnerKeyAccount(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    # the criteria's result, kept in crm.key.account.flag (one row per flagged account; see there why not here)
    key_account_auto = fields.Boolean(
        string="Key Account by Criteria",
        compute="_compute_key_account_flag",
        search="_search_key_account_auto",
        help="Set by the key account criteria computation (daily, or Recompute).",
    )
    key_account_auto_reason = fields.Char(string="Criteria Reason", compute="_compute_key_account_flag")
    key_account_criterion_id = fields.Many2one(
        "crm.key.account.criterion",
        string="Matching Criterion",
        compute="_compute_key_account_criterion_id",
        search="_search_key_account_criterion_id",
        groups="sales_ecosystem.group_sales_ecosystem_user",
    )
    key_account_designation = fields.Selection(
        KEY_ACCOUNT_DESIGNATIONS,
        default="auto",
        copy=False,
        tracking=True,
        help="Managers may designate a key account explicitly, or exclude one, whatever the criteria say (empty: by "
        "criteria; not required, so that partners created before this field exists are valid).",
    )
    # not stored: the account's (commercial partner's) designation and criteria result, read by its contacts too;
    # a new criteria result writes the companies only (see crm.key.account.criterion._write_key_account_flags)
    is_key_account = fields.Boolean(
        string="Key Account", compute="_compute_is_key_account", search="_search_is_key_account"
    )
    key_account_reason = fields.Char(compute="_compute_is_key_account")
    # groups: the addon's users only (an employee outside Sales opens partners; plans are not theirs)
    account_plan_ids = fields.One2many(
        "crm.account.plan",
        "partner_id",
        string="Account Plans",
        groups="sales_ecosystem.group_sales_ecosystem_user",
    )
    account_plan_count = fields.Integer(
        compute="_compute_account_plan_stats", groups="sales_ecosystem.group_sales_ecosystem_user"
    )
    account_plan_id = fields.Many2one(
        "crm.account.plan",
        string="Current Account Plan",
        compute="_compute_account_plan_stats",
        groups="sales_ecosystem.group_sales_ecosystem_user",
    )
    account_plan_health_score = fields.Integer(
        string="Plan Health",
        compute="_compute_account_plan_stats",
        groups="sales_ecosystem.group_sales_ecosystem_user",
    )
    account_plan_health_level = fields.Selection(
        HEALTH_LEVELS,
        string="Plan Health Level",
        compute="_compute_account_plan_stats",
        groups="sales_ecosystem.group_sales_ecosystem_user",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _key_account_flags(self):
        """``{partner id: crm.key.account.flag}`` of ``self`` (one query).

        sudo: the criteria's results are derived data of the account, read by whoever reads the partner (the
        matching criterion is shown to the addon's users only: ``groups`` of ``key_account_criterion_id``)."""
        ids = [partner_id for partner_id in self._origin._ids if partner_id]
        flags = (
            self.env["crm.key.account.flag"]
            .sudo()
            .search_fetch([("partner_id", "in", ids)], ["partner_id", "criterion_id", "reason"])
            if ids
            else self.env["crm.key.account.flag"]
        )
        return {flag.partner_id.id: flag for flag in flags}

    def _compute_key_account_flag(self):
        flags = self._key_account_flags()
        for partner in self:
            flag = flags.get(partner._origin.id)
            partner.key_account_auto = bool(flag)
            partner.key_account_auto_reason = flag.reason if flag else False

    def _compute_key_account_criterion_id(self):
        flags = self._key_account_flags()
        for partner in self:
            flag = flags.get(partner._origin.id)
            partner.key_account_criterion_id = flag.criterion_id.id if flag else False

    @api.model
    def _key_account_flag_domain(self, flag_domain):
        """The partners with a criteria result matching ``flag_domain`` (a domain on crm.key.account.flag), as a
        subquery. sudo: see :meth:`_key_account_flags`."""
        query = self.env["crm.key.account.flag"].sudo()._search(flag_domain)
        return Domain("id", "any!", query.subselect(SQL.identifier(query.table, "partner_id")))

    def _search_key_account_auto(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = self._key_account_flag_domain(Domain.TRUE)
        return domain if operator == "in" else ~domain

    def _search_key_account_criterion_id(self, operator, value):
        if operator in ("in", "not in"):
            ids = [criterion_id for criterion_id in value if criterion_id]
            domain = self._key_account_flag_domain(Domain("criterion_id", "in", ids)) if ids else Domain.FALSE
            if len(ids) < len(value):  # False among the values: the partners without a criteria result
                domain |= ~self._key_account_flag_domain(Domain.TRUE)
            return domain if operator == "in" else ~domain
        if operator.startswith("not"):
            return NotImplemented
        return self._key_account_flag_domain(Domain("criterion_id", operator, value))

    @api.depends(
        "commercial_partner_id.key_account_designation",
        "commercial_partner_id.key_account_auto",
        "commercial_partner_id.key_account_auto_reason",
    )
    def _compute_is_key_account(self):
        """A partner is key when its account (commercial partner: the company, or the partner itself) is: designated
        by a manager, or matched by the criteria and not excluded (:data:`KEY_ACCOUNT_DOMAIN`); contacts, and
        contacts of contacts, follow their company."""
        accounts = self.commercial_partner_id
        keys = accounts.filtered_domain(KEY_ACCOUNT_DOMAIN)
        for partner in self:
            account = partner.commercial_partner_id
            partner.is_key_account = account in keys
            if account.key_account_designation == "key":
                partner.key_account_reason = self.env._("Designated by a manager")
            elif account.key_account_designation == "not_key":
                partner.key_account_reason = self.env._("Excluded by a manager")
            else:
                partner.key_account_reason = account.key_account_auto_reason if account in keys else False

    def _search_is_key_account(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain("commercial_partner_id", "any", KEY_ACCOUNT_DOMAIN)
        return domain if operator == "in" else ~domain

    def _compute_account_plan_stats(self):
        # sudo-free: plans are readable by every sales user of the company (see README)
        plans = self.env["crm.account.plan"].search(
            [("partner_id", "in", self.ids)], order="date_start desc, id desc"
        )
        by_partner = {}
        for plan in plans:
            by_partner.setdefault(plan.partner_id.id, self.env["crm.account.plan"])
            by_partner[plan.partner_id.id] |= plan
        today = fields.Date.context_today(self)
        current_plans = self.env["crm.account.plan"]
        current_by_partner = {}
        for partner_id, partner_plans in by_partner.items():
            active = partner_plans.filtered(lambda p: p.state in ACTIVE_PLAN_STATES)
            current = active.filtered(lambda p: p.date_start <= today <= p.date_end)[:1] or active[:1]
            if current:
                current_by_partner[partner_id] = current
                current_plans |= current
        current_plans.mapped("health_score")  # batch compute for all current plans at once
        for partner in self:
            partner_plans = by_partner.get(partner.id, self.env["crm.account.plan"])
            current = current_by_partner.get(partner.id, self.env["crm.account.plan"])
            partner.account_plan_count = len(partner_plans)
            partner.account_plan_id = current
            partner.account_plan_health_score = current.health_score
            partner.account_plan_health_level = current.health_level

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        if "key_account_designation" in vals and not self.env.su:
            if not self.env.user.has_group("sales_ecosystem.group_sales_ecosystem_manager"):
                raise AccessError(
                    self.env._(
                        "Only Sales Ecosystem managers may change the field Key Account Designation "
                        "(partners: %(names)s).",
                        names=", ".join(self.mapped("display_name")),
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_account_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_ecosystem.crm_account_plan_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_recompute_key_account(self):
        self.env["crm.key.account.criterion"]._recompute_key_accounts(self.commercial_partner_id)
        return True
