# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command, api, fields, models


class CrmStrategyShare(models.TransientModel):
    """On-Strategy share of open and won business per rep, flagged under the company's target (default 30%)."""

    _name = "crm.strategy.share"
    _description = "On-Strategy Share per Rep"
    _order = "share asc"

    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True, help="The rep's main team.")
    user_team_ids = fields.Many2many(
        "crm.team", string="Rep's Teams", readonly=True, help="Every team the rep belongs to or leads."
    )
    total_value = fields.Float("Open + Won Value", readonly=True)
    on_strategy_value = fields.Float("On-Strategy Value", readonly=True)
    share = fields.Float("On-Strategy Share (%)", readonly=True, aggregator="avg")
    target = fields.Float("Target (%)", readonly=True)
    is_below_target = fields.Boolean("Below Target", readonly=True)

    @api.model
    def _get_target(self):
        # sudo: the target share is a technical setting shown to every user
        return float(
            self.env["ir.config_parameter"].sudo().get_param("sales_ecosystem.on_strategy_target", 30)
        )

    @api.model
    def action_open(self):
        """Compute the shares over the deals the current user may read, one row per rep (whatever the teams of their
        deals), then open them flagged, on the user's teams (a filter the user may remove)."""
        target = self._get_target()
        groups = self.env["crm.strategy.report"]._read_group(
            [("won_status", "!=", "lost")],
            ["user_id"],
            ["pipeline_value:sum", "won_value:sum", "on_strategy_value:sum"],
        )
        users = self.env["res.users"].browse([user.id for user, *_rest in groups if user])
        # sudo: team membership and leadership of the reps shown, one read for all of them
        teams_by_user = {user.id: user.sale_team_id | user.crm_team_ids for user in users.sudo()}
        led = dict(
            self.env["crm.team"]
            .sudo()
            ._read_group([("user_id", "in", users.ids)], ["user_id"], ["id:array_agg"])
        )
        vals_list = []
        for user, pipeline, won, on_value in groups:
            teams = teams_by_user.get(user.id, self.env["crm.team"])
            total = (pipeline or 0) + (won or 0)
            share = 100.0 * on_value / total if total else 0.0
            vals_list.append(
                {
                    "user_id": user.id,
                    "team_id": teams[:1].id,
                    "user_team_ids": [Command.set(teams.ids + (led.get(user) or []))],
                    "total_value": total,
                    "on_strategy_value": on_value,
                    "share": round(share, 1),
                    "target": target,
                    "is_below_target": share < target,
                }
            )
        records = self.create(vals_list)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("On-Strategy Share per Rep"),
            "res_model": self._name,
            "view_mode": "list,graph",
            "domain": [("id", "in", records.ids)],
            "context": {"search_default_filter_my_teams": 1},
        }
