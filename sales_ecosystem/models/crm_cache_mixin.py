# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, models


class CrmCacheMixin(models.AbstractModel):
    """Configuration records that lookups cache in the registry (``tools.ormcache``).

    The registry's cache is cleared when a record is created or deleted, and when a write changes one of the fields
    the cached lookups read (:meth:`_registry_cache_fields`). Inheriting models declare those fields and keep their
    cached methods' docstrings saying what they cache.
    """

    _name = "crm.cache.mixin"
    _description = "Configuration Cached by the Registry"

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        res = super().write(vals)
        if self._registry_cache_fields() & set(vals):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _registry_cache_fields(self):
        """Names of the fields whose change must clear the registry's cache."""
        return set()
