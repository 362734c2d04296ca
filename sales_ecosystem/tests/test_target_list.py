# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64
import itertools
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models.crm_icp_target_list_line import ANY, membership_domain, membership_matches
from .common import IcpCommon


@tagged("post_install", "-at_install")
class TestTargetList(IcpCommon):
    def _lists_on(self, partner, day):
        return self.env["crm.target.list"]._get_lists_by_partner(partner, day)[
            partner.commercial_partner_id.id
        ]

    def test_validity_windows(self):
        """An account is on a list only inside the list's window and its own (added mid-year) window."""
        self.target_list.line_ids.date_from = "2026-03-01"
        self.assertFalse(self._lists_on(self.partner_fit, date(2025, 12, 31)))
        self.assertFalse(self._lists_on(self.partner_fit, date(2026, 2, 28)), "not yet added to the list")
        self.assertEqual(self._lists_on(self.partner_fit, date(2026, 3, 1)), self.target_list)
        self.assertEqual(
            self._lists_on(self.contact_fit, date(2026, 12, 31)), self.target_list, "contact -> account"
        )
        self.assertFalse(self._lists_on(self.partner_fit, date(2027, 1, 1)))
        self.target_list.active = False
        self.assertFalse(self._lists_on(self.partner_fit, date(2026, 6, 1)), "archived lists do not count")

    def test_on_target_list_flag_and_search(self):
        lead = self._create_lead("Listed deal", partner=self.contact_fit)
        with freeze_time("2026-06-15"):
            partner = self.partner_fit.with_user(self.user_rep_a)
            self.assertTrue(partner.is_on_target_list)
            self.assertEqual(partner.target_list_ids, self.target_list)
            self.assertTrue(lead.with_user(self.user_rep_a).is_on_target_list)
            Partner = self.env["res.partner"].with_user(self.user_rep_a)
            self.assertIn(self.partner_fit, Partner.search([("is_on_target_list", "=", True)]))
            self.assertNotIn(self.partner_unfit, Partner.search([("is_on_target_list", "=", True)]))
            self.assertIn(self.partner_unfit, Partner.search([("is_on_target_list", "=", False)]))
            Lead = self.env["crm.lead"].with_user(self.user_rep_a)
            self.assertEqual(Lead.search([("is_on_target_list", "=", True), ("id", "=", lead.id)]), lead)
        self.env.invalidate_all()  # a new request on another day
        with freeze_time("2027-02-01"):
            self.assertFalse(self.partner_fit.with_user(self.user_rep_a).is_on_target_list)

    def test_bad_dates_and_contacts_refused(self):
        TargetList = self.env["crm.target.list"].with_user(self.user_manager_a)
        with self.assertRaisesRegex(ValidationError, "Bad window.*Valid To"):
            TargetList.create({"name": "Bad window", "date_from": "2026-05-01", "date_to": "2026-04-01"})
        with self.assertRaisesRegex(ValidationError, "Fiona Buyer.*is a contact"):
            self.target_list.with_user(self.user_manager_a).write(
                {"line_ids": [(0, 0, {"partner_id": self.contact_fit.id})]}
            )
        with self.assertRaisesRegex(ValidationError, "On List Until"):
            self.target_list.line_ids.with_user(self.user_manager_a).write(
                {"date_from": "2026-05-01", "date_to": "2026-04-01"}
            )

    def test_access(self):
        """Reps read the lists; managers maintain them; other companies see nothing."""
        as_rep = self.target_list.with_user(self.user_rep_a)
        self.assertEqual(as_rep.account_count, 1)
        with self.assertRaises(AccessError):
            as_rep.write({"name": "Mine now"})
        with self.assertRaises(AccessError):
            self.env["crm.target.list"].with_user(self.user_rep_a).create({"name": "Rep list"})
        with self.assertRaises(AccessError):
            self.env["crm.target.list.line"].with_user(self.user_rep_a).create(
                {"list_id": self.target_list.id, "partner_id": self.partner_unfit.id}
            )
        self.target_list.with_user(self.user_manager_b).write({"note": "<p>Reviewed</p>"})
        self.assertFalse(self.env["crm.target.list"].with_user(self.user_rep_c2).search([]))
        self.assertFalse(self.env["crm.target.list"].with_user(self.user_manager_c2).search([]))


