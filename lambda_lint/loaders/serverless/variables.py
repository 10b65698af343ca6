"""Serverless Framework variables (``${self:...}``, ``${opt:stage, 'dev'}``...) resolved
as far as they can be known before a deployment.

To YAML a variable is only text; the framework replaces it when it loads the service
(docs/aws-facts.md#serverless-framework-variables). Here:

- ``${self:a.b}`` is looked up in the service itself (nested variables resolved first,
  ``${self:custom.${opt:stage}}`` included), and ``${file(./x.yml):key}`` in a YAML or
  JSON file of the repository;
- everything that depends on the deployment (``opt``, ``env``, ``ssm``, ``param``,
  ``cf``, ``s3``, ``aws``...) is unknown, unless a fallback is written
  (``${opt:stage, 'dev'}``): then the fallback is an *assumed* value, and findings
  about it say so; ``${sls:stage}`` is such a fallback by definition (``--stage``,
  else ``provider.stage``, else ``dev``);
- cycles and chains deeper than :data:`MAX_DEPTH` are unknown, never a hang.

A resolved scalar keeps the span where the variable was written; an unknown or
assumed one becomes a :class:`Given` holding its model value and origin, which the
service's resolver hands to the model unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lambda_lint.loaders.problems import LoadProblem
from lambda_lint.model import Origin, Unresolved
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span, in_file

# Nested look-ups deeper than this are unknown (the framework has no limit but its stack).
MAX_DEPTH = 32
# Files ``${file(...)}`` may read, per service (each parsed once).
MAX_FILES = 64
_READABLE = (".yml", ".yaml", ".json")


@dataclass(frozen=True, slots=True)
class Given:
    """A value the variables made: unknown (``Unresolved``) or assumed from a fallback."""

    value: Any
    origin: Origin = Origin.EXPLICIT
    source: str = ""

    def __str__(self) -> str:
        value = self.value
        return value.expr if isinstance(value, Unresolved) else str(value)

    def __repr__(self) -> str:
        """As the value reads in a message that shows a whole block: as written."""
        return repr(str(self))


def _unknown(text: str, literal: str = "") -> Given:
    return Given(Unresolved(text, literal))


def plain(value: Any) -> Any:
    """The literal behind a resolved value: a :class:`Given` assumed value's own, else
    the value; None for an unknown one."""
    if isinstance(value, Given):
        return None if isinstance(value.value, Unresolved) else value.value
    return value


# A file loader: (path) -> parsed root and its display path, or None when unreadable.
FileReader = Callable[[Path], tuple[Any, str] | None]


class Variables:
    """Resolves the variables of one service (its root mapping) and the files it reads."""

    def __init__(self, root: MDict, service_dir: Path, boundary: Path, read: FileReader) -> None:
        self.root = root
        self.service_dir = service_dir
        self.boundary = boundary  # ``${file()}`` paths must stay inside this directory
        self._read = read
        self._files: dict[Path, Any] = {}
        self._active: set[str] = set()
        self._resolved: dict[str, Any] = {}  # ``self:`` addresses already looked up
        self.problems: list[LoadProblem] = []

    # -- the tree ---------------------------------------------------------------------------

    def resolve_tree(self, node: Any, depth: int = 0) -> Any:
        """A copy of ``node`` with every string's variables resolved (spans kept)."""
        if isinstance(node, MDict):
            copy = MDict(node.span)
            for key, value in node.items():
                copy[key] = self._resolved_value(value, node.value_span(key), depth)
                copy.key_spans[key] = node.key_span(key)
                copy.value_spans[key] = node.value_span(key)
            return copy
        if isinstance(node, MList):
            items = MList(node.span)
            for index, item in enumerate(node):
                items.append(self._resolved_value(item, node.item_span(index), depth))
                items.item_spans.append(node.item_span(index))
            return items
        return node

    def _resolved_value(self, value: Any, span: Span, depth: int) -> Any:
        if isinstance(value, str) and "${" in value:
            resolved = self.resolve_text(value, span, depth)
            if isinstance(resolved, Given) and isinstance(resolved.value, (MDict, MList)):
                # a block read through an assumed fallback: each value in it is assumed
                return _assumed(resolved.value, resolved.source)
            return resolved
        return self.resolve_tree(value, depth)

    # -- one string ---------------------------------------------------------------------------

    def resolve_text(self, text: str, span: Span, depth: int = 0) -> Any:
        """A string's value: the variable's own value when the string is one variable,
        else the text with each variable's value in place (unknown if any part is)."""
        if depth > MAX_DEPTH:
            return _unknown(text)
        parts = _segments(text)
        if parts is None:
            return text  # an unclosed ``${``: the framework takes it as text too
        # ``${AWS::Region}`` and ``${Queue.Arn}`` are CloudFormation's (``Fn::Sub``), not variables.
        parts = [
            p if isinstance(p, str) or _is_variable(p[0]) else "${" + p[0] + "}" for p in parts
        ]
        if all(isinstance(p, str) for p in parts):
            return text
        if len(parts) == 1 and not isinstance(parts[0], str):
            return self._variable(parts[0][0], span, depth)
        pieces: list[str] = []
        literal: list[str] = []
        unknown = False
        assumed: list[str] = []
        for part in parts:
            if isinstance(part, str):
                pieces.append(part)
                literal.append(part)
                continue
            value = self._variable(part[0], span, depth)
            if isinstance(value, Given) and isinstance(value.value, Unresolved):
                unknown = True
                literal.append(value.value.literal)
                continue
            if isinstance(value, Given):
                assumed.append(value.source)
                value = value.value
            if isinstance(value, (dict, list)) or value is None:
                unknown = True  # a mapping or nothing inside text: the framework rejects it
                continue
            text_value = _js_text(value)
            pieces.append(text_value)
            literal.append(text_value)
        if unknown:
            return _unknown(text, "".join(literal))
        joined = "".join(pieces)
        if assumed:
            return Given(joined, Origin.VARIABLE_DEFAULT, ", ".join(dict.fromkeys(assumed)))
        return joined

    def _variable(self, inner: str, span: Span, depth: int) -> Any:
        """The value of one ``${...}`` (its inside, nested variables unresolved yet)."""
        written = "${" + inner + "}"
        assumed = ""
        if "${" in inner:
            expanded = self.resolve_text(inner, span, depth + 1)
            if isinstance(expanded, Given) and isinstance(expanded.value, str):
                assumed, expanded = expanded.source, expanded.value  # ${self:a.${opt:x, 'y'}}
            if not isinstance(expanded, str):
                return _unknown(written)
            inner = expanded
        value = self._options(inner, written, span, depth)
        if assumed and not (isinstance(value, Given) and isinstance(value.value, Unresolved)):
            return Given(plain(value), Origin.VARIABLE_DEFAULT, assumed)
        return value

    def _options(self, inner: str, written: str, span: Span, depth: int) -> Any:
        """The value of an address and its fallbacks, the first that holds one."""
        options = _split_fallbacks(inner)
        primary, fallbacks = options[0], options[1:]
        value = self._address(primary, span, depth)
        unknown = isinstance(value, Given) and isinstance(value.value, Unresolved)
        if not unknown and value is not None:
            return value
        for fallback in fallbacks:
            found = self._fallback(fallback, span, depth)
            if found is None:
                continue
            if isinstance(found, Given) and isinstance(found.value, Unresolved):
                return _unknown(written)
            if value is None:  # the address is known to be absent: the fallback is certain
                return found
            found = plain(found)
            return Given(found, Origin.VARIABLE_DEFAULT, "${" + primary.strip() + "}")
        return value if value is not None else _unknown(written)

    def _fallback(self, text: str, span: Span, depth: int) -> Any:
        """A fallback: a quoted string, a number, a boolean or another address."""
        text = text.strip()
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
            return text[1:-1]
        for convert in (int, float):
            try:
                return convert(text)
            except ValueError:
                pass
        if text in ("true", "false"):
            return text == "true"
        if text == "null":
            return None
        return self._address(text, span, depth)

    def _address(self, address: str, span: Span, depth: int) -> Any:
        """``self:path``, ``file(path):key`` or another source (unknown); None when the
        address is known to hold nothing (so a fallback applies for certain)."""
        address = address.strip()
        source, _, rest = address.partition(":")
        source = source.strip()
        if source == "self":
            return self._self(rest.strip(), span, depth)
        if source.startswith("file(") and ")" in address:
            return self._file(address, span, depth)
        if source == "sls" and rest.strip() == "stage":
            return self._stage(span, depth)
        return _unknown("${" + address + "}")

    def _stage(self, span: Span, depth: int) -> Any:
        """``${sls:stage}``: ``--stage``, else ``provider.stage``, else ``dev``; without the
        option, the other two are what a deployment assumes."""
        written = self._walk(self.root, "provider.stage", span, depth)
        if written is None:
            written = "dev"
        if isinstance(written, Given) and isinstance(written.value, Unresolved):
            return _unknown("${sls:stage}")
        return Given(plain(written), Origin.VARIABLE_DEFAULT, "${sls:stage}")

    def _self(self, path: str, span: Span, depth: int) -> Any:
        key = "self:" + path
        if key in self._active:
            self.problems.append(
                LoadProblem(
                    f"variable ${{{key}}} refers to itself through other variables; the "
                    "Serverless Framework cannot resolve it",
                    span,
                    f"variable-cycle:{key}",
                )
            )
            return _unknown("${" + key + "}")
        if key in self._resolved:  # a block used by every function is resolved once
            return self._resolved[key]
        self._active.add(key)
        try:
            value = self._walk(self.root, path, span, depth)
        finally:
            self._active.discard(key)
        self._resolved[key] = value
        return value

    def _file(self, address: str, span: Span, depth: int) -> Any:
        written = "${" + address + "}"
        start = address.index("(") + 1
        end = address.find(")", start)
        relative = address[start:end].strip().strip("'\"")
        key = address[end + 1 :].lstrip(":").strip() if end != -1 else ""
        target = (self.service_dir / relative).resolve()
        if (
            not relative
            or Path(relative).is_absolute()
            or not target.is_relative_to(self.boundary)
            or not target.name.endswith(_READABLE)
        ):
            return _unknown(written)  # outside the repository, or code (``.js``): unknown
        marker = f"file:{target}"
        if marker in self._active:
            return _unknown(written)
        if target not in self._files:
            if len(self._files) >= MAX_FILES:
                return _unknown(written)
            read = self._read(target)
            self._files[target] = _stamped(read[0], read[1]) if read is not None else _ABSENT
        content = self._files[target]
        if content is _ABSENT:
            return _unknown(written)
        self._active.add(marker)
        try:
            return self._walk(content, key, span, depth)
        finally:
            self._active.discard(marker)

    def _walk(self, root: Any, path: str, span: Span, depth: int) -> Any:
        """``a.b.0`` in a tree, resolving the variables met on the way (``custom.conf``
        may itself be a ``${file(...)}``); None where a part is missing."""
        node = root
        assumed: list[str] = []
        for part in (p for p in path.split(".") if p):
            if isinstance(node, str) and "${" in node:
                node = self.resolve_text(node, span, depth + 1)
            if isinstance(node, Given):
                if isinstance(node.value, Unresolved):
                    return _unknown("${" + path + "}")
                assumed.append(node.source)
                node = node.value
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return None
        value = self._resolved_value(node, span, depth + 1)
        if assumed and not (isinstance(value, Given) and isinstance(value.value, Unresolved)):
            return Given(plain(value), Origin.VARIABLE_DEFAULT, ", ".join(assumed))
        return value


