# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class CrmCoachingReview(models.Model):
    """The manager's coaching review: one row per rep and sales team (active membership).

    Coverage (held sessions in the last 30 / 90 days, days since the last one), cadence against the team
    target,
    open and overdue action items, and the skill trend (from ``crm.coaching.skill.profile``).
    Read-only SQL query.
    """

    _name = "crm.coaching.review"
    _description = "Coaching Review"
    _auto = False
    _order = "is_below_cadence desc, days_since_last_session desc nulls first, rep_id"
    _rec_name = "rep_id"
    # flushed before this model is queried
    _depends = {
        "crm.team.member": ["user_id", "crm_team_id", "active"],
        "res.users": ["company_id"],
        "crm.team": ["user_id", "company_id", "coaching_cadence_target", "active"],
        "crm.coaching.session": ["rep_id", "company_id", "date", "state"],
        "crm.coaching.action": ["rep_id", "company_id", "state", "date_deadline"],
        "crm.coaching.rating": ["session_id", "skill_id", "value"],
        "crm.coaching.skill": ["area_id", "sequence", "scale_max"],
    }

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    rep_id = fields.Many2one("res.users", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    manager_id = fields.Many2one("res.users", string="Team Leader", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    session_30_count = fields.Integer("Sessions (30 days)", readonly=True, aggregator="sum")
    session_90_count = fields.Integer("Sessions (90 days)", readonly=True, aggregator="sum")
    planned_count = fields.Integer("Planned Sessions", readonly=True, aggregator="sum")
    date_last_session = fields.Datetime("Last Session", readonly=True, aggregator="max")
    days_since_last_session = fields.Integer(readonly=True, aggregator="max")
    cadence_target = fields.Float("Cadence Target (30 days)", readonly=True, aggregator="avg")
    is_below_cadence = fields.Boolean("Below Cadence", readonly=True)
    action_open_count = fields.Integer("Open Actions", readonly=True, aggregator="sum")
    action_overdue_count = fields.Integer("Overdue Actions", readonly=True, aggregator="sum")
    skill_up_count = fields.Integer("Skills Improving", readonly=True, aggregator="sum")
    skill_down_count = fields.Integer("Skills Declining", readonly=True, aggregator="sum")
    skill_delta = fields.Integer(
        "Skill Trend", readonly=True, aggregator="sum", help="Sum of the latest changes."
    )
    skill_average = fields.Float("Average Latest Rating", readonly=True, aggregator="avg", digits=(16, 2))

    # ------------------------------------------------------------
    # SQL QUERY (no database view: the query is inlined by the ORM)
    # ------------------------------------------------------------

    @property
    def _table_query(self):
        profile_query = self.env["crm.coaching.skill.profile"]._table_query
        return f"""
            SELECT m.id AS id,
                   m.user_id AS rep_id,
                   m.crm_team_id AS team_id,
                   t.user_id AS manager_id,
                   COALESCE(t.company_id, u.company_id) AS company_id,
                   COALESCE(s.session_30_count, 0) AS session_30_count,
                   COALESCE(s.session_90_count, 0) AS session_90_count,
                   COALESCE(s.planned_count, 0) AS planned_count,
                   s.date_last_session,
                   (CURRENT_DATE - s.date_last_session::date) AS days_since_last_session,
                   COALESCE(t.coaching_cadence_target, 0) AS cadence_target,
                   COALESCE(s.session_30_count, 0) < COALESCE(t.coaching_cadence_target, 0)
                       AS is_below_cadence,
                   COALESCE(a.action_open_count, 0) AS action_open_count,
                   COALESCE(a.action_overdue_count, 0) AS action_overdue_count,
                   COALESCE(p.skill_up_count, 0) AS skill_up_count,
                   COALESCE(p.skill_down_count, 0) AS skill_down_count,
                   COALESCE(p.skill_delta, 0) AS skill_delta,
                   p.skill_average
              FROM crm_team_member m
              JOIN crm_team t ON t.id = m.crm_team_id
              -- a team of no company (crm's default) covers its reps in their own company
              JOIN res_users u ON u.id = m.user_id
         LEFT JOIN (
                SELECT rep_id, company_id,
                       COUNT(*) FILTER (WHERE state IN ('done', 'acknowledged')
                                          AND date >= NOW() - INTERVAL '30 days') AS session_30_count,
                       COUNT(*) FILTER (WHERE state IN ('done', 'acknowledged')
                                          AND date >= NOW() - INTERVAL '90 days') AS session_90_count,
                       COUNT(*) FILTER (WHERE state = 'planned') AS planned_count,
                       MAX(date) FILTER (WHERE state IN ('done', 'acknowledged')) AS date_last_session
                  FROM crm_coaching_session
                 GROUP BY rep_id, company_id
              ) s ON s.rep_id = m.user_id AND s.company_id = COALESCE(t.company_id, u.company_id)
         LEFT JOIN (
                SELECT rep_id, company_id,
                       COUNT(*) FILTER (WHERE state = 'open') AS action_open_count,
                       COUNT(*) FILTER (WHERE state = 'open' AND date_deadline < CURRENT_DATE)
                           AS action_overdue_count
                  FROM crm_coaching_action
                 GROUP BY rep_id, company_id
              ) a ON a.rep_id = m.user_id AND a.company_id = COALESCE(t.company_id, u.company_id)
         LEFT JOIN (
                SELECT rep_id, company_id,
                       COUNT(*) FILTER (WHERE trend = 'up') AS skill_up_count,
                       COUNT(*) FILTER (WHERE trend = 'down') AS skill_down_count,
                       SUM(value_delta) AS skill_delta,
                       AVG(value_latest) AS skill_average
                  FROM ({profile_query}) AS profile
                 GROUP BY rep_id, company_id
              ) p ON p.rep_id = m.user_id AND p.company_id = COALESCE(t.company_id, u.company_id)
             WHERE m.active AND t.active
        """
