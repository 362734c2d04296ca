# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
# (each feature extends the settings in its own file, see CONVENTIONS)
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_commission_plan import DEFAULT_RATE_CAP


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    se_commission_rate_cap = fields.Float(
        "Commission rate cap (%)",
        config_parameter="sales_ecosystem.commission_rate_cap",
        default=DEFAULT_RATE_CAP,
        help="No plan or tier may pay more than this percentage of the base.",
    )
    se_commission_period = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter")],
        "Commission statement period",
        config_parameter="sales_ecosystem.commission_period",
        default="month",
    )

    @api.constrains("se_commission_rate_cap")
    def _check_se_commission_rate_cap(self):
        for settings in self:
            if not 0 < settings.se_commission_rate_cap <= 100:
                raise ValidationError(
                    self.env._(
                        "Settings: 'Commission rate cap (%%)' must be above 0 and at most 100; it is %(cap)s.",
                        cap=settings.se_commission_rate_cap,
                    )
                )