_ABSENT = object()


def _assumed(node: Any, source: str) -> Any:
    """A copy of a block whose every scalar is a value assumed from ``source``."""
    if isinstance(node, MDict):
        copy = MDict(node.span)
        for key, value in node.items():
            copy[key] = _assumed(value, source)
            copy.key_spans[key] = node.key_span(key)
            copy.value_spans[key] = node.value_span(key)
        return copy
    if isinstance(node, MList):
        items = MList(node.span)
        items.extend(_assumed(item, source) for item in node)
        items.item_spans.extend(node.item_spans)
        return items
    if isinstance(node, Given):
        return node
    return Given(node, Origin.VARIABLE_DEFAULT, source)


def _stamped(node: Any, path: str) -> Any:
    """A tree read from another file, every span stamped with that file."""
    if isinstance(node, MDict):
        copy = MDict(in_file(node.span, path))
        for key, value in node.items():
            copy[key] = _stamped(value, path)
            copy.key_spans[key] = in_file(node.key_span(key), path)
            copy.value_spans[key] = in_file(node.value_span(key), path)
        return copy
    if isinstance(node, MList):
        items = MList(in_file(node.span, path))
        for index, item in enumerate(node):
            items.append(_stamped(item, path))
            items.item_spans.append(in_file(node.item_span(index), path))
        return items
    return node


