# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Install and upgrade hooks: schema steps run once (at install here, at upgrade from ``migrations/``), never on
every module update."""

from odoo.tools import SQL, sql

from .models.crm_commission_line import STATEMENT_LINE_REL


def set_statement_link_primary_key(cr):
    """A commission line is settled once: the primary key of the line-statement relation is the line alone (the ORM
    creates it on both columns), so at most one statement per line whatever writes the relation, with one index less
    to maintain. Idempotent."""
    cr.execute(
        "SELECT conname, array_length(conkey, 1) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'",
        [STATEMENT_LINE_REL],
    )
    pkey = cr.fetchone()
    if pkey and pkey[1] == 1:
        return
    rel = SQL.identifier(STATEMENT_LINE_REL)
    index = SQL.identifier(f"{STATEMENT_LINE_REL}_line_pkey")
    cr.execute(SQL("CREATE UNIQUE INDEX %s ON %s (line_id)", index, rel))
    if pkey:
        cr.execute(SQL("ALTER TABLE %s DROP CONSTRAINT %s", rel, SQL.identifier(pkey[0])))
    cr.execute(SQL("ALTER TABLE %s ADD CONSTRAINT %s PRIMARY KEY USING INDEX %s", rel, index, index))


def move_statement_column_to_relation(cr):
    """Databases settled before the line-statement relation existed: move the links into it, then drop the old
    column (and its indexes, which every settlement would otherwise keep updating for nothing)."""
    if not sql.column_exists(cr, "crm_commission_line", "statement_id"):
        return
    cr.execute(
        SQL(
            "INSERT INTO %s (line_id, statement_id) SELECT id, statement_id FROM crm_commission_line "
            "WHERE statement_id IS NOT NULL ON CONFLICT (line_id) DO NOTHING",
            SQL.identifier(STATEMENT_LINE_REL),
        )
    )
    cr.execute("ALTER TABLE crm_commission_line DROP COLUMN statement_id")


def post_init_hook(env):
    set_statement_link_primary_key(env.cr)


def uninstall_hook(env):
    """Uninstalling deletes the records the addon created in core models (demo deals, stages, activity types) before it
    drops its own tables: the foreign keys of its tables that restrict such deletions (a commission line keeps its
    deal, for audit) would make the uninstall fail with SQL errors. Drop those constraints first; the addon's tables
    go with the module right after."""
    cr = env.cr
    model_names = (
        env["ir.model.data"]
        .search([("module", "=", "sales_ecosystem"), ("model", "=", "ir.model")])
        .mapped(lambda data: env["ir.model"].browse(data.res_id).model)
    )
    tables = sorted(
        {
            env[name]._table
            for name in model_names
            if name in env and env[name]._auto and not env[name]._abstract
        }
    )
    if not tables:
        return
    cr.execute(
        """SELECT con.conrelid::regclass::text, con.conname
             FROM pg_constraint con
            WHERE con.contype = 'f' AND con.confdeltype IN ('a', 'r')
              AND con.conrelid::regclass::text = ANY(%s)""",
        [tables],
    )
    for table, constraint in cr.fetchall():
        cr.execute(
            SQL("ALTER TABLE %s DROP CONSTRAINT %s", SQL.identifier(table), SQL.identifier(constraint))
        )
