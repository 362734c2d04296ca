# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, models


class CrmCoachingSession(models.Model):
    _inherit = "crm.coaching.session"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # COACHING SUGGESTIONS
    # ------------------------------------------------------------

    @api.model
    def _coaching_signal_methods(self):
        methods = super()._coaching_signal_methods()
        if self.env["sales.ecosystem.capability"]._is_enabled("forecast"):
            methods = [*methods, "_coaching_signal_over_forecasting"]
        return methods

    @api.model
    def _coaching_signal_over_forecasting(self, leads):
        """Reps who over-forecast persistently: their latest calls of the last
        ``sales_ecosystem.forecast_overcall_periods`` closed periods (default 2) all called a commit more than
        ``sales_ecosystem.forecast_overcall_percent`` (default 20) % above what they won: a pipeline review of their
        open deals. One search of the scored calls for all reps."""
        # sudo: technical settings
        params = self.env["ir.config_parameter"].sudo()
        periods = max(1, int(params.get_param("sales_ecosystem.forecast_overcall_periods", 2)))
        percent = float(params.get_param("sales_ecosystem.forecast_overcall_percent", 20))
        # sudo: the suggestion cron reads every rep's scored calls
        calls = (
            self.env["crm.forecast.call"]
            .sudo()
            .search(
                [("call_level", "=", "rep"), ("is_latest", "=", True), ("period_id.state", "=", "closed")],
                order="user_id, id desc",
            )
        )
        calls = calls.sorted(lambda c: (c.user_id.id, c.period_id.date_from), reverse=True)
        result = {}
        deals_by_rep = leads.grouped("user_id")
        for rep, rep_calls in calls.grouped("user_id").items():
            recent = rep_calls[:periods]
            if len(recent) < periods or not all(call.bias > percent for call in recent):
                continue
            rep = rep.with_env(self.env)
            topic = self.env._(
                "Over-forecasting: the last %(count)s calls were %(bias)s%% above what was won on average; review "
                "the pipeline behind the calls",
                count=len(recent),
                bias=round(sum(recent.mapped("bias")) / len(recent)),
            )
            result[rep] = [(topic, deals_by_rep.get(rep, leads.browse()))]
        return result
