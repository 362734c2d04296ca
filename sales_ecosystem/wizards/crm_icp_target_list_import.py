# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

ALLOWED_COLUMNS = {"account", "vat", "ref", "date_from", "date_to", "note"}
IDENTIFYING_COLUMNS = ("vat", "ref", "account")


class CrmTargetListImport(models.TransientModel):
    """Import target accounts from CSV: all rows or none, with a report of the rows that failed."""

    _name = "crm.target.list.import"
    _inherit = ["sales.ecosystem.csv.import.mixin"]
    _description = "Import Target Accounts"

    list_id = fields.Many2one("crm.target.list", required=True, ondelete="cascade")

    @api.model
    def _parse_date(self, value):
        value = (value or "").strip()
        if not value:
            return False
        return fields.Date.to_date(value)

    def _check_columns(self, columns, name):
        unknown = columns - ALLOWED_COLUMNS
        if unknown:
            raise UserError(
                self.env._(
                    "%(file)s: unknown column(s) %(unknown)s. Allowed columns: %(allowed)s (separated by commas "
                    "or semicolons).",
                    file=name,
                    unknown=", ".join(sorted(unknown)),
                    allowed=", ".join(sorted(ALLOWED_COLUMNS)),
                )
            )
        if not columns & set(IDENTIFYING_COLUMNS):
            raise UserError(
                self.env._(
                    "%(file)s needs a column identifying the account: account (its name), vat or ref.",
                    file=name,
                )
            )

    def _find_partners(self, rows):
        """Resolve every row's account in three queries (by VAT, by reference, by exact company name)."""
        Partner = self.env["res.partner"]
        base = [("is_company", "=", True), ("company_id", "in", [self.list_id.company_id.id, False])]
        found = {}
        for column, field in (("vat", "vat"), ("ref", "ref"), ("account", "name")):
            values = {row[column] for _number, row in rows if row.get(column)}
            if values:
                for partner in Partner.search([*base, (field, "in", list(values))]):
                    found.setdefault((column, partner[field]), Partner)
                    found[(column, partner[field])] |= partner
        return found

    def action_import(self):
        self.ensure_one()
        rows = self._read_rows()
        found = self._find_partners(rows)
        errors, vals_list = [], []
        existing = set(self.list_id.line_ids.partner_id.ids)
        seen = {}  # partner id -> row number of its first row in the file
        for number, row in rows:
            key = next(((c, row[c]) for c in IDENTIFYING_COLUMNS if row.get(c)), None)
            if not key:
                errors.append(
                    self.env._("Row %(row)s: no account given (fill account, vat or ref).", row=number)
                )
                continue
            partners = found.get(key)
            if not partners:
                if key[0] == "vat":
                    errors.append(
                        self.env._("Row %(row)s: no account with VAT '%(value)s'.", row=number, value=key[1])
                    )
                elif key[0] == "ref":
                    errors.append(
                        self.env._(
                            "Row %(row)s: no account with reference '%(value)s'.", row=number, value=key[1]
                        )
                    )
                else:
                    errors.append(
                        self.env._("Row %(row)s: no account named '%(value)s'.", row=number, value=key[1])
                    )
                continue
            if len(partners) > 1:
                errors.append(
                    self.env._(
                        "Row %(row)s: %(count)s accounts match %(column)s '%(value)s' (%(names)s); identify it by "
                        "vat or ref.",
                        row=number,
                        count=len(partners),
                        column=key[0],
                        value=key[1],
                        names=", ".join(partners[:3].mapped("display_name")),
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
                errors.append(
                    self.env._(
                        "Row %(row)s: date_to (%(to)s) is before date_from (%(from)s).",
                        row=number,
                        **{"from": date_from, "to": date_to},
                    )
                )
                continue
            if partners.id in seen:
                errors.append(
                    self.env._(
                        "Row %(row)s: '%(account)s' appears twice in the file (first on row %(first)s).",
                        row=number,
                        account=partners.name,
                        first=seen[partners.id],
                    )
                )
                continue
            seen[partners.id] = number
            if partners.id in existing:
                errors.append(
                    self.env._(
                        "Row %(row)s: '%(account)s' is already on the list '%(list)s'.",
                        row=number,
                        account=partners.name,
                        list=self.list_id.name,
                    )
                )
                continue
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
