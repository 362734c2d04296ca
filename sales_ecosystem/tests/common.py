# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Shared fixtures for the sales_ecosystem tests (no demo data: everything is built here).

Organisation built by :class:`SalesEcosystemCommon`::

    company_main                                   company_2
    team_a (leader: user_manager_a)                team_c2 (leader: user_manager_c2)
      members: user_rep_a, user_rep_b                members: user_rep_c2
    team_b (leader: user_manager_b)
      members: user_rep_other

    user_admin_se: Sales Ecosystem Administrator (configures profiles, gates, plans)
"""

import logging
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.tests import HttpCase, TransactionCase
from odoo.tests.common import freeze_time

_logger = logging.getLogger(__name__)

GROUP_USER = "sales_ecosystem.group_sales_ecosystem_user"
#: a rep of the addon is a stock Salesman (Own Documents Only): that group implies GROUP_USER
GROUP_SALESMAN = "sales_team.group_sale_salesman"
GROUP_MANAGER = "sales_ecosystem.group_sales_ecosystem_manager"
GROUP_ADMIN = "sales_ecosystem.group_sales_ecosystem_admin"


def count_queries(env, func):
    """SQL queries issued by ``func()``, the flush of what it leaves pending included, from cold ORM caches: what
    the flatness tests (tag ``sales_ecosystem_perf``) compare between sizes."""
    env.flush_all()
    env.invalidate_all()
    before = env.cr.sql_log_count
    func()
    env.flush_all()
    return env.cr.sql_log_count - before


class SalesEcosystemCommon(TransactionCase):
    @contextmanager
    def assertRaisesRegex(self, expected_exception, expected_regex, msg=None):
        """Like Odoo's ``assertRaises`` (the failing operation runs in a savepoint that is rolled back, so a test
        can check that nothing was saved), plus a check of the message."""
        with self.assertRaises(expected_exception, msg=msg) as context:
            yield context
        self.assertRegex(str(context.exception), expected_regex)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("sales_team.membership_multi", False)
        cls.company_main = cls.env.company
        cls.company_2 = cls.env["res.company"].create({"name": "Other Company SE"})

        def user(login, name, groups, company=None):
            company = company or cls.company_main
            return mail_new_test_user(
                cls.env,
                login=login,
                name=name,
                email=f"{login}@example.com",
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
                notification_type="inbox",
                groups=groups,
            )

        cls.user_rep_a = user("se_rep_a", "Alice Rep", f"base.group_user,{GROUP_SALESMAN}")
        cls.user_rep_b = user("se_rep_b", "Bob Rep", f"base.group_user,{GROUP_SALESMAN}")
        cls.user_rep_other = user("se_rep_other", "Olga Rep", f"base.group_user,{GROUP_SALESMAN}")
        cls.user_manager_a = user("se_manager_a", "Mona Manager", f"base.group_user,{GROUP_MANAGER}")
        cls.user_manager_b = user("se_manager_b", "Max Manager", f"base.group_user,{GROUP_MANAGER}")
        cls.user_admin_se = user(
            "se_admin", "Ada Admin", f"base.group_user,{GROUP_ADMIN},sales_team.group_sale_manager"
        )
        cls.user_rep_c2 = user("se_rep_c2", "Carl Rep C2", f"base.group_user,{GROUP_SALESMAN}", cls.company_2)
        cls.user_manager_c2 = user(
            "se_manager_c2", "Cleo Manager C2", f"base.group_user,{GROUP_MANAGER}", cls.company_2
        )

        Team = cls.env["crm.team"]
        cls.team_a = Team.create(
            {"name": "SE Team A", "user_id": cls.user_manager_a.id, "company_id": cls.company_main.id}
        )
        cls.team_b = Team.create(
            {"name": "SE Team B", "user_id": cls.user_manager_b.id, "company_id": cls.company_main.id}
        )
        cls.team_c2 = Team.with_company(cls.company_2).create(
            {"name": "SE Team C2", "user_id": cls.user_manager_c2.id, "company_id": cls.company_2.id}
        )
        Member = cls.env["crm.team.member"]
        for team, users in (
            (cls.team_a, cls.user_rep_a | cls.user_rep_b),
            (cls.team_b, cls.user_rep_other),
            (cls.team_c2, cls.user_rep_c2),
        ):
            for member in users:
                Member.create({"crm_team_id": team.id, "user_id": member.id})

        Stage = cls.env["crm.stage"]
        cls.stage_new = Stage.create({"name": "SE New", "sequence": 1})
        cls.stage_qualified = Stage.create({"name": "SE Qualified", "sequence": 2})
        cls.stage_proposal = Stage.create({"name": "SE Proposal", "sequence": 3})
        cls.stage_won = Stage.create({"name": "SE Won", "sequence": 70, "is_won": True})

        Partner = cls.env["res.partner"]
        cls.industry_tech = cls.env["res.partner.industry"].create({"name": "SE Technology"})
        cls.industry_retail = cls.env["res.partner.industry"].create({"name": "SE Retail"})
        cls.country_be = cls.env.ref("base.be")
        cls.country_us = cls.env.ref("base.us")
        cls.partner_fit = Partner.create(
            {
                "name": "Fit Corp",
                "is_company": True,
                "industry_id": cls.industry_tech.id,
                "country_id": cls.country_be.id,
            }
        )
        cls.partner_unfit = Partner.create(
            {
                "name": "Unfit Shop",
                "is_company": True,
                "industry_id": cls.industry_retail.id,
                "country_id": cls.country_us.id,
            }
        )
        cls.partner_empty = Partner.create({"name": "Unknown Ltd", "is_company": True})
        cls.contact_fit = Partner.create(
            {"name": "Fiona Buyer", "parent_id": cls.partner_fit.id, "email": "fiona@fit.example.com"}
        )

    @classmethod
    def _create_lead(cls, name, partner=None, user=None, stage=None, team=None, **values):
        """Create an opportunity as superuser fixture (tests then act on it as low-privilege users)."""
        user = user or cls.user_rep_a
        vals = {
            "name": name,
            "type": "opportunity",
            "partner_id": partner.id if partner else False,
            "user_id": user.id,
            "team_id": (team or cls.team_a).id,
            "stage_id": (stage or cls.stage_new).id,
            "expected_revenue": 10000,
        }
        vals.update(values)
        return cls.env["crm.lead"].create(vals)


class SalesEcosystemHttpCommon(HttpCase):
    """Base for browser tours: logs a line the test summary counts, so a tour that did not run shows."""

    def se_start_tour(self, url_path, tour_name, login, **kwargs):
        self.start_tour(url_path, tour_name, login=login, **kwargs)
        _logger.info("tour %s ran", tour_name)


class IcpCommon(SalesEcosystemCommon):
    """A company-wide default ICP profile (built by the admin) and a valid target list.

    Profile 'Core fit' (A >= 75, B >= 50, C >= 25), criteria and weights:
      Technology industry 40, 50-500 employees 20, Belgium 20, tag 'Strategic' 10,
      VAT known (partner domain) 10, disqualifier: industry Gambling.
    partner_fit (tech, BE, 120 employees) scores 80 -> A; partner_unfit (retail, US, 20 employees) 0 -> Off profile;
    partner_empty has no data -> Insufficient data.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the tests own the profiles: archive any the database already has (e.g. demo data on a dev database)
        cls.env["crm.icp.profile"].search([]).action_archive()
        cls.industry_gambling = cls.env["res.partner.industry"].create({"name": "SE Gambling"})
        cls.tag_strategic = cls.env["res.partner.category"].create({"name": "SE Strategic"})
        cls.partner_fit.write({"employee_count": 120, "annual_revenue": 5e6})
        cls.partner_unfit.write({"employee_count": 20, "annual_revenue": 1e5})
        Profile = cls.env["crm.icp.profile"].with_user(cls.user_admin_se)
        cls.profile = Profile.create(
            {
                "name": "Core fit",
                "is_default": True,
                "company_id": cls.company_main.id,
                "criterion_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Technology",
                            "criterion_type": "industry",
                            "weight": 40,
                            "industry_ids": [(6, 0, cls.industry_tech.ids)],
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "name": "Mid-size",
                            "criterion_type": "employees",
                            "weight": 20,
                            "employee_min": 50,
                            "employee_max": 500,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "name": "Belgium",
                            "criterion_type": "geography",
                            "weight": 20,
                            "country_ids": [(6, 0, cls.country_be.ids)],
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "name": "Strategic tag",
                            "criterion_type": "tag",
                            "weight": 10,
                            "tag_ids": [(6, 0, cls.tag_strategic.ids)],
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "name": "VAT known",
                            "criterion_type": "domain",
                            "weight": 10,
                            "domain_model": "res.partner",
                            "domain": "[('vat', '!=', False)]",
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "name": "No gambling",
                            "criterion_type": "industry",
                            "is_disqualifier": True,
                            "industry_ids": [(6, 0, cls.industry_gambling.ids)],
                        },
                    ),
                ],
            }
        )
        cls.crit_by_name = {c.name: c for c in cls.profile.criterion_ids}
        cls.target_list = (
            cls.env["crm.target.list"]
            .with_user(cls.user_manager_a)
            .create(
                {
                    "name": "FY26 Enterprise",
                    "team_id": cls.team_a.id,
                    "date_from": "2026-01-01",
                    "date_to": "2026-12-31",
                    "line_ids": [(0, 0, {"partner_id": cls.partner_fit.id})],
                }
            )
        )


