# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
# (each feature extends the settings in its own file, see CONVENTIONS)
from odoo import fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    se_coaching_signal_days = fields.Integer(
        "Suggested sessions look back (days)",
        config_parameter="sales_ecosystem.coaching_signal_days",
        default=30,
        help="Gate overrides and blocked stage moves of the last this many days suggest a coaching session.",
    )
    se_coaching_signal_min_deals = fields.Integer(
        "Deals that make a pattern",
        config_parameter="sales_ecosystem.coaching_signal_min_deals",
        default=2,
        help="A rep's deals showing the same signal suggest a session from this many deals on.",
    )
    se_coaching_stalled_days = fields.Integer(
        "Days before a deal is stalled",
        config_parameter="sales_ecosystem.coaching_stalled_days",
        default=45,
        help="For stages without their own 'Days to rot': open deals that have not changed stage for this long.",
    )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def set_values(self):
        for fname in ("se_coaching_signal_days", "se_coaching_signal_min_deals", "se_coaching_stalled_days"):
            if self[fname] < 1:
                raise ValidationError(
                    self.env._(
                        "Coaching: '%(setting)s' must be at least 1; it is %(value)s.",
                        setting=self._fields[fname].string,
                        value=self[fname],
                    )
                )
        return super().set_values()
