from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import dateutil as safe_dateutil
from odoo.tools.safe_eval import safe_eval

from .crm_methodology_criterion import CRITERION_STATUS_RANK, CRITERION_STATUSES
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
ICP_MIN_TIERS = [("a", "A"), ("b", "B"), ("c", "C")]
# Same ranks as the ICP contract (models/crm_icp_profile.py ICP_TIER_RANK); kept here so that gates load
# whether or not the ICP feature is installed in this database.
ICP_RANK = {"a": 3, "b": 2, "c": 1, "off": 0}


class CrmGateRequirement(models.Model):
    """One requirement of a stage gate. Evaluated in batch: one query per requirement kind, never per deal."""

    _name = "crm.gate.requirement"
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
        failing = {req.id: set() for req in self}
        if not records or not self:
            return failing
        # sudo: a gate is a business rule on the whole deal; the mover's read rights on related records
        # (attachments, messages of others, restricted fields, ir.model.fields) must not change the outcome.
        # Only pass/fail leaks.
        self = self.sudo()
        records = records.sudo().with_context(active_test=False)
        ids = set(records.ids)
        by_kind = {}
        for req in self:
            by_kind.setdefault(req.kind, []).append(req.id)
        for kind, req_ids in by_kind.items():
            getattr(self, f"_evaluate_{kind}")(self.browse(req_ids), records, ids, failing)
        return failing

    @api.model
    def _evaluate_criterion(self, reqs, records, ids, failing):
        # sudo: gate checks must see every criterion status of the deal, whoever moves it
        statuses = (
            self.env["crm.lead.methodology.status"]
            .sudo()
            .search_fetch(
                [("lead_id", "in", list(ids)), ("criterion_id", "in", reqs.criterion_id.ids)],
                ["lead_id", "criterion_id", "status"],
            )
        )
        rank = {(s.lead_id.id, s.criterion_id.id): CRITERION_STATUS_RANK[s.status] for s in statuses}
        for req in reqs:
            needed = CRITERION_STATUS_RANK[req.min_status]
            failing[req.id] = {rid for rid in ids if rank.get((rid, req.criterion_id.id), 0) < needed}

    @api.model
    def _evaluate_field(self, reqs, records, ids, failing):
        for req in reqs:
            fname = req.field_id.name
            # Falsy means "not set" for every field type (0 for numbers, empty recordset for relations).
            failing[req.id] = {rec.id for rec in records if not rec[fname]}

    @api.model
    def _evaluate_domain(self, reqs, records, ids, failing):
        eval_context = self._get_eval_context()
        for req in reqs:
            domain = Domain(safe_eval(req.domain or "[]", eval_context))
            passing = records.search(Domain("id", "in", list(ids)) & domain).ids
            failing[req.id] = ids - set(passing)

    @api.model
    def _evaluate_icp(self, reqs, records, ids, failing):
        if "icp_tier" not in records._fields:
            for req in reqs:
                failing[req.id] = set(ids)
            return
        for req in reqs:
            min_rank = ICP_RANK.get(req.icp_min_tier, 0) if req.icp_min_tier else None
            failing[req.id] = {
                rec.id
                for rec in records
                if (min_rank is not None and ICP_RANK.get(rec.icp_tier, -1) < min_rank)
                or (req.icp_min_score and (rec.icp_score or 0.0) < req.icp_min_score)
            }

    @api.model
    def _evaluate_activity(self, reqs, records, ids, failing):
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
                    ("mail_activity_type_id", "in", reqs.activity_type_id.ids),
                ],
                ["res_id", "mail_activity_type_id"],
            )
        )
        done = {(res_id, activity_type.id) for res_id, activity_type in groups}
        for req in reqs:
            failing[req.id] = {rid for rid in ids if (rid, req.activity_type_id.id) not in done}

    @api.model
    def _evaluate_attachment(self, reqs, records, ids, failing):
        # sudo: a gate checks attachments on the deal whoever uploaded them
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search_fetch(
                [("res_model", "=", records._name), ("res_id", "in", list(ids))], ["res_id", "name"]
            )
        )
        names_by_record = {}
        for attachment in attachments:
            names_by_record.setdefault(attachment.res_id, []).append((attachment.name or "").lower())
        for req in reqs:
            pattern = (req.attachment_name or "").lower()
            failing[req.id] = {
                rid for rid in ids if not any(pattern in name for name in names_by_record.get(rid, []))
            }

    @api.model
    def _evaluate_buying_role(self, reqs, records, ids, failing):
        partners = records.partner_id | records.contact_ids
        role_by_partner = {partner.id: partner.buying_role for partner in partners if partner.buying_role}
        roles_by_record = {
            rec.id: {role_by_partner.get(pid) for pid in (rec.partner_id.id, *rec.contact_ids.ids)}
            for rec in records
        }
        for req in reqs:
            failing[req.id] = {rid for rid in ids if req.buying_role not in roles_by_record.get(rid, ())}
