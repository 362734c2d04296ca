# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class CrmCoachingSkillArea(models.Model):
    """A coaching level of the skill framework: conversation, opportunity, account or funnel management."""

    _name = "crm.coaching.skill.area"
    _description = "Coaching Skill Area"
    _order = "sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char("Area", required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    skill_ids = fields.One2many("crm.coaching.skill", "area_id", string="Skills")
    skill_count = fields.Integer(compute="_compute_skill_count", string="# Skills")

    _name_uniq = models.Constraint("UNIQUE(name)", "A skill area with this name already exists.")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _compute_skill_count(self):
        counts = dict(
            self.env["crm.coaching.skill"]._read_group(
                [("area_id", "in", self.ids)], ["area_id"], ["__count"]
            )
        )
        for area in self:
            area.skill_count = counts.get(area, 0)
