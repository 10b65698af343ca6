"""Terraform JSON values (``${...}`` templates, references, variables) into model Fields.

In Terraform's JSON syntax every string is a template: ``"${var.memory}"`` is an
expression, ``"arn-${local.x}"`` an interpolation and ``"$${"`` an escaped
dollar. What can be known statically is resolved: literals, ``var.*`` defaults
(origin ``variable-default``, or a value from ``terraform.tfvars.json``),
``local.*`` values and references to resources of the module, which become
:class:`EntityRef`. Everything else (function calls, conditionals, ``data.*``,
``module.*``, ``each``/``count``) is :class:`Unresolved`, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from lambda_lint.model import MISSING, Choice, EntityRef, EnvVar, Field, Origin, Unresolved
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span

# Resource types the model knows, by the entity kind a reference to them resolves to.
TF_ENTITY_KINDS = {
    "aws_lambda_function": "function",
    "aws_lambda_alias": "alias",
    "aws_lambda_layer_version": "layer",
    "aws_sqs_queue": "queue",
    "aws_iam_role": "role",
    "aws_subnet": "subnet",
    "aws_route_table": "route-table",
    "aws_default_route_table": "route-table",
    "aws_nat_gateway": "nat-gateway",
    "aws_internet_gateway": "internet-gateway",
    "aws_instance": "instance",
    "aws_kinesis_stream": "kinesis",
    "aws_dynamodb_table": "dynamodb",
    "aws_msk_cluster": "msk",
    "aws_mq_broker": "mq",
    "aws_sns_topic": "sns",
    "aws_vpc": "vpc",
}
# Attributes that name the resource itself (an ARN, id, URL or name); any other
# attribute (``version``, ``memory_size``...) is a value we do not evaluate.
_IDENTITY_ATTRIBUTES = frozenset(
    {
        "arn",
        "id",
        "name",
        "url",
        "invoke_arn",
        "qualified_arn",
        "qualified_invoke_arn",
        "function_name",
        "stream_arn",
        "layer_arn",
    }
)
# A VPC's main route table, referenced as ``aws_vpc.x.default_route_table_id``.
MAIN_TABLE_SUFFIX = "#main"
_VPC_TABLE_ATTRIBUTES = frozenset({"default_route_table_id", "main_route_table_id"})
_TRAVERSAL = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[^\[\]]*\]|\.\*|\.\d+)*")
_STEP = re.compile(r"\.?([A-Za-z_][\w-]*)|\[([^\[\]]*)\]|\.(\*)|\.(\d+)")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_REFERENCE = re.compile(r"(?<![\w.])(aws_[a-z0-9_]+)\.([A-Za-z_][\w-]*)")
COMMENT_KEY = "//"
# Locals referring to locals are followed this deep, no further (each level recurses).
MAX_LOCAL_DEPTH = 50


def objects(node: Any) -> list[MDict]:
    """A block written as an object or as a list of objects (both are valid JSON syntax)."""
    if isinstance(node, MDict):
        return [node]
    if isinstance(node, MList):
        return [item for item in node if isinstance(item, MDict)]
    return []


def first_object(container: Any, key: str) -> MDict | None:
    """The first ``key`` block of ``container`` (blocks such as ``environment`` occur once)."""
    if not isinstance(container, MDict):
        return None
    found = objects(container.get(key))
    return found[0] if found else None


def split_template(text: str) -> list[tuple[bool, str]] | None:
    """A template as (is_expression, text) parts; None for ``%{...}`` directives."""
    if "${" not in text and "%{" not in text:
        return [(False, text)]
    parts: list[tuple[bool, str]] = []
    buffer: list[str] = []
    index = 0
    while index < len(text):
        if text.startswith(("$${", "%%{"), index):
            buffer.append(text[index + 1 : index + 3])
            index += 3
        elif text.startswith("%{", index):
            return None
        elif text.startswith("${", index):
            end = _closing_brace(text, index + 2)
            if end < 0:
                return None
            if buffer:
                parts.append((False, "".join(buffer)))
                buffer = []
            parts.append((True, text[index + 2 : end].strip().strip("~").strip()))
            index = end + 1
        else:
            buffer.append(text[index])
            index += 1
    if buffer:
        parts.append((False, "".join(buffer)))
    return parts


def _closing_brace(text: str, index: int) -> int:
    depth = 1
    quoted = False
    while index < len(text):
        char = text[index]
        if quoted:
            if char == "\\":
                index += 1
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


def references(node: Any) -> Iterator[str]:
    """Resource addresses (``aws_x.name``) referenced in any template inside ``node``."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "${" in item:
                for match in _REFERENCE.finditer(item):
                    yield f"{match.group(1)}.{match.group(2)}"
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


@dataclass(frozen=True, slots=True)
class Evaluated:
    """The value of an expression: a raw JSON node, an EntityRef or an Unresolved."""

    value: Any
    origin: Origin = Origin.EXPLICIT
    source: str = ""


@dataclass(frozen=True, slots=True)
class Conditional:
    """``condition ? a : b``: becomes a :class:`Choice`, so rules check both results."""

    condition: str
    options: tuple[Evaluated, Evaluated]

    def choice(self, build: Callable[[Evaluated], Field], span: Span) -> Field:
        return Field(Choice(self.condition, (build(self.options[0]), build(self.options[1]))), span)


class TerraformResolver:
    """Resolves template expressions against one module's variables, locals and resources."""

    def __init__(
        self,
        resource_types: Mapping[str, str],
        variables: Mapping[str, Any],
        local_values: Mapping[str, Any],
        assigned: Mapping[str, tuple[Any, str]] | None = None,
    ) -> None:
        """``resource_types`` maps addresses to types; ``assigned`` holds tfvars values.

        ``assigned`` maps a variable to (value, file); a value of MISSING means the
        variable is set in a file we cannot read (HCL ``.tfvars``), so it is unknown.
        """
        self.resource_types = resource_types
        self.variables = variables
        self.local_values = local_values
        self.assigned = assigned or {}
        self._resolving: set[str] = set()

    # -- fields ---------------------------------------------------------------------------

    def get(self, container: Any, key: str, at: Span, default: Any = MISSING) -> Field:
        """The field ``container[key]``; absent (or null) -> the AWS ``default`` at ``at``."""
        if not isinstance(container, MDict) or container.get(key) is None:
            if default is MISSING:
                return Field(MISSING, at)
            return Field(default, at, Origin.AWS_DEFAULT)
        return self.value(container[key], container.value_span(key))

    def value(
        self, raw: Any, span: Span, origin: Origin = Origin.EXPLICIT, source: str = ""
    ) -> Field:
        """A scalar-ish value: literal, resolved reference, Choice or Unresolved."""
        return self._scalar(self.evaluate(raw), span, origin, source)

    def _scalar(self, result: Evaluated, span: Span, origin: Origin, source: str) -> Field:
        if result.origin is not Origin.EXPLICIT:
            origin, source = result.origin, result.source
        value = result.value
        if isinstance(value, Conditional):
            return value.choice(lambda option: self._scalar(option, span, origin, source), span)
        if value is None:
            return Field(MISSING, span, origin, source)
        if isinstance(value, (dict, list)) and not isinstance(value, (MDict, MList)):
            value = Unresolved(str(value))
        return Field(value, span, origin, source)

    def items(self, raw: Any, span: Span) -> Field:
        """A list value: a Field whose value is a tuple of item Fields (or a Choice)."""
        return self._list(self.evaluate(raw), span)

    def _list(self, result: Evaluated, span: Span) -> Field:
        value = result.value
        if isinstance(value, Conditional):
            return value.choice(lambda option: self._list(option, span), span)
        if value is None:
            return Field(MISSING, span)
        if not isinstance(value, list):
            if isinstance(value, (Unresolved, EntityRef)):
                return Field(value, span, result.origin, result.source)
            return Field(Unresolved(str(value)), span)
        items = []
        for index, item in enumerate(value):
            item_span = value.item_span(index) if isinstance(value, MList) else span
            items.append(self.value(item, item_span, result.origin, result.source))
        return Field(tuple(items), span, result.origin, result.source)

    def get_items(self, container: Any, key: str, at: Span) -> Field:
        if not isinstance(container, MDict) or container.get(key) is None:
            return Field(MISSING, at)
        return self.items(container[key], container.value_span(key))

    def env(self, raw: Any, span: Span) -> Field:
        """A map of variables: a Field whose value is a tuple of EnvVar (or a Choice)."""
        return self._map(self.evaluate(raw), span)

    def _map(self, result: Evaluated, span: Span) -> Field:
        value = result.value
        if isinstance(value, Conditional):
            return value.choice(lambda option: self._map(option, span), span)
        if value is None:
            return Field((), span)
        if not isinstance(value, dict):
            if isinstance(value, Unresolved):
                return Field(value, span, result.origin, result.source)
            return Field(Unresolved(str(value)), span)
        variables = []
        for name, item in value.items():
            if name == COMMENT_KEY:
                continue
            key_span = value.key_span(name) if isinstance(value, MDict) else span
            item_span = value.value_span(name) if isinstance(value, MDict) else span
            variables.append(
                EnvVar(name, key_span, self.value(item, item_span, result.origin, result.source))
            )
        return Field(tuple(variables), span, result.origin, result.source)

    # -- evaluation ------------------------------------------------------------------------

    def evaluate(self, raw: Any) -> Evaluated:
        """The value of a JSON node: strings are templates, everything else is literal."""
        if not isinstance(raw, str):
            return Evaluated(raw)
        parts = split_template(raw)
        if parts is None:
            return Evaluated(Unresolved(raw))
        if len(parts) == 1:
            is_expression, text = parts[0]
            return self.expression(text) if is_expression else Evaluated(text)
        pieces: list[str] = []
        known = True
        origin = Origin.EXPLICIT
        sources: list[str] = []
        for is_expression, text in parts:
            if not is_expression:
                pieces.append(text)
                continue
            part = self.expression(text)
            if isinstance(part.value, (str, int, float, bool)):
                pieces.append(_text(part.value))
                if part.origin is not Origin.EXPLICIT:
                    origin = part.origin
                    sources.append(part.source)
            else:
                known = False
                if isinstance(part.value, Unresolved):
                    pieces.append(part.value.literal)
        text = "".join(pieces)
        if not known:
            return Evaluated(Unresolved(raw, text))
        if sources:
            return Evaluated(text, origin, ", ".join(dict.fromkeys(sources)))
        return Evaluated(text)

    def expression(self, expr: str) -> Evaluated:
        """The value of one expression (the text inside ``${...}``)."""
        if _NUMBER.fullmatch(expr):
            return Evaluated(float(expr) if "." in expr else int(expr))
        if expr in ("true", "false"):
            return Evaluated(expr == "true")
        if expr == "null":
            return Evaluated(None)
        if len(expr) >= 2 and expr[0] == expr[-1] == '"' and "\\" not in expr and "${" not in expr:
            return Evaluated(expr[1:-1])
        conditional = _ternary(expr)
        if conditional is not None:
            condition, if_true, if_false = conditional
            options = (self.expression(if_true), self.expression(if_false))
            return Evaluated(Conditional(condition, options))
        if not _TRAVERSAL.fullmatch(expr):
            return Evaluated(Unresolved("${" + expr + "}"))
        steps = _steps(expr)
        head = steps[0] if steps else ""
        if head == "var" and len(steps) >= 2:
            return self._variable(expr, steps[1], steps[2:])
        if head == "local" and len(steps) >= 2:
            return self._local(expr, steps[1], steps[2:])
        if head == "path" and steps[1:] in (["module"], ["root"]):
            # A module's files are relative to its directory, which is where it was loaded.
            return Evaluated(".")
        found = self._address(steps)
        if found is not None:
            return self._resource(expr, *found)
        return Evaluated(Unresolved("${" + expr + "}"))

    def _address(self, steps: list[str]) -> tuple[str, list[str]] | None:
        """The longest resource address the traversal starts with, and the steps after it.

        Addresses may carry a module path and an instance key (plans:
        ``module.m.aws_sqs_queue.q[0]``).
        """
        best = None
        address = steps[0] if steps else ""
        for index, step in enumerate(steps[1:], start=1):
            address += step if step.startswith("[") else "." + step
            if address in self.resource_types:
                best = (address, steps[index + 1 :])
        return best

    def _variable(self, expr: str, name: str, rest: list[str]) -> Evaluated:
        if name in self.assigned:
            value, where = self.assigned[name]
            if value is MISSING:
                return Evaluated(Unresolved("${" + expr + "}"))
            return _walk(value, rest, expr, Origin.VARIABLE_VALUE, f"{name} in {where}")
        declaration = self.variables.get(name)
        if not isinstance(declaration, MDict) or declaration.get("default") is None:
            return Evaluated(Unresolved("${" + expr + "}"))
        return _walk(declaration["default"], rest, expr, Origin.VARIABLE_DEFAULT, name)

    def _local(self, expr: str, name: str, rest: list[str]) -> Evaluated:
        # A local that refers to itself (through others too) or a chain deeper than
        # MAX_LOCAL_DEPTH is unknown, as Terraform would reject or we cannot follow it.
        if (
            name not in self.local_values
            or name in self._resolving
            or len(self._resolving) >= MAX_LOCAL_DEPTH
        ):
            return Evaluated(Unresolved("${" + expr + "}"))
        self._resolving.add(name)
        try:
            result = self.evaluate(self.local_values[name])
            if not rest:
                return result
            walked = _walk(result.value, rest, expr, result.origin, result.source)
            if isinstance(walked.value, str) and "${" in walked.value:  # a template inside
                inner = self.evaluate(walked.value)
                return (
                    inner
                    if inner.origin is not Origin.EXPLICIT
                    else replace(inner, origin=walked.origin, source=walked.source)
                )
            return walked
        finally:
            self._resolving.discard(name)

    def _resource(self, expr: str, address: str, rest: list[str]) -> Evaluated:
        kind = TF_ENTITY_KINDS.get(self.resource_types[address])
        attributes = [step for step in rest if not step.startswith("[") and step != "*"]
        attribute = attributes[0] if attributes else ""
        if kind == "vpc" and attribute in _VPC_TABLE_ATTRIBUTES:
            return Evaluated(EntityRef("route-table", address + MAIN_TABLE_SUFFIX))
        if kind is not None and attribute in _IDENTITY_ATTRIBUTES:
            return Evaluated(EntityRef(kind, address))
        return Evaluated(Unresolved("${" + expr + "}"))


def _ternary(expr: str) -> tuple[str, str, str] | None:
    """Split ``cond ? a : b`` at its top level (outside brackets and strings), else None."""
    depth = 0
    quoted = False
    question = -1
    index = 0
    while index < len(expr):
        char = expr[index]
        if quoted:
            if char == "\\":
                index += 1
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0 and char == "?" and question < 0:
            question = index
        elif depth == 0 and char == ":" and question >= 0:
            condition, if_true, if_false = (
                expr[:question],
                expr[question + 1 : index],
                expr[index + 1 :],
            )
            if condition.strip() and if_true.strip() and if_false.strip():
                return condition.strip(), if_true.strip(), if_false.strip()
            return None
        index += 1
    return None


def _steps(expr: str) -> list[str]:
    """``aws_x.name[0].arn`` -> ["aws_x", "name", "[0]", "arn"]."""
    steps = []
    for match in _STEP.finditer(expr):
        name, index, star, number = match.groups()
        if name is not None:
            steps.append(name)
        elif index is not None:
            steps.append(f"[{index}]")
        elif star is not None:
            steps.append("*")
        else:
            steps.append(f"[{number}]")
    return steps


def _walk(value: Any, rest: list[str], expr: str, origin: Origin, source: str) -> Evaluated:
    """Follow ``.key`` / ``[index]`` steps into a literal value."""
    for step in rest:
        if isinstance(value, dict) and not step.startswith("["):
            if step not in value:
                return Evaluated(Unresolved("${" + expr + "}"))
            value = value[step]
        elif isinstance(value, dict) and step.startswith('["') and step.endswith('"]'):
            key = step[2:-2]
            if key not in value:
                return Evaluated(Unresolved("${" + expr + "}"))
            value = value[key]
        elif isinstance(value, list) and step[1:-1].isdigit():
            position = int(step[1:-1])
            if position >= len(value):
                return Evaluated(Unresolved("${" + expr + "}"))
            value = value[position]
        else:
            return Evaluated(Unresolved("${" + expr + "}"))
    if isinstance(value, Unresolved | EntityRef):
        return Evaluated(value)
    return Evaluated(value, origin, source)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
