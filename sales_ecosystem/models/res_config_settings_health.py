# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models
from odoo.exceptions import ValidationError

from .crm_lead_health import HEALTH_PARAMS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    se_health_stage_days = fields.Integer(
        "Days in a stage before a deal is stuck",
        config_parameter="sales_ecosystem.health_stage_days",
        default=HEALTH_PARAMS["stage_days"],
        help="For stages without their own limit (the stage's 'Days to rot'). 0: never stuck.",
    )
    se_health_close_push_count = fields.Integer(
        "Close date pushes",
        config_parameter="sales_ecosystem.health_close_push_count",
        default=HEALTH_PARAMS["close_push_count"],
        help="Signal a deal whose expected closing was moved later this many times.",
    )
    se_health_gate_gap_days = fields.Integer(
        "Days in stage before a gate gap counts",
        config_parameter="sales_ecosystem.health_gate_gap_days",
        default=HEALTH_PARAMS["gate_gap_days"],
        help="A deal that has been in its stage this long with blocking requirements of the next stage unmet.",
    )
    se_health_min_contacts = fields.Integer(
        "Minimum contacts",
        config_parameter="sales_ecosystem.health_min_contacts",
        default=HEALTH_PARAMS["min_contacts"],
        help="Fewer people involved on the customer's side (the deal's contact and buying committee) is "
        "single-threaded. 0: off.",
    )
    se_health_close_overdue_days = fields.Integer(
        "Days past the expected closing",
        config_parameter="sales_ecosystem.health_close_overdue_days",
        default=HEALTH_PARAMS["close_overdue_days"],
        help="A close date passed for fewer days is not a signal yet (it is usually updated at the next pipeline "
        "review). 0: flagged the day after.",
    )
    se_health_inactive_days = fields.Integer(
        "Days without activity",
        config_parameter="sales_ecosystem.health_inactive_days",
        default=HEALTH_PARAMS["inactive_days"],
        help="No email, logged note or completed activity for this many days. 0: off.",
    )
    se_health_amount_drop_percent = fields.Integer(
        "Amount drop (%)",
        config_parameter="sales_ecosystem.health_amount_drop_percent",
        default=HEALTH_PARAMS["amount_drop_percent"],
        help="Signal a deal whose expected revenue fell this far below the highest it had.",
    )
    se_health_troubled_count = fields.Integer(
        "Signals that make a deal troubled",
        config_parameter="sales_ecosystem.health_troubled_count",
        default=HEALTH_PARAMS["troubled_count"],
        help="A deal with this many signals is troubled even if none is serious. 0: only serious signals.",
    )
    se_health_top_value_count = fields.Integer(
        "Top deals per stage",
        config_parameter="sales_ecosystem.health_top_value_count",
        default=HEALTH_PARAMS["top_value_count"],
        help="How many of the highest-value open deals of each stage the 'Top Value at Every Stage' view shows.",
    )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def set_values(self):
        for fname, field in self._fields.items():
            if fname.startswith("se_health_") and self[fname] < 0:
                raise ValidationError(
                    self.env._("Deal health: '%(setting)s' cannot be negative.", setting=field.string)
                )
        return super().set_values()
