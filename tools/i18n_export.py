# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Export the addon's translation template from a database where it is installed, the way Odoo does.

Odoo's own exporter (odoo.tools.translate.trans_export, the engine of `odoo-bin i18n export`) reads the terms
of the installed module (fields, selections, views, data records, menus, reports, `_()` / `env._()` in Python
and `_t()` in JS); this script then normalises the header (no POT-Creation-Date / PO-Revision-Date timestamps)
so that the file is deterministic and a stale one can be detected by plain comparison.

    i18n_export.py --odoo-bin ODOO_BIN -- ODOO_OPTIONS... -d DB --out sales_ecosystem/i18n/sales_ecosystem.pot
    i18n_export.py --odoo-bin ODOO_BIN -- ODOO_OPTIONS... -d DB --check sales_ecosystem/i18n/sales_ecosystem.pot

--check exits 1 (and says "run make pot") when the committed template differs from a fresh export.
"""

import argparse
import difflib
import io
import os
import sys

import polib

MODULE = "sales_ecosystem"
# Header fields whose value depends on when or by whom the export ran: fixed so the file is deterministic.
FIXED_METADATA = {
    "POT-Creation-Date": "",
    "PO-Revision-Date": "",
    "Last-Translator": "",
    "Language-Team": "",
}


def normalise(pot_bytes):
    """The exported template with a deterministic header (polib formatting, entries in Odoo's msgid order)."""
    pot = polib.pofile(pot_bytes.decode("utf-8"))
    for key, value in FIXED_METADATA.items():
        if key in pot.metadata:
            pot.metadata[key] = value
    return str(pot).rstrip("\n") + "\n"


def export(odoo_bin, odoo_args):
    """Run Odoo's exporter in this process against the database named in odoo_args; return the .pot text."""
    sys.path.insert(0, os.path.dirname(os.path.realpath(odoo_bin)))
    # odoo is importable only once the path of the odoo-bin given is known
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415
    from odoo.tools.translate import trans_export  # noqa: PLC0415

    config.parse_config(["--no-http", "--log-level=warn", *odoo_args], setup_logging=True)
    db_name = config["db_name"]
    if isinstance(db_name, list | tuple):
        db_name = db_name[0]
    with Registry(db_name).cursor(readonly=True) as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        module = env["ir.module.module"].search([("name", "=", MODULE), ("state", "=", "installed")])
        if not module:
            sys.exit(f"ERROR: {MODULE} is not installed in database {db_name}")
        buffer = io.BytesIO()
        if not trans_export(None, [MODULE], buffer, "po", env):
            sys.exit(f"ERROR: Odoo found no translatable term in {MODULE}")
    return normalise(buffer.getvalue())


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--odoo-bin", required=True)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", help="write the template there")
    target.add_argument("--check", help="compare a fresh export with that committed template")
    parser.add_argument(
        "odoo_args", nargs=argparse.REMAINDER, help="-- then Odoo's options (-d DB, addons path...)"
    )
    args = parser.parse_args()
    odoo_args = args.odoo_args[1:] if args.odoo_args[:1] == ["--"] else args.odoo_args
    fresh = export(args.odoo_bin, odoo_args)
    msgids = fresh.count('\nmsgid "') - 1  # minus the header entry
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(fresh)
        print(f"i18n: wrote {args.out} ({msgids} msgids)")
        return 0
    try:
        with open(args.check, encoding="utf-8") as f:
            committed = f.read()
    except FileNotFoundError:
        committed = ""
    if committed == fresh:
        print(f"i18n: {args.check} is up to date ({msgids} msgids)")
        return 0
    diff = list(
        difflib.unified_diff(committed.splitlines(), fresh.splitlines(), "committed", "fresh", lineterm="")
    )
    print("\n".join(diff[:60]))
    if len(diff) > 60:
        print(f"... ({len(diff) - 60} more diff lines)")
    print(
        f"FAILED: {args.check} is stale (the code's translatable terms changed): run `make pot` and commit "
        "the template and i18n/fr.po (then translate the new entries).",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