class CommissionCommon(SalesEcosystemCommon):
    """Commission fixtures: a 10 % plan for team A (nothing off the target list), a target list with Fit Corp.

    ``partner_fit`` is on 'FY26 Enterprise' (since 2020); ``partner_unfit`` is on no list.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.users"])
        cls.plan = cls.env["crm.commission.plan"].create(
            {
                "name": "SE Standard 10%",
                "rate": 10.0,
                "assignment_ids": [(0, 0, {"team_id": cls.team_a.id, "date_from": "2020-01-01"})],
            }
        )
        cls.plan_b = cls.env["crm.commission.plan"].create(
            {
                "name": "SE Team B 5%",
                "rate": 5.0,
                "assignment_ids": [(0, 0, {"team_id": cls.team_b.id, "date_from": "2020-01-01"})],
            }
        )
        cls.target_list = cls.env["crm.target.list"].create(
            {
                "name": "FY26 Enterprise",
                "date_from": "2020-01-01",
                "line_ids": [(0, 0, {"partner_id": cls.partner_fit.id})],
            }
        )

    @classmethod
    def _create_won_lead(cls, name, partner=None, user=None, date_closed=None, **values):
        """A deal created directly in the won stage (Off-Strategy deals get a reason so that they can be won)."""
        partner = partner or cls.partner_fit
        values.setdefault("off_strategy_reason", "executive_request")
        if date_closed:
            values["date_closed"] = fields.Datetime.to_datetime(date_closed)
        return cls._create_lead(name, partner=partner, user=user, stage=cls.stage_won, **values)

    def _in_request(self, method, *args, **kwargs):
        """Call ``method`` as a request would: if it raises, its whole transaction is rolled back."""
        try:
            with self.env.cr.savepoint():
                return method(*args, **kwargs)
        finally:
            self.env.invalidate_all()

    @classmethod
    def _settle(cls, date=None):
        return cls.env["crm.commission.statement"]._settle(date or cls.today, cls.company_main)


class GateCommon(SalesEcosystemCommon):
    """Stage gate fixtures: a test methodology (team_a's default, gates in 'block' mode) and a gate to
    enter ``stage_proposal`` requiring the 'Pain' criterion confirmed. Tests add requirements with
    ``_add_requirement``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.methodology = cls.env["crm.methodology"].create(
            {
                "name": "SE Test Method",
                "code": "SETEST",
                "criterion_ids": [
                    (0, 0, {"name": "Pain", "code": "P", "sequence": 1}),
                    (0, 0, {"name": "Economic Buyer", "code": "EB", "sequence": 2}),
                    (0, 0, {"name": "Timeline", "code": "T", "sequence": 3}),
                ],
            }
        )
        cls.crit_pain, cls.crit_eb, cls.crit_timeline = cls.methodology.criterion_ids
        (cls.team_a | cls.team_b).write({"methodology_id": cls.methodology.id, "gate_mode": "block"})
        cls.gate_proposal = cls.env["crm.stage.gate"].create({"stage_id": cls.stage_proposal.id})
        cls.req_pain = cls._add_requirement(
            cls.gate_proposal,
            name="Pain confirmed",
            kind="criterion",
            criterion_id=cls.crit_pain.id,
            min_status="confirmed",
            message="Confirm the pain with the customer.",
        )
        cls.activity_type_call = cls.env["mail.activity.type"].create({"name": "SE Discovery Call"})
        # Keep the pipeline of the fixture teams to the fixture stages (next stage = next fixture stage).
        fixture_stages = cls.stage_new | cls.stage_qualified | cls.stage_proposal | cls.stage_won
        other_team = cls.env["crm.team"].create({"name": "SE Gate Other Pipeline"})
        cls.env["crm.stage"].search([("id", "not in", fixture_stages.ids)]).write(
            {"team_ids": [(6, 0, other_team.ids)]}
        )

    @classmethod
    def _create_lead(cls, name, partner=None, user=None, stage=None, team=None, **values):
        # The Off-Strategy reason rule (ICP feature) is not under test here: give every deal a reason.
        values.setdefault("off_strategy_reason", "existing_customer")
        return super()._create_lead(name, partner=partner, user=user, stage=stage, team=team, **values)

    @classmethod
    def _add_requirement(cls, gate, **values):
        return cls.env["crm.gate.requirement"].create({"gate_id": gate.id, "severity": "blocking", **values})

    @classmethod
    def _set_status(cls, lead, criterion, status):
        line = lead.methodology_status_ids.filtered(lambda s: s.criterion_id == criterion)
        line.write({"status": status})
        return line


class DealContactRoleCommon(SalesEcosystemCommon):
    """Deal buying roles (crm.lead.contact.role), used with the gate fixtures (the test classes compose them:
    ``(DealContactRoleCommon, GateCommon)``): the gate to enter ``stage_proposal``
    asks for its Pain criterion and for a contact holding the economic buyer role. Contacts of Fit Corp:
    ``contact_eb`` (usually the economic buyer), ``contact_champion`` (usually the champion), ``contact_plain`` (no
    usual role). ``deal_a`` (rep A, Qualified, pain confirmed; committee: the champion), ``deal_b`` (rep B),
    ``deal_c2`` (company 2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.req_eb = cls._add_requirement(
            cls.gate_proposal, name="Economic buyer", kind="buying_role", buying_role="economic_buyer"
        )
        Partner = cls.env["res.partner"]
        cls.contact_eb = Partner.create(
            {"name": "Eve Economic", "parent_id": cls.partner_fit.id, "buying_role": "economic_buyer"}
        )
        cls.contact_champion = Partner.create(
            {"name": "Carl Champion", "parent_id": cls.partner_fit.id, "buying_role": "champion"}
        )
        cls.contact_plain = Partner.create({"name": "Paul Plain", "parent_id": cls.partner_fit.id})
        cls.deal_a = cls._create_role_deal("SE Roles A", cls.user_rep_a, cls.contact_champion)
        cls.deal_b = cls._create_role_deal("SE Roles B", cls.user_rep_b, cls.contact_champion)
        cls.partner_c2 = Partner.create(
            {"name": "C2 Roles Co", "is_company": True, "company_id": cls.company_2.id}
        )
        cls.deal_c2 = (
            cls.env["crm.lead"]
            .with_company(cls.company_2)
            .create(
                {
                    "name": "SE Roles C2",
                    "type": "opportunity",
                    "partner_id": cls.partner_c2.id,
                    "user_id": cls.user_rep_c2.id,
                    "team_id": cls.team_c2.id,
                    "company_id": cls.company_2.id,
                    "off_strategy_reason": "existing_customer",
                }
            )
        )

    @classmethod
    def _create_role_deal(cls, name, user, *committee):
        """A deal in Qualified with its pain confirmed: only the buying role stands between it and Proposal."""
        lead = cls._create_lead(
            name,
            partner=cls.partner_fit,
            user=user,
            stage=cls.stage_qualified,
            contact_ids=[Command.set([contact.id for contact in committee])],
        )
        cls._set_status(lead, cls.crit_pain, "confirmed")
        return lead

    @classmethod
    def _add_role(cls, lead, partner, role=None, **values):
        vals = {"lead_id": lead.id, "partner_id": partner.id, **values}
        if role is not None:
            vals["buying_role"] = role
        return cls.env["crm.lead.contact.role"].create(vals)


class AccountPlanCommon(SalesEcosystemCommon):
    """Key account plans: an account with a division and contacts, solution areas, a plan.

    partner_fit (account)                     solution areas
      contact_fit (Fiona), contact_cfo          area_crm (tag CRM, potential 20,000)
      division_fr (child company)               area_erp (tag ERP, potential 50,000)
        contact_fr
    plan_fit: owner user_rep_a (team_a), sponsor user_manager_a, draft, period today-60 .. today+300
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.contact_cfo = Partner.create(
            {
                "name": "Carla CFO",
                "parent_id": cls.partner_fit.id,
                "email": "carla@fit.example.com",
                "function": "Chief Financial Officer",
            }
        )
        cls.division_fr = Partner.create(
            {"name": "FitFrance SAS", "is_company": True, "parent_id": cls.partner_fit.id}
        )
        cls.contact_fr = Partner.create(
            {"name": "Francois User", "parent_id": cls.division_fr.id, "email": "francois@fit.example.com"}
        )
        cls.contact_unfit = Partner.create(
            {"name": "Ursula Unfit", "parent_id": cls.partner_unfit.id, "email": "ursula@unfit.example.com"}
        )
        Tag = cls.env["crm.tag"]
        cls.tag_crm = Tag.create({"name": "SE CRM Suite"})
        cls.tag_erp = Tag.create({"name": "SE ERP Suite"})
        Area = cls.env["crm.solution.area"]
        cls.area_crm = Area.create(
            {
                "name": "CRM",
                "sequence": 1,
                "tag_ids": [Command.set(cls.tag_crm.ids)],
                "potential_value": 20000,
            }
        )
        cls.area_erp = Area.create(
            {
                "name": "ERP",
                "sequence": 2,
                "tag_ids": [Command.set(cls.tag_erp.ids)],
                "potential_value": 50000,
            }
        )
        cls.plan_fit = cls._create_plan(cls.partner_fit)

    @classmethod
    def _create_plan(cls, partner, user=None, **values):
        vals = {
            "name": f"{partner.name} plan",
            "partner_id": partner.id,
            "user_id": (user or cls.user_rep_a).id,
            "sponsor_id": cls.user_manager_a.id,
            "date_start": cls.today - relativedelta(days=60),
            "date_end": cls.today + relativedelta(days=300),
        }
        vals.update(values)
        return cls.env["crm.account.plan"].create(vals)

    @contextmanager
    def assertRaisesMessage(self, exception, regex):
        """assertRaises (inside a savepoint, so the failed operation is rolled back as the
        request would be) that also checks the message names the record and the field."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), regex)

    @classmethod
    def _won_lead(cls, name, partner, revenue, closed=None, **values):
        """A won opportunity closed on ``closed`` (a date, default today)."""
        # Off-Strategy deals need a reason to leave the first stage (ICP feature): give one
        values.setdefault("off_strategy_reason", "existing_customer")
        lead = cls._create_lead(name, partner=partner, expected_revenue=revenue, **values)
        lead.action_set_won()
        if closed:
            lead.date_closed = datetime.combine(closed, datetime.min.time()) + relativedelta(hours=12)
        return lead

    def _count_queries(self, func):
        """Queries run by ``func`` (caches invalidated, writes flushed), to compare batch sizes."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def _assert_same_query_count(self, func, few, many):
        """``func(few)`` and ``func(many)`` run the same number of queries (batched code)."""
        func(few[:1])  # warm ormcaches (on part of the small batch: both batches then write)
        expected = self._count_queries(lambda: func(few))
        self.env.invalidate_all()
        with self.assertQueryCount(expected):
            func(many)


class CoachingCommon(SalesEcosystemCommon):
    """Coaching fixtures: a two-skill framework and one planned session per rep.

    session_a: rep A coached by manager A (team A leader);   session_b: rep B coached by manager A;
    session_other: rep Other coached by manager B;
    session_c2: rep C2 coached by manager C2 (company 2).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.area_conversation = cls.env.ref("sales_ecosystem.crm_coaching_skill_area_conversation")
        cls.area_funnel = cls.env.ref("sales_ecosystem.crm_coaching_skill_area_funnel")
        Skill = cls.env["crm.coaching.skill"]
        cls.skill_questioning = Skill.create(
            {
                "name": "SE Impact questions",
                "area_id": cls.area_conversation.id,
                "scale_min": 1,
                "scale_max": 5,
                "level_ids": [
                    (0, 0, {"value": 1, "name": "Not yet", "guide": "Pitches before asking."}),
                    (0, 0, {"value": 3, "name": "Developing", "guide": "Finds problems, no impact."}),
                    (0, 0, {"value": 5, "name": "Role model", "guide": "Customer quantifies the impact."}),
                ],
            }
        )
        cls.skill_funnel = Skill.create(
            {"name": "SE Funnel balance", "area_id": cls.area_funnel.id, "scale_min": 1, "scale_max": 4}
        )
        cls.past = datetime.now() - timedelta(days=10)
        cls.session_a = cls._create_session(cls.user_rep_a, cls.user_manager_a, name="Coaching Alice")
        cls.session_b = cls._create_session(cls.user_rep_b, cls.user_manager_a, name="Coaching Bob")
        cls.session_other = cls._create_session(cls.user_rep_other, cls.user_manager_b, name="Coaching Olga")
        cls.session_c2 = cls._create_session(
            cls.user_rep_c2, cls.user_manager_c2, name="Coaching Carl", company=cls.company_2
        )

    @classmethod
    def _create_session(cls, rep, coach, name="Coaching", company=None, **values):
        vals = {
            "name": name,
            "rep_id": rep.id,
            "coach_id": coach.id,
            "company_id": (company or cls.company_main).id,
            "session_type": "deal_review",
            "date": cls.past,
            "coach_note": f"<p>Private note on {rep.name}</p>",
        }
        vals.update(values)
        return cls.env["crm.coaching.session"].with_company(company or cls.company_main).create(vals)


class DealHealthCommon(SalesEcosystemCommon):
    """Deal health fixtures: thresholds set explicitly, and helpers to move time (``_at``) and to keep only the
    signals under test (``_only``). Independent of the other capabilities' fixtures: a test class that needs gates
    too (the 'next gate unmet' signal) composes them, ``class TestX(DealHealthCommon, GateCommon)``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"]
        for key, value in {
            "stage_days": 20,
            "close_push_count": 2,
            "close_overdue_days": 0,
            "gate_gap_days": 7,
            "min_contacts": 2,
            "inactive_days": 14,
            "amount_drop_percent": 10,
            "troubled_count": 3,
            "top_value_count": 2,
        }.items():
            params.set_param(f"sales_ecosystem.health_{key}", value)
        # the engine's tests: every signal makes a deal at risk ('Watch' and the defaults: TestDealHealthDefaults)
        cls.env["crm.deal.health.signal"].search([("severity", "=", "info")]).severity = "warning"
        cls.signals = cls.env["crm.deal.health.signal"]._get_active_by_code()
        cls.contact_fit_2 = cls.env["res.partner"].create(
            {"name": "Fred Champion", "parent_id": cls.partner_fit.id, "email": "fred@fit.example.com"}
        )

    @contextmanager
    def _at(self, days):
        """Run the block ``days`` days from now (Python clock and the transaction's ``now()``)."""
        self.env.flush_all()  # what happened before happened now (stored computes such as the stage date)
        when = fields.Datetime.now() + timedelta(days=days)
        with freeze_time(when), patch.object(self.env.cr, "now", lambda: when):
            yield when

    def _only(self, *codes):
        """Keep only these signals active (each test looks at one signal at a time)."""
        signals = self.env["crm.deal.health.signal"].with_context(active_test=False).search([])
        signals.filtered(lambda s: s.code not in codes).write({"active": False})
        signals.filtered(lambda s: s.code in codes).write({"active": True})

    def _codes(self, lead):
        return set(lead.health_signal_ids.mapped("code"))


class ReportingCommon(SalesEcosystemCommon):
    """Closed deals for the win rate analyses, used with the ICP fixtures (the test classes compose them:
    ``(ReportingCommon, IcpCommon)``; profile and list of :class:`IcpCommon`: partner_fit is tier A and
    on 'FY26 Enterprise' during 2026, partner_unfit is off profile and on no list).

    ======  =========  ===========  =======  ======  ==========  ======  =============
    deal    rep        account      outcome  value   closed      tier    on list then
    ======  =========  ===========  =======  ======  ==========  ======  =============
    A1      rep_a      partner_fit  won      10000   2026-02-10  A (on)  yes
    A2      rep_a      partner_fit  lost     30000   2026-02-20  A (on)  yes
    U1      rep_a      unfit        won       5000   2026-05-05  off     no
    A3      rep_b      partner_fit  won      20000   2025-11-15  A (on)  no (list starts 2026)
    U2      rep_b      unfit        lost      8000   2026-05-10  off     no
    U3      rep_other  unfit        won       7000   2026-03-03  off     no  (team_b)
    A4      rep_other  partner_fit  won      12000   2026-03-04  A (on)  no  (team_b; team A's list)
    C2      rep_c2     (company 2)  won       9000   2026-03-05  -       no
    ======  =========  ===========  =======  ======  ==========  ======  =============
    plus an open deal of rep_a (not in the win analyses).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def closed(name, partner, user, won, revenue, date, team=None, company=None):
            lead = cls._create_lead(
                name,
                partner=partner,
                user=user,
                team=team,
                expected_revenue=revenue,
                off_strategy_reason="existing_customer",
                **({"company_id": company.id} if company else {}),
            )
            if won:
                lead.action_set_won()
            else:
                lead.action_set_lost()
            lead.date_closed = fields.Datetime.to_datetime(f"{date} 12:00:00")
            return lead

        cls.deal_a1 = closed("SE A1", cls.partner_fit, cls.user_rep_a, True, 10000, "2026-02-10")
        cls.deal_a2 = closed("SE A2", cls.partner_fit, cls.user_rep_a, False, 30000, "2026-02-20")
        cls.deal_u1 = closed("SE U1", cls.partner_unfit, cls.user_rep_a, True, 5000, "2026-05-05")
        cls.deal_a3 = closed("SE A3", cls.partner_fit, cls.user_rep_b, True, 20000, "2025-11-15")
        cls.deal_u2 = closed("SE U2", cls.partner_unfit, cls.user_rep_b, False, 8000, "2026-05-10")
        cls.deal_u3 = closed(
            "SE U3", cls.partner_unfit, cls.user_rep_other, True, 7000, "2026-03-03", team=cls.team_b
        )
        cls.deal_a4 = closed(
            "SE A4", cls.partner_fit, cls.user_rep_other, True, 12000, "2026-03-04", team=cls.team_b
        )
        cls.partner_c2 = cls.env["res.partner"].create(
            {"name": "C2 Customer", "is_company": True, "company_id": cls.company_2.id}
        )
        cls.deal_c2 = closed(
            "SE C2",
            cls.partner_c2,
            cls.user_rep_c2,
            True,
            9000,
            "2026-03-05",
            team=cls.team_c2,
            company=cls.company_2,
        )
        cls.deal_open = cls._create_lead("SE Open", partner=cls.partner_fit, expected_revenue=50000)
        cls.fixture_deals = (
            (cls.deal_a1 | cls.deal_a2 | cls.deal_u1 | cls.deal_a3 | cls.deal_u2 | cls.deal_u3 | cls.deal_a4)
            | cls.deal_c2
            | cls.deal_open
        )
        cls.env.flush_all()


class ReportingCoachingCommon(SalesEcosystemCommon):
    """Coaching coverage: sessions held this month (M0) and last month (M1), used with the planned sessions of
    :class:`CoachingCommon` (which do not count; the test classes compose them: ``(ReportingCoachingCommon,
    CoachingCommon)``).

    rep_a: 2 held in M0;  rep_b: 1 held in M1, 1 cancelled in M0;  rep_other (team_b): 1 held in M0;
    rep_c2 (company 2): 1 held in M0.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.month_0 = now.date().replace(day=1)
        cls.month_1 = cls.month_0 - relativedelta(months=1)
        start_0 = datetime.combine(cls.month_0, datetime.min.time())
        start_1 = datetime.combine(cls.month_1, datetime.min.time())

        def held(rep, coach, date, company=None, state="done"):
            session = cls._create_session(rep, coach, name=f"Held {rep.name}", company=company, date=date)
            if state == "cancelled":
                session.action_cancel()
            else:
                session.action_mark_done()
            return session

        held(cls.user_rep_a, cls.user_manager_a, start_0)
        held(cls.user_rep_a, cls.user_manager_a, start_0 + timedelta(hours=1))
        held(cls.user_rep_b, cls.user_manager_a, start_1 + timedelta(days=3))
        held(cls.user_rep_b, cls.user_manager_a, start_0, state="cancelled")
        held(cls.user_rep_other, cls.user_manager_b, start_0)
        held(cls.user_rep_c2, cls.user_manager_c2, start_0, company=cls.company_2)
        cls.env.flush_all()


class EcosystemHealthCommon(SalesEcosystemCommon):
    """Ecosystem health check fixtures: one period (today - 30 .. today + 30) and team A's data in it, used with the
    ICP fixtures (the test classes compose them: ``(EcosystemHealthCommon, IcpCommon)``).

    Team A (reps A and B), ICP profile and target list of :class:`IcpCommon` (Fit Corp: tier A and on the list;
    Unfit Shop: off profile; Unknown Ltd: insufficient data); team A qualifies with a two-criterion methodology.

    =============  ===========  ==========================================================================
    deal           account      status
    =============  ===========  ==========================================================================
    won_fit        Fit Corp     won 30,000 five days ago (On Strategy)
    won_unfit      Unfit Shop   won 10,000 five days ago (Off Strategy)
    won_old        Unfit Shop   won 50,000 sixty days ago, created before the period (left out)
    lost_unfit     Unfit Shop   lost three days ago
    open_fit       Fit Corp     open 20,000, New -> Qualified, next activity, closes in 10 days, 1/2 criteria
    open_unfit     Unfit Shop   open 60,000, New -> Qualified, next activity, expected closing passed
    open_empty     Unknown Ltd  open 20,000, New -> Qualified -> Proposal (override), no closing date
    won_team_b     Unfit Shop   team B, won 10,000 in the period
    =============  ===========  ==========================================================================

    Gate log of team A in the period: 1 blocked attempt, 1 used override (4 stage moves tracked).
    Coaching: rep A had a held session (actions due in the period: 2 done, 1 open, 1 cancelled); rep B only a
    planned one. Account plans of team A: Fit Corp (review in 30 days), Unfit Shop (review overdue), both
    health 30 (no relationship map, no initiative, no objective).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.users"])
        cls.date_from = cls.today - relativedelta(days=30)
        cls.date_to = cls.today + relativedelta(days=30)
        cls.target_list.write({"date_from": cls.today - relativedelta(years=1), "date_to": False})
        cls.methodology = cls.env["crm.methodology"].create(
            {
                "name": "SE Health Method",
                "code": "SEHEALTH",
                "criterion_ids": [
                    (0, 0, {"name": "Need", "code": "N", "sequence": 1}),
                    (0, 0, {"name": "Budget", "code": "B", "sequence": 2}),
                ],
            }
        )
        cls.team_a.methodology_id = cls.methodology
        now = fields.Datetime.now()

        def lead(name, partner, **values):
            values.setdefault("off_strategy_reason", "existing_customer")
            return cls._create_lead(name, partner=partner, **values)

        cls.won_fit = lead("HC won fit", cls.partner_fit, stage=cls.stage_won, expected_revenue=30000)
        cls.won_unfit = lead("HC won unfit", cls.partner_unfit, stage=cls.stage_won, user=cls.user_rep_b)
        cls.won_old = lead("HC won old", cls.partner_unfit, stage=cls.stage_won, expected_revenue=50000)
        cls.lost_unfit = lead("HC lost unfit", cls.partner_unfit)
        cls.lost_unfit.action_set_lost()
        cls.open_fit = lead("HC open fit", cls.partner_fit, expected_revenue=20000)
        cls.open_unfit = lead("HC open unfit", cls.partner_unfit, expected_revenue=60000, user=cls.user_rep_b)
        cls.open_empty = lead("HC open empty", cls.partner_empty, expected_revenue=20000)
        cls.won_team_b = lead(
            "HC won team B", cls.partner_unfit, stage=cls.stage_won, team=cls.team_b, user=cls.user_rep_other
        )
        (cls.won_fit | cls.won_unfit | cls.won_team_b).write({"date_closed": now - timedelta(days=5)})
        cls.lost_unfit.write({"date_closed": now - timedelta(days=3)})
        cls.won_old.write({"date_closed": now - timedelta(days=60)})
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id = %s", (now - timedelta(days=90), cls.won_old.id)
        )
        cls.env.invalidate_all()
        # pipeline hygiene
        cls.open_fit.date_deadline = cls.today + relativedelta(days=10)
        cls.open_unfit.date_deadline = cls.today - relativedelta(days=5)
        for deal in cls.open_fit | cls.open_unfit:
            deal.activity_schedule("mail.mail_activity_data_todo", user_id=deal.user_id.id)
        cls.open_fit.methodology_status_ids.filtered(
            lambda s: s.criterion_id.code == "N"
        ).status = "confirmed"
        # stage moves (tracked in the chatter when the transaction ends; a record created in the transaction
        # is tracked from the next one: run the pending tracking before and after each move)
        cls.env.cr.precommit.run()
        (cls.open_fit | cls.open_unfit | cls.open_empty).write({"stage_id": cls.stage_qualified.id})
        cls.env.cr.precommit.run()
        cls.open_empty.write({"stage_id": cls.stage_proposal.id})
        cls.env.cr.precommit.run()
        cls.env["crm.gate.attempt"].create(
            {
                "lead_id": cls.open_fit.id,
                "lead_name": cls.open_fit.name,
                "stage_id": cls.stage_proposal.id,
                "from_stage_id": cls.stage_qualified.id,
                "salesperson_id": cls.user_rep_a.id,
                "team_id": cls.team_a.id,
                "company_id": cls.company_main.id,
            }
        )
        cls.env["crm.gate.override"].create(
            {
                "lead_id": cls.open_empty.id,
                "stage_id": cls.stage_proposal.id,
                "reason": "Customer asked for a quote before discovery",
                "is_used": True,
            }
        )
        # coaching
        Session = cls.env["crm.coaching.session"]
        held = Session.create(
            {
                "name": "HC held",
                "rep_id": cls.user_rep_a.id,
                "coach_id": cls.user_manager_a.id,
                "date": now - timedelta(days=10),
            }
        )
        held.write({"state": "done"})
        Session.create(
            {
                "name": "HC planned",
                "rep_id": cls.user_rep_b.id,
                "coach_id": cls.user_manager_a.id,
                "date": now,
            }
        )
        due = cls.today - relativedelta(days=2)
        actions = cls.env["crm.coaching.action"].create(
            [{"session_id": held.id, "name": f"HC action {i}", "date_deadline": due} for i in range(4)]
        )
        actions[:2].write({"state": "done"})
        actions[3].write({"state": "cancelled"})
        # key account plans of team A
        Plan = cls.env["crm.account.plan"]
        for partner, review in ((cls.partner_fit, 30), (cls.partner_unfit, -1)):
            Plan.create(
                {
                    "name": f"HC plan {partner.name}",
                    "partner_id": partner.id,
                    "user_id": cls.user_rep_a.id,
                    "date_start": cls.today - relativedelta(days=60),
                    "date_end": cls.today + relativedelta(days=300),
                    "state": "active",
                    "next_review_date": cls.today + relativedelta(days=review),
                }
            )

    @classmethod
    def _create_assessment(cls, team=None, user=None, **values):
        vals = {
            "team_id": (team or cls.team_a).id,
            "date_from": cls.date_from,
            "date_to": cls.date_to,
        }
        vals.update(values)
        Assessment = cls.env["crm.ecosystem.assessment"]
        return Assessment.with_user(user).create(vals) if user else Assessment.create(vals)

    @staticmethod
    def _line(assessment, bucket):
        return assessment.line_ids.filtered(lambda line: line.bucket == bucket)

    @classmethod
    def _indicators(cls, assessment, bucket):
        """{code: (has_data, value, target, score)} of a bucket."""
        return {
            ind.code: (ind.has_data, ind.value, ind.target, ind.score)
            for ind in cls._line(assessment, bucket).indicator_ids
        }


class DealReviewCommon(SalesEcosystemCommon):
    """Pipeline review fixtures: a lost reason, a late stage, a helper to record a decision as a manager, and a
    helper to give a deal a health snapshot directly (the signals' own rules are tested elsewhere). Independent of
    the other capabilities' fixtures: the review tests compose them, ``(DealReviewCommon, DealHealthCommon,
    GateCommon)``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lost_reason = cls.env["crm.lost.reason"].create({"name": "SE Not a fit"})
        cls.stage_proposal.is_late_stage = True

    @classmethod
    def _decide(cls, lead, decision, user=None, **values):
        Decision = cls.env["crm.deal.review.decision"].with_user(user or cls.user_manager_a)
        return Decision.create({"lead_id": lead.id, "decision": decision, **values})

    @classmethod
    def _flag(cls, lead, *codes, status="at_risk"):
        """Store a health snapshot on ``lead`` as the health engine would."""
        signals = cls.env["crm.deal.health.signal"].search([("code", "in", codes)])
        lead.write(
            {
                "health_status": status,
                "health_signal_ids": [Command.set(signals.ids)],
                "health_signal_count": len(signals),
                # every field of the health compute, or the ORM recomputes them all
                "health_risk_score": lead._health_risk_score(status, signals, fields.Date.today()),
                "health_measures": {signal.code: {} for signal in signals},
            }
        )
        return lead


class CoexistenceCommon(TransactionCase):
    """A CRM as a company runs it before configuring anything of the addon: stock Sales users only (no group of the
    addon given to anyone), a pipeline, a team, and no ideal client profile, target list, gate or plan."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, groups):
            return mail_new_test_user(
                cls.env,
                login=login,
                name=login.replace("_", " ").title(),
                email=f"{login}@example.com",
                groups=groups,
            )

        cls.stock_salesman = user("stock_salesman", "base.group_user,sales_team.group_sale_salesman")
        cls.stock_all_docs = user(
            "stock_all_docs", "base.group_user,sales_team.group_sale_salesman_all_leads"
        )
        cls.stock_sales_admin = user("stock_sales_admin", "base.group_user,sales_team.group_sale_manager")
        cls.stock_employee = user("stock_employee", "base.group_user")
        cls.stock_team = cls.env["crm.team"].create(
            {"name": "Stock Team", "user_id": cls.stock_sales_admin.id}
        )
        for member in cls.stock_salesman | cls.stock_all_docs:
            cls.env["crm.team.member"].create({"crm_team_id": cls.stock_team.id, "user_id": member.id})
        Stage = cls.env["crm.stage"]
        cls.stock_stage_new = Stage.create({"name": "Stock New", "sequence": 1})
        cls.stock_stage_qualified = Stage.create({"name": "Stock Qualified", "sequence": 2})
        cls.stock_stage_proposition = Stage.create({"name": "Stock Proposition", "sequence": 3})
        cls.stock_stage_won = Stage.create({"name": "Stock Won", "sequence": 90, "is_won": True})
        cls.stock_customer = cls.env["res.partner"].create({"name": "Stock Customer", "is_company": True})

    @classmethod
    def _set_capability(cls, capability, enabled):
        """Switch a capability as an administrator does in Settings."""
        settings = cls.env["res.config.settings"].create({f"group_se_{capability}": enabled})
        settings.execute()


class ConversationCommon(SalesEcosystemCommon):
    """Conversation plans and debriefs: deals with meetings, a methodology, playbook talk tracks per persona.

    stage_qualified: playbook for all teams (talk tracks: economic buyer, champion);
    stage_proposal (late stage): team A's own playbook (talk track: economic buyer).
    deal_a (rep A, Fit Corp, Qualified; committee: contact_eb economic buyer, contact_champion champion),
    deal_b (rep B, Fit Corp), deal_other (rep Other, team B), deal_c2 (rep C2, company 2); methodology
    'SE Conversation Method' (Pain, Decision process) on teams A and B. ``_meeting`` adds a meeting to a deal.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_proposal.is_late_stage = True
        cls.methodology = cls.env["crm.methodology"].create(
            {
                "name": "SE Conversation Method",
                "code": "SECONV",
                "criterion_ids": [
                    (
                        0,
                        0,
                        {"name": "Pain", "code": "P", "sequence": 1, "description": "What hurts, how much?"},
                    ),
                    (0, 0, {"name": "Decision process", "code": "D", "sequence": 2}),
                ],
            }
        )
        cls.crit_pain, cls.crit_decision = cls.methodology.criterion_ids
        (cls.team_a | cls.team_b).write({"methodology_id": cls.methodology.id})
        Playbook = cls.env["crm.stage.playbook"]
        cls.playbook_qualified = Playbook.create(
            {
                "name": "SE Qualify",
                "stage_id": cls.stage_qualified.id,
                "talk_track_ids": [
                    (0, 0, {"buying_role": "economic_buyer", "talk_track": "<p>EB: business impact</p>"}),
                    (0, 0, {"buying_role": "champion", "talk_track": "<p>Champion: arm them</p>"}),
                ],
            }
        )
        cls.playbook_proposal_a = Playbook.create(
            {
                "name": "SE Propose (team A)",
                "stage_id": cls.stage_proposal.id,
                "team_id": cls.team_a.id,
                "talk_track_ids": [
                    (0, 0, {"buying_role": "economic_buyer", "talk_track": "<p>EB: sign-off path</p>"}),
                ],
            }
        )
        cls.track_eb_qualified, cls.track_champion_qualified = cls.playbook_qualified.talk_track_ids
        cls.track_eb_proposal = cls.playbook_proposal_a.talk_track_ids
        Partner = cls.env["res.partner"]
        cls.contact_eb = Partner.create(
            {"name": "Erin Economic", "parent_id": cls.partner_fit.id, "buying_role": "economic_buyer"}
        )
        cls.contact_champion = Partner.create(
            {"name": "Chad Champion", "parent_id": cls.partner_fit.id, "buying_role": "champion"}
        )
        cls.partner_c2 = Partner.create(
            {"name": "C2 Buyer Co", "is_company": True, "company_id": cls.company_2.id}
        )

        def deal(name, user, team=None, stage=None, **values):
            values.setdefault("off_strategy_reason", "existing_customer")
            return cls._create_lead(
                name,
                partner=cls.partner_fit,
                user=user,
                team=team,
                stage=stage or cls.stage_qualified,
                **values,
            )

        cls.deal_a = deal(
            "SE Conv A",
            cls.user_rep_a,
            contact_ids=[Command.set((cls.contact_eb | cls.contact_champion).ids)],
        )
        cls.deal_b = deal("SE Conv B", cls.user_rep_b)
        cls.deal_other = deal("SE Conv Other", cls.user_rep_other, team=cls.team_b)
        cls.deal_c2 = (
            cls.env["crm.lead"]
            .with_company(cls.company_2)
            .create(
                {
                    "name": "SE Conv C2",
                    "type": "opportunity",
                    "partner_id": cls.partner_c2.id,
                    "user_id": cls.user_rep_c2.id,
                    "team_id": cls.team_c2.id,
                    "company_id": cls.company_2.id,
                    "off_strategy_reason": "existing_customer",
                }
            )
        )
        cls.skill_planning = cls.env.ref("sales_ecosystem.crm_coaching_skill_conversation_planning")
        cls.skill_advance = cls.env.ref("sales_ecosystem.crm_coaching_skill_conversation_advance")

    @classmethod
    def _meeting(cls, lead, days=3, user=None, name=None, hour=10):
        """A one-hour meeting of ``lead`` in ``days`` days (negative: past), organised by its rep."""
        start = datetime.combine(fields.Date.today() + timedelta(days=days), datetime.min.time()) + timedelta(
            hours=hour
        )
        return cls.env["calendar.event"].create(
            {
                "name": name or f"Meeting {lead.name} {days}",
                "start": start,
                "stop": start + timedelta(hours=1),
                "user_id": (user or lead.user_id).id,
                "opportunity_id": lead.id,
            }
        )

    @classmethod
    def _plan(cls, lead, days=3, user=None, **values):
        event = cls._meeting(lead, days=days)
        Plan = cls.env["crm.conversation.plan"]
        if user:
            Plan = Plan.with_user(user).with_company(lead.company_id or cls.company_main)
        return Plan.create({"event_id": event.id, **values})

    @classmethod
    def _debriefed(cls, lead, advance, days=-2, **values):
        """A past meeting of ``lead``, planned and debriefed (advance obtained or not) by its rep."""
        plan = cls._plan(lead, days=days, user=lead.user_id)
        plan.write(
            {
                "learned": "Learned things",
                "advance_status": "obtained" if advance else "not_obtained",
                **values,
            }
        )
        plan.action_debrief()
        return plan


class ForecastCommon(SalesEcosystemCommon):
    """Forecasting switched on; stages with their default category (New: Pipeline, Qualified: Best Case, Proposal:
    Commit); the current month's forecast period of the main company and the one of company 2."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.config.settings"].create({"group_se_forecast": True}).execute()
        cls.stage_qualified.forecast_category = "best_case"
        cls.stage_proposal.forecast_category = "commit"
        cls.today = fields.Date.context_today(cls.env["res.users"])
        Period = cls.env["crm.forecast.period"]
        # the tests own the periods: drop any the database already has (e.g. generated on a dev database)
        Period.search([]).unlink()
        Period._generate(cls.company_main | cls.company_2, day=cls.today, count=1)
        cls.period = Period.search([("company_id", "=", cls.company_main.id)])
        cls.period_c2 = Period.search([("company_id", "=", cls.company_2.id)])


class ForecastTourCommon(ForecastCommon, SalesEcosystemHttpCommon):
    """The forecast tours' fixtures: the current period named 'FC Tour Month'; rep A (team A) has a Commit deal of
    12,000 and a Best Case deal of 8,000 expected in it, rep B (team A) has called 5,000 / 9,000 already."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.period.name = "FC Tour Month"
        cls.tour_deal_commit = cls._create_lead(
            "FC tour commit A", stage=cls.stage_proposal, expected_revenue=12000, date_deadline=cls.today
        )
        cls.tour_deal_best = cls._create_lead(
            "FC tour best A", stage=cls.stage_qualified, expected_revenue=8000, date_deadline=cls.today
        )
        cls.tour_call_b = (
            cls.env["crm.forecast.call"]
            .with_user(cls.user_rep_b)
            .create({"period_id": cls.period.id, "commit_amount": 5000, "best_case_amount": 9000})
        )
