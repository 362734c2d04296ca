# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class ReportCoachingSummary(models.AbstractModel):
    """Values of the rep's period coaching summary (one-on-one handout).

    ``data``: ``{"rep_id": int, "date_from": "YYYY-MM-DD", "date_to": "YYYY-MM-DD"}``; sessions are read
    with the
    printing user's rights, so a rep prints only their own summary and a coach those of the reps they coach.
    """

    _name = "report.sales_ecosystem.report_coaching_summary"
    _description = "Coaching Summary Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        reps = self.env["res.users"].browse(data.get("rep_id") or docids).exists()
        if not data.get("date_from") or not data.get("date_to"):
            raise UserError(self.env._("The coaching summary needs a period (fields From and To)."))
        date_from = fields.Date.to_date(data["date_from"])
        date_to = fields.Date.to_date(data["date_to"])
        Session = self.env["crm.coaching.session"]
        sessions = Session.search(
            [
                ("rep_id", "in", reps.ids),
                ("state", "in", ("done", "acknowledged")),
                ("date", ">=", fields.Datetime.to_datetime(date_from)),
                ("date", "<", fields.Datetime.to_datetime(date_to) + timedelta(days=1)),
            ],
            order="date asc",
        )
        profiles = self.env["crm.coaching.skill.profile"].search([("rep_id", "in", reps.ids)])
        actions = self.env["crm.coaching.action"].search(
            [("rep_id", "in", reps.ids), "|", ("state", "=", "open"), ("session_id", "in", sessions.ids)]
        )
        return {
            "doc_ids": reps.ids,
            "doc_model": "res.users",
            "docs": reps,
            "date_from": date_from,
            "date_to": date_to,
            "sessions_by_rep": sessions.grouped("rep_id"),
            "profiles_by_rep": profiles.grouped("rep_id"),
            "actions_by_rep": actions.grouped("rep_id"),
            "today": fields.Date.context_today(self),
        }
