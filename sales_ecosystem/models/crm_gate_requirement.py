# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import dateutil as safe_dateutil
from odoo.tools.safe_eval import safe_eval
from odoo.tools.sql import escape_psql

from .crm_gate_methodology_criterion import CRITERION_STATUS_RANK, CRITERION_STATUSES
from .crm_icp_profile import ICP_MIN_TIERS, ICP_TIER_RANK
from .res_partner_buying_role import BUYING_ROLES

REQUIREMENT_KINDS = [
    ("criterion", "Methodology criterion"),
    ("field", "Field set"),
    ("domain", "Condition (domain)"),
    ("icp", "Ideal client profile"),
    ("activity", "Activity done"),
    ("attachment", "Attachment present"),
    ("buying_role", "Contact with buying role"),
]


class CrmGateRequirement(models.Model):
    """One requirement of a stage gate: a rule (``sales.ecosystem.rule.mixin``) whose kinds are evaluated in batch,
    one query per requirement kind, never per deal. The outcome of a requirement is the set of ids of the deals
    that do NOT meet it."""

    _name = "crm.gate.requirement"
    _inherit = ["sales.ecosystem.rule.mixin"]
    _description = "Stage Gate Requirement"
    _order = "gate_id, sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    gate_id = fields.Many2one("crm.stage.gate", required=True, ondelete="cascade", index=True)
    stage_id = fields.Many2one(related="gate_id.stage_id", store=True, index=True)
    team_id = fields.Many2one(related="gate_id.team_id", store=True)
    company_id = fields.Many2one(related="gate_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(
        "Requirement", required=True, translate=True, help="Short label shown in the deal's gate checklist."
    )
    message = fields.Text(
        translate=True, help="What the rep must do to meet it (shown when a move is blocked or warned)."
    )
    severity = fields.Selection(
        [("blocking", "Blocking"), ("warning", "Warning")],
        required=True,
        default="blocking",
        help="Blocking: the deal cannot enter the stage (unless a manager overrides). "
        "Warning: it can, with a note.",
    )
    kind = fields.Selection(REQUIREMENT_KINDS, required=True, default="criterion")
    criterion_id = fields.Many2one("crm.methodology.criterion", ondelete="restrict", index=True)
    min_status = fields.Selection(
        [s for s in CRITERION_STATUSES if s[0] != "unknown"], "Minimum Status", default="confirmed"
    )
    field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="cascade",
        domain=[("model", "=", "crm.lead"), ("store", "=", True)],
    )
    domain = fields.Char(
        default="[]",
        help="Odoo domain on the deal, e.g. [('expected_revenue', '>', 0)]. May use uid, user, "
        "context_today, datetime and relativedelta. Evaluated once for all the deals being moved.",
    )
    icp_min_tier = fields.Selection(ICP_MIN_TIERS, "Minimum ICP Tier")
    icp_min_score = fields.Float("Minimum ICP Score")
    activity_type_id = fields.Many2one("mail.activity.type", ondelete="restrict")
    attachment_name = fields.Char(
        help="Only attachments whose name contains this text count (e.g. 'NDA'). Empty: any attachment."
    )
    buying_role = fields.Selection(BUYING_ROLES)

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("gate_id.name", "name")
    def _compute_display_name(self):
        for requirement in self:
            requirement.display_name = f"{requirement.gate_id.name or ''} / {requirement.name or ''}"

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains(
        "kind",
        "criterion_id",
        "field_id",
        "domain",
        "icp_min_tier",
        "icp_min_score",
        "activity_type_id",
        "buying_role",
    )
    def _check_parameters(self):
        """Bad configuration is refused when the gate is saved, never when a rep moves a deal."""
        Lead = self.env["crm.lead"]
        for req in self:

            def fail(problem, req=req):
                raise ValidationError(
                    self.env._(
                        "Gate requirement '%(requirement)s' (gate %(gate)s): %(problem)s",
                        requirement=req.name,
                        gate=req.gate_id.name,
                        problem=problem,
                    )
                )

            if req.kind == "criterion" and not (req.criterion_id and req.min_status):
                fail(self.env._("choose the methodology criterion and its minimum status."))
            if req.kind == "field":
                if not req.field_id:
                    fail(self.env._("choose the field that must be set."))
                if req.field_id.model != "crm.lead" or req.field_id.name not in Lead._fields:
                    fail(self.env._("the field %(field)s is not a deal field.", field=req.field_id.name))
            if req.kind == "domain":
                try:
                    domain = Domain(safe_eval(req.domain or "[]", req._get_eval_context()))
                    domain.validate(Lead)
                    Lead._search(domain)  # compiles to SQL without running it: bad fields/operators fail
                except Exception as error:
                    fail(self.env._("invalid domain %(domain)s (%(error)s).", domain=req.domain, error=error))
            if req.kind == "icp":
                if not (req.icp_min_tier or req.icp_min_score):
                    fail(self.env._("set a minimum ICP tier or score."))
                if "icp_tier" not in Lead._fields or "icp_score" not in Lead._fields:
                    fail(self.env._("deals have no ICP tier/score here (ICP scoring is not installed)."))
                if not 0 <= req.icp_min_score <= 100:
                    fail(self.env._("the minimum ICP score must be between 0 and 100."))
            if req.kind == "activity" and not req.activity_type_id:
                fail(self.env._("choose the activity type that must be done."))
            if req.kind == "buying_role" and not req.buying_role:
                fail(self.env._("choose the buying role a contact on the deal must hold."))

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _evaluation_fields(self):
        """The fields :meth:`_evaluate` and the checklists read (fetched with the requirements)."""
        return [
            "gate_id",
            "name",
            "message",
            "severity",
            "kind",
            "criterion_id",
            "min_status",
            "field_id",
            "domain",
            "icp_min_tier",
            "icp_min_score",
            "activity_type_id",
            "attachment_name",
            "buying_role",
        ]

    def _field_name(self, model_name="crm.lead"):
        """Name of the deal field of a 'field' requirement, from the registry's cached field ids (no query)."""
        self.ensure_one()
        names = {
            field_id: name for name, field_id in self.env["ir.model.fields"]._get_ids(model_name).items()
        }
        return names.get(self.field_id.id) or self.field_id.name

    @api.model
    def _get_eval_context(self):
        return {
            "uid": self.env.uid,
            "user": self.env.user,
            "datetime": safe_datetime,
            "relativedelta": safe_dateutil.relativedelta.relativedelta,
            "context_today": lambda: fields.Date.context_today(self),
        }

    def _evaluate(self, records):
        """Evaluate the requirements ``self`` on ``records`` (deals) in batch.

        :return: ``{requirement_id: set of ids of the records that do NOT meet it}``
        Queries: one per requirement kind present (plus one per domain requirement), independent of
        len(records).
        """
        if not records or not self:
            return {req.id: set() for req in self}
        # sudo: a gate is a business rule on the whole deal; the mover's read rights on related records
        # (attachments, messages of others, restricted fields, ir.model.fields) must not change the outcome.
        # Only pass/fail leaks.
        records = records.sudo().with_context(active_test=False)
        return self.sudo()._rule_evaluate(records, {"ids": set(records.ids)})

    # ------------------------------------------------------------
    # BUSINESS: one method per requirement kind (sales.ecosystem.rule.mixin): {requirement id: failing deal ids}
    # ------------------------------------------------------------

    def _rule_eval_criterion(self, records, memo):
        ids, failing = memo["ids"], {}
        # One grouped query: the deals per (criterion, status), as plain id arrays (no record per status).
        # sudo: gate checks must see every criterion status of the deal, whoever moves it
        groups = (
            self.env["crm.lead.methodology.status"]
            .sudo()
            ._read_group(
                [("lead_id", "in", list(ids)), ("criterion_id", "in", self.criterion_id.ids)],
                ["criterion_id", "status"],
                ["lead_id:array_agg"],
            )
        )
        for req in self:
            needed = CRITERION_STATUS_RANK[req.min_status]
            met = set()
            for criterion, status, lead_ids in groups:
                if criterion == req.criterion_id and CRITERION_STATUS_RANK.get(status, 0) >= needed:
                    met.update(lead_ids)
            failing[req.id] = ids - met
        return failing

    def _rule_eval_field(self, records, memo):
        ids, failing = memo["ids"], {}
        for req in self:
            fname = req._field_name(records._name)
            if records._fields[fname].type in ("one2many", "many2many"):
                # one query: the deals that have at least one related record
                passing = records.search(
                    Domain("id", "in", list(ids)) & Domain(fname, "!=", False), order="id"
                )
                failing[req.id] = ids - set(passing.ids)
                continue
            # Falsy means "not set" for every field type (0 for numbers, empty recordset for many2one);
            # the values are usually in cache already (the write read the deals).
            if records._fields[fname].relational:
                failing[req.id] = {rec.id for rec in records if not rec[fname]}
            else:  # a list of the values, read from the cache in bulk
                values = records.mapped(fname)
                failing[req.id] = {rid for rid, value in zip(records.ids, values, strict=True) if not value}
        return failing

    def _rule_eval_domain(self, records, memo):
        ids, failing = memo["ids"], {}
        # each domain evaluated once for all the deals: one search restricted to their ids
        eval_context = self._get_eval_context()
        for req in self:
            domain = Domain(safe_eval(req.domain or "[]", eval_context))
            passing = records.search(Domain("id", "in", list(ids)) & domain, order="id").ids
            failing[req.id] = ids - set(passing)
        return failing

    def _rule_eval_icp(self, records, memo):
        ids, failing = memo["ids"], {}
        if "icp_tier" not in records._fields:
            for req in self:
                failing[req.id] = set(ids)
            return failing
        for req in self:
            min_rank = ICP_TIER_RANK.get(req.icp_min_tier, 0) if req.icp_min_tier else None
            failing[req.id] = {
                rec.id
                for rec in records
                if (min_rank is not None and ICP_TIER_RANK.get(rec.icp_tier, -1) < min_rank)
                or (req.icp_min_score and (rec.icp_score or 0.0) < req.icp_min_score)
            }
        return failing

    def _rule_eval_activity(self, records, memo):
        ids, failing = memo["ids"], {}
        # A done activity leaves a message with its activity type on the record (the activity itself is
        # deleted or archived); one grouped query for every activity requirement.
        # sudo: a gate checks done activities whoever logged them (rules on messages follow the deal)
        groups = (
            self.env["mail.message"]
            .sudo()
            ._read_group(
                [
                    ("model", "=", records._name),
                    ("res_id", "in", list(ids)),
                    ("mail_activity_type_id", "in", self.activity_type_id.ids),
                ],
                ["mail_activity_type_id"],
                ["res_id:array_agg"],
            )
        )
        done = {activity_type.id: set(res_ids) for activity_type, res_ids in groups}
        for req in self:
            failing[req.id] = ids - done.get(req.activity_type_id.id, set())
        return failing

    def _rule_eval_attachment(self, records, memo):
        ids, failing = memo["ids"], {}
        # One grouped query per distinct name pattern (usually one): the deals having such an attachment.
        passing_by_pattern = {}
        for req in self:
            pattern = (req.attachment_name or "").strip()
            if pattern not in passing_by_pattern:
                domain = Domain("res_model", "=", records._name) & Domain("res_id", "in", list(ids))
                if pattern:
                    domain &= Domain("name", "=ilike", f"%{escape_psql(pattern)}%")
                # sudo: a gate checks attachments on the deal whoever uploaded them
                [(res_ids,)] = self.env["ir.attachment"].sudo()._read_group(domain, [], ["res_id:array_agg"])
                passing_by_pattern[pattern] = set(res_ids or ())
            failing[req.id] = ids - passing_by_pattern[pattern]
        return failing

    def _rule_eval_buying_role(self, records, memo):
        ids, failing = memo["ids"], {}
        # One query for every buying-role requirement: the deal's role of each of its contacts (its Buying Roles
        # row, else the contact's usual role: crm.lead._get_contact_roles), restricted to the roles required.
        roles = sorted(set(self.mapped("buying_role")))
        passing_by_role = {}
        for lead_id, roles_by_partner in records._get_contact_roles(roles=roles).items():
            for role in roles_by_partner.values():
                passing_by_role.setdefault(role, set()).add(lead_id)
        for req in self:
            failing[req.id] = ids - passing_by_role.get(req.buying_role, set())
        return failing
