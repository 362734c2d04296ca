# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.2.0: the deal columns this version adds (risk score, review pending, forecast category) are created with
the values their computes give before anything happens, in one UPDATE, as at install: without it the ORM would
compute them deal by deal at the upgrade (the health compute for every deal of the database)."""

from odoo.addons.sales_ecosystem.hooks import prefill_columns


def migrate(cr, version):
    if not version:
        return
    prefill_columns(cr)