@tagged("post_install", "-at_install")
class TestTargetListImport(IcpCommon):
    def _import(self, csv_text, user=None):
        wizard = (
            self.env["crm.target.list.import"]
            .with_user(user or self.user_manager_a)
            .create(
                {
                    "list_id": self.target_list.id,
                    "file": base64.b64encode(csv_text.encode()),
                    "filename": "targets.csv",
                }
            )
        )
        wizard.action_import()
        return wizard

    def test_import_accounts(self):
        self.partner_unfit.vat = "US123456789"
        wizard = self._import(
            "account,vat,date_from,note\nUnknown Ltd,,2026-02-01,new logo\n,US123456789,,expansion\n"
        )
        self.assertEqual(wizard.state, "done")
        lines = self.target_list.line_ids
        self.assertEqual(lines.partner_id, self.partner_fit | self.partner_empty | self.partner_unfit)
        empty_line = lines.filtered(lambda line: line.partner_id == self.partner_empty)
        self.assertEqual(empty_line.date_from, date(2026, 2, 1))
        self.assertEqual(empty_line.note, "new logo")

    def test_failed_rows_import_nothing(self):
        wizard = self._import(
            "account,date_from\nUnknown Ltd,2026-02-01\nNobody Inc,\nUnfit Shop,2026-13-45\nFit Corp,\n"
        )
        self.assertEqual(wizard.state, "failed")
        self.assertIn("Row 3: no account named 'Nobody Inc'.", wizard.result)
        self.assertIn("Row 4: bad date '2026-13-45'", wizard.result)
        self.assertIn("Row 5: 'Fit Corp' is already on the list 'FY26 Enterprise'.", wizard.result)
        self.assertEqual(self.target_list.line_ids.partner_id, self.partner_fit, "no row imported")

    def test_bad_file_structure(self):
        with self.assertRaisesRegex(UserError, "unknown column.*revenue"):
            self._import("account,revenue\nUnknown Ltd,100\n")
        with self.assertRaisesRegex(UserError, "identifying the account"):
            self._import("note\nhello\n")
        with self.assertRaises(AccessError):
            self._import("account\nUnknown Ltd\n", user=self.user_rep_a)
        self.assertEqual(self.target_list.line_ids.partner_id, self.partner_fit)

    def test_separators_bom_and_blank_lines(self):
        self.partner_unfit.vat = "US123456789"
        wizard = self._import(
            "\ufeffaccount;vat;date_from;note\nUnknown Ltd;;2026-02-01;new logo\n\n;US123456789;;\n"
        )
        self.assertEqual(wizard.state, "done", wizard.result)
        self.assertEqual(
            self.target_list.line_ids.partner_id, self.partner_fit | self.partner_empty | self.partner_unfit
        )
        self.assertEqual(
            self.target_list.line_ids.filtered(lambda line: line.partner_id == self.partner_empty).note,
            "new logo",
        )

    def test_duplicates_within_the_file(self):
        self.partner_unfit.ref = "UNFIT-1"
        wizard = self._import("account,ref\nUnknown Ltd,\n,UNFIT-1\nUnknown Ltd,\n,NOPE-9\n,UNFIT-1\n")
        self.assertEqual(wizard.state, "failed")
        self.assertIn("Row 4: 'Unknown Ltd' appears twice in the file (first on row 2).", wizard.result)
        self.assertIn("Row 5: no account with reference 'NOPE-9'.", wizard.result)
        self.assertIn("Row 6: 'Unfit Shop' appears twice in the file (first on row 3).", wizard.result)
        self.assertNotIn("already on the list", wizard.result)
        self.assertEqual(self.target_list.line_ids.partner_id, self.partner_fit, "no row imported")

    def test_empty_files(self):
        Wizard = self.env["crm.target.list.import"].with_user(self.user_manager_a)
        with self.assertRaisesRegex(UserError, "targets.csv is empty"):
            Wizard.create({"list_id": self.target_list.id, "filename": "targets.csv"}).action_import()
        for text, regex in (
            ("", "is empty"),
            ("\n\n  \n", "is empty"),
            ("\ufeff", "is empty"),
            ("account;vat\n", "has a header but no row"),
            ("account,vat\n,\n", "has a header but no row"),
        ):
            with self.assertRaisesRegex(UserError, regex):
                self._import(text)
        self.assertEqual(self.target_list.line_ids.partner_id, self.partner_fit)


