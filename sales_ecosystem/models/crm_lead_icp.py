# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from .crm_icp_profile import ICP_TIER_RANK, ICP_TIERS
from .crm_icp_scored_mixin import _facts_from_row

STRATEGY = [("on", "On Strategy"), ("off", "Off Strategy"), ("none", "Not Assessed")]
OFF_STRATEGY_REASONS = [
    ("existing_customer", "Existing customer expansion"),
    ("new_segment", "Deliberate test of a new segment"),
    ("partner_referral", "Partner or referral commitment"),
    ("executive_request", "Executive request"),
    ("other", "Other (explain in the note)"),
]
STRATEGY_RULES = [
    ("list_or_tier", "On a target list, or ICP tier at least the minimum"),
    ("list_and_tier", "On a target list and ICP tier at least the minimum"),
    ("list", "On a target list"),
    ("tier", "ICP tier at least the minimum"),
]


#: The stable name the web client knows the Off-Strategy refusal by (``context['exception_class']``, the key of its
#: ``error_dialogs`` registry entry in static/src/js/off_strategy_dialog.js): not the Python path of the class, which
#: moves with the code.
OFF_STRATEGY_BLOCKED_ERROR_NAME = "sales_ecosystem.off_strategy_blocked"


class OffStrategyBlockedError(ValidationError):
    """An Off-Strategy deal moved past the first stage without a reason. A ValidationError for every server path
    (RPC, import, tests); the web client registers a dialog for it under :data:`OFF_STRATEGY_BLOCKED_ERROR_NAME`
    that lets the rep give the reason and retry the
    move (``context['sales_ecosystem_off_strategy']``: the refused deals and the stage they were moved to; deals
    refused at their creation do not exist after the refusal, and the reason dialog says so)."""

    def __init__(self, message, record_ids=(), stage_id=False):
        super().__init__(message)
        self.context = {
            "exception_class": OFF_STRATEGY_BLOCKED_ERROR_NAME,
            "sales_ecosystem_off_strategy": {
                "res_model": "crm.lead",
                "res_ids": list(record_ids),
                "stage_id": stage_id,
            },
        }


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.icp.scored.mixin", "sales.ecosystem.capability.mixin"]

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    account_partner_id = fields.Many2one(
        "res.partner",
        "Account",
        compute="_compute_account_partner_id",
        store=True,
        index=True,
        help="The commercial partner (company) of the deal's customer: what ICP and target lists look at.",
    )
    target_list_ids = fields.Many2many(
        "crm.target.list", compute="_compute_target_lists", string="Target Lists (today)"
    )
    is_on_target_list = fields.Boolean(
        "On a Target List", compute="_compute_target_lists", search="_search_is_on_target_list"
    )
    strategy = fields.Selection(
        STRATEGY,
        compute="_compute_strategy",
        store=True,
        tracking=True,
        index=True,
        help="On Strategy: the account fits the company's strategy (target list and/or ideal client profile, "
        "per the rule in Settings). Not Assessed: the company has no strategy for this deal yet (no ideal client "
        "profile applies to it, and its company has no active target list): nothing is required of it. Frozen once "
        "the deal is won or lost.",
    )
    is_off_strategy_manual = fields.Boolean(
        "Marked Off Strategy",
        tracking=True,
        copy=False,
        help="Set by the rep: the deal is Off Strategy whatever the rule computes (the account fits on paper but "
        "not in fact). Needs an Off-Strategy Reason.",
    )
    off_strategy_reason = fields.Selection(
        OFF_STRATEGY_REASONS,
        compute="_compute_off_strategy_reason",
        store=True,
        readonly=False,
        tracking=True,
        help="Why the company pursues this Off-Strategy deal. Required to move it past the first stage. Cleared "
        "(and the change logged) when the deal turns On Strategy.",
    )
    off_strategy_note = fields.Text(
        "Off-Strategy Note", compute="_compute_off_strategy_reason", store=True, readonly=False
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("partner_id.commercial_partner_id")
    def _compute_account_partner_id(self):
        for lead in self:
            lead.account_partner_id = lead.partner_id.commercial_partner_id

    @api.depends(
        "account_partner_id.industry_id",
        "account_partner_id.employee_count",
        "account_partner_id.annual_revenue",
        "account_partner_id.country_id",
        "account_partner_id.state_id",
        "account_partner_id.category_id",
        "country_id",
        "state_id",
        "team_id",
        "company_id",
        "tag_ids",
        "type",
    )
    def _compute_icp(self):
        self._icp_compute()

    @api.depends(
        "account_partner_id", "company_id", "team_id"
    )  # and today's date: not stored, computed at each read
    def _compute_target_lists(self):
        lists_by_lead = self._get_target_lists_on()
        for lead in self:
            lists = lists_by_lead[lead.id]
            lead.target_list_ids = lists
            lead.is_on_target_list = bool(lists)

    def _search_is_on_target_list(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Operation not supported"))
        today = fields.Date.context_today(self)
        # the SQL below reads these columns: the ORM does not know it (a custom domain), so flush them here
        self.flush_model(["account_partner_id", "company_id", "team_id"])

        def to_sql(model, alias, query):
            return self.env["crm.target.list.line"]._membership_exists_sql(
                SQL.identifier(alias, "account_partner_id"),
                SQL("%s::date", today),
                SQL.identifier(alias, "company_id"),
                SQL.identifier(alias, "team_id"),
            )

        domain = Domain.custom(to_sql=to_sql, predicate=lambda lead: lead.is_on_target_list)
        return domain if (operator == "=") == value else ~domain

    def _get_target_lists_on(self, date_by_lead=None):
        """Target lists covering each deal's account on a date (default: today), for the deal's company and team:
        the one definition of membership (``crm_icp_target_list_line.MEMBERSHIP_CONDITIONS``). One query.

        :return: {lead id: crm.target.list recordset}
        """
        today = fields.Date.context_today(self)
        key_by_lead = {
            lead.id: (
                lead.account_partner_id.id,
                (date_by_lead or {}).get(lead.id, today),
                lead.company_id.id,
                lead.team_id.id,
            )
            for lead in self
        }
        lists = self.env["crm.target.list"]._get_lists_by_scope(key_by_lead.values())
        return {lead_id: lists[key] for lead_id, key in key_by_lead.items()}

    @api.depends(
        "icp_tier",
        "icp_profile_id",
        "company_id",
        "account_partner_id",
        "account_partner_id.target_list_line_ids.date_from",
        "account_partner_id.target_list_line_ids.date_to",
        "account_partner_id.target_list_line_ids.list_date_from",
        "account_partner_id.target_list_line_ids.list_date_to",
        "account_partner_id.target_list_line_ids.list_active",
        "account_partner_id.target_list_line_ids.company_id",
        "account_partner_id.target_list_line_ids.list_team_id",
        "company_id",
        "team_id",
        "won_status",
        "type",
        "is_off_strategy_manual",
    )
    def _compute_strategy(self):
        if not self.env["sales.ecosystem.capability"]._is_enabled("icp"):
            # switched off: kept as they are (new deals: not assessed) until switched on again
            for lead in self:
                lead.strategy = lead.strategy or "none"
            return
        rule, min_rank = self._get_strategy_rule()
        open_leads = self.filtered(lambda lead: lead.won_status not in ("won", "lost") or not lead.strategy)
        list_companies = self.env["crm.target.list"]._get_companies_with_active_lists()
        default_company_id = self.env.company.id
        # the membership query only for deals of companies that have a list (none at all: no query)
        lists_by_lead = open_leads.filtered(
            lambda lead: (lead.company_id.id or default_company_id) in list_companies
        )._get_target_lists_on()
        for lead in self - open_leads:
            lead.strategy = lead.strategy  # won or lost: the strategy at closing is kept for reporting
        for lead in open_leads:
            if lead.is_off_strategy_manual:
                lead.strategy = "off"  # the rep's call (with a reason): whatever the rule computes
                continue
            # only the parts of the strategy that exist for the deal count: an active target list of its company,
            # an ideal client profile that applies to it
            tests = {}
            if (lead.company_id.id or default_company_id) in list_companies:
                tests["list"] = bool(lists_by_lead.get(lead.id))
            if lead.icp_profile_id:
                tests["tier"] = ICP_TIER_RANK.get(lead.icp_tier, -1) >= min_rank
            if rule in ("list", "tier"):
                tests = {rule: tests[rule]} if rule in tests else {}
            if not tests:
                lead.strategy = "none"
            elif rule == "list_and_tier":
                lead.strategy = "on" if all(tests.values()) else "off"
            else:
                lead.strategy = "on" if any(tests.values()) else "off"

    @api.depends("strategy")
    def _compute_off_strategy_reason(self):
        """A reason is only for Off-Strategy deals: once a deal turns On Strategy its reason and note are cleared
        (the reason's tracking logs it in the chatter), so that a stale reason never lingers."""
        for lead in self:
            if lead.strategy == "on" and lead.won_status not in ("won", "lost"):
                lead.off_strategy_reason = False
                lead.off_strategy_note = False
            else:
                lead.off_strategy_reason = lead.off_strategy_reason
                lead.off_strategy_note = lead.off_strategy_note

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("is_off_strategy_manual", "off_strategy_reason")
    def _check_off_strategy_manual(self):
        for lead in self:
            if lead.is_off_strategy_manual and not lead.off_strategy_reason:
                raise ValidationError(
                    self.env._(
                        "Deal '%(deal)s': give an Off-Strategy Reason to mark it Off Strategy.",
                        deal=lead.name,
                    )
                )

    @api.constrains("off_strategy_reason", "off_strategy_note")
    def _check_off_strategy_note(self):
        for lead in self:
            if lead.off_strategy_reason == "other" and not (lead.off_strategy_note or "").strip():
                raise ValidationError(
                    self.env._(
                        "Deal '%(deal)s': explain the Off-Strategy reason 'Other' in the Off-Strategy Note.",
                        deal=lead.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    # crm.lead's create and write are in crm_lead_lifecycle.py (the one deal lifecycle): they call
    # _check_off_strategy_reason (created deals) and _strategy_check_after_write (written deals).

    def _strategy_check_after_write(self, vals):
        """The Off-Strategy reason rule, after a write that may move a deal past the first stage or change it."""
        if {"stage_id", "off_strategy_reason", "partner_id", "type", "team_id"} & set(vals):
            self._check_off_strategy_reason()

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_mark_off_strategy(self):
        """The deal form's 'Mark Off Strategy': the reason dialog, marking the deal Off Strategy by hand."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_ecosystem.crm_off_strategy_wizard_action"
        )
        action["context"] = {"default_lead_ids": self.ids, "default_mark_off": True}
        return action

    def action_unmark_off_strategy(self):
        """Back to the strategy rule's verdict (an On-Strategy outcome clears the reason)."""
        self.write({"is_off_strategy_manual": False})
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _get_strategy_rule(self):
        get_setting = self.env["sales.ecosystem.capability"]._get_setting
        rule = get_setting("strategy_rule") or "list_or_tier"
        min_tier = get_setting("strategy_min_tier") or "a"
        return rule, ICP_TIER_RANK.get(min_tier, ICP_TIER_RANK["a"])

    @api.model
    def _strategy_exists(self):
        """Whether any deal can be On or Off Strategy at all: an ICP profile or an active target list exists
        (registry-cached lookups: no query once warm). Nothing configured: every deal is Not Assessed."""
        return bool(
            self.env["crm.icp.profile"]._get_profile_ids_by_scope()
            or self.env["crm.target.list"]._get_companies_with_active_lists()
        )

    def _get_first_stage_sequences(self):
        """Lowest stage sequence of each team's pipeline ({team_id or False: sequence}), from the registry-cached
        pipeline order (no query). A deal without a team is in the pipeline of the stages of no team (as crm places
        it), or of every stage when all stages belong to teams."""
        order = self.env["crm.stage"]._se_pipeline_order()
        result = {}
        for team_id in {*self.team_id.ids, False}:
            sequences = [
                sequence for _stage_id, sequence, team_ids in order if not team_ids or team_id in team_ids
            ]
            if not sequences and not team_id:
                sequences = [sequence for _stage_id, sequence, _team_ids in order]
            result[team_id] = min(sequences, default=0)
        return result

    def _icp_scope_facts(self):
        """See ``crm.icp.scored.mixin``: a deal is scored with its account's data, completed by its own address."""
        lead_ids = [lead_id for lead_id in self._ids if lead_id]
        if not lead_ids:
            return {}
        self.flush_model(["company_id", "team_id", "account_partner_id", "country_id", "state_id"])
        # Raw SQL, measured faster than ORM reads (see _icp_compute). No record rules on purpose, as with a sudo:
        # a score must not depend on who triggers its recompute.
        rows = self.env.execute_query(
            SQL(
                """SELECT lead.id, lead.company_id, lead.team_id, lead.account_partner_id, lead.country_id,
                          lead.state_id, %(account_facts)s
                     FROM crm_lead lead
                LEFT JOIN res_partner account ON account.id = lead.account_partner_id
                    WHERE lead.id = ANY(%(ids)s)""",
                account_facts=self._icp_account_facts_sql("account"),
                ids=lead_ids,
            )
        )
        return {
            row[0]: (row[1], row[2] or False, _facts_from_row(row[3], row[0], row[4], row[5], row[6:]))
            for row in rows
        }

    def _check_off_strategy_reason(self):
        """An Off-Strategy opportunity moves past the first stage only with a reason (server-side rule)."""
        if not self.env["sales.ecosystem.capability"]._is_enabled("icp"):
            return
        # Cheap tests first (cached stage order, fields in cache): the strategy and the reason, stored computes that
        # may still be pending (the reason depends on the strategy, the strategy on crm's won status and so on its
        # probability), are only read for the deals the rule could block, so that ordinary writes of leads and of
        # first-stage deals (conversions, assignment: one write per deal) leave their computation to the next
        # flush, batched.
        leads = self.filtered(lambda lead: lead.type == "opportunity")
        if not leads or not self._strategy_exists():
            return
        first_by_team = leads._get_first_stage_sequences()
        leads = leads.filtered(
            lambda lead: (
                lead.stage_id.sequence > first_by_team.get(lead.team_id.id or False, 0)
                or lead.stage_id.is_won
            )
        )
        blocked = leads.filtered(lambda lead: not lead.off_strategy_reason and lead.strategy == "off")
        if blocked:
            explanation = blocked._off_strategy_explanation()
            lines = [
                self.env._("%(deal)s: %(why)s", deal=lead.display_name, why=explanation[lead.id])
                for lead in blocked
            ]
            raise OffStrategyBlockedError(
                self.env._(
                    "Off Strategy: give an Off-Strategy Reason before moving these deals past the first stage.\n"
                    "%(lines)s",
                    lines="\n".join(lines),
                ),
                blocked.ids,
                blocked[:1].stage_id.id,
            )

    def _off_strategy_explanation(self):
        """Why each deal of ``self`` is Off Strategy, in words that match the rule's outcome: marked by hand, not on
        a target list, ICP tier below the minimum, or ICP fit unknown (insufficient data). {lead id: text}"""
        _ = self.env._
        rule, min_rank = self._get_strategy_rule()
        tier_labels = dict(ICP_TIERS)
        min_tier = next((tier for tier, rank in ICP_TIER_RANK.items() if rank == min_rank), "a")
        list_companies = self.env["crm.target.list"]._get_companies_with_active_lists()
        default_company_id = self.env.company.id
        lists_by_lead = self._get_target_lists_on()
        result = {}
        for lead in self:
            if lead.is_off_strategy_manual:
                result[lead.id] = _("marked Off Strategy by hand")
                continue
            reasons = []
            if rule != "tier" and (lead.company_id.id or default_company_id) in list_companies:
                if not lists_by_lead.get(lead.id):
                    reasons.append(_("its account is not on an active target list"))
            if rule != "list" and lead.icp_profile_id:
                if lead.icp_tier == "insufficient":
                    reasons.append(
                        _(
                            "its ICP fit is unknown: the account's data is insufficient (complete it to score it)"
                        )
                    )
                elif ICP_TIER_RANK.get(lead.icp_tier, -1) < min_rank:
                    reasons.append(
                        _(
                            "its ICP tier (%(tier)s) is below the minimum (%(minimum)s)",
                            tier=tier_labels.get(lead.icp_tier, "-"),
                            minimum=tier_labels[min_tier],
                        )
                    )
            result[lead.id] = _(" and ").join(reasons) or _("it does not meet the strategy rule")
        return result

    @api.model
    def _cron_refresh_strategy(self):
        """Target lists have validity dates: refresh the strategy of open opportunities every day."""
        if not self.env["sales.ecosystem.capability"]._is_enabled("icp"):
            return
        leads = self.search([("type", "=", "opportunity"), ("won_status", "=", "pending")])
        for fname in ("strategy",):
            self.env.add_to_compute(self._fields[fname], leads)
        leads.flush_recordset(["strategy"])
