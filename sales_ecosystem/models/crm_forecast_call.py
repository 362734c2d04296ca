# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

CALL_LEVELS = [("rep", "Salesperson"), ("team", "Team (manager)")]
#: the fields the system maintains on a submitted call; everything else is frozen at submission
_SYSTEM_FIELDS = {"is_latest", "won_amount", "accuracy", "bias", "prorated_accuracy", "projection_accuracy"}


class CrmForecastCall(models.Model):
    """A forecast call: what a rep commits to win in a period (commit) and could win (best case), with the deals
    behind each frozen at submission; or a manager's call for the team: the latest calls of its reps summed, plus an
    adjustment with a note. Never changed once submitted: a new submission is a new call (the history), the latest
    counts."""

    _name = "crm.forecast.call"
    _description = "Forecast Call"
    _order = "date_submitted desc, id desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    period_id = fields.Many2one("crm.forecast.period", index=True, ondelete="cascade")
    call_level = fields.Selection(CALL_LEVELS, "Level", required=True, default="rep")
    user_id = fields.Many2one(
        "res.users",
        "Submitted By",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        readonly=True,
    )
    team_id = fields.Many2one("crm.team", "Sales Team", index=True)
    company_id = fields.Many2one(related="period_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="period_id.company_id.currency_id")
    date_submitted = fields.Datetime("Submitted", default=fields.Datetime.now, required=True, readonly=True)
    is_latest = fields.Boolean("Latest", readonly=True, copy=False, index=True)
    commit_amount = fields.Monetary(
        "Commit",
        currency_field="currency_id",
        compute="_compute_call_amounts",
        store=True,
        readonly=False,
        help="Salesperson: defaults to what is won in the period plus the open Commit deals. Team: the reps' latest "
        "calls summed plus the adjustment.",
    )
    best_case_amount = fields.Monetary(
        "Best Case",
        currency_field="currency_id",
        compute="_compute_call_amounts",
        store=True,
        readonly=False,
        help="Salesperson: defaults to the commit plus the open Best Case deals.",
    )
    comment = fields.Text()
    line_ids = fields.One2many("crm.forecast.call.line", "call_id", "Deals at Submission", readonly=True)
    rep_commit_total = fields.Monetary(
        "Reps' Commit",
        currency_field="currency_id",
        compute="_compute_call_amounts",
        store=True,
        help="Team calls: the reps' latest calls summed at submission.",
    )
    rep_best_case_total = fields.Monetary(
        "Reps' Best Case", currency_field="currency_id", compute="_compute_call_amounts", store=True
    )
    adjustment_commit = fields.Monetary("Commit Adjustment", currency_field="currency_id")
    adjustment_best_case = fields.Monetary("Best Case Adjustment", currency_field="currency_id")
    adjustment_note = fields.Text()
    prorated_amount = fields.Monetary(
        "Prorated at Submission",
        currency_field="currency_id",
        readonly=True,
        help="Odoo's forecast at submission: won in the period plus the open deals' prorated revenue.",
    )
    won_amount = fields.Monetary(
        "Won", currency_field="currency_id", readonly=True, help="What was won in the period, when it closed."
    )
    accuracy = fields.Float(
        "Accuracy (%)",
        readonly=True,
        aggregator="avg",
        help="When the period closes: 100 - |commit - won| / won x 100 (not below 0).",
    )
    bias = fields.Float(
        "Bias (%)",
        readonly=True,
        aggregator="avg",
        help="When the period closes: (commit - won) / won x 100; above 0: over-forecast.",
    )
    prorated_accuracy = fields.Float(
        "Prorated Accuracy (%)", readonly=True, aggregator="avg", help="The same for the prorated revenue."
    )
    projection_amount = fields.Monetary(
        "Projection at Submission",
        currency_field="currency_id",
        readonly=True,
        help="The addon's projection at submission: won in the period plus the rep's open deals weighted by their "
        "chance calibrated on the company's history (see the forecast board).",
    )
    projection_accuracy = fields.Float(
        "Projection Accuracy (%)", readonly=True, aggregator="avg", help="The same for the projection."
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("period_id", "user_id", "team_id", "call_level")
    def _compute_display_name(self):
        for call in self:
            who = call.team_id.name if call.call_level == "team" else call.user_id.name
            call.display_name = f"{call.period_id.name or '?'} / {who}"

    @api.depends("period_id", "user_id", "team_id", "call_level", "adjustment_commit", "adjustment_best_case")
    def _compute_call_amounts(self):
        """The figures a call form proposes before submission (once submitted, a call never changes)."""
        for call in self:
            if call._origin.id:
                # submitted: frozen
                call.commit_amount = call.commit_amount
                call.best_case_amount = call.best_case_amount
                call.rep_commit_total = call.rep_commit_total
                call.rep_best_case_total = call.rep_best_case_total
                continue
            values = {"period_id": call.period_id.id, "team_id": call.team_id.id}
            if call.period_id and call.call_level == "team" and call.team_id:
                values.update(
                    adjustment_commit=call.adjustment_commit, adjustment_best_case=call.adjustment_best_case
                )
                call._team_call_totals(values, call.period_id, call.team_id)
            elif call.period_id and call.call_level == "rep":
                call._rep_call_lines(values, call.period_id, call.user_id or self.env.user)
            call.commit_amount = values.get("commit_amount", 0.0)
            call.best_case_amount = values.get("best_case_amount", 0.0)
            call.rep_commit_total = values.get("rep_commit_total", 0.0)
            call.rep_best_case_total = values.get("rep_best_case_total", 0.0)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Period = self.env["crm.forecast.period"]
        for vals in vals_list:
            vals.setdefault("user_id", self.env.uid)
            vals.setdefault("call_level", "rep")
            user = self.env["res.users"].browse(vals["user_id"])
            period = Period.browse(vals.get("period_id"))
            if not period:
                raise ValidationError(
                    self.env._("Forecast call of %(user)s: the Period is required.", user=user.name)
                )
            if period.state != "open":
                raise ValidationError(
                    self.env._(
                        "Forecast call of %(user)s: the Period %(period)s is closed, no call can be submitted "
                        "for it.",
                        user=user.name,
                        period=period.name,
                    )
                )
            if vals["call_level"] == "team":
                self._prepare_team_call(vals, period)
            else:
                self._prepare_rep_call(vals, period, user)
        calls = super().create(vals_list)
        # sudo: the previous calls are history the submitter may not write (a rep cannot edit a call)
        for call in calls:
            previous = self.sudo().search(
                [
                    ("period_id", "=", call.period_id.id),
                    ("call_level", "=", call.call_level),
                    ("is_latest", "=", True),
                    ("id", "!=", call.id),
                    (
                        "user_id" if call.call_level == "rep" else "team_id",
                        "=",
                        (call.user_id if call.call_level == "rep" else call.team_id).id,
                    ),
                ]
            )
            previous.write({"is_latest": False})
        calls.sudo().write({"is_latest": True})
        return calls

    def write(self, vals):
        frozen = set(vals) - _SYSTEM_FIELDS
        if frozen:
            raise UserError(
                self.env._(
                    "Forecast call %(call)s was submitted: its %(fields)s cannot change; submit a new call.",
                    call=", ".join(self.mapped("display_name")),
                    fields=", ".join(self._fields[f].string for f in sorted(frozen) if f in self._fields),
                )
            )
        if vals and not self.env.su:
            # write access lets the web client submit a call (its form saves); nothing of a submitted call is
            # written by a user: the system fields are the system's (sudo)
            raise UserError(
                self.env._(
                    "Forecast call %(call)s: its %(fields)s are kept by the system, not written by hand.",
                    call=", ".join(self.mapped("display_name")),
                    fields=", ".join(self._fields[f].string for f in sorted(vals) if f in self._fields),
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _prepare_rep_call(self, vals, period, user):
        """A rep's call: the deals behind it frozen (won in the period, Commit and Best Case deals expected to close
        in it); commit and best case default to their sums."""
        if user != self.env.user and not self.env.user.has_group(
            "sales_ecosystem.group_sales_ecosystem_manager"
        ):
            raise UserError(
                self.env._(
                    "Forecast call of %(user)s: a salesperson submits only their own call (Submitted By).",
                    user=user.name,
                )
            )
        for field in ("adjustment_commit", "adjustment_best_case"):
            if vals.get(field):
                raise ValidationError(
                    self.env._(
                        "Forecast call of %(user)s: a salesperson's call has no %(field)s; a manager adjusts the "
                        "team's call.",
                        user=user.name,
                        field=self._fields[field].string,
                    )
                )
        # the form sends the (hidden) team empty: the rep's team then
        vals["team_id"] = vals.get("team_id") or user.sale_team_id.id
        vals.update(rep_commit_total=0.0, rep_best_case_total=0.0)
        self._rep_call_lines(vals, period, user)
        if vals["commit_amount"] < 0 or vals["best_case_amount"] < vals["commit_amount"]:
            raise ValidationError(
                self.env._(
                    "Forecast call of %(user)s: the Commit cannot be negative nor above the Best Case.",
                    user=user.name,
                )
            )

    def _rep_call_lines(self, vals, period, user):
        """The deals behind a rep's call (snapshot lines) and the default figures, into ``vals``."""
        deals = self.env["crm.lead"]._forecast_period_deals(period, user)
        lines = [
            {
                "lead_id": deal.id,
                "name": deal.name,
                "amount": deal.expected_revenue,
                "category": deal.forecast_category,
                "stage_id": deal.stage_id.id,
                "date_deadline": deal.date_deadline,
                "probability": deal.probability,
            }
            for deal in deals
        ]
        won = sum(line["amount"] for line in lines if line["category"] == "closed")
        commit = won + sum(line["amount"] for line in lines if line["category"] == "commit")
        vals.setdefault("commit_amount", commit)
        vals.setdefault(
            "best_case_amount",
            commit + sum(line["amount"] for line in lines if line["category"] == "best_case"),
        )
        vals["line_ids"] = [fields.Command.create(line) for line in lines]
        open_prorated = self.env["crm.lead"]._read_group(
            self.env["crm.lead"]._forecast_open_domain(period, user), [], ["prorated_revenue:sum"]
        )[0][0]
        vals["prorated_amount"] = won + (open_prorated or 0.0)
        vals["projection_amount"] = won + period._projection(user=user)[period.id][0]

    @api.model
    def _accuracy(self, forecast, won):
        """(accuracy, bias) in % of a forecast against what was won (a forecast of 0 for nothing won: 100, 0)."""
        if not won:
            return (100.0, 0.0) if not forecast else (0.0, 100.0)
        return max(0.0, 100.0 - abs(forecast - won) * 100.0 / won), (forecast - won) * 100.0 / won

    def _prepare_team_call(self, vals, period):
        """A manager's call for a team: the reps' latest calls summed, plus the adjustment (with a note)."""
        team = self.env["crm.team"].browse(vals.get("team_id"))
        user = self.env.user
        if not team:
            raise ValidationError(self.env._("Team forecast call: the Sales Team is required."))
        is_admin = user.has_group("sales_ecosystem.group_sales_ecosystem_admin")
        if not is_admin and not (
            user.has_group("sales_ecosystem.group_sales_ecosystem_manager") and team.user_id == user
        ):
            raise UserError(
                self.env._(
                    "Forecast call of team %(team)s: only its manager (team leader) or a Sales Ecosystem "
                    "administrator adjusts the team's call (Commit Adjustment), not %(user)s.",
                    team=team.name,
                    user=user.name,
                )
            )
        adjustment_commit = vals.get("adjustment_commit") or 0.0
        adjustment_best_case = vals.get("adjustment_best_case") or 0.0
        if (adjustment_commit or adjustment_best_case) and not (vals.get("adjustment_note") or "").strip():
            raise ValidationError(
                self.env._(
                    "Forecast call of team %(team)s: an adjustment needs an Adjustment Note saying why.",
                    team=team.name,
                )
            )
        vals["user_id"] = user.id
        vals.pop("commit_amount", None)
        vals.pop("best_case_amount", None)
        self._team_call_totals(vals, period, team)

    def _team_call_totals(self, vals, period, team):
        """The team's figures into ``vals``: its reps' latest calls summed, plus the adjustment."""
        adjustment_commit = vals.get("adjustment_commit") or 0.0
        adjustment_best_case = vals.get("adjustment_best_case") or 0.0
        # sudo: the manager sums every rep's latest call of the team, whatever rule restricts reading them
        rep_calls = self.sudo().search(
            [
                ("period_id", "=", period.id),
                ("call_level", "=", "rep"),
                ("team_id", "=", team.id),
                ("is_latest", "=", True),
            ]
        )
        vals["rep_commit_total"] = sum(rep_calls.mapped("commit_amount"))
        vals["rep_best_case_total"] = sum(rep_calls.mapped("best_case_amount"))
        vals["commit_amount"] = vals["rep_commit_total"] + adjustment_commit
        vals["best_case_amount"] = vals["rep_best_case_total"] + adjustment_best_case
