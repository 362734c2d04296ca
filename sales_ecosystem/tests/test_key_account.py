# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged, users

from .common import AccountPlanCommon, IcpCommon


@tagged("post_install", "-at_install")
class TestKeyAccountCriteria(AccountPlanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.criterion = cls.env["crm.key.account.criterion"].create(
            {
                "name": "Tech with volume",
                "partner_domain": f"[('industry_id', '=', {cls.industry_tech.id})]",
                "min_won_revenue": 50000,
                "min_open_pipeline": 80000,
                "threshold_operator": "or",
                "won_period_months": 12,
            }
        )

    def _recompute(self):
        self.env["crm.key.account.criterion"].with_user(self.user_admin_se).browse(
            self.criterion.id
        ).action_recompute_key_accounts()

    def test_won_revenue_above_threshold_makes_key_account(self):
        self._won_lead("Big win", self.contact_fit, 30000)
        self._won_lead("Division win", self.contact_fr, 25000)  # divisions are other accounts
        self._recompute()
        self.assertFalse(self.partner_fit.is_key_account, "30,000 won is below the 50,000 threshold")
        self._won_lead("Second win", self.contact_cfo, 25000)
        self._recompute()
        self.assertTrue(self.partner_fit.is_key_account)
        self.assertIn("Tech with volume", self.partner_fit.key_account_reason)
        self.assertIn("won revenue above", self.partner_fit.key_account_reason)
        self.assertEqual(self.partner_fit.key_account_criterion_id, self.criterion)
        self.assertTrue(self.contact_fit.is_key_account, "contacts follow their company")
        self.assertEqual(self.criterion.partner_count, 1)

    def test_domain_excludes_partner_whatever_the_revenue(self):
        self._won_lead("Retail win", self.contact_unfit, 500000)
        self._recompute()
        self.assertFalse(self.partner_unfit.is_key_account)

    def test_open_pipeline_threshold_and_operator(self):
        self._create_lead("Open 1", partner=self.contact_fit, expected_revenue=90000)
        self._recompute()
        self.assertTrue(self.partner_fit.is_key_account)
        self.assertIn("open pipeline above", self.partner_fit.key_account_reason)
        self.criterion.threshold_operator = "and"
        self._recompute()
        self.assertFalse(self.partner_fit.is_key_account, "with 'all thresholds', won revenue is missing")

    def test_old_wins_are_outside_the_lookback(self):
        self._won_lead("Old win", self.contact_fit, 100000, closed=self.today - relativedelta(months=18))
        self._recompute()
        self.assertFalse(self.partner_fit.is_key_account)
        self.criterion.won_period_months = 0  # all time
        self._recompute()
        self.assertTrue(self.partner_fit.is_key_account)

    def test_lost_deals_do_not_count(self):
        lead = self._create_lead("Lost", partner=self.contact_fit, expected_revenue=100000)
        lead.action_set_lost()
        self._recompute()
        self.assertFalse(self.partner_fit.is_key_account)

    @users("se_manager_a")
    def test_manager_designates_and_excludes(self):
        partner = self.partner_empty.with_user(self.env.user)
        partner.key_account_designation = "key"
        self.assertTrue(partner.is_key_account)
        self.assertEqual(partner.key_account_reason, "Designated by a manager")
        self._create_lead("Open", partner=self.partner_fit, expected_revenue=90000)
        self._recompute()
        fit = self.partner_fit.with_user(self.env.user)
        self.assertTrue(fit.is_key_account)
        fit.key_account_designation = "not_key"
        self.assertFalse(fit.is_key_account)
        self.assertTrue(fit.key_account_auto, "the criteria result is kept for when the exclusion is lifted")

    @users("se_rep_a")
    def test_rep_cannot_designate(self):
        with self.assertRaises(AccessError):
            self.partner_empty.with_user(self.env.user).key_account_designation = "key"

    def test_invalid_domain_rejected(self):
        with self.assertRaisesMessage(ValidationError, "Accounts"):
            self.criterion.with_user(self.user_admin_se).partner_domain = "[('no_such_field', '=', 1)]"

    def test_negative_threshold_rejected(self):
        with self.assertRaisesMessage(ValidationError, "Won Revenue Above"):
            self.criterion.with_user(self.user_admin_se).min_won_revenue = -1

    def test_rep_cannot_edit_criteria(self):
        with self.assertRaises(AccessError):
            self.criterion.with_user(self.user_rep_a).min_won_revenue = 1

    def test_kind_is_a_rule_kind_and_defaults_to_amounts(self):
        Criterion = self.env["crm.key.account.criterion"]
        self.assertEqual(self.criterion.kind, "amounts")
        self.assertIn("amounts", Criterion._rule_kinds())
        self.assertEqual(Criterion._rule_check_kinds(), [])

    def test_kind_added_by_another_addon(self):
        """A kind added with ``selection_add`` and its ``_rule_eval_<kind>`` (simulated here: the field's selection
        and the method patched) is evaluated once for all its criteria, within each criterion's domain; the first
        matching criterion by sequence still wins, with its reason."""
        Criterion = self.env["crm.key.account.criterion"]
        field = Criterion._fields["kind"]
        selection = [*field.selection, ("listed", "Every account of the domain")]
        calls = []

        def _rule_eval_listed(criteria, partners, memo):
            members = criteria._get_members(partners, memo)
            calls.append((len(criteria), "account_amounts" in memo))
            return {criterion.id: dict.fromkeys(members[criterion.id], "listed") for criterion in criteria}

        with (
            patch.object(field, "selection", selection),
            patch.object(field, "_selection", dict(selection)),
            patch.object(type(Criterion), "_rule_eval_listed", _rule_eval_listed, create=True),
        ):
            tech_listed, retail_listed = Criterion.create(
                [
                    {
                        "name": "Every tech account",
                        "kind": "listed",
                        "sequence": 20,
                        "partner_domain": f"[('industry_id', '=', {self.industry_tech.id})]",
                    },
                    {
                        "name": "Every retail account",
                        "kind": "listed",
                        "sequence": 30,
                        "partner_domain": f"[('industry_id', '=', {self.industry_retail.id})]",
                    },
                ]
            )
            self.assertEqual(Criterion._rule_check_kinds(), [])
            quiet_tech = self.env["res.partner"].create(
                {"name": "SE Quiet Tech", "is_company": True, "industry_id": self.industry_tech.id}
            )
            self._create_lead("Open", partner=self.contact_fit, expected_revenue=90000)
            self._recompute()
            self.assertEqual(len(calls), 1, "one call of the kind for all its criteria")
            self.assertEqual(calls[0][0], 2)
            # partner_fit: in both tech criteria, the amounts one (sequence 10) wins
            self.assertEqual(self.partner_fit.key_account_criterion_id, self.criterion)
            self.assertIn("open pipeline above", self.partner_fit.key_account_reason)
            # no deal: only the added kind matches, its detail in the reason
            self.assertEqual(quiet_tech.key_account_criterion_id, tech_listed)
            self.assertEqual(quiet_tech.key_account_reason, "Every tech account (listed)")
            self.assertEqual(self.partner_unfit.key_account_criterion_id, retail_listed)
            self.assertFalse(self.partner_empty.is_key_account, "in no criterion's domain")
            tech_listed.sequence = 1
            self._recompute()
            self.assertEqual(self.partner_fit.key_account_criterion_id, tech_listed)
            self.assertEqual(self.partner_fit.key_account_reason, "Every tech account (listed)")

    def test_cron_recompute(self):
        self._create_lead("Open", partner=self.partner_fit, expected_revenue=90000)
        # run the code the daily cron is configured with
        self.env.ref("sales_ecosystem.ir_cron_key_account_recompute").ir_actions_server_id.run()
        self.assertTrue(self.partner_fit.is_key_account)

    def test_batch_query_count_constant(self):
        Partner = self.env["res.partner"]
        few = Partner.create(
            [{"name": f"Few {i}", "is_company": True, "industry_id": self.industry_tech.id} for i in range(2)]
        )
        many = Partner.create(
            [
                {"name": f"Many {i}", "is_company": True, "industry_id": self.industry_tech.id}
                for i in range(12)
            ]
        )
        for partner in few | many:
            self._create_lead(f"Deal {partner.name}", partner=partner, expected_revenue=90000)
        self._assert_same_query_count(
            self.env["crm.key.account.criterion"]._recompute_key_accounts, few, many
        )
        self.assertTrue(all(many.mapped("is_key_account")))

    def test_flags_equal_the_orm_compute(self):
        """After the set-based write (SQL, companies only), companies and their contacts (a contact of a contact too)
        read the flag of their account, and its search finds exactly the partners its compute flags (one rule,
        ``KEY_ACCOUNT_DOMAIN``); a manager's designation is kept."""
        Partner = self.env["res.partner"]
        sub_contact = Partner.create({"name": "SE Assistant of the CFO", "parent_id": self.contact_cfo.id})
        designated = Partner.create(
            {"name": "SE Designated", "is_company": True, "industry_id": self.industry_tech.id}
        )
        designated.key_account_designation = "not_key"
        self._create_lead("Open", partner=self.partner_fit, expected_revenue=90000)
        self._create_lead("Open designated", partner=designated, expected_revenue=90000)
        self._recompute()
        self.assertTrue(self.partner_fit.is_key_account)
        self.assertTrue(designated.key_account_auto, "the criteria result is stored")
        self.assertFalse(designated.is_key_account, "the manager's exclusion wins")
        self.assertEqual(designated.key_account_reason, "Excluded by a manager")
        self.assertTrue(sub_contact.is_key_account, "a contact of a contact follows the company")
        self.assertEqual(sub_contact.key_account_reason, self.partner_fit.key_account_reason)
        Partner = Partner.with_context(active_test=False)
        partners = Partner.search([])
        flagged = partners.filtered("is_key_account")
        self.assertIn(sub_contact, flagged)
        self.assertNotIn(designated, flagged)
        self.assertEqual(Partner.search([("is_key_account", "=", True)]), flagged)
        self.assertEqual(Partner.search([("is_key_account", "=", False)]), partners - flagged)
        self.assertEqual(Partner.search([("is_key_account", "!=", True)]), partners - flagged)
        with_result = partners.filtered("key_account_auto")
        self.assertIn(designated, with_result, "the criteria's result is kept under the exclusion")
        self.assertEqual(Partner.search([("key_account_auto", "=", True)]), with_result)
        self.assertEqual(Partner.search([("key_account_criterion_id", "=", self.criterion.id)]), with_result)
        self.assertEqual(Partner.search([("key_account_criterion_id", "=", False)]), partners - with_result)
        self.assertEqual(
            Partner.search([("key_account_criterion_id", "!=", self.criterion.id)]), partners - with_result
        )
        # nothing written on the partners themselves: their write date stays
        self.assertEqual(self.env["crm.key.account.flag"].search([]).partner_id, with_result)
        # a company dropping out is written back (and its contacts with it)
        self.criterion.min_open_pipeline = 100000
        self._recompute()
        self.assertFalse(self.partner_fit.is_key_account)
        self.assertFalse(sub_contact.is_key_account)
        self.assertFalse(sub_contact.key_account_reason)
        self.assertEqual(self.criterion.partner_count, 0)


@tagged("post_install", "-at_install", "sales_ecosystem_perf")
class TestKeyAccountPerformance(AccountPlanCommon):
    """Key account designation is set-based: its queries do not grow with the number of companies."""

    def _companies(self, count, prefix):
        companies = self.env["res.partner"].create(
            [
                {"name": f"{prefix} {i}", "is_company": True, "industry_id": self.industry_tech.id}
                for i in range(count)
            ]
        )
        self.env["res.partner"].create(
            [
                {"name": f"{prefix} contact {i}", "parent_id": company.id}
                for i, company in enumerate(companies)
            ]
        )
        # every other company has open pipeline above the threshold: both values get written
        for company in companies[::2]:
            self._create_lead(f"Deal {company.name}", partner=company, expected_revenue=90000)
        return companies

    def test_queries_flat_in_companies(self):
        self.env["crm.key.account.criterion"].create(
            {
                "name": "SE Volume",
                "partner_domain": f"[('industry_id', '=', {self.industry_tech.id})]",
                "min_won_revenue": 50000,
                "min_open_pipeline": 80000,
            }
        )
        Criterion = self.env["crm.key.account.criterion"].with_user(self.user_admin_se)
        few = self._companies(10, "SE Few")
        Criterion._recompute_key_accounts(few[:2])  # warm the registry caches
        queries_few = self._count_queries(lambda: Criterion._recompute_key_accounts(few))
        many = self._companies(100, "SE Many")
        queries_many = self._count_queries(lambda: Criterion._recompute_key_accounts(many))
        self.assertEqual(queries_many, queries_few)
        self.assertEqual(many.filtered("is_key_account"), many[::2])
        self.assertEqual(few.filtered("is_key_account"), few[::2])
        self.assertTrue(all(many[::2].child_ids.mapped("is_key_account")))


@tagged("post_install", "-at_install")
class TestKeyAccountIcpTier(IcpCommon):
    """The key account definition of the issue: ICP tier A and open pipeline above an amount."""

    def test_icp_tier_a_with_pipeline(self):
        criterion = self.env["crm.key.account.criterion"].create(
            {
                "name": "Tier A with pipeline",
                "partner_domain": "[('icp_tier', '=', 'a')]",
                "min_open_pipeline": 20000,
            }
        )
        self.assertEqual(self.partner_fit.icp_tier, "a")
        self._create_lead("Fit deal", partner=self.partner_fit, expected_revenue=25000)
        self._create_lead("Unfit deal", partner=self.partner_unfit, expected_revenue=250000)
        criterion.with_user(self.user_admin_se).action_recompute_key_accounts()
        self.assertTrue(self.partner_fit.is_key_account)
        self.assertIn("Tier A with pipeline", self.partner_fit.key_account_reason)
        self.assertFalse(self.partner_unfit.is_key_account, "off profile, whatever the pipeline")


@tagged("post_install", "-at_install")
class TestKeyAccountReaders(AccountPlanCommon):
    """The key account flag reads for any internal user (the criteria's results are derived data of the account);
    the matching criterion for the addon's users only."""

    def test_plain_employee_reads_the_flag(self):
        self.env["crm.key.account.criterion"].create(
            {"name": "SE Every tech account", "partner_domain": f"[('id', '=', {self.partner_fit.id})]"}
        )
        self.env["crm.key.account.criterion"]._recompute_key_accounts()
        employee = mail_new_test_user(self.env, login="se_plain_employee", groups="base.group_user")
        for user in (employee, self.user_rep_a):
            contact = self.contact_cfo.with_user(user)
            values = contact.read(["is_key_account", "key_account_reason", "key_account_auto"])[0]
            self.assertTrue(values["is_key_account"], user.login)
            self.assertIn("SE Every tech account", values["key_account_reason"], user.login)
            self.assertFalse(values["key_account_auto"], "the criteria flag the company, not its contacts")
            self.assertTrue(self.partner_fit.with_user(user).key_account_auto, user.login)
            self.assertIn(
                contact.commercial_partner_id,
                self.env["res.partner"].with_user(user).search([("is_key_account", "=", True)]),
            )
        with self.assertRaises(AccessError):
            self.partner_fit.with_user(employee).read(["key_account_criterion_id"])
        with self.assertRaises(AccessError):
            self.env["crm.key.account.flag"].with_user(employee).search([])

    def test_flags_follow_their_criterion_company(self):
        """A criteria result of another company's criterion is not listed to this company's users."""
        other = self.env["crm.key.account.criterion"].create(
            {
                "name": "SE Other company criterion",
                "company_id": self.company_2.id,
                "partner_domain": f"[('id', '=', {self.partner_fit.id})]",
            }
        )
        self.env["crm.key.account.criterion"]._recompute_key_accounts()
        flag = self.env["crm.key.account.flag"].search([("partner_id", "=", self.partner_fit.id)])
        self.assertEqual(flag.criterion_id, other)
        self.assertFalse(
            self.env["crm.key.account.flag"].with_user(self.user_rep_a).search([("id", "=", flag.id)])
        )
