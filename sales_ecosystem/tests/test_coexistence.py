# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The addon is a guest in a working CRM: nothing changes until it is configured, every capability can be switched
off and on again without loss, and users of the stock Sales groups keep working in every crm screen."""

from lxml import etree

from odoo import Command, fields
from odoo.addons.sales_ecosystem.models.base_capability import CAPABILITY_GROUPS
from odoo.tests import Form, tagged

from .common import CoexistenceCommon


@tagged("post_install", "-at_install")
class TestNothingConfigured(CoexistenceCommon):
    def _deal(self, user, team, name="Deal"):
        return (
            self.env["crm.lead"]
            .with_user(user)
            .create(
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": self.stock_customer.id,
                    "team_id": team.id if team else False,
                    "user_id": user.id,
                    "expected_revenue": 1000,
                }
            )
        )

    def test_deals_live_their_whole_life_without_configuration(self):
        """Create, move, win and lose deals with and without a team, as a stock Salesman and a stock Sales
        Administrator: nothing of the addon is required of them."""
        for user in (self.stock_salesman, self.stock_sales_admin):
            for team in (self.stock_team, self.env["crm.team"]):
                with self.subTest(user=user.login, team=team.name or "no team"):
                    deal = self._deal(user, team)
                    self.assertEqual(deal.strategy, "none", "no strategy exists: Not Assessed")
                    deal.write({"stage_id": self.stock_stage_qualified.id})
                    deal.write({"stage_id": self.stock_stage_proposition.id, "name": "Deal (renamed)"})
                    deal.action_set_won()
                    self.assertEqual(deal.won_status, "won")
                    self.assertFalse(
                        self.env["crm.commission.line"]
                        .sudo()
                        .search_count([("lead_id", "=", deal.id), ("amount", "!=", 0)]),
                        "no plan: the win pays nothing",
                    )
                    lost = self._deal(user, team, "Lost deal")
                    lost.write({"stage_id": self.stock_stage_proposition.id})
                    lost.action_set_lost()
                    self.assertEqual(lost.won_status, "lost")

    def test_deal_without_team_created_in_first_stage(self):
        """A deal without a sales team is created in its pipeline's first stage (it was refused: no first stage was
        known for 'no team')."""
        deal = self._deal(self.stock_salesman, self.env["crm.team"])
        self.assertFalse(deal.team_id)
        self.assertTrue(deal.stage_id)
        deal.with_user(self.stock_salesman).write({"stage_id": self.stock_stage_won.id})
        self.assertEqual(deal.won_status, "won")

    def test_strategy_assessed_only_where_a_strategy_exists(self):
        deal = self._deal(self.stock_salesman, self.stock_team)
        self.assertEqual(deal.strategy, "none")
        other_company = self.env["res.company"].create({"name": "Other Company Coexistence"})
        self.env["crm.target.list"].create({"name": "Other company's list", "company_id": other_company.id})
        deal.invalidate_recordset(["strategy"])
        self.env.add_to_compute(deal._fields["strategy"], deal)
        self.assertEqual(deal.strategy, "none", "another company's target list is not this deal's strategy")
        self.env["crm.target.list"].create({"name": "Our list", "company_id": deal.company_id.id})
        self.env["crm.lead"]._cron_refresh_strategy()
        self.assertEqual(
            deal.strategy, "off", "the company has a target list: the deal is assessed, and not on it"
        )
        # assessed Off Strategy now: moving on needs a reason (the rule applies once a strategy exists)
        with self.assertRaisesRegex(Exception, "Off Strategy"):
            deal.with_user(self.stock_salesman).write({"stage_id": self.stock_stage_qualified.id})

    def test_deal_in_gated_stage_before_gate_existed_stays_editable(self):
        deal = self._deal(self.stock_salesman, self.stock_team)
        deal.write({"stage_id": self.stock_stage_proposition.id})
        methodology = self.env.ref("sales_ecosystem.crm_methodology_bant")
        gate = self.env["crm.stage.gate"].create({"stage_id": self.stock_stage_proposition.id})
        self.env["crm.gate.requirement"].create(
            {
                "gate_id": gate.id,
                "name": "Budget confirmed",
                "kind": "criterion",
                "criterion_id": methodology.criterion_ids[:1].id,
            }
        )
        deal.with_user(self.stock_salesman).write({"name": "Renamed while sitting behind a new gate"})
        deal.with_user(self.stock_salesman).write({"expected_revenue": 2500, "priority": "2"})
        self.assertEqual(deal.stage_id, self.stock_stage_proposition)


@tagged("post_install", "-at_install")
class TestCapabilitySwitches(CoexistenceCommon):
    def _form_arch(self, user):
        return self.env["crm.lead"].with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]

    def _stock_deal(self, name):
        return self.env["crm.lead"].create(
            {
                "name": name,
                "type": "opportunity",
                "team_id": self.stock_team.id,
                "user_id": self.stock_salesman.id,
            }
        )

    def test_new_install_has_every_capability_on(self):
        """Every capability but forecasting, which is off until an administrator switches it on."""
        Capability = self.env["sales.ecosystem.capability"]
        for capability in CAPABILITY_GROUPS:
            self.assertEqual(Capability._is_enabled(capability), capability != "forecast", capability)

    def test_switch_off_hides_and_stops_then_on_again_loses_nothing(self):
        Capability = self.env["sales.ecosystem.capability"]
        stage = self.stock_stage_qualified
        gate = self.env["crm.stage.gate"].create({"stage_id": stage.id})
        self.env["crm.gate.requirement"].create(
            {"gate_id": gate.id, "name": "Champion named", "kind": "buying_role", "buying_role": "champion"}
        )
        deal = self._stock_deal("Gated")
        with self.assertRaisesRegex(Exception, "cannot enter"):
            deal.with_user(self.stock_salesman).write({"stage_id": stage.id})

        self._set_capability("gates", False)
        self.assertFalse(Capability._is_enabled("gates"))
        self.assertTrue(Capability._is_enabled("icp"), "one switch at a time")
        # the rule is not enforced
        deal.with_user(self.stock_salesman).write({"stage_id": stage.id})
        self.assertEqual(deal.stage_id, stage)
        # its menus are gone, its form parts too
        menus = self.env["ir.ui.menu"].with_user(self.stock_sales_admin)._visible_menu_ids()
        self.assertNotIn(self.env.ref("sales_ecosystem.crm_stage_gate_menu").id, menus)
        self.assertIn(self.env.ref("sales_ecosystem.crm_icp_profile_menu").id, menus)
        arch = self._form_arch(self.stock_salesman)
        self.assertNotIn("o_se_gate_readiness", arch)
        self.assertNotIn('name="se_qualification"', arch)
        self.assertIn('name="se_icp_fit"', arch)

        self._set_capability("gates", True)
        self.assertTrue(Capability._is_enabled("gates"))
        self.assertEqual(gate.requirement_ids.name, "Champion named", "switched on again: nothing was lost")
        arch = self._form_arch(self.stock_salesman)
        self.assertIn('name="se_qualification"', arch)
        other = self._stock_deal("Gated again")
        with self.assertRaisesRegex(Exception, "cannot enter"):
            other.with_user(self.stock_salesman).write({"stage_id": stage.id})

    def test_every_switch_hides_its_form_parts(self):
        parts = {
            "icp": 'name="se_icp_fit"',
            "gates": 'name="se_qualification"',
            "commissions": 'name="se_commission"',
            "health": 'name="se_health"',
        }
        for capability, marker in parts.items():
            with self.subTest(capability=capability):
                self._set_capability(capability, False)
                self.assertNotIn(marker, self._form_arch(self.stock_salesman))
                self._set_capability(capability, True)

    def test_switched_off_capabilities_do_nothing(self):
        for capability in CAPABILITY_GROUPS:
            self._set_capability(capability, False)
        deal = self._stock_deal("Quiet")
        self.assertEqual(deal.strategy, "none")
        self.assertFalse(deal.methodology_status_ids, "no scorecard while gates are off")
        # health: no status computed; commissions: no line on win; ICP: nothing scored; crons do nothing
        deal.with_user(self.stock_salesman).write(
            {"date_deadline": fields.Date.today(), "stage_id": self.stock_stage_qualified.id}
        )
        self.assertFalse(deal.health_status)
        deal.with_user(self.stock_salesman).action_set_won()
        self.assertFalse(self.env["crm.commission.line"].sudo().search([("lead_id", "=", deal.id)]))
        self.env["crm.lead"]._cron_recompute_health()
        self.env["crm.commission.statement"]._cron_settle()
        self.env["crm.icp.profile"]._cron_rescore_outdated()
        self.assertFalse(self.env["crm.commission.statement"].search([]))

    def test_crons_and_rules_survive_upgrades(self):
        """Administrators' edits of the addon's crons and record rules are kept by `-u`: they are noupdate."""
        data = self.env["ir.model.data"].search(
            [("module", "=", "sales_ecosystem"), ("model", "in", ("ir.cron", "ir.rule"))]
        )
        self.assertTrue(data)
        self.assertEqual(data.filtered(lambda d: not d.noupdate).mapped("name"), [])


@tagged("post_install", "-at_install")
class TestStockUsersScreens(CoexistenceCommon):
    """No user of a stock Sales group meets an AccessError in crm's screens, with the addon configured."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # configured, so that every part of the deal form has something to read
        gate = cls.env["crm.stage.gate"].create({"stage_id": cls.stock_stage_qualified.id})
        cls.env["crm.gate.requirement"].create(
            {
                "gate_id": gate.id,
                "name": "Champion",
                "kind": "buying_role",
                "buying_role": "champion",
                "severity": "warning",
            }
        )
        cls.env["crm.stage.playbook"].create(
            {"name": "Qualify", "stage_id": cls.stock_stage_new.id, "guidance": "<p>Ask</p>"}
        )
        cls.env["crm.target.list"].create(
            {"name": "Targets", "line_ids": [Command.create({"partner_id": cls.stock_customer.id})]}
        )
        cls.deal = cls.env["crm.lead"].create(
            {
                "name": "Shared deal",
                "type": "opportunity",
                "partner_id": cls.stock_customer.id,
                "team_id": cls.stock_team.id,
                "user_id": cls.stock_salesman.id,
                "expected_revenue": 5000,
            }
        )

    def _read_views(self, user, model, records):
        """Read ``records`` as the web client does for ``user``: the fields each of the model's default views shows
        that user (the arch as processed for their groups), with the display names of relational values."""
        Model = self.env[model].with_user(user)
        views = Model.get_views([(False, "kanban"), (False, "list"), (False, "form"), (False, "search")])
        for view_type in ("kanban", "list", "form"):
            arch = etree.fromstring(views["views"][view_type]["arch"])
            names = {node.get("name") for node in arch.xpath("//field[not(ancestor::field)]")}
            spec = {
                name: ({"fields": {"display_name": {}}} if Model._fields[name].relational else {})
                for name in names
                if name in Model._fields
            }
            with self.subTest(user=user.login, model=model, view=view_type):
                records.with_user(user).web_read(spec)
                Model.web_search_read([("id", "in", records.ids)], spec)

    def test_stock_users_read_every_view_of_deals_and_partners(self):
        for user in (self.stock_salesman, self.stock_all_docs, self.stock_sales_admin):
            with self.subTest(user=user.login):
                self._read_views(user, "crm.lead", self.deal)
                self._read_views(user, "res.partner", self.stock_customer)
        # an employee outside Sales opens partners (the addon's partner parts are not theirs)
        self._read_views(self.stock_employee, "res.partner", self.stock_customer)

    def test_stock_salesman_edits_in_the_deal_form(self):
        """Form: loads the form view for the user, runs the onchange of every field it shows, saves."""
        with Form(self.deal.with_user(self.stock_salesman)) as form:
            form.name = "Shared deal (edited)"
            form.expected_revenue = 7000
            form.partner_id = self.stock_customer
        self.assertEqual(self.deal.name, "Shared deal (edited)")
        with Form(
            self.env["crm.lead"].with_user(self.stock_salesman).with_context(default_type="opportunity")
        ) as form:
            form.name = "New from the form"
            form.partner_id = self.stock_customer

    def test_stock_salesman_wins_loses_merges_converts(self):
        Lead = self.env["crm.lead"].with_user(self.stock_salesman)
        won = Lead.create(
            {
                "name": "To win",
                "type": "opportunity",
                "partner_id": self.stock_customer.id,  # on the target list: On Strategy
                "team_id": self.stock_team.id,
                "user_id": self.stock_salesman.id,
            }
        )
        won.action_set_won_rainbowman()
        self.assertEqual(won.won_status, "won")
        lost = Lead.create(
            {
                "name": "To lose",
                "type": "opportunity",
                "team_id": self.stock_team.id,
                "user_id": self.stock_salesman.id,
            }
        )
        wizard = self.env["crm.lead.lost"].with_user(self.stock_salesman).create({"lead_ids": lost.ids})
        wizard.action_lost_reason_apply()
        self.assertEqual(lost.won_status, "lost")
        one = Lead.create(
            {
                "name": "Dup 1",
                "type": "opportunity",
                "partner_id": self.stock_customer.id,
                "user_id": self.stock_salesman.id,
            }
        )
        two = Lead.create(
            {
                "name": "Dup 2",
                "type": "opportunity",
                "partner_id": self.stock_customer.id,
                "user_id": self.stock_salesman.id,
            }
        )
        merge = (
            self.env["crm.merge.opportunity"]
            .with_user(self.stock_salesman)
            .with_context(active_model="crm.lead", active_ids=(one | two).ids)
            .create({})
        )
        merge.action_merge()
        lead = Lead.create(
            {
                "name": "A lead",
                "type": "lead",
                "partner_id": self.stock_customer.id,
                "user_id": self.stock_salesman.id,
            }
        )
        convert = (
            self.env["crm.lead2opportunity.partner"]
            .with_user(self.stock_salesman)
            .with_context(active_model="crm.lead", active_id=lead.id, active_ids=lead.ids)
            .create({"name": "convert"})
        )
        convert.action_apply()
        self.assertEqual(lead.type, "opportunity")
