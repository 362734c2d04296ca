# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import math
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from .crm_deal_health_signal import HEALTH_STATUSES, SEVERITY_POINTS

# Deal fields whose change can change the deal's health: the dependencies of the stored health (re-checked at the
# next flush, in one batch for every deal changed since the last one). Time passing, activities and messages are
# not fields of the deal: the nightly cron and the activity hooks mark the deals for a re-check.
HEALTH_TRIGGER_FIELDS = (
    "stage_id",
    "date_deadline",
    "date_deadline_push_count",
    "expected_revenue",
    "expected_revenue_high",
    "partner_id",
    "contact_ids",
    "type",
    "active",
    "probability",
    "won_status",
    "methodology_status_ids",
    "team_id",
    "strategy",
    "off_strategy_reason",
)
# The stored health of a deal, computed together by _compute_health.
HEALTH_FIELDS = (
    "health_status",
    "health_signal_ids",
    "health_signal_count",
    "health_risk_score",
    "health_measures",
)
#: Risk score: value counts on a log scale from this amount (company currency), lateness up to this many days
RISK_VALUE_UNIT = 1000.0
RISK_LATE_DAYS_MAX = 90
# Thresholds (Settings): ir.config_parameter key -> default
HEALTH_PARAMS = {
    "stage_days": 30,
    "close_push_count": 2,
    "close_overdue_days": 7,
    "gate_gap_days": 7,
    "min_contacts": 2,
    "inactive_days": 14,
    "amount_drop_percent": 10,
    "troubled_count": 3,
    "top_value_count": 5,
}
# Messages that count as activity on a deal: emails, logged notes/messages, and completed activities.
INTERACTION_MESSAGE_TYPES = ("comment", "email", "email_outgoing")


