# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import logging

from psycopg2 import IntegrityError

from odoo import Command
from odoo.addons.sales_ecosystem.models.crm_gate_mixin import GateBlockedError
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import ConversationCommon, DealContactRoleCommon, DealHealthCommon, GateCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestDealContactRole(DealContactRoleCommon, GateCommon):
    def _move(self, lead, user=None):
        lead.with_user(user or lead.user_id).write({"stage_id": self.stage_proposal.id})

    def test_role_defaulted_from_contact_and_editable(self):
        Role = self.env["crm.lead.contact.role"].with_user(self.user_rep_a)
        line = Role.create({"lead_id": self.deal_a.id, "partner_id": self.contact_eb.id})
        self.assertEqual(line.buying_role, "economic_buyer", "defaulted from the contact's usual role")
        self.assertEqual(line.usual_buying_role, "economic_buyer")
        self.assertEqual(line.company_id, self.company_main, "the deal's company")
        line.buying_role = "coach"
        self.assertEqual(line.buying_role, "coach")
        self.assertEqual(self.contact_eb.buying_role, "economic_buyer", "the contact card is not changed")
        plain = Role.create({"lead_id": self.deal_a.id, "partner_id": self.contact_plain.id})
        self.assertFalse(plain.buying_role, "no usual role: none defaulted")
        # on the deal form: choosing the contact proposes their usual role
        with Form(self.deal_a.with_user(self.user_rep_a)) as form:
            with form.contact_role_ids.new() as row:
                row.partner_id = self.contact_champion
                self.assertEqual(row.buying_role, "champion")
                row.buying_role = "technical_buyer"
        self.assertEqual(
            self.deal_a.contact_role_ids.filtered(
                lambda r: r.partner_id == self.contact_champion
            ).buying_role,
            "technical_buyer",
        )

    def test_role_contact_joins_the_buying_committee(self):
        """A row's contact is one of the deal's people: on its committee (what health counts and the gates read),
        added once whatever the number of rows; removing the row leaves them there, with their usual role."""
        Role = self.env["crm.lead.contact.role"].with_user(self.user_rep_a)
        rows = Role.create(
            [
                {"lead_id": self.deal_a.id, "partner_id": self.contact_eb.id, "buying_role": "coach"},
                {"lead_id": self.deal_a.id, "partner_id": self.contact_champion.id},
            ]
        )
        self.assertEqual(self.deal_a.contact_ids & rows.partner_id, rows.partner_id)
        rows[0].unlink()
        self.assertIn(self.contact_eb, self.deal_a.contact_ids)
        roles = self.deal_a._get_contact_roles()[self.deal_a.id]
        self.assertEqual(roles[self.contact_eb.id], "economic_buyer", "back to the usual role")

    def test_one_role_per_contact_and_deal(self):
        self._add_role(self.deal_a, self.contact_eb)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._add_role(self.deal_a, self.contact_eb, "coach")
        self._add_role(self.deal_b, self.contact_eb, "coach")  # another deal: another role

    def test_no_rows_behaves_as_before(self):
        """Without any deal role, the gate reads the usual roles of the customer and the committee."""
        with self.assertRaises(GateBlockedError):
            self._move(self.deal_a)
        self.deal_a.contact_ids = [Command.link(self.contact_eb.id)]
        self._move(self.deal_a)
        self.assertEqual(self.deal_a.stage_id, self.stage_proposal)
        self.assertFalse(self.env["crm.lead.contact.role"].search([]))

    def test_deal_role_meets_the_gate(self):
        """The champion is the economic buyer in this deal: the gate is met, the contact card stays."""
        self.assertFalse(self.deal_a.with_user(self.user_rep_a).gate_is_ready)
        self._add_role(self.deal_a, self.contact_champion, "economic_buyer")
        self.assertTrue(
            self.deal_a.with_user(self.user_rep_a).gate_is_ready, "the checklist reads the deal role"
        )
        self._move(self.deal_a)
        self.assertEqual(self.deal_a.stage_id, self.stage_proposal)
        self.assertEqual(self.contact_champion.buying_role, "champion")
        # the other deal with the same committee still needs its economic buyer
        with self.assertRaises(GateBlockedError):
            self._move(self.deal_b)

    def test_deal_role_contact_is_one_of_the_deals_people(self):
        """A contact listed in the deal's Buying Roles only (not in the committee) counts for the gate."""
        self._add_role(self.deal_a, self.contact_plain, "economic_buyer")
        self._move(self.deal_a)
        self.assertEqual(self.deal_a.stage_id, self.stage_proposal)

    def test_deal_role_overrides_the_usual_role(self):
        """The usual economic buyer is only a coach in this deal: the gate is not met by them."""
        self.deal_a.contact_ids = [Command.link(self.contact_eb.id)]
        self._add_role(self.deal_a, self.contact_eb, "coach")
        with self.assertRaises(GateBlockedError):
            self._move(self.deal_a)
        # an empty role in the deal: no role in this deal either
        self.deal_a.contact_role_ids.buying_role = False
        with self.assertRaises(GateBlockedError):
            self._move(self.deal_a)
        self.deal_a.contact_role_ids.unlink()
        self._move(self.deal_a)
        self.assertEqual(self.deal_a.stage_id, self.stage_proposal, "row removed: the usual role again")

    def test_contact_roles_definition(self):
        self.deal_a.contact_ids = [Command.link(self.contact_eb.id)]
        self._add_role(self.deal_a, self.contact_eb, "blocker")
        self._add_role(self.deal_a, self.contact_plain, "user_buyer")
        leads = self.deal_a | self.deal_b
        self.assertEqual(
            leads._get_contact_roles(),
            {
                self.deal_a.id: {
                    self.partner_fit.id: False,
                    self.contact_champion.id: "champion",
                    self.contact_eb.id: "blocker",
                    self.contact_plain.id: "user_buyer",
                },
                self.deal_b.id: {self.partner_fit.id: False, self.contact_champion.id: "champion"},
            },
        )
        self.assertEqual(
            leads._get_contact_roles(roles=["champion", "blocker"]),
            {
                self.deal_a.id: {self.contact_champion.id: "champion", self.contact_eb.id: "blocker"},
                self.deal_b.id: {self.contact_champion.id: "champion"},
            },
        )
        self.assertEqual(
            self.deal_a._get_deal_contacts(),
            self.partner_fit | self.contact_champion | self.contact_eb | self.contact_plain,
        )

    def test_complete_gate_wizard_sets_the_deal_role(self):
        """Completing the gate with a contact who has a role row in the deal sets that row, not the contact card."""
        self._add_role(self.deal_a, self.contact_champion)
        action = self.deal_a.with_user(self.user_rep_a).action_check_gate(self.stage_proposal.id)
        wizard = (
            self.env["crm.gate.complete.wizard"]
            .with_user(self.user_rep_a)
            .with_context(**action["context"])
            .create({})
        )
        wizard.line_ids.partner_id = self.contact_champion
        wizard.action_apply_and_retry()
        self.assertEqual(self.deal_a.stage_id, self.stage_proposal)
        self.assertEqual(self.deal_a.contact_role_ids.buying_role, "economic_buyer")
        self.assertEqual(self.contact_champion.buying_role, "champion")

    def test_access_per_role(self):
        line = self._add_role(self.deal_a, self.contact_eb, "coach")
        # the rep: the roles of their own deals, read and written
        rep_line = line.with_user(self.user_rep_a)
        self.assertEqual(rep_line.buying_role, "coach")
        rep_line.write({"buying_role": "champion", "note": "Changed sides"})
        own = (
            self.env["crm.lead.contact.role"]
            .with_user(self.user_rep_a)
            .create({"lead_id": self.deal_a.id, "partner_id": self.contact_plain.id})
        )
        own.unlink()
        # a colleague who sees only their own deals: nothing of deal A
        Other = self.env["crm.lead.contact.role"].with_user(self.user_rep_b)
        self.assertFalse(Other.search([("lead_id", "=", self.deal_a.id)]))
        with self.assertRaises(AccessError):
            line.with_user(self.user_rep_b).read(["buying_role"])
        with self.assertRaises(AccessError):
            Other.create({"lead_id": self.deal_a.id, "partner_id": self.contact_plain.id})
        # a sales manager (All Documents): every deal's roles
        manager_line = line.with_user(self.user_manager_b)
        self.assertEqual(manager_line.buying_role, "champion")
        manager_line.buying_role = "economic_buyer"
        admin_lines = self.env["crm.lead.contact.role"].with_user(self.user_admin_se).search([])
        self.assertIn(line, admin_lines)

    def test_multi_company(self):
        contact_c2 = self.env["res.partner"].create({"name": "Cleo C2", "parent_id": self.partner_c2.id})
        line = self._add_role(self.deal_c2, contact_c2, "economic_buyer")
        self.assertEqual(line.company_id, self.company_2)
        Role = self.env["crm.lead.contact.role"]
        self.assertEqual(Role.with_user(self.user_rep_c2).search([]), line, "company 2's rep: their deal's")
        self.assertNotIn(line, Role.with_user(self.user_manager_a).search([]), "company 1 only")
        with self.assertRaises(AccessError):
            line.with_user(self.user_manager_a).read(["buying_role"])
        # the gate of company 2's deal reads its own role rows
        self.assertEqual(self.deal_c2._get_contact_roles()[self.deal_c2.id][contact_c2.id], "economic_buyer")


