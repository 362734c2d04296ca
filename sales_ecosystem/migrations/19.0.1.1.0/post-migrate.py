# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.1.0: schema steps that ``init()`` ran on every update before, once; and the capability switches, new in
this version, on for databases that already used every capability."""

from odoo import SUPERUSER_ID, api
from odoo.addons.sales_ecosystem.hooks import (
    move_statement_column_to_relation,
    set_statement_link_primary_key,
)
from odoo.addons.sales_ecosystem.models.base_capability import CAPABILITY_GROUPS


def migrate(cr, version):
    if not version:
        return
    set_statement_link_primary_key(cr)
    move_statement_column_to_relation(cr)
    env = api.Environment(cr, SUPERUSER_ID, {})
    employee = env.ref("base.group_user")
    for capability, xmlid in CAPABILITY_GROUPS.items():
        if capability != "forecast":  # newer (19.0.1.2.0), off until switched on, like on a new install
            employee._apply_group(env.ref(xmlid))
