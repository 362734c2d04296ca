# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.tests import tagged

from .common import GROUP_MANAGER, GROUP_SALESMAN, CoachingCommon, SalesEcosystemHttpCommon


@tagged("post_install", "-at_install")
class TestCoachingReport(CoachingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session_a.write(
            {
                "observations": "<p>Strong opening, rushed the demo.</p>",
                "rating_ids": [
                    (0, 0, {"skill_id": cls.skill_questioning.id, "value": 3}),
                    (0, 0, {"skill_id": cls.skill_funnel.id, "value": 2}),
                ],
                "action_ids": [
                    (0, 0, {"name": "Write five impact questions", "date_deadline": cls.past.date()})
                ],
                "state": "done",
            }
        )

    def test_session_report_html(self):
        Report = self.env["ir.actions.report"].with_user(self.user_rep_a)
        html, report_type = Report._render_qweb_html(
            "sales_ecosystem.action_report_coaching_session", self.session_a.ids
        )
        self.assertEqual(report_type, "html")
        html = html.decode()
        for text in (
            "Alice Rep",
            "Mona Manager",
            "SE Impact questions",
            "SE Funnel balance",
            "Developing",
            "Write five impact questions",
            "rushed the demo",
        ):
            self.assertIn(text, html)
        # private coach notes are never printed, not even for the coach
        self.assertNotIn("Private note", html)
        html_coach = (
            Report.with_user(self.user_manager_a)
            ._render_qweb_html("sales_ecosystem.action_report_coaching_session", self.session_a.ids)[0]
            .decode()
        )
        self.assertNotIn("Private note", html_coach)

    def test_period_summary_html(self):
        wizard = (
            self.env["crm.coaching.summary.wizard"]
            .with_user(self.user_manager_a)
            .create({"rep_id": self.user_rep_a.id, "date_from": "2000-01-01", "date_to": "2100-01-01"})
        )
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "sales_ecosystem.report_coaching_summary")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user_manager_a)
            ._render_qweb_html(
                "sales_ecosystem.action_report_coaching_summary", self.user_rep_a.ids, data=action["data"]
            )[0]
            .decode()
        )
        for text in (
            "Coaching summary",
            "Alice Rep",
            "SE Impact questions",
            "SE Funnel balance",
            "Coaching Alice",
            "Write five impact questions",
            "First rating",
        ):
            self.assertIn(text, html)
        # another team's manager prints nothing of rep A
        html_other = (
            self.env["ir.actions.report"]
            .with_user(self.user_manager_b)
            ._render_qweb_html(
                "sales_ecosystem.action_report_coaching_summary", self.user_rep_a.ids, data=action["data"]
            )[0]
            .decode()
        )
        self.assertNotIn("SE Impact questions", html_other)
        self.assertNotIn("Coaching Alice", html_other)


@tagged("post_install", "-at_install")
class TestCoachingReportPdf(SalesEcosystemHttpCommon):
    """The real PDF (wkhtmltopdf), rendered once. An HttpCase: wkhtmltopdf fetches the
    report assets from the test server, which shares the test transaction here."""

    def test_session_report_pdf(self):
        coach = mail_new_test_user(
            self.env, login="pdf_coach", name="Petra Pdf Coach", groups=f"base.group_user,{GROUP_MANAGER}"
        )
        rep = mail_new_test_user(
            self.env, login="pdf_rep", name="Paul Pdf Rep", groups=f"base.group_user,{GROUP_SALESMAN}"
        )
        skill = self.env["crm.coaching.skill"].create(
            {
                "name": "PDF Skill",
                "area_id": self.env.ref("sales_ecosystem.crm_coaching_skill_area_account").id,
            }
        )
        session = self.env["crm.coaching.session"].create(
            {
                "name": "PDF session",
                "rep_id": rep.id,
                "coach_id": coach.id,
                "state": "done",
                "rating_ids": [(0, 0, {"skill_id": skill.id, "value": 4})],
            }
        )
        self.env["ir.config_parameter"].set_param("report.url", self.base_url())
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_user(coach)
            .with_context(force_report_rendering=True)  # tests render html unless forced
            ._render_qweb_pdf("sales_ecosystem.action_report_coaching_session", session.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertGreater(len(pdf), 1000)
