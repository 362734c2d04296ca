# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.tests import tagged

from .common import SalesEcosystemHttpCommon


@tagged("post_install", "-at_install")
class TestGateTour(SalesEcosystemHttpCommon):
    def test_complete_the_gate_dialog(self):
        env = self.env
        rep = mail_new_test_user(
            env,
            login="se_gate_tour_rep",
            name="Tara Tour",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        methodology = env["crm.methodology"].create(
            {"name": "SE Tour Method", "criterion_ids": [(0, 0, {"name": "Pain", "sequence": 1})]}
        )
        team = env["crm.team"].create(
            {"name": "SE Tour Team", "gate_mode": "block", "methodology_id": methodology.id}
        )
        env["crm.team.member"].create({"crm_team_id": team.id, "user_id": rep.id})
        Stage = env["crm.stage"]
        qualified = Stage.create(
            {"name": "SE Tour Qualified", "sequence": 200, "team_ids": [(6, 0, team.ids)]}
        )
        proposal = Stage.create({"name": "SE Tour Proposal", "sequence": 201, "team_ids": [(6, 0, team.ids)]})
        gate = env["crm.stage.gate"].create({"stage_id": proposal.id})
        env["crm.gate.requirement"].create(
            {
                "gate_id": gate.id,
                "name": "Pain confirmed",
                "kind": "criterion",
                "criterion_id": methodology.criterion_ids.id,
                "min_status": "confirmed",
            }
        )
        env["crm.gate.requirement"].create(
            {
                "gate_id": gate.id,
                "name": "Lead source known",
                "kind": "field",
                "field_id": env["ir.model.fields"]._get("crm.lead", "source_id").id,
            }
        )
        source = env["utm.source"].create({"name": "SE Tour Fair"})
        lead = env["crm.lead"].create(
            {
                "name": "Tour deal",
                "type": "opportunity",
                "user_id": rep.id,
                "team_id": team.id,
                "stage_id": qualified.id,
                "off_strategy_reason": "existing_customer",
            }
        )
        self.se_start_tour(
            f"/odoo/action-crm.crm_lead_action_pipeline/{lead.id}",
            "sales_ecosystem_gate_tour",
            login=rep.login,
        )
        self.assertEqual(lead.stage_id, proposal)
        self.assertEqual(lead.methodology_status_ids.status, "confirmed")
        self.assertEqual(lead.source_id, source)
        evidence = lead.message_ids.filtered(lambda m: "Gate evidence entered" in (m.body or ""))
        self.assertEqual(len(evidence), 1, "what the rep entered is noted in the chatter")
        self.assertIn("SE Tour Fair", evidence.body)
        # the refused click was recorded for the analytics, although its request was rolled back
        attempt = env["crm.gate.attempt"].search([("lead_id", "=", lead.id)])
        self.assertEqual((attempt.stage_id, attempt.user_id), (proposal, rep))
        self.assertEqual(set(attempt.requirement_ids.mapped("name")), {"Pain confirmed", "Lead source known"})

    def test_complete_the_gate_from_kanban_drag(self):
        env = self.env
        rep = mail_new_test_user(
            env,
            login="se_gate_kanban_rep",
            name="Kim Kanban",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        methodology = env["crm.methodology"].create(
            {"name": "SE Kanban Method", "criterion_ids": [(0, 0, {"name": "Pain", "sequence": 1})]}
        )
        team = env["crm.team"].create({"name": "SE Kanban Team", "methodology_id": methodology.id})
        env["crm.team.member"].create({"crm_team_id": team.id, "user_id": rep.id})
        # all-teams stages, so that the pipeline shows their (empty) columns
        proposal = env["crm.stage"].create({"name": "SE Kanban Proposal", "sequence": 3})
        gate = env["crm.stage.gate"].create({"stage_id": proposal.id})
        env["crm.gate.requirement"].create(
            {
                "gate_id": gate.id,
                "name": "Pain confirmed",
                "kind": "criterion",
                "criterion_id": methodology.criterion_ids.id,
                "min_status": "confirmed",
            }
        )
        first_stage = env["crm.stage"].search([("team_ids", "=", False)], order="sequence, id", limit=1)
        lead = env["crm.lead"].create(
            {
                "name": "Kanban tour deal",
                "type": "opportunity",
                "user_id": rep.id,
                "team_id": team.id,
                "stage_id": first_stage.id,
                "off_strategy_reason": "existing_customer",
            }
        )
        self.se_start_tour(
            "/odoo/action-crm.crm_lead_action_pipeline", "sales_ecosystem_gate_kanban_tour", login=rep.login
        )
        self.assertEqual(lead.stage_id, proposal)
