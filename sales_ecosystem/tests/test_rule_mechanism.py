# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.orm import model_classes
from odoo.orm.models import MetaModel
from odoo.orm.registry import reset_cached_properties
from odoo.tests import TransactionCase, tagged


class RuleTestModel(models.Model):
    """A consumer of the rule mechanism, declared as an addon would declare one: rules of a kind, evaluated on
    partners."""

    _name = "sales.ecosystem.rule.test"
    _inherit = ["sales.ecosystem.rule.mixin"]
    _description = "Rule Mechanism Test"

    name = fields.Char()
    kind = fields.Selection([("name_is", "Name is")], required=True, default="name_is")
    value = fields.Char()

    def _rule_eval_name_is(self, records, memo):
        memo.setdefault("calls", []).append(("name_is", len(self), len(records)))
        return {rule.id: {record.id for record in records if record.name == rule.value} for rule in self}

    def _rule_describe_name_is(self):
        return {rule.id: f"name is {rule.value}" for rule in self}


class RuleTestKindExtension(models.Model):
    """A dependent addon adding kinds: ``selection_add`` on the kind field and one method per kind (the last kind
    is added without its method, as a broken addon would)."""

    _inherit = "sales.ecosystem.rule.test"

    kind = fields.Selection(
        selection_add=[("name_contains", "Name contains"), ("no_method", "Without method")],
        ondelete={"name_contains": "cascade", "no_method": "cascade"},
    )

    def _rule_eval_name_contains(self, records, memo):
        memo.setdefault("calls", []).append(("name_contains", len(self), len(records)))
        return {
            rule.id: {record.id for record in records if rule.value in (record.name or "")} for rule in self
        }


# The test models are added to the registry by the test class only (and removed after it), as a dependent addon's
# models would be at its installation: out of the addon's own model list, so that no registry load picks them up.
for _model_def in (RuleTestModel, RuleTestKindExtension):
    MetaModel._module_to_models__[_model_def._module].remove(_model_def)


@tagged("post_install", "-at_install")
class TestRuleMechanism(TransactionCase):
    """sales.ecosystem.rule.mixin: one mechanism to declare a kind of rule and evaluate it in batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        registry = cls.env.registry
        for model_def in (RuleTestModel, RuleTestKindExtension):
            model_classes.add_to_registry(registry, model_def)
        registry._setup_models__(cls.env.cr, [RuleTestModel._name])
        # the table is created in the test's transaction, rolled back with it
        registry.init_models(cls.env.cr, [RuleTestModel._name], {})
        cls.addClassCleanup(cls._remove_test_model)
        cls.Rule = cls.env[RuleTestModel._name]
        cls.partners = cls.env["res.partner"].create(
            [{"name": name} for name in ("Alpha", "Alphabet", "Beta", "Gamma")]
        )

    @classmethod
    def _remove_test_model(cls):
        registry = cls.env.registry
        name = RuleTestModel._name
        for parent in ("sales.ecosystem.rule.mixin", "base"):
            registry[parent]._inherit_children.discard(name)
        registry.models.pop(name, None)
        reset_cached_properties(registry)
        registry._field_trigger_trees.clear()
        registry._is_modifying_relations.clear()
        # nothing of the registry changed for the other workers: the test model was never committed
        registry.registry_invalidated = False

    def test_kinds_are_the_selection_with_its_additions(self):
        self.assertEqual(self.Rule._rule_kinds(), ["name_is", "name_contains", "no_method"])
        self.assertEqual(
            self.Rule._rule_check_kinds(), ["no_method"], "a kind added without its method is reported"
        )

    def test_one_call_per_kind_for_all_rules_and_records(self):
        rules = self.Rule.create(
            [
                {"kind": "name_is", "value": "Alpha"},
                {"kind": "name_contains", "value": "Alph"},
                {"kind": "name_is", "value": "Gamma"},
                {"kind": "name_contains", "value": "zzz"},
            ]
        )
        memo = {}
        outcomes = rules._rule_evaluate(self.partners, memo)
        alpha, alphabet, _beta, gamma = self.partners
        self.assertEqual(
            outcomes,
            {
                rules[0].id: {alpha.id},
                rules[1].id: {alpha.id, alphabet.id},
                rules[2].id: {gamma.id},
                rules[3].id: set(),
            },
        )
        self.assertEqual(
            memo["calls"],
            [("name_is", 2, 4), ("name_contains", 2, 4)],
            "each kind is evaluated once, on all its rules and all the records, in the order of its first rule",
        )

    def test_describe_by_kind(self):
        rules = self.Rule.create(
            [{"kind": "name_is", "value": "Beta"}, {"kind": "name_contains", "value": "x"}]
        )
        self.assertEqual(rules._rule_describe(), {rules[0].id: "name is Beta", rules[1].id: ""})

    def test_kind_without_method_is_a_clear_error(self):
        rule = self.Rule.create({"kind": "no_method", "value": "x"})
        with self.assertRaisesRegex(UserError, "no_method.*_rule_eval_no_method"):
            rule._rule_evaluate(self.partners)

    def test_every_consumer_evaluates_every_kind(self):
        """Gate requirements, ICP criteria, health signals, key-account criteria and ecosystem buckets are rules of
        the mechanism, and each of their kinds has its method."""
        consumers = {
            name
            for name in self.env.registry.descendants(["sales.ecosystem.rule.mixin"], "_inherit")
            if not self.env[name]._abstract and name != RuleTestModel._name
        }
        self.assertLessEqual(
            {
                "crm.gate.requirement",
                "crm.icp.criterion",
                "crm.deal.health.signal",
                "crm.key.account.criterion",
                "crm.ecosystem.assessment.line",
            },
            consumers,
        )
        for name in consumers:
            with self.subTest(model=name):
                self.assertEqual(self.env[name]._rule_check_kinds(), [])
