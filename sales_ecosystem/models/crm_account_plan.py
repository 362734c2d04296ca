# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from collections import defaultdict
from datetime import datetime

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

PLAN_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("review", "Under Review"),
    ("closed", "Closed"),
]
ACTIVE_PLAN_STATES = ("active", "review")
PLAN_TYPES = [
    ("acquisition", "Acquisition"),
    ("expansion", "Expansion"),
    ("retention", "Retention"),
]
HEALTH_LEVELS = [
    ("good", "Healthy"),
    ("watch", "Watch"),
    ("at_risk", "At Risk"),
]
# Roles a healthy relationship map covers (champion or coach count as one).
COVERAGE_ROLES = (("economic_buyer",), ("technical_buyer",), ("user_buyer",), ("champion", "coach"))
# Weights of the health score (sum 100), see README.
HEALTH_WEIGHT_COVERAGE = 40
HEALTH_WEIGHT_ACTIONS = 30
HEALTH_WEIGHT_VALUE = 30
STATE_TRANSITIONS = {
    "active": ("draft", "review"),
    "review": ("active",),
    "closed": ("active", "review"),
    "draft": ("closed",),
}


def partner_ancestor_ids(partner):
    """Ids of ``partner`` and its ancestors, nearest first. Reading ``parent_id`` level by level
    fetches it for the whole prefetch set, so a loop over many partners stays batched."""
    ids = []
    while partner and partner.id not in ids:
        ids.append(partner.id)
        partner = partner.parent_id
    return ids


