from odoo import fields, models

from .crm_gate_mixin import GATE_MODES


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    se_gate_default_mode = fields.Selection(
        GATE_MODES,
        "Stage gates for deals without a team",
        config_parameter="sales_ecosystem.gate_default_mode",
        default="block",
        help="Teams have their own enforcement mode (Sales > Teams); this applies to deals without a team.",
    )
    se_default_methodology_id = fields.Many2one(
        "crm.methodology",
        "Default methodology",
        config_parameter="sales_ecosystem.default_methodology_id",
        help="For deals whose team has no methodology of its own.",
    )
