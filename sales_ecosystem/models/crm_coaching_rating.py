# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCoachingRating(models.Model):
    """The rating of one skill in one coaching session."""

    _name = "crm.coaching.rating"
    _description = "Coaching Skill Rating"
    _order = "session_id, area_sequence, skill_sequence, id"
    _rec_name = "skill_id"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    session_id = fields.Many2one("crm.coaching.session", required=True, ondelete="cascade", index=True)
    skill_id = fields.Many2one(
        "crm.coaching.skill",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    area_id = fields.Many2one(related="skill_id.area_id", store=True, string="Area")
    area_sequence = fields.Integer(related="skill_id.area_sequence", store=True, string="Area Sequence")
    skill_sequence = fields.Integer(related="skill_id.sequence", store=True, string="Skill Sequence")
    value = fields.Integer("Rating", required=True)
    scale_max = fields.Integer(related="skill_id.scale_max", string="Out Of")
    level_id = fields.Many2one("crm.coaching.skill.level", compute="_compute_level_id")
    level_guide = fields.Text("Answer Guide", compute="_compute_level_id")
    note = fields.Char("Comment")
    rep_id = fields.Many2one(related="session_id.rep_id", store=True, index=True, string="Rep")
    date = fields.Datetime(related="session_id.date", store=True, string="Date")
    company_id = fields.Many2one(related="session_id.company_id", store=True, index=True, string="Company")
    conversation_plan_id = fields.Many2one(
        "crm.conversation.plan",
        "Rated Meeting",
        ondelete="set null",
        index="btree_not_null",
        help="The planned meeting a ride-along rated (its session is the ride-along of the rep's meeting).",
    )

    _session_skill_uniq = models.Constraint(
        "UNIQUE(session_id, skill_id)", "A skill is rated once per coaching session."
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("skill_id.level_ids.value", "skill_id.level_ids.guide", "value")
    def _compute_level_id(self):
        for rating in self:
            level = rating.skill_id.level_ids.filtered(lambda lvl, r=rating: lvl.value == r.value)[:1]
            rating.level_id = level
            rating.level_guide = level.guide

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("value", "skill_id")
    def _check_value_in_scale(self):
        for rating in self:
            skill = rating.skill_id
            if not skill.scale_min <= rating.value <= skill.scale_max:
                raise ValidationError(
                    self.env._(
                        "Coaching session %(session)s: the Rating %(value)s of skill %(skill)s is "
                        "outside its scale "
                        "%(min)s-%(max)s.",
                        session=rating.session_id.display_name,
                        value=rating.value,
                        skill=skill.display_name,
                        min=skill.scale_min,
                        max=skill.scale_max,
                    )
                )

    @api.constrains("conversation_plan_id", "session_id")
    def _check_conversation_plan(self):
        for rating in self.filtered("conversation_plan_id"):
            if rating.session_id.rep_id != rating.conversation_plan_id.user_id:
                raise ValidationError(
                    self.env._(
                        "Rating of meeting %(meeting)s: its coaching session %(session)s is not one of the "
                        "meeting's rep %(rep)s (field Session).",
                        meeting=rating.conversation_plan_id.display_name,
                        session=rating.session_id.display_name,
                        rep=rating.conversation_plan_id.user_id.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        """A rating of a planned meeting (ride-along) without a session joins, or creates, the rater's
        ride-along session with the meeting's rep (see ``crm.conversation.plan._get_ride_along_sessions``)."""
        plans = self.env["crm.conversation.plan"].browse(
            {vals["conversation_plan_id"] for vals in vals_list if vals.get("conversation_plan_id")}
        )
        if plans:
            plans = plans.filtered(
                lambda p: any(
                    vals.get("conversation_plan_id") == p.id and not vals.get("session_id")
                    for vals in vals_list
                )
            )
            sessions = plans._get_ride_along_sessions() if plans else {}
            for vals in vals_list:
                if vals.get("conversation_plan_id") and not vals.get("session_id"):
                    vals["session_id"] = sessions[plans.browse(vals["conversation_plan_id"])].id
        return super().create(vals_list)
