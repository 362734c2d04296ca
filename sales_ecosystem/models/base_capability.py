# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The capability switches of Settings > Sales Ecosystem, and the one place the server asks them.

Each capability has a technical group that ``res.config.settings`` makes *Internal User* imply
(``implied_group``, the Odoo way): views, menus and fields hide with ``groups=`` on that group, and the server asks
:meth:`sales.ecosystem.capability._is_enabled`, which is Odoo's own ``res.groups._is_feature_enabled`` on the same
group (registry-cached: no query once warm). One source for the UI and the server.
"""

from odoo import api, fields, models, tools
from odoo.tools import frozendict

#: capability key -> XML id of its technical group (the switch)
CAPABILITY_GROUPS = {
    "icp": "sales_ecosystem.group_se_icp",
    "gates": "sales_ecosystem.group_se_gates",
    "coaching": "sales_ecosystem.group_se_coaching",
    "account_plans": "sales_ecosystem.group_se_account_plans",
    "commissions": "sales_ecosystem.group_se_commissions",
    "health": "sales_ecosystem.group_se_health",
    "forecast": "sales_ecosystem.group_se_forecast",
}


class SalesEcosystemCapability(models.AbstractModel):
    _name = "sales.ecosystem.capability"
    _description = "Sales Ecosystem Capability Switches"

    @api.model
    def _is_enabled(self, capability):
        """Whether ``capability`` (a key of CAPABILITY_GROUPS) is switched on in Settings, for the whole database
        (whoever the current user is: a rule applies to every path alike)."""
        return self.env["res.groups"]._is_feature_enabled(CAPABILITY_GROUPS[capability])

    @api.model
    def _get_setting(self, key, default=None):
        """The value of the addon's setting ``sales_ecosystem.<key>`` (a string, as ``ir.config_parameter`` keeps
        it), or ``default``: read from :meth:`_get_settings`, no query once warm."""
        return self._get_settings().get(f"sales_ecosystem.{key}", default)

    @api.model
    @tools.ormcache(cache="stable")
    def _get_settings(self):
        """Every ``sales_ecosystem.*`` system parameter in one query, cached like ``ir.config_parameter``'s own
        ``get_param`` (its writes clear the same ``stable`` cache): the deal's save path reads a dozen of them."""
        # sudo: the addon's settings are technical parameters that every user's save applies
        rows = (
            self.env["ir.config_parameter"]
            .sudo()
            .search_read([("key", "=like", "sales_ecosystem.%")], ["key", "value"], order="id")
        )
        return frozendict(
            (row["key"], row["value"]) for row in rows if row["key"].startswith("sales_ecosystem.")
        )


class SalesEcosystemCapabilityMixin(models.AbstractModel):
    """``se_<capability>_enabled`` flags on core records, for the view parts that ``groups=`` cannot gate (a part that
    needs both a role group and a capability: ``groups`` is a union). Computed from the registry cache: no query."""

    _name = "sales.ecosystem.capability.mixin"
    _description = "Sales Ecosystem Capability Flags"

    se_icp_enabled = fields.Boolean(compute="_compute_se_capabilities")
    se_gates_enabled = fields.Boolean(compute="_compute_se_capabilities")
    se_coaching_enabled = fields.Boolean(compute="_compute_se_capabilities")
    se_account_plans_enabled = fields.Boolean(compute="_compute_se_capabilities")
    se_commissions_enabled = fields.Boolean(compute="_compute_se_capabilities")
    se_health_enabled = fields.Boolean(compute="_compute_se_capabilities")
    se_forecast_enabled = fields.Boolean(compute="_compute_se_capabilities")

    def _compute_se_capabilities(self):
        Capability = self.env["sales.ecosystem.capability"]
        values = {f"se_{key}_enabled": Capability._is_enabled(key) for key in CAPABILITY_GROUPS}
        for record in self:
            record.update(values)
