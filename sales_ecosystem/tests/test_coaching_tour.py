# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import datetime

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.tests import tagged

from .common import GROUP_MANAGER, GROUP_SALESMAN, SalesEcosystemHttpCommon


@tagged("post_install", "-at_install")
class TestCoachingTour(SalesEcosystemHttpCommon):
    def test_manager_logs_rep_acknowledges(self):
        manager = mail_new_test_user(
            self.env, login="tour_coach", name="Theo Tour Coach", groups=f"base.group_user,{GROUP_MANAGER}"
        )
        rep = mail_new_test_user(
            self.env, login="tour_rep", name="Tina Tour Rep", groups=f"base.group_user,{GROUP_SALESMAN}"
        )
        team = self.env["crm.team"].create({"name": "Tour Team", "user_id": manager.id})
        self.env["crm.team.member"].create({"crm_team_id": team.id, "user_id": rep.id})

        self.se_start_tour(
            "/odoo/action-sales_ecosystem.crm_coaching_session_action",
            "sales_ecosystem_coaching_log_session",
            login="tour_coach",
        )
        session = self.env["crm.coaching.session"].search([("name", "=", "Tour ride-along")])
        self.assertEqual(len(session), 1)
        self.assertEqual((session.rep_id, session.coach_id, session.state), (rep, manager, "done"))
        self.assertEqual((session.team_id, session.session_type), (team, "deal_review"))
        self.assertLessEqual(session.date, datetime.now())

        self.se_start_tour(
            f"/odoo/action-sales_ecosystem.crm_coaching_session_action/{session.id}",
            "sales_ecosystem_coaching_acknowledge",
            login="tour_rep",
        )
        self.assertEqual(session.state, "acknowledged")
        self.assertEqual(session.rep_comment, "Thanks, agreed on the next steps.")
