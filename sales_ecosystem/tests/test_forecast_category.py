# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.tests import tagged

from .common import ForecastCommon, SalesEcosystemCommon


@tagged("post_install", "-at_install")
class TestForecastCategory(ForecastCommon):
    """The forecast category: the stage's default, the rep's choice, tracked, Closed when won."""

    def test_category_follows_the_stage_and_the_rep_changes_it(self):
        lead = self._create_lead("FC deal")
        self.assertEqual(lead.forecast_category, "pipeline")
        lead = lead.with_user(self.user_rep_a)
        lead.stage_id = self.stage_qualified
        self.assertEqual(lead.forecast_category, "best_case", "the stage's category on a stage move")
        lead.forecast_category = "commit"
        self.assertEqual(lead.forecast_category, "commit", "the rep's choice stands")
        lead.expected_revenue = 12000
        self.assertEqual(lead.forecast_category, "commit", "only a stage move resets it")
        lead.stage_id = self.stage_proposal
        self.assertEqual(lead.forecast_category, "commit")
        lead.stage_id = self.stage_won
        self.assertEqual(lead.forecast_category, "closed", "won deals are Closed")

    def test_lost_deals_are_omitted_and_leads_have_none(self):
        deal = self._create_lead("FC lost", stage=self.stage_qualified)
        deal.with_user(self.user_rep_a).action_set_lost()
        self.assertEqual(deal.forecast_category, "omitted")
        lead = self._create_lead("FC lead", type="lead")
        self.assertFalse(lead.forecast_category)

    def test_category_change_is_tracked(self):
        lead = self._create_lead("FC tracked")
        self.env.cr.precommit.run()
        lead = lead.with_user(self.user_rep_a)
        lead.forecast_category = "best_case"
        self.env.cr.precommit.run()
        lead.forecast_category = "commit"
        self.env.cr.precommit.run()
        values = lead.sudo().message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "forecast_category"
        )
        self.assertEqual(
            sorted((v.old_value_char, v.new_value_char) for v in values)[-1], ("Best Case", "Commit")
        )
        self.assertIn("Best Case", values.mapped("new_value_char"))

    def test_search_and_group_by_category(self):
        commit = self._create_lead("FC commit", stage=self.stage_proposal)
        self._create_lead("FC pipe")
        Lead = self.env["crm.lead"].with_user(self.user_rep_a)
        self.assertEqual(Lead.search([("forecast_category", "=", "commit"), ("name", "like", "FC ")]), commit)
        groups = dict(Lead._read_group([("name", "like", "FC ")], ["forecast_category"], ["__count"]))
        self.assertEqual(groups, {"commit": 1, "pipeline": 1})


@tagged("post_install", "-at_install")
class TestForecastSwitchedOff(SalesEcosystemCommon):
    """Off by default: nothing changes until switched on; switching on categorises the deals there are."""

    def test_off_by_default_then_switched_on(self):
        capability = self.env["sales.ecosystem.capability"]
        if capability._is_enabled("forecast"):
            self.env["res.config.settings"].create({"group_se_forecast": False}).execute()
        self.stage_proposal.forecast_category = "commit"
        lead = self._create_lead("FC off", stage=self.stage_proposal)
        won = self._create_lead("FC off won", stage=self.stage_won)
        self.assertFalse(lead.forecast_category, "switched off: no category")
        lead.with_user(self.user_rep_a).stage_id = self.stage_qualified
        self.assertFalse(lead.forecast_category)
        self.assertFalse(self.user_rep_a.has_group("sales_ecosystem.group_se_forecast"))
        self.env["res.config.settings"].create({"group_se_forecast": True}).execute()
        self.assertTrue(capability._is_enabled("forecast"))
        self.assertEqual(lead.forecast_category, "pipeline")
        self.assertEqual(won.forecast_category, "closed")
        self.assertTrue(self.user_rep_a.has_group("sales_ecosystem.group_se_forecast"))
