# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models, tools

#: prefixes of the method explaining a signal's measures on a deal, and of a fact several signals read
HEALTH_EXPLAIN_PREFIX = "_health_explain_"
HEALTH_FACT_PREFIX = "_health_fact_"

HEALTH_STATUSES = [
    ("healthy", "Healthy"),
    ("at_risk", "At Risk"),
    ("troubled", "Troubled"),
]
HEALTH_SIGNALS = [
    ("stuck", "Stuck in stage"),
    ("no_next_step", "No next step"),
    ("close_overdue", "Close date in the past"),
    ("close_pushed", "Close date pushed"),
    ("gate_gap", "Next gate unmet"),
    ("off_strategy", "Off strategy / off ICP"),
    ("single_threaded", "Single-threaded"),
    ("inactive", "No recent activity"),
    ("amount_down", "Amount reduced"),
    ("no_advance", "No advance in recent meetings"),
]

SIGNAL_SEVERITIES = [("info", "Watch"), ("warning", "At risk"), ("critical", "Troubled")]
#: Weight of a signal in a deal's risk score (see crm.lead ``_health_risk_score``)
SEVERITY_POINTS = {"info": 0.25, "warning": 1.0, "critical": 3.0}


class CrmDealHealthSignal(models.Model):
    """A deal-health signal: what it measures, its threshold, its explanation, how serious it is and what to do.

    A rule of ``sales.ecosystem.rule.mixin`` whose kind is its ``code`` (one record per code, from
    ``data/crm_deal_health_data.xml``: admins rename them, deactivate them, set their severity and the suggested action;
    thresholds live in Settings). Each code is defined once, here, by two methods:

    - ``_rule_eval_<code>(self, leads, memo)``: what the signal measures and its threshold. Called once per
      evaluation on all the open opportunities checked (``crm.lead._health_evaluate``), never per deal; returns
      ``{signal id: {lead id: measures}}`` for the deals it flags, ``measures`` a small JSON-able dict of what was
      measured (numbers, strings, ISO dates: days, stage name, limit, ...). The deals keep them in
      ``health_measures``. Facts several signals read (thresholds, days in stage, open activities, last
      interaction, ...) are read once per evaluation through :meth:`_health_fact` (kept in ``memo``), so the
      queries do not depend on the number of deals.
    - ``_health_explain_<code>(self, measures)``: the translated one-line explanation of those measures, in the
      language of ``self.env`` (the reader's): the deal's Health tab (``crm.lead.health_details``) shows it from the
      stored measures, without evaluating anything again (the names in the measures, a stage's say, are as the
      check read them).

    A dependent addon adds a signal with ``selection_add`` on ``code`` (``ondelete`` included), a data record for
    it, its ``_rule_eval_<code>`` and its ``_health_explain_<code>``, in an ``_inherit`` of this model
    (``models/crm_lead_conversation.py`` keeps ``no_advance``'s two methods that way, next to the debriefs it reads);
    a fact of its own is a ``_health_fact_<name>(self, leads, memo)`` method. A signal code without its
    ``_rule_eval_<code>`` is reported by ``_rule_check_kinds``."""

    _name = "crm.deal.health.signal"
    _description = "Deal Health Signal"
    _inherit = ["sales.ecosystem.rule.mixin", "crm.cache.mixin"]
    _order = "sequence, id"
    _rule_kind_field = "code"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(HEALTH_SIGNALS, required=True, readonly=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    severity = fields.Selection(
        SIGNAL_SEVERITIES,
        required=True,
        default="warning",
        help="A deal with a 'Troubled' signal is troubled; with only 'At risk' signals it is at risk, unless it has "
        "as many of them as the troubled count set in Settings. A 'Watch' signal is shown on the deal but does not "
        "make it need attention by itself (common early in a deal: one contact, no activity planned yet).",
    )
    suggested_action = fields.Char(
        translate=True,
        help="What the rep or manager should do about it, shown on the deal and the review board.",
    )
    description = fields.Text(translate=True)
    color = fields.Integer(compute="_compute_color")

    _code_uniq = models.Constraint("UNIQUE(code)", "Each deal-health signal exists once.")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("severity")
    def _compute_color(self):
        for signal in self:
            signal.color = {"critical": 1, "warning": 2}.get(signal.severity, 0)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model
    def _registry_cache_fields(self):
        # _get_active_ids_by_code
        return super()._registry_cache_fields() | {"code", "active"}

    @api.model
    def _registry_cached_lookups(self):
        return super()._registry_cached_lookups() | {"_get_active_ids_by_code"}

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _get_active_by_code(self):
        """{code: signal} of the active signals, as superuser: signal definitions are configuration every user's
        deal health is computed with. From the registry's cache (:meth:`_get_active_ids_by_code`)."""
        # sudo: signal definitions are configuration every user's deal health is computed with
        Signal = self.sudo()
        return {code: Signal.browse(signal_id) for code, signal_id in self._get_active_ids_by_code().items()}

    @api.model
    @tools.ormcache()
    def _get_active_ids_by_code(self):
        """{code: id} of the active signals, cached by the registry (cleared when a signal is created, deleted,
        archived or restored). Never mutate the result."""
        # sudo: see _get_active_by_code
        signals = self.sudo().with_context(active_test=True).search_fetch([], ["code"])
        return {signal.code: signal.id for signal in signals}

    @api.model
    def _health_fact(self, name, leads, memo):
        """A fact several signals of one evaluation read, read once: ``memo[name]``, from
        ``_health_fact_<name>(leads, memo)`` the first time a signal asks for it (``leads``: the deals evaluated)."""
        if name not in memo:
            memo[name] = getattr(self, f"{HEALTH_FACT_PREFIX}{name}")(leads, memo)
        return memo[name]

    def _health_explain(self, measures):
        """The translated one-line explanation of what this signal measured on a deal, in the language of
        ``self.env``, from the ``measures`` its evaluation stored (``_health_explain_<code>``). ``None``: the deal
        was checked before its measures were kept (an upgraded database): a hint to re-check. No query."""
        self.ensure_one()
        if measures is None:
            return self.env._("Not measured yet: press Re-check to see the figures.")
        explain = getattr(self, f"{HEALTH_EXPLAIN_PREFIX}{self.code}", None)
        return explain(measures) if explain else ""

    # ------------------------------------------------------------
    # BUSINESS: facts several signals read (``_health_fact``), one query each at most, for all the deals
    # ------------------------------------------------------------

    @api.model
    def _health_fact_params(self, leads, memo):
        """The thresholds of Settings (``HEALTH_PARAMS``), read once."""
        return leads._health_get_params()

    @api.model
    def _health_fact_now(self, leads, memo):
        """The transaction's time: every signal measures at the same instant."""
        return self.env.cr.now()

    @api.model
    def _health_fact_today(self, leads, memo):
        return fields.Date.context_today(leads)

    @api.model
    def _health_fact_days_in_stage(self, leads, memo):
        """``{lead id: days}`` in the current stage, from Odoo's stage tracking (one query)."""
        return leads._health_days_in_stage(self._health_fact("now", leads, memo))

    @api.model
    def _health_fact_open_activity_ids(self, leads, memo):
        """Ids of the deals with a planned activity (one query)."""
        return leads._health_leads_with_open_activity()

    @api.model
    def _health_fact_last_touch(self, leads, memo):
        """``{lead id: datetime}`` of the last email, note or completed activity (one query)."""
        return leads._health_last_interaction()

    # ------------------------------------------------------------
    # BUSINESS: one method per signal (sales.ecosystem.rule.mixin): {signal id: {lead id: measures}}, and its
    # explanation of the measures
    # ------------------------------------------------------------

    def _health_flagged(self, flagged):
        """The outcome of the signals ``self`` (one per code): the same flagged deals for each."""
        return dict.fromkeys(self.ids, flagged)

    def _rule_eval_stuck(self, leads, memo):
        """More days in the current stage (over all its visits: Odoo's stage tracking) than the stage's limit
        ("Days to rot"), else the default of Settings."""
        params = self._health_fact("params", leads, memo)
        days_in_stage = self._health_fact("days_in_stage", leads, memo)
        flagged = {}
        for lead in leads:
            days = days_in_stage.get(lead.id, 0)
            limit = lead.stage_id.rotting_threshold_days or params["stage_days"]
            if limit and days > limit:
                flagged[lead.id] = {"days": days, "stage": lead.stage_id.name or "", "limit": limit}
        return self._health_flagged(flagged)

    def _health_explain_stuck(self, measures):
        return self.env._(
            "%(days)s days in %(stage)s (limit %(limit)s)",
            days=measures.get("days", 0),
            stage=measures.get("stage") or "-",
            limit=measures.get("limit", 0),
        )

    def _rule_eval_no_next_step(self, leads, memo):
        """No activity planned on the deal (whoever it is assigned to)."""
        planned = self._health_fact("open_activity_ids", leads, memo)
        return self._health_flagged({lead.id: {} for lead in leads if lead.id not in planned})

    def _health_explain_no_next_step(self, measures):
        return self.env._("No activity is planned")

    def _rule_eval_close_overdue(self, leads, memo):
        """The expected closing is more days in the past than Settings allow."""
        limit = self._health_fact("params", leads, memo)["close_overdue_days"]
        today = self._health_fact("today", leads, memo)
        flagged = {}
        for lead in leads:
            if lead.date_deadline and (today - lead.date_deadline).days > limit:
                flagged[lead.id] = {
                    "date": fields.Date.to_string(lead.date_deadline),
                    "days": (today - lead.date_deadline).days,
                    "limit": limit,
                }
        return self._health_flagged(flagged)

    def _health_explain_close_overdue(self, measures):
        return self.env._("Expected closing was %(date)s", date=measures.get("date") or "-")

    def _rule_eval_close_pushed(self, leads, memo):
        """The expected closing was moved later at least as many times as Settings say (0: never flagged)."""
        limit = self._health_fact("params", leads, memo)["close_push_count"]
        flagged = {}
        if limit:
            for lead in leads:
                if lead.date_deadline_push_count >= limit:
                    flagged[lead.id] = {
                        "count": lead.date_deadline_push_count,
                        "first": fields.Date.to_string(lead.date_deadline_initial) or None,
                        "limit": limit,
                    }
        return self._health_flagged(flagged)

    def _health_explain_close_pushed(self, measures):
        return self.env._(
            "Close date pushed %(count)s times (first: %(date)s)",
            count=measures.get("count", 0),
            date=measures.get("first") or "-",
        )

    def _rule_eval_gate_gap(self, leads, memo):
        """Blocking requirements to enter the next stage still unmet after the days in stage Settings allow (one
        batched gate evaluation for the deals in their stage that long)."""
        limit = self._health_fact("params", leads, memo)["gate_gap_days"]
        days_in_stage = self._health_fact("days_in_stage", leads, memo)
        gated = leads.filtered(lambda lead: days_in_stage.get(lead.id, 0) >= limit)
        flagged = {}
        if gated:
            for lead_id, unmet in gated._gate_evaluate(severity="blocking").items():
                if unmet:
                    flagged[lead_id] = {
                        "stage": unmet[:1].gate_id.stage_id.name or "",
                        "missing": unmet.mapped("name"),
                    }
        return self._health_flagged(flagged)

    def _health_explain_gate_gap(self, measures):
        return self.env._(
            "To enter %(stage)s: %(missing)s",
            stage=measures.get("stage") or "-",
            missing=", ".join(measures.get("missing") or ()),
        )

    def _rule_eval_off_strategy(self, leads, memo):
        """Off Strategy and nobody said why. An On-Strategy deal (on a target list, say) is never flagged for its
        ICP tier alone; an Off-Strategy deal with a reason is pursued on purpose; nor a deal Off only for want of
        ICP data (its fit is unknown, not poor: the strategy screens and the move refusal still say so)."""
        strategy_rule = leads._get_strategy_rule()[0]
        flagged = {
            lead.id: {"icp_tier": lead.icp_tier or None}
            for lead in leads
            if lead.strategy == "off"
            and not lead.off_strategy_reason
            and not (lead.icp_tier == "insufficient" and strategy_rule != "list")
        }
        return self._health_flagged(flagged)

    def _health_explain_off_strategy(self, measures):
        if measures.get("icp_tier") == "off":
            return self.env._("Off Strategy (ICP tier: Off profile)")
        return self.env._("Off Strategy")

    def _rule_eval_single_threaded(self, leads, memo):
        """Fewer people involved (the deal's contact and buying committee, companies aside) than Settings ask for
        (0: never flagged)."""
        limit = self._health_fact("params", leads, memo)["min_contacts"]
        flagged = {}
        if limit:
            # the people of every deal read at once (each deal's are then taken from memory)
            (leads.partner_id | leads.contact_ids).fetch(["is_company"])
            for lead in leads:
                people = lead._get_deal_contacts().filtered(lambda partner: not partner.is_company)
                if len(people) < limit:
                    flagged[lead.id] = {"contacts": len(people), "limit": limit}
        return self._health_flagged(flagged)

    def _health_explain_single_threaded(self, measures):
        return self.env._("%(count)s contact(s) involved", count=measures.get("contacts", 0))

    def _rule_eval_inactive(self, leads, memo):
        """No email, logged note or completed activity (else since its creation) for the days Settings say (0:
        never flagged)."""
        limit = self._health_fact("params", leads, memo)["inactive_days"]
        flagged = {}
        if limit:
            now = self._health_fact("now", leads, memo)
            last_touch = self._health_fact("last_touch", leads, memo)
            for lead in leads:
                touched = last_touch.get(lead.id) or lead.create_date or now
                idle = (now - touched).days
                if idle >= limit:
                    flagged[lead.id] = {"days": idle, "limit": limit}
        return self._health_flagged(flagged)

    def _health_explain_inactive(self, measures):
        return self.env._("No activity for %(days)s days", days=measures.get("days", 0))

    def _rule_eval_amount_down(self, leads, memo):
        """The expected revenue fell below its highest value by more than the share Settings say."""
        percent = self._health_fact("params", leads, memo)["amount_drop_percent"]
        flagged = {
            lead.id: {"amount": lead.expected_revenue, "high": lead.expected_revenue_high, "limit": percent}
            for lead in leads
            if lead.expected_revenue_high
            and lead.expected_revenue < lead.expected_revenue_high * (1 - percent / 100.0)
        }
        return self._health_flagged(flagged)

    def _health_explain_amount_down(self, measures):
        return self.env._(
            "Expected revenue %(now)s, was %(high)s",
            now=measures.get("amount", 0.0),
            high=measures.get("high", 0.0),
        )