class CrmLead(models.Model):
    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    date_deadline_initial = fields.Date(
        "Original Expected Closing",
        readonly=True,
        copy=False,
        help="The first expected closing date given to the deal.",
    )
    date_deadline_push_count = fields.Integer(
        "Close Date Pushes",
        readonly=True,
        copy=False,
        help="How many times the expected closing date was moved later.",
    )
    expected_revenue_high = fields.Monetary(
        "Highest Expected Revenue",
        currency_field="company_currency",
        readonly=True,
        copy=False,
        help="The highest expected revenue the deal ever had: a drop from it is a health signal.",
    )
    health_status = fields.Selection(
        HEALTH_STATUSES,
        "Health",
        compute="_compute_health",
        store=True,
        readonly=True,
        copy=False,
        index=True,
        help="Open opportunities only. Troubled: a serious signal, or many signals; At Risk: at least one signal. "
        "Re-checked when the deal or its activities change, and every night (time passes).",
    )
    health_signal_ids = fields.Many2many(
        "crm.deal.health.signal",
        "crm_lead_deal_health_signal_rel",
        "lead_id",
        "signal_id",
        "Health Signals",
        compute="_compute_health",
        store=True,
        readonly=True,
        copy=False,
    )
    health_signal_count = fields.Integer(
        "Signals", compute="_compute_health", store=True, readonly=True, copy=False, aggregator="sum"
    )
    health_risk_score = fields.Float(
        "Risk Score",
        compute="_compute_health",
        store=True,
        readonly=True,
        copy=False,
        digits=(16, 1),
        aggregator="max",
        help="How much attention the deal needs, to rank the review board: the weight of its signals (Troubled 3, "
        "At risk 1, Watch 0.25) times its value (1 + log10(1 + expected revenue / 1,000)) times how late it is "
        "(1 + days past the expected closing / 30, up to 90 days). 0 for a deal that needs no attention.",
    )
    health_measures = fields.Json(
        compute="_compute_health",
        store=True,
        readonly=True,
        copy=False,
        help="Technical: what each signal of the deal measured at the last check, {signal code: measures} (see "
        "crm.deal.health.signal): the Health tab explains them without evaluating anything again.",
    )
    health_details = fields.Html("Health Check", compute="_compute_health_details", sanitize=False)
    is_top_value_in_stage = fields.Boolean(
        "Top Value in Stage",
        compute="_compute_is_top_value_in_stage",
        search="_search_is_top_value_in_stage",
        help="Among the highest expected revenues of the open opportunities of its stage (how many: Settings).",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(*HEALTH_TRIGGER_FIELDS)
    def _compute_health(self):
        """The stored health of open opportunities (others get none), from :meth:`_health_evaluate`.

        A stored compute, so that the ORM re-checks at the next flush, in one batch, every deal whose dependencies
        changed since the last one (core writes leads one at a time when it converts or assigns them: a re-check
        per write cost queries per lead). Computed as superuser (``compute_sudo``): health is a snapshot the system
        keeps, and a rep's save re-checks deals of colleagues it touches (an activity, say). Switched off: kept as
        it is."""
        if not self.env["sales.ecosystem.capability"]._is_enabled("health"):
            for lead in self:
                for fname in HEALTH_FIELDS:
                    lead[fname] = lead[fname]
            return
        evaluation = self._health_evaluate()
        signals = self.env["crm.deal.health.signal"]._get_active_by_code()
        troubled_count = self._health_get_params()["troubled_count"]
        Signal = self.env["crm.deal.health.signal"]
        today = fields.Date.context_today(self)
        # assigned once per distinct outcome: a many2many assigned record by record reads each record's relation
        groups = defaultdict(list)
        for lead in self:
            if not lead.id and lead._origin.id:
                # a form's onchange: the saved deal's health stands until it is saved and re-checked
                for fname in HEALTH_FIELDS:
                    lead[fname] = lead._origin[fname]
                continue
            found = evaluation.get(lead.id)
            if found is None:
                status, found_signals = False, Signal
            else:
                found_signals = Signal.union(*(signals[code] for code in found))
                # 'Watch' signals are shown, but do not make a deal need attention by themselves
                serious = found_signals.filtered(lambda signal: signal.severity != "info")
                if not serious:
                    status = "healthy"
                elif (troubled_count and len(serious) >= troubled_count) or any(
                    signal.severity == "critical" for signal in serious
                ):
                    status = "troubled"
                else:
                    status = "at_risk"
            lead.health_risk_score = lead._health_risk_score(status, found_signals, today)
            lead.health_measures = found or False
            groups[status, found_signals, bool(lead.id)].append(lead.id)
        for (status, found_signals, _saved), lead_ids in groups.items():
            leads = self.browse(lead_ids)
            leads.health_status = status
            leads.health_signal_ids = found_signals
            leads.health_signal_count = len(found_signals)

    @api.depends("health_status", "health_signal_ids", "health_measures")
    @api.depends_context("lang")
    def _compute_health_details(self):
        """Explain the stored signals from the measures their last check stored (``health_measures``), in the
        reader's language (``crm.deal.health.signal._health_explain``): no re-evaluation, no query beyond the
        deal's signals, so the form stays cheap to read; 'Re-check' refreshes them."""
        for lead in self:
            if not lead.health_status:
                lead.health_details = False
                continue
            measures = lead.health_measures or {}
            found = [
                (signal, signal._health_explain(measures.get(signal.code)))
                for signal in lead.health_signal_ids
            ]
            lead.health_details = lead._health_details_html(found)

    def _compute_is_top_value_in_stage(self):
        top_ids = set(self._search_top_value_ids()) if self.ids else set()
        for lead in self:
            lead.is_top_value_in_stage = lead.id in top_ids

    def _search_is_top_value_in_stage(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        return [("id", operator, self._search_top_value_ids())]

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    # crm.lead's create and write are in crm_lead_lifecycle.py (the one deal lifecycle): they call the steps below.
    # The health itself is a stored compute (``_compute_health``): the ORM re-checks it at the next flush, in one
    # batch, for every deal whose dependencies changed; nothing here re-writes it.

    def _health_after_create(self):
        """The first expected closing and the highest expected revenue, set once at creation."""
        for lead in self:
            # set once at creation: plain column values, no business write needed
            if lead.date_deadline:
                lead.date_deadline_initial = lead.date_deadline
            if lead.expected_revenue:
                lead.expected_revenue_high = lead.expected_revenue

    def _health_before_write(self, vals):
        """``{lead id: (expected closing, highest expected revenue)}`` before a write that changes either (empty:
        nothing to track). Health switched off: not called."""
        if "date_deadline" in vals or "expected_revenue" in vals:
            return {lead.id: (lead.date_deadline, lead.expected_revenue_high) for lead in self}
        return {}

    def _health_after_write(self, vals, old):
        """Count the close-date pushes and remember the highest expected revenue (see _health_before_write)."""
        if old:
            self._health_track_changes(old)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_health_refresh(self):
        self._health_recompute()
        return True

    # ------------------------------------------------------------
    # BUSINESS: tracking what core does not
    # ------------------------------------------------------------

    def _health_track_changes(self, old):
        """Count close-date pushes and remember the highest expected revenue, grouped into few writes."""
        updates = defaultdict(lambda: self.browse())
        for lead in self:
            old_deadline, old_high = old[lead.id]
            values = {}
            if lead.date_deadline and old_deadline and lead.date_deadline > old_deadline:
                values["date_deadline_push_count"] = lead.date_deadline_push_count + 1
            if lead.date_deadline and not lead.date_deadline_initial:
                values["date_deadline_initial"] = lead.date_deadline
            if lead.expected_revenue > (old_high or 0.0):
                values["expected_revenue_high"] = lead.expected_revenue
            if values:
                updates[tuple(sorted(values.items()))] |= lead
        for values, leads in updates.items():
            leads.write(dict(values))

    # ------------------------------------------------------------
    # BUSINESS: evaluation
    # ------------------------------------------------------------

    @api.model
    def _health_get_params(self):
        get_setting = self.env["sales.ecosystem.capability"]._get_setting
        result = {}
        for key, default in HEALTH_PARAMS.items():
            value = get_setting(f"health_{key}")
            result[key] = int(value) if value and value.lstrip("-").isdigit() else default
        return result

    def _health_is_open(self):
        self.ensure_one()
        return self.type == "opportunity" and self.active and self.won_status == "pending"

    def _health_evaluate(self):
        """Evaluate the active health signals on the open opportunities of ``self``, in batch: one call per signal
        (``crm.deal.health.signal._rule_eval_<code>``) on all the deals, the facts several signals read shared
        through one memo.

        :return: ``{lead id: {signal code: measures}}`` for open opportunities (the signals that flag the deal and
            what each measured, see ``crm.deal.health.signal``); other records are absent.
        The number of queries does not depend on the number of deals.
        """
        signals = self.env["crm.deal.health.signal"]._get_active_by_code()
        leads = self.filtered(lambda lead: lead.id and lead._health_is_open())
        result = {lead.id: {} for lead in leads}
        if not leads or not signals:
            return result
        # sudo: signal definitions are configuration every user's deal health is computed with (as
        # _get_active_by_code gives them)
        rules = self.env["crm.deal.health.signal"].sudo().union(*signals.values())
        outcomes = rules._rule_evaluate(leads, {})
        for signal in rules:
            for lead_id, measures in outcomes[signal.id].items():
                result[lead_id][signal.code] = measures
        return result

    def _health_risk_score(self, status, signals, today):
        """The deal's risk score (see the field's help): signals' weight x value x lateness; 0 when healthy."""
        self.ensure_one()
        if status not in ("at_risk", "troubled"):
            return 0.0
        points = sum(SEVERITY_POINTS.get(signal.severity, 1.0) for signal in signals)
        value = 1.0 + math.log10(1.0 + max(self.expected_revenue or 0.0, 0.0) / RISK_VALUE_UNIT)
        late_days = (
            (today - self.date_deadline).days if self.date_deadline and self.date_deadline < today else 0
        )
        lateness = 1.0 + min(late_days, RISK_LATE_DAYS_MAX) / 30.0
        return round(points * value * lateness, 1)

    def _health_days_in_stage(self, now):
        """Days each deal has spent in its current stage, from Odoo's stage duration tracking (time in the stage
        over all its visits), in one query. ``{lead id: days}``"""
        self.env["mail.tracking.value"].flush_model()
        self.env["mail.message"].flush_model(["model", "res_id"])
        field_id = self.env["ir.model.fields"]._get(self._name, self._track_duration_field).id
        rows = self.env.execute_query(
            SQL(
                """
                SELECT m.res_id, v.create_date, v.old_value_integer
                  FROM mail_tracking_value v
                  JOIN mail_message m ON m.id = v.mail_message_id
                 WHERE v.field_id = %(field_id)s AND m.model = %(model)s AND m.res_id = ANY(%(ids)s)
              ORDER BY v.id
                """,
                field_id=field_id,
                model=self._name,
                ids=self.ids,
            )
        )
        trackings = defaultdict(list)
        for res_id, create_date, old_value in rows:
            trackings[res_id].append({"create_date": create_date, "old_value_integer": old_value})
        result = {}
        for lead in self:
            durations = lead._get_duration_from_tracking(trackings.get(lead.id, []))
            result[lead.id] = int(durations.get(lead.stage_id.id, 0) // 86400)
        return result

    def _health_leads_with_open_activity(self):
        # sudo: a deal's next step counts whoever is assigned to it, even activities the user cannot see
        groups = (
            self.env["mail.activity"]
            .sudo()
            ._read_group([("res_model", "=", self._name), ("res_id", "in", self.ids)], ["res_id"])
        )
        return {res_id for (res_id,) in groups}

    def _health_last_interaction(self):
        """Date of the last email, logged note/message or completed activity of each deal, in one query."""
        self.env["mail.message"].flush_model(
            ["model", "res_id", "message_type", "mail_activity_type_id", "date"]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT res_id, MAX(date)
                  FROM mail_message
                 WHERE model = %(model)s AND res_id = ANY(%(ids)s)
                   AND (message_type IN %(types)s OR mail_activity_type_id IS NOT NULL)
              GROUP BY res_id
                """,
                model=self._name,
                ids=self.ids,
                types=INTERACTION_MESSAGE_TYPES,
            )
        )
        return dict(rows)

    def _health_mark_to_check(self):
        """Have the health of ``self`` re-checked at the next flush (or read), in one batch with every other deal
        marked or changed meanwhile: what activities and messages, which are not fields of the deal, call."""
        if not self or not self.env["sales.ecosystem.capability"]._is_enabled("health"):
            return
        for fname in HEALTH_FIELDS:
            self.env.add_to_compute(self._fields[fname], self)
        # the Health tab explains the values to come: read next, it reads them (and so has them re-checked) first
        self.invalidate_recordset(["health_details"], flush=False)

    def _health_recompute(self):
        """Re-check the health of ``self`` now (the cron, 'Re-check'); queries do not depend on the number of
        deals. Deals that are not open opportunities get no status."""
        if not self or not self.env["sales.ecosystem.capability"]._is_enabled("health"):
            return
        self._health_mark_to_check()
        self._recompute_recordset(HEALTH_FIELDS)

    @api.model
    def _cron_recompute_health(self, batch_size=2000):
        """Nightly: time passes (stage duration, close dates, inactivity), target lists and ICP change: re-check
        every open opportunity in batches, and clear the health of deals that closed."""
        if not self.env["sales.ecosystem.capability"]._is_enabled("health"):
            return
        domain = [
            "|",
            "&",
            "&",
            ("type", "=", "opportunity"),
            ("won_status", "=", "pending"),
            ("active", "=", True),
            ("health_status", "!=", False),
        ]
        ids = self.with_context(active_test=False).search(domain, order="id").ids
        for start in range(0, len(ids), batch_size):
            self.with_context(active_test=False).browse(ids[start : start + batch_size])._health_recompute()
            if self.env.context.get("ir_cron_progress_id"):
                # in the cron only: commit each batch so that a long run makes progress and can resume
                self.env["ir.cron"]._commit_progress(min(batch_size, len(ids) - start))

    def _search_top_value_ids(self):
        """Open opportunities ranked in the top N by expected revenue within their stage (and company)."""
        self.flush_model(["expected_revenue", "stage_id", "type", "won_status", "active", "company_id"])
        count = self._health_get_params()["top_value_count"]
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM (
                    SELECT id, ROW_NUMBER() OVER (
                               PARTITION BY company_id, stage_id ORDER BY expected_revenue DESC NULLS LAST, id
                           ) AS rank
                      FROM crm_lead
                     WHERE active AND type = 'opportunity' AND won_status = 'pending'
                ) ranked
                 WHERE rank <= %(count)s
                """,
                count=count,
            )
        )
        return [row[0] for row in rows]

    def _health_details_html(self, found):
        """``found``: [(crm.deal.health.signal, detail text)]"""
        if not found:
            return Markup(
                '<p class="text-success mb-0"><i class="fa fa-heartbeat me-1"/>%s</p>'
            ) % self.env._("No warning signal.")
        items = Markup()
        for signal, detail in found:
            css = {"critical": "text-danger", "warning": "text-warning"}.get(signal.severity, "text-muted")
            action = (
                Markup('<br/><span class="text-muted">%s %s</span>')
                % (self.env._("Suggested:"), signal.suggested_action)
                if signal.suggested_action
                else Markup()
            )
            items += Markup('<li><i class="fa fa-exclamation-triangle %s me-1"/><b>%s</b>: %s%s</li>') % (
                css,
                signal.name,
                detail,
                action,
            )
        return Markup('<ul class="list-unstyled mb-0">%s</ul>') % items
