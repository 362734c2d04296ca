# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, models
from odoo.tools import SQL


class CrmLead(models.Model):
    """The deal's mechanisms the capabilities' ``crm_lead_*`` files share (this file is imported before them, so
    that their overrides of its hooks reach it through ``super()``)."""

    _inherit = "crm.lead"

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        lambda self: [lead_field for _model, _link, lead_field in self._se_related_count_sources().values()]
    )
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_se_related_counts(self):
        """The counts of the records linked to each deal that the deal form shows on its smart buttons
        (``_se_related_count_sources``), all in one query: one part per count, each built from its model's
        ``_search``, so that the user's access rights, record rules and companies apply as in a search of those
        records (hence per user and companies: ``depends_context``). A count of records the user may not read is
        0."""
        sources = self._se_related_count_sources()
        lead_ids = tuple(self.ids)
        parts = []
        for fname, (model_name, link, _lead_field) in sources.items():
            Model = self.env[model_name]
            if not lead_ids or not Model.has_access("read"):
                continue
            Model.flush_model([link])
            query = Model._search([(link, "in", lead_ids)])
            field = Model._fields[link]
            if field.type == "many2many":
                lead_column = SQL.identifier("rel", field.column2)
                part = SQL(
                    "SELECT %s, %s, COUNT(*) FROM %s rel WHERE %s IN %s AND %s IN %s GROUP BY 2",
                    fname,
                    lead_column,
                    SQL.identifier(field.relation),
                    SQL.identifier("rel", field.column1),
                    query.subselect(),
                    lead_column,
                    lead_ids,
                )
            else:
                part = SQL(
                    "SELECT %s, linked.lead_id, COUNT(*) FROM (%s) linked GROUP BY 2",
                    fname,
                    query.select(SQL("%s AS lead_id", SQL.identifier(Model._table, link))),
                )
            parts.append(part)
        counts = {}
        if parts:
            for fname, lead_id, count in self.env.execute_query(SQL(" UNION ALL ").join(parts)):
                counts[fname, lead_id] = count
        for lead in self:
            for fname in sources:
                lead[fname] = counts.get((fname, lead._origin.id), 0)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _se_related_action(self, xmlid, link="lead_id", context=None):
        """A smart button's action: the window action ``xmlid`` on the records whose ``link`` is this deal, with
        ``context`` (by default none can be created there: they are created elsewhere)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [(link, "=", self.id)]
        action["context"] = {"create": False} if context is None else context
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _se_related_count_sources(self):
        """Hook: ``{count field: (model, its field linking to the deal, the deal's field of those records)}`` of
        the counts ``_compute_se_related_counts`` computes together; each capability adds its own."""
        return {}
