# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models

#: Forecast categories a rep chooses among for an open deal (the stage gives the default)
FORECAST_CATEGORIES = [
    ("pipeline", "Pipeline"),
    ("best_case", "Best Case"),
    ("commit", "Commit"),
    ("omitted", "Omitted"),
]


class CrmStage(models.Model):
    _inherit = "crm.stage"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    forecast_category = fields.Selection(
        FORECAST_CATEGORIES,
        default="pipeline",
        required=True,
        help="The forecast category a deal gets when it enters this stage (the rep can change it on the deal).",
    )
