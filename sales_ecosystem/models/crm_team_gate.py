# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models

from .base_cache_mixin import invalidate_lookups
from .crm_gate_mixin import GATE_MODES


class CrmTeam(models.Model):
    _name = "crm.team"
    _inherit = ["crm.team", "sales.ecosystem.capability.mixin"]

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    gate_mode = fields.Selection(
        GATE_MODES,
        "Stage Gates",
        help="Off: gates are ignored for this team's deals. Warn: deals move, unmet requirements are noted "
        "in the chatter. Block: deals cannot enter a stage while blocking requirements are unmet "
        "(managers can override). Empty: the mode of Settings (Block by default).",
    )
    methodology_id = fields.Many2one(
        "crm.methodology",
        "Default Methodology",
        help="The methodology new deals of this team are qualified with.",
    )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def unlink(self):
        res = super().unlink()
        # the team's own gates go with it and its ICP profiles lose it (ondelete cascade / set null, in SQL): the
        # cached lookups of both no longer hold
        invalidate_lookups(
            self.env,
            {("crm.stage.gate", "_get_gate_index"), ("crm.icp.profile", "_get_profile_ids_by_scope")},
        )
        return res
