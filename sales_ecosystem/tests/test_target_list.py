import base64
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

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
        self.assertIn("Row 3: unknown account account 'Nobody Inc'", wizard.result)
        self.assertIn("Row 4: bad date '2026-13-45'", wizard.result)
        self.assertIn("Row 5: 'Fit Corp' is already on the list", wizard.result)
        self.assertEqual(self.target_list.line_ids.partner_id, self.partner_fit, "no row imported")

    def test_bad_file_structure(self):
        with self.assertRaisesRegex(UserError, "Unknown column.*revenue"):
            self._import("account,revenue\nUnknown Ltd,100\n")
        with self.assertRaisesRegex(UserError, "identifying the account"):
            self._import("note\nhello\n")
        with self.assertRaises(AccessError):
            self._import("account\nUnknown Ltd\n", user=self.user_rep_a)
        self.assertEqual(self.target_list.line_ids.partner_id, self.partner_fit)
