from odoo import api, fields, models


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.icp.scored.mixin"]

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    employee_count = fields.Integer(
        "Employees", help="Head count of the company, used by ideal client profiles."
    )
    annual_revenue = fields.Monetary(currency_field="icp_currency_id", help="Yearly revenue of the company.")
    icp_currency_id = fields.Many2one(
        "res.currency", compute="_compute_icp_currency_id", string="Revenue Currency"
    )
    target_list_line_ids = fields.One2many("crm.target.list.line", "partner_id", string="Target List Entries")
    target_list_ids = fields.Many2many(
        "crm.target.list", compute="_compute_target_lists", string="Target Lists (today)"
    )
    is_on_target_list = fields.Boolean(
        "On a Target List", compute="_compute_target_lists", search="_search_is_on_target_list"
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
        accounts = self.filtered(lambda p: p.id and not p.parent_id)
        profiles_by_scope = self.env["crm.icp.profile"]._get_profiles_by_scope()
        profile_by_record, by_profile = {}, {}
        for partner in accounts:
            company_id = partner.company_id.id or self.env.company.id
            profile = profiles_by_scope.get((company_id, False))
            if profile:
                profile_by_record[partner.id] = profile
                by_profile.setdefault(profile, []).append(partner)
        results = {}
        for profile, partners in by_profile.items():
            partners = self.browse([p.id for p in partners])
            matches = profile._domain_matches(partners, self.env["crm.lead"])
            facts = self._icp_facts_batch(partners)
            results.update(profile._score(facts, matches))
        self._icp_assign(results, profile_by_record)

    def _compute_target_lists(self):
        lists_by_partner = self.env["crm.target.list"]._get_lists_by_partner(self)
        for partner in self:
            lists = lists_by_partner.get(partner.commercial_partner_id.id, self.env["crm.target.list"])
            partner.target_list_ids = lists
            partner.is_on_target_list = bool(lists)

    def _search_is_on_target_list(self, operator, value):
        return self.env["crm.target.list.line"]._search_on_list_today(
            "commercial_partner_id", operator, value
        )
