# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from ..models.crm_lead_icp import OffStrategyBlockedError
from .common import IcpCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15")
class TestStrategy(IcpCommon):
    def test_strategy_from_list_and_tier(self):
        """Default rule: on a target list, or ICP tier A."""
        on_list = self._create_lead("Listed", partner=self.partner_fit)
        off = self._create_lead("Unfit", partner=self.partner_unfit)
        self.assertEqual(on_list.strategy, "on")
        self.assertEqual(off.strategy, "off")
        # a tier-A account off any list is On Strategy under the default rule ...
        self.target_list.line_ids.unlink()
        self.assertEqual(on_list.icp_tier, "a")
        self.assertEqual(on_list.strategy, "on")
        # ... but not when the rule asks for a target list
        self.env["ir.config_parameter"].set_param("sales_ecosystem.strategy_rule", "list")
        self.env["crm.lead"]._cron_refresh_strategy()
        self.assertEqual(on_list.strategy, "off")

    def test_rule_list_and_tier_via_settings(self):
        lead = self._create_lead("Listed", partner=self.partner_fit)
        settings = (
            self.env["res.config.settings"]
            .with_user(self.env.ref("base.user_admin"))
            .create({"se_strategy_rule": "list_and_tier", "se_strategy_min_tier": "a"})
        )
        settings.execute()
        self.assertEqual(lead.strategy, "on")
        self.partner_fit.employee_count = 5000  # 60 -> tier B
        self.assertEqual(lead.strategy, "off")

    def test_list_expiry_refreshed_daily(self):
        self.env["ir.config_parameter"].set_param("sales_ecosystem.strategy_rule", "list")
        lead = self._create_lead("Listed", partner=self.partner_fit)
        self.assertEqual(lead.strategy, "on")
        with freeze_time("2027-01-02"):
            self.env["crm.lead"]._cron_refresh_strategy()
            self.assertEqual(
                lead.strategy, "none", "the company's only list expired: no strategy, Not Assessed"
            )
        # with another list of the company still valid, the deal whose list expired is Off Strategy
        self.env["crm.target.list"].create(
            {
                "name": "Long list",
                "date_from": "2026-01-01",
                "line_ids": [(0, 0, {"partner_id": self.partner_unfit.id})],
            }
        )
        with freeze_time("2027-01-02"):
            self.env["crm.lead"]._cron_refresh_strategy()
            self.assertEqual(lead.strategy, "off")

    def test_off_strategy_needs_reason_past_first_stage(self):
        lead = self._create_lead("Unfit", partner=self.partner_unfit).with_user(self.user_rep_a)
        self.assertEqual(lead.strategy, "off")
        lead.write({"expected_revenue": 5000})  # staying in the first stage is fine
        with self.assertRaisesRegex(ValidationError, "(?s)Off-Strategy Reason.*Unfit"):
            lead.write({"stage_id": self.stage_qualified.id})
        lead.invalidate_recordset()
        self.assertEqual(lead.stage_id, self.stage_new, "nothing moved")
        with self.assertRaisesRegex(ValidationError, "Off-Strategy Reason"):
            lead.action_set_won()
        with self.assertRaisesRegex(ValidationError, "Off-Strategy Note"):
            lead.write({"off_strategy_reason": "other"})
        lead.write({"off_strategy_reason": "existing_customer", "stage_id": self.stage_qualified.id})
        self.assertEqual(lead.stage_id, self.stage_qualified)

    def test_off_strategy_create_past_first_stage_refused(self):
        with self.assertRaisesRegex(ValidationError, "Off-Strategy Reason"):
            self.env["crm.lead"].with_user(self.user_rep_a).create(
                {
                    "name": "Imported unfit",
                    "type": "opportunity",
                    "partner_id": self.partner_unfit.id,
                    "stage_id": self.stage_proposal.id,
                    "team_id": self.team_a.id,
                }
            )

    def test_multi_write_all_or_nothing(self):
        good = self._create_lead("Listed", partner=self.partner_fit)
        bad = self._create_lead("Unfit", partner=self.partner_unfit)
        with self.assertRaisesRegex(ValidationError, "Unfit"):
            (good | bad).with_user(self.user_rep_a).write({"stage_id": self.stage_qualified.id})
        self.env.invalidate_all()
        self.assertEqual((good | bad).stage_id, self.stage_new)

    def test_strategy_frozen_once_won(self):
        lead = self._create_lead("Listed", partner=self.partner_fit)
        lead.with_user(self.user_rep_a).action_set_won()
        self.env["ir.config_parameter"].set_param("sales_ecosystem.strategy_rule", "tier")
        self.partner_fit.industry_id = self.industry_gambling
        self.env["crm.lead"]._cron_refresh_strategy()
        self.assertEqual(lead.strategy, "on", "won business keeps the strategy it was won with")

    def test_strategy_share_per_rep(self):
        self._create_lead("Listed A", partner=self.partner_fit, expected_revenue=20000)
        self._create_lead("Unfit A", partner=self.partner_unfit, expected_revenue=80000)
        self._create_lead("Listed B", partner=self.partner_fit, user=self.user_rep_b, expected_revenue=50000)
        action = self.env["crm.strategy.share"].with_user(self.user_manager_a).action_open()
        shares = self.env["crm.strategy.share"].with_user(self.user_manager_a).search(action["domain"])
        share_a = shares.filtered(lambda s: s.user_id == self.user_rep_a)
        share_b = shares.filtered(lambda s: s.user_id == self.user_rep_b)
        self.assertEqual(share_a.share, 20.0)
        self.assertTrue(share_a.is_below_target, "under 30% On-Strategy is flagged")
        self.assertEqual(share_b.share, 100.0)
        self.assertFalse(share_b.is_below_target)
        # a rep only sees their own figures
        action = self.env["crm.strategy.share"].with_user(self.user_rep_b).action_open()
        rep_shares = self.env["crm.strategy.share"].with_user(self.user_rep_b).search(action["domain"])
        self.assertEqual(rep_shares.user_id, self.user_rep_b)

    def test_analysis_by_tier_and_strategy(self):
        self._create_lead("Listed A", partner=self.partner_fit, expected_revenue=20000)
        won = self._create_lead("Listed won", partner=self.partner_fit, expected_revenue=30000)
        won.action_set_won()
        self._create_lead("Unfit A", partner=self.partner_unfit, expected_revenue=80000)
        groups = (
            self.env["crm.strategy.report"]
            .with_user(self.user_manager_a)
            ._read_group(
                [("user_id", "=", self.user_rep_a.id)], ["strategy"], ["pipeline_value:sum", "won_value:sum"]
            )
        )
        self.assertEqual({s: (p, w) for s, p, w in groups}, {"on": (20000, 30000), "off": (80000, 0)})

    def test_strategy_change_tracked(self):
        self.env["ir.config_parameter"].set_param("sales_ecosystem.strategy_rule", "list")
        lead = self._create_lead("Listed", partner=self.partner_fit)
        self.env.cr.precommit.run()  # end of the creating transaction
        self.target_list.line_ids.unlink()
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = lead.message_ids.tracking_value_ids.filtered(lambda v: v.field_id.name == "strategy")
        self.assertTrue(tracked)


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15")
class TestOffStrategyFriction(IcpCommon):
    """The Off-Strategy refusal is typed and says why; the reason dialog retries the move; a rep can mark a deal Off
    Strategy by hand; a reason does not outlive the deal's Off-Strategy status."""

    def test_refusal_is_typed_and_says_why(self):
        lead = self._create_lead("Unfit", partner=self.partner_unfit).with_user(self.user_rep_a)
        with self.assertRaises(OffStrategyBlockedError) as caught:
            lead.write({"stage_id": self.stage_qualified.id})
        refusal = caught.exception.context["sales_ecosystem_off_strategy"]
        self.assertEqual(
            refusal, {"res_model": "crm.lead", "res_ids": lead.ids, "stage_id": self.stage_qualified.id}
        )
        self.assertEqual(
            caught.exception.context["exception_class"],
            "sales_ecosystem.off_strategy_blocked",
            "the web client's dialog is registered on this stable name, not on the class's Python path",
        )
        message = str(caught.exception)
        self.assertIn("not on an active target list", message)
        self.assertIn("ICP tier (Off profile) is below the minimum (A)", message)
        self.assertNotIn("insufficient", message)

    def test_reason_then_note_in_the_form_then_the_move(self):
        """The rep's path on the form: the reason, then the note (one onchange each), save, then the move."""
        lead = self._create_lead("Unfit", partner=self.partner_unfit)
        with Form(lead.with_user(self.user_rep_a)) as form:
            form.off_strategy_reason = "existing_customer"
            form.off_strategy_note = "The retail arm is expanding with us"
        self.assertEqual(lead.off_strategy_reason, "existing_customer")
        with Form(lead.with_user(self.user_rep_a)) as form:
            form.stage_id = self.stage_qualified
        self.assertEqual(
            (lead.stage_id, lead.off_strategy_reason), (self.stage_qualified, "existing_customer")
        )

    def test_refusal_tells_insufficient_data_from_misfit(self):
        self.env["ir.config_parameter"].set_param("sales_ecosystem.strategy_rule", "tier")
        lead = self._create_lead("No data", partner=self.partner_empty).with_user(self.user_rep_a)
        self.assertEqual((lead.icp_tier, lead.strategy), ("insufficient", "off"))
        with self.assertRaisesRegex(
            OffStrategyBlockedError, "ICP fit is unknown: the account's data is insufficient"
        ):
            lead.write({"stage_id": self.stage_qualified.id})
        with self.assertRaises(OffStrategyBlockedError) as caught:
            lead.write({"stage_id": self.stage_qualified.id})
        self.assertNotIn("below the minimum", str(caught.exception))
        self.assertNotIn("target list", str(caught.exception), "the rule is the tier only")

    def test_reason_dialog_retries_the_move(self):
        lead = self._create_lead("Unfit", partner=self.partner_unfit)
        Wizard = (
            self.env["crm.off.strategy.wizard"]
            .with_user(self.user_rep_a)
            .with_context(default_lead_ids=lead.ids, default_stage_id=self.stage_qualified.id)
        )
        wizard = Wizard.create({"off_strategy_reason": "other"})
        self.assertIn(
            "Unfit is Off Strategy: its account is not on an active target list", wizard.explanation
        )
        with self.assertRaisesRegex(ValidationError, "Off-Strategy Note"):
            wizard.action_apply()
        self.assertEqual(lead.stage_id, self.stage_new, "nothing half-written")
        wizard = Wizard.create({"off_strategy_reason": "partner_referral", "off_strategy_note": "Referral"})
        self.assertEqual(wizard.action_apply()["tag"], "soft_reload")
        self.assertEqual(
            (lead.stage_id, lead.off_strategy_reason, lead.off_strategy_note),
            (self.stage_qualified, "partner_referral", "Referral"),
        )

    def test_reason_dialog_for_a_deal_refused_at_creation(self):
        wizard = (
            self.env["crm.off.strategy.wizard"]
            .with_user(self.user_rep_a)
            .with_context(default_lead_ids=[999999999], default_stage_id=self.stage_qualified.id)
            .create({})
        )
        self.assertFalse(wizard.lead_ids)
        self.assertIn("not saved", wizard.explanation)

    def test_manual_off_strategy(self):
        lead = self._create_lead("Listed", partner=self.partner_fit, stage=self.stage_qualified)
        self.assertEqual(lead.strategy, "on")
        rep_lead = lead.with_user(self.user_rep_a)
        with self.assertRaisesRegex(ValidationError, "give an Off-Strategy Reason to mark it Off Strategy"):
            rep_lead.write({"is_off_strategy_manual": True})
        action = rep_lead.action_mark_off_strategy()
        wizard = (
            self.env["crm.off.strategy.wizard"]
            .with_user(self.user_rep_a)
            .with_context(**action["context"])
            .create({"off_strategy_reason": "executive_request", "off_strategy_note": "Only a pilot"})
        )
        wizard.action_apply()
        self.assertTrue(lead.is_off_strategy_manual)
        self.assertEqual((lead.strategy, lead.off_strategy_reason), ("off", "executive_request"))
        self.assertIn("marked Off Strategy by hand", lead._off_strategy_explanation()[lead.id])
        # back to the rule: On Strategy again, and the reason goes with the Off status
        rep_lead.action_unmark_off_strategy()
        self.assertEqual(
            (lead.strategy, lead.off_strategy_reason, lead.off_strategy_note), ("on", False, False)
        )

    def test_stale_reason_cleared_when_on_strategy(self):
        lead = self._create_lead("Unfit", partner=self.partner_unfit)
        lead.with_user(self.user_rep_a).write(
            {
                "off_strategy_reason": "new_segment",
                "off_strategy_note": "Testing retail",
                "stage_id": self.stage_qualified.id,
            }
        )
        self.env.cr.precommit.run()
        self.target_list.line_ids = [(0, 0, {"partner_id": self.partner_unfit.id})]
        self.assertEqual(lead.strategy, "on")
        self.assertFalse(lead.off_strategy_reason, "a reason does not linger once the deal is On Strategy")
        self.assertFalse(lead.off_strategy_note)
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = lead.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "off_strategy_reason"
        )
        self.assertTrue(tracked, "the cleared reason shows in the chatter")
