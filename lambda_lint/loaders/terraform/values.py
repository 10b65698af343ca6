"""Terraform JSON values (``${...}`` templates, references, variables) into model Fields.

In Terraform's JSON syntax every string is a template: ``"${var.memory}"`` is an
expression, ``"arn-${local.x}"`` an interpolation and ``"$${"`` an escaped
dollar. What can be known statically is resolved: literals, ``var.*`` defaults
(origin ``variable-default``, or a value from ``terraform.tfvars.json``),
``local.*`` values and references to resources of the module, which become
:class:`EntityRef`. Everything else (function calls, conditionals, ``data.*``,
``module.*``, ``each``/``count``) is :class:`Unresolved`, never guessed.

Locals are evaluated once per module, dependencies first (:meth:`TerraformResolver.
prepare_locals`), so a chain of any length resolves without recursing once per
link; locals that form a cycle (Terraform rejects them) stay unknown and are
listed in ``local_cycles`` for the loader to report.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

from lambda_lint.loaders.graphs import cycle_through, strongly_connected
from lambda_lint.loaders.terraform import functions
from lambda_lint.model import (
    MISSING,
    Choice,
    EntityKind,
    EntityRef,
    EnvVar,
    Field,
    Origin,
    Unresolved,
    object_path,
)
from lambda_lint.parsing import MDict, MList
from lambda_lint.parsing.nodes import NO_SPAN
from lambda_lint.span import Span

# Resource types the model knows, by the entity kind a reference to them resolves to.
TF_ENTITY_KINDS: dict[str, EntityKind] = {
    "aws_lambda_function": EntityKind.FUNCTION,
    "aws_lambda_alias": EntityKind.ALIAS,
    "aws_lambda_layer_version": EntityKind.LAYER,
    "aws_sqs_queue": EntityKind.QUEUE,
    "aws_iam_role": EntityKind.ROLE,
    "aws_subnet": EntityKind.SUBNET,
    "aws_route_table": EntityKind.ROUTE_TABLE,
    "aws_default_route_table": EntityKind.ROUTE_TABLE,
    "aws_nat_gateway": EntityKind.NAT_GATEWAY,
    "aws_internet_gateway": EntityKind.INTERNET_GATEWAY,
    "aws_instance": EntityKind.INSTANCE,
    "aws_kinesis_stream": EntityKind.KINESIS,
    "aws_dynamodb_table": EntityKind.DYNAMODB,
    "aws_msk_cluster": EntityKind.MSK,
    "aws_mq_broker": EntityKind.MQ,
    "aws_sns_topic": EntityKind.SNS,
    "aws_vpc": EntityKind.VPC,
    "aws_vpc_endpoint": EntityKind.VPC_ENDPOINT,
    "aws_s3_bucket": EntityKind.BUCKET,
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
# Conditionals nested deeper than this (``a ? 1 : b ? 2 : ...``) are unknown.
MAX_CONDITIONALS = 32
# Python converts at most this many digits to an int (``sys.get_int_max_str_digits``);
# a longer integer literal is unknown rather than a crash of the whole module.
MAX_INT_DIGITS = 4300
# Interpolation can double a string at each step (``"${local.b}${local.b}"``): forty
# such locals in a 2 KB file would spell terabytes. A template may always come to its
# own length; beyond that, it takes from the module's RESOLVED_BUDGET, at most
# MAX_RESOLVED_CHARS. A template whose text would exceed what it may take is unknown,
# its literal (a lower bound for size checks) cut there. Both are far beyond what
# Lambda takes (4 KB of environment), so no finding is lost to them.
MAX_RESOLVED_CHARS = 1 << 20
RESOLVED_BUDGET = 16 << 20
# The scanners below use regular expressions and ``str.find`` rather than a Python loop
# per character: templates are scanned once for every value of a module.
_TEMPLATE_MARK = re.compile(r"\$\$\{|%%\{|[$%]\{")
_BRACE_TOKEN = re.compile(r'[{}"]')
_TERNARY_TOKEN = re.compile(r'[()\[\]{}"?:]')
_STRING_REST = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # after an opening quote
_STRING_LITERAL = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
# A traversal's first steps (``var.x``, ``aws_x.y.arn``), not an attribute of something
# else (``f().x``, ``a.b``); a provider function (``provider::aws::f(...)``) has no dot.
_TRAVERSAL_HEAD = re.compile(r"(?<![\w.\-])([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*)+)")
# An interpolation with no string, brace or directive inside (most of them).
_SIMPLE_INTERPOLATION = re.compile(r'\$\{([^{}"]*)\}')
# For traversal_candidates: the body of a ``${...}``/``%{...}`` with nothing nested, else
# the rest of its template; traversal-shaped runs (no look-behind: several times faster).
# A run consumes its whole first word even when no step follows (the second group is
# then empty): restarting inside a long word (a 40 KB base64 literal) was quadratic.
_OPENING = re.compile(r'[$%]\{([^{}"\0]*\}|[^\0]*)')
_TRAVERSAL_RUN = re.compile(r"([A-Za-z_][\w-]*+)((?:\.[A-Za-z_][\w-]*+)*+)")
_FOR_BINDING = re.compile(r"\bfor\s+([A-Za-z_][\w-]*)(?:\s*,\s*([A-Za-z_][\w-]*))?\s+in\b")


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
    while True:
        mark = _TEMPLATE_MARK.search(text, index)
        if mark is None:
            buffer.append(text[index:])
            break
        buffer.append(text[index : mark.start()])
        if len(mark.group()) == 3:  # $${ and %%{ are an escaped ${ and %{
            buffer.append(mark.group()[1:])
            index = mark.end()
        elif mark.group() == "%{":
            return None
        else:
            end = _closing_brace(text, mark.end())
            if end < 0:
                return None
            literal = "".join(buffer)
            if literal:
                parts.append((False, literal))
            buffer = []
            parts.append((True, text[mark.end() : end].strip().strip("~").strip()))
            index = end + 1
    literal = "".join(buffer)
    if literal:
        parts.append((False, literal))
    return parts


HCL_SUFFIX = ".tf"


def spelled(value: Unresolved, span: Span) -> Unresolved:
    """``value`` as messages should show it where it is written: in an HCL file, as HCL
    writes it (``var.x``, ``"arn-${var.x}"``), not in JSON syntax's ``"${var.x}"``.

    The expression still names the same value, so identities within a module hold.
    """
    if not span.path.endswith(HCL_SUFFIX) or "{" not in value.expr:
        return value
    return Unresolved(hcl_expression(value.expr), value.literal)


@lru_cache(maxsize=4096)
def hcl_expression(expr: str) -> str:
    """A JSON-syntax template as HCL writes it: one interpolation is its expression, any
    other template a quoted string."""
    if "${" not in expr and "%{" not in expr:
        return expr
    parts = split_template(expr)
    if parts is not None and len(parts) == 1 and parts[0][0]:
        return parts[0][1]
    return '"' + expr + '"'


def _written(span: Span, used: Span) -> Span:
    """``span``, or ``used`` for a value built by a function (:data:`NO_SPAN`)."""
    return used if span is NO_SPAN else span


def _closing_brace(text: str, index: int) -> int:
    """The ``}`` closing a ``${`` or ``%{`` opened before ``index`` (-1 if none).

    Braces inside string literals do not count; a backslash escapes within them.
    """
    close = text.find("}", index)
    if close < 0:
        return -1
    if text.find("{", index, close) < 0 and text.find('"', index, close) < 0:
        return close  # the common case: a plain reference, no nesting, no strings
    depth = 1
    while True:
        token = _BRACE_TOKEN.search(text, index)
        if token is None:
            return -1
        index = token.end()
        char = token.group()
        if char == '"':
            rest = _STRING_REST.match(text, index)
            if rest is None:
                return -1
            index = rest.end()
        elif char == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return token.start()


def interpolations(text: str) -> list[str] | None:
    """The texts inside a template's ``${...}`` and ``%{...}``; None when one never closes."""
    found: list[str] = []
    index = 0
    while True:
        mark = _TEMPLATE_MARK.search(text, index)
        if mark is None:
            return found
        if len(mark.group()) == 3:  # an escape
            index = mark.end()
            continue
        end = _closing_brace(text, mark.end())
        if end < 0:
            return None
        found.append(text[mark.end() : end])
        index = end + 1


@lru_cache(maxsize=8192)
def template_references(text: str) -> tuple[tuple[str, ...], ...]:
    """The traversals a template refers to, as their leading name steps, each once.

    ``"${aws_x.y[0].arn} ${var.z}"`` -> ``(("aws_x", "y"), ("var", "z"))``. What
    is not a reference is left out: names bound by a ``for`` expression or a
    ``%{ for }`` directive anywhere in the template, string literals inside
    expressions (with any template nested in them), heredocs, attributes of other
    values and provider-defined functions. Deliberately conservative: this decides
    what lambda-lint reports as undeclared, so missing a reference is the safe side.
    """
    if "${" not in text and "%{" not in text:
        return ()
    if "%{" not in text and "$${" not in text and "for" not in text and "<<" not in text:
        simple = _SIMPLE_INTERPOLATION.findall(text)
        if len(simple) == text.count("${"):  # no strings or braces inside: nothing to skip
            found = dict.fromkeys(
                (m.group(1), *m.group(2)[1:].split("."))
                for m in _TRAVERSAL_HEAD.finditer(" ".join(simple))
            )
            return tuple(found)
    return _references_in_parts(text)


def _references_in_parts(text: str) -> tuple[tuple[str, ...], ...]:
    """:func:`template_references` for any template (the general, slower way)."""
    parts = interpolations(text)
    if not parts:
        return ()
    bound = {name for part in parts for m in _FOR_BINDING.finditer(part) for name in m.groups()}
    found: dict[tuple[str, ...], None] = {}
    for part in parts:
        if "<<" in part:  # a heredoc: its text is not code
            continue
        code = _STRING_LITERAL.sub('""', part) if '"' in part else part
        for match in _TRAVERSAL_HEAD.finditer(code):
            head = match.group(1)
            if head not in bound:
                found.setdefault((head, *match.group(2)[1:].split(".")), None)
    return tuple(found)


def traversal_candidates(texts: Sequence[str]) -> set[tuple[str, ...]] | None:
    """A superset of what :func:`template_references` finds in ``texts``, in a few C passes.

    An interpolation with nothing nested in it is taken as is; from any other
    one, the rest of its template is; in them, every traversal-shaped run counts
    (bound names, string literals and heredocs are not left out). When none of
    these names anything undeclared, no reference does, and the precise scan,
    which knows where each reference is, can be skipped. None when a text holds
    the NUL character that separates them here (then scan precisely).
    """
    joined = "\0".join(texts)
    if joined.count("\0") != max(len(texts) - 1, 0):
        return None
    regions = set(_OPENING.findall(joined))
    runs = set(_TRAVERSAL_RUN.findall(" ".join(regions)))
    return {(head, *rest[1:].split(".")) for head, rest in runs if rest}


def templates(node: Any) -> list[str]:
    """Every string inside ``node`` (object keys included) holding a ``${`` or ``%{``."""
    found: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if "{" in key and ("${" in key or "%{" in key):
                    found.append(key)
                if isinstance(value, str):
                    if "{" in value and ("${" in value or "%{" in value):
                        found.append(value)
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(item, list):
            for value in item:
                if isinstance(value, str):
                    if "{" in value and ("${" in value or "%{" in value):
                        found.append(value)
                elif isinstance(value, (dict, list)):
                    stack.append(value)
    return found


def strings(node: Any) -> Iterator[str]:
    """Every string inside ``node``, object keys included, without recursion.

    ``"//"`` keys too: they are comments only where a block is expected; inside
    a value (an expression, such as a local's) Terraform evaluates them.
    """
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for key, value in item.items():
                yield key
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


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
    """The value of an expression: a raw JSON node, an EntityRef or an Unresolved.

    ``span`` is where the value is written when that is not where it is used: a module
    input is reported at the caller's argument, not at the child's ``var.x``.
    """

    value: Any
    origin: Origin = Origin.EXPLICIT
    source: str = ""
    span: Span | None = None
    # The resolver the templates nested in ``value`` belong to (a caller's, for a
    # list passed to a module); None: the one evaluating.
    scope: TerraformResolver | None = None


class ModuleInput(NamedTuple):
    """A module call's argument, bound to the child's variable of that name: its raw value,
    the caller's resolver that evaluates it, where it is written and how messages name it."""

    raw: Any
    scope: TerraformResolver
    span: Span
    source: str


class ModuleInstances(Protocol):
    """A module's calls, loaded on first use: instance key (``""``, ``[0]``, ``["a"]``) ->
    the instance's resolver; None when the call is not followed."""

    def instances(self, name: str) -> Mapping[str, TerraformResolver] | None: ...


# Origins of a value no deploy-time setting changes (see TerraformResolver._decided).
_FIXED_ORIGINS = frozenset({Origin.EXPLICIT, Origin.INHERITED})


# A name bound around an expression (``each``, ``count``, a ``dynamic`` block's iterator):
# its attributes (``key``, ``value``, ``index``), or None when the collection is unknown.
Binding = Mapping[str, Evaluated] | None


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
        *,
        prefix: str = "",
        inputs: Mapping[str, ModuleInput] | None = None,
        prepare: bool = True,
        directory: str = ".",
    ) -> None:
        """``resource_types`` maps addresses to types; ``assigned`` holds tfvars values.

        ``assigned`` maps a variable to (value, file); a value of MISSING means the
        variable is set in a file we cannot read (HCL ``.tfvars``), so it is unknown.
        A child module's resolver has the ``prefix`` of its instance
        (``module.x.``), which its entities' ids take, and ``inputs``, the caller's
        arguments its variables are bound to. ``prepare=False`` leaves the locals to
        :meth:`prepare_locals`, once ``modules`` is set.
        """
        self.prefix = prefix
        self.directory = directory  # ``path.module``, relative to the root module
        self.inputs: Mapping[str, ModuleInput] = inputs or {}
        # The module calls of this module: ``instances(name)`` -> instance key -> resolver.
        self.modules: ModuleInstances | None = None
        self.outputs: dict[str, Any] = {}  # output name -> its raw value
        self.resource_types = resource_types
        self.variables = variables
        self.local_values = local_values
        self.assigned = assigned or {}
        self._resolving: set[str] = set()
        # Templates are pure given the module, and modules repeat them (``${var.stage}``).
        self._evaluated: dict[str, Evaluated] = {}
        self._cyclic: set[str] = set()
        # Characters produced so far by interpolation (see RESOLVED_BUDGET).
        self._produced = 0
        # local -> the locals its value refers to (the graph Terraform orders locals by).
        self.local_graph: dict[str, list[str]] = {}
        # Each cycle of locals as a path from its first local (in file order) back to it.
        self.local_cycles: list[tuple[str, ...]] = []
        # Names bound around the expressions this resolver evaluates (see :meth:`scoped`).
        self.bindings: dict[str, Binding] = {}
        self._parent: TerraformResolver | None = None
        if prepare:
            self.prepare_locals()

    def scoped(self, bindings: Mapping[str, Binding]) -> TerraformResolver:
        """This resolver with ``bindings`` added (an iterator, ``each``, ``count``).

        The scoped copy shares the module's variables, locals and resources; a template
        that mentions no bound name is evaluated (and memoised) by the parent, so a
        thousand instances of a block do not evaluate the module's locals again.
        """
        scoped = copy.copy(self)
        scoped.bindings = {**self.bindings, **bindings}
        scoped._evaluated = {}
        scoped._resolving = set()
        scoped._parent = self
        return scoped

    def prepare_locals(self) -> None:
        """Find the cycles of locals, then evaluate every other local once, dependencies first.

        Evaluated templates are memoised, so a later reference to a local (or to
        an attribute of it) finds its value, and the templates inside it, already
        computed: resolving a chain of any length never recurses once per link.
        A local on a cycle is Terraform's error; its value stays unknown.
        """
        names = self.local_values
        for name, value in names.items():
            targets: dict[str, None] = {}
            for text in strings(value):
                for steps in template_references(text):
                    if steps[0] == "local" and steps[1] in names:
                        targets.setdefault(steps[1], None)
            self.local_graph[name] = list(targets)
        order = {name: position for position, name in enumerate(names)}
        for component in strongly_connected(self.local_graph):
            first = min(component, key=order.__getitem__)
            if len(component) > 1 or first in self.local_graph[first]:
                self._cyclic.update(component)
                self.local_cycles.append(cycle_through(self.local_graph, first))
                continue
            for text in strings(names[first]):
                self.evaluate(text)
        self.local_cycles.sort(key=lambda cycle: order[cycle[0]])

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
        span = result.span or span
        if result.origin is not Origin.EXPLICIT:
            origin, source = result.origin, result.source
        value = result.value
        if isinstance(value, Conditional):
            return value.choice(lambda option: self._scalar(option, span, origin, source), span)
        if value is None:
            return Field(MISSING, span, origin, source)
        if isinstance(value, (dict, list)) and not isinstance(value, (MDict, MList)):
            value = Unresolved(str(value))
        if isinstance(value, Unresolved):
            value = spelled(value, span)
        return Field(value, span, origin, source)

    def items(self, raw: Any, span: Span) -> Field:
        """A list value: a Field whose value is a tuple of item Fields (or a Choice)."""
        return self._list(self.evaluate(raw), span)

    def _list(self, result: Evaluated, span: Span) -> Field:
        span = result.span or span
        value = result.value
        if isinstance(value, Conditional):
            return value.choice(lambda option: self._list(option, span), span)
        if value is None:
            return Field(MISSING, span)
        if not isinstance(value, list):
            if isinstance(value, Unresolved):
                return Field(spelled(value, span), span, result.origin, result.source)
            if isinstance(value, EntityRef):
                return Field(value, span, result.origin, result.source)
            return Field(Unresolved(str(value)), span)
        scope = result.scope or self
        items = []
        for index, item in enumerate(value):
            item_span = _written(value.item_span(index), span) if isinstance(value, MList) else span
            items.append(scope.value(item, item_span, result.origin, result.source))
        return Field(tuple(items), span, result.origin, result.source)

    def get_items(self, container: Any, key: str, at: Span) -> Field:
        if not isinstance(container, MDict) or container.get(key) is None:
            return Field(MISSING, at)
        return self.items(container[key], container.value_span(key))

    def env(self, raw: Any, span: Span) -> Field:
        """A map of variables: a Field whose value is a tuple of EnvVar (or a Choice)."""
        return self._map(self.evaluate(raw), span)

    def _map(self, result: Evaluated, span: Span) -> Field:
        span = result.span or span
        value = result.value
        if isinstance(value, Conditional):
            return value.choice(lambda option: self._map(option, span), span)
        if value is None:
            return Field((), span)
        if not isinstance(value, dict):
            if isinstance(value, Unresolved):
                return Field(spelled(value, span), span, result.origin, result.source)
            return Field(Unresolved(str(value)), span)
        scope = result.scope or self
        variables = []
        for name, item in value.items():
            if name == COMMENT_KEY:
                continue
            key_span = _written(value.key_span(name), span) if isinstance(value, MDict) else span
            item_span = _written(value.value_span(name), span) if isinstance(value, MDict) else span
            variables.append(
                EnvVar(name, key_span, scope.value(item, item_span, result.origin, result.source))
            )
        return Field(tuple(variables), span, result.origin, result.source)

    # -- evaluation ------------------------------------------------------------------------

    def evaluate(self, raw: Any) -> Evaluated:
        """The value of a JSON node: strings are templates, everything else is literal."""
        if not isinstance(raw, str):
            return Evaluated(raw)
        if self._parent is not None and not any(name in raw for name in self.bindings):
            return self._parent.evaluate(raw)
        known = self._evaluated.get(raw)
        if known is None:
            known = self._evaluated[raw] = self._template(raw)
        return known

    def _template(self, raw: str) -> Evaluated:
        parts = split_template(raw)
        if parts is None:
            return Evaluated(Unresolved(raw))
        if len(parts) == 1:
            is_expression, text = parts[0]
            return self.expression(text) if is_expression else Evaluated(text)
        if "s3:::" in raw or ".arn}/" in raw:
            objects = self._bucket_objects(parts)
            if objects is not None:
                return Evaluated(objects)
        pieces: list[str] = []
        size = 0
        # Up to the raw text's own length is always allowed (linear in the input); more
        # comes out of the module's budget.
        limit = max(len(raw), min(MAX_RESOLVED_CHARS, RESOLVED_BUDGET - self._produced))
        known = True
        origin = Origin.EXPLICIT
        sources: list[str] = []
        for is_expression, text in parts:
            if not is_expression:
                piece = text
            else:
                part = self.expression(text)
                if isinstance(part.value, (str, int, float, bool)):
                    piece = _text(part.value)
                    if part.origin is not Origin.EXPLICIT:
                        origin = part.origin
                        sources.append(part.source)
                else:
                    known = False
                    piece = part.value.literal if isinstance(part.value, Unresolved) else ""
            if size + len(piece) > limit:
                known = False
                pieces.append(piece[: limit - size])
                size = limit
                break
            pieces.append(piece)
            size += len(piece)
        if size > len(raw):
            self._produced += size - len(raw)
        text = "".join(pieces)
        if not known:
            return Evaluated(Unresolved(raw, text))
        if sources:
            return Evaluated(text, origin, ", ".join(dict.fromkeys(sources)))
        return Evaluated(text)

    def _bucket_objects(self, parts: list[tuple[bool, str]]) -> Any:
        """A bucket's objects spelled in a template (``${aws_s3_bucket.b.arn}/*``,
        ``arn:aws:s3:::${aws_s3_bucket.b.id}/*``): the model's ``object_path``, else None."""
        expressions = [i for i, (is_expression, _) in enumerate(parts) if is_expression]
        if len(expressions) != 1:
            return None
        at = expressions[0]
        text = parts[at][1].strip()
        ref = self.expression(text).value
        before = "".join(t for _, t in parts[:at])
        after = "".join(t for _, t in parts[at + 1 :])
        return object_path(before, ref, text.endswith(".arn"), after)

    def expression(self, expr: str, nesting: int = 0) -> Evaluated:
        """The value of one expression (the text inside ``${...}``).

        ``nesting`` counts the conditionals around it: past MAX_CONDITIONALS, a
        further ``?:`` is unknown (each level recurses, here and in the rules).
        """
        if _NUMBER.fullmatch(expr):
            if "." in expr:
                return Evaluated(float(expr))
            if len(expr.lstrip("-")) > MAX_INT_DIGITS:
                return Evaluated(Unresolved("${" + expr + "}"))
            return Evaluated(int(expr))
        if expr in ("true", "false"):
            return Evaluated(expr == "true")
        if expr == "null":
            return Evaluated(None)
        if len(expr) >= 2 and expr[0] == expr[-1] == '"' and "\\" not in expr and "${" not in expr:
            return Evaluated(expr[1:-1])
        conditional = _ternary(expr) if nesting < MAX_CONDITIONALS else None
        if conditional is not None:
            condition, if_true, if_false = conditional
            decided = self._decided(condition)
            if decided is not None:
                return self.expression(if_true if decided else if_false, nesting + 1)
            options = (
                self.expression(if_true, nesting + 1),
                self.expression(if_false, nesting + 1),
            )
            return Evaluated(Conditional(condition, options))
        if not _TRAVERSAL.fullmatch(expr):
            if functions.is_call(expr):
                called = functions.call(self, expr)
                if called is None:
                    return Evaluated(Unresolved("${" + expr + "}"))
                return Evaluated(*called)
            return Evaluated(Unresolved("${" + expr + "}"))
        steps = _steps(expr)
        head = steps[0] if steps else ""
        if head == "var" and len(steps) >= 2:
            return self._variable(expr, steps[1], steps[2:])
        if head == "local" and len(steps) >= 2:
            return self._local(expr, steps[1], steps[2:])
        if head in self.bindings:
            return self._bound(expr, self.bindings[head], steps[1:])
        if head == "path" and steps[1:] in (["module"], ["root"]):
            # Paths are relative to the root module's directory, where it was loaded.
            return Evaluated(self.directory if steps[1] == "module" else ".")
        found = self._address(steps)
        if found is not None:
            return self._resource(expr, *found)
        if head == "module" and self.modules is not None and len(steps) >= 3:
            return self._output(expr, steps[1], steps[2:])
        return Evaluated(Unresolved("${" + expr + "}"))

    def _decided(self, condition: str) -> bool | None:
        """The value of a condition that is fixed as written: a boolean literal, local or
        module argument (``var.create_role`` with ``create_role = false`` in the call),
        or its negation; None otherwise. A variable's default or tfvars value may differ
        at deploy time, so a condition on one stays a Choice and both results are checked.
        """
        negated = condition.startswith("!")
        text = condition[1:].strip() if negated else condition
        if not _TRAVERSAL.fullmatch(text):
            return None
        found = self.expression(text, MAX_CONDITIONALS)
        if not isinstance(found.value, bool) or found.origin not in _FIXED_ORIGINS:
            return None
        return found.value is not negated

    def _output(self, expr: str, call: str, steps: list[str]) -> Evaluated:
        """``module.x.name`` (or ``module.x["k"].name``): the output of a followed module."""
        unknown = Evaluated(Unresolved("${" + expr + "}"))
        instances = self.modules.instances(call) if self.modules is not None else None
        key = steps[0] if steps[0].startswith("[") else ""
        steps = steps[1:] if key else steps
        child = instances.get(key) if instances is not None else None
        if child is None or not steps or steps[0] not in child.outputs:
            return unknown
        found = child.evaluate(child.outputs[steps[0]])
        found = replace(found, scope=found.scope or child)
        return self._walked(found, steps[1:], expr)

    def _walked(self, found: Evaluated, rest: list[str], expr: str, raw: bool = False) -> Evaluated:
        """``found`` followed by ``rest`` (``.key``/``[index]``), its templates evaluated in
        its own scope; a value walked out of keeps the span and scope it came with.

        ``raw``: ``found`` is an element of a collection, not yet evaluated itself.
        """
        if not rest and not raw:
            return found
        scope = found.scope or self
        walked = _walk(found.value, rest, expr, found.origin, found.source)
        span = _walked_span(found.value, rest, found.span) if found.span else None
        if isinstance(walked.value, str) and "${" in walked.value:
            inner = scope.evaluate(walked.value)
            if inner.origin is Origin.EXPLICIT:
                inner = replace(inner, origin=walked.origin, source=walked.source)
            return replace(inner, span=inner.span or span)
        return replace(walked, span=span, scope=found.scope)

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
        given = self.inputs.get(name)
        if given is not None:  # a module argument, evaluated where the caller wrote it
            found = given.scope.evaluate(given.raw)
            if found.origin is Origin.EXPLICIT:
                found = replace(found, origin=Origin.INHERITED, source=given.source)
            found = replace(found, span=found.span or given.span, scope=found.scope or given.scope)
            return self._walked(found, rest, expr)
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
        # A local on a cycle is unknown (Terraform rejects it). ``_resolving`` only guards
        # against a cycle the graph cannot see (through a template in a variable's default).
        if name not in self.local_values or name in self._cyclic or name in self._resolving:
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

    def _bound(self, expr: str, binding: Binding, steps: list[str]) -> Evaluated:
        """``each.value.x``, ``count.index``, ``<iterator>.key``: unknown when the collection is."""
        found = binding.get(steps[0]) if binding is not None and steps else None
        if found is None:
            return Evaluated(Unresolved("${" + expr + "}"))
        return self._walked(found, steps[1:], expr, raw=True)

    def _resource(self, expr: str, address: str, rest: list[str]) -> Evaluated:
        kind = TF_ENTITY_KINDS.get(self.resource_types[address])
        attributes = [step for step in rest if not step.startswith("[") and step != "*"]
        attribute = attributes[0] if attributes else ""
        address = self.prefix + address
        if kind is EntityKind.VPC and attribute in _VPC_TABLE_ATTRIBUTES:
            return Evaluated(EntityRef(EntityKind.ROUTE_TABLE, address + MAIN_TABLE_SUFFIX))
        if kind is not None and attribute in _IDENTITY_ATTRIBUTES:
            return Evaluated(EntityRef(kind, address))
        if kind is EntityKind.BUCKET and attribute == "bucket":  # the bucket's name
            return Evaluated(EntityRef(kind, address))
        return Evaluated(Unresolved("${" + expr + "}"))


def _ternary(expr: str) -> tuple[str, str, str] | None:
    """Split ``cond ? a : b`` at its top level (outside brackets and strings), else None."""
    if "?" not in expr:
        return None
    depth = 0
    question = -1
    index = 0
    while True:
        token = _TERNARY_TOKEN.search(expr, index)
        if token is None:
            return None
        index = token.end()
        char = token.group()
        if char == '"':
            rest = _STRING_REST.match(expr, index)
            if rest is None:
                return None
            index = rest.end()
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0 and char == "?" and question < 0:
            question = token.start()
        elif depth == 0 and char == ":" and question >= 0:
            condition, if_true, if_false = (
                expr[:question].strip(),
                expr[question + 1 : token.start()].strip(),
                expr[index:].strip(),
            )
            if condition and if_true and if_false:
                return condition, if_true, if_false
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


def _walked_span(value: Any, rest: list[str], span: Span) -> Span:
    """Where the value ``rest`` walks to inside ``value`` is written, as far as the marked
    tree says (``span``, where ``value`` is, otherwise)."""
    for step in rest:
        index = step[1:-1]
        key = step[2:-2] if step.startswith('["') else None if step.startswith("[") else step
        if isinstance(value, MDict) and key is not None and key in value:
            span, value = value.value_span(key), value[key]
        elif isinstance(value, MList) and index.isdigit() and int(index) < len(value):
            span, value = value.item_span(int(index)), value[int(index)]
        else:
            return span
    return span


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
