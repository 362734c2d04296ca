# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

CRITERION_TYPES = [
    ("industry", "Industry"),
    ("employees", "Employee count band"),
    ("revenue", "Annual revenue band"),
    ("geography", "Country / state"),
    ("tag", "Account tags"),
    ("domain", "Any field (domain)"),
]


class CrmIcpCriterion(models.Model):
    """One weighted criterion of an ideal client profile, or a hard disqualifier.

    A criterion is a rule (``sales.ecosystem.rule.mixin``) whose kind is its ``criterion_type``: each type is
    evaluated by one ``_rule_eval_<type>`` method on all the subjects scored at once, and its outcome is the status
    of each subject (see the BUSINESS section). A dependent addon adds a type with ``selection_add`` on
    ``criterion_type`` and its ``_rule_eval_<type>`` (optionally ``_rule_describe_<type>``)."""

    _name = "crm.icp.criterion"
    _inherit = ["sales.ecosystem.rule.mixin"]
    _description = "Ideal Client Profile Criterion"
    _order = "profile_id, sequence, id"

    #: the Selection field holding a criterion's kind of rule (sales.ecosystem.rule.mixin)
    _rule_kind_field = "criterion_type"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    profile_id = fields.Many2one("crm.icp.profile", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="profile_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    criterion_type = fields.Selection(CRITERION_TYPES, "Type", required=True, default="industry")
    weight = fields.Integer(
        default=10, help="Points (0-100) this criterion adds to the score when it matches."
    )
    is_disqualifier = fields.Boolean(
        "Disqualifier", help="When this criterion matches, the record is Off profile whatever its score."
    )
    industry_ids = fields.Many2many("res.partner.industry", string="Industries")
    employee_min = fields.Integer("Employees from")
    employee_max = fields.Integer("Employees to", help="0 means no upper bound.")
    revenue_min = fields.Float("Revenue from")
    revenue_max = fields.Float("Revenue to", help="0 means no upper bound.")
    country_ids = fields.Many2many("res.country", string="Countries")
    state_ids = fields.Many2many("res.country.state", string="States")
    tag_ids = fields.Many2many("res.partner.category", string="Tags")
    domain_model = fields.Selection(
        [("res.partner", "Account"), ("crm.lead", "Deal")],
        "Applies on",
        default="res.partner",
        help="A domain on the account is used for accounts and deals; a domain on the deal only scores deals.",
    )
    domain = fields.Char(default="[]", help="Odoo domain the record must match, e.g. [('vat', '!=', False)].")
    description = fields.Char(compute="_compute_description", string="Rule")

    _weight_range = models.Constraint(
        "CHECK(weight >= 0 AND weight <= 100)", "A criterion's weight must be between 0 and 100."
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "criterion_type",
        "industry_ids",
        "employee_min",
        "employee_max",
        "revenue_min",
        "revenue_max",
        "country_ids",
        "state_ids",
        "tag_ids",
        "domain",
        "domain_model",
    )
    def _compute_description(self):
        # one _rule_describe_<type> per criterion type (empty for a type without one)
        descriptions = self._rule_describe()
        for criterion in self:
            criterion.description = descriptions.get(criterion.id, "")

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("weight")
    def _check_weight(self):
        for criterion in self:
            if not 0 <= criterion.weight <= 100:
                raise ValidationError(
                    self.env._(
                        "Criterion '%(criterion)s' of profile '%(profile)s': the weight must be between 0 and 100 "
                        "(got %(weight)s).",
                        criterion=criterion.name,
                        profile=criterion.profile_id.name,
                        weight=criterion.weight,
                    )
                )

    @api.constrains("employee_min", "employee_max", "revenue_min", "revenue_max")
    def _check_bands(self):
        for criterion in self:
            bad_employees = criterion.employee_min < 0 or (
                criterion.employee_max and criterion.employee_max < criterion.employee_min
            )
            bad_revenue = criterion.revenue_min < 0 or (
                criterion.revenue_max and criterion.revenue_max < criterion.revenue_min
            )
            if bad_employees or bad_revenue:
                raise ValidationError(
                    self.env._(
                        "Criterion '%(criterion)s' of profile '%(profile)s': a band's lower bound must be positive "
                        "and not above its upper bound.",
                        criterion=criterion.name,
                        profile=criterion.profile_id.name,
                    )
                )

    @api.constrains("criterion_type", "domain", "domain_model")
    def _check_domain(self):
        for criterion in self.filtered(lambda c: c.criterion_type == "domain"):
            try:
                domain = criterion._get_domain()
                # Validates field names and operators without reading any record.
                # sudo: the check is about the domain's validity, not about what the admin may read
                self.env[criterion.domain_model].sudo()._search(domain)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "Criterion '%(criterion)s' of profile '%(profile)s': the domain %(domain)s is not valid "
                        "for %(model)s: %(error)s",
                        criterion=criterion.name,
                        profile=criterion.profile_id.name,
                        domain=criterion.domain,
                        model=criterion.domain_model,
                        error=error,
                    )
                ) from error

    # ------------------------------------------------------------
    # CRUD: any change of a criterion changes its profile's scores
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        criteria = super().create(vals_list)
        criteria.profile_id._bump_version()
        return criteria

    def write(self, vals):
        profiles = self.profile_id
        res = super().write(vals)
        (profiles | self.profile_id)._bump_version()
        return res

    def unlink(self):
        profiles = self.profile_id
        res = super().unlink()
        profiles.exists()._bump_version()
        return res

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _get_domain(self):
        self.ensure_one()
        domain = safe_eval(self.domain or "[]")
        if not isinstance(domain, list | tuple):
            raise ValueError(self.env._("a domain is a list of conditions"))
        return list(domain)

    # ------------------------------------------------------------
    # BUSINESS: one method per criterion type (sales.ecosystem.rule.mixin): {criterion id: {key: status}}
    #
    # ``facts_by_key`` is ``{key: facts}`` (see ``crm.icp.profile._score`` for the facts); a status is 'matched',
    # 'unmatched', 'missing' (the data the criterion needs is empty) or 'skipped' (the criterion does not apply).
    # Each method reads its criteria's fields once per criterion, then loops over the facts: scoring runs over
    # records x criteria, and reading fields through the ORM in that loop costs more than the scoring itself on
    # large batches (see ``make bench``, scenario icp). No query per record.
    # ------------------------------------------------------------

    def _rule_eval_industry(self, facts_by_key, memo):
        result = {}
        for criterion in self:
            industry_ids = frozenset(criterion.industry_ids.ids)
            result[criterion.id] = {
                key: (
                    "missing"
                    if not facts["industry_id"]
                    else "matched"
                    if facts["industry_id"] in industry_ids
                    else "unmatched"
                )
                for key, facts in facts_by_key.items()
            }
        return result

    def _rule_eval_employees(self, facts_by_key, memo):
        return self._eval_band(facts_by_key, "employee_count", "employee_min", "employee_max")

    def _rule_eval_revenue(self, facts_by_key, memo):
        return self._eval_band(facts_by_key, "annual_revenue", "revenue_min", "revenue_max")

    def _eval_band(self, facts_by_key, fact, min_field, max_field):
        """Band criteria: 'missing' without a value, else 'matched' from the lower bound to the upper one
        (included; an upper bound of 0 means none)."""
        result = {}
        for criterion in self:
            lower, upper = criterion[min_field], criterion[max_field] or float("inf")
            result[criterion.id] = {
                key: (
                    "missing"
                    if not facts[fact]
                    else "matched"
                    if lower <= facts[fact] <= upper
                    else "unmatched"
                )
                for key, facts in facts_by_key.items()
            }
        return result

    def _rule_eval_geography(self, facts_by_key, memo):
        result = {}
        for criterion in self:
            country_ids, state_ids = frozenset(criterion.country_ids.ids), frozenset(criterion.state_ids.ids)
            result[criterion.id] = {
                key: (
                    "missing"
                    if not facts["country_id"]
                    else "matched"
                    if facts["country_id"] in country_ids
                    or (facts["state_id"] and facts["state_id"] in state_ids)
                    else "unmatched"
                )
                for key, facts in facts_by_key.items()
            }
        return result

    def _rule_eval_tag(self, facts_by_key, memo):
        result = {}
        for criterion in self:
            tag_ids = frozenset(criterion.tag_ids.ids)
            result[criterion.id] = {
                key: "unmatched" if tag_ids.isdisjoint(facts["category_ids"]) else "matched"
                for key, facts in facts_by_key.items()
            }
        return result

    def _rule_eval_domain(self, facts_by_key, memo):
        """A domain on the account applies to accounts and deals (their account), one on the deal to deals only
        ('skipped' for an account). The domain is searched once per criterion, on all the accounts (or deals) of
        ``facts_by_key`` at once: one query per domain criterion, whatever the number of records."""
        subject_ids = self._icp_subject_ids(facts_by_key, memo)
        result = {}
        for criterion in self:
            on_deal = criterion.domain_model == "crm.lead"
            fact = "partner_id" if criterion.domain_model == "res.partner" else "lead_id"
            matches = criterion._domain_matches(subject_ids[fact])
            result[criterion.id] = {
                key: (
                    "skipped"
                    if on_deal and not facts["lead_id"]
                    else "missing"
                    if not facts[fact]
                    else "matched"
                    if facts[fact] in matches
                    else "unmatched"
                )
                for key, facts in facts_by_key.items()
            }
        return result

    @api.model
    def _icp_subject_ids(self, facts_by_key, memo):
        """``{"partner_id": account ids, "lead_id": deal ids}`` of ``facts_by_key`` (kept in ``memo``)."""
        if "icp_subject_ids" not in memo:
            memo["icp_subject_ids"] = {
                fact: {facts[fact] for facts in facts_by_key.values()} - {False}
                for fact in ("partner_id", "lead_id")
            }
        return memo["icp_subject_ids"]

    def _domain_matches(self, subject_ids):
        """The ids among ``subject_ids`` (accounts, or deals for a domain on the deal) that match this domain
        criterion: one query, none without ids."""
        self.ensure_one()
        if not subject_ids:
            return set()
        # sudo: the profile's domain is the admin's definition of fit; it must see the same records whoever
        # triggers the recompute (a rep saving a deal must not get a different score).
        model_name = "res.partner" if self.domain_model == "res.partner" else "crm.lead"
        model = self.env[model_name].sudo().with_context(active_test=False)
        return set(model.search([*self._get_domain(), ("id", "in", list(subject_ids))]).ids)

    # ------------------------------------------------------------
    # BUSINESS: one description per criterion type (sales.ecosystem.rule.mixin): {criterion id: text}
    # ------------------------------------------------------------

    def _rule_describe_industry(self):
        return {criterion.id: ", ".join(criterion.industry_ids.mapped("name")) for criterion in self}

    def _rule_describe_employees(self):
        return {
            criterion.id: f"{criterion.employee_min} - {criterion.employee_max or '∞'}" for criterion in self
        }

    def _rule_describe_revenue(self):
        return {
            criterion.id: f"{criterion.revenue_min:,.0f} - "
            f"{(criterion.revenue_max and f'{criterion.revenue_max:,.0f}') or '∞'}"
            for criterion in self
        }

    def _rule_describe_geography(self):
        return {
            criterion.id: ", ".join(criterion.country_ids.mapped("name") + criterion.state_ids.mapped("name"))
            for criterion in self
        }

    def _rule_describe_tag(self):
        return {criterion.id: ", ".join(criterion.tag_ids.mapped("name")) for criterion in self}

    def _rule_describe_domain(self):
        return {criterion.id: f"{criterion.domain_model}: {criterion.domain}" for criterion in self}
