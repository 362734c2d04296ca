# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from ..models.crm_icp_criterion import CRITERION_TYPES
from .common import IcpCommon


@tagged("post_install", "-at_install")
class TestIcpScoring(IcpCommon):
    def _statuses(self, record):
        return {item["name"]: item["status"] for item in record.icp_breakdown}

    def test_account_scored_per_criterion(self):
        """Each criterion type contributes its weight when it matches; the breakdown says which did."""
        partner = self.partner_fit.with_user(self.user_rep_a)
        self.assertEqual(partner.icp_profile_id, self.profile)
        self.assertEqual(partner.icp_score, 80.0)  # industry 40 + employees 20 + country 20
        self.assertEqual(partner.icp_tier, "a")
        self.assertEqual(
            self._statuses(partner),
            {
                "Technology": "matched",
                "Mid-size": "matched",
                "Belgium": "matched",
                "Strategic tag": "unmatched",
                "VAT known": "unmatched",
                "No gambling": "unmatched",
            },
        )
        self.assertIn("Technology", partner.icp_breakdown_html)
        # tag and domain criteria: adding the tag and a VAT number brings the score to 100
        self.partner_fit.write({"category_id": [(4, self.tag_strategic.id)], "vat": "BE0477472701"})
        self.profile.action_rescore()  # domain criteria have no declared dependencies: rescored on demand/cron
        self.assertEqual(partner.icp_score, 100.0)
        self.assertEqual(self._statuses(partner)["VAT known"], "matched")

    def test_bands_and_geography_by_state(self):
        self.partner_fit.employee_count = 1000  # above the 50-500 band
        self.assertEqual(self.partner_fit.icp_score, 60.0)
        self.assertEqual(self.partner_fit.icp_tier, "b")
        california = self.env.ref("base.state_us_5")
        self.crit_by_name["Belgium"].state_ids = [(4, california.id)]
        self.partner_unfit.write({"state_id": california.id})
        self.assertEqual(self._statuses(self.partner_unfit)["Belgium"], "matched")

    def test_disqualifier_forces_off_profile(self):
        self.partner_fit.industry_id = self.industry_gambling
        self.assertEqual(self.partner_fit.icp_tier, "off")
        self.assertEqual(self._statuses(self.partner_fit)["No gambling"], "disqualified")

    def test_insufficient_data_is_not_a_zero_score(self):
        partner = self.partner_empty.with_user(self.user_rep_a)
        self.assertEqual(partner.icp_tier, "insufficient")
        statuses = self._statuses(partner)
        self.assertEqual(statuses["Technology"], "missing")
        self.assertEqual(statuses["Belgium"], "missing")
        self.assertIn("no data", partner.icp_breakdown_html)
        # once the data is there, the account is scored
        self.partner_empty.write({"industry_id": self.industry_tech.id, "country_id": self.country_be.id})
        self.assertEqual(partner.icp_tier, "b")  # 40 + 20 = 60, employees unknown (20 of 100 missing)

    def test_contacts_are_not_scored_their_account_is(self):
        self.assertFalse(self.contact_fit.icp_tier)
        self.assertEqual(self.contact_fit.commercial_partner_id.icp_tier, "a")

    def test_versioning(self):
        """Changing the profile bumps its version; every stored score records the version it was computed with."""
        version = self.profile.version
        self.assertEqual(self.partner_fit.icp_version, version)
        self.crit_by_name["Technology"].with_user(self.user_admin_se).weight = 10
        self.assertEqual(self.profile.version, version + 1)
        self.assertEqual(self.partner_fit.icp_version, version + 1)
        self.assertAlmostEqual(self.partner_fit.icp_score, 100.0 * 50 / 70, places=1)
        self.profile.with_user(self.user_admin_se).threshold_a = 90
        self.assertEqual(self.profile.version, version + 2)
        self.assertEqual(self.partner_fit.icp_tier, "b")

    def test_large_profile_change_goes_to_cron(self):
        self.env["ir.config_parameter"].set_param("sales_ecosystem.icp_sync_rescore_limit", 0)
        self.crit_by_name["Technology"].weight = 10
        self.assertNotEqual(self.partner_fit.icp_version, self.profile.version, "left to the cron")
        self.env["crm.icp.profile"]._cron_rescore_outdated()
        self.assertEqual(self.partner_fit.icp_version, self.profile.version)

    def test_tier_thresholds(self):
        self.assertEqual(self.profile._tier_for_score(75), "a")
        self.assertEqual(self.profile._tier_for_score(74.99), "b")
        self.assertEqual(self.profile._tier_for_score(50), "b")
        self.assertEqual(self.profile._tier_for_score(25), "c")
        self.assertEqual(self.profile._tier_for_score(24.9), "off")

    def test_bad_configuration_is_refused(self):
        profile = self.profile.with_user(self.user_admin_se)
        with self.assertRaisesRegex(ValidationError, "Core fit.*ordered"):
            profile.write({"threshold_b": 80})
        with self.assertRaisesRegex(ValidationError, "Technology.*between 0 and 100"):
            self.crit_by_name["Technology"].with_user(self.user_admin_se).weight = 120
        with self.assertRaisesRegex(ValidationError, "VAT known.*not valid"):
            self.crit_by_name["VAT known"].with_user(
                self.user_admin_se
            ).domain = "[('no_such_field', '=', 1)]"
        with self.assertRaisesRegex(ValidationError, "VAT known.*not valid"):
            self.crit_by_name["VAT known"].with_user(self.user_admin_se).domain = "[('vat', '!=' "
        self.env.invalidate_all()
        self.assertEqual(self.crit_by_name["Technology"].weight, 40, "nothing half-saved")
        with self.assertRaisesRegex(ValidationError, "already is"):
            profile.copy({"name": "Second default", "is_default": True})

    def test_deal_scored_with_account_and_own_data(self):
        lead = self._create_lead("Fit deal", partner=self.contact_fit)
        self.assertEqual(lead.account_partner_id, self.partner_fit)
        self.assertEqual(lead.with_user(self.user_rep_a).icp_tier, "a")
        # a deal-only criterion applies to deals, never to accounts
        self.env["crm.icp.criterion"].with_user(self.user_admin_se).create(
            {
                "profile_id": self.profile.id,
                "name": "Big deal",
                "criterion_type": "domain",
                "domain_model": "crm.lead",
                "domain": "[('expected_revenue', '>=', 50000)]",
                "weight": 10,
            }
        )
        self.assertEqual(lead.icp_score, round(100.0 * 80 / 110, 2))
        self.assertNotIn("Big deal", self._statuses(self.partner_fit))
        # a deal without account uses its own country
        lonely = self._create_lead("No account", country_id=self.country_be.id)
        self.assertEqual(self._statuses(lonely)["Belgium"], "matched")
        # account data changes rescore the deal
        self.partner_fit.industry_id = self.industry_gambling
        self.assertEqual(lead.icp_tier, "off")

    def test_team_profile_wins_over_company_profile(self):
        team_profile = (
            self.env["crm.icp.profile"]
            .with_user(self.user_admin_se)
            .create(
                {
                    "name": "Team B retail",
                    "team_id": self.team_b.id,
                    "is_default": True,
                    "criterion_ids": [
                        (
                            0,
                            0,
                            {
                                "name": "Retail",
                                "criterion_type": "industry",
                                "weight": 100,
                                "industry_ids": [(6, 0, self.industry_retail.ids)],
                            },
                        ),
                    ],
                }
            )
        )
        lead_b = self._create_lead(
            "Retail deal", partner=self.partner_unfit, user=self.user_rep_other, team=self.team_b
        )
        lead_a = self._create_lead("Retail deal A", partner=self.partner_unfit)
        self.assertEqual(lead_b.icp_profile_id, team_profile)
        self.assertEqual(lead_b.icp_tier, "a")
        self.assertEqual(lead_a.icp_profile_id, self.profile)
        self.assertEqual(lead_a.icp_tier, "off")

    def test_tier_change_tracked_in_chatter(self):
        lead = self._create_lead("Tracked deal", partner=self.partner_fit)
        self.env.cr.precommit.run()  # end of the creating transaction
        self.partner_fit.industry_id = self.industry_retail
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit time
        tracked = lead.message_ids.tracking_value_ids.filtered(lambda v: v.field_id.name == "icp_tier")
        self.assertTrue(tracked, "the tier change is logged in the deal's chatter")

    def test_batch_rescore_tracks_tier_changes_only(self):
        """A batch rescore (profile change, nightly cron) logs a changed tier in the chatter with its old value,
        and leaves deals whose score did not change untouched."""
        changed = self._create_lead("Rescored deal", partner=self.partner_fit)
        same = self._create_lead("Unchanged deal", partner=self.partner_unfit)
        tier_before, same_tier = changed.icp_tier, same.icp_tier
        self.env.cr.precommit.run()  # end of the creating transaction
        # the account's industry changes behind the ORM's back (an import, another module's SQL): only a rescore
        # sees it
        self.env.cr.execute(
            "UPDATE res_partner SET industry_id = %s WHERE id = %s",
            [self.industry_retail.id, self.partner_fit.id],
        )
        self.env.invalidate_all()
        leads = (changed | same).with_user(self.user_rep_a)
        leads._recompute_icp()
        self.assertNotEqual(changed.icp_tier, tier_before)
        self.assertEqual(same.icp_tier, same_tier)
        self.env.cr.precommit.run()  # tracking values are written at commit time
        tracked = changed.message_ids.tracking_value_ids.filtered(lambda v: v.field_id.name == "icp_tier")
        self.assertEqual(len(tracked), 1, "the tier change is logged once")
        self.assertEqual(
            (tracked.old_value_char, tracked.new_value_char),
            (
                dict(self.env["crm.lead"]._fields["icp_tier"].selection)[tier_before],
                dict(self.env["crm.lead"]._fields["icp_tier"].selection)[changed.icp_tier],
            ),
        )
        self.assertFalse(
            same.message_ids.tracking_value_ids.filtered(lambda v: v.field_id.name == "icp_tier"),
            "no tracking for a deal whose tier did not change",
        )

    def test_reps_read_but_cannot_configure_profiles(self):
        profile = self.profile.with_user(self.user_rep_a)
        self.assertEqual(profile.name, "Core fit")
        with self.assertRaises(AccessError):
            profile.write({"threshold_a": 80})
        with self.assertRaises(AccessError):
            self.env["crm.icp.profile"].with_user(self.user_manager_a).create({"name": "Manager profile"})
        with self.assertRaises(AccessError):
            self.crit_by_name["Technology"].with_user(self.user_rep_a).unlink()

    def test_other_company_sees_no_profile(self):
        profiles = self.env["crm.icp.profile"].with_user(self.user_rep_c2).search([])
        self.assertNotIn(self.profile, profiles)

    def test_criteria_are_rules_evaluated_per_type(self):
        """ICP criteria are rules of sales.ecosystem.rule.mixin: every criterion type has its method, and the
        statuses of each type (matched / unmatched / missing / skipped) come from one evaluation of all the
        subjects; the descriptions come from the types' describe methods."""
        Criterion = self.env["crm.icp.criterion"]
        self.assertEqual(Criterion._rule_check_kinds(), [])
        self.assertEqual(Criterion._rule_kinds(), [value for value, _label in CRITERION_TYPES])
        big = self._create_lead("Big deal", partner=self.partner_fit, expected_revenue=90000)
        small = self._create_lead("Small deal", partner=self.partner_fit)
        self.partner_fit.vat = "BE0477472701"
        extra = Criterion.create(
            [
                {
                    "profile_id": self.profile.id,
                    "name": "Revenue from 1M",
                    "criterion_type": "revenue",
                    "revenue_min": 1e6,
                    "weight": 10,
                },
                {
                    "profile_id": self.profile.id,
                    "name": "Big deal",
                    "criterion_type": "domain",
                    "domain_model": "crm.lead",
                    "domain": "[('expected_revenue', '>=', 50000)]",
                    "weight": 10,
                },
            ]
        )
        account = {
            "partner_id": False,
            "lead_id": False,
            "industry_id": False,
            "employee_count": 0,
            "annual_revenue": 0.0,
            "country_id": False,
            "state_id": False,
            "category_ids": set(),
        }
        facts_by_key = {
            "fit": dict(
                account,
                partner_id=self.partner_fit.id,
                industry_id=self.industry_tech.id,
                employee_count=120,
                annual_revenue=5e6,
                country_id=self.country_be.id,
                category_ids={self.tag_strategic.id},
            ),
            "unfit": dict(
                account,
                partner_id=self.partner_unfit.id,
                industry_id=self.industry_retail.id,
                employee_count=20,
                annual_revenue=1e5,
                country_id=self.country_us.id,
            ),
            "empty": dict(account, partner_id=self.partner_empty.id),
            "no account": dict(account, lead_id=small.id),
            "big deal": dict(account, partner_id=self.partner_fit.id, lead_id=big.id),
        }
        criteria = self.profile.criterion_ids
        by_name = {c.name: c.id for c in criteria}
        criteria._rule_evaluate({})  # the criteria's fields are read once per criterion, not per subject
        self.env.flush_all()
        memo = {}
        with self.assertQueryCount(2):  # one per domain criterion, whatever the number of subjects
            outcomes = criteria._rule_evaluate(facts_by_key, memo)
        expected = {
            #                   fit          unfit        empty      no account   big deal
            "Technology": ("matched", "unmatched", "missing", "missing", "missing"),
            "Mid-size": ("matched", "unmatched", "missing", "missing", "missing"),
            "Revenue from 1M": ("matched", "unmatched", "missing", "missing", "missing"),
            "Belgium": ("matched", "unmatched", "missing", "missing", "missing"),
            "Strategic tag": ("matched", "unmatched", "unmatched", "unmatched", "unmatched"),
            "VAT known": ("matched", "unmatched", "unmatched", "missing", "matched"),
            "No gambling": ("unmatched", "unmatched", "missing", "missing", "missing"),
            "Big deal": ("skipped", "skipped", "skipped", "unmatched", "matched"),
        }
        self.assertEqual(
            {name: tuple(outcomes[by_name[name]][key] for key in facts_by_key) for name in expected}, expected
        )
        self.assertEqual(set(outcomes), set(criteria.ids))
        # the same statuses through the profile's scoring: the breakdown skips the deal-only criterion on accounts
        results = self.profile._score(facts_by_key)
        self.assertEqual(
            [item["name"] for item in results["fit"]["breakdown"]], [c.name for c in criteria - extra[1]]
        )
        self.assertEqual(
            results["fit"]["outcome"], (self.profile.id, tuple(expected[c.name][0] for c in criteria))
        )
        descriptions = criteria._rule_describe()
        self.assertEqual(descriptions[by_name["Mid-size"]], "50 - 500")
        self.assertEqual(descriptions[by_name["Revenue from 1M"]], "1,000,000 - ∞")
        self.assertEqual(descriptions[by_name["Big deal"]], "crm.lead: [('expected_revenue', '>=', 50000)]")
        self.assertEqual(
            {c.name: c.description for c in criteria}, {c.name: descriptions[c.id] for c in criteria}
        )
        self.assertEqual(self.crit_by_name["Technology"].description, self.industry_tech.name)
        # a criterion being edited (a new record of the profile form) is described too
        draft = Criterion.new({"name": "Small", "criterion_type": "employees", "employee_min": 10})
        self.assertEqual(draft.description, "10 - ∞")
