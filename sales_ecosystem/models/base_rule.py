# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, models
from odoo.exceptions import UserError

#: prefix of the method evaluating a kind of rule, and of the optional one describing a rule of that kind
RULE_EVAL_PREFIX = "_rule_eval_"
RULE_DESCRIBE_PREFIX = "_rule_describe_"


class SalesEcosystemRuleMixin(models.AbstractModel):
    """One mechanism to declare a kind of rule and evaluate it in batch over records.

    Gate requirements, ICP criteria, deal-health signals, key-account criteria and the buckets of an ecosystem
    health check are rules: records of a model inheriting this mixin, each of a *kind*, the value of the Selection
    field named by ``_rule_kind_field``. A kind is evaluated by one method of the model, called once on all the
    rules of that kind being evaluated, with all the records to evaluate them on (never once per record)::

        def _rule_eval_<kind>(self, records, memo):
            '''self: the rules of this kind; records: what they are evaluated on.'''
            return {rule.id: outcome for rule in self}

    ``memo`` is a dict shared by the kinds of one evaluation, for what several kinds read (the thresholds in
    Settings, the days each deal spent in its stage, ...): read it once, keep it there. What an outcome is belongs
    to the consumer and is documented by it (the ids of the deals failing a gate requirement, the ICP status of
    each subject, the figures of each deal a health signal flags, the accounts a key-account criterion matches,
    the indicators a bucket measures). An optional ``_rule_describe_<kind>(self)`` returns ``{rule id: text}``,
    a one-line summary of each rule of the kind.

    A dependent addon adds a kind with ``selection_add`` on the kind field and its ``_rule_eval_<kind>`` method
    (``tests/test_rule_mechanism.py`` does it from a test model); :meth:`_rule_check_kinds` tells a kind without
    its method at registry load."""

    _name = "sales.ecosystem.rule.mixin"
    _description = "Sales Ecosystem Rule (mechanism)"

    #: name of the Selection field that holds a rule's kind
    _rule_kind_field = "kind"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _rule_kinds(self):
        """The kinds of rules of this model, in order: the values of its kind field, ``selection_add`` included."""
        return self._fields[self._rule_kind_field].get_values(self.env)

    @api.model
    def _rule_method(self, kind, prefix=RULE_EVAL_PREFIX):
        """The method that evaluates (or, with ``RULE_DESCRIBE_PREFIX``, describes) the rules of ``kind``."""
        method = getattr(self, f"{prefix}{kind}", None)
        if method is None and prefix == RULE_EVAL_PREFIX:
            raise UserError(
                self.env._(
                    "%(model)s: rules of kind '%(kind)s' cannot be evaluated, the method %(method)s is missing "
                    "(the addon that adds this kind is not installed or does not define it). Archive or delete "
                    "these rules, or install the addon again.",
                    model=self._description,
                    kind=kind,
                    method=f"{prefix}{kind}",
                )
            )
        return method

    def _rule_evaluate(self, records, memo=None):
        """Evaluate the rules ``self`` on ``records`` in batch: one call of ``_rule_eval_<kind>`` per kind present,
        in the order of the kinds' first rules.

        :param memo: facts shared by the kinds of this evaluation (a new dict if not given)
        :return: ``{rule id: outcome}`` for every rule of ``self`` (see the class docstring)
        """
        memo = {} if memo is None else memo
        result = {}
        if not self:
            return result
        for kind, rules in self.grouped(self._rule_kind_field).items():
            outcomes = rules._rule_method(kind)(records, memo)
            missing = set(rules.ids) - set(outcomes)
            if missing:
                raise UserError(
                    self.env._(
                        "%(model)s: the method %(method)s returned no outcome for the rules %(ids)s.",
                        model=self._description,
                        method=f"{RULE_EVAL_PREFIX}{kind}",
                        ids=sorted(missing),
                    )
                )
            result.update(outcomes)
        return result

    def _rule_describe(self):
        """``{rule id: one-line description}`` of the rules ``self``, by their kinds' ``_rule_describe_<kind>``
        (an empty text for a kind without one)."""
        result = dict.fromkeys(self.ids, "")
        for kind, rules in self.grouped(self._rule_kind_field).items():
            describe = rules._rule_method(kind, prefix=RULE_DESCRIBE_PREFIX)
            if describe is not None:
                result.update(describe())
        return result

    @api.model
    def _rule_check_kinds(self):
        """The kinds of this model that have no ``_rule_eval_<kind>`` method (a test requires none)."""
        return [kind for kind in self._rule_kinds() if not hasattr(self, f"{RULE_EVAL_PREFIX}{kind}")]
