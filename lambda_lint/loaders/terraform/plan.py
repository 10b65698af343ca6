"""Terraform plans (``terraform show -json``, format 1.x) into a model :class:`Stack`.

``planned_values`` holds every resource instance of the root module and of all
``child_modules`` with its known values; attributes known only after apply are
absent there, and ``configuration`` says what they reference. Each planned
resource is turned into a Terraform body (values, plus ``${address.attr}``
references rebuilt from the configuration, with module paths and variables of
module calls followed) and read by the module loader, so both spellings share
one set of semantics. Entity ids are full addresses
(``module.lambda.aws_lambda_function.this[0]``); spans point into the plan file.
``terraform show -json`` on a state file (``values``) is read the same way.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from lambda_lint.loaders.problems import LoadProblem
from lambda_lint.loaders.terraform import sensitive as tf_sensitive
from lambda_lint.loaders.terraform.module import Declaration, ModuleFiles, build_stack
from lambda_lint.loaders.terraform.values import TF_ENTITY_KINDS, TerraformResolver
from lambda_lint.model import Stack
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span

if TYPE_CHECKING:
    from lambda_lint.loaders.terraform.plan_source import PlanSource

# An attribute known only after apply; each one is distinct (two unknown role ARNs are
# not the same role), so the placeholder names its owner.
UNKNOWN = "${{(known after apply: {owner})}}"
# Attributes whose known value is another resource's ARN, id or URL.
_REFERENCE_ATTRIBUTES = frozenset(
    {
        "role",
        "event_source_arn",
        "function_name",
        "target_arn",
        "subnet_ids",
        "queue_url",
        "route_table_id",
        "subnet_id",
        "gateway_id",
        "nat_gateway_id",
        "vpc_id",
        "default_route_table_id",
    }
)
_LIST_ATTRIBUTES = frozenset({"subnet_ids", "layers", "security_group_ids"})
_IDENTITY_VALUES = ("arn", "id", "url", "function_name")
# An instance key (``[0]``, ``["a"]``) holds no bracket: ``[^\]]*`` would scan to the end
# from every ``[`` of an address with many ``[`` and no ``]`` (quadratic).
_MODULE_STEP = re.compile(r"module\.[^.\[]+(?:\[[^\[\]]*\])?")
_INDEX = re.compile(r"\[[^\[\]]*\]")
_NOT_RESOURCES = ("var.", "local.", "each.", "count.", "path.", "data.", "terraform.", "self.")


def _is_kind(rtype: Any) -> bool:
    return isinstance(rtype, str) and rtype in TF_ENTITY_KINDS


def load_plan(root: MDict, source: ModuleFiles | None = None) -> tuple[Stack, list[LoadProblem]]:
    """The plan's Stack; with ``source`` (the configuration it was planned from), every
    span points into the configuration (see :mod:`~lambda_lint.loaders.terraform.plan_source`)."""
    planned = root.get("planned_values")
    if not isinstance(planned, MDict):
        planned = root.get("values")
    top = planned.get("root_module") if isinstance(planned, MDict) else None
    instances = list(_planned(top, ""))
    config = _Configuration(root.get("configuration"))
    plan = _PlanReader(instances, config)
    if source is not None:
        from lambda_lint.loaders.terraform.plan_source import PlanSource

        plan.source = PlanSource(source)
    declarations = {d.address: d for d in plan.declarations()}
    resolver = TerraformResolver({a: d.type for a, d in declarations.items()}, {}, {})
    stack = build_stack(declarations, resolver)
    return replace(stack, sensitive=tuple(tf_sensitive.in_plan(root))), []


def _planned(module: Any, path: str) -> Iterator[tuple[str, MDict]]:
    """(module instance path, resource) for every managed resource, child modules included."""
    if not isinstance(module, MDict):
        return
    resources = module.get("resources")
    if isinstance(resources, MList):
        for resource in resources:
            if isinstance(resource, MDict) and resource.get("mode", "managed") == "managed":
                yield path, resource
    children = module.get("child_modules")
    if isinstance(children, MList):
        for child in children:
            if isinstance(child, MDict):
                address = child.get("address")
                yield from _planned(child, address if isinstance(address, str) else path)


class _Configuration:
    """``configuration``: expressions per (module path, resource) and module-call inputs."""

    def __init__(self, config: Any) -> None:
        self.expressions: dict[tuple[str, str], MDict] = {}
        self.calls: dict[tuple[str, str], MDict] = {}
        root = config.get("root_module") if isinstance(config, MDict) else None
        self._read(root, "")

    def _read(self, module: Any, path: str) -> None:
        if not isinstance(module, MDict):
            return
        resources = module.get("resources")
        if isinstance(resources, MList):
            for resource in resources:
                if isinstance(resource, MDict) and isinstance(resource.get("address"), str):
                    expressions = resource.get("expressions")
                    if isinstance(expressions, MDict):
                        self.expressions[(path, resource["address"])] = expressions
        calls = module.get("module_calls")
        if isinstance(calls, MDict):
            for name, call in calls.items():
                if not isinstance(call, MDict):
                    continue
                inputs = call.get("expressions")
                if isinstance(inputs, MDict):
                    self.calls[(path, name)] = inputs
                child = f"{path}.module.{name}" if path else f"module.{name}"
                self._read(call.get("module"), child)


class _PlanReader:
    """Turns planned resource instances into module-loader declarations."""

    def __init__(self, instances: list[tuple[str, MDict]], config: _Configuration) -> None:
        self.instances = instances
        self.config = config
        self.source: PlanSource | None = None
        self.addresses: set[str] = set()
        self.bases: dict[str, list[str]] = defaultdict(list)
        found: dict[str, set[str]] = defaultdict(set)
        for _, resource in instances:
            address = resource.get("address")
            if not isinstance(address, str):
                continue
            self.addresses.add(address)
            self.bases[_INDEX.sub("", address)].append(address)
            values = resource.get("values")
            if isinstance(values, MDict) and _is_kind(resource.get("type")):
                for key in _IDENTITY_VALUES:
                    if key == "function_name" and resource.get("type") != "aws_lambda_function":
                        continue  # an alias, mapping or config naming the function it is for
                    value = values.get(key)
                    if isinstance(value, str) and value:
                        found[value].add(address)
        self.by_identity = {value: next(iter(a)) for value, a in found.items() if len(a) == 1}

    def declarations(self) -> Iterator[Declaration]:
        for module_path, resource in self.instances:
            address, rtype = resource.get("address"), resource.get("type")
            if not (isinstance(address, str) and isinstance(rtype, str)):
                continue
            span = resource.value_span("address")
            values = resource.get("values")
            config_key = (_INDEX.sub("", module_path), f"{rtype}.{resource.get('name')}")
            expressions = self.config.expressions.get(config_key)
            body = self._merge(values, expressions, module_path, span, address)
            written = self.source.find(address) if self.source is not None else None
            if self.source is not None and written is not None:
                body, span = self.source.mapped(body, written), written.span
            yield Declaration(address, rtype, body, span)

    def _merge(self, values: Any, expressions: Any, module: str, at: Span, owner: str) -> MDict:
        """Known values, with unknown attributes rebuilt as references from the configuration.

        A rebuilt attribute has no text of its own in the plan: its span is ``at``
        (the resource's address, or the nested block's value).
        """
        body = MDict(values.span if isinstance(values, MDict) else at)
        if isinstance(values, MDict):
            for key, value in values.items():
                body[key] = self._known(key, value)
                body.key_spans[key] = values.key_span(key)
                body.value_spans[key] = values.value_span(key)
        if not isinstance(expressions, MDict):
            return body
        for key, expression in expressions.items():
            present = body.get(key)
            if isinstance(expression, MList):  # nested blocks: merge element by element
                blocks = present if isinstance(present, MList) else MList(at)
                merged = MList(blocks.span)
                for index, block in enumerate(expression):
                    value_block = blocks[index] if index < len(blocks) else None
                    span = blocks.item_span(index)
                    path = f"{owner}.{key}[{index}]"
                    merged.append(self._merge(value_block, block, module, span, path))
                    merged.item_spans.append(span)
                body[key] = merged
                body.key_spans.setdefault(key, at)
                body.value_spans.setdefault(key, merged.span)
            elif isinstance(expression, MDict) and present in (None, []):
                rebuilt = self._unknown(key, expression, module, at, f"{owner}.{key}")
                if rebuilt is not None:
                    body[key] = rebuilt
                    body.key_spans[key] = body.key_spans.get(key, at)
                    body.value_spans[key] = body.value_spans.get(key, at)
        return body

    def _known(self, key: str, value: Any) -> Any:
        """A known value; another resource's ARN/id becomes a reference to it."""
        if key not in _REFERENCE_ATTRIBUTES and key != "redrive_policy":
            return value
        if key == "redrive_policy" and isinstance(value, str):
            try:
                policy = json.loads(value)
            except ValueError:
                return value
            target = policy.get("deadLetterTargetArn") if isinstance(policy, dict) else None
            if isinstance(target, str) and target in self.by_identity:
                policy["deadLetterTargetArn"] = "${" + self.by_identity[target] + ".arn}"
                return json.dumps(policy)
            return value
        if isinstance(value, str) and value in self.by_identity:
            return "${" + self.by_identity[value] + ".arn}"
        if isinstance(value, MList):
            mapped = MList(value.span)
            mapped.item_spans = list(value.item_spans)
            mapped.extend(
                self._known(key, item) if isinstance(item, str) else item for item in value
            )
            return mapped
        return value

    def _unknown(self, key: str, expression: MDict, module: str, at: Span, owner: str) -> Any:
        """An attribute known after apply, as references to the resources it names."""
        references = expression.get("references")
        constant = expression.get("constant_value")
        if isinstance(constant, MDict) and not module:
            # A root-module map written in JSON syntax keeps its text (keys may be
            # expressions, e.g. alias weights keyed by "${aws_lambda_function.f.version}").
            return constant
        targets = self._resolve(references if isinstance(references, list) else [], module, 0)
        if key in _LIST_ATTRIBUTES or isinstance(expression.get("constant_value"), list):
            if not targets:
                return UNKNOWN.format(owner=owner) if references else None
            items = MList(at)
            for target in targets:
                items.append("${" + target + "}")
                items.item_spans.append(at)
            return items
        if len(targets) != 1:
            return UNKNOWN.format(owner=owner) if references else None
        if key == "redrive_policy":
            return json.dumps({"deadLetterTargetArn": "${" + targets[0] + "}"})
        return "${" + targets[0] + "}"

    def _resolve(self, references: list[Any], module: str, depth: int) -> list[str]:
        """Resource references (with their attribute), one per resource, module path added."""
        found: dict[str, str] = {}
        for reference in references:
            if not isinstance(reference, str) or depth > 20:
                continue
            if reference.startswith("var."):
                for inner in self._module_input(reference.split(".")[1], module, depth):
                    match = self._address_of(inner)
                    found.setdefault(match[0] if match else inner, inner)
                continue
            if reference.startswith(_NOT_RESOURCES) or reference.startswith("module."):
                continue
            full = f"{module}.{reference}" if module else reference
            match = self._address_of(full)
            if match is not None:
                address, attribute = match
                found.setdefault(address, f"{address}.{attribute}" if attribute else address)
        return list(found.values())

    def _module_input(self, name: str, module: str, depth: int) -> list[str]:
        steps = _MODULE_STEP.findall(module)
        if not steps:
            return []
        parent = ".".join(steps[:-1])
        call = _INDEX.sub("", steps[-1]).split(".", 1)[1]
        inputs = self.config.calls.get((_INDEX.sub("", parent), call))
        expression = inputs.get(name) if inputs is not None else None
        references = expression.get("references") if isinstance(expression, MDict) else None
        if not isinstance(references, list):
            return []
        return self._resolve(references, parent, depth + 1)

    def _address_of(self, reference: str) -> tuple[str, str] | None:
        """The planned instance a reference names (an unindexed one only if unique).

        Returns the address and the attribute path after it.
        """
        parts = reference.split(".")
        for end in range(len(parts), 1, -1):
            candidate = ".".join(parts[:end])
            rest = _INDEX.sub("", ".".join(parts[end:])).strip(".")
            if candidate in self.addresses:
                return candidate, rest
            instances = self.bases.get(candidate)
            if instances is not None:
                return (instances[0], rest) if len(instances) == 1 else None
        return None


__all__ = ["load_plan"]