@tagged("post_install", "-at_install")
class TestDealContactRoleConversation(ConversationCommon):
    def test_plan_proposes_the_deal_roles(self):
        """A conversation plan proposes the deal's people with their role in the deal, else their usual role."""
        self.env["crm.lead.contact.role"].create(
            {
                "lead_id": self.deal_a.id,
                "partner_id": self.contact_champion.id,
                "buying_role": "economic_buyer",
            }
        )
        plan = self._plan(self.deal_a, user=self.user_rep_a)
        roles = {line.partner_id: line.buying_role for line in plan.contact_ids}
        self.assertEqual(roles, {self.contact_eb: "economic_buyer", self.contact_champion: "economic_buyer"})
        # the deal role changes: the planned line follows
        self.deal_a.contact_role_ids.buying_role = "blocker"
        line = plan.contact_ids.filtered(lambda c: c.partner_id == self.contact_champion)
        self.assertEqual(line.buying_role, "blocker")


@tagged("post_install", "-at_install")
class TestDealContactRoleHealth(DealHealthCommon, GateCommon):
    def test_single_threaded_counts_the_deal_role_contacts(self):
        self._only("single_threaded")
        lead = self._create_lead("SE Roles Threads", partner=self.contact_fit, stage=self.stage_qualified)
        self.assertEqual(self._codes(lead), {"single_threaded"})
        self.env["crm.lead.contact.role"].with_user(self.user_rep_a).create(
            {"lead_id": lead.id, "partner_id": self.contact_fit_2.id, "buying_role": "champion"}
        )
        self.assertEqual(lead.health_status, "healthy", "two people involved: the customer and a deal role")
        self.assertFalse(self._codes(lead))


