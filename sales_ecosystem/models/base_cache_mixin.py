# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The one place the addon invalidates its registry-cached lookups (``tools.ormcache``).

Every cached lookup belongs to a model inheriting :class:`CrmCacheMixin`, which names it
(:meth:`~CrmCacheMixin._registry_cached_lookups`) with the fields it reads (:meth:`~CrmCacheMixin._registry_cache_fields`):
creating or deleting such a record, or writing one of those fields, invalidates that model's lookups, and only them
(:func:`invalidate_lookups`), not the whole registry cache (access rights, record rules, views... of every model).
Other processes learn of it through Odoo's cache signalling, which in Odoo 19 goes by cache name only: the 'default'
cache (Odoo has no finer channel; this process keeps the rest of its cache warm).
"""

from odoo import api, models


def invalidate_lookups(env, lookups):
    """Drop the cached results of ``lookups`` (``(model name, method name)`` pairs of ``tools.ormcache`` methods,
    whatever their arguments) from this process's registry cache, and signal the 'default' cache to the others (at
    the end of the request). A transaction rolled back clears the whole cache anyway (Odoo's ``reset_changes``)."""
    registry = env.registry
    for model_name, method_name in lookups:
        cache = getattr(type(env[model_name]), method_name).__cache__  # the ormcache decorator
        # the registry's LRU of that cache, as ``tools.ormcache`` itself reads and fills it; its keys are
        # (model name, method, *arguments)
        lru = registry._Registry__caches[cache.cache_name]
        prefix = (model_name, cache.method)
        if not cache.args:
            lru.pop(prefix, None)
        else:
            for key in list(lru.snapshot):
                if key[:2] == prefix:
                    lru.pop(key, None)
        registry.cache_invalidated.add(cache.cache_name)


class CrmCacheMixin(models.AbstractModel):
    """Configuration records that lookups cache in the registry (``tools.ormcache``).

    The cached lookups of the model (:meth:`_registry_cached_lookups`) are invalidated when a record is created or
    deleted, and when a write changes one of the fields they read (:meth:`_registry_cache_fields`). Inheriting models
    declare both and keep their cached methods' docstrings saying what they cache.
    """

    _name = "crm.cache.mixin"
    _description = "Configuration Cached by the Registry"

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self._registry_invalidate_lookups()
        return records

    def write(self, vals):
        res = super().write(vals)
        if self._registry_cache_fields() & set(vals):
            self._registry_invalidate_lookups()
        return res

    def unlink(self):
        res = super().unlink()
        self._registry_invalidate_lookups()
        return res

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _registry_cache_fields(self):
        """Names of the fields whose change invalidates the model's cached lookups."""
        return set()

    @api.model
    def _registry_cached_lookups(self):
        """Names of the model's ``tools.ormcache`` methods that read its records."""
        return set()

    @api.model
    def _registry_invalidate_lookups(self):
        invalidate_lookups(self.env, {(self._name, name) for name in self._registry_cached_lookups()})
