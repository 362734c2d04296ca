# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCoachingSkillLevel(models.Model):
    """One level of a skill's rating scale and the answer guide that describes it."""

    _name = "crm.coaching.skill.level"
    _description = "Coaching Skill Level"
    _order = "skill_id, value"
    _rec_name = "name"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    skill_id = fields.Many2one("crm.coaching.skill", required=True, ondelete="cascade", index=True)
    value = fields.Integer("Rating", required=True)
    name = fields.Char("Level", required=True, translate=True, help="Short label, e.g. 'Developing'.")
    guide = fields.Text("Answer Guide", translate=True, help="What the coach observes at this level.")

    _skill_value_uniq = models.Constraint(
        "UNIQUE(skill_id, value)", "Each rating of a skill has one level only."
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("value", "skill_id")
    def _check_value_in_scale(self):
        for level in self:
            skill = level.skill_id
            if not skill.scale_min <= level.value <= skill.scale_max:
                raise ValidationError(
                    self.env._(
                        "Level %(level)s of skill %(skill)s: the rating %(value)s (field Rating) is "
                        "outside the scale "
                        "%(min)s-%(max)s.",
                        level=level.name,
                        skill=skill.display_name,
                        value=level.value,
                        min=skill.scale_min,
                        max=skill.scale_max,
                    )
                )