class CrmAccountPlan(models.Model):
    """Strategic plan for a key account over a period: team, analysis, objectives,
    initiatives, relationship map, whitespace, health and review cadence."""

    _name = "crm.account.plan"
    _description = "Key Account Plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(string="Plan", required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Account",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
        check_company=True,
    )
    is_key_account = fields.Boolean(related="partner_id.is_key_account", string="Key Account")
    date_start = fields.Date(
        string="Start", required=True, tracking=True, default=lambda self: fields.Date.context_today(self)
    )
    date_end = fields.Date(
        string="End",
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self) + relativedelta(years=1, days=-1),
    )
    plan_type = fields.Selection(PLAN_TYPES, required=True, default="expansion", tracking=True)
    state = fields.Selection(
        PLAN_STATES, required=True, default="draft", tracking=True, copy=False, index=True, group_expand=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Key Account Manager",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
        index=True,
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index=True,
        check_company=True,
        help="Managers of this team may edit the plan.",
    )
    member_ids = fields.One2many("crm.account.plan.member", "plan_id", string="Account Team", copy=True)
    sponsor_id = fields.Many2one(
        "res.users",
        string="Executive Sponsor",
        tracking=True,
        domain="[('share', '=', False)]",
        index="btree_not_null",
    )
    customer_sponsor_id = fields.Many2one(
        "res.partner",
        string="Customer Counterpart",
        tracking=True,
        domain="[('id', 'child_of', partner_id)]",
        help="The customer's executive the sponsor meets peer to peer.",
    )
    # analysis
    customer_goals = fields.Text()
    customer_challenges = fields.Text()
    competitors = fields.Text()
    our_strengths = fields.Text()
    our_weaknesses = fields.Text()
    # lines
    objective_ids = fields.One2many("crm.account.plan.objective", "plan_id", string="Objectives", copy=True)
    initiative_ids = fields.One2many("crm.account.plan.initiative", "plan_id", string="Initiatives")
    relationship_ids = fields.One2many(
        "crm.account.plan.relationship", "plan_id", string="Relationship Map", copy=True
    )
    review_ids = fields.One2many("crm.account.plan.review", "plan_id", string="Reviews")
    whitespace_ids = fields.One2many("crm.account.plan.whitespace", "plan_id")
    lead_ids = fields.One2many("crm.lead", "account_plan_id", string="Opportunities")
    # review cadence
    review_interval_months = fields.Integer(string="Review Every (months)", default=3, required=True)
    next_review_date = fields.Date(string="Next Review", tracking=True, copy=False)
    is_review_overdue = fields.Boolean(
        string="Review Overdue", compute="_compute_is_review_overdue", search="_search_is_review_overdue"
    )
    # value
    won_amount = fields.Monetary(string="Won", compute="_compute_deal_amounts", currency_field="currency_id")
    pipeline_amount = fields.Monetary(
        string="Pipeline", compute="_compute_deal_amounts", currency_field="currency_id"
    )
    lead_count = fields.Integer(string="Opportunities #", compute="_compute_deal_amounts")
    target_amount = fields.Monetary(
        string="Revenue Target",
        compute="_compute_target_amount",
        store=True,
        currency_field="currency_id",
        help="Sum of the targets of the won-revenue objectives.",
    )
    # relationship gaps
    has_economic_buyer = fields.Boolean(compute="_compute_relationship_gaps")
    is_single_threaded = fields.Boolean(string="Single-threaded", compute="_compute_relationship_gaps")
    relationship_gaps = fields.Char(compute="_compute_relationship_gaps")
    # health
    health_score = fields.Integer(string="Health", compute="_compute_health")
    health_level = fields.Selection(HEALTH_LEVELS, compute="_compute_health")
    health_coverage = fields.Float(string="Relationship Coverage (%)", compute="_compute_health")
    health_actions = fields.Float(string="Actions on Time (%)", compute="_compute_health")
    health_value = fields.Float(string="Progress to Value (%)", compute="_compute_health")
    overdue_initiative_count = fields.Integer(string="Overdue Initiatives", compute="_compute_health")
    # pictures
    relationship_map_svg = fields.Html(
        string="Relationship Picture",
        compute="_compute_relationship_map_svg",
        sanitize=False,
        help="The relationship map drawn: hierarchy by reporting line, colour by attitude, size by influence.",
    )
    whitespace_grid_html = fields.Html(
        string="Whitespace Grid",
        compute="_compute_whitespace_grid_html",
        sanitize=False,
        help="Solution areas (columns) by divisions (rows): won, in pipeline, or the potential still open.",
    )
    can_edit = fields.Boolean(
        compute="_compute_can_edit",
        help="Whether the current user may edit the plan (the record rules decide; the form hides what they forbid).",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("user_id")
    def _compute_team_id(self):
        for plan in self:
            if plan.user_id and (not plan.team_id or plan.user_id not in plan.team_id.member_ids):
                # sudo: read team membership
                plan.team_id = plan.user_id.sudo().sale_team_id or plan.team_id

    @api.depends_context("uid")
    def _compute_can_edit(self):
        # the server's record rules stay the authority; this only tells the form what to hide
        if self.env.su:
            self.can_edit = True
            return
        saved = self.filtered("id")
        editable = saved._filtered_access("write") if saved else saved
        for plan in self:
            plan.can_edit = not plan.id or plan in editable

    @api.depends("next_review_date", "state")
    def _compute_is_review_overdue(self):
        today = fields.Date.context_today(self)
        for plan in self:
            plan.is_review_overdue = bool(
                plan.state in ACTIVE_PLAN_STATES and plan.next_review_date and plan.next_review_date < today
            )

    def _search_is_review_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain(
            [
                ("state", "in", ACTIVE_PLAN_STATES),
                ("next_review_date", "<", fields.Date.context_today(self)),
            ]
        )
        return domain if operator == "in" and True in value else ~domain

    @api.depends("lead_ids.expected_revenue", "lead_ids.won_status", "lead_ids.active")
    def _compute_deal_amounts(self):
        amounts = defaultdict(float)
        counts = defaultdict(int)
        if self.ids:
            # sudo: plan readers see the account's totals even for deals of other reps
            for plan, status, revenue, count in (
                self.env["crm.lead"]
                .sudo()
                ._read_group(
                    [("account_plan_id", "in", self.ids), ("type", "=", "opportunity")],
                    ["account_plan_id", "won_status"],
                    ["expected_revenue:sum", "__count"],
                )
            ):
                amounts[plan.id, status] += revenue
                counts[plan.id] += count if status in ("won", "pending") else 0
        for plan in self:
            plan_id = plan._origin.id
            plan.won_amount = amounts[plan_id, "won"]
            plan.pipeline_amount = amounts[plan_id, "pending"]
            plan.lead_count = counts[plan_id]

    @api.depends("objective_ids.measure", "objective_ids.target_value")
    def _compute_target_amount(self):
        for plan in self:
            plan.target_amount = sum(
                plan.objective_ids.filtered(lambda o: o.measure == "won_revenue").mapped("target_value")
            )

    @api.depends("relationship_ids.buying_role", "relationship_ids.partner_id")
    def _compute_relationship_gaps(self):
        for plan in self:
            roles = set(plan.relationship_ids.mapped("buying_role"))
            plan.has_economic_buyer = "economic_buyer" in roles
            plan.is_single_threaded = len(plan.relationship_ids.partner_id) < 2
            gaps = []
            if not plan.has_economic_buyer:
                gaps.append(self.env._("No economic buyer known"))
            if plan.is_single_threaded:
                gaps.append(self.env._("Single-threaded"))
            plan.relationship_gaps = ", ".join(gaps)

    @api.depends(
        "relationship_ids.buying_role",
        "initiative_ids.state",
        "initiative_ids.date_deadline",
        "objective_ids.progress",
    )
    def _compute_health(self):
        """Health = 40 x relationship coverage + 30 x actions on time + 30 x progress to value.

        - coverage: share of the key buying roles (economic, technical, user buyer, champion
          or coach) present in the relationship map;
        - actions on time: 1 - overdue open initiatives / open initiatives (1 without any);
        - progress to value: mean progress of the objectives with a target, capped at 100%.
        Objective progress is computed for all plans at once (see the objective model).
        """
        today = fields.Date.context_today(self)
        self.objective_ids.mapped("progress")  # batch: one computation for all plans
        for plan in self:
            roles = set(plan.relationship_ids.mapped("buying_role"))
            coverage = sum(1 for group in COVERAGE_ROLES if roles.intersection(group)) / len(COVERAGE_ROLES)
            open_initiatives = plan.initiative_ids.filtered(lambda i: i.state in ("todo", "in_progress"))
            overdue = open_initiatives.filtered(lambda i: i.date_deadline and i.date_deadline < today)
            actions = 1 - len(overdue) / len(open_initiatives) if open_initiatives else 1.0
            measured = plan.objective_ids.filtered(lambda o: o.target_value > 0)
            value = sum(min(o.progress, 100.0) for o in measured) / 100.0 / len(measured) if measured else 0.0
            score = round(
                HEALTH_WEIGHT_COVERAGE * coverage
                + HEALTH_WEIGHT_ACTIONS * actions
                + HEALTH_WEIGHT_VALUE * value
            )
            plan.health_coverage = coverage * 100
            plan.health_actions = actions * 100
            plan.health_value = value * 100
            plan.overdue_initiative_count = len(overdue)
            plan.health_score = score
            plan.health_level = "good" if score >= 70 else "watch" if score >= 40 else "at_risk"

    @api.depends(
        "relationship_ids.partner_id",
        "relationship_ids.reports_to_id",
        "relationship_ids.influence",
        "relationship_ids.attitude",
        "relationship_ids.buying_role",
    )
    def _compute_relationship_map_svg(self):
        for plan in self:
            plan.relationship_map_svg = plan._render_relationship_map_svg()

    @api.depends("partner_id", "state", "date_start", "date_end", "lead_ids.expected_revenue")
    def _compute_whitespace_grid_html(self):
        for plan in self:
            plan.whitespace_grid_html = plan._render_whitespace_grid() if plan._origin.id else False

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for plan in self:
            if plan.date_start and plan.date_end and plan.date_end < plan.date_start:
                raise ValidationError(
                    self.env._(
                        "Account plan %(plan)s: the field End (%(end)s) cannot be before "
                        "the field Start (%(start)s).",
                        plan=plan.display_name,
                        end=plan.date_end,
                        start=plan.date_start,
                    )
                )

    @api.constrains("review_interval_months")
    def _check_review_interval(self):
        for plan in self:
            if plan.review_interval_months < 1:
                raise ValidationError(
                    self.env._(
                        "Account plan %(plan)s: the field Review Every (months) must be at least 1.",
                        plan=plan.display_name,
                    )
                )

    @api.constrains("partner_id", "date_start", "date_end", "state", "company_id")
    def _check_overlapping_active_plans(self):
        plans = self.filtered(lambda p: p.state in ACTIVE_PLAN_STATES)
        if not plans:
            return
        # sudo: the check must see every active plan of the account, whoever may read them
        others = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("partner_id", "in", plans.partner_id.ids),
                    ("state", "in", ACTIVE_PLAN_STATES),
                    ("date_start", "<=", max(plans.mapped("date_end"))),
                    ("date_end", ">=", min(plans.mapped("date_start"))),
                ]
            )
        )
        for plan in plans:
            for other in others:
                if (
                    other.id != plan.id
                    and other.partner_id == plan.partner_id
                    and other.company_id == plan.company_id
                    and other.date_start <= plan.date_end
                    and other.date_end >= plan.date_start
                ):
                    raise ValidationError(
                        self.env._(
                            "Account plan %(plan)s: account %(account)s already has the active plan "
                            "%(other)s "
                            "from %(start)s to %(end)s; the field Period must not overlap it.",
                            plan=plan.display_name,
                            account=plan.partner_id.display_name,
                            other=other.display_name,
                            start=other.date_start,
                            end=other.date_end,
                        )
                    )

    @api.constrains("customer_sponsor_id", "partner_id")
    def _check_customer_sponsor(self):
        for plan in self:
            if plan.customer_sponsor_id and not plan._is_account_contact(plan.customer_sponsor_id):
                raise ValidationError(
                    self.env._(
                        "Account plan %(plan)s: the field Customer Counterpart (%(contact)s) "
                        "must be a contact of the account %(account)s.",
                        plan=plan.display_name,
                        contact=plan.customer_sponsor_id.display_name,
                        account=plan.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.onchange("partner_id")
    def _onchange_partner_id_prefill(self):
        """A new plan starts with the account's contacts in its relationship map (their usual buying role) and the
        account's salesperson as key account manager."""
        if self._origin.id or not self.partner_id:
            return
        if self.partner_id.user_id and not self.partner_id.user_id.share:
            self.user_id = self.partner_id.user_id
        if not self.relationship_ids:
            contacts = self._account_contacts(self.partner_id)[self.partner_id.id]
            self.relationship_ids = [
                Command.create(
                    {"partner_id": contact.id, "buying_role": contact.buying_role, "sequence": index}
                )
                for index, contact in enumerate(contacts)
            ]

    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        plans._refresh_lead_links()
        plans._subscribe_team()
        return plans

    def write(self, vals):
        relink = {"partner_id", "state", "date_start", "date_end", "active"} & set(vals)
        old_accounts = self.partner_id if relink else self.env["res.partner"]
        res = super().write(vals)
        if relink:
            self._refresh_lead_links(old_accounts)
        if {"user_id", "sponsor_id"} & set(vals):
            self._subscribe_team()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _set_state(self, state):
        for plan in self:
            if plan.state not in STATE_TRANSITIONS[state]:
                raise UserError(
                    self.env._(
                        "Account plan %(plan)s: the field Status cannot go from %(old)s to %(new)s.",
                        plan=plan.display_name,
                        old=dict(PLAN_STATES)[plan.state],
                        new=dict(PLAN_STATES)[state],
                    )
                )
        self.write({"state": state})

    def action_activate(self):
        for plan in self:
            if not plan.objective_ids:
                raise UserError(
                    self.env._(
                        "Account plan %(plan)s: add at least one line in the field Objectives "
                        "before activating it.",
                        plan=plan.display_name,
                    )
                )
        self._set_state("active")
        self.filtered(lambda p: not p.next_review_date).action_schedule_review()
        return True

    def action_start_review(self):
        self._set_state("review")
        return True

    def action_close(self):
        self._set_state("closed")
        self.activity_unlink(["sales_ecosystem.mail_activity_type_account_plan_review"])
        self.initiative_ids.filtered(lambda i: i.state in ("todo", "in_progress")).activity_id.unlink()
        return True

    def action_reset_draft(self):
        self._set_state("draft")
        return True

    def action_schedule_review(self):
        """Set the next review date (from today and the interval when missing or past) and
        plan a review activity for the owner and the sponsor; earlier ones are replaced."""
        today = fields.Date.context_today(self)
        for plan in self:
            if not plan.next_review_date or plan.next_review_date < today:
                plan.next_review_date = today + relativedelta(months=plan.review_interval_months)
            plan.activity_unlink(["sales_ecosystem.mail_activity_type_account_plan_review"])
            for user in plan.user_id | plan.sponsor_id:
                plan.activity_schedule(
                    "sales_ecosystem.mail_activity_type_account_plan_review",
                    date_deadline=plan.next_review_date,
                    summary=self.env._("Review account plan %(plan)s", plan=plan.name),
                    user_id=user.id,
                )
        return True

    def action_new_review(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan Review"),
            "res_model": "crm.account.plan.review",
            "view_mode": "form",
            "context": {"default_plan_id": self.id},
        }

    def action_open_leads(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_opportunities")
        action["domain"] = [("account_plan_id", "=", self.id)]
        action["context"] = {"active_test": False, "default_partner_id": self.partner_id.id}
        return action

    def action_open_whitespace(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_ecosystem.crm_account_plan_whitespace_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_print(self):
        return self.env.ref("sales_ecosystem.crm_account_plan_report").report_action(self)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _is_account_contact(self, partner):
        """Whether ``partner`` belongs to the account (itself, its divisions and their contacts)."""
        self.ensure_one()
        if not partner or not self.partner_id:
            return True
        return self.partner_id.id in partner_ancestor_ids(partner.sudo())  # sudo: read the whole hierarchy

    @api.model
    def _account_contacts(self, partners):
        """Active individual contacts of each account (its divisions' included), by account id, in one search."""
        result = {partner.id: self.env["res.partner"] for partner in partners}
        if not partners:
            return result
        contacts = self.env["res.partner"].search(
            [("id", "child_of", partners.ids), ("is_company", "=", False), ("type", "=", "contact")],
            order="name, id",
        )
        for contact in contacts:
            for ancestor_id in partner_ancestor_ids(contact):
                if ancestor_id in result:
                    result[ancestor_id] |= contact
                    break
        return result

    def _render_relationship_map_svg(self):
        """The relationship map as an SVG picture: each contact under the one they report to, its circle coloured
        by attitude (green supporter, grey neutral, red opponent) and sized by influence."""
        self.ensure_one()
        lines = self.relationship_ids.sorted(lambda line: (line.sequence, line.id))
        if not lines:
            return False
        by_partner = {line.partner_id.id: line for line in lines}
        children = defaultdict(list)
        roots = []
        for line in lines:
            boss = by_partner.get(line.reports_to_id.id)
            if boss and boss != line:
                children[boss.id].append(line)
            else:
                roots.append(line)
        positions = {}  # line id -> (column, depth)
        column = [0]
        seen = set()

        def place(line, depth):
            seen.add(line.id)
            kids = [kid for kid in children[line.id] if kid.id not in seen]
            for kid in kids:
                place(kid, depth + 1)
            if kids:
                positions[line.id] = (sum(positions[kid.id][0] for kid in kids) / len(kids), depth)
            else:
                positions[line.id] = (column[0], depth)
                column[0] += 1

        for root in roots:
            place(root, 0)
        for line in lines:  # reporting cycles: whatever was not reached is drawn as a root
            if line.id not in seen:
                place(line, 0)
        step_x, step_y, margin = 150, 110, 40
        width = max(column[0], 1) * step_x
        height = (max(depth for _col, depth in positions.values()) + 1) * step_y
        colours = {"supporter": "#28a745", "neutral": "#adb5bd", "opponent": "#dc3545"}
        radius = {"low": 12, "medium": 18, "high": 26}
        roles = dict(self.env["crm.account.plan.relationship"]._fields["buying_role"].selection)

        def centre(line):
            col, depth = positions[line.id]
            return margin + col * step_x + step_x / 2 - margin, margin + depth * step_y

        parts = [
            Markup(
                '<svg xmlns="http://www.w3.org/2000/svg" class="o_se_relationship_map" width="%d" height="%d" '
                'viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">'
            )
            % (width, height, width, height)
        ]
        for line in lines:
            for kid in children[line.id]:
                (x1, y1), (x2, y2) = centre(line), centre(kid)
                parts.append(
                    Markup(
                        '<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#6c757d" stroke-width="1.5"/>'
                    )
                    % (x1, y1, x2, y2)
                )
        for line in lines:
            x, y = centre(line)
            parts.append(
                Markup(
                    '<g class="o_se_relationship_node" data-attitude="%s" data-influence="%s">'
                    '<circle cx="%.0f" cy="%.0f" r="%d" fill="%s" stroke="#343a40"/>'
                    '<text x="%.0f" y="%.0f" text-anchor="middle" font-weight="bold">%s</text>'
                    '<text x="%.0f" y="%.0f" text-anchor="middle" fill="#6c757d">%s</text></g>'
                )
                % (
                    line.attitude,
                    line.influence,
                    x,
                    y,
                    radius.get(line.influence, 18),
                    colours.get(line.attitude, "#adb5bd"),
                    x,
                    y + 40,
                    escape((line.partner_id.name or "")[:24]),
                    x,
                    y + 54,
                    escape(roles.get(line.buying_role, "")),
                )
            )
        parts.append(Markup("</svg>"))
        return Markup("").join(parts)

    def _render_whitespace_grid(self):
        """Solution areas (columns) by divisions (rows); each cell: won, pipeline or the potential still open."""
        self.ensure_one()
        areas, rows = self._get_whitespace_grid()
        if not areas:
            return False
        currency = self.currency_id
        labels = {
            "won": self.env._("Won"),
            "pipeline": self.env._("Pipeline"),
            "whitespace": self.env._("Potential"),
        }
        classes = {"won": "table-success", "pipeline": "table-info", "whitespace": "table-warning"}

        def money(amount):
            return escape(
                self.env["ir.qweb.field.monetary"].value_to_html(amount, {"display_currency": currency})
            )

        head = Markup("").join(Markup("<th>%s</th>") % escape(area.name) for area in areas)
        body = []
        for division, cells in rows:
            tds = []
            for cell in cells:
                if not cell:
                    tds.append(Markup("<td/>"))
                    continue
                amount = {
                    "won": cell.won_amount,
                    "pipeline": cell.pipeline_amount,
                    "whitespace": cell.potential_amount,
                }.get(cell.status, 0.0)
                tds.append(
                    Markup('<td class="%s" data-status="%s"><div class="small text-muted">%s</div>%s</td>')
                    % (classes.get(cell.status, ""), cell.status, labels.get(cell.status, ""), money(amount))
                )
            body.append(Markup("<tr><th>%s</th>%s</tr>") % (escape(division.name), Markup("").join(tds)))
        return Markup(
            '<table class="table table-sm table-bordered o_se_whitespace_grid"><thead><tr><th>%s</th>%s</tr></thead>'
            "<tbody>%s</tbody></table>"
        ) % (escape(self.env._("Division")), head, Markup("").join(body))

    def _subscribe_team(self):
        for plan in self:
            partners = (plan.user_id | plan.sponsor_id | plan.member_ids.user_id).partner_id
            plan.message_subscribe(partner_ids=partners.ids)

    def _refresh_lead_links(self, extra_accounts=None):
        accounts = self.partner_id | (extra_accounts or self.env["res.partner"])
        if not accounts:
            return
        # sudo: the link is derived data on every deal of the account, whoever owns the deal
        leads = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "child_of", accounts.ids)])
        )
        if leads:
            self.env.add_to_compute(self.env["crm.lead"]._fields["account_plan_id"], leads)

    @api.model
    def _find_plans_for_leads(self, leads):
        """Map each lead to the active plan of its account (the account or an ancestor company).

        One search for all leads. Among several active plans of the account, the plan whose
        period contains the deal's close date (else its creation date) wins, else the latest.
        """
        result = {}
        ancestors = {}
        account_ids = set()
        for lead in leads:
            ids = partner_ancestor_ids(lead.partner_id.commercial_partner_id)
            ancestors[lead.id] = ids
            account_ids.update(ids)
        if not account_ids:
            return result
        # sudo: link deals whatever plans the current user may read
        plans = self.sudo().search(
            [("partner_id", "in", list(account_ids)), ("state", "in", ACTIVE_PLAN_STATES)],
            order="date_end desc, id desc",
        )
        plans_by_account = defaultdict(list)
        for plan in plans:
            plans_by_account[plan.partner_id.id].append(plan)
        for lead in leads:
            moment = lead.date_closed or lead.create_date or datetime.now()
            day = moment.date()
            for account_id in ancestors[lead.id]:
                candidates = [
                    p
                    for p in plans_by_account.get(account_id, [])
                    if p.company_id == lead.company_id or not lead.company_id
                ]
                if candidates:
                    in_period = [p for p in candidates if p.date_start <= day <= p.date_end]
                    result[lead.id] = (in_period or candidates)[0].id
                    break
        return result

    @api.model
    def _cron_account_plan_reviews(self):
        """Daily: schedule reviews for active plans without a pending review activity."""
        if not self.env["sales.ecosystem.capability"]._is_enabled("account_plans"):
            return
        plans = self.search([("state", "in", ACTIVE_PLAN_STATES), ("next_review_date", "=", False)])
        plans.action_schedule_review()

    def _get_whitespace_grid(self):
        """Whitespace cells of the plan as a grid for the PDF: (areas, [(division, [cell, ...])])."""
        self.ensure_one()
        # search rather than the one2many: cells are a live SQL view, never stale in cache
        cells = self.env["crm.account.plan.whitespace"].search([("plan_id", "=", self.id)])
        areas = cells.area_id.sorted(lambda a: (a.sequence, a.id))
        divisions = cells.division_id.sorted(lambda d: (d != self.partner_id, d.name or ""))
        by_key = {(cell.division_id.id, cell.area_id.id): cell for cell in cells}
        rows = [(division, [by_key.get((division.id, area.id)) for area in areas]) for division in divisions]
        return areas, rows
