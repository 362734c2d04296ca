# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class CrmDealReview(models.Model):
    """A pipeline review session: a manager goes through a team's flagged deals (at risk or troubled) and records a
    decision for each. The flagged deals are a snapshot taken when the review is prepared."""

    _name = "crm.deal.review"
    _description = "Pipeline Review"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, tracking=True)
    team_id = fields.Many2one("crm.team", "Sales Team", required=True, tracking=True, index=True)
    user_id = fields.Many2one(
        "res.users", "Manager", required=True, default=lambda self: self.env.user, tracking=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True, index=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    state = fields.Selection(
        [("draft", "In Preparation"), ("done", "Done")], required=True, default="draft", tracking=True
    )
    lead_ids = fields.Many2many(
        "crm.lead",
        "crm_deal_review_lead_rel",
        "review_id",
        "lead_id",
        "Flagged Deals",
        help="The team's open deals that were at risk or troubled when the review was prepared.",
    )
    decision_ids = fields.One2many("crm.deal.review.decision", "review_id", "Decisions", readonly=True)
    flagged_count = fields.Integer("Flagged", compute="_compute_counts", store=True)
    decided_count = fields.Integer(
        "Decided",
        compute="_compute_counts",
        store=True,
        help="Flagged deals with a decision in this review.",
    )
    decided_share = fields.Float(
        "Decided (%)",
        compute="_compute_counts",
        store=True,
        aggregator="avg",
        help="Share of the flagged deals acted on in this review.",
    )
    note = fields.Html()

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("lead_ids", "decision_ids.lead_id")
    def _compute_counts(self):
        for review in self:
            flagged = review.lead_ids
            decided = review.decision_ids.lead_id & flagged
            review.flagged_count = len(flagged)
            review.decided_count = len(decided)
            review.decided_share = 100.0 * len(decided) / len(flagged) if flagged else 0.0

    # ------------------------------------------------------------
    # CONSTRAINTS AND ONCHANGES
    # ------------------------------------------------------------

    @api.onchange("team_id")
    def _onchange_team_id(self):
        if self.team_id and not self.name:
            self.name = self.env._(
                "%(team)s pipeline review %(date)s",
                team=self.team_id.name,
                date=fields.Date.to_string(self.date or fields.Date.context_today(self)),
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_load_flagged(self):
        """Snapshot the team's open deals that need attention (at risk or troubled)."""
        for review in self:
            if review.state == "done":
                raise UserError(
                    self.env._(
                        "Pipeline review %(review)s is done: its flagged deals are kept.", review=review.name
                    )
                )
        flagged = self.env["crm.lead"].search(
            [
                ("team_id", "in", self.team_id.ids),
                ("type", "=", "opportunity"),
                ("won_status", "=", "pending"),
                ("health_status", "in", ("at_risk", "troubled")),
            ]
        )
        for review in self:
            leads = flagged.filtered(lambda lead, review=review: lead.team_id == review.team_id)
            review.lead_ids = [Command.set(leads.ids)]
        return True

    def action_done(self):
        self.write({"state": "done"})
        return True

    def action_draft(self):
        self.write({"state": "draft"})
        return True

    def action_view_decisions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_ecosystem.crm_deal_review_decision_action"
        )
        action["domain"] = [("review_id", "=", self.id)]
        action["context"] = {"default_review_id": self.id}
        return action
