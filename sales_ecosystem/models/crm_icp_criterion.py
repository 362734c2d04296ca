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
    """One weighted criterion of an ideal client profile, or a hard disqualifier."""

    _name = "crm.icp.criterion"
    _description = "Ideal Client Profile Criterion"
    _order = "profile_id, sequence, id"

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
        for criterion in self:
            kind = criterion.criterion_type
            if kind == "industry":
                text = ", ".join(criterion.industry_ids.mapped("name"))
            elif kind == "employees":
                text = f"{criterion.employee_min} - {criterion.employee_max or '∞'}"
            elif kind == "revenue":
                text = f"{criterion.revenue_min:,.0f} - {(criterion.revenue_max and f'{criterion.revenue_max:,.0f}') or '∞'}"
            elif kind == "geography":
                text = ", ".join(criterion.country_ids.mapped("name") + criterion.state_ids.mapped("name"))
            elif kind == "tag":
                text = ", ".join(criterion.tag_ids.mapped("name"))
            else:
                text = f"{criterion.domain_model}: {criterion.domain}"
            criterion.description = text

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

    def _get_rule(self):
        """This criterion as a plain, read-once rule for :meth:`_evaluate_rule` (no ORM access per record scored).

        Scoring loops over records x criteria: reading the criterion's fields through the ORM in that loop costs
        more than the scoring itself on large batches (see ``make bench``, scenario icp).
        """
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "type": self.criterion_type,
            "weight": self.weight,
            "disqualifier": self.is_disqualifier,
            "industry_ids": frozenset(self.industry_ids.ids),
            "employee_min": self.employee_min,
            "employee_max": self.employee_max,
            "revenue_min": self.revenue_min,
            "revenue_max": self.revenue_max,
            "country_ids": frozenset(self.country_ids.ids),
            "state_ids": frozenset(self.state_ids.ids),
            "tag_ids": frozenset(self.tag_ids.ids),
            "domain_model": self.domain_model,
        }

    def _evaluate(self, facts, domain_matches):
        """Return 'matched', 'unmatched', 'missing' (data needed is empty) or 'skipped' (does not apply)."""
        return self._evaluate_rule(self._get_rule(), facts, domain_matches)

    @staticmethod
    def _evaluate_rule(rule, facts, domain_matches):
        """:meth:`_evaluate` on a rule from :meth:`_get_rule`."""
        kind = rule["type"]
        if kind == "industry":
            if not facts["industry_id"]:
                return "missing"
            return "matched" if facts["industry_id"] in rule["industry_ids"] else "unmatched"
        if kind == "employees":
            value = facts["employee_count"]
            if not value:
                return "missing"
            upper_ok = not rule["employee_max"] or value <= rule["employee_max"]
            return "matched" if value >= rule["employee_min"] and upper_ok else "unmatched"
        if kind == "revenue":
            value = facts["annual_revenue"]
            if not value:
                return "missing"
            upper_ok = not rule["revenue_max"] or value <= rule["revenue_max"]
            return "matched" if value >= rule["revenue_min"] and upper_ok else "unmatched"
        if kind == "geography":
            if not facts["country_id"]:
                return "missing"
            in_country = facts["country_id"] in rule["country_ids"]
            in_state = bool(facts["state_id"]) and facts["state_id"] in rule["state_ids"]
            return "matched" if in_country or in_state else "unmatched"
        if kind == "tag":
            return "matched" if facts["category_ids"] & rule["tag_ids"] else "unmatched"
        # domain
        subject_id = facts["partner_id"] if rule["domain_model"] == "res.partner" else facts["lead_id"]
        if rule["domain_model"] == "crm.lead" and not facts["lead_id"]:
            return "skipped"
        if not subject_id:
            return "missing"
        return "matched" if subject_id in domain_matches.get(rule["id"], ()) else "unmatched"
