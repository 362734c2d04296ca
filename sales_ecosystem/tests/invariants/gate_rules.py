# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Stage gate rules of the deal state machine, and the gate invariant (README, "The gate invariant").

The invariant, checked after every step: an active deal of a team in *block* mode that sits in a stage has met the blocking
requirements of the gate of that stage and of every gated stage before it in its team's pipeline (the gate that
applies to its team) when it got there, or a manager override exists for that deal and stage.

The machine keeps its own record of what each deal validly passed (``gate_passed``): the first time a deal is seen
behind a gate (after a step), it must meet the gate then or have an override, and the gate is recorded as passed; a
gate once passed stays passed (moving back is free, and requirements a deal no longer meets do not matter). It never
reads the addon's own record of passes: the oracle is computed from the configuration, the stage order, the teams,
the deals' scorecards and the overrides alone.

Besides the invariant, the rules check that refusals are clean (the refused deals named, nothing written), that a
move whose every gate is met now is never refused, that moving back into stages a deal validly passed is free, and
that the complete-the-gate dialog and the manager override lead to the move they were opened for.

Buying roles: team B's Qualified gate also requires a contact holding the Economic Buyer role in the deal. The
oracle computes each deal's roles on its own, from the records (the customer, the buying committee and the deal's
Buying Roles rows; a row's role wins over the contact's usual role, an empty row role means no role in this deal),
never through ``crm.lead._get_contact_roles``, the SQL the gate check reads.
"""

from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, multiple, rule

from odoo import Command

from .base import DEALS, STAGE_NAMES, InvariantBase, deal_lists

STATUSES = ("unknown", "partial", "confirmed")
STATUS_RANK = {"unknown": 0, "partial": 1, "confirmed": 2}
CRITERIA = ("pain", "eb", "timeline")
#: a buying-role requirement of a gate: ("role", role): one of the deal's contacts holds the role in the deal
ROLE = "role"
ROLES = ("economic_buyer", "champion")
#: the customer contacts the buying-role rules give roles to (created by gate_init, no usual role at first)
CONTACTS = ("eve", "carl")
#: teams of the gate rules: team A and team B (gates in block mode), a team in warn mode
GATE_TEAMS = ("a", "b", "warn")
#: the gates: (stage, team or None for every team) -> blocking requirements [(criterion, minimum status)]
GATE_CONFIG = {
    ("proposal", None): [("pain", "confirmed")],  # the fixture's gate_proposal
    ("won", None): [("timeline", "partial")],
    ("proposal", "b"): [("eb", "confirmed")],  # team B's own gate replaces the all-teams gate
    ("qualified", "b"): [("pain", "partial"), (ROLE, "economic_buyer")],
}


class GateRules(InvariantBase):
    """Rules on stage gates (see the module docstring). Needs the fixtures of ``tests/common.py``'s ``GateCommon``
    (methodology with the criteria Pain, Economic Buyer and Timeline on teams A and B, the gate of SE Proposal
    requiring Pain confirmed, the fixture stages as the teams' whole pipeline).

    Attributes: ``gate_gates`` ``{(stage id, team id or False): crm.stage.gate}``, ``gate_requirements`` ``{gate id:
    [(criterion id, minimum status)]}``, ``gate_passed`` ``{deal id: set of gate ids validly passed}``,
    ``gate_unchecked`` (ids of deals that have belonged to a team not in block mode: the addon records only the
    gates they met when moving, so the oracle's record of their passes may be ahead of the addon's).
    """

    def __init__(self, case):
        super().__init__(case)
        self.gate_gates = {}
        self.gate_requirements = {}
        self.gate_passed = {}
        self.gate_unchecked = set()
        self.gate_criteria = {}
        self.gate_contacts = {}

    # ------------------------------------------------------------
    # CONFIGURATION
    # ------------------------------------------------------------

    @initialize()
    def gate_init(self):
        case = self.case
        self.gate_criteria = {"pain": case.crit_pain, "eb": case.crit_eb, "timeline": case.crit_timeline}
        self.teams["warn"] = self.env["crm.team"].create(
            {
                "name": "SE Warn Team",
                "gate_mode": "warn",
                "methodology_id": case.methodology.id,
                "user_id": self.manager.id,
            }
        )
        Gate = self.env["crm.stage.gate"]
        for (stage_name, team_name), requirements in GATE_CONFIG.items():
            stage = self.stages[stage_name]
            team = self.teams[team_name] if team_name else self.env["crm.team"]
            if stage == case.stage_proposal and not team:
                gate = case.gate_proposal
            else:
                gate = Gate.create({"stage_id": stage.id, "team_id": team.id})
                for criterion, min_status in requirements:
                    if criterion == ROLE:
                        case._add_requirement(
                            gate, name=f"role {min_status}", kind="buying_role", buying_role=min_status
                        )
                        continue
                    case._add_requirement(
                        gate,
                        name=f"{criterion} {min_status}",
                        kind="criterion",
                        criterion_id=self.gate_criteria[criterion].id,
                        min_status=min_status,
                    )
            self.gate_gates[stage.id, team.id or False] = gate
            self.gate_requirements[gate.id] = [
                (ROLE if criterion == ROLE else self.gate_criteria[criterion].id, min_status)
                for criterion, min_status in requirements
            ]

    def _gate_contact(self, name):
        """The customer contact ``name`` of the buying-role rules (created, without a usual role, on first use: the
        rule mixins' initializers run in any order)."""
        if name not in self.gate_contacts:
            self.gate_contacts[name] = self.env["res.partner"].create(
                {"name": f"SE Machine {name.title()}", "email": f"{name}@se.example"}
            )
        return self.gate_contacts[name]

    # ------------------------------------------------------------
    # ORACLE
    # ------------------------------------------------------------

    def _gate_order(self):
        """{stage id: (its place in the pipeline, ids of its teams)}: stages are ordered by sequence, then id (as
        crm's _stage_find); a stage without teams is in every team's pipeline."""
        stages = self.env["crm.stage"].browse([stage.id for stage in self.stages.values()])
        stages.invalidate_recordset(["sequence", "team_ids"])
        return {stage.id: ((stage.sequence, stage.id), frozenset(stage.team_ids.ids)) for stage in stages}

    def _gate_for(self, stage, team):
        return self.gate_gates.get((stage.id, team.id)) or self.gate_gates.get((stage.id, False))

    def _gate_required(self, stage, team, order=None):
        """The gates a deal of ``team`` sitting in ``stage`` is behind: [(gated stage, gate)] in pipeline order (the
        gated stages of the team's pipeline up to ``stage``, and ``stage`` itself)."""
        order = order or self._gate_order()
        if not stage or stage.id not in order:
            return []
        result = []
        for other in sorted(self.stages.values(), key=lambda s: order[s.id][0]):
            gate = self._gate_for(other, team)
            key, team_ids = order[other.id]
            in_pipeline = other == stage or not team_ids or team.id in team_ids
            if gate and in_pipeline and key <= order[stage.id][0]:
                result.append((other, gate))
        return result

    def _gate_statuses(self, leads):
        """{deal id: {criterion id: status, ROLE: set of the roles its contacts hold in the deal}}."""
        lines = self.env["crm.lead.methodology.status"].search([("lead_id", "in", leads.ids)])
        result = {lead.id: {} for lead in leads}
        for line in lines:
            result[line.lead_id.id][line.criterion_id.id] = line.status
        leads.invalidate_recordset(["partner_id", "contact_ids", "contact_role_ids"])
        self.env["res.partner"].invalidate_model(["buying_role"])
        for lead in leads:
            rows = {row.partner_id: row.buying_role for row in lead.contact_role_ids}
            people = lead.partner_id | lead.contact_ids | lead.contact_role_ids.partner_id
            roles = {rows[person] if person in rows else person.buying_role for person in people}
            result[lead.id][ROLE] = roles - {False}
        return result

    def _gate_missing(self, statuses, gate):
        """The requirements of ``gate`` a deal with the scorecard ``statuses`` does not meet."""
        return [
            (criterion_id, min_status)
            for criterion_id, min_status in self.gate_requirements[gate.id]
            if (
                min_status not in statuses.get(ROLE, ())
                if criterion_id == ROLE
                else STATUS_RANK[statuses.get(criterion_id, "unknown")] < STATUS_RANK[min_status]
            )
        ]

    def _gate_requirement_name(self, criterion_id, min_status):
        if criterion_id == ROLE:
            return f"a contact holding the role {min_status}"
        return f"{self.env['crm.methodology.criterion'].browse(criterion_id).name} {min_status}"

    def _gate_overrides(self, leads):
        overrides = self.env["crm.gate.override"].search([("lead_id", "in", leads.ids)])
        return {(override.lead_id.id, override.stage_id.id) for override in overrides}

    def _gate_is_block(self, team):
        return team.gate_mode == "block"

    def _gate_all_met(self, leads, stage=None, team=None, order=None):
        """True if every deal of ``leads`` meets now every gate it would sit behind in ``stage``/``team`` (default:
        its own), with the stage order ``order`` (default: the current one)."""
        statuses = self._gate_statuses(leads)
        order = order or self._gate_order()
        for lead in leads:
            target_team = team if team is not None else lead.team_id
            target_stage = stage or (
                self._gate_landing(lead, target_team, order) if target_team != lead.team_id else lead.stage_id
            )
            for _stage, gate in self._gate_required(target_stage, target_team, order):
                if self._gate_missing(statuses[lead.id], gate):
                    return False
        return True

    def _gate_landing(self, lead, team, order):
        """The stage ``lead`` is in once given to ``team``: crm moves it to the team's first stage when its stage is
        restricted to other teams."""
        team_ids = order[lead.stage_id.id][1]
        if not team_ids or team.id in team_ids:
            return lead.stage_id
        pipeline = [
            stage for stage in self.stages.values() if not order[stage.id][1] or team.id in order[stage.id][1]
        ]
        return min(pipeline, key=lambda stage: order[stage.id][0], default=lead.stage_id)

    def _gate_snapshot(self, leads):
        leads.invalidate_recordset()
        return {lead.id: (lead.stage_id.id, lead.team_id.id, lead.active) for lead in leads}

    def _gate_leads(self):
        return self.env["crm.lead"].with_context(active_test=False).browse(self.deal_ids).exists()

    # ------------------------------------------------------------
    # INVARIANT
    # ------------------------------------------------------------

    @invariant()
    def check_gate_invariant(self):
        if not self.gate_gates:
            return
        leads = self._gate_leads()
        leads.invalidate_recordset()
        statuses = self._gate_statuses(leads)
        overrides = self._gate_overrides(leads)
        order = self._gate_order()
        violations = []
        for lead in leads.filtered("active"):  # a lost deal is out of the pipeline: checked when restored
            passed = self.gate_passed.setdefault(lead.id, set())
            block = self._gate_is_block(lead.team_id)
            if not block:
                self.gate_unchecked.add(lead.id)
            for stage, gate in self._gate_required(lead.stage_id, lead.team_id, order):
                if gate.id in passed:
                    continue
                missing = self._gate_missing(statuses[lead.id], gate)
                if not missing or (lead.id, stage.id) in overrides:
                    passed.add(gate.id)
                elif block:
                    violations.append(
                        f"{lead.name} ({lead.team_id.name}, {lead.stage_id.name}) sits behind the gate of "
                        f"{stage.name} ({gate.name}) without having met it: missing "
                        + ", ".join(self._gate_requirement_name(c, s) for c, s in missing)
                    )
        assert not violations, "Gate invariant violated:\n  " + "\n  ".join(violations) + self._gate_steps()

    def _gate_steps(self):
        return "\nSteps:\n  " + "\n  ".join(self.step_log)

    # ------------------------------------------------------------
    # CHECKS OF ONE STEP
    # ------------------------------------------------------------

    def _gate_check_outcome(self, leads, before, outcome, must_pass, what):
        """After a user action on ``leads``: a refusal names the refused deals and wrote nothing; an action whose
        every gate is met (``must_pass``) is not refused."""
        error = outcome["error"]
        if error is None:
            self.log(f"{what}: done")
            return True
        self.log(f"{what}: refused")
        assert not must_pass, (
            f"{what} was refused although it meets every gate:\n{error}" + self._gate_steps()
        )
        assert self._gate_snapshot(leads) == before, (
            f"{what} was refused but changed deals" + self._gate_steps()
        )
        refused = error.context["sales_ecosystem_gate"]["res_ids"]
        assert refused, f"{what}: the refusal names no deal: {error}"
        message = str(error)
        for lead in self.env["crm.lead"].with_context(active_test=False).browse(refused):
            assert lead.display_name in message, (
                f"{what}: the refusal does not name {lead.display_name}: {message}"
            )
        return False

    def _gate_back_is_free(self, leads, stage):
        """True if moving ``leads`` to ``stage`` only moves deals back into stages whose gates they validly passed
        (same team, no gate crossed forward): such a move must not be refused."""
        order = self._gate_order()
        for lead in leads:
            if lead.id in self.gate_unchecked or not self._gate_is_block(lead.team_id):
                return False
            if order[stage.id][0] >= order[lead.stage_id.id][0] or (
                stage.is_won and not lead.stage_id.is_won
            ):
                return False
            required = {gate.id for _stage, gate in self._gate_required(stage, lead.team_id, order)}
            if not required <= self.gate_passed.get(lead.id, set()):
                return False
        return True

    def _gate_names(self, leads):
        return ", ".join(leads.mapped("name"))

    # ------------------------------------------------------------
    # RULES
    # ------------------------------------------------------------

    @rule(
        target=DEALS,
        stage=st.sampled_from(STAGE_NAMES),
        team=st.sampled_from(GATE_TEAMS),
        statuses=st.tuples(*[st.sampled_from(STATUSES)] * len(CRITERIA)),
    )
    def gate_create_deal(self, stage, team, statuses):
        name = f"Deal {len(self.deal_ids) + 1}"
        vals = {
            "name": name,
            "type": "opportunity",
            "user_id": self.rep.id,
            "team_id": self.teams[team].id,
            "stage_id": self.stages[stage].id,
            "expected_revenue": 1000,
            "off_strategy_reason": "existing_customer",
            "methodology_status_ids": [
                Command.create({"criterion_id": self.gate_criteria[criterion].id, "status": status})
                for criterion, status in zip(CRITERIA, statuses, strict=True)
                if status != "unknown"
            ],
        }
        statuses_by_id = {
            self.gate_criteria[criterion].id: status
            for criterion, status in zip(CRITERIA, statuses, strict=True)
        }
        must_pass = all(
            not self._gate_missing(statuses_by_id, gate)
            for _stage, gate in self._gate_required(self.stages[stage], self.teams[team])
        )
        what = (
            f"rep creates {name} in {stage} for team {team} with {dict(zip(CRITERIA, statuses, strict=True))}"
        )
        with self.attempt() as outcome:
            lead = self.env["crm.lead"].with_user(self.rep).create(vals)
        if outcome["error"] is not None:
            self.log(f"{what}: refused")
            assert not must_pass, f"{what} was refused although it meets every gate:\n{outcome['error']}"
            assert name in str(outcome["error"]), f"{what}: the refusal does not name the deal"
            assert not self.env["crm.lead"].with_context(active_test=False).search([("name", "=", name)])
            return multiple()
        self.log(f"{what}: done")
        self.deal_ids.append(lead.id)
        return lead.sudo()

    @rule(deals=deal_lists(), stage=st.sampled_from(STAGE_NAMES))
    def gate_move(self, deals, stage):
        user, leads = self.owner(deals)
        target = self.stages[stage]
        before = self._gate_snapshot(leads)
        must_pass = self._gate_all_met(leads, target)
        back_free = self._gate_back_is_free(leads, target)
        with self.attempt() as outcome:
            leads.with_user(user).write({"stage_id": target.id})
        done = self._gate_check_outcome(
            leads, before, outcome, must_pass, f"rep moves {self._gate_names(leads)} to {stage}"
        )
        assert done or not back_free, (
            f"moving {self._gate_names(leads)} back to {stage}, whose gates they passed, was refused"
            + self._gate_steps()
        )

    @rule(deals=deal_lists(), team=st.sampled_from(GATE_TEAMS))
    def gate_change_team(self, deals, team):
        user, leads = self.owner(deals)
        before = self._gate_snapshot(leads)
        must_pass = self._gate_all_met(leads, team=self.teams[team])
        with self.attempt() as outcome:
            leads.with_user(user).write({"team_id": self.teams[team].id})
        self._gate_check_outcome(
            leads, before, outcome, must_pass, f"rep moves {self._gate_names(leads)} to team {team}"
        )

    @rule(deals=deal_lists(), stage=st.sampled_from(STAGE_NAMES), team=st.sampled_from(GATE_TEAMS))
    def gate_move_and_change_team(self, deals, stage, team):
        user, leads = self.owner(deals)
        before = self._gate_snapshot(leads)
        must_pass = self._gate_all_met(leads, self.stages[stage], self.teams[team])
        with self.attempt() as outcome:
            leads.with_user(user).write({"stage_id": self.stages[stage].id, "team_id": self.teams[team].id})
        self._gate_check_outcome(
            leads,
            before,
            outcome,
            must_pass,
            f"rep moves {self._gate_names(leads)} to {stage} in team {team}",
        )

    @rule(deal=DEALS, rep=st.sampled_from(("rep", "rep_b", "rep_other")))
    def gate_reassign(self, deal, rep):
        """The manager gives the deal to another rep: crm then puts it in that rep's team if needed."""
        leads = self.deals([deal])
        before = self._gate_snapshot(leads)
        with self.attempt() as outcome:
            leads.with_user(self.manager).write({"user_id": self.reps[rep].id})
        self._gate_check_outcome(leads, before, outcome, False, f"manager gives {leads.name} to {rep}")

    @rule(stage=st.sampled_from(STAGE_NAMES), sequence=st.sampled_from((0, 1, 2, 3, 4, 5, 80)))
    def gate_resequence(self, stage, sequence):
        """The administrator changes the sequence of one stage (the pipeline order)."""
        target = self.stages[stage]
        order = self._gate_order()
        order[target.id] = ((sequence, target.id), order[target.id][1])
        leads = self._gate_leads().filtered(lambda lead: lead.active and self._gate_is_block(lead.team_id))
        must_pass = self._gate_all_met(leads, order=order)
        before = self._gate_snapshot(self._gate_leads())
        with self.attempt() as outcome:
            target.with_user(self.admin).write({"sequence": sequence})
        self._gate_check_resequence(
            outcome, before, must_pass, f"admin sets the sequence of {stage} to {sequence}"
        )

    @rule(names=st.permutations(STAGE_NAMES))
    def gate_reorder(self, names):
        """The administrator drags the pipeline's columns into a new order (the kanban's web_resequence)."""
        stages = self.env["crm.stage"].browse([self.stages[name].id for name in names])
        current = self._gate_order()
        order = {
            stage.id: ((position, stage.id), current[stage.id][1])
            for position, stage in enumerate(stages, start=1)
        }
        leads = self._gate_leads().filtered(lambda lead: lead.active and self._gate_is_block(lead.team_id))
        must_pass = self._gate_all_met(leads, order=order)
        before = self._gate_snapshot(self._gate_leads())
        with self.attempt() as outcome:
            stages.with_user(self.admin).web_resequence({"sequence": {}}, "sequence", 1)
        self._gate_check_resequence(
            outcome, before, must_pass, f"admin reorders the stages {', '.join(names)}"
        )

    @rule(
        stage=st.sampled_from(("new", "qualified", "proposal")),
        teams=st.lists(st.sampled_from(GATE_TEAMS), max_size=2, unique=True),
    )
    def gate_restrict_stage(self, stage, teams):
        """The administrator gives a stage to some teams only (none: every team), changing the teams' pipelines."""
        target = self.stages[stage]
        team_ids = frozenset(self.teams[name].id for name in teams)
        order = self._gate_order()
        order[target.id] = (order[target.id][0], team_ids)
        leads = self._gate_leads().filtered(lambda lead: lead.active and self._gate_is_block(lead.team_id))
        must_pass = self._gate_all_met(leads, order=order)
        before = self._gate_snapshot(self._gate_leads())
        with self.attempt() as outcome:
            target.with_user(self.admin).write({"team_ids": [Command.set(list(team_ids))]})
        self._gate_check_resequence(
            outcome, before, must_pass, f"admin gives {stage} to the teams {teams or 'all'}"
        )

    def _gate_check_resequence(self, outcome, before, must_pass, what):
        error = outcome["error"]
        if error is None:
            self.log(f"{what}: done")
            return
        self.log(f"{what}: refused")
        assert not must_pass, (
            f"{what} was refused although every deal meets its gates:\n{error}" + self._gate_steps()
        )
        assert self._gate_snapshot(self._gate_leads()) == before
        for lead in self.env["crm.lead"].browse(error.context["sales_ecosystem_gate"]["res_ids"]):
            assert lead.display_name in str(error), f"{what}: the refusal does not name {lead.display_name}"

    @rule(deals=deal_lists())
    def gate_set_won(self, deals):
        user, leads = self.owner(deals)
        before = self._gate_snapshot(leads)
        must_pass = self._gate_all_met(leads, self.stages["won"])
        with self.attempt() as outcome:
            leads.with_user(user).action_set_won()
        self._gate_check_outcome(
            leads, before, outcome, must_pass, f"rep marks {self._gate_names(leads)} won"
        )

    @rule(deals=deal_lists())
    def gate_set_lost(self, deals):
        user, leads = self.owner(deals)
        leads = leads.filtered(lambda lead: not lead.stage_id.is_won)  # crm: a won deal is not lost
        if not leads:
            return
        before = self._gate_snapshot(leads)
        with self.attempt() as outcome:
            leads.with_user(user).action_set_lost()
        self._gate_check_outcome(leads, before, outcome, True, f"rep marks {self._gate_names(leads)} lost")

    @rule(deals=deal_lists())
    def gate_reopen(self, deals):
        user, leads = self.owner(deals)
        leads = leads.filtered(lambda lead: not lead.active)
        if not leads:
            return
        before = self._gate_snapshot(leads)
        must_pass = self._gate_all_met(leads)
        with self.attempt() as outcome:
            leads.with_user(user).action_restore()
        self._gate_check_outcome(leads, before, outcome, must_pass, f"rep restores {self._gate_names(leads)}")

    @rule(deal=DEALS, stage=st.sampled_from(STAGE_NAMES))
    def gate_override(self, deal, stage):
        """A manager overrides the gate of a stage for a deal (used by its next move into that stage)."""
        lead = self.deals([deal])
        self.env["crm.gate.override"].with_user(self.manager_of(lead)).create(
            {"lead_id": lead.id, "stage_id": self.stages[stage].id, "reason": "Machine override"}
        )
        self.log(f"manager overrides the gate of {stage} for {lead.name}")

    @rule(deal=DEALS, stage=st.sampled_from(STAGE_NAMES))
    def gate_override_and_move(self, deal, stage):
        """A manager overrides from the complete-the-gate dialog: the deal then moves, whatever it misses."""
        lead = self.deals([deal])
        if not lead.active:  # the dialog is opened on deals of the pipeline
            return
        target = self.stages[stage]
        before = self._gate_snapshot(lead)
        manager = self.manager_of(lead)
        with self.attempt() as outcome:
            action = lead.with_user(manager)._gate_wizard_action(target)
            wizard = (
                self.env["crm.gate.complete.wizard"]
                .with_user(manager)
                .with_context(**action["context"])
                .create({"override_reason": "Machine override from the dialog"})
            )
            if wizard.line_ids.filtered(lambda line: line.severity == "blocking"):
                wizard.action_override()
            else:
                lead.with_user(manager).write({"stage_id": target.id})
        what = f"manager overrides {lead.name} into {stage} from the dialog"
        self._gate_check_outcome(lead, before, outcome, False, what)
        assert outcome["error"] is None, f"{what} was refused:\n{outcome['error']}" + self._gate_steps()
        assert lead.stage_id == target, what

    @rule(deal=DEALS, criterion=st.sampled_from(CRITERIA), status=st.sampled_from(STATUSES))
    def gate_complete(self, deal, criterion, status):
        """The rep updates one line of the deal's scorecard (a requirement met, or no longer met)."""
        user, lead = self.owner([deal])
        line = lead.methodology_status_ids.filtered(lambda s: s.criterion_id == self.gate_criteria[criterion])
        if not line:
            return
        line.with_user(user).write({"status": status})
        self.log(f"rep sets {criterion} of {lead.name} to {status}")

    @rule(deals=deal_lists(), stage=st.sampled_from(STAGE_NAMES))
    def gate_complete_and_retry(self, deals, stage):
        """The rep completes every line of the complete-the-gate dialog and retries: the deals then move."""
        user, leads = self.owner(deals)
        leads = leads.filtered("active")  # the dialog is opened on deals of the pipeline
        if not leads:
            return
        target = self.stages[stage]
        before = self._gate_snapshot(leads)
        with self.attempt() as outcome:
            action = leads.with_user(user)._gate_wizard_action(target)
            wizard = (
                self.env["crm.gate.complete.wizard"]
                .with_user(user)
                .with_context(**action["context"])
                .create({})
            )
            for line in wizard.line_ids:
                if line.kind == "buying_role":
                    line.partner_id = self._gate_contact("eve")
                else:
                    line.status = "confirmed"
            result = wizard.action_apply_and_retry()
        what = f"rep completes the dialog of {self._gate_names(leads)} for {stage} and retries"
        self._gate_check_outcome(leads, before, outcome, False, what)
        assert outcome["error"] is None and result.get("tag") == "display_notification", (
            f"{what}: still blocked after filling every line the dialog showed" + self._gate_steps()
        )
        leads.invalidate_recordset()
        assert leads.mapped("stage_id") == target, what

    @rule(deal=DEALS, contact=st.sampled_from(CONTACTS), role=st.sampled_from((*ROLES, False)))
    def gate_deal_role(self, deal, contact, role):
        """The rep gives a contact a role in this deal (Buying Roles tab: a row; an empty role means none here)."""
        user, lead = self.owner([deal])
        person = self._gate_contact(contact)
        row = lead.contact_role_ids.filtered(lambda r: r.partner_id == person)
        if row:
            row.with_user(user).write({"buying_role": role})
        else:
            lead.with_user(user).write(
                {"contact_role_ids": [Command.create({"partner_id": person.id, "buying_role": role})]}
            )
        self.log(f"rep gives {contact} the role {role} in {lead.name}")

    @rule(contact=st.sampled_from(CONTACTS), role=st.sampled_from((*ROLES, False)))
    def gate_usual_role(self, contact, role):
        """The contact's usual role changes (contact card): it counts in every deal without a row for them."""
        self._gate_contact(contact).with_user(self.rep).write({"buying_role": role})
        self.log(f"rep sets the usual role of {contact} to {role}")

    @rule(deal=DEALS, contact=st.sampled_from(CONTACTS))
    def gate_join_committee(self, deal, contact):
        """The rep adds a contact to the deal's buying committee (their usual role then counts)."""
        user, lead = self.owner([deal])
        lead.with_user(user).write({"contact_ids": [Command.link(self._gate_contact(contact).id)]})
        self.log(f"rep adds {contact} to the committee of {lead.name}")
