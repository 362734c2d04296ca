# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmForecastQuota(models.Model):
    """What a rep, or a team, is expected to win in a forecast period: one quota per rep (or team) and period."""

    _name = "crm.forecast.quota"
    _description = "Forecast Quota"
    _order = "period_id desc, team_id, user_id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    period_id = fields.Many2one("crm.forecast.period", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", "Salesperson", index=True, ondelete="cascade")
    team_id = fields.Many2one("crm.team", "Sales Team", index=True, ondelete="cascade")
    amount = fields.Monetary("Quota", required=True, currency_field="currency_id")
    company_id = fields.Many2one(related="period_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="period_id.company_id.currency_id")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("period_id", "user_id", "team_id")
    def _compute_display_name(self):
        for quota in self:
            who = quota.user_id.name or quota.team_id.name or "?"
            quota.display_name = f"{quota.period_id.name} / {who}"

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("user_id", "team_id", "amount", "period_id")
    def _check_quota(self):
        for quota in self:
            if bool(quota.user_id) == bool(quota.team_id):
                raise ValidationError(
                    self.env._(
                        "Quota %(quota)s: give either a Salesperson or a Sales Team, not both nor none.",
                        quota=quota.display_name,
                    )
                )
            if quota.amount < 0:
                raise ValidationError(
                    self.env._(
                        "Quota %(quota)s: the Quota cannot be negative (%(amount)s).",
                        quota=quota.display_name,
                        amount=quota.amount,
                    )
                )
        # sudo: a duplicate quota is one whatever the user may read
        groups = self.sudo()._read_group(
            [("period_id", "in", self.period_id.ids)], ["period_id", "user_id", "team_id"], ["__count"]
        )
        for period, user, team, count in groups:
            if count > 1:
                raise ValidationError(
                    self.env._(
                        "Forecast period %(period)s: %(who)s has %(count)s quotas (Salesperson / Sales Team); one "
                        "quota per period.",
                        period=period.name,
                        who=user.name or team.name,
                        count=count,
                    )
                )
