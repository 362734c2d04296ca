# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models

from .crm_gate_mixin import GATE_MODES
from .crm_icp_profile import ICP_MIN_TIERS
from .crm_lead_icp import STRATEGY_RULES


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Capability switches (see sales.ecosystem.capability): each makes Internal User imply its technical group.
    group_se_icp = fields.Boolean(
        "Ideal Client Profile and Strategy",
        implied_group="sales_ecosystem.group_se_icp",
        help="ICP scoring of accounts and deals, target lists, On/Off Strategy and the Off-Strategy reason rule.",
    )
    group_se_gates = fields.Boolean(
        "Stage Gates and Methodologies",
        implied_group="sales_ecosystem.group_se_gates",
        help="Methodology scorecards, stage gates enforced on every stage move, overrides and stage playbooks.",
    )
    group_se_coaching = fields.Boolean(
        "Coaching",
        implied_group="sales_ecosystem.group_se_coaching",
        help="Coaching sessions, skills, action plans and suggested sessions.",
    )
    group_se_account_plans = fields.Boolean(
        "Key Account Plans",
        implied_group="sales_ecosystem.group_se_account_plans",
        help="Key account designation, account plans, relationship maps and whitespace.",
    )
    group_se_commissions = fields.Boolean(
        "Commissions on Target Accounts",
        implied_group="sales_ecosystem.group_se_commissions",
        help="Commission plans paying on target-list accounts, snapshots when deals are won, statements.",
    )
    group_se_health = fields.Boolean(
        "Deal Health and Funnel Reviews",
        implied_group="sales_ecosystem.group_se_health",
        help="Deal health signals, the review board, pipeline reviews and the ecosystem health check.",
    )

    se_strategy_rule = fields.Selection(
        STRATEGY_RULES,
        "On-Strategy rule",
        config_parameter="sales_ecosystem.strategy_rule",
        default="list_or_tier",
    )
    se_strategy_min_tier = fields.Selection(
        ICP_MIN_TIERS,
        "Minimum ICP tier",
        config_parameter="sales_ecosystem.strategy_min_tier",
        default="a",
    )
    se_on_strategy_target = fields.Integer(
        "On-Strategy share target (%)",
        config_parameter="sales_ecosystem.on_strategy_target",
        default=30,
        help="Reps whose On-Strategy share of pipeline is below this are flagged (an organisation under 30% has no "
        "strategy).",
    )
    se_icp_sync_rescore_limit = fields.Integer(
        "Rescore at once up to",
        config_parameter="sales_ecosystem.icp_sync_rescore_limit",
        default=5000,
        help="When a profile changes, up to this many records are rescored at once; more are left to the cron.",
    )

    # Stage gates (teams have their own mode and methodology; these apply to deals without a team)
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

    def set_values(self):
        # sudo: settings are saved by admins; the before/after values are technical parameters
        params = self.env["ir.config_parameter"].sudo()
        Capability = self.env["sales.ecosystem.capability"]
        icp_before = Capability._is_enabled("icp")
        before = (
            params.get_param("sales_ecosystem.strategy_rule"),
            params.get_param("sales_ecosystem.strategy_min_tier"),
        )
        res = super().set_values()
        after = (
            params.get_param("sales_ecosystem.strategy_rule"),
            params.get_param("sales_ecosystem.strategy_min_tier"),
        )
        icp_after = Capability._is_enabled("icp")
        if icp_after and not icp_before:
            # switched on again: scores and strategies catch up with what changed meanwhile (in the cron's
            # batches, not in the admin's request)
            self.env["crm.icp.profile"]._se_trigger_rescore()
        elif icp_after and before != after:
            # sudo: the strategy rule applies to every open deal, including those the admin cannot read.
            self.env["crm.lead"].sudo()._cron_refresh_strategy()
        return res
