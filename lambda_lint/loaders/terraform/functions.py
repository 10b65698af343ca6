"""Terraform's pure functions over known values (``merge``, ``lookup``, ``format``...).

Lambda configurations build environments and settings with a few pure functions
(``merge(local.common, { STAGE = var.stage })``, ``lookup(var.timeouts, "api", 30)``).
Both syntaxes keep a call as expression text, so this reads the call and its
arguments (strings, numbers, object and tuple constructors, nested calls,
references) and evaluates the functions below with Terraform's semantics. An
argument that is unknown where the result depends on it makes the result unknown;
a function not listed here is unknown; nothing is guessed.

Values travel as JSON-syntax trees: a known string that holds ``${`` is escaped
(``$${``), so the resolver reading the result again gets the same text. Keys and
items copied out of a written mapping or list keep the spans they were written at;
anything built here has the span of the call (``NO_SPAN`` marks it for the resolver).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from lambda_lint.model import EntityRef, Origin, Unresolved
from lambda_lint.parsing import MDict, MList
from lambda_lint.parsing.nodes import NO_SPAN
from lambda_lint.span import Span


class Evaluated(Protocol):
    """What the resolver gives for an expression (``values.Evaluated``)."""

    @property
    def value(self) -> Any: ...
    @property
    def origin(self) -> Origin: ...
    @property
    def source(self) -> str: ...
    @property
    def scope(self) -> TerraformResolver | None: ...


class TerraformResolver(Protocol):
    """The module's resolver (``values.TerraformResolver``): what arguments refer to."""

    def evaluate(self, raw: Any) -> Evaluated: ...
    def expression(self, expr: str, nesting: int = 0) -> Evaluated: ...


@dataclass(frozen=True, slots=True)
class _Found:
    """A value this module read itself (a constructor, a nested call)."""

    value: Any
    origin: Origin = Origin.EXPLICIT
    source: str = ""
    scope: TerraformResolver | None = None


_T = TypeVar("_T")
_CALL = re.compile(r"([a-z][a-z0-9_]*)\s*\(")
_FORMAT_VERB = re.compile(r"%(?:(%)|([sdqv]))|%")
# Calls nested deeper than this, or values deeper than this, are unknown (each level
# recurses a few frames).
MAX_DEPTH = 32
# A string a function builds (format, join, jsonencode) is unknown beyond this size.
MAX_CHARS = 1 << 20
_CLOSERS = {"(": ")", "[": "]", "{": "}"}


class _Unknown(Exception):
    """An input the result depends on is unknown."""


class _Error(Exception):
    """Terraform would report an error (``try`` moves on to its next argument)."""


def is_call(expr: str) -> bool:
    """Whether ``expr`` is one function call ``name(...)`` with nothing after it."""
    match = _CALL.match(expr)
    return match is not None and _matching(expr, match.end() - 1) == len(expr) - 1


def call(resolver: TerraformResolver, expr: str) -> tuple[Any, Origin, str] | None:
    """The value of the call ``expr`` (see :func:`is_call`) with its origin and source;
    None when it is unknown."""
    try:
        found = _called(resolver, expr)
    except (_Unknown, _Error, RecursionError):
        return None
    return found.value, found.origin, found.source


def _called(resolver: TerraformResolver, expr: str) -> _Found:
    """:func:`call`, raising _Error where Terraform reports one (for ``try``)."""
    if _depth(expr) > MAX_DEPTH:
        raise _Unknown
    match = _CALL.match(expr)
    assert match is not None
    name = match.group(1)
    function = _FUNCTIONS.get(name)
    if function is None:
        raise _Unknown
    arguments = _split(expr[match.end() : -1], ",")
    if arguments is None or any(argument.endswith("...") for argument in arguments):
        raise _Unknown
    reader = _Arguments(resolver, arguments)
    value = function(reader) if name == "try" else function(reader.all())
    origins = reader.origins
    if isinstance(value, _Chosen):  # the value of one argument: its origin alone
        origins = origins[value.index : value.index + 1]
        value = value.value
    origin, source = next(
        ((origin, source) for origin, source in origins if origin is not Origin.EXPLICIT),
        (Origin.EXPLICIT, ""),
    )
    return _Found(_tree(value), origin, source)


