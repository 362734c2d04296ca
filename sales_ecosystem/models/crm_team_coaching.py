# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    coaching_cadence_target = fields.Float(
        "Coaching Cadence",
        default=2.0,
        help="Target number of coaching sessions per rep over the last 30 days; reps below it are "
        "highlighted in "
        "the coaching review.",
    )

    _coaching_cadence_positive = models.Constraint(
        "CHECK(coaching_cadence_target >= 0)", "The coaching cadence of a sales team cannot be negative."
    )
