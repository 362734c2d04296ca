import base64
import csv
import io

from odoo import api, fields, models
from odoo.exceptions import UserError

ALLOWED_COLUMNS = {"account", "vat", "ref", "date_from", "date_to", "note"}
IDENTIFYING_COLUMNS = ("vat", "ref", "account")


class CrmTargetListImport(models.TransientModel):
    """Import target accounts from CSV: all rows or none, with a report of the rows that failed."""

    _name = "crm.target.list.import"
    _description = "Import Target Accounts"

    list_id = fields.Many2one("crm.target.list", required=True, ondelete="cascade")
    file = fields.Binary("CSV File", required=True)
    filename = fields.Char()
    result = fields.Text(readonly=True)
    state = fields.Selection([("draft", "Draft"), ("failed", "Failed"), ("done", "Done")], default="draft")

    @api.model
    def _parse_date(self, value):
        value = (value or "").strip()
        if not value:
            return False
        return fields.Date.to_date(value)

    def _read_rows(self):
        self.ensure_one()
        try:
            text = base64.b64decode(self.file).decode("utf-8-sig")
        except (ValueError, UnicodeDecodeError) as error:
            raise UserError(self.env._("The file is not a UTF-8 CSV file: %(error)s", error=error)) from error
        reader = csv.DictReader(io.StringIO(text))
        columns = {(c or "").strip().lower() for c in reader.fieldnames or []}
        unknown = columns - ALLOWED_COLUMNS
        if unknown:
            raise UserError(
                self.env._(
                    "Unknown column(s) %(unknown)s. Allowed columns: %(allowed)s.",
                    unknown=", ".join(sorted(unknown)),
                    allowed=", ".join(sorted(ALLOWED_COLUMNS)),
                )
            )
        if not columns & set(IDENTIFYING_COLUMNS):
            raise UserError(
                self.env._("The file needs a column identifying the account: account, vat or ref.")
            )
        return [{(k or "").strip().lower(): (v or "").strip() for k, v in row.items()} for row in reader]

    def _find_partners(self, rows):
        """Resolve every row's account in three queries (by VAT, by reference, by exact company name)."""
        Partner = self.env["res.partner"]
        base = [("is_company", "=", True), ("company_id", "in", [self.list_id.company_id.id, False])]
        found = {}
        for column, field in (("vat", "vat"), ("ref", "ref"), ("account", "name")):
            values = {row[column] for row in rows if row.get(column)}
            if values:
                for partner in Partner.search([*base, (field, "in", list(values))]):
                    found.setdefault((column, partner[field]), Partner)
                    found[(column, partner[field])] |= partner
        return found

    def action_import(self):
        self.ensure_one()
        rows = self._read_rows()
        if not rows:
            raise UserError(self.env._("The file has no row to import."))
        found = self._find_partners(rows)
        errors, vals_list = [], []
        existing = set(self.list_id.line_ids.partner_id.ids)
        for number, row in enumerate(rows, start=2):
            key = next(((c, row[c]) for c in IDENTIFYING_COLUMNS if row.get(c)), None)
            partners = found.get(key) if key else None
            if not key:
                errors.append(self.env._("Row %(row)s: no account, vat or ref given.", row=number))
                continue
            if not partners:
                errors.append(
                    self.env._(
                        "Row %(row)s: unknown account %(column)s '%(value)s'.",
                        row=number,
                        column=key[0],
                        value=key[1],
                    )
                )
                continue
            if len(partners) > 1:
                errors.append(
                    self.env._(
                        "Row %(row)s: %(count)s accounts match %(column)s '%(value)s'.",
                        row=number,
                        count=len(partners),
                        column=key[0],
                        value=key[1],
                    )
                )
                continue
            try:
                date_from = self._parse_date(row.get("date_from"))
                date_to = self._parse_date(row.get("date_to"))
            except ValueError:
                errors.append(
                    self.env._(
                        "Row %(row)s: bad date '%(from)s' / '%(to)s' (use YYYY-MM-DD).",
                        row=number,
                        **{"from": row.get("date_from", ""), "to": row.get("date_to", "")},
                    )
                )
                continue
            if date_from and date_to and date_to < date_from:
                errors.append(self.env._("Row %(row)s: date_to is before date_from.", row=number))
                continue
            if partners.id in existing:
                errors.append(
                    self.env._(
                        "Row %(row)s: '%(account)s' is already on the list.",
                        row=number,
                        account=partners.name,
                    )
                )
                continue
            existing.add(partners.id)
            vals_list.append(
                {
                    "list_id": self.list_id.id,
                    "partner_id": partners.id,
                    "date_from": date_from,
                    "date_to": date_to,
                    "note": row.get("note") or False,
                }
            )
        if errors:
            # Nothing is imported when any row fails: the user fixes the file and imports it again.
            self.write({"state": "failed", "result": "\n".join(errors)})
        else:
            self.env["crm.target.list.line"].create(vals_list)
            self.list_id.message_post(
                body=self.env._(
                    "%(count)s accounts imported from %(file)s.",
                    count=len(vals_list),
                    file=self.filename or "CSV",
                )
            )
            self.write(
                {"state": "done", "result": self.env._("%(count)s accounts imported.", count=len(vals_list))}
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
