# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .crm_deal_health_signal import HEALTH_STATUSES

REVIEW_DECISIONS = [
    ("keep", "Keep"),
    ("push", "Push"),
    ("extra_resources", "Extra Resources"),
    ("deresource", "De-resource"),
    ("disqualify", "Disqualify"),
]
GROUP_MANAGER = "sales_ecosystem.group_sales_ecosystem_manager"
GROUP_ADMIN = "sales_ecosystem.group_sales_ecosystem_admin"


class CrmDealReviewDecision(models.Model):
    """What a manager decided about a flagged deal during a pipeline review. Decisions are a log: they are applied
    to the deal when recorded and cannot be changed afterwards (administrators excepted)."""

    _name = "crm.deal.review.decision"
    _description = "Deal Review Decision"
    _order = "date desc, id desc"
    _rec_name = "lead_id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    lead_id = fields.Many2one("crm.lead", "Deal", required=True, ondelete="cascade", index=True)
    review_id = fields.Many2one("crm.deal.review", "Pipeline Review", ondelete="set null", index=True)
    user_id = fields.Many2one(
        "res.users",
        "Decided By",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
        index=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    decision = fields.Selection(REVIEW_DECISIONS, required=True, default="keep")
    date_deadline_new = fields.Date(
        "New Expected Closing",
        help="Push: the deal's new expected closing date (counts as a close-date push).",
    )
    date_deadline_old = fields.Date("Previous Expected Closing", readonly=True)
    resource_user_ids = fields.Many2many(
        "res.users",
        "crm_deal_review_decision_resource_rel",
        "decision_id",
        "user_id",
        "Extra Resources",
        help="Extra resources: the people who join the deal (followers, each with a To-Do).",
    )
    lost_reason_id = fields.Many2one("crm.lost.reason", ondelete="restrict")
    note = fields.Text(help="Why: mandatory to de-resource or disqualify a deal.")
    health_status = fields.Selection(HEALTH_STATUSES, "Health at Decision", readonly=True)
    health_signal_ids = fields.Many2many(
        "crm.deal.health.signal",
        "crm_deal_review_decision_signal_rel",
        "decision_id",
        "signal_id",
        "Signals at Decision",
        readonly=True,
    )
    salesperson_id = fields.Many2one(related="lead_id.user_id", store=True, string="Salesperson", index=True)
    team_id = fields.Many2one(related="lead_id.team_id", store=True, string="Sales Team")
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    expected_revenue = fields.Monetary(
        related="lead_id.expected_revenue", currency_field="company_currency", string="Expected Revenue"
    )
    company_currency = fields.Many2one(related="lead_id.company_currency")
    decision_count = fields.Integer("Decisions", default=1, readonly=True, aggregator="sum")

    # ------------------------------------------------------------
    # CONSTRAINTS AND ONCHANGES
    # ------------------------------------------------------------

    @api.constrains("decision", "date_deadline_new", "resource_user_ids", "note")
    def _check_decision_details(self):
        _ = self.env._
        for decision in self:
            deal = decision.lead_id.name
            if decision.decision == "push" and not decision.date_deadline_new:
                raise ValidationError(
                    _("Decision on %(deal)s: pushing the deal needs a New Expected Closing date.", deal=deal)
                )
            if decision.decision == "extra_resources" and not decision.resource_user_ids:
                raise ValidationError(
                    _("Decision on %(deal)s: choose who joins the deal (Extra Resources).", deal=deal)
                )
            if decision.decision in ("deresource", "disqualify") and not (decision.note or "").strip():
                raise ValidationError(
                    _(
                        "Decision on %(deal)s: a Note is mandatory to %(decision)s the deal.",
                        deal=deal,
                        decision=dict(self._fields["decision"]._description_selection(self.env))[
                            decision.decision
                        ].lower(),
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # Access rights already refuse reps; this gives them a clear message, also for sudo() callers acting for
        # a user.
        if not (self.env.su or self.env.user.has_group(GROUP_MANAGER)):
            raise AccessError(self.env._("Only sales managers can record a review decision on a deal."))
        Lead = self.env["crm.lead"]
        for vals in vals_list:
            # the deal may come from the context ('Decide' buttons) rather than the values
            lead = Lead.browse(vals.get("lead_id") or self.env.context.get("default_lead_id"))
            if not lead.exists():
                continue
            # the deal as the manager saw it when deciding
            vals.setdefault("health_status", lead.health_status)
            vals.setdefault("health_signal_ids", [Command.set(lead.health_signal_ids.ids)])
            vals.setdefault("date_deadline_old", lead.date_deadline)
            if vals.get("decision") == "push" and vals.get("date_deadline_new") and lead.date_deadline:
                new = fields.Date.to_date(vals["date_deadline_new"])
                if new <= lead.date_deadline:
                    raise ValidationError(
                        self.env._(
                            "Decision on %(deal)s: the New Expected Closing (%(new)s) must be later than the "
                            "current one (%(old)s) to push the deal.",
                            deal=lead.name,
                            new=fields.Date.to_string(new),
                            old=fields.Date.to_string(lead.date_deadline),
                        )
                    )
        decisions = super().create(vals_list)
        decisions._apply_to_deals()
        return decisions

    def write(self, vals):
        if not (self.env.su or self.env.user.has_group(GROUP_ADMIN)):
            raise UserError(
                self.env._(
                    "Review decisions are a log: %(deals)s cannot be changed once recorded. Record a new decision "
                    "instead.",
                    deals=", ".join(self.mapped("lead_id.name")),
                )
            )
        return super().write(vals)

    def unlink(self):
        if not (self.env.su or self.env.user.has_group(GROUP_ADMIN)):
            raise UserError(self.env._("Only Sales Ecosystem administrators can delete review decisions."))
        return super().unlink()

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _apply_to_deals(self):
        """Apply each decision to its deal (as the deciding manager) and log it in the deal's chatter."""
        _ = self.env._
        for decision in self:
            lead = decision.lead_id
            if decision.decision == "push":
                lead.write({"date_deadline": decision.date_deadline_new})
            elif decision.decision == "extra_resources":
                lead.message_subscribe(partner_ids=decision.resource_user_ids.partner_id.ids)
                for user in decision.resource_user_ids:
                    lead.activity_schedule(
                        "mail.mail_activity_data_todo",
                        user_id=user.id,
                        summary=_("Help on %(deal)s (pipeline review)", deal=lead.name),
                        note=decision.note or "",
                    )
                if lead.is_deresourced:
                    lead.write({"is_deresourced": False})
            elif decision.decision == "deresource":
                lead.write({"is_deresourced": True, "priority": "0"})
            elif decision.decision == "disqualify":
                lead.action_set_lost(lost_reason_id=decision.lost_reason_id.id)
            lead.message_post(
                body=decision._message_body(),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        # the health after the decision (a push changes the close date): the deals come back once it changes
        self.lead_id._review_mark_decided()

    def _message_body(self):
        self.ensure_one()
        _ = self.env._
        label = dict(self._fields["decision"]._description_selection(self.env))[self.decision]
        lines = [
            _("Pipeline review decision by %(user)s: %(decision)s", user=self.user_id.name, decision=label)
        ]
        if self.decision == "push":
            lines.append(
                _(
                    "Expected closing moved from %(old)s to %(new)s",
                    old=fields.Date.to_string(self.date_deadline_old) or "-",
                    new=fields.Date.to_string(self.date_deadline_new),
                )
            )
        elif self.decision == "extra_resources":
            lines.append(_("Joining: %(users)s", users=", ".join(self.resource_user_ids.mapped("name"))))
        elif self.decision == "disqualify" and self.lost_reason_id:
            lines.append(_("Lost reason: %(reason)s", reason=self.lost_reason_id.name))
        if self.note:
            lines.append(_("Note: %(note)s", note=self.note))
        return Markup("<br/>").join(escape(line) for line in lines)
