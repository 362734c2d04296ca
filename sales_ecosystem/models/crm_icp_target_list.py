# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .crm_icp_target_list_line import ANY, membership_sql


class CrmTargetList(models.Model):
    """A named, dated list of target accounts: the accounts the company chose to sell to."""

    _name = "crm.target.list"
    _description = "Target Account List"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm.cache.mixin"]
    _order = "date_from desc, name"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users", "Owner", default=lambda self: self.env.user, tracking=True, check_company=True
    )
    team_id = fields.Many2one("crm.team", "Sales Team", tracking=True, check_company=True)
    date_from = fields.Date("Valid From", required=True, default=fields.Date.context_today, tracking=True)
    date_to = fields.Date("Valid To", tracking=True, help="Leave empty for a list with no end date.")
    note = fields.Html()
    line_ids = fields.One2many("crm.target.list.line", "list_id", string="Accounts", copy=True)
    partner_ids = fields.Many2many(
        "res.partner", compute="_compute_partner_ids", search="_search_partner_ids", string="Target Accounts"
    )
    account_count = fields.Integer(compute="_compute_account_count")
    is_valid_today = fields.Boolean(
        "Valid Today", compute="_compute_is_valid_today", search="_search_is_valid_today"
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("line_ids.partner_id")
    def _compute_partner_ids(self):
        for target_list in self:
            target_list.partner_ids = target_list.line_ids.partner_id

    def _search_partner_ids(self, operator, value):
        return [("line_ids.partner_id", operator, value)]

    @api.depends("line_ids")
    def _compute_account_count(self):
        counts = dict(
            self.env["crm.target.list.line"]._read_group(
                [("list_id", "in", self.ids)], ["list_id"], ["__count"]
            )
        )
        for target_list in self:
            target_list.account_count = counts.get(target_list, 0)

    @api.depends("date_from", "date_to", "active")
    def _compute_is_valid_today(self):
        today = fields.Date.context_today(self)
        for target_list in self:
            target_list.is_valid_today = target_list._is_valid_on(today)

    def _search_is_valid_today(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Operation not supported"))
        domain = self._list_valid_on_domain(fields.Date.context_today(self))
        positive = (operator == "=") == value
        return domain if positive else ["!", *domain]

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for target_list in self:
            if target_list.date_to and target_list.date_to < target_list.date_from:
                raise ValidationError(
                    self.env._(
                        "Target list '%(list)s': 'Valid To' (%(date_to)s) cannot be before 'Valid From' "
                        "(%(date_from)s).",
                        list=target_list.name,
                        date_to=target_list.date_to,
                        date_from=target_list.date_from,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model
    def _registry_cache_fields(self):
        # _get_company_ids_with_lists_on
        return super()._registry_cache_fields() | {"active", "company_id", "date_from", "date_to"}

    @api.model
    def _registry_cached_lookups(self):
        return super()._registry_cached_lookups() | {"_get_company_ids_with_lists_on"}

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_import_accounts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import Target Accounts"),
            "res_model": "crm.target.list.import",
            "view_mode": "form",
            "target": "new",
            "context": {"default_list_id": self.id},
        }

    def action_view_opportunities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_opportunities")
        action["domain"] = [("account_partner_id", "in", self.line_ids.partner_id.ids)]
        action["context"] = {"search_default_filter_open_se": 1}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _is_valid_on(self, date):
        self.ensure_one()
        return self.active and self.date_from <= date and (not self.date_to or date <= self.date_to)

    @api.model
    def _get_companies_with_active_lists(self, date=None):
        """Ids of the companies that have an active target list valid on ``date`` (default: today): where a target
        list is part of the strategy. From the registry's cache: no query once warm."""
        return self._get_company_ids_with_lists_on(
            fields.Date.to_date(date or fields.Date.context_today(self))
        )

    @api.model
    @tools.ormcache("date")
    def _get_company_ids_with_lists_on(self, date):
        """frozenset of the ids of the companies with an active list valid on ``date``, cached by the registry
        (cleared when a list is created, deleted, or its company, dates or archive state change)."""
        # sudo: whether a strategy exists must not depend on who saves a deal
        lists = self.sudo().search_fetch(self._list_valid_on_domain(date), ["company_id"])
        return frozenset(lists.company_id.ids)

    @api.model
    def _list_valid_on_domain(self, date):
        """Lists (active ones: the ORM's active test) whose validity window contains ``date``: the domain twin of
        :meth:`_is_valid_on`."""
        return [("date_from", "<=", date), "|", ("date_to", "=", False), ("date_to", ">=", date)]

    @api.model
    def _get_lists_by_partner(self, partners, date=None):
        """Target lists on which each account is on ``date`` (default: today) for the current company, whatever
        the sales team: what an account's own form shows. Deals use :meth:`_get_lists_by_scope` with their
        company and team. One query for all accounts.

        :param partners: res.partner recordset (contacts are resolved to their commercial partner)
        :return: {commercial_partner_id: crm.target.list recordset}
        """
        date = date or fields.Date.context_today(self)
        keys = {
            partner_id: (partner_id, date, self.env.company.id, ANY)
            for partner_id in partners.commercial_partner_id.ids
        }
        lists = self._get_lists_by_scope(keys.values())
        return {partner_id: lists[key] for partner_id, key in keys.items()}

    @api.model
    def _get_lists_by_scope(self, keys):
        """Target lists making each account a target account, per (account, date, company, team) key, as the one
        definition of membership says (see ``crm_icp_target_list_line.MEMBERSHIP_CONDITIONS``). One query for any
        number of keys.

        :param keys: iterable of (commercial partner id, date, company id or False, team id or False, or ``ANY``
            for the team: any team, in every key of the call)
        :return: {key: crm.target.list recordset} for every key (empty recordset: not a target account)
        """
        keys = list(dict.fromkeys(keys))
        result = dict.fromkeys(keys, self.browse())
        keys = [key for key in keys if key[0]]
        if not keys:
            return result
        any_team = any(key[3] is ANY for key in keys)
        if any_team and not all(key[3] is ANY for key in keys):
            raise ValueError("_get_lists_by_scope: a team of ANY must be the same in every key")
        self.env["crm.target.list.line"].flush_model()
        self.flush_model(["active", "date_from", "date_to", "company_id", "team_id"])
        # No record rules on purpose, as with a sudo: eligibility (strategy, commissions) must not depend on whether
        # the current user can read the list; only membership facts leave this method.
        rows = self.env.execute_query(
            SQL(
                """SELECT k.idx, tl.list_id
                     FROM unnest(%(partners)s::int[], %(dates)s::date[], %(companies)s::int[], %(teams)s::int[])
                          WITH ORDINALITY AS k(partner_id, date, company_id, team_id, idx)
                     JOIN crm_target_list_line tl ON tl.partner_id = k.partner_id AND %(membership)s""",
                partners=[key[0] for key in keys],
                dates=[key[1] for key in keys],
                companies=[key[2] or None for key in keys],
                teams=[None if any_team else (key[3] or None) for key in keys],
                membership=membership_sql(
                    "tl",
                    SQL("k.date"),
                    SQL("k.company_id"),
                    ANY if any_team else SQL("k.team_id"),
                ),
            )
        )
        list_ids = {}
        for idx, list_id in rows:
            list_ids.setdefault(keys[idx - 1], []).append(list_id)
        for key, ids in list_ids.items():
            result[key] = self.browse(sorted(set(ids)))
        return result
