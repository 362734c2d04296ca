# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64
import csv
import io

from odoo import fields, models
from odoo.exceptions import UserError

ALLOWED_COLUMNS = {"salesperson", "team", "amount"}


class CrmForecastQuotaImport(models.TransientModel):
    """Import the quotas of a forecast period from CSV (columns: salesperson (login or email) or team (name),
    amount): all rows or none, with a report of the rows that failed. A row for a rep or team that already has a
    quota in the period replaces its amount."""

    _name = "crm.forecast.quota.import"
    _description = "Import Forecast Quotas"

    period_id = fields.Many2one("crm.forecast.period", required=True, ondelete="cascade")
    file = fields.Binary("CSV File", required=True)
    filename = fields.Char()
    result = fields.Text(readonly=True)
    state = fields.Selection([("draft", "Draft"), ("failed", "Failed"), ("done", "Done")], default="draft")

    def _read_rows(self):
        """The file's rows as {column: value} dicts (lower-cased columns) with their line numbers (UTF-8 with or
        without BOM, comma- or semicolon-separated)."""
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
        columns = {(c or "").strip().lower() for c in reader.fieldnames or []} - {""}
        unknown = columns - ALLOWED_COLUMNS
        if unknown or "amount" not in columns or not columns & {"salesperson", "team"}:
            raise UserError(
                self.env._(
                    "%(file)s: the columns are amount and salesperson (login or email) or team (name); "
                    "found %(columns)s.",
                    file=name,
                    columns=", ".join(sorted(columns)) or "-",
                )
            )
        rows = []
        for row in reader:
            values = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
            if any(values.values()):
                rows.append((reader.line_num, values))
        if not rows:
            raise UserError(self.env._("%(file)s has a header but no row to import.", file=name))
        return rows

    def action_import(self):
        self.ensure_one()
        period = self.period_id
        if period.state == "closed":
            raise UserError(
                self.env._("Forecast period %(period)s is closed: its quotas are final.", period=period.name)
            )
        rows = self._read_rows()
        company = period.company_id
        logins = {row["salesperson"] for _n, row in rows if row.get("salesperson")}
        users = self.env["res.users"].search(
            [
                "|",
                ("login", "in", list(logins)),
                ("email", "in", list(logins)),
                ("company_ids", "in", company.ids),
            ]
        )
        teams = self.env["crm.team"].search(
            [
                ("name", "in", [row["team"] for _n, row in rows if row.get("team")]),
                ("company_id", "in", [company.id, False]),
            ]
        )
        existing = {(q.user_id.id, q.team_id.id): q for q in period.quota_ids}
        errors, to_create, to_write, seen = [], [], [], {}
        for number, row in rows:
            login, team_name = row.get("salesperson"), row.get("team")
            if bool(login) == bool(team_name):
                errors.append(
                    self.env._("Row %(row)s: fill either salesperson or team (one of them).", row=number)
                )
                continue
            if login:
                match = users.filtered(lambda u, login=login: login in (u.login, u.email))
                what = self.env._("salesperson '%(value)s'", value=login)
            else:
                match = teams.filtered(lambda t, name=team_name: t.name == name)
                what = self.env._("team '%(value)s'", value=team_name)
            if len(match) != 1:
                errors.append(
                    self.env._(
                        "Row %(row)s: %(count)s records match %(what)s (one expected).",
                        row=number,
                        count=len(match),
                        what=what,
                    )
                )
                continue
            try:
                amount = float(row.get("amount", "").replace(" ", ""))
            except ValueError:
                errors.append(
                    self.env._(
                        "Row %(row)s: amount '%(value)s' is not a number.",
                        row=number,
                        value=row.get("amount"),
                    )
                )
                continue
            if amount < 0:
                errors.append(
                    self.env._("Row %(row)s: the amount of %(what)s is negative.", row=number, what=what)
                )
                continue
            key = (match.id, False) if login else (False, match.id)
            if key in seen:
                errors.append(
                    self.env._(
                        "Row %(row)s: %(what)s appears twice in the file (first on row %(first)s).",
                        row=number,
                        what=what,
                        first=seen[key],
                    )
                )
                continue
            seen[key] = number
            if key in existing:
                to_write.append((existing[key], amount))
            else:
                to_create.append(
                    {"period_id": period.id, "user_id": key[0], "team_id": key[1], "amount": amount}
                )
        if errors:
            # Nothing is imported when any row fails: the user fixes the file and imports it again.
            self.write({"state": "failed", "result": "\n".join(errors)})
        else:
            for quota, amount in to_write:
                quota.amount = amount
            self.env["crm.forecast.quota"].create(to_create)
            count = len(to_create) + len(to_write)
            period.message_post(
                body=self.env._(
                    "%(count)s quotas imported from %(file)s.", count=count, file=self.filename or "CSV"
                )
            )
            self.write({"state": "done", "result": self.env._("%(count)s quotas imported.", count=count)})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
