from collections import defaultdict
from datetime import datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools.safe_eval import safe_eval


class CrmKeyAccountCriterion(models.Model):
    """Admin definition of what makes a commercial partner a key account.

    A criterion matches a partner when the partner is in its domain and the
    thresholds hold: won revenue over the look-back window and/or open pipeline
    above an amount. The first matching criterion (by sequence) is the reason
    shown on the partner. Computation is batched (see
    :meth:`_recompute_key_accounts`): each domain is evaluated once over all
    partners and revenues come from a single ``_read_group`` on ``crm.lead``.
    """

    _name = "crm.key.account.criterion"
    _description = "Key Account Criterion"
    _order = "sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        help="Only deals of this company count for the thresholds. Empty: all companies.",
    )
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", help="Currency the thresholds are expressed in."
    )
    partner_domain = fields.Char(
        string="Accounts",
        default="[]",
        required=True,
        help="Commercial partners (companies) this criterion applies to, e.g. ICP tier A.",
    )
    min_won_revenue = fields.Monetary(
        string="Won Revenue Above",
        currency_field="currency_id",
        help="Won revenue of the account (and its divisions) over the look-back window. 0: not used.",
    )
    min_open_pipeline = fields.Monetary(
        string="Open Pipeline Above",
        currency_field="currency_id",
        help="Expected revenue of the account's open opportunities. 0: not used.",
    )
    threshold_operator = fields.Selection(
        [("or", "Any threshold"), ("and", "All thresholds")],
        string="Thresholds",
        default="or",
        required=True,
    )
    won_period_months = fields.Integer(
        string="Look-back (months)",
        default=12,
        help="Won deals closed in the last N months count. 0: all time.",
    )
    partner_count = fields.Integer(string="Key Accounts", compute="_compute_partner_count")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("company_id")
    @api.depends_context("company")
    def _compute_currency_id(self):
        for criterion in self:
            criterion.currency_id = (criterion.company_id or self.env.company).currency_id

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("key_account_criterion_id", "in", self.ids)], ["key_account_criterion_id"], ["__count"]
            )
        )
        for criterion in self:
            criterion.partner_count = counts.get(criterion, 0)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("partner_domain")
    def _check_partner_domain(self):
        for criterion in self:
            try:
                domain = safe_eval(criterion.partner_domain or "[]")
                self.env["res.partner"].search_count(Domain(domain), limit=1)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "Key account criterion %(name)s: the field Accounts holds an invalid "
                        "domain (%(error)s).",
                        name=criterion.name,
                        error=error,
                    )
                ) from error

    @api.constrains("min_won_revenue", "min_open_pipeline", "won_period_months")
    def _check_thresholds(self):
        for criterion in self:
            for fname in ("min_won_revenue", "min_open_pipeline", "won_period_months"):
                if criterion[fname] < 0:
                    raise ValidationError(
                        self.env._(
                            "Key account criterion %(name)s: %(field)s cannot be negative.",
                            name=criterion.name,
                            field=criterion._fields[fname].get_description(self.env)["string"],
                        )
                    )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_recompute_key_accounts(self):
        self.env["crm.key.account.criterion"]._recompute_key_accounts()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Key accounts recomputed."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_open_partners(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Key Accounts"),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("key_account_criterion_id", "=", self.id)],
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _get_threshold_result(self, won, pipeline):
        """Return (matched, detail) for amounts ``won`` / ``pipeline`` of one account.

        The detail names the thresholds met (not the account's amounts), so that partners
        matched the same way share one reason and are written in one batch.
        """
        self.ensure_one()
        checks = []
        if self.min_won_revenue:
            checks.append(
                (
                    won >= self.min_won_revenue,
                    self.env._(
                        "won revenue above %(amount)s", amount=self._format_amount(self.min_won_revenue)
                    ),
                )
            )
        if self.min_open_pipeline:
            checks.append(
                (
                    pipeline >= self.min_open_pipeline,
                    self.env._(
                        "open pipeline above %(amount)s", amount=self._format_amount(self.min_open_pipeline)
                    ),
                )
            )
        if not checks:
            return True, ""
        results = [ok for ok, _detail in checks]
        matched = any(results) if self.threshold_operator == "or" else all(results)
        detail = ", ".join(detail for ok, detail in checks if ok)
        return matched, detail

    def _format_amount(self, amount):
        return f"{amount:,.0f} {self.currency_id.name or ''}".strip()

    @api.model
    def _get_account_amounts(self, partners):
        """Won and open amounts per (commercial partner id, company id) in one ``_read_group``.

        :return: (won, pipeline): won maps a partner id to a list of (company_id, month_start,
          amount), pipeline maps a partner id to a list of (company_id, amount).
        """
        won = defaultdict(list)
        pipeline = defaultdict(list)
        # sudo: a system computation of an aggregate over all deals of the accounts, not a
        # disclosure of individual deals; it must not depend on who triggers it.
        groups = (
            self.env["crm.lead"]
            .sudo()
            ._read_group(
                [
                    ("type", "=", "opportunity"),
                    ("won_status", "in", ("won", "pending")),
                    ("partner_id.commercial_partner_id", "in", partners.ids),
                ],
                ["partner_id.commercial_partner_id", "company_id", "won_status", "date_closed:month"],
                ["expected_revenue:sum"],
            )
        )
        for partner, company, status, month, amount in groups:
            if status == "won":
                month = month.date() if isinstance(month, datetime) else month
                won[partner.id].append((company.id, month, amount))
            else:
                pipeline[partner.id].append((company.id, amount))
        return won, pipeline

    @api.model
    def _recompute_key_accounts(self, partners=None):
        """Recompute the criteria flag of all company partners (or ``partners``) in batch.

        Run by the daily cron and the Recompute button; sudo because it writes derived
        fields on partners the caller may not be allowed to edit.
        """
        if not self.env["sales.ecosystem.capability"]._is_enabled("account_plans"):
            return
        # sudo: derived flags on partners the caller may not be allowed to edit (see docstring)
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        base_domain = Domain("is_company", "=", True)
        if partners is not None:
            base_domain &= Domain("id", "in", partners.ids)
        all_partners = Partner.search(base_domain)
        # sudo: every criterion applies, whoever triggers the recompute
        criteria = self.sudo().search([])
        matches = {
            criterion: set(Partner.search(base_domain & Domain(safe_eval(criterion.partner_domain))).ids)
            for criterion in criteria
        }
        won, pipeline = self._get_account_amounts(all_partners)
        today = fields.Date.context_today(self)
        results = {}
        for partner in all_partners:
            results[partner.id] = (False, False, "")
            for criterion in criteria:
                if partner.id not in matches[criterion]:
                    continue
                since = (
                    (today - relativedelta(months=criterion.won_period_months)).replace(day=1)
                    if criterion.won_period_months
                    else None
                )
                company_id = criterion.company_id.id
                won_amount = sum(
                    amount
                    for deal_company_id, month, amount in won[partner.id]
                    if (not company_id or company_id == deal_company_id)
                    and (not since or not month or month >= since)
                )
                pipeline_amount = sum(
                    amount
                    for deal_company_id, amount in pipeline[partner.id]
                    if not company_id or company_id == deal_company_id
                )
                matched, detail = criterion._get_threshold_result(won_amount, pipeline_amount)
                if matched:
                    reason = criterion.name + (f" ({detail})" if detail else "")
                    results[partner.id] = (True, criterion.id, reason)
                    break
        # write only what changed, grouped by value
        to_write = defaultdict(list)
        for partner in all_partners:
            flag, criterion_id, reason = results[partner.id]
            if (
                partner.key_account_auto != flag
                or partner.key_account_criterion_id.id != criterion_id
                or (partner.key_account_auto_reason or "") != reason
            ):
                to_write[(flag, criterion_id, reason)].append(partner.id)
        for (flag, criterion_id, reason), partner_ids in to_write.items():
            Partner.browse(partner_ids).write(
                {
                    "key_account_auto": flag,
                    "key_account_criterion_id": criterion_id,
                    "key_account_auto_reason": reason,
                }
            )
        return True
