import logging

from markupsafe import Markup, escape

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

#: Sanctioned bypass (data migrations, crons, imports of historical data). Honoured only for the superuser and
#: Sales Ecosystem administrators: a rep cannot skip a gate by adding it to an RPC call's context.
SKIP_GATES_KEY = "sales_ecosystem_skip_gates"
GATE_MODES = [("off", "Off"), ("warn", "Warn"), ("block", "Block")]


class GateBlockedError(UserError):
    """A stage move refused by a gate. A UserError for every server path (RPC, import, tests); the web
    client registers a dialog for this exception that offers to complete the gate
    (``context['sales_ecosystem_gate']``).
    """

    def __init__(self, message, model=None, record_ids=(), stage_id=False):
        super().__init__(message)
        self.context = {
            "sales_ecosystem_gate": {"res_model": model, "res_ids": list(record_ids), "stage_id": stage_id}
        }


class CrmGateMixin(models.AbstractModel):
    """Stage gates for any model with a sequenced stage field (crm.lead uses it; others can).

    Inheriting models call :meth:`_gate_enforce` after writing their stage field (and after create), and may
    override the hooks: :meth:`_gate_get_mode_by_record`, :meth:`_gate_get_gate_by_record`,
    :meth:`_gate_is_forward`, :meth:`_gate_get_next_stage_by_record`, :meth:`_gate_consume_overrides`.
    Requirements are evaluated in batch by ``crm.gate.requirement._evaluate`` (query count independent of the
    number of records).
    """

    _name = "crm.gate.mixin"
    _description = "Stage Gate Mixin"
    _gate_stage_field = "stage_id"

    # ------------------------------------------------------------
    # HOOKS
    # ------------------------------------------------------------

    def _gate_skip(self):
        """True when the caller sanctioned a bypass (see SKIP_GATES_KEY)."""
        if not self.env.context.get(SKIP_GATES_KEY):
            return False
        return self.env.su or self.env.user.has_group("sales_ecosystem.group_sales_ecosystem_admin")

    def _gate_get_mode_by_record(self):
        """{record id: 'off' | 'warn' | 'block'}"""
        return dict.fromkeys(self.ids, "block")

    def _gate_get_gate_by_record(self, stage):
        """{record id: crm.stage.gate (possibly empty)} for entering ``stage``."""
        raise NotImplementedError

    def _gate_is_forward(self, old_stage, new_stage):
        if not new_stage or old_stage == new_stage:
            return False
        if not old_stage:
            return True
        return new_stage.sequence > old_stage.sequence or (
            "is_won" in new_stage._fields and new_stage.is_won and not old_stage.is_won
        )

    def _gate_get_next_stage_by_record(self):
        """{record id: next stage (possibly empty)}: the stage whose gate is the readiness checklist."""
        raise NotImplementedError

    def _gate_consume_overrides(self, stage, unmet_by_id):
        """Ids whose blocking requirements a manager overrode for ``stage`` (the overrides are used up)."""
        return set()

    # ------------------------------------------------------------
    # PUBLIC API
    # ------------------------------------------------------------

    def _gate_evaluate(self, stage=None, severity=None):
        """Unmet gate requirements, in batch (the public API: funnel health, coaching and commissions use it).

        :param stage: the stage to enter; ``None``: each record's next stage (readiness).
        :param severity: 'blocking' or 'warning' to keep only those; ``None``: all.
        :return: ``{record id: crm.gate.requirement recordset of unmet requirements}`` (every id of ``self``).
        """
        return {rid: unmet for rid, (_stage, _reqs, unmet) in self._gate_checklist(stage, severity).items()}

    def _gate_checklist(self, stage=None, severity=None):
        """``{record id: (stage, requirements of its gate, unmet requirements)}``, evaluated in batch: one
        gate lookup and one query per requirement kind per target stage, whatever the number of records."""
        Requirement = self.env["crm.gate.requirement"]
        if stage is None:
            next_stage_by_id = self._gate_get_next_stage_by_record()
        else:
            next_stage_by_id = dict.fromkeys(self.ids, stage)
        result = {}
        groups = {}
        for record_id in self.ids:
            target = next_stage_by_id.get(record_id)
            result[record_id] = (target, Requirement, Requirement)
            if target:
                groups.setdefault(target, []).append(record_id)
        for group_stage, record_ids in groups.items():
            records = self.browse(record_ids)
            requirements_by_id = records._gate_get_requirements_by_record(group_stage, severity)
            distinct = set(requirements_by_id.values())  # one requirement set per gate, not per record
            all_requirements = Requirement.union(*distinct)
            failing = all_requirements._evaluate(records)
            failing_any = set().union(*failing.values())
            for record_id, requirements in requirements_by_id.items():
                if record_id not in failing_any:  # the common case: nothing to filter
                    result[record_id] = (group_stage, requirements, Requirement)
                    continue
                unmet_ids = [req_id for req_id in requirements.ids if record_id in failing[req_id]]
                result[record_id] = (group_stage, requirements, Requirement.browse(unmet_ids))
        return result

    def _gate_get_requirements_by_record(self, stage, severity=None):
        """{record id: requirements of the gate that applies to it for entering ``stage``}"""
        gate_by_record = self._gate_get_gate_by_record(stage)
        return self._gate_filter_severity(
            {record_id: gate.requirement_ids for record_id, gate in gate_by_record.items()}, severity
        )

    @api.model
    def _gate_filter_severity(self, requirements_by_id, severity):
        if not severity:
            return requirements_by_id
        filtered = {
            reqs: reqs.filtered(lambda r: r.severity == severity) for reqs in set(requirements_by_id.values())
        }
        return {record_id: filtered[reqs] for record_id, reqs in requirements_by_id.items()}

    # ------------------------------------------------------------
    # ENFORCEMENT
    # ------------------------------------------------------------

    def _gate_enforce(self, old_stage_by_id):
        """Check the records that just moved *forward* to their (common or not) new stage.

        Called after the write/create, so that values written together with the stage count. Raises
        :class:`GateBlockedError` listing every unmet blocking requirement of every deal: the whole write is
        then rolled back (nothing half-moved). Warnings (warning severity, or teams in 'warn' mode) become a
        chatter note.
        """
        if self._gate_skip():
            return
        fname = self._gate_stage_field
        mode_by_id = self._gate_get_mode_by_record()
        by_stage = {}
        is_forward = {}  # once per (old stage, new stage) pair, not per record
        for record in self:
            if mode_by_id.get(record.id, "block") == "off":
                continue
            new_stage = record[fname]
            old_stage = old_stage_by_id.get(record.id) or new_stage.browse()
            key = (old_stage.id, new_stage.id)
            if key not in is_forward:
                is_forward[key] = self._gate_is_forward(old_stage, new_stage)
            if is_forward[key]:
                by_stage.setdefault(new_stage, []).append(record.id)
        blocked_messages = []
        for stage, record_ids in by_stage.items():
            records = self.browse(record_ids)
            unmet_by_id = records._gate_evaluate(stage)
            blocking, warnings = {}, {}
            for record in records:
                unmet = unmet_by_id[record.id]
                if not unmet:
                    continue
                block = unmet.filtered(lambda r: r.severity == "blocking")
                if block and mode_by_id.get(record.id) == "block":
                    blocking[record.id] = block
                    if unmet - block:
                        warnings[record.id] = unmet - block
                else:
                    warnings[record.id] = unmet
            if blocking:
                overridden = records._gate_consume_overrides(stage, blocking)
                for record_id in overridden:
                    warnings[record_id] = unmet_by_id[record_id]
                    del blocking[record_id]
            if blocking:
                self.browse(list(blocking))._gate_log_attempts(stage, blocking, old_stage_by_id)
                blocked_messages.append((stage, blocking))
            elif warnings:
                self.browse(list(warnings))._gate_post_warnings(stage, warnings)
        if blocked_messages:
            stage, blocking = blocked_messages[0]
            all_ids = [rid for _stage, blocking in blocked_messages for rid in blocking]
            raise GateBlockedError(
                self._gate_blocked_message(blocked_messages), self._name, all_ids, stage.id
            )

    def _gate_blocked_message(self, blocked):
        lines = []
        for stage, blocking in blocked:
            for record in self.browse(list(blocking)):
                lines.append(
                    self.env._(
                        "%(record)s cannot enter %(stage)s:",
                        record=record.display_name,
                        stage=stage.display_name,
                    )
                )
                lines.extend(f"  • {req.name}: {req.message or req.name}" for req in blocking[record.id])
        return "\n".join(lines)

    def _gate_post_warnings(self, stage, unmet_by_id):
        for record in self:
            if not hasattr(record, "message_post"):
                return
            items = Markup("").join(
                Markup("<li>%s</li>") % (f"{req.name}: {req.message}" if req.message else req.name)
                for req in unmet_by_id[record.id]
            )
            record.message_post(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    escape(
                        self.env._(
                            "Entered %(stage)s with unmet gate requirements:", stage=stage.display_name
                        )
                    ),
                    items,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------
    # BLOCKED ATTEMPTS LOG
    # ------------------------------------------------------------

    def _gate_log_attempts(self, stage, blocking, old_stage_by_id):
        """Record the blocked attempts for analytics although the blocking transaction rolls back.

        The exception we are about to raise rolls the transaction back, so rows written now would vanish.
        We register a *post-rollback* hook instead: once the request's transaction is rolled back, the hook
        writes the attempts in a fresh transaction of its own (see ``_gate_attempt_cursor``) and commits it.
        Deals created in the rolled-back transaction no longer exist then: the attempt keeps their name only.
        A retry that fails inside a savepoint (the complete-the-gate dialog) does not trigger the hook: only
        real refusals are counted.
        """
        vals_list = [
            {
                "lead_id": record.id,
                "lead_name": record.display_name,
                "stage_id": stage.id,
                "from_stage_id": (old_stage_by_id.get(record.id) or stage.browse()).id,
                "user_id": self.env.uid,
                "salesperson_id": record.user_id.id if "user_id" in record._fields else False,
                "team_id": record.team_id.id if "team_id" in record._fields else False,
                "company_id": record.company_id.id if "company_id" in record._fields else False,
                "requirement_ids": blocking[record.id].ids,
            }
            for record in self
        ]
        attempt_model = self.env["crm.gate.attempt"]

        def log_attempts():
            try:
                with attempt_model._gate_attempt_cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env["crm.gate.attempt"]._record_attempts(vals_list)
            except Exception:
                _logger.warning("Could not record %s blocked gate attempts", len(vals_list), exc_info=True)

        self.env.cr.postrollback.add(log_attempts)
