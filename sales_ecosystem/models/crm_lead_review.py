# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    review_decision_ids = fields.One2many("crm.deal.review.decision", "lead_id", "Review Decisions")
    review_decision_count = fields.Integer("Decisions", compute="_compute_se_related_counts")
    review_decision_here_count = fields.Integer(
        "Decisions in This Review",
        compute="_compute_review_decision_here_count",
        help="Decisions on this deal recorded in the pipeline review being shown (context key se_review_id).",
    )
    is_deresourced = fields.Boolean(
        "De-resourced",
        readonly=True,
        copy=False,
        tracking=True,
        help="A pipeline review decided to stop investing time in this deal (it stays open).",
    )
    review_decided_key = fields.Char(
        readonly=True,
        copy=False,
        help="Technical: the deal's health and stage when a review last decided on it (see Review Pending).",
    )
    is_review_pending = fields.Boolean(
        "To Review",
        compute="_compute_is_review_pending",
        store=True,
        index=True,
        help="The deal needs attention and no review decided on it since its health or stage last changed: a "
        "decided deal leaves the review board until something about it changes.",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("health_status", "health_signal_ids", "stage_id", "review_decided_key")
    def _compute_is_review_pending(self):
        for lead in self:
            lead.is_review_pending = (
                lead.health_status in ("at_risk", "troubled")
                and lead.review_decided_key != lead._review_key()
            )

    @api.depends("review_decision_ids.review_id")
    @api.depends_context("se_review_id")
    def _compute_review_decision_here_count(self):
        review_id = self.env.context.get("se_review_id")
        for lead in self:
            lead.review_decision_here_count = (
                len(lead.review_decision_ids.filtered(lambda d: d.review_id.id == review_id))
                if review_id
                else 0
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_review_decision(self):
        """'Decide': the decision form in a dialog, for this deal (and the review it is decided in, if any)."""
        self.ensure_one()
        context = {"default_lead_id": self.id}
        if self.env.context.get("default_review_id"):
            context["default_review_id"] = self.env.context["default_review_id"]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decide on %(deal)s", deal=self.name),
            "res_model": "crm.deal.review.decision",
            "view_mode": "form",
            "views": [(self.env.ref("sales_ecosystem.crm_deal_review_decision_view_form").id, "form")],
            "target": "new",
            "context": context,
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _se_related_count_sources(self):
        return {
            **super()._se_related_count_sources(),
            "review_decision_count": ("crm.deal.review.decision", "lead_id", "review_decision_ids"),
        }

    def _review_key(self):
        """What a review decision is about: the deal's health status, signals and stage."""
        self.ensure_one()
        signals = ",".join(str(signal_id) for signal_id in sorted(self.health_signal_ids.ids))
        return f"{self.health_status or ''}|{signals}|{self.stage_id.id or ''}"

    def _review_mark_decided(self):
        """A review decided on these deals: they leave the board until their health or stage changes."""
        for lead in self:
            lead.review_decided_key = lead._review_key()

    def action_view_review_decisions(self):
        self.ensure_one()
        return self._se_related_action(
            "sales_ecosystem.crm_deal_review_decision_action", context={"default_lead_id": self.id}
        )
