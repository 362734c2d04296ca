# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCommissionAssignment(models.Model):
    """Who is paid under a plan, and when: a rep, or every member of a team, between two dates.

    A rep's personal assignment takes precedence over their team's. Two personal assignments of one rep (or two
    assignments of one team) may not overlap: a deal must be priced by exactly one plan.
    """

    _name = "crm.commission.assignment"
    _description = "Commission Plan Assignment"
    _order = "date_from desc, id desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    plan_id = fields.Many2one("crm.commission.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    plan_active = fields.Boolean(related="plan_id.active", store=True)
    user_id = fields.Many2one("res.users", "Salesperson", index=True, ondelete="cascade")
    team_id = fields.Many2one("crm.team", "Sales Team", index=True, ondelete="cascade")
    date_from = fields.Date("Effective From", required=True, default=fields.Date.context_today)
    date_to = fields.Date("Effective Until", help="Empty: no end date.")

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("user_id", "team_id", "date_from", "date_to", "plan_id")
    def _check_assignment(self):
        for assignment in self:
            plan = assignment.plan_id.name
            if bool(assignment.user_id) == bool(assignment.team_id):
                raise ValidationError(
                    self.env._(
                        "Commission plan '%(plan)s': an assignment names either a Salesperson or a Sales Team "
                        "(exactly one of them).",
                        plan=plan,
                    )
                )
            if assignment.date_to and assignment.date_to < assignment.date_from:
                raise ValidationError(
                    self.env._(
                        "Commission plan '%(plan)s': 'Effective Until' (%(date_to)s) cannot be before "
                        "'Effective From' (%(date_from)s).",
                        plan=plan,
                        date_to=assignment.date_to,
                        date_from=assignment.date_from,
                    )
                )
        self._check_overlap()

    def _check_overlap(self):
        # sudo: overlaps must be found across every plan of the company, including archived rules the editor
        # cannot see.
        Assignment = self.sudo().with_context(active_test=False)
        for assignment in self:
            who = (
                ("user_id", "=", assignment.user_id.id)
                if assignment.user_id
                else ("team_id", "=", assignment.team_id.id)
            )
            domain = [
                ("id", "!=", assignment.id),
                who,
                ("company_id", "=", assignment.company_id.id),
                ("plan_active", "=", True),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", assignment.date_from),
            ]
            if assignment.date_to:
                domain.append(("date_from", "<=", assignment.date_to))
            other = Assignment.search(domain, limit=1)
            if other and assignment.plan_id.active:
                raise ValidationError(
                    self.env._(
                        "Commission plan '%(plan)s': %(who)s is already under plan '%(other)s' from %(from)s "
                        "until %(to)s; assignments of one salesperson or team may not overlap.",
                        plan=assignment.plan_id.name,
                        who=(assignment.user_id or assignment.team_id).display_name,
                        other=other.plan_id.name,
                        **{"from": other.date_from, "to": other.date_to or self.env._("no end date")},
                    )
                )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _get_plans(self, keys):
        """Plan applying to each (user, date, company) key: personal assignment first, then team assignment.

        Two queries whatever the number of keys.
        :param keys: iterable of (user_id, date, company_id)
        :return: {(user_id, date, company_id): crm.commission.plan record or empty}
        """
        keys = set(keys)
        Plan = self.env["crm.commission.plan"]
        if not keys:
            return {}
        user_ids = {key[0] for key in keys}
        # sudo: plans price every rep's deal, whoever triggers the computation (a rep winning a deal cannot
        # read other reps' assignments).
        members = self.env["crm.team.member"].sudo().search([("user_id", "in", list(user_ids))])
        teams_by_user = {}
        for member in members:
            teams_by_user.setdefault(member.user_id.id, set()).add(member.crm_team_id.id)
        team_ids = set().union(*teams_by_user.values()) if teams_by_user else set()
        # sudo: a rep's plan is found whatever plans the caller may read
        assignments = self.sudo().search(
            [
                ("plan_active", "=", True),
                "|",
                ("user_id", "in", list(user_ids)),
                ("team_id", "in", list(team_ids)),
            ]
        )
        by_user, by_team = {}, {}
        for assignment in assignments:
            if assignment.user_id:
                by_user.setdefault(assignment.user_id.id, []).append(assignment)
            else:
                by_team.setdefault(assignment.team_id.id, []).append(assignment)

        def valid(assignment, date, company_id):
            return (
                assignment.company_id.id == company_id
                and assignment.date_from <= date
                and (not assignment.date_to or date <= assignment.date_to)
            )

        result = {}
        for key in keys:
            user_id, date, company_id = key
            found = next((a for a in by_user.get(user_id, []) if valid(a, date, company_id)), None)
            if not found:
                for team_id in sorted(teams_by_user.get(user_id, ())):
                    found = next((a for a in by_team.get(team_id, []) if valid(a, date, company_id)), None)
                    if found:
                        break
            result[key] = found.plan_id.sudo(False) if found else Plan
        return result
