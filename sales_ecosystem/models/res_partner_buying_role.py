# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models

BUYING_ROLES = [
    ("economic_buyer", "Economic Buyer"),
    ("champion", "Champion"),
    ("technical_buyer", "Technical Buyer"),
    ("user_buyer", "User Buyer"),
    ("coach", "Coach"),
    ("blocker", "Blocker"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    buying_role = fields.Selection(
        BUYING_ROLES,
        tracking=True,
        index="btree_not_null",  # stage gates look up the few contacts holding a role
        help="The role this contact plays in their company's buying decisions (used by stage gates, playbook "
        "talk tracks and account plans).",
    )
