# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
# (the brief asks for one file per feature extending a core model)
from odoo import api, fields, models
from odoo.exceptions import AccessError

from .crm_account_plan import ACTIVE_PLAN_STATES, HEALTH_LEVELS

KEY_ACCOUNT_DESIGNATIONS = [
    ("auto", "By criteria"),
    ("key", "Designated key account"),
    ("not_key", "Not a key account"),
]


class ResPartnerKeyAccount(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    key_account_auto = fields.Boolean(
        string="Key Account by Criteria",
        readonly=True,
        copy=False,
        help="Set by the key account criteria computation (daily, or Recompute).",
    )
    key_account_auto_reason = fields.Char(string="Criteria Reason", readonly=True, copy=False)
    key_account_criterion_id = fields.Many2one(
        "crm.key.account.criterion",
        string="Matching Criterion",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="sales_ecosystem.group_sales_ecosystem_user",
    )
    key_account_designation = fields.Selection(
        KEY_ACCOUNT_DESIGNATIONS,
        default="auto",
        copy=False,
        tracking=True,
        help="Managers may designate a key account explicitly, or exclude one, whatever the criteria say (empty: by "
        "criteria; not required, so that partners created before this field exists are valid).",
    )
    is_key_account = fields.Boolean(
        string="Key Account", compute="_compute_is_key_account", store=True, index=True, recursive=True
    )
    key_account_reason = fields.Char(compute="_compute_is_key_account", store=True, recursive=True)
    # groups: the addon's users only (an employee outside Sales opens partners; plans are not theirs)
    account_plan_ids = fields.One2many(
        "crm.account.plan",
        "partner_id",
        string="Account Plans",
        groups="sales_ecosystem.group_sales_ecosystem_user",
    )
    account_plan_count = fields.Integer(
        compute="_compute_account_plan_stats", groups="sales_ecosystem.group_sales_ecosystem_user"
    )
    account_plan_id = fields.Many2one(
        "crm.account.plan",
        string="Current Account Plan",
        compute="_compute_account_plan_stats",
        groups="sales_ecosystem.group_sales_ecosystem_user",
    )
    account_plan_health_score = fields.Integer(
        string="Plan Health",
        compute="_compute_account_plan_stats",
        groups="sales_ecosystem.group_sales_ecosystem_user",
    )
    account_plan_health_level = fields.Selection(
        HEALTH_LEVELS,
        string="Plan Health Level",
        compute="_compute_account_plan_stats",
        groups="sales_ecosystem.group_sales_ecosystem_user",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "is_company",
        "parent_id.is_key_account",
        "key_account_designation",
        "key_account_auto",
        "key_account_auto_reason",
    )
    def _compute_is_key_account(self):
        for partner in self:
            if partner.parent_id and not partner.is_company:
                # contacts follow their company
                partner.is_key_account = partner.parent_id.is_key_account
                partner.key_account_reason = partner.parent_id.key_account_reason
            elif partner.key_account_designation == "key":
                partner.is_key_account = True
                partner.key_account_reason = self.env._("Designated by a manager")
            elif partner.key_account_designation == "not_key":
                partner.is_key_account = False
                partner.key_account_reason = self.env._("Excluded by a manager")
            else:
                partner.is_key_account = partner.key_account_auto
                partner.key_account_reason = (
                    partner.key_account_auto_reason if partner.key_account_auto else False
                )

    def _compute_account_plan_stats(self):
        # sudo-free: plans are readable by every sales user of the company (see README)
        plans = self.env["crm.account.plan"].search(
            [("partner_id", "in", self.ids)], order="date_start desc, id desc"
        )
        by_partner = {}
        for plan in plans:
            by_partner.setdefault(plan.partner_id.id, self.env["crm.account.plan"])
            by_partner[plan.partner_id.id] |= plan
        today = fields.Date.context_today(self)
        current_plans = self.env["crm.account.plan"]
        current_by_partner = {}
        for partner_id, partner_plans in by_partner.items():
            active = partner_plans.filtered(lambda p: p.state in ACTIVE_PLAN_STATES)
            current = active.filtered(lambda p: p.date_start <= today <= p.date_end)[:1] or active[:1]
            if current:
                current_by_partner[partner_id] = current
                current_plans |= current
        current_plans.mapped("health_score")  # batch compute for all current plans at once
        for partner in self:
            partner_plans = by_partner.get(partner.id, self.env["crm.account.plan"])
            current = current_by_partner.get(partner.id, self.env["crm.account.plan"])
            partner.account_plan_count = len(partner_plans)
            partner.account_plan_id = current
            partner.account_plan_health_score = current.health_score
            partner.account_plan_health_level = current.health_level

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        if "key_account_designation" in vals and not self.env.su:
            if not self.env.user.has_group("sales_ecosystem.group_sales_ecosystem_manager"):
                raise AccessError(
                    self.env._(
                        "Only Sales Ecosystem managers may change the field Key Account Designation "
                        "(partners: %(names)s).",
                        names=", ".join(self.mapped("display_name")),
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_account_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_ecosystem.crm_account_plan_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_recompute_key_account(self):
        self.env["crm.key.account.criterion"]._recompute_key_accounts(self.commercial_partner_id)
        return True
