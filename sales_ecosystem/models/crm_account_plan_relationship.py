# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .res_partner_buying_role import BUYING_ROLES

INFLUENCE_LEVELS = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
ATTITUDES = [("supporter", "Supporter"), ("neutral", "Neutral"), ("opponent", "Opponent")]
STALE_AFTER_DAYS = 90


class CrmAccountPlanRelationship(models.Model):
    """One contact of the account in the plan's relationship map (buying center)."""

    _name = "crm.account.plan.relationship"
    _description = "Account Plan Relationship"
    _order = "plan_id, sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    plan_id = fields.Many2one("crm.account.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        domain="[('id', 'child_of', parent_partner_id), ('is_company', '=', False)]",
    )
    parent_partner_id = fields.Many2one(related="plan_id.partner_id", string="Account")
    function = fields.Char(related="partner_id.function", string="Job Position")
    reports_to_id = fields.Many2one(
        "res.partner",
        domain="[('id', 'child_of', parent_partner_id), ('is_company', '=', False), ('id', '!=', partner_id)]",
        help="The contact this person reports to: the relationship picture draws them below.",
    )
    buying_role = fields.Selection(BUYING_ROLES)
    influence = fields.Selection(INFLUENCE_LEVELS, default="medium", required=True)
    attitude = fields.Selection(ATTITUDES, default="neutral", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Relationship Owner",
        domain="[('share', '=', False)]",
        help="Who owns this relationship on our side.",
    )
    note = fields.Text()
    date_last_contact = fields.Datetime(string="Last Contact", compute="_compute_freshness")
    freshness_days = fields.Integer(
        string="Days Since Contact",
        compute="_compute_freshness",
        help="Days since the last message logged with this contact (on the contact, their opportunities, "
        "as author or recipient) or the last activity done on them. Empty when they were never contacted (see Last "
        "Contact).",
    )
    is_stale = fields.Boolean(string="Stale", compute="_compute_freshness")

    _plan_partner_uniq = models.Constraint(
        "UNIQUE(plan_id, partner_id)", "A contact appears only once in the relationship map of a plan."
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("partner_id")
    def _compute_freshness(self):
        last_by_partner = self._get_last_contact_dates(self.partner_id._origin)
        now = fields.Datetime.now()
        for line in self:
            last = last_by_partner.get(line.partner_id._origin.id)
            line.date_last_contact = last
            line.freshness_days = (now - last).days if last else 0
            line.is_stale = not last or (now - last).days > STALE_AFTER_DAYS

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("partner_id", "plan_id", "reports_to_id")
    def _check_partner_in_account(self):
        for line in self:
            if line.reports_to_id and (
                line.reports_to_id == line.partner_id
                or not line.plan_id._is_account_contact(line.reports_to_id)
            ):
                raise ValidationError(
                    self.env._(
                        "Relationship map of account plan %(plan)s: the field Reports To (%(boss)s) of %(contact)s "
                        "must be another contact of the account %(account)s.",
                        plan=line.plan_id.display_name,
                        boss=line.reports_to_id.display_name,
                        contact=line.partner_id.display_name,
                        account=line.plan_id.partner_id.display_name,
                    )
                )
            if not line.plan_id._is_account_contact(line.partner_id):
                raise ValidationError(
                    self.env._(
                        "Relationship map of account plan %(plan)s: the field Contact (%(contact)s) "
                        "is not a contact of the account %(account)s.",
                        plan=line.plan_id.display_name,
                        contact=line.partner_id.display_name,
                        account=line.plan_id.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _get_last_contact_dates(self, partners):
        """Last interaction date per contact id, in one SQL query for all contacts.

        Counts messages and notes (not system notifications) posted on the contact, on their
        opportunities, authored by them or sent to them, and activities done on the contact
        or their opportunities. The query reads dates only; no content is disclosed.
        """
        if not partners:
            return {}
        self.env["mail.message"].flush_model(
            ["model", "res_id", "author_id", "date", "message_type", "partner_ids"]
        )
        self.env["mail.activity"].flush_model(["res_model", "res_id", "date_done", "active"])
        self.env["crm.lead"].flush_model(["partner_id"])
        self.env.cr.execute(
            SQL(
                """
                WITH contact AS (SELECT unnest(%(ids)s::int[]) AS id),
                lead AS (
                    SELECT l.id, l.partner_id FROM crm_lead l JOIN contact c ON c.id = l.partner_id
                ),
                touch AS (
                    SELECT m.res_id AS partner_id, m.date
                      FROM mail_message m JOIN contact c ON c.id = m.res_id
                     WHERE m.model = 'res.partner' AND m.message_type IN %(types)s
                    UNION ALL
                    SELECT lead.partner_id, m.date FROM mail_message m JOIN lead ON lead.id = m.res_id
                     WHERE m.model = 'crm.lead' AND m.message_type IN %(types)s
                    UNION ALL
                    SELECT m.author_id, m.date FROM mail_message m JOIN contact c ON c.id = m.author_id
                     WHERE m.message_type IN %(types)s
                    UNION ALL
                    SELECT rel.res_partner_id, m.date FROM mail_message_res_partner_rel rel
                      JOIN contact c ON c.id = rel.res_partner_id
                      JOIN mail_message m ON m.id = rel.mail_message_id
                     WHERE m.message_type IN %(types)s
                    UNION ALL
                    SELECT a.res_id, a.date_done::timestamp
                      FROM mail_activity a JOIN contact c ON c.id = a.res_id
                     WHERE a.res_model = 'res.partner' AND a.date_done IS NOT NULL
                    UNION ALL
                    SELECT lead.partner_id, a.date_done::timestamp
                      FROM mail_activity a JOIN lead ON lead.id = a.res_id
                     WHERE a.res_model = 'crm.lead' AND a.date_done IS NOT NULL
                )
                SELECT partner_id, MAX(date) FROM touch GROUP BY partner_id
                """,
                ids=partners.ids,
                types=("comment", "email", "email_outgoing"),
            )
        )
        return dict(self.env.cr.fetchall())
