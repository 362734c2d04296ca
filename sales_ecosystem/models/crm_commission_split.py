# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCommissionSplit(models.Model):
    """Share of a deal's commission credit given to one salesperson (the shares of a deal total 100 %).

    The total is checked per deal when the transaction's writes are done, whatever the path: the deal's form (its
    own constraint), or these records created, written, deleted or imported directly. A won deal whose credit
    changes is re-priced (logged on the deal), see crm.lead._commission_credit_touched.
    """

    _name = "crm.commission.split"
    _description = "Commission Credit Split"
    _order = "lead_id, percentage desc, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    lead_id = fields.Many2one("crm.lead", "Opportunity", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    user_id = fields.Many2one("res.users", "Salesperson", required=True, index=True)
    percentage = fields.Float("Credit (%)", digits=(16, 2), required=True, default=100.0)

    _lead_user_uniq = models.Constraint(
        "UNIQUE(lead_id, user_id)", "A salesperson is credited only once per opportunity."
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("percentage")
    def _check_percentage(self):
        for split in self:
            if split.percentage <= 0 or split.percentage > 100:
                raise ValidationError(
                    self.env._(
                        "Opportunity '%(deal)s': the credit of %(user)s ('Credit (%%)') must be above 0 and at most "
                        "100; it is %(value)s.",
                        deal=split.lead_id.name,
                        user=split.user_id.name,
                        value=split.percentage,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        leads = self.env["crm.lead"].browse({vals["lead_id"] for vals in vals_list if vals.get("lead_id")})
        before = leads._commission_credit()
        splits = super().create(vals_list)
        (leads | splits.lead_id)._commission_credit_touched(before)
        return splits

    def write(self, vals):
        leads = self.lead_id
        if vals.get("lead_id"):
            leads |= self.env["crm.lead"].browse(vals["lead_id"])
        before = leads._commission_credit()
        res = super().write(vals)
        leads._commission_credit_touched(before)
        return res

    def unlink(self):
        leads = self.lead_id
        before = leads._commission_credit()
        res = super().unlink()
        leads.exists()._commission_credit_touched(before)
        return res
