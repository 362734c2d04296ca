# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, models, tools

from .base_cache_mixin import invalidate_lookups


class CrmCachedNameMixin(models.AbstractModel):
    """Display names of configuration records (ICP profiles, methodologies) from a registry cache.

    Deal forms and lists show these records as many2one values, whose display names the web client computes in
    superuser mode: in that mode they come from a per-language cache of every record's name, cleared when a
    record is created, renamed (or its name translated) or deleted, so they cost no query. Outside superuser mode
    (and for new records) the display name is computed as usual, with the ORM's access checks.
    """

    _name = "crm.cached.name.mixin"
    _inherit = ["crm.cache.mixin"]
    _description = "Configuration Record with Cached Display Name"

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends_context("lang")
    def _compute_display_name(self):
        names = self._get_cached_display_names() if self.env.su else {}
        uncached = []
        for record in self:
            name = names.get(record.id) if isinstance(record.id, int) else None
            if name is None:
                uncached.append(record.id)
            else:
                record.display_name = name
        if not uncached:
            return None
        return super(CrmCachedNameMixin, self.browse(uncached))._compute_display_name()

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model
    def _registry_cache_fields(self):
        # _get_cached_display_names
        return super()._registry_cache_fields() | {self._rec_name}

    @api.model
    def _registry_cached_lookups(self):
        return super()._registry_cached_lookups() | {"_get_cached_display_names"}

    def _update_field_translations(self, field_name, translations, digest=None, source_lang=""):
        res = super()._update_field_translations(field_name, translations, digest, source_lang)
        if field_name == self._rec_name:
            invalidate_lookups(self.env, {(self._name, "_get_cached_display_names")})
        return res

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    @tools.ormcache("self.env.lang")
    def _get_cached_display_names(self):
        """{id: display name} of every record (archived ones included) in the context's language, cached by the
        registry. Never mutate the result."""
        self.flush_model([self._rec_name])
        # sudo: names of configuration records, served to superuser-mode display names only
        records = self.sudo().with_context(active_test=False).search_fetch([], [self._rec_name], order="id")
        convert = self._fields[self._rec_name].convert_to_display_name
        return {record.id: convert(record[self._rec_name], record) for record in records}
