# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models
from odoo.exceptions import ValidationError

from .crm_forecast_period import PERIOD_TYPES


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    group_se_forecast = fields.Boolean(
        "Forecasting",
        implied_group="sales_ecosystem.group_se_forecast",
        help="Forecast categories on deals, forecast periods and quotas.",
    )
    se_forecast_period_type = fields.Selection(
        PERIOD_TYPES,
        "Forecast periods",
        config_parameter="sales_ecosystem.forecast_period_type",
        default="month",
        help="The length of the forecast periods the daily cron generates (periods already generated stay).",
    )
    se_forecast_call_day = fields.Integer(
        "Calls due on day",
        config_parameter="sales_ecosystem.forecast_call_day",
        default=5,
        help="Reps submit their forecast call by this day of each period; two days before, those who have not get "
        "an activity reminding them.",
    )

    se_forecast_history_months = fields.Integer(
        "Projection history (months)",
        config_parameter="sales_ecosystem.forecast_history_months",
        default=12,
        help="The projection is calibrated on the deals of the periods closed in the last this many months.",
    )
    se_forecast_shrinkage = fields.Integer(
        "Projection shrinkage (deals)",
        config_parameter="sales_ecosystem.forecast_shrinkage",
        default=10,
        help="k in (won + k x stage rate) / (n + k): a cell with fewer historical deals than this leans on its "
        "stage's rate.",
    )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def set_values(self):
        if self.se_forecast_history_months < 1 or self.se_forecast_shrinkage < 0:
            raise ValidationError(
                self.env._(
                    "Forecasting: the projection history is at least 1 month, the shrinkage not negative."
                )
            )
        if self.se_forecast_call_day < 1:
            raise ValidationError(self.env._("Forecasting: 'Calls due on day' must be 1 or more."))
        Capability = self.env["sales.ecosystem.capability"]
        before = Capability._is_enabled("forecast")
        res = super().set_values()
        if Capability._is_enabled("forecast") and not before:
            # sudo: every opportunity gets its stage's category, including those the admin cannot read
            self.env["crm.lead"].sudo()._forecast_init_categories()
        return res