@tagged("post_install", "-at_install", "sales_ecosystem_perf")
class TestDealContactRolePerformance(DealContactRoleCommon, GateCommon):
    def _deals(self, count):
        leads = self.env["crm.lead"]
        for index in range(count):
            lead = self._create_role_deal(f"SE Roles Perf {index}", self.user_rep_a, self.contact_champion)
            self._add_role(lead, self.contact_plain, "economic_buyer" if index % 2 else "coach")
            self._add_role(lead, self.contact_champion, "technical_buyer")
            leads |= lead
        self.env.invalidate_all()
        return leads.with_user(self.user_rep_a)

    def test_gate_check_queries_flat_in_deals(self):
        few, many = self._deals(2), self._deals(40)
        self.env.invalidate_all()
        few[:1]._gate_evaluate(self.stage_proposal)  # warm the registry caches
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        unmet_few = few._gate_evaluate(self.stage_proposal)
        queries_few = self.env.cr.sql_log_count - before
        self.env.invalidate_all()
        with self.assertQueryCount(queries_few):
            unmet_many = many._gate_evaluate(self.stage_proposal)
        self.assertEqual(
            [lead.id for lead in many if unmet_many[lead.id]],
            [lead.id for lead in many[::2]],
            "odd deals: met",
        )
        self.assertEqual(len([1 for lead in few if unmet_few[lead.id]]), 1)
        # the deal form's checklist of many deals: flat as well
        self.env.invalidate_all()
        few[:1].mapped("gate_is_ready")  # warm the registry caches (the rep's record rules)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        few.mapped("gate_is_ready")
        checklist_few = self.env.cr.sql_log_count - before
        self.env.invalidate_all()
        with self.assertQueryCount(checklist_few):
            many.mapped("gate_is_ready")
