# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class CrmKeyAccountFlag(models.Model):
    """The key account criteria's result for one account: the criterion that matched it and why.

    One row per company partner the criteria flag, written set-based by
    ``crm.key.account.criterion._recompute_key_accounts``; the partner's ``key_account_auto``,
    ``key_account_criterion_id`` and ``key_account_auto_reason`` are computed from it. Kept apart from
    ``res_partner`` on purpose: a row update of ``res_partner`` maintains its 17 indexes (0.13 ms a row measured on
    the bench), so the first run over 100,000 companies spent most of its time rewriting partners; and the nightly
    criteria no longer touch the partners' ``write_date``, which synchronisations and exports rely on. Machine-made
    (no create/write log columns): the cron rewrites it, nobody edits it.
    """

    _name = "crm.key.account.flag"
    _description = "Key Account Criteria Result"
    _order = "id"
    _log_access = False

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    partner_id = fields.Many2one("res.partner", "Account", required=True, ondelete="cascade", readonly=True)
    criterion_id = fields.Many2one(
        "crm.key.account.criterion",
        "Matching Criterion",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    reason = fields.Char(readonly=True)

    _partner_uniq = models.Constraint(
        "UNIQUE(partner_id)", "An account has one key account criteria result at most."
    )
