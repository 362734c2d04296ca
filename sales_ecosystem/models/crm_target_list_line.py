from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
    def _search_on_list_today(self, partner_path, operator, value):
        """Search domain for 'on a target list today' through ``partner_path`` (the account field of the
        searched model), for the computed ``is_on_target_list`` fields of accounts and deals."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Operation not supported"))
        valid = self._valid_on_domain(fields.Date.context_today(self))
        domain = [(f"{partner_path}.target_list_line_ids", "any", valid)]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _valid_on_domain(self, date):
        """Lines whose account is on an active list on ``date`` (both the list's and the line's windows)."""
        return [
            ("list_active", "=", True),
            ("list_date_from", "<=", date),
            "|",
            ("list_date_to", "=", False),
            ("list_date_to", ">=", date),
            "|",
            ("date_from", "=", False),
            ("date_from", "<=", date),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", date),
        ]
