# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models
from odoo.exceptions import UserError

ALLOWED_COLUMNS = {"salesperson", "team", "amount"}


class CrmForecastQuotaImport(models.TransientModel):
    """Import the quotas of a forecast period from CSV (columns: salesperson (login or email) or team (name),
    amount): all rows or none, with a report of the rows that failed. A row for a rep or team that already has a
    quota in the period replaces its amount."""

    _name = "crm.forecast.quota.import"
    _inherit = ["sales.ecosystem.csv.import.mixin"]
    _description = "Import Forecast Quotas"

    period_id = fields.Many2one("crm.forecast.period", required=True, ondelete="cascade")

    def _check_columns(self, columns, name):
        if columns - ALLOWED_COLUMNS or "amount" not in columns or not columns & {"salesperson", "team"}:
            raise UserError(
                self.env._(
                    "%(file)s: the columns are amount and salesperson (login or email) or team (name); "
                    "found %(columns)s.",
                    file=name,
                    columns=", ".join(sorted(columns)) or "-",
                )
            )

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
