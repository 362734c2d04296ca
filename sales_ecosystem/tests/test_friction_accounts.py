# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Account screens that show what they are about (issue #15, item 5) and account plans that hide what a user may
not do (item 9)."""

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import AccountPlanCommon, IcpCommon, SalesEcosystemHttpCommon


def _list_fields(env, action_xmlid):
    """Field names of the list view an action opens (its own list view, else the model's default)."""
    action = env.ref(action_xmlid)
    view_id = action.view_ids.filtered(lambda view: view.view_mode == "list").view_id.id
    arch = env[action.res_model].get_views([(view_id, "list")])["views"]["list"]["arch"]
    return {node.get("name") for node in etree.fromstring(arch).iter("field")}


@tagged("post_install", "-at_install")
class TestAccountLists(IcpCommon):
    def test_accounts_by_fit_shows_score_tier_and_lists(self):
        fields_shown = _list_fields(self.env, "sales_ecosystem.res_partner_action_accounts_icp")
        self.assertLessEqual({"icp_score", "icp_tier", "target_list_ids", "icp_profile_id"}, fields_shown)
        # a stock salesman (the fixture reps) reads them without an access error
        Partner = self.env["res.partner"].with_user(self.user_rep_a)
        rows = Partner.search_read(
            [("id", "=", self.partner_fit.id)], ["icp_score", "icp_tier", "target_list_ids", "icp_profile_id"]
        )
        self.assertEqual(len(rows), 1)

    def test_key_accounts_show_reason_and_plan_health(self):
        fields_shown = _list_fields(self.env, "sales_ecosystem.res_partner_key_account_action")
        self.assertLessEqual(
            {
                "key_account_reason",
                "account_plan_id",
                "account_plan_health_score",
                "account_plan_health_level",
            },
            fields_shown,
        )
        self.env["res.partner"].with_user(self.user_rep_a).search_read(
            [("is_company", "=", True)], ["key_account_reason", "account_plan_health_score"], limit=5
        )


@tagged("post_install", "-at_install")
class TestAccountPlanPrefill(AccountPlanCommon):
    def test_new_plan_starts_from_the_account(self):
        """The account's contacts (its division's included) with their usual role, its salesperson as key account
        manager and that person's team."""
        self.contact_cfo.buying_role = "economic_buyer"
        self.partner_fit.user_id = self.user_rep_b
        form = Form(self.env["crm.account.plan"].with_user(self.user_manager_a))
        form.name = "Fit Corp 2027"
        form.partner_id = self.partner_fit
        self.assertEqual(form.user_id, self.user_rep_b)
        self.assertEqual(form.team_id, self.team_a)
        plan = form.save()
        self.assertEqual(
            plan.relationship_ids.partner_id, self.contact_fit | self.contact_cfo | self.contact_fr
        )
        self.assertEqual(
            plan.relationship_ids.filtered(lambda line: line.partner_id == self.contact_cfo).buying_role,
            "economic_buyer",
        )
        self.assertNotIn(self.contact_unfit, plan.relationship_ids.partner_id)

    def test_created_by_code_keeps_its_lines(self):
        """Only the form pre-fills: a plan created by code or import keeps exactly the lines it is given."""
        plan = self._create_plan(self.partner_fit, name="Coded plan", state="closed")
        self.assertFalse(plan.relationship_ids)


@tagged("post_install", "-at_install")
class TestRelationshipPicture(AccountPlanCommon):
    def _map(self):
        self.plan_fit.write(
            {
                "relationship_ids": [
                    Command.create(
                        {
                            "partner_id": self.contact_cfo.id,
                            "buying_role": "economic_buyer",
                            "influence": "high",
                            "attitude": "supporter",
                        }
                    ),
                    Command.create(
                        {
                            "partner_id": self.contact_fit.id,
                            "reports_to_id": self.contact_cfo.id,
                            "influence": "low",
                            "attitude": "opponent",
                        }
                    ),
                    Command.create(
                        {
                            "partner_id": self.contact_fr.id,
                            "reports_to_id": self.contact_cfo.id,
                            "influence": "medium",
                        }
                    ),
                ]
            }
        )
        return etree.fromstring(str(self.plan_fit.with_user(self.user_rep_b).relationship_map_svg))

    def test_hierarchy_colour_and_size(self):
        svg = self._map()
        nodes = svg.findall("{http://www.w3.org/2000/svg}g")
        self.assertEqual(len(nodes), 3)
        by_name = {node.findall("{http://www.w3.org/2000/svg}text")[0].text: node for node in nodes}
        cfo, fiona, francois = by_name["Carla CFO"], by_name["Fiona Buyer"], by_name["Francois User"]
        circle = "{http://www.w3.org/2000/svg}circle"
        self.assertEqual(cfo.find(circle).get("fill"), "#28a745", "supporter: green")
        self.assertEqual(fiona.find(circle).get("fill"), "#dc3545", "opponent: red")
        self.assertEqual(francois.find(circle).get("fill"), "#adb5bd", "neutral: grey")
        radii = [int(node.find(circle).get("r")) for node in (fiona, francois, cfo)]
        self.assertEqual(radii, sorted(radii), "the greater the influence, the bigger the circle")
        self.assertLess(
            int(cfo.find(circle).get("cy")), int(fiona.find(circle).get("cy")), "the boss is above"
        )
        self.assertEqual(fiona.find(circle).get("cy"), francois.find(circle).get("cy"))
        self.assertEqual(
            len(svg.findall("{http://www.w3.org/2000/svg}line")), 2, "one line per reporting line"
        )

    def test_reporting_cycle_still_draws_everyone(self):
        self._map()
        self.plan_fit.relationship_ids.filtered(
            lambda line: line.partner_id == self.contact_cfo
        ).reports_to_id = self.contact_fit
        svg = etree.fromstring(str(self.plan_fit.relationship_map_svg))
        self.assertEqual(len(svg.findall("{http://www.w3.org/2000/svg}g")), 3)

    def test_names_are_escaped(self):
        self.contact_cfo.name = "Carla <b>CFO</b>"
        svg = self._map()
        self.assertFalse(svg.findall(".//{http://www.w3.org/2000/svg}b"))

    def test_reports_to_must_be_in_the_account(self):
        with self.assertRaisesMessage(ValidationError, "Fit Corp plan.*Reports To.*Ursula Unfit"):
            self.plan_fit.write(
                {
                    "relationship_ids": [
                        Command.create(
                            {"partner_id": self.contact_cfo.id, "reports_to_id": self.contact_unfit.id}
                        )
                    ]
                }
            )

    def test_pdf_draws_the_map(self):
        self._map()
        report = self.env.ref("sales_ecosystem.crm_account_plan_report").with_user(self.user_rep_b)
        html = report._render_qweb_html(report.report_name, self.plan_fit.ids)[0].decode()
        self.assertIn("o_se_relationship_map", html)
        self.assertIn("<svg", html)


@tagged("post_install", "-at_install")
class TestWhitespaceGrid(AccountPlanCommon):
    def test_areas_by_divisions(self):
        self._won_lead("HQ CRM", self.contact_fit, 30000, tag_ids=[Command.set(self.tag_crm.ids)])
        self._create_lead(
            "France ERP",
            partner=self.contact_fr,
            expected_revenue=45000,
            tag_ids=[Command.set(self.tag_erp.ids)],
        )
        self.env.invalidate_all()
        html = str(self.plan_fit.with_user(self.user_rep_b).whitespace_grid_html)
        table = etree.fromstring(html)
        self.assertEqual([th.text for th in table.findall("thead/tr/th")][1:], ["CRM", "ERP"])
        rows = {
            row.find("th").text: [td.get("data-status") for td in row.findall("td")]
            for row in table.iter("tr")
            if row.find("td") is not None
        }
        self.assertEqual(rows["Fit Corp"], ["won", "whitespace"])
        self.assertEqual(rows["FitFrance SAS"], ["whitespace", "pipeline"])


@tagged("post_install", "-at_install")
class TestAccountPlanCanEdit(AccountPlanCommon):
    def test_buttons_follow_the_record_rules(self):
        """The owner, the sponsor, the team's manager and admins may edit; a manager of another team and a rep
        outside the account team only read, and the form hides what they cannot do. The server rule stays."""
        cases = (
            (self.user_rep_a, True),  # owner
            (self.user_manager_a, True),  # sponsor and leader of the plan's team
            (self.user_admin_se, True),
            (self.user_manager_b, False),
            (self.user_rep_b, False),
        )
        for user, editable in cases:
            with self.subTest(user=user.login):
                self.assertEqual(self.plan_fit.with_user(user).can_edit, editable)
        with self.assertRaises(AccessError):
            self.plan_fit.with_user(self.user_manager_b).write({"customer_goals": "Not mine"})
        arch = etree.fromstring(
            self.env["crm.account.plan"]
            .with_user(self.user_manager_b)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        for name in ("action_activate", "action_close", "action_new_review", "action_reset_draft"):
            self.assertIn("can_edit", arch.xpath(f"//button[@name='{name}']")[0].get("invisible"), name)
        for name in ("objective_ids", "relationship_ids", "initiative_ids", "member_ids", "partner_id"):
            self.assertIn("can_edit", arch.xpath(f"//field[@name='{name}']")[0].get("readonly"), name)

    def test_new_plan_is_editable(self):
        self.assertTrue(self.env["crm.account.plan"].with_user(self.user_rep_a).new({}).can_edit)


@tagged("post_install", "-at_install")
class TestManagerJourneyTour(SalesEcosystemHttpCommon, AccountPlanCommon):
    def test_manager_reviews_my_teams_coverage_and_a_plan(self):
        """The manager's day: the review board on their teams, the coaching coverage, an account plan with its
        relationship picture."""
        signals = self.env["crm.deal.health.signal"].with_context(active_test=False).search([])
        signals.filtered(lambda s: s.code != "no_next_step").active = False
        signals.filtered(lambda s: s.code == "no_next_step").severity = "critical"
        mine = self._create_lead(
            "Journey troubled deal",
            self.partner_fit,
            date_deadline=fields.Date.today(),
            expected_revenue=42000,
        )
        other = self._create_lead(
            "Journey other team deal",
            self.partner_fit,
            user=self.user_rep_other,
            team=self.team_b,
            date_deadline=fields.Date.today(),
        )
        self.assertEqual((mine.health_status, other.health_status), ("troubled", "troubled"))
        self.plan_fit.write(
            {
                "relationship_ids": [
                    Command.create(
                        {"partner_id": self.contact_cfo.id, "attitude": "supporter", "influence": "high"}
                    ),
                    Command.create({"partner_id": self.contact_fit.id, "reports_to_id": self.contact_cfo.id}),
                ]
            }
        )
        self.se_start_tour(
            "/odoo/action-sales_ecosystem.crm_lead_action_review_board",
            "sales_ecosystem_manager_journey_tour",
            login=self.user_manager_a.login,
        )


@tagged("post_install", "-at_install", "sales_ecosystem_perf")
class TestAccountPicturesPerformance(AccountPlanCommon):
    """The relationship picture and the whitespace grid of a plan: the same queries whatever the number of
    contacts in its relationship map and of divisions (rows) in its grid."""

    def _plan_of_size(self, prefix, size):
        Partner = self.env["res.partner"]
        account = Partner.create({"name": f"{prefix} Account", "is_company": True})
        people = Partner.create(
            [{"name": f"{prefix} Contact {i}", "parent_id": account.id} for i in range(size)]
        )
        divisions = Partner.create(
            [
                {"name": f"{prefix} Division {i}", "is_company": True, "parent_id": account.id}
                for i in range(size)
            ]
        )
        plan = self._create_plan(account)
        influences, attitudes = ("low", "medium", "high"), ("supporter", "neutral", "opponent")
        plan.relationship_ids = [
            Command.create(
                {
                    "partner_id": person.id,
                    # a hierarchy: each contact reports to the one before the previous (two levels per branch)
                    "reports_to_id": people[max(index - 2, 0)].id if index else False,
                    "buying_role": "champion" if index % 2 else "economic_buyer",
                    "influence": influences[index % 3],
                    "attitude": attitudes[index % 3],
                }
            )
            for index, person in enumerate(people)
        ]
        for index, division in enumerate(divisions):
            contact = Partner.create({"name": f"{prefix} Buyer {index}", "parent_id": division.id})
            tag = self.tag_crm if index % 2 else self.tag_erp
            if index % 3:
                self._won_lead(f"{prefix} Won {index}", contact, 1000 + index, tag_ids=[Command.set(tag.ids)])
            else:
                self._create_lead(f"{prefix} Open {index}", partner=contact, tag_ids=[Command.set(tag.ids)])
        return plan.with_user(self.user_rep_b)

    def _assert_flat(self, field_name):
        """``field_name`` of a plan of 3 contacts and divisions and of one of 25 costs as many queries (caches warmed
        first: the rep's record rules); returns the large plan."""
        few, many = self._plan_of_size("SE Few", 3), self._plan_of_size("SE Many", 25)
        self._count_queries(lambda: few.mapped(field_name))
        queries_few = self._count_queries(lambda: few.mapped(field_name))
        queries_many = self._count_queries(lambda: many.mapped(field_name))
        self.assertEqual(queries_many, queries_few, f"{field_name}: flat in the plan's size")
        return many

    def test_relationship_picture_queries_flat_in_contacts(self):
        many = self._assert_flat("relationship_map_svg")
        svg = etree.fromstring(str(many.relationship_map_svg))
        self.assertEqual(len(svg.findall("{http://www.w3.org/2000/svg}g")), 25, "every contact drawn")
        self.assertEqual(len(svg.findall("{http://www.w3.org/2000/svg}line")), 24, "every reporting line")

    def test_whitespace_grid_queries_flat_in_rows(self):
        many = self._assert_flat("whitespace_grid_html")
        table = etree.fromstring(str(many.whitespace_grid_html))
        rows = [row for row in table.iter("tr") if row.find("td") is not None]
        self.assertEqual(len(rows), 26, "the account and its 25 divisions")
        statuses = [td.get("data-status") for row in rows for td in row.findall("td")]
        self.assertEqual(len(statuses), 26 * 2, "two solution areas per division")
        self.assertLessEqual({"won", "pipeline", "whitespace"}, set(statuses))
