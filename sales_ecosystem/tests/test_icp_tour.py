# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.tests import tagged

from .common import IcpCommon, SalesEcosystemHttpCommon


@tagged("post_install", "-at_install")
class TestIcpTour(IcpCommon, SalesEcosystemHttpCommon):
    def test_rep_sets_off_strategy_reason(self):
        lead = self._create_lead("Retail expansion", partner=self.partner_unfit)
        self.assertEqual(lead.strategy, "off")
        self.se_start_tour(f"/odoo/crm/{lead.id}", "sales_ecosystem_icp_tour", login=self.user_rep_a.login)
        lead.invalidate_recordset()
        self.assertEqual(lead.off_strategy_reason, "existing_customer")
        self.assertEqual(lead.off_strategy_note, "The retail arm is expanding with us")
        self.assertEqual(lead.stage_id, self.stage_qualified)

    def test_off_strategy_refusal_dialog_gives_the_reason_and_moves(self):
        lead = self._create_lead("Retail rollout", partner=self.partner_unfit)
        self.assertEqual((lead.strategy, lead.stage_id), ("off", self.stage_new))
        self.se_start_tour(
            f"/odoo/crm/{lead.id}", "sales_ecosystem_off_strategy_tour", login=self.user_rep_a.login
        )
        lead.invalidate_recordset()
        self.assertEqual(lead.off_strategy_reason, "partner_referral")
        self.assertEqual(lead.off_strategy_note, "Referred by our Antwerp partner")
        self.assertEqual(lead.stage_id, self.stage_qualified)
