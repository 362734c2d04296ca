# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCoachingSkill(models.Model):
    """A skill of the framework, rated on its own scale with an answer guide per level."""

    _name = "crm.coaching.skill"
    _description = "Coaching Skill"
    _order = "area_sequence, sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char("Skill", required=True, translate=True)
    sequence = fields.Integer(default=10)
    area_id = fields.Many2one("crm.coaching.skill.area", required=True, ondelete="restrict", index=True)
    area_sequence = fields.Integer(related="area_id.sequence", store=True, string="Area Sequence")
    description = fields.Text(translate=True, help="What good looks like for this skill.")
    scale_min = fields.Integer("Lowest Rating", required=True, default=1)
    scale_max = fields.Integer("Highest Rating", required=True, default=5)
    level_ids = fields.One2many("crm.coaching.skill.level", "skill_id", string="Answer Guide", copy=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the skill with every company."
    )
    active = fields.Boolean(default=True)

    _name_area_uniq = models.Constraint(
        "UNIQUE(name, area_id, company_id)", "This skill already exists in that area."
    )
    _scale_order = models.Constraint(
        "CHECK(scale_min >= 0 AND scale_max > scale_min)",
        "The highest rating of a skill must be above its lowest rating, and the lowest rating "
        "cannot be negative.",
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("scale_min", "scale_max")
    def _check_levels_in_scale(self):
        for skill in self:
            outside = skill.level_ids.filtered(
                lambda lvl, s=skill: not s.scale_min <= lvl.value <= s.scale_max
            )
            if outside:
                raise ValidationError(
                    self.env._(
                        "Skill %(skill)s: the answer guide has levels (%(levels)s) outside the rating scale "
                        "%(min)s-%(max)s (fields Lowest Rating / Highest Rating).",
                        skill=skill.display_name,
                        levels=", ".join(str(v) for v in outside.mapped("value")),
                        min=skill.scale_min,
                        max=skill.scale_max,
                    )
                )