@dataclass(frozen=True, slots=True)
class _Chosen:
    """A result that is (part of) one argument's value: it keeps that argument's origin."""

    value: Any
    index: int


class _Arguments:
    """The arguments of one call, evaluated on demand into plain values."""

    def __init__(self, resolver: TerraformResolver, texts: list[str]) -> None:
        self.resolver = resolver
        self.texts = texts
        self.origins: list[tuple[Origin, str]] = []  # of each argument read, in order

    def all(self) -> list[Any]:
        return [self.one(text) for text in self.texts]

    def one(self, text: str) -> Any:
        found = _argument(self.resolver, text, 0)
        self.origins.append((found.origin, found.source))
        return plain(found, self.resolver, 0)


def _argument(resolver: TerraformResolver, text: str, depth: int) -> Evaluated:
    """One argument expression: a constructor, string or call read here, anything else
    by the resolver (references, numbers, conditionals)."""
    if depth > MAX_DEPTH or not text:
        raise _Unknown
    first = text[0]
    if first in "[{" and _matching(text, 0) == len(text) - 1:
        items = _split(text[1:-1], ",\n")
        if items is None:
            raise _Unknown
        if first == "[":
            listed = [plain(_argument(resolver, i, depth + 1), resolver, 0) for i in items]
            return _Found(_escaped(listed))
        mapping: dict[str, Any] = {}
        for item in items:
            key, value = _entry(item)
            mapping[key] = plain(_argument(resolver, value, depth + 1), resolver, 0)
        return _Found(_escaped(mapping))
    if first == '"' and _string_end(text, 0) == len(text) - 1:
        return resolver.evaluate(_unquoted(text))
    if is_call(text):
        return _called(resolver, text)
    return resolver.expression(text)


def _entry(item: str) -> tuple[str, str]:
    """``key = value`` (or ``key: value``) of an object constructor."""
    if item.startswith('"'):
        end = _string_end(item, 0)
        if end < 0:
            raise _Unknown
        key = _unquoted(item[: end + 1])
        if "${" in key or "%{" in key:
            raise _Unknown
        rest = item[end + 1 :].lstrip()
    else:
        match = re.match(r"[A-Za-z_][\w-]*", item)
        if match is None:
            raise _Unknown
        key, rest = match.group(), item[match.end() :].lstrip()
    if not rest or rest[0] not in "=:":
        raise _Unknown
    return key, rest[1:].strip()


def plain(found: Evaluated, resolver: TerraformResolver, depth: int) -> Any:
    """``found`` with every template nested in it evaluated: str, int, float, bool, None,
    dict, list (MDict/MList where written, keeping their spans), Unresolved or EntityRef.

    ``found.value`` itself is evaluated already; what it holds is a JSON-syntax tree.
    """
    return _nested(found.value, found.scope or resolver, depth)


