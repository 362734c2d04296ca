# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from .crm_stage_forecast import FORECAST_CATEGORIES

#: A deal's forecast categories: the rep's choices, and Closed for won deals
LEAD_FORECAST_CATEGORIES = [*FORECAST_CATEGORIES, ("closed", "Closed")]


class CrmLead(models.Model):
    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    forecast_category = fields.Selection(
        LEAD_FORECAST_CATEGORIES,
        compute="_compute_forecast_category",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        copy=False,
        help="Open opportunities: the stage's category when the deal enters it, which the rep can change "
        "(Pipeline, Best Case, Commit, Omitted). Won deals are Closed, lost ones Omitted.",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("stage_id", "won_status", "type")
    def _compute_forecast_category(self):
        """The stage's category on each stage move (the rep's choice stands until the next move); Closed when won,
        Omitted when lost, none for leads. Switched off: kept as it is (nothing changes until configured)."""
        if not self.env["sales.ecosystem.capability"]._is_enabled("forecast"):
            for lead in self:
                lead.forecast_category = lead.forecast_category
            return
        for lead in self:
            if lead.type != "opportunity":
                lead.forecast_category = False
            elif lead.won_status == "won":
                lead.forecast_category = "closed"
            elif lead.won_status == "lost":
                lead.forecast_category = "omitted"
            else:
                lead.forecast_category = lead.stage_id.forecast_category or "pipeline"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _forecast_init_categories(self):
        """When forecasting is switched on: every opportunity without a category gets its stage's (Closed when won,
        Omitted when lost), in one UPDATE whatever the number of deals (not tracked: no one chose it)."""
        self.flush_model(["forecast_category", "stage_id", "won_status", "type"])
        self.env["crm.stage"].flush_model(["forecast_category"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_lead lead
                   SET forecast_category = CASE
                           WHEN lead.won_status = 'won' THEN 'closed'
                           WHEN lead.won_status = 'lost' THEN 'omitted'
                           ELSE COALESCE(
                               (SELECT stage.forecast_category FROM crm_stage stage WHERE stage.id = lead.stage_id),
                               'pipeline') END
                 WHERE lead.type = 'opportunity' AND lead.forecast_category IS NULL
                RETURNING lead.id
                """
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_model(["forecast_category"])
        return len(ids)

    @api.model
    def _forecast_open_domain(self, period, user):
        """``user``'s open opportunities expected to close in ``period`` (in the current period, overdue ones too)."""
        return Domain("user_id", "=", user.id) & period._open_domain()

    @api.model
    def _forecast_period_deals(self, period, user):
        """``user``'s deals behind a forecast of ``period``: won in the period (Closed), and open Commit or Best
        Case opportunities expected to close in it (or overdue), in one search."""
        open_called = period._open_domain() & Domain("forecast_category", "in", ("commit", "best_case"))
        return self.search(
            Domain("user_id", "=", user.id) & (period._won_domain() | open_called),
            order="id",
        )
