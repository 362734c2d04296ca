# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models

TRENDS = [("up", "Improving"), ("stable", "Stable"), ("down", "Declining"), ("new", "First rating")]


class CrmCoachingSkillProfile(models.Model):
    """A rep's skill profile: latest rating, previous rating and trend per skill, over held sessions.

    Read-only SQL query (one row per rep and skill, computed by PostgreSQL window functions in one query).
    """

    _name = "crm.coaching.skill.profile"
    _description = "Coaching Skill Profile"
    _auto = False
    _order = "rep_id, area_sequence, skill_sequence"
    _rec_name = "skill_id"
    # flushed before this model is queried
    _depends = {
        "crm.coaching.rating": ["session_id", "skill_id", "value"],
        "crm.coaching.session": ["rep_id", "company_id", "date", "state"],
        "crm.coaching.skill": ["area_id", "sequence", "scale_max"],
        "crm.coaching.skill.area": ["sequence"],
    }

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    rep_id = fields.Many2one("res.users", readonly=True)
    skill_id = fields.Many2one("crm.coaching.skill", readonly=True)
    area_id = fields.Many2one("crm.coaching.skill.area", readonly=True)
    area_sequence = fields.Integer(readonly=True)
    skill_sequence = fields.Integer(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    session_id = fields.Many2one("crm.coaching.session", string="Latest Session", readonly=True)
    date_last_rating = fields.Datetime("Last Rated", readonly=True)
    value_latest = fields.Integer("Latest Rating", readonly=True, aggregator="avg")
    value_previous = fields.Integer("Previous Rating", readonly=True, aggregator="avg")
    value_delta = fields.Integer("Change", readonly=True, aggregator="sum")
    value_average = fields.Float("Average Rating", readonly=True, aggregator="avg", digits=(16, 2))
    scale_max = fields.Integer("Out Of", readonly=True, aggregator="max")
    rating_count = fields.Integer("# Ratings", readonly=True, aggregator="sum")
    trend = fields.Selection(TRENDS, readonly=True)

    # ------------------------------------------------------------
    # SQL QUERY (no database view: the query is inlined by the ORM)
    # ------------------------------------------------------------

    @property
    def _table_query(self):
        return """
            WITH rated AS (
                SELECT r.id,
                       r.skill_id,
                       s.id AS session_id,
                       s.rep_id,
                       s.company_id,
                       s.date,
                       r.value,
                       ROW_NUMBER() OVER w_desc AS rn,
                       COUNT(*) OVER w_all AS rating_count,
                       AVG(r.value) OVER w_all AS value_average
                  FROM crm_coaching_rating r
                  JOIN crm_coaching_session s ON s.id = r.session_id
                 WHERE s.state IN ('done', 'acknowledged')
                WINDOW w_desc AS (PARTITION BY s.rep_id, r.skill_id ORDER BY s.date DESC, s.id DESC),
                       w_all AS (PARTITION BY s.rep_id, r.skill_id)
            )
            SELECT latest.id AS id,
                   latest.rep_id,
                   latest.skill_id,
                   sk.area_id,
                   area.sequence AS area_sequence,
                   sk.sequence AS skill_sequence,
                   latest.company_id,
                   latest.session_id,
                   latest.date AS date_last_rating,
                   latest.value AS value_latest,
                   prev.value AS value_previous,
                   latest.value - COALESCE(prev.value, latest.value) AS value_delta,
                   latest.value_average,
                   sk.scale_max,
                   latest.rating_count,
                   CASE WHEN prev.value IS NULL THEN 'new'
                        WHEN latest.value > prev.value THEN 'up'
                        WHEN latest.value < prev.value THEN 'down'
                        ELSE 'stable' END AS trend
              FROM rated latest
              JOIN crm_coaching_skill sk ON sk.id = latest.skill_id
              JOIN crm_coaching_skill_area area ON area.id = sk.area_id
         LEFT JOIN rated prev
                ON prev.rep_id = latest.rep_id AND prev.skill_id = latest.skill_id AND prev.rn = 2
             WHERE latest.rn = 1
        """
