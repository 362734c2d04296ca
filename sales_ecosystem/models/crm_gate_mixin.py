# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import logging

from markupsafe import Markup, escape

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

#: Sanctioned bypass (data migrations, crons, imports of historical data). Honoured only for the superuser and
#: Sales Ecosystem administrators: a rep cannot skip a gate by adding it to an RPC call's context.
SKIP_GATES_KEY = "sales_ecosystem_skip_gates"
GATE_MODES = [("off", "Off"), ("warn", "Warn"), ("block", "Block")]


#: The stable name the web client knows the gate refusal by (``context['exception_class']``, the key of its
#: ``error_dialogs`` registry entry in static/src/js/gate_blocked_dialog.js): not the Python path of the class, which
#: moves with the code.
GATE_BLOCKED_ERROR_NAME = "sales_ecosystem.gate_blocked"


class GateBlockedError(UserError):
    """A stage move (or a change of the pipeline order) refused by a gate. A UserError for every server path (RPC,
    import, tests); the web client registers a dialog for it under :data:`GATE_BLOCKED_ERROR_NAME` that offers to
    complete the gate (``context['sales_ecosystem_gate']``: the refused records and the stage to complete the gates
    for).
    """

    def __init__(self, message, model=None, record_ids=(), stage_id=False):
        super().__init__(message)
        self.context = {
            "exception_class": GATE_BLOCKED_ERROR_NAME,
            "sales_ecosystem_gate": {"res_model": model, "res_ids": list(record_ids), "stage_id": stage_id},
        }


