from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

# Deal fields the commission base is computed from: changing them on a won deal re-prices its commission.
COMMISSION_BASE_FIELDS = {"expected_revenue", "recurring_revenue", "recurring_plan"}


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    commission_split_ids = fields.One2many(
        "crm.commission.split",
        "lead_id",
        "Commission Credit",
        help="Share the commission credit of this deal between several salespeople (total 100 %). Empty: the "
        "salesperson of the deal gets all the credit.",
    )
    commission_line_ids = fields.One2many("crm.commission.line", "lead_id", "Commission Lines", readonly=True)
    commission_estimate_amount = fields.Monetary(
        "Commission if Won Now",
        compute="_compute_commission_estimate",
        currency_field="company_currency",
        help="What the credited salespeople would earn together if this deal were won today.",
    )
    commission_estimate_html = fields.Html(
        "Commission Estimate", compute="_compute_commission_estimate", sanitize=False
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "expected_revenue",
        "recurring_revenue",
        "recurring_plan",
        "user_id",
        "commission_split_ids.user_id",
        "commission_split_ids.percentage",
        "account_partner_id",
        "company_id",
        "team_id",
    )
    @api.depends_context("uid")
    def _compute_commission_estimate(self):
        Line = self.env["crm.commission.line"]
        leads = self.filtered(lambda lead: lead.id and lead.type == "opportunity")
        today = fields.Date.context_today(self)
        values = Line._prepare_commission_values(leads, dict.fromkeys(leads.ids, today)) if leads else []
        by_lead = defaultdict(list)
        for vals in values:
            by_lead[vals["lead_id"]].append(vals)
        # sudo: the estimator names the credited reps, who may be outside the reader's teams
        users = self.env["res.users"].sudo().browse({vals["user_id"] for vals in values})
        names = {user.id: user.name for user in users}
        for lead in self:
            rows = by_lead.get(lead.id, [])
            lead.commission_estimate_amount = sum(vals["amount"] for vals in rows)
            if not rows:
                lead.commission_estimate_html = (
                    Markup("<p>%s</p>") % self.env._("Nobody is credited on this deal: set a salesperson.")
                    if lead.type == "opportunity"
                    else False
                )
                continue
            items = Markup("").join(
                Markup("<li><b>%s</b>: %s %s — %s</li>")
                % (
                    names[vals["user_id"]],
                    lead.company_currency.format(vals["amount"]) if lead.company_currency else vals["amount"],
                    self.env._("(%(rate)s %% of %(base)s)", rate=vals["rate"], base=vals["base_amount"])
                    if vals["amount"]
                    else self.env._("nothing"),
                    escape(vals["eligibility_reason"] or ""),
                )
                for vals in rows
            )
            lead.commission_estimate_html = Markup("<ul class='mb-0'>%s</ul>") % items

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("commission_split_ids")
    def _check_commission_splits(self):
        for lead in self:
            if not lead.commission_split_ids:
                continue
            total = sum(lead.commission_split_ids.mapped("percentage"))
            if float_compare(total, 100.0, precision_digits=2):
                raise ValidationError(
                    self.env._(
                        "Opportunity '%(deal)s': the commission credit splits ('Commission Credit') must total "
                        "100 %%; they total %(total)s %%.",
                        deal=lead.name,
                        total=round(total, 2),
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        base_changed = COMMISSION_BASE_FIELDS & set(vals) and self.env[
            "sales.ecosystem.capability"
        ]._is_enabled("commissions")
        won_before = self.filtered(lambda lead: lead.won_status == "won") if base_changed else self.browse()
        res = super().write(vals)
        if won_before:
            won_before.filtered(lambda lead: lead.won_status == "won")._commission_reprice()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed_commission(self):
        """A deal whose commission is in a confirmed statement stays (audit); unsettled lines go with the deal."""
        # sudo: the rep deleting a deal cannot see or delete commission lines themselves.
        lines = self.env["crm.commission.line"].sudo().search([("lead_id", "in", self.ids)])
        locked = lines.filtered("is_locked")
        if locked:
            raise UserError(
                self.env._(
                    "You cannot delete the opportunity '%(deal)s': its commission is in the %(state)s statement "
                    "'%(statement)s'. Mark it as lost instead (a clawback is recorded).",
                    deal=locked[0].lead_id.name,
                    state=locked[0].statement_id.state,
                    statement=locked[0].statement_id.name,
                )
            )
        lines.unlink()

    def _handle_won_lost(self, old_status_by_lead, new_status_by_lead):
        """Every path that wins, reopens or loses deals (create, write, action_set_won, stage drag) ends here."""
        res = super()._handle_won_lost(old_status_by_lead, new_status_by_lead)
        if not self.env["sales.ecosystem.capability"]._is_enabled("commissions"):
            return res
        reached, left = self.browse(), self.browse()
        for lead in self:
            was_won = old_status_by_lead.get(lead.id, {}).get("is_won", False)
            is_won = new_status_by_lead.get(lead.id, {}).get("is_won", False)
            if is_won and not was_won:
                reached |= lead
            elif was_won and not is_won:
                left |= lead
        if left:
            left._commission_withdraw()
        if reached:
            reached._commission_snapshot()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_commission_estimate(self):
        """The estimator in a dialog: computed on demand, so that opening a deal does not pay for it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Commission if won now"),
            "res_model": "crm.lead",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("sales_ecosystem.crm_lead_view_form_commission_estimate").id, "form")],
            "target": "new",
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _commission_lines_by_key(self):
        # sudo: commission lines are maintained on behalf of the rep acting on the deal.
        lines = self.env["crm.commission.line"].sudo().search([("lead_id", "in", self.ids)], order="id")
        groups = defaultdict(lambda: self.env["crm.commission.line"].sudo())
        for line in lines:
            groups[line.lead_id.id, line.user_id.id] |= line
        return lines, groups

    def _commission_snapshot(self):
        """Freeze, per credited salesperson, the eligibility and price of deals that were just won."""
        leads = self.filtered(lambda lead: lead.type == "opportunity")
        if not leads:
            return self.env["crm.commission.line"]
        _lines, groups = leads._commission_lines_by_key()
        vals_list = []
        for vals in self.env["crm.commission.line"]._prepare_commission_values(leads):
            group = groups.get((vals["lead_id"], vals["user_id"]))
            tip = group[-1] if group else None
            if tip and tip.kind != "clawback":
                continue  # the deal already carries a live commission for this salesperson
            vals.update(kind="commission", origin_id=tip.id if tip else False)
            vals_list.append(vals)
        # sudo: the rep winning a deal creates its commission lines, which reps may only read.
        return self.env["crm.commission.line"].sudo().create(vals_list)

    def _commission_withdraw(self):
        """Deals reopened or lost: drop unlocked lines, claw back what confirmed statements already count."""
        lines, _groups = self._commission_lines_by_key()
        if not lines:
            return
        keys = {(line.lead_id.id, line.user_id.id) for line in lines}
        status = {lead.id: lead.won_status for lead in self}
        notes = {
            lead_id: self.env._("Deal lost") if state == "lost" else self.env._("Deal reopened")
            for lead_id, state in status.items()
        }
        clawbacks = self.env["crm.commission.line"].browse()
        for note in set(notes.values()):
            note_keys = {key: None for key in keys if notes[key[0]] == note}
            note_lines = lines.filtered(lambda line, ks=note_keys: (line.lead_id.id, line.user_id.id) in ks)
            clawbacks |= self.env["crm.commission.line"]._reconcile(note_lines, note_keys, "clawback", note)
        clawbacks._post_on_leads(self.env._("Commission clawback"))

    def _commission_reprice(self):
        """Won deals whose amount changed: same snapshot (eligibility, rate), new base; adjust locked lines."""
        lines, groups = self._commission_lines_by_key()
        if not lines:
            return
        desired = {}
        for (lead_id, user_id), group in groups.items():
            lead = self.browse(lead_id)
            reference = group.filtered(lambda line: line.kind == "commission")[-1:]
            if not reference or not reference.plan_id or reference.eligibility == "no_plan":
                continue
            currency = reference.currency_id
            deal_base = reference.plan_id._get_base(lead)
            base = currency.round(deal_base * reference.split_percentage / 100.0)
            amount = currency.round(base * reference.rate / 100.0 + reference.bonus_amount)
            full = currency.round(base * reference.full_rate / 100.0 + reference.full_bonus)
            desired[lead_id, user_id] = {
                "deal_base": deal_base,
                "base_amount": base,
                "amount": amount,
                "withheld_amount": currency.round(full - amount),
            }
        adjustments = self.env["crm.commission.line"]._reconcile(
            lines, desired, "adjustment", self.env._("Deal amount changed")
        )
        adjustments._post_on_leads(self.env._("Commission adjustment"))
