# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64
import csv
import io

from odoo import fields, models
from odoo.exceptions import UserError


class SalesEcosystemCsvImportMixin(models.AbstractModel):
    """What the addon's CSV imports share (target accounts, forecast quotas): the file, its report, the state of
    the import, and reading the file into rows. Every import is all rows or none, with the failing rows listed;
    each wizard says which columns it takes (:meth:`_check_columns`) and what a row means."""

    _name = "sales.ecosystem.csv.import.mixin"
    _description = "Sales Ecosystem CSV Import (mechanism)"

    file = fields.Binary("CSV File", required=True)
    filename = fields.Char()
    result = fields.Text(readonly=True)
    state = fields.Selection([("draft", "Draft"), ("failed", "Failed"), ("done", "Done")], default="draft")

    def _check_columns(self, columns, name):
        """Raise a ``UserError`` naming the file (``name``) when ``columns`` (the header's lower-cased column
        names) are not the ones this import takes. Implemented by each import."""
        raise NotImplementedError()

    def _read_rows(self):
        """The file's rows as {column: value} dicts (column names lower-cased, values stripped), with their line
        numbers, blank lines skipped. UTF-8 with or without a BOM; comma- or semicolon-separated (the header line
        says which).

        :return: list of (line number, row)
        """
        self.ensure_one()
        name = self.filename or self.env._("the file")
        if not self.file:
            raise UserError(self.env._("%(file)s is empty: choose a CSV file with a header row.", file=name))
        try:
            text = base64.b64decode(self.file).decode("utf-8-sig")
        except (ValueError, UnicodeDecodeError) as error:
            raise UserError(
                self.env._("%(file)s is not a UTF-8 CSV file: %(error)s", file=name, error=error)
            ) from error
        header = next((line for line in text.splitlines() if line.strip()), "")
        if not header:
            raise UserError(self.env._("%(file)s is empty: choose a CSV file with a header row.", file=name))
        delimiter = ";" if header.count(";") > header.count(",") else ","
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        self._check_columns({(c or "").strip().lower() for c in reader.fieldnames or []} - {""}, name)
        rows = []
        for row in reader:
            values = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
            if any(values.values()):
                rows.append((reader.line_num, values))
        if not rows:
            raise UserError(self.env._("%(file)s has a header but no row to import.", file=name))
        return rows
