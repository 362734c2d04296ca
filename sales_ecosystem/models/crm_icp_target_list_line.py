# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import operator
from collections import namedtuple

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# ------------------------------------------------------------------------------------------------------------------
# Target-list membership: ONE definition.
#
# An entry (crm.target.list.line) makes its account a target account on a date, for a deal of a company and a sales
# team, when every condition below holds:
#   - its list is active;
#   - the date is inside the list's window (Valid From .. Valid To, no end when empty) and inside the entry's own
#     window (On List From .. On List Until, each open when empty: accounts added or removed mid-period);
#   - the list belongs to the deal's company (a deal without a company is covered by the lists of every company:
#     it is shared by all of them); a list of company A never covers a company-B deal;
#   - the list has no sales team (it covers every team), or it is the deal's team (a deal without a team is covered
#     only by lists without a team).
# Strategy (On/Off), "On a Target List" of deals and accounts, their searches, the win analysis (SQL view) and
# commission eligibility all read it through the renderers below, generated from this one table: SQL (views, batch
# lookups, searches), an ORM domain (searches by literal values) and a Python predicate (in-memory checks). Tests
# check that the three agree (test_target_list: TestMembershipDefinition).
# ------------------------------------------------------------------------------------------------------------------
MembershipCondition = namedtuple(
    "MembershipCondition",
    "column operator scope open_when_empty any_when_scope_empty",
    defaults=(False, False),
)
#: scope=None: a boolean column that must be true.
MEMBERSHIP_CONDITIONS = (
    MembershipCondition("list_active", "=", None),
    MembershipCondition("list_date_from", "<=", "date"),
    MembershipCondition("list_date_to", ">=", "date", open_when_empty=True),
    MembershipCondition("date_from", "<=", "date", open_when_empty=True),
    MembershipCondition("date_to", ">=", "date", open_when_empty=True),
    MembershipCondition("company_id", "=", "company", any_when_scope_empty=True),
    MembershipCondition("list_team_id", "=", "team", open_when_empty=True),
)
#: Scope value meaning "whatever it is" (accounts outside a deal: any sales team): the condition is left out.
ANY = object()
_PY_OPERATORS = {"=": operator.eq, "<=": operator.le, ">=": operator.ge}


def membership_sql(line_alias, date, company, team):
    """SQL condition: the entry ``line_alias`` (a crm_target_list_line row) makes its account a target account.

    :param date, company, team: SQL expressions (an ``SQL`` object, e.g. a column of the outer query, or
        ``SQL("%s", value)``), or ``ANY`` to leave the condition out. The account itself is matched by the caller
        (``line_alias.partner_id = ...``: entries hold commercial partners).
    """
    scope = {"date": date, "company": company, "team": team}
    parts = []
    for cond in MEMBERSHIP_CONDITIONS:
        column = SQL.identifier(line_alias, cond.column)
        if cond.scope is None:
            parts.append(column)
            continue
        value = scope[cond.scope]
        if value is ANY:
            continue
        part = SQL("%s %s %s", column, SQL(cond.operator), value)
        if cond.open_when_empty:
            part = SQL("(%s IS NULL OR %s)", column, part)
        if cond.any_when_scope_empty:
            part = SQL("(%s IS NULL OR %s)", value, part)
        parts.append(part)
    return SQL("(%s)", SQL(" AND ").join(parts))


def membership_domain(date, company, team):
    """The same definition as an ORM domain on crm.target.list.line, for literal scope values (ids, a date),
    ``False``/``None`` for an empty scope value, or ``ANY``."""
    scope = {"date": date, "company": company, "team": team}
    domain = []
    for cond in MEMBERSHIP_CONDITIONS:
        if cond.scope is None:
            domain.append((cond.column, "=", True))
            continue
        value = scope[cond.scope]
        if value is ANY or (cond.any_when_scope_empty and not value):
            continue
        if not value:  # compared with an empty scope value: never true, except an empty (open) column
            domain.append((cond.column, "=", False) if cond.open_when_empty else ("id", "=", False))
            continue
        term = (cond.column, cond.operator, value)
        domain.extend(["|", (cond.column, "=", False), term] if cond.open_when_empty else [term])
    return domain


def membership_matches(entry, date, company, team):
    """The same definition as a Python predicate on an entry's values ({column: value}, ids for relations)."""
    scope = {"date": date, "company": company, "team": team}
    for cond in MEMBERSHIP_CONDITIONS:
        column_value = entry[cond.column]
        if cond.scope is None:
            if not column_value:
                return False
            continue
        value = scope[cond.scope]
        if value is ANY or (cond.any_when_scope_empty and not value):
            continue
        if cond.open_when_empty and not column_value:
            continue
        if not value or not column_value or not _PY_OPERATORS[cond.operator](column_value, value):
            return False
    return True


class CrmTargetListLine(models.Model):
    """An account on a target list, optionally for part of the list's validity (added or removed mid-period)."""

    _name = "crm.target.list.line"
    _description = "Target List Account"
    _order = "list_id, partner_id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    list_id = fields.Many2one("crm.target.list", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="list_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        "Account",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('is_company', '=', True)]",
    )
    date_from = fields.Date("On List From", help="Empty: from the list's start.")
    date_to = fields.Date("On List Until", help="Empty: until the list's end.")
    note = fields.Char()
    list_date_from = fields.Date(related="list_id.date_from", store=True)
    list_date_to = fields.Date(related="list_id.date_to", store=True)
    list_active = fields.Boolean(related="list_id.active", store=True)
    list_team_id = fields.Many2one(related="list_id.team_id", store=True, string="List Sales Team")

    _partner_uniq = models.Constraint(
        "UNIQUE(list_id, partner_id)", "An account appears only once on a target list."
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("partner_id")
    def _check_commercial_partner(self):
        for line in self:
            if line.partner_id != line.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Target list '%(list)s': '%(partner)s' is a contact; add its company '%(company)s' instead.",
                        list=line.list_id.name,
                        partner=line.partner_id.display_name,
                        company=line.partner_id.commercial_partner_id.display_name,
                    )
                )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for line in self:
            if line.date_from and line.date_to and line.date_to < line.date_from:
                raise ValidationError(
                    self.env._(
                        "Target list '%(list)s', account '%(partner)s': 'On List Until' cannot be before "
                        "'On List From'.",
                        list=line.list_id.name,
                        partner=line.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _membership_exists_sql(self, account, date, company, team):
        """``EXISTS (...)``: the account (an SQL expression, a commercial partner id) is a target account, as
        :func:`membership_sql` defines it. For SQL views and searches: the entries and lists it reads are flushed
        first (the ORM does not know that a custom domain reads these tables)."""
        self.flush_model()
        self.env["crm.target.list"].flush_model(["active", "date_from", "date_to", "company_id", "team_id"])
        return SQL(
            "EXISTS (SELECT 1 FROM crm_target_list_line se_tl WHERE se_tl.partner_id = %s AND %s)",
            account,
            membership_sql("se_tl", date, company, team),
        )

    @api.model
    def _valid_on_domain(self, date, company=ANY, team=ANY):
        """Entries that make their account a target account on ``date`` (see MEMBERSHIP_CONDITIONS)."""
        return membership_domain(date, company, team)
