# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import SQL

from .crm_icp_profile import ICP_TIERS

STATUS_LABELS = {
    "matched": ("✔", "text-success"),
    "unmatched": ("✘", "text-muted"),
    "missing": ("?", "text-warning"),
    "disqualified": ("⛔", "text-danger"),
}


ICP_FIELDS = ("icp_profile_id", "icp_score", "icp_tier", "icp_version", "icp_breakdown")
BREAKDOWN_INDEX = ICP_FIELDS.index("icp_breakdown")


class CrmIcpScoredMixin(models.AbstractModel):
    """Stored, explainable ICP score shared by accounts (res.partner) and deals (crm.lead).

    Inheriting models implement ``_compute_icp`` (with their own ``@api.depends``) and fill every field below.
    """

    _name = "crm.icp.scored.mixin"
    _description = "ICP Scored Record"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    icp_profile_id = fields.Many2one(
        "crm.icp.profile", "ICP Profile", compute="_compute_icp", store=True, index="btree_not_null"
    )
    icp_score = fields.Float("ICP Score", compute="_compute_icp", store=True, digits=(5, 2), aggregator="avg")
    icp_tier = fields.Selection(
        ICP_TIERS, "ICP Tier", compute="_compute_icp", store=True, tracking=True, index=True
    )
    icp_version = fields.Integer("ICP Profile Version", compute="_compute_icp", store=True)
    icp_breakdown = fields.Json("ICP Breakdown", compute="_compute_icp", store=True)
    icp_breakdown_html = fields.Html("Why this tier", compute="_compute_icp_breakdown_html", sanitize=False)

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _compute_icp(self):
        raise NotImplementedError()

    # every field the HTML shows: the ORM then reads them with the record (no second read of the record for
    # icp_version when the form did not ask for it)
    @api.depends("icp_profile_id", "icp_version", "icp_breakdown", "icp_tier", "icp_score")
    def _compute_icp_breakdown_html(self):
        tier_labels = dict(ICP_TIERS)
        for record in self:
            record.icp_breakdown_html = record._render_icp_breakdown(tier_labels)

    def _render_icp_breakdown(self, tier_labels):
        if not self.icp_profile_id:
            return Markup("<p class='text-muted'>%s</p>") % self.env._("No ideal client profile applies.")
        rows = []
        for item in self.icp_breakdown or []:
            symbol, css = STATUS_LABELS.get(item["status"], ("", ""))
            if item["status"] == "missing":
                detail = self.env._("no data")
            elif item.get("disqualifier"):
                detail = self.env._("disqualifier")
            else:
                detail = f"{item['points']} / {item['weight']}"
            rows.append(
                Markup("<tr><td class='%s'>%s</td><td>%s</td><td class='text-end'>%s</td></tr>")
                % (css, symbol, item["name"], detail)
            )
        header = self.env._(
            "%(profile)s (version %(version)s): score %(score)s, tier %(tier)s",
            # sudo: the profile's name as the record's many2one shows it (display names are computed as superuser);
            # it comes from the registry cache of profile names (crm.cached.name.mixin): no query
            profile=self.icp_profile_id.sudo().display_name,
            version=self.icp_version,
            score=f"{self.icp_score:.0f}",
            tier=tier_labels.get(self.icp_tier, ""),
        )
        return Markup(
            "<div class='o_icp_breakdown'><p><strong>%s</strong></p>"
            "<table class='table table-sm'><thead><tr><th></th><th>%s</th><th class='text-end'>%s</th></tr></thead>"
            "<tbody>%s</tbody></table></div>"
        ) % (escape(header), self.env._("Criterion"), self.env._("Points"), Markup("").join(rows))

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _recompute_icp(self):
        """Force the stored score fields to be recomputed now, in one batch."""
        # Read the current scores alone first: the chatter's tracking of the tier reads the old values, and would
        # otherwise prefetch every column of every record (the profiled cost of a batch rescore).
        self.fetch(ICP_FIELDS)
        for fname in ICP_FIELDS:
            self.env.add_to_compute(self._fields[fname], self)
        self.flush_recordset(ICP_FIELDS)

    def _icp_assign(self, results, profile_by_record):
        """Write scoring results (see ``crm.icp.profile._score``) into the stored fields.

        Each field is assigned once per distinct value, to all the records that take it, instead of once per record:
        scores are coarse (few profiles, tiers and scores), and on large batches the per-record assignments cost
        more than the scoring itself (see ``make bench``, scenario icp).
        """
        versions = {profile: profile.version for profile in set(profile_by_record.values())}
        # per field: {hashable key: (value, [record ids])}
        groups = [{} for _fname in ICP_FIELDS]
        for record_id in self._ids:
            profile = profile_by_record.get(record_id)
            result = results.get(record_id)
            if not profile:
                values, outcome = (False, 0.0, False, 0, []), None
            elif not result:
                values, outcome = (profile.id, 0.0, False, versions[profile], []), None
            else:
                values = (profile.id, result["score"], result["tier"], versions[profile], result["breakdown"])
                outcome = result["outcome"]
            for index, value in enumerate(values):
                key = outcome if index == BREAKDOWN_INDEX else value
                groups[index].setdefault(key, (value, []))[1].append(record_id)
        for fname, field_groups in zip(ICP_FIELDS, groups, strict=True):
            for value, record_ids in field_groups.values():
                self.browse(record_ids)[fname] = value

    def _icp_scope_facts(self):
        """``{record id: (company id, team id or False, facts)}`` of the saved records of ``self`` that a profile
        may score (see :func:`_facts_from_row` for the facts), in one query. Implemented by the inheriting models."""
        raise NotImplementedError()

    def _icp_compute(self):
        """Shared body of ``_compute_icp``: find each record's profile (the team's, else the company's default),
        score the records of each profile in one batch and assign the results (records without a profile get an
        empty score).

        The facts come from one SQL query (:meth:`_icp_scope_facts`) rather than ORM reads: on large batches the
        per-record ORM access cost more than the scoring itself (see ``make bench``, scenario icp).
        """
        if not self.env["sales.ecosystem.capability"]._is_enabled("icp"):
            self._icp_keep_outdated()
            return
        profiles_by_scope = self.env["crm.icp.profile"]._get_profiles_by_scope()
        if not profiles_by_scope:  # nothing configured: no profile applies, no facts to read
            self._icp_assign({}, {})
            return
        default_company_id = self.env.company.id
        profile_by_record, facts_by_profile = {}, {}
        for record_id, (company_id, team_id, facts) in self._icp_scope_facts().items():
            company_id = company_id or default_company_id
            profile = profiles_by_scope.get((company_id, team_id)) or profiles_by_scope.get(
                (company_id, False)
            )
            if profile:
                profile_by_record[record_id] = profile
                facts_by_profile.setdefault(profile, {})[record_id] = facts
        results = {}
        for profile, facts_by_id in facts_by_profile.items():
            # the profile's domain criteria search the accounts and deals of the facts (deals score both, accounts
            # their own), one query per criterion
            results.update(profile._score(facts_by_id))
        self._icp_assign(results, profile_by_record)

    def _icp_keep_outdated(self):
        """ICP switched off: scores stay as they are, marked outdated (version 0) so that the rescoring cron
        refreshes them once ICP is switched on again."""
        for fname in ICP_FIELDS:
            for record in self:
                record[fname] = 0 if fname == "icp_version" else record[fname]

    @api.model
    def _icp_account_facts_sql(self, alias):
        """SQL select list of the account facts of :func:`_facts_from_row` (columns of the partner table aliased
        ``alias``; NULLs if the row is missing), after the fields it reads are flushed."""
        Partner = self.env["res.partner"]
        Partner.flush_model(ICP_ACCOUNT_FIELDS)
        category = Partner._fields["category_id"]
        return SQL(
            "%(a)s.industry_id, %(a)s.employee_count, %(a)s.annual_revenue, %(a)s.country_id, %(a)s.state_id, "
            "ARRAY(SELECT rel.%(column2)s FROM %(relation)s rel WHERE rel.%(column1)s = %(a)s.id)",
            a=SQL.identifier(alias),
            relation=SQL.identifier(category.relation),
            column1=SQL.identifier(category.column1),
            column2=SQL.identifier(category.column2),
        )


ICP_ACCOUNT_FIELDS = [
    "industry_id",
    "employee_count",
    "annual_revenue",
    "country_id",
    "state_id",
    "category_id",
]


def _facts_from_row(account_id, lead_id, lead_country_id, lead_state_id, account_row):
    """The data a profile scores (see ``crm.icp.profile._score``): the account's, completed by the deal's own
    country and state when the account has none; ``account_row`` holds the columns of ``_icp_account_facts_sql``
    (industry, employees, revenue, country, state, category ids)."""
    industry_id, employee_count, annual_revenue, country_id, state_id, category_ids = account_row
    return {
        "partner_id": account_id or False,
        "lead_id": lead_id or False,
        "industry_id": industry_id or False,
        "employee_count": employee_count or 0,
        "annual_revenue": annual_revenue or 0.0,
        "country_id": country_id or lead_country_id or False,
        "state_id": state_id or lead_state_id or False,
        "category_ids": set(category_ids or ()),
    }
