# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command, api, fields, models

from .res_partner_buying_role import BUYING_ROLES


class CrmLeadContactRole(models.Model):
    """The buying role a contact plays in one deal, where it differs from (or confirms) the contact's usual role
    (as Salesforce's Opportunity Contact Roles). A row makes the contact one of the deal's people; without a row, a
    contact of the deal (customer or buying committee) plays their usual role (``res.partner.buying_role``).
    See ``crm.lead._get_contact_roles``: the one reading of "the deal's role of a contact"."""

    _name = "crm.lead.contact.role"
    _description = "Deal Contact Role"
    _order = "lead_id, is_primary desc, sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    lead_id = fields.Many2one("crm.lead", "Deal", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(
        "res.partner", "Contact", required=True, ondelete="cascade", index=True, check_company=True
    )
    usual_buying_role = fields.Selection(related="partner_id.buying_role", string="Usual Role")
    buying_role = fields.Selection(
        BUYING_ROLES,
        "Role in this Deal",
        compute="_compute_buying_role",
        store=True,
        readonly=False,
        precompute=True,
        help="The role this contact plays in this deal; defaults to their usual role (contact card). An empty "
        "role: no buying role in this deal.",
    )
    is_primary = fields.Boolean("Primary", help="The main contact of the deal on the customer's side.")
    note = fields.Char(help="Why this role in this deal, what matters to this contact.")
    # not stored: the rules read the deal's (lead_id.*), and a stored copy would make every assignment of deals
    # (crm writes user and company lead by lead) search the roles of the deals it moves
    user_id = fields.Many2one(related="lead_id.user_id", string="Salesperson")
    company_id = fields.Many2one(related="lead_id.company_id")

    _lead_partner_uniq = models.Constraint(
        "UNIQUE(lead_id, partner_id)", "A contact has one buying role per deal."
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("partner_id")
    def _compute_buying_role(self):
        """The contact's usual role when the contact is chosen; the rep changes it for this deal."""
        for line in self:
            line.buying_role = line.partner_id.buying_role

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        roles = super().create(vals_list)
        roles._join_buying_committee()
        return roles

    def write(self, vals):
        res = super().write(vals)
        if {"lead_id", "partner_id"} & set(vals):
            self._join_buying_committee()
        return res

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _join_buying_committee(self):
        """A contact with a role in a deal is one of the deal's people: on its buying committee (``contact_ids``), the
        one list of the deal's people that deal health counts and the gates read, so that neither reads the roles
        too (nor costs a query more on crm's own writes). Deleting the row leaves the contact on the committee,
        with their usual role. One write per set of contacts to add."""
        missing_by_partners = {}
        for role in self:
            lead = role.lead_id
            if role.partner_id not in lead.contact_ids and role.partner_id != lead.partner_id:
                missing_by_partners.setdefault(lead, set()).add(role.partner_id.id)
        by_partners = {}
        for lead, partner_ids in missing_by_partners.items():
            key = frozenset(partner_ids)
            by_partners[key] = by_partners.get(key, self.env["crm.lead"]) | lead
        for partner_ids, leads in by_partners.items():
            leads.write({"contact_ids": [Command.link(partner_id) for partner_id in sorted(partner_ids)]})
