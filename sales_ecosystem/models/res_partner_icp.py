# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.tools import SQL

from .crm_icp_scored_mixin import _facts_from_row
from .crm_icp_target_list_line import ANY


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.icp.scored.mixin", "sales.ecosystem.capability.mixin"]

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    employee_count = fields.Integer(
        "Head Count", help="Number of employees of the company, used by ideal client profiles."
    )
    annual_revenue = fields.Monetary(currency_field="icp_currency_id", help="Yearly revenue of the company.")
    icp_currency_id = fields.Many2one(
        "res.currency", compute="_compute_icp_currency_id", string="Revenue Currency"
    )
    target_list_line_ids = fields.One2many(
        "crm.target.list.line",
        "partner_id",
        string="Target List Entries",
        groups="sales_ecosystem.group_sales_ecosystem_user",
    )
    target_list_ids = fields.Many2many(
        "crm.target.list",
        compute="_compute_target_lists",
        string="Target Lists (today)",
        groups="sales_ecosystem.group_sales_ecosystem_user",
    )
    is_on_target_list = fields.Boolean(
        "On a Target List",
        compute="_compute_target_lists",
        search="_search_is_on_target_list",
        groups="sales_ecosystem.group_sales_ecosystem_user",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _compute_icp_currency_id(self):
        for partner in self:
            partner.icp_currency_id = (partner.company_id or self.env.company).currency_id

    @api.depends(
        "is_company",
        "parent_id",
        "company_id",
        "industry_id",
        "employee_count",
        "annual_revenue",
        "country_id",
        "state_id",
        "category_id",
    )
    def _compute_icp(self):
        self._icp_compute()

    @api.depends_context("company")
    def _compute_target_lists(self):
        """Lists of the current company on which the account is today, whatever the team (an account's own view;
        deals use their company and team, see crm.lead._get_target_lists_on)."""
        lists_by_partner = self.env["crm.target.list"]._get_lists_by_partner(self)
        for partner in self:
            lists = lists_by_partner.get(partner.commercial_partner_id.id, self.env["crm.target.list"])
            partner.target_list_ids = lists
            partner.is_on_target_list = bool(lists)

    def _search_is_on_target_list(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Operation not supported"))
        valid = self.env["crm.target.list.line"]._valid_on_domain(
            fields.Date.context_today(self), self.env.company.id, ANY
        )
        domain = [("commercial_partner_id.target_list_line_ids", "any", valid)]
        return domain if (operator == "=") == value else ["!", *domain]

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _icp_scope_facts(self):
        """See ``crm.icp.scored.mixin``: only accounts (partners without a parent) are scored, with the default
        profile of their company (profiles of a sales team score deals only)."""
        partner_ids = [partner_id for partner_id in self._ids if partner_id]
        if not partner_ids:
            return {}
        self.flush_model(["parent_id", "company_id"])
        # Raw SQL, measured faster than ORM reads (see _icp_compute). No record rules on purpose, as with a sudo:
        # a score must not depend on who triggers its recompute.
        rows = self.env.execute_query(
            SQL(
                """SELECT account.id, account.company_id, %(account_facts)s
                     FROM res_partner account
                    WHERE account.id = ANY(%(ids)s) AND account.parent_id IS NULL""",
                account_facts=self._icp_account_facts_sql("account"),
                ids=partner_ids,
            )
        )
        return {
            row[0]: (row[1], False, _facts_from_row(row[0], False, False, False, row[2:])) for row in rows
        }