def _nested(value: Any, scope: TerraformResolver, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _Unknown
    if isinstance(value, dict | list):
        return _rebuilt(value, lambda item: _item(item, scope, depth), None)
    if value is None or isinstance(value, str | int | float | Unresolved | EntityRef):
        return value
    return Unresolved(repr(value))  # a conditional, or anything else not decided here


def _rebuilt(value: Any, convert: Callable[[Any], Any], span: Span | None) -> Any:
    """``value``'s items converted, in a mapping or list that keeps the spans they were
    written at. One built here is an MDict/MList with ``span``, or a plain one if None."""
    if isinstance(value, dict):
        written = value if isinstance(value, MDict) else None
        mapping: dict[str, Any] = (
            MDict(written.span) if written else {} if span is None else MDict(span)
        )
        for key, item in value.items():
            mapping[key] = convert(item)
            if written is not None and isinstance(mapping, MDict):
                mapping.key_spans[key] = written.key_span(key)
                mapping.value_spans[key] = written.value_span(key)
        return mapping
    listed = value if isinstance(value, MList) else None
    items: list[Any] = MList(listed.span) if listed else [] if span is None else MList(span)
    for index, item in enumerate(value):
        items.append(convert(item))
        if listed is not None and isinstance(items, MList):
            items.item_spans.append(listed.item_span(index))
    return items


def _item(item: Any, scope: TerraformResolver, depth: int) -> Any:
    """An item of a JSON-syntax tree, its templates evaluated in ``scope``."""
    if isinstance(item, str):
        return plain(scope.evaluate(item), scope, depth + 1)
    return _nested(item, scope, depth + 1)


def _tree(value: Any) -> Any:
    """A function's result as an evaluated value: a string as it is, a collection as the
    JSON-syntax tree that evaluates to it."""
    return value if isinstance(value, str) else _escaped(value)


def _escaped(value: Any) -> Any:
    """A plain value as the JSON-syntax tree that evaluates to it (``${`` -> ``$${``)."""
    if isinstance(value, str):
        return value.replace("${", "$${").replace("%{", "%%{")
    if isinstance(value, dict | list):
        return _rebuilt(value, _escaped, NO_SPAN)
    return value


# -- the functions ---------------------------------------------------------------------


def _known(value: Any) -> Any:
    """``value`` itself, unless it is (or holds) an unknown."""
    if isinstance(value, Unresolved | EntityRef):
        raise _Unknown
    if isinstance(value, dict):
        for item in value.values():
            _known(item)
    elif isinstance(value, list):
        for item in value:
            _known(item)
    return value


def _string(value: Any) -> str:
    """Terraform's conversion to string: numbers and booleans convert, null does not."""
    if isinstance(value, Unresolved | EntityRef):
        raise _Unknown
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number_text(value)
    if isinstance(value, str):
        return value
    raise _Error


def _number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _mapping(value: Any) -> dict[str, Any]:
    return _typed(value, dict)


def _sequence(value: Any) -> list[Any]:
    return _typed(value, list)


def _typed(value: Any, kind: type[_T]) -> _T:
    """``value`` when it is a ``kind``; unknown when it is unknown; else Terraform's error."""
    if isinstance(value, Unresolved | EntityRef):
        raise _Unknown
    if not isinstance(value, kind):
        raise _Error
    return value


def _integer(value: Any) -> int:
    if isinstance(value, Unresolved | EntityRef):
        raise _Unknown
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise _Error from None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise _Error
    return int(value)


def _arity(arguments: Sequence[Any], low: int, high: int) -> None:
    if not low <= len(arguments) <= high:
        raise _Error


def _merge(arguments: list[Any]) -> Any:
    """Later arguments win, key by key (shallow); null arguments are skipped."""
    result: dict[str, Any] = MDict(NO_SPAN)
    for argument in arguments:
        if argument is None:
            continue
        mapping = _mapping(argument)
        for key, value in mapping.items():
            result.pop(key, None)
            result[key] = value
            if isinstance(mapping, MDict) and isinstance(result, MDict):
                result.key_spans[key] = mapping.key_span(key)
                result.value_spans[key] = mapping.value_span(key)
            elif isinstance(result, MDict):
                result.key_spans.pop(key, None)
                result.value_spans.pop(key, None)
    return result


def _lookup(arguments: list[Any]) -> Any:
    _arity(arguments, 2, 3)
    mapping, key = _mapping(arguments[0]), _string(arguments[1])
    if key in mapping:
        return _Chosen(mapping[key], 0)
    if len(arguments) == 3:
        return _Chosen(arguments[2], 2)
    raise _Error


def _concat(arguments: list[Any]) -> Any:
    result: list[Any] = MList(NO_SPAN)
    for argument in arguments:
        items = _sequence(argument)
        for index, item in enumerate(items):
            result.append(item)
            span = items.item_span(index) if isinstance(items, MList) else NO_SPAN
            if isinstance(result, MList):
                result.item_spans.append(span)
    return result


def _coalesce(arguments: list[Any]) -> Any:
    """The first argument that is not null and not an empty string."""
    for index, argument in enumerate(arguments):
        if isinstance(argument, Unresolved | EntityRef):
            raise _Unknown
        if argument is not None and argument != "":
            return _Chosen(argument, index)
    raise _Error


def _format(arguments: list[Any]) -> Any:
    """``%s``, ``%d``, ``%q``, ``%v`` and ``%%``; any other verb or flag is unknown."""
    if not arguments:
        raise _Error
    spec = _string(arguments[0])
    values = iter(arguments[1:])
    out: list[str] = []
    at = 0
    for match in _FORMAT_VERB.finditer(spec):
        out.append(spec[at : match.start()])
        at = match.end()
        if match.group(1):
            out.append("%")
            continue
        verb = match.group(2)
        if verb is None:
            raise _Unknown  # a flag, width or verb not evaluated here
        value = next(values, _Error)
        if value is _Error:
            raise _Error
        if verb == "d":
            out.append(str(_integer(value)))
        elif verb == "q":
            out.append(json.dumps(_string(value), ensure_ascii=False))
        elif verb == "v" and isinstance(value, dict | list):
            out.append(_jsonencode([value]))
        else:
            out.append(_string(value))
    out.append(spec[at:])
    if next(values, _Error) is not _Error:
        raise _Error  # Terraform rejects arguments no verb consumes
    return _bounded("".join(out))


def _bounded(text: str) -> str:
    if len(text) > MAX_CHARS:
        raise _Unknown
    return text


def _join(arguments: list[Any]) -> Any:
    if len(arguments) < 2:
        raise _Error
    separator = _string(arguments[0])
    items: list[str] = []
    for argument in arguments[1:]:
        items.extend(_string(item) for item in _sequence(argument))
    return _bounded(separator.join(items))


def _split(text: str, separators: str) -> list[str] | None:
    """``text`` cut at top-level ``separators`` (outside brackets and strings), stripped,
    empty pieces dropped; None when a bracket or string does not close."""
    pieces: list[str] = []
    start = 0
    try:
        for at, char, depth in _scanned(text, 0):
            if not char and depth:
                return None
            if not depth and char and char in separators:
                pieces.append(text[start:at])
                start = at + 1
    except ValueError:
        return None
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def _split_function(arguments: list[Any]) -> Any:
    _arity(arguments, 2, 2)
    separator, text = _string(arguments[0]), _string(arguments[1])
    if separator == "":
        return list(text)
    return text.split(separator)


def _try(reader: _Arguments) -> Any:
    """The first argument that evaluates without error; an unknown one makes it unknown
    (Terraform cannot tell yet whether it would fail)."""
    for text in reader.texts:
        try:
            value = _known_or_raise(reader.one(text))
        except _Error:
            reader.origins.append((Origin.EXPLICIT, ""))
            continue
        return _Chosen(value, len(reader.origins) - 1)
    raise _Error


def _known_or_raise(value: Any) -> Any:
    if isinstance(value, Unresolved | EntityRef):
        raise _Unknown
    return value


def _element(arguments: list[Any]) -> Any:
    """``element(list, index)``: the index wraps around the list's length."""
    _arity(arguments, 2, 2)
    items, index = _sequence(arguments[0]), _integer(arguments[1])
    if index < 0:
        raise _Unknown  # Terraform versions differ on negative indices
    if not items:
        raise _Error
    return _Chosen(items[index % len(items)], 0)


def _length(arguments: list[Any]) -> Any:
    """Items of a collection, or Unicode characters of a string."""
    _arity(arguments, 1, 1)
    value = arguments[0]
    if isinstance(value, Unresolved | EntityRef):
        raise _Unknown
    if isinstance(value, str | list | dict):
        return len(value)
    raise _Error


def _conversion(convert: Callable[[Any], Any]) -> Callable[[list[Any]], Any]:
    """``tolist``/``tomap``: the one argument, when it is already of that kind."""

    def function(arguments: list[Any]) -> Any:
        _arity(arguments, 1, 1)
        return convert(arguments[0])

    return function


def _toset(arguments: list[Any]) -> Any:
    """Distinct strings, in lexical order as Terraform orders a set of strings."""
    _arity(arguments, 1, 1)
    items = _sequence(arguments[0])
    if not all(isinstance(item, str) for item in items):
        raise _Unknown  # conversion to a common type, and its order, not decided here
    return sorted(set(items))


def _jsonencode(arguments: list[Any]) -> Any:
    """Terraform's encoding: compact, object keys sorted, ``<>&`` escaped as Go does."""
    _arity(arguments, 1, 1)
    value = _whole_numbers(_known(arguments[0]))
    text = json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _bounded(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _whole_numbers(value: Any) -> Any:
    """``value`` with whole floats as integers: Terraform's numbers encode ``1``, not ``1.0``."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(item) for item in value]
    return value


def _jsondecode(arguments: list[Any]) -> Any:
    _arity(arguments, 1, 1)
    try:
        return json.loads(_string(arguments[0]))
    except (ValueError, RecursionError):
        raise _Error from None


_FUNCTIONS: dict[str, Callable[[Any], Any]] = {
    "merge": _merge,
    "lookup": _lookup,
    "concat": _concat,
    "coalesce": _coalesce,
    "format": _format,
    "join": _join,
    "split": _split_function,
    "try": _try,
    "element": _element,
    "length": _length,
    "tolist": _conversion(_sequence),
    "toset": _toset,
    "tomap": _conversion(_mapping),
    "jsonencode": _jsonencode,
    "jsondecode": _jsondecode,
}


# -- scanning --------------------------------------------------------------------------


def _string_end(text: str, start: int) -> int:
    """The index of the quote closing the string opened at ``start`` (-1 if none);
    interpolations inside may hold quotes of their own."""
    at = start + 1
    while at < len(text):
        char = text[at]
        if char == "\\":
            at += 2
            continue
        if char == '"':
            return at
        if text.startswith(("${", "%{"), at) and not text.startswith(("$${", "%%{"), at - 1):
            end = _interpolation_end(text, at + 2)
            if end < 0:
                return -1
            at = end + 1
            continue
        at += 1
    return -1


def _interpolation_end(text: str, at: int) -> int:
    """The index of the ``}`` closing an interpolation whose body starts at ``at``."""
    depth = 1
    while at < len(text):
        char = text[at]
        if char == '"':
            end = _string_end(text, at)
            if end < 0:
                return -1
            at = end
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if not depth:
                return at
        at += 1
    return -1


def _matching(text: str, start: int) -> int:
    """The index of the bracket closing the one at ``start`` (-1 if none)."""
    try:
        for at, char, depth in _scanned(text, start):
            if not depth and char and char in ")]}":
                return at
    except ValueError:
        return -1
    return -1


def _scanned(text: str, at: int) -> Iterator[tuple[int, str, int]]:
    """Each character of ``text`` from ``at`` outside strings, with the bracket depth after
    it, then ``(len(text), "", depth)``; ValueError at a string or bracket that does not
    match."""
    closers: list[str] = []
    while at < len(text):
        char = text[at]
        if char == '"':
            end = _string_end(text, at)
            if end < 0:
                raise ValueError(at)
            at = end + 1
            continue
        if char in _CLOSERS:
            closers.append(_CLOSERS[char])
        elif closers and char == closers[-1]:
            closers.pop()
        elif char in ")]}":
            raise ValueError(at)
        yield at, char, len(closers)
        at += 1
    yield len(text), "", len(closers)


def _depth(text: str) -> int:
    """How deeply brackets nest in ``text`` (strings included: a bound, not exact)."""
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    return deepest


_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def _unquoted(text: str) -> str:
    """A quoted HCL string's template text, its escapes undone."""

    def replace(match: re.Match[str]) -> str:
        escape = match.group()
        if escape[1] in "uU":
            return chr(int(escape[2:], 16)) if int(escape[2:], 16) < 0x110000 else escape
        return _SIMPLE_ESCAPES.get(escape[1], escape)

    return _ESCAPE.sub(replace, text[1:-1])
