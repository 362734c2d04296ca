# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CoachingCommon


@tagged("post_install", "-at_install")
class TestI18n(CoachingCommon):
    """The addon's French translation (i18n/fr.po) reaches the screens, the PDFs and the error messages.

    fr_FR is activated and the addon's terms loaded as Odoo does when a language is installed; the deal form is
    read and a QWeb report rendered as a rep whose language is French.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["sales_ecosystem"], ["fr_FR"], overwrite=True)
        cls.user_rep_a.lang = "fr_FR"
        cls.user_manager_a.lang = "fr_FR"
        cls.session_a.write(
            {
                "observations": "<p>Bonne ouverture.</p>",
                "rating_ids": [(0, 0, {"skill_id": cls.skill_questioning.id, "value": 3})],
                "action_ids": [(0, 0, {"name": "Cinq questions d'impact", "date_deadline": cls.past.date()})],
                "state": "done",
            }
        )

    def test_deal_form_in_french(self):
        Lead = self.env["crm.lead"].with_user(self.user_rep_a).with_context(lang="fr_FR")
        views = Lead.get_views([(False, "form"), (False, "search")])
        form = views["views"]["form"]["arch"]
        # the addon's page and labels of its inherited view, translated (model_terms of the view)
        self.assertIn('string="Adéquation au client idéal"', form)
        self.assertNotIn('string="Ideal Client Fit"', form)
        search = views["views"]["search"]["arch"]
        self.assertIn('string="Dans la stratégie"', search)
        # the addon's field labels, help and selection values (ir.model.fields, ir.model.fields.selection)
        fields_info = views["models"]["crm.lead"]["fields"]
        self.assertEqual(fields_info["icp_tier"]["string"], "Niveau ICP")
        self.assertEqual(fields_info["is_on_target_list"]["string"], "Sur une liste cible")
        self.assertIn("Non évalué", fields_info["strategy"]["help"])
        self.assertEqual(
            dict(fields_info["strategy"]["selection"]),
            {"on": "Dans la stratégie", "off": "Hors stratégie", "none": "Non évalué"},
        )
        # Odoo's own labels stay Odoo's (crm has no French loaded here): only the addon's terms changed
        self.assertEqual(fields_info["expected_revenue"]["string"], "Expected Revenue")

    def test_report_in_french(self):
        Report = self.env["ir.actions.report"].with_user(self.user_rep_a)
        html, report_type = Report._render_qweb_html(
            "sales_ecosystem.action_report_coaching_session", self.session_a.ids
        )
        self.assertEqual(report_type, "html")
        html = html.decode()
        # static labels of the template (rendered in the rep's language, t-lang) and a selection value
        for text in ("<strong>Commercial</strong>", "<h4>Plan d'action</h4>", "<h4>Compétences</h4>"):
            self.assertIn(text, html.replace("&#39;", "'"))
        self.assertIn("Revue d'opportunité", html.replace("&#39;", "'"))
        for english in ("<strong>Rep</strong>", "<h4>Action Plan</h4>", "<h4>Skills</h4>"):
            self.assertNotIn(english, html)

    def test_error_message_in_french(self):
        # a server-side error (env._ in Python) in the language of the user's context
        Session = self.env["crm.coaching.session"].with_user(self.user_manager_a).with_context(lang="fr_FR")
        with self.assertRaisesRegex(ValidationError, "ne peut pas être à la fois le commercial et le coach"):
            Session.create(
                {
                    "name": "Auto-coaching",
                    "rep_id": self.user_manager_a.id,
                    "coach_id": self.user_manager_a.id,
                    "session_type": "deal_review",
                    "date": self.past,
                }
            )