def _segments(text: str) -> list[str | tuple[str]] | None:
    """``text`` cut into literal strings and ``(inside,)`` of each top-level ``${...}``,
    braces nested; None when a ``${`` is never closed. One pass over the text."""
    parts: list[str | tuple[str]] = []
    position = 0
    index = text.find("${")
    while index != -1:
        level = 0
        cursor = index + 2
        end = -1
        while cursor < len(text):
            char = text[cursor]
            if char == "{":
                level += 1
            elif char == "}":
                if level == 0:
                    end = cursor
                    break
                level -= 1
            cursor += 1
        if end == -1:
            return None
        if index > position:
            parts.append(text[position:index])
        parts.append((text[index + 2 : end],))
        position = end + 1
        index = text.find("${", position)
    if position < len(text):
        parts.append(text[position:])
    return parts


_SOURCE = re.compile(r"\s*[A-Za-z][A-Za-z0-9]*(\([^)]*\))?(:?)")


def _is_variable(inner: str) -> bool:
    """A framework variable names its source (``self:``, ``opt:``, ``file(x.yml)``);
    CloudFormation's ``${AWS::Region}`` and ``${Resource.Attribute}`` do not."""
    found = _SOURCE.match(inner)
    if found is None:
        return False
    if found.group(1):
        return True
    return bool(found.group(2)) and not inner[found.end() :].startswith(":")


def _split_fallbacks(inner: str) -> list[str]:
    """``opt:stage, self:x, 'dev'`` -> its comma-separated options (commas in quotes or
    parentheses kept)."""
    options: list[str] = []
    current: list[str] = []
    quote = ""
    depth = 0
    for char in inner:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            options.append("".join(current))
            current = []
            continue
        current.append(char)
    options.append("".join(current))
    return options


def _js_text(value: Any) -> str:
    """How the framework writes a value into text (JavaScript's ``String(value)``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