class CrmGateMixin(models.AbstractModel):
    """Stage gates for any model with a sequenced stage field (crm.lead uses it; others can).

    The promise (README, "The gate invariant"): a record in a stage met the blocking requirements of the gate of
    that stage and of every gated stage before it in its pipeline when it got there, or a manager override exists
    for that record and stage. Inheriting models call :meth:`_gate_enforce` after every write that may change a
    record's position (its stage, and for crm.lead its team and whether it is active) and after create, and
    implement the hooks :meth:`_gate_position`, :meth:`_gate_get_behind_by_record`, :meth:`_gate_stage_keys`,
    :meth:`_gate_get_next_stage_by_record`, :meth:`_gate_get_requirements_by_gate`; they may override
    :meth:`_gate_get_mode_by_record`, :meth:`_gate_needs_check`, :meth:`_gate_enters_won`,
    :meth:`_gate_get_passed_by_record`, :meth:`_gate_record_passes` and :meth:`_gate_consume_overrides`.
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

    def _gate_position(self):
        """What places the record in the pipeline (a hashable value; its stage id first)."""
        self.ensure_one()
        return (self[self._gate_stage_field].id,)

    def _gate_needs_check(self, old_position, new_position):
        """Whether a record that went from ``old_position`` (None: created) to ``new_position`` is checked."""
        return old_position != new_position

    def _gate_get_behind_by_record(self, stage_by_id, order=None):
        """``{record id: [(stage id, gate id)]}``: the gates a record sits behind in ``stage_by_id[id]`` (that stage's
        gate and the gate of every gated stage before it in the record's pipeline, as they apply to the record), in
        pipeline order; ``order``: a pipeline order other than the current one."""
        raise NotImplementedError

    def _gate_stage_keys(self, order=None):
        """``{stage id: sortable place in the pipeline order}``"""
        raise NotImplementedError

    def _gate_enters_won(self, old_stage, new_stage):
        """Entering a won stage from another stage always checks the won stage's own gate, wherever it is."""
        return False

    def _gate_get_next_stage_by_record(self):
        """{record id: next stage (possibly empty)}: the stage whose gate is the readiness checklist."""
        raise NotImplementedError

    def _gate_get_requirements_by_gate(self, gate_ids):
        """``{gate id: crm.gate.requirement recordset}`` of the given gates."""
        raise NotImplementedError

    def _gate_get_passed_by_record(self):
        """``{record id: set of the ids of the gates it validly passed}`` (met when checked, overridden, or placed
        there with the sanctioned bypass). Without a record of passes, every gate behind a record is checked on
        each of its moves."""
        return {record_id: set() for record_id in self.ids}

    def _gate_record_passes(self, passes):
        """Record ``passes``: ``[(record id, stage id, gate id, 'met' | 'override' | 'bypass', override id)]``."""

    def _gate_consume_overrides(self, stage, unmet_by_id):
        """``{record id: override id}`` of the records whose blocking requirements a manager overrode for ``stage``
        (the overrides are used up)."""
        return {}

    # ------------------------------------------------------------
    # PUBLIC API
    # ------------------------------------------------------------

    def _gate_evaluate(self, stage=None, severity=None):
        """Unmet gate requirements, in batch (the public API: funnel health, coaching and commissions use it).

        :param stage: the stage to enter; ``None``: each record's next stage (readiness).
        :param severity: 'blocking' or 'warning' to keep only those; ``None``: all.
        :return: ``{record id: crm.gate.requirement recordset of unmet requirements}`` (every id of ``self``): the
            requirements of every gate moving there checks (see :meth:`_gate_plan`).
        """
        return {rid: unmet for rid, (_stage, _reqs, unmet) in self._gate_checklist(stage, severity).items()}

    def _gate_checklist(self, stage=None, severity=None):
        """``{record id: (stage, requirements of the gates moving there checks, unmet requirements)}``, evaluated in
        batch: one query for the requirements and one per requirement kind, whatever the number of records (plus
        one for the records' passes when some sit behind gates they would not pass over)."""
        Requirement = self.env["crm.gate.requirement"]
        fname = self._gate_stage_field
        if stage is None:
            target_by_id = self._gate_get_next_stage_by_record()
        else:
            target_by_id = dict.fromkeys(self.ids, stage)
        result = {
            record_id: (target_by_id.get(record_id), Requirement, Requirement) for record_id in self.ids
        }
        movers = self.browse([record_id for record_id in self.ids if target_by_id.get(record_id)])
        plan = movers._gate_plan(target_by_id, {record.id: record[fname] for record in movers})
        for record_id, items in movers._gate_evaluate_plan(plan, severity).items():
            requirements = Requirement.union(*(reqs for _stage, _gate, reqs, _unmet in items))
            unmet = Requirement.union(*(unmet for _stage, _gate, _reqs, unmet in items))
            result[record_id] = (target_by_id[record_id], requirements, unmet)
        return result

    # ------------------------------------------------------------
    # PLAN AND EVALUATION
    # ------------------------------------------------------------

    def _gate_plan(self, target_by_id, old_stage_by_id):
        """``{record id: [(stage id, gate id)]}``: the gates to check for records moving into ``target_by_id[id]``
        from ``old_stage_by_id[id]`` (missing or empty: a new record).

        Among the gates the record will sit behind, those it *passes over* (stages after its old stage in the
        pipeline order, and a won stage's own gate when it enters that won stage) are checked whatever it passed
        before; the others only if it never validly passed them (moving back into stages whose gates it passed is
        free; a record behind a gate it never passed, e.g. one added later, meets it on its next move).
        """
        behind = self._gate_get_behind_by_record(target_by_id)
        keys = self._gate_stage_keys()
        plan, to_look_up = {}, []
        for record in self:
            old = old_stage_by_id.get(record.id)
            target = target_by_id[record.id]
            old_key = keys.get(old.id) if old else None
            enters_won = bool(old) and self._gate_enters_won(old, target)
            items = []
            for stage_id, gate_id in behind.get(record.id, ()):
                crossed = (
                    old_key is None or keys[stage_id] > old_key or (enters_won and stage_id == target.id)
                )
                items.append((stage_id, gate_id, crossed))
            if any(not crossed for _stage, _gate, crossed in items):
                to_look_up.append(record.id)
            plan[record.id] = items
        passed = self.browse(to_look_up)._gate_get_passed_by_record() if to_look_up else {}
        return {
            record_id: [
                (stage_id, gate_id)
                for stage_id, gate_id, crossed in items
                if crossed or gate_id not in passed.get(record_id, ())
            ]
            for record_id, items in plan.items()
        }

    def _gate_evaluate_plan(self, plan, severity=None):
        """``{record id: [(stage id, gate id, requirements, unmet requirements)]}`` for a plan of
        :meth:`_gate_plan`: every requirement of every gate evaluated at once on every record concerned."""
        Requirement = self.env["crm.gate.requirement"]
        gate_ids = {gate_id for items in plan.values() for _stage, gate_id in items}
        if not gate_ids:
            return {record_id: [] for record_id in plan}
        requirements_by_gate = self._gate_filter_severity(
            self._gate_get_requirements_by_gate(gate_ids), severity
        )
        records = self.browse([record_id for record_id, items in plan.items() if items])
        failing = Requirement.union(*requirements_by_gate.values())._evaluate(records)
        failing_any = set().union(*failing.values())
        result = {}
        for record_id, items in plan.items():
            evaluated = []
            for stage_id, gate_id in items:
                requirements = requirements_by_gate.get(gate_id, Requirement)
                if record_id in failing_any:
                    unmet = Requirement.browse(
                        [req.id for req in requirements if record_id in failing[req.id]]
                    )
                else:  # the common case: nothing to filter
                    unmet = Requirement
                evaluated.append((stage_id, gate_id, requirements, unmet))
            result[record_id] = evaluated
        return result

    @api.model
    def _gate_filter_severity(self, requirements_by_key, severity):
        if not severity:
            return requirements_by_key
        filtered = {
            reqs: reqs.filtered(lambda r: r.severity == severity)
            for reqs in set(requirements_by_key.values())
        }
        return {key: filtered[reqs] for key, reqs in requirements_by_key.items()}

    # ------------------------------------------------------------
    # ENFORCEMENT
    # ------------------------------------------------------------

    def _gate_enforce(self, old_position_by_id):
        """Check the records whose position changed (``old_position_by_id``: their :meth:`_gate_position` before the
        write; missing: created) against every gate of :meth:`_gate_plan` — the one place every path into a position
        behind a gate crosses.

        Called after the write/create, so that values written together with the stage count. Raises
        :class:`GateBlockedError` listing every unmet blocking requirement of every deal: the whole write is then
        rolled back (nothing half-moved). Warnings (warning severity, or teams in 'warn' mode) become a chatter
        note. The gates met or overridden are recorded as passed (:meth:`_gate_record_passes`).
        """
        fname = self._gate_stage_field
        if self._gate_skip():
            self._gate_record_bypass()
            return
        mode_by_id = self._gate_get_mode_by_record()
        target_by_id, old_stage_by_id = {}, {}
        Stage = self[fname].browse()
        for record in self:
            if mode_by_id.get(record.id, "block") == "off" or not record[fname]:
                continue
            old_position = old_position_by_id.get(record.id)
            if not record._gate_needs_check(old_position, record._gate_position()):
                continue
            target_by_id[record.id] = record[fname]
            old_stage_by_id[record.id] = Stage.browse(old_position[0]) if old_position else Stage
        if not target_by_id:
            return
        movers = self.browse(list(target_by_id))
        plan = movers._gate_plan(target_by_id, old_stage_by_id)
        movers._gate_apply(plan, target_by_id, mode_by_id, old_stage_by_id)

    def _gate_record_bypass(self):
        """The sanctioned bypass places records without checks: the gates they now sit behind count as passed
        (with the bypass as the reason), so that later moves back are free, as after a checked move."""
        fname = self._gate_stage_field
        target_by_id = {record.id: record[fname] for record in self if record[fname]}
        behind = self._gate_get_behind_by_record(target_by_id)
        passes = [
            (record_id, stage_id, gate_id, "bypass", False)
            for record_id, items in behind.items()
            for stage_id, gate_id in items
        ]
        if passes:
            self._gate_record_passes(passes)

    def _gate_apply(self, plan, target_by_id, mode_by_id, old_stage_by_id, reason="move"):
        """Evaluate ``plan`` (see :meth:`_gate_plan`), use up the overrides of what is blocked, then refuse (raise
        :class:`GateBlockedError`) or record the passes and post the warnings.

        :param reason: 'move' (the records moved into ``target_by_id``) or 'order' (they stay where they are and the
            pipeline order changed: ``target_by_id`` is their own stage).
        """
        evaluated = self._gate_evaluate_plan(plan)
        Stage = self.env[self._fields[self._gate_stage_field].comodel_name]
        blocking = {}  # {stage id: {record id: unmet blocking requirements}}
        warnings = {}  # {stage id: {record id: unmet requirements noted}}
        passes = {}  # {(record id, gate id): (stage id, pass type)}
        for record_id, items in evaluated.items():
            mode = mode_by_id.get(record_id, "block")
            for stage_id, gate_id, _requirements, unmet in items:
                block = unmet.filtered(lambda r: r.severity == "blocking")
                if block and mode == "block":
                    blocking.setdefault(stage_id, {})[record_id] = block
                    if unmet - block:
                        warnings.setdefault(stage_id, {})[record_id] = unmet - block
                    continue
                if unmet:
                    warnings.setdefault(stage_id, {})[record_id] = unmet
                if not block:
                    passes[record_id, gate_id] = (stage_id, "met", False)
        gate_by_record_stage = {
            (record_id, stage_id): gate_id for record_id, items in plan.items() for stage_id, gate_id in items
        }
        refused = {}  # {record id: [(stage id, unmet blocking requirements)]}
        for stage_id, unmet_by_id in blocking.items():
            overridden = self.browse(list(unmet_by_id))._gate_consume_overrides(
                Stage.browse(stage_id), unmet_by_id
            )
            for record_id, unmet in unmet_by_id.items():
                if record_id in overridden:
                    warnings.setdefault(stage_id, {})[record_id] = unmet | warnings.get(stage_id, {}).get(
                        record_id, unmet.browse()
                    )
                    gate_id = gate_by_record_stage[record_id, stage_id]
                    passes[record_id, gate_id] = (stage_id, "override", overridden[record_id])
                else:
                    refused.setdefault(record_id, []).append((stage_id, unmet))
        if refused:
            refused_ids = [record_id for record_id in self.ids if record_id in refused]
            if reason == "move":
                self.browse(refused_ids)._gate_log_attempts(target_by_id, refused, old_stage_by_id)
            # the dialog's "complete the gate" needs a move to retry; a refused pipeline order has none
            stage_id = target_by_id[refused_ids[0]].id if reason == "move" else False
            raise GateBlockedError(
                self._gate_blocked_message(refused_ids, refused, target_by_id, reason),
                self._name,
                refused_ids,
                stage_id,
            )
        if passes:
            self._gate_record_passes(
                [
                    (record_id, stage_id, gate_id, pass_type, override_id)
                    for (record_id, gate_id), (stage_id, pass_type, override_id) in passes.items()
                ]
            )
        if reason == "move":
            for stage_id, unmet_by_id in warnings.items():
                self.browse(list(unmet_by_id))._gate_post_warnings(Stage.browse(stage_id), unmet_by_id)

    def _gate_blocked_message(self, refused_ids, refused, target_by_id, reason):
        Stage = self.env[self._fields[self._gate_stage_field].comodel_name]
        lines = []
        for record in self.browse(refused_ids):
            target = target_by_id[record.id]
            if reason == "order":
                lines.append(
                    self.env._(
                        "%(record)s would sit in %(stage)s behind gates it has not met (new pipeline order):",
                        record=record.display_name,
                        stage=target.display_name,
                    )
                )
            else:
                lines.append(
                    self.env._(
                        "%(record)s cannot enter %(stage)s:",
                        record=record.display_name,
                        stage=target.display_name,
                    )
                )
            for stage_id, unmet in refused[record.id]:
                suffix = (
                    ""
                    if stage_id == target.id and reason == "move"
                    else " " + self.env._("(gate of %(stage)s)", stage=Stage.browse(stage_id).display_name)
                )
                lines.extend(f"  • {req.name}: {req.message or req.name}{suffix}" for req in unmet)
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

    def _gate_log_attempts(self, target_by_id, refused, old_stage_by_id):
        """Record the blocked attempts for analytics although the blocking transaction rolls back.

        The exception we are about to raise rolls the transaction back, so rows written now would vanish.
        We register a *post-rollback* hook instead: once the request's transaction is rolled back, the hook
        writes the attempts in a fresh transaction of its own (see ``_gate_attempt_cursor``) and commits it.
        Deals created in the rolled-back transaction no longer exist then: the attempt keeps their name only.
        A retry that fails inside a savepoint (the complete-the-gate dialog) does not trigger the hook: only
        real refusals are counted. One attempt per record: the stage it tried to enter and every blocking
        requirement unmet (of that stage's gate and of the gates before it).
        """
        Requirement = self.env["crm.gate.requirement"]
        vals_list = []
        for record in self:
            stage = target_by_id[record.id]
            old_stage = old_stage_by_id.get(record.id) or stage.browse()
            vals_list.append(
                {
                    "lead_id": record.id,
                    "lead_name": record.display_name,
                    "stage_id": stage.id,
                    "from_stage_id": old_stage.id,
                    "user_id": self.env.uid,
                    "salesperson_id": record.user_id.id if "user_id" in record._fields else False,
                    "team_id": record.team_id.id if "team_id" in record._fields else False,
                    "company_id": record.company_id.id if "company_id" in record._fields else False,
                    "requirement_ids": Requirement.union(
                        *(unmet for _stage, unmet in refused[record.id])
                    ).ids,
                }
            )
        attempt_model = self.env["crm.gate.attempt"]

        def log_attempts():
            try:
                with attempt_model._gate_attempt_cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env["crm.gate.attempt"]._record_attempts(vals_list)
            except Exception:
                _logger.warning("Could not record %s blocked gate attempts", len(vals_list), exc_info=True)

        self.env.cr.postrollback.add(log_attempts)
