# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import logging

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)

ICP_TIERS = [
    ("a", "A"),
    ("b", "B"),
    ("c", "C"),
    ("off", "Off profile"),
    ("insufficient", "Insufficient data"),
]
# Rank of the scored tiers: higher is a better fit. "insufficient" has no rank on purpose.
ICP_TIER_RANK = {"a": 3, "b": 2, "c": 1, "off": 0}
#: The tiers a rule can ask for as a minimum (fit tiers: A, B, C), as a selection: the strategy rule's minimum tier
#: (Settings) and the gate requirement's.
ICP_MIN_TIERS = [tier for tier in ICP_TIERS if ICP_TIER_RANK.get(tier[0], 0) > 0]

# Fields of a profile (and of its criteria) whose change alters scores: changing them bumps the version.
SCORING_PROFILE_FIELDS = {
    "threshold_a",
    "threshold_b",
    "threshold_c",
    "insufficient_data_ratio",
    "criterion_ids",
    "team_id",
    "is_default",
    "company_id",
    "active",
}


class CrmIcpProfile(models.Model):
    """An ideal client profile: weighted criteria that score accounts and deals 0-100 and map them to tiers.

    Scores are explainable (a per-criterion breakdown is stored with each score) and versioned: any change of
    the criteria or thresholds bumps ``version`` and each stored score records the version it was computed with.
    """

    _name = "crm.icp.profile"
    _description = "Ideal Client Profile"
    _inherit = ["mail.thread", "crm.cached.name.mixin"]
    _order = "sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        check_company=True,
        tracking=True,
        help="Default profile of this team's deals. Leave empty for the company-wide profile, which also scores "
        "accounts (partners).",
    )
    is_default = fields.Boolean(
        "Default",
        tracking=True,
        help="The profile used to score the team's deals (or, without a team, the company's accounts and deals).",
    )
    description = fields.Html(help="Who the ideal client is, in words, for reps and managers.")
    criterion_ids = fields.One2many("crm.icp.criterion", "profile_id", string="Criteria", copy=True)
    criterion_count = fields.Integer(compute="_compute_criterion_count")
    total_weight = fields.Integer(compute="_compute_criterion_count")
    threshold_a = fields.Integer(
        "Tier A from", default=75, tracking=True, help="Minimum score (0-100) of tier A."
    )
    threshold_b = fields.Integer(
        "Tier B from", default=50, tracking=True, help="Minimum score (0-100) of tier B."
    )
    threshold_c = fields.Integer(
        "Tier C from",
        default=25,
        tracking=True,
        help="Minimum score (0-100) of tier C. Below it: Off profile.",
    )
    insufficient_data_ratio = fields.Integer(
        "Insufficient data above (%)",
        default=50,
        tracking=True,
        help="When the criteria whose data is missing weigh more than this share of the total weight, the record "
        "is not scored but marked 'Insufficient data'.",
    )
    version = fields.Integer(default=1, readonly=True, copy=False, tracking=True)
    lead_count = fields.Integer("Deals scored", compute="_compute_scored_counts")
    partner_count = fields.Integer("Accounts scored", compute="_compute_scored_counts")

    _threshold_order = models.Constraint(
        "CHECK(threshold_c >= 0 AND threshold_c < threshold_b AND threshold_b < threshold_a AND threshold_a <= 100)",
        "Tier thresholds must be ordered: 0 <= C < B < A <= 100.",
    )
    _insufficient_ratio_range = models.Constraint(
        "CHECK(insufficient_data_ratio >= 0 AND insufficient_data_ratio <= 100)",
        "The insufficient data ratio is a percentage between 0 and 100.",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("criterion_ids.weight", "criterion_ids.is_disqualifier")
    def _compute_criterion_count(self):
        for profile in self:
            profile.criterion_count = len(profile.criterion_ids)
            profile.total_weight = sum(
                profile.criterion_ids.filtered(lambda c: not c.is_disqualifier).mapped("weight")
            )

    def _compute_scored_counts(self):
        lead_counts = dict(
            self.env["crm.lead"]._read_group(
                [("icp_profile_id", "in", self.ids)], ["icp_profile_id"], ["__count"]
            )
        )
        partner_counts = dict(
            self.env["res.partner"]._read_group(
                [("icp_profile_id", "in", self.ids)], ["icp_profile_id"], ["__count"]
            )
        )
        for profile in self:
            profile.lead_count = lead_counts.get(profile, 0)
            profile.partner_count = partner_counts.get(profile, 0)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("threshold_a", "threshold_b", "threshold_c")
    def _check_thresholds(self):
        for profile in self:
            if not 0 <= profile.threshold_c < profile.threshold_b < profile.threshold_a <= 100:
                raise ValidationError(
                    self.env._(
                        "Profile '%(profile)s': the tier thresholds must be ordered 0 <= C < B < A <= 100 "
                        "(got A=%(a)s, B=%(b)s, C=%(c)s).",
                        profile=profile.name,
                        a=profile.threshold_a,
                        b=profile.threshold_b,
                        c=profile.threshold_c,
                    )
                )

    @api.constrains("is_default", "team_id", "company_id", "active")
    def _check_single_default(self):
        for profile in self.filtered(lambda p: p.is_default and p.active):
            duplicate = self.search(
                [
                    ("id", "!=", profile.id),
                    ("is_default", "=", True),
                    ("team_id", "=", profile.team_id.id),
                    ("company_id", "=", profile.company_id.id),
                ],
                limit=1,
            )
            if duplicate:
                raise ValidationError(
                    self.env._(
                        "Profile '%(profile)s' cannot be the default of %(scope)s: '%(other)s' already is.",
                        profile=profile.name,
                        scope=profile.team_id.name or profile.company_id.name,
                        other=duplicate.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        profiles = super().create(vals_list)
        profiles._rescore()
        return profiles

    def write(self, vals):
        scoring_change = bool(SCORING_PROFILE_FIELDS & set(vals))
        res = super().write(vals)
        if scoring_change:
            self._bump_version()
        return res

    @api.model
    def _registry_cache_fields(self):
        # _get_profile_ids_by_scope
        return super()._registry_cache_fields() | {"is_default", "company_id", "team_id", "active"}

    @api.model
    def _registry_cached_lookups(self):
        return super()._registry_cached_lookups() | {"_get_profile_ids_by_scope"}

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_rescore(self):
        """Recompute now the scores of every deal and account this profile scores."""
        self._rescore(force=True)
        return True

    def action_view_leads(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_opportunities")
        action["domain"] = [("icp_profile_id", "in", self.ids)]
        action["context"] = {"search_default_group_by_icp_tier": 1}
        return action

    # ------------------------------------------------------------
    # BUSINESS: versioning and rescoring
    # ------------------------------------------------------------

    def _bump_version(self):
        for profile in self:
            # "version" is not a scoring field: this write does not bump again.
            profile.write({"version": profile.version + 1})
        self._rescore()

    @api.model
    def _get_sync_rescore_limit(self):
        # sudo: a technical setting, read for any user whose save rescores records
        return int(
            self.env["ir.config_parameter"].sudo().get_param("sales_ecosystem.icp_sync_rescore_limit", 5000)
        )

    def _scope_domains(self):
        """Domains of the leads and partners whose scoring may depend on these profiles."""
        self.ensure_one()
        lead_domain = [("company_id", "in", [self.company_id.id, False])]
        if self.team_id:
            lead_domain += [("team_id", "=", self.team_id.id)]
        partner_domain = [("company_id", "in", [self.company_id.id, False]), ("is_company", "=", True)]
        return lead_domain, partner_domain

    def _rescore(self, force=False):
        """Bring stored scores up to date after a profile change.

        Small scopes are rescored at once (the admin sees the effect on save); larger ones are left to the
        rescoring cron, triggered now, which works in batches and commits its progress.
        """
        limit = self._get_sync_rescore_limit()
        Lead = self.env["crm.lead"]
        Partner = self.env["res.partner"]
        for profile in self:
            lead_domain, partner_domain = profile._scope_domains()
            # sudo: scores of every record in the profile's scope must follow the profile, including records the
            # admin who edits the profile cannot read (other teams' private deals).
            leads = Lead.sudo().with_context(active_test=False).search(lead_domain)
            partners = (
                Partner.sudo().with_context(active_test=False).search(partner_domain)
                if not profile.team_id
                else Partner
            )
            if force or len(leads) + len(partners) <= limit:
                leads._recompute_icp()
                partners._recompute_icp()
            else:
                self.env.ref("sales_ecosystem.ir_cron_icp_rescore")._trigger()

    @api.model
    def _se_trigger_rescore(self):
        """ICP switched on again: the rescoring and strategy crons catch up with what changed meanwhile, in their
        batches (not in the admin's request)."""
        for xmlid in ("sales_ecosystem.ir_cron_icp_rescore", "sales_ecosystem.ir_cron_strategy_refresh"):
            cron = self.env.ref(xmlid, raise_if_not_found=False)
            if cron:
                # sudo: the admin switching ICP on triggers the crons, which only the system may manage
                cron.sudo()._trigger()

    @api.model
    def _cron_rescore_outdated(self, batch_size=2000):
        """Rescore the deals and accounts whose stored score is older than their profile's version, or whose
        profile has domain criteria (their dependencies cannot be declared, so they are refreshed nightly)."""
        if not self.env["sales.ecosystem.capability"]._is_enabled("icp"):
            return
        Lead = self.env["crm.lead"].with_context(active_test=False)
        Partner = self.env["res.partner"].with_context(active_test=False)
        todo = []
        for profile in self.search([]):
            has_domain = any(c.criterion_type == "domain" for c in profile.criterion_ids)
            lead_domain, partner_domain = profile._scope_domains()
            outdated = (
                []
                if has_domain
                else ["|", ("icp_profile_id", "!=", profile.id), ("icp_version", "!=", profile.version)]
            )
            todo.append((Lead, lead_domain + outdated))
            if not profile.team_id:
                todo.append((Partner, partner_domain + outdated))
        for model, domain in todo:
            ids = model.search(domain).ids
            for start in range(0, len(ids), batch_size):
                model.browse(ids[start : start + batch_size])._recompute_icp()
                if self.env.context.get("ir_cron_progress_id"):
                    # in the cron only: commit each batch so that a long rescore makes progress and can resume
                    self.env["ir.cron"]._commit_progress(min(batch_size, len(ids) - start))

    # ------------------------------------------------------------
    # BUSINESS: profile lookup
    # ------------------------------------------------------------

    @api.model
    def _get_profiles_by_scope(self):
        """All active default profiles, keyed by (company_id, team_id or False), in the current environment.
        Served from the registry's cache (:meth:`_get_profile_ids_by_scope`): no query once warm."""
        return {
            scope: self.browse(profile_id) for scope, profile_id in self._get_profile_ids_by_scope().items()
        }

    @api.model
    @tools.ormcache()
    def _get_profile_ids_by_scope(self):
        """{(company_id, team_id or False): profile id} of the active default profiles, cached by the registry
        (cleared when a profile is created, deleted, or its scope fields change: see ``_registry_cache_fields``).
        Never mutate the result."""
        # sudo: scores must not depend on who saves a record; profiles of every team are needed
        profiles = self.sudo().search_fetch([("is_default", "=", True)], ["company_id", "team_id"])
        return {(p.company_id.id, p.team_id.id or False): p.id for p in profiles}

    # ------------------------------------------------------------
    # BUSINESS: scoring engine
    # ------------------------------------------------------------

    def _score(self, facts_by_key, memo=None):
        """Score subjects against this profile.

        :param facts_by_key: {key: facts} where facts is a dict with industry_id, employee_count, annual_revenue,
            country_id, state_id, category_ids (set of ids), partner_id and lead_id (ids or False)
        :param memo: facts shared by the criterion types of this evaluation (see ``sales.ecosystem.rule.mixin``)
        :return: {key: {"score": float, "tier": str, "breakdown": list, "outcome": hashable}}; subjects with the
            same criterion statuses share one result (``outcome`` tells them apart, and tells equal ones alike)

        Queries: one per domain criterion (on all the subjects at once), plus the criteria's own reads, independent
        of len(facts_by_key).
        """
        self.ensure_one()
        criteria = self.criterion_ids
        # The criteria are evaluated once per criterion type, on all the subjects at once (each type's method reads
        # its criteria's fields once, not per record scored): {criterion id: {key: status}}.
        outcomes = criteria._rule_evaluate(facts_by_key, memo)
        # What the score of a combination of statuses needs of each criterion, read once here.
        rules = [
            {"id": c.id, "name": c.name, "weight": c.weight, "disqualifier": c.is_disqualifier}
            for c in criteria
        ]
        keys = list(facts_by_key)
        # each key's statuses, in criterion order (a column of statuses per criterion, read in the order of keys)
        columns = [list(map(outcomes[criterion_id].__getitem__, keys)) for criterion_id in criteria.ids]
        statuses_by_key = (
            zip(keys, zip(*columns, strict=True), strict=True) if columns else ((k, ()) for k in keys)
        )
        # Per subject only the criterion statuses are evaluated; the score, tier and breakdown of each distinct
        # combination of statuses (few: criteria are coarse) are built once.
        combinations = {}
        results = {}
        for key, statuses in statuses_by_key:
            result = combinations.get(statuses)
            if result is None:
                result = combinations[statuses] = self._score_outcome(rules, statuses)
            results[key] = result
        return results

    def _score_outcome(self, rules, statuses):
        """Score, tier and breakdown of one combination of criterion statuses (see :meth:`_score`).

        :param rules: per criterion, in the order of ``statuses``, a dict of its id, name, weight and disqualifier
            (read once by :meth:`_score`, not per combination)
        """
        breakdown = []
        total = matched_weight = missing_weight = 0
        disqualified = False
        for rule, status in zip(rules, statuses, strict=True):
            if status == "skipped":
                continue
            weight = 0 if rule["disqualifier"] else rule["weight"]
            total += weight
            if status == "matched":
                if rule["disqualifier"]:
                    disqualified = True
                    status = "disqualified"
                matched_weight += weight
            elif status == "missing":
                missing_weight += weight
            breakdown.append(
                {
                    "criterion_id": rule["id"],
                    "name": rule["name"],
                    "weight": weight,
                    "disqualifier": rule["disqualifier"],
                    "status": status,
                    "points": weight if status == "matched" else 0,
                }
            )
        score = round(100.0 * matched_weight / total, 2) if total else 0.0
        if disqualified:
            tier = "off"
        elif not total or 100.0 * missing_weight / total > self.insufficient_data_ratio:
            tier, score = "insufficient", 0.0
        else:
            tier = self._tier_for_score(score)
        return {"score": score, "tier": tier, "breakdown": breakdown, "outcome": (self.id, statuses)}

    def _tier_for_score(self, score):
        """The tier a score reaches on this profile's thresholds (A, B, C, else Off profile): the one definition of
        the tier thresholds (a distinct combination of statuses is scored once, so this runs a few times per
        batch, not per record)."""
        self.ensure_one()
        thresholds = ((self.threshold_a, "a"), (self.threshold_b, "b"), (self.threshold_c, "c"))
        return next((tier for threshold, tier in thresholds if score >= threshold), "off")