@tagged("post_install", "-at_install")
class TestMembershipDefinition(IcpCommon):
    """One definition of target-list membership: its SQL, ORM domain and Python renderings agree on every
    combination of list state, windows, company and team, for every scope."""

    def test_sql_domain_and_predicate_agree(self):
        Line = self.env["crm.target.list.line"]
        TargetList = self.env["crm.target.list"]
        account = self.partner_unfit
        entries = Line
        combos = itertools.product(
            (True, False),  # list active
            ((date(2026, 1, 1), False), (date(2026, 1, 1), date(2026, 6, 30))),  # list window
            ((False, False), (date(2026, 3, 1), False), (False, date(2026, 2, 28))),  # entry window
            (
                (self.company_main, False),
                (self.company_main, self.team_a),
                (self.company_main, self.team_b),
                (self.company_2, False),
                (self.company_2, self.team_c2),
            ),
        )
        for index, (active, (list_from, list_to), (line_from, line_to), (company, team)) in enumerate(combos):
            target_list = TargetList.with_company(company).create(
                {
                    "name": f"Combo {index}",
                    "active": active,
                    "date_from": list_from,
                    "date_to": list_to,
                    "company_id": company.id,
                    "team_id": team.id if team else False,
                }
            )
            entries |= Line.create(
                {
                    "list_id": target_list.id,
                    "partner_id": account.id,
                    "date_from": line_from,
                    "date_to": line_to,
                }
            )
        self.env.flush_all()
        dates = (date(2025, 12, 31), date(2026, 1, 1), date(2026, 2, 28), date(2026, 3, 1), date(2026, 7, 1))
        companies = (self.company_main.id, self.company_2.id, False)
        teams = (self.team_a.id, self.team_b.id, self.team_c2.id, False, ANY)
        scopes = list(itertools.product(dates, companies, teams))
        keys_any = [(account.id, day, company, team) for day, company, team in scopes if team is ANY]
        keys = [(account.id, day, company, team) for day, company, team in scopes if team is not ANY]
        by_sql = TargetList._get_lists_by_scope(keys) | TargetList._get_lists_by_scope(keys_any)
        values = {
            entry.id: {
                "list_active": entry.list_active,
                "list_date_from": entry.list_date_from,
                "list_date_to": entry.list_date_to,
                "date_from": entry.date_from,
                "date_to": entry.date_to,
                "company_id": entry.company_id.id,
                "list_team_id": entry.list_team_id.id,
            }
            for entry in entries
        }
        checked = 0
        for key in keys + keys_any:
            _account, day, company, team = key
            by_python = {
                entry.list_id.id
                for entry in entries
                if membership_matches(values[entry.id], day, company, team)
            }
            by_domain = set(
                Line.search([("id", "in", entries.ids), *membership_domain(day, company, team)]).list_id.ids
            )
            self.assertEqual(set(by_sql[key].ids) & set(entries.list_id.ids), by_python, key)
            self.assertEqual(by_domain, by_python, key)
            checked += len(by_python)
        self.assertGreater(checked, 50, "the combinations do make accounts target accounts")

    def test_deal_search_matches_compute(self):
        """The deal's search ('On a Target List') is the SQL rendering, its field the batch lookup: they agree."""
        self.target_list.team_id = self.team_b
        leads = self.env["crm.lead"]
        for team in (self.team_a, self.team_b):
            for partner in (self.partner_fit, self.partner_unfit):
                leads |= self._create_lead(f"{team.name} {partner.name}", partner=partner, team=team)
        with freeze_time("2026-06-15"):
            Lead = self.env["crm.lead"].with_user(self.user_admin_se)
            found = Lead.search([("id", "in", leads.ids), ("is_on_target_list", "=", True)])
            computed = leads.with_user(self.user_admin_se).filtered("is_on_target_list")
            self.assertEqual(found, computed)
            self.assertEqual(found.team_id, self.team_b)
            self.assertEqual(found.partner_id, self.partner_fit)
