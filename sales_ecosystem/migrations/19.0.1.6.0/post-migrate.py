# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.6.0: the key account criteria's result lives in ``crm.key.account.flag`` (one row per flagged account), no
longer in five columns of ``res_partner``; ``is_key_account`` and its reason are computed from it and from the
manager's designation (``res.partner._compute_is_key_account``). The flagged partners are copied into the new table
(those whose criterion was deleted meanwhile have no criterion to record: the next run of the criteria decides), then
the old columns and their indexes are dropped: every write of a partner maintained them. Idempotent."""

from odoo.tools import SQL, sql

OBSOLETE_COLUMNS = (
    "key_account_auto",
    "key_account_criterion_id",
    "key_account_auto_reason",
    "is_key_account",
    "key_account_reason",
)


def migrate(cr, version):
    if not version:
        return
    if sql.column_exists(cr, "res_partner", "key_account_auto") and sql.column_exists(
        cr, "res_partner", "key_account_criterion_id"
    ):
        cr.execute(
            """
            INSERT INTO crm_key_account_flag (partner_id, criterion_id, reason)
            SELECT partner.id, partner.key_account_criterion_id, partner.key_account_auto_reason
              FROM res_partner partner
              JOIN crm_key_account_criterion criterion ON criterion.id = partner.key_account_criterion_id
             WHERE partner.key_account_auto
                ON CONFLICT (partner_id) DO NOTHING
            """
        )
    for column in OBSOLETE_COLUMNS:
        if sql.column_exists(cr, "res_partner", column):
            # its index goes with it
            cr.execute(SQL("ALTER TABLE res_partner DROP COLUMN %s", SQL.identifier(column)))
