# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
# (the brief asks for one file per feature extending a core model)
from odoo import api, fields, models


class CrmLeadAccountPlan(models.Model):
    _inherit = "crm.lead"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    account_plan_id = fields.Many2one(
        "crm.account.plan",
        compute="_compute_account_plan_id",
        store=True,
        index="btree_not_null",
        help="Active plan of the deal's account (or of its parent company), set automatically.",
    )
    is_key_account = fields.Boolean(
        related="partner_id.commercial_partner_id.is_key_account", string="Key Account"
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("partner_id.commercial_partner_id.parent_id", "company_id", "date_closed")
    def _compute_account_plan_id(self):
        plan_by_lead = self.env["crm.account.plan"]._find_plans_for_leads(self.filtered("partner_id"))
        for lead in self:
            lead.account_plan_id = plan_by_lead.get(lead.id, False)
