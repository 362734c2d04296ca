from markupsafe import Markup, escape

from odoo import api, fields, models

from .crm_icp_profile import ICP_TIERS

STATUS_LABELS = {
    "matched": ("✔", "text-success"),
    "unmatched": ("✘", "text-muted"),
    "missing": ("?", "text-warning"),
    "disqualified": ("⛔", "text-danger"),
}


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
        fnames = ["icp_profile_id", "icp_score", "icp_tier", "icp_version", "icp_breakdown"]
        for fname in fnames:
            self.env.add_to_compute(self._fields[fname], self)
        self.flush_recordset(fnames)

    def _icp_assign(self, results, profile_by_record):
        """Write scoring results (see ``crm.icp.profile._score``) into the stored fields.

        Records with the same outcome (same profile, score, tier and breakdown: frequent, as criteria are coarse)
        are assigned together, one field assignment per group instead of one per record: on large batches the
        per-record assignments cost more than the scoring itself (see ``make bench``, scenario icp).
        """
        groups = {}
        for record_id in self._ids:
            profile = profile_by_record.get(record_id)
            result = results.get(record_id)
            if not profile or not result:
                values = (profile.id if profile else False, 0.0, False, profile.version if profile else 0, [])
            else:
                values = (profile.id, result["score"], result["tier"], profile.version, result["breakdown"])
            key = (*values[:4], repr(values[4]))
            groups.setdefault(key, (values, []))[1].append(record_id)
        fnames = ("icp_profile_id", "icp_score", "icp_tier", "icp_version", "icp_breakdown")
        for values, record_ids in groups.values():
            records = self.browse(record_ids)
            for fname, value in zip(fnames, values, strict=True):
                records[fname] = value

    @api.model
    def _icp_facts(self, account, lead=None):
        """The data a profile scores: the account's, completed by the deal's own address when there is none."""
        return {
            "partner_id": account.id or False,
            "lead_id": lead.id if lead else False,
            "industry_id": account.industry_id.id,
            "employee_count": account.employee_count,
            "annual_revenue": account.annual_revenue,
            "country_id": account.country_id.id or (lead.country_id.id if lead else False),
            "state_id": account.state_id.id or (lead.state_id.id if lead else False),
            "category_ids": set(account.category_id.ids),
        }

    @api.model
    def _icp_facts_batch(self, accounts, leads=None):
        """:meth:`_icp_facts` for many records at once: ``{account id: facts}``, or ``{lead id: facts}`` when
        ``leads`` is given (``accounts`` then being their ``account_partner_id``).

        Reads raw values in one batch (``read(load=False)``) instead of walking relational fields record by record,
        which dominated the cost of scoring large batches (see ``make bench``, scenario icp).
        """
        # sudo: a record's score must not depend on who triggers its recompute (a rep saving a deal scores it
        # with the account's data even if a record rule hides some of it from them).
        accounts = accounts.sudo().with_context(active_test=False)
        rows = {row["id"]: row for row in accounts.read(ICP_ACCOUNT_FIELDS, load=False)} if accounts else {}
        if leads is None:
            return {account_id: _facts(account_id, row, False, {}) for account_id, row in rows.items()}
        # sudo: as for the accounts above, for the deals' own facts
        lead_rows = leads.sudo().with_context(active_test=False).read(ICP_LEAD_FIELDS, load=False)
        return {
            row["id"]: _facts(
                row["account_partner_id"], rows.get(row["account_partner_id"], {}), row["id"], row
            )
            for row in lead_rows
        }


ICP_ACCOUNT_FIELDS = [
    "industry_id",
    "employee_count",
    "annual_revenue",
    "country_id",
    "state_id",
    "category_id",
]
ICP_LEAD_FIELDS = ["account_partner_id", "country_id", "state_id"]


def _facts(account_id, account, lead_id, lead):
    """Facts (see ``CrmIcpScoredMixin._icp_facts``) from raw values read with ``read(load=False)``."""
    return {
        "partner_id": account_id or False,
        "lead_id": lead_id or False,
        "industry_id": account.get("industry_id") or False,
        "employee_count": account.get("employee_count") or 0,
        "annual_revenue": account.get("annual_revenue") or 0.0,
        "country_id": account.get("country_id") or lead.get("country_id") or False,
        "state_id": account.get("state_id") or lead.get("state_id") or False,
        "category_ids": set(account.get("category_id") or ()),
    }
