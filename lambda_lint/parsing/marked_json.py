"""A small recursive-descent JSON parser that records spans and rejects duplicate keys.

The standard library's ``json`` module neither reports positions of values nor
duplicate keys, and vendoring its scanner (as cfn-lint does) is a maintenance
trap. String decoding still uses the C-accelerated ``json.decoder.scanstring``.

Valid JSON takes the C scanner first (:mod:`lazy_json`, spans computed when read);
this parser reads what that path refuses, so its errors are the ones users see.
"""

from __future__ import annotations

import json.decoder
import re
from bisect import bisect_right as _bisect
from collections.abc import Callable
from typing import Any

from lambda_lint.lines import char_span, line_starts
from lambda_lint.parsing import lazy_json
from lambda_lint.parsing.errors import ParseError
from lambda_lint.parsing.nodes import MDict, MList, ParsedDocument
from lambda_lint.parsing.yaml_tags import long_decimal
from lambda_lint.span import Span

MAX_DEPTH = 200
# Python refuses to convert longer decimal strings to int (CVE-2020-10735: the
# conversion is quadratic); a template never needs such a number.
MAX_INT_DIGITS = 4300

_WS = re.compile(r"[ \t\n\r]*").match
# A separator with the space around it, in one match (most values are followed by one).
_COMMA = re.compile(r"[ \t\n\r]*,[ \t\n\r]*").match
_COLON = re.compile(r"[ \t\n\r]*:[ \t\n\r]*").match
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_scanstring: Callable[[str, int, bool], tuple[str, int]] = getattr(json.decoder, "scanstring")  # noqa: B009
_LITERALS = {"true": True, "false": False, "null": None}
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_new_span = tuple.__new__  # ``Span(...)`` without NamedTuple's Python-level ``__new__``


class _Parser:
    """Recursive descent over the text; every span is computed where its node ends.

    Written for large Terraform JSON, which spent most of its time in small calls:
    the loops of :meth:`mapping` and :meth:`sequence` go straight to strings (the
    commonest value), match a separator and the space around it in one regex call,
    and give a key and a value on the same line one line lookup between them
    (``bounded_starts`` ends with a sentinel past the text, so "still on this
    line?" is one comparison).
    """

    def __init__(self, text: str, source: str = "") -> None:
        self.text = text
        self.source = source
        self.line_starts = line_starts(text)
        self.bounded_starts = [*self.line_starts, len(text) + 1]
        # Escaped surrogates are rare: look for lone ones only when the text has any.
        self.surrogates = _SURROGATE_ESCAPE.search(text) is not None

    def span(self, start: int, end: int) -> Span:
        return lazy_json.span_between(self.bounded_starts, start, end, self.source)

    def error(self, message: str, offset: int) -> ParseError:
        return ParseError(message, *char_span(self.text, self.line_starts, offset))

    def skip(self, index: int) -> int:
        return _WS(self.text, index).end()  # type: ignore[union-attr]

    def value(self, index: int, depth: int) -> tuple[Any, int]:
        """Parse the value starting at ``index`` (no leading space); return it and its end."""
        text = self.text
        if index >= len(text):
            raise self.error("unexpected end of file, expected a value", index)
        char = text[index]
        if char == '"':
            return self.string(index)
        if char == "{":
            return self.mapping(index, depth)
        if char == "[":
            return self.sequence(index, depth)
        for word, literal in _LITERALS.items():
            if text.startswith(word, index):
                return literal, index + len(word)
        match = _NUMBER.match(text, index)
        if match:
            number = match.group()
            if match.group(1) or match.group(2):
                return float(number), match.end()
            if len(number) > MAX_INT_DIGITS:  # more than Python reads: kept by its size
                return long_decimal(number), match.end()
            return int(number), match.end()
        raise self.error(f"unexpected character {char!r}, expected a value", index)

    def string(self, index: int) -> tuple[str, int]:
        try:
            value, end = _scanstring(self.text, index + 1, True)
        except json.JSONDecodeError as exc:
            raise self.error(exc.msg.lower(), exc.pos) from None
        if self.surrogates:
            lone = _LONE_SURROGATE.search(value)
            if lone is not None:
                # Valid JSON syntax, but not text: no encoder (output, hashing) accepts it.
                raise self.error(
                    f"invalid \\u escape: U+{ord(lone.group()):04X} is half of a surrogate "
                    "pair, not a character",
                    index,
                )
        return value, end

    def mapping(self, start: int, depth: int) -> tuple[MDict, int]:
        if depth > MAX_DEPTH:
            raise self.error(f"nesting deeper than {MAX_DEPTH} levels", start)
        text = self.text
        source = self.source
        starts = self.bounded_starts
        span = self.span
        result = MDict()
        key_spans, value_spans = result.key_spans, result.value_spans
        index = _WS(text, start + 1).end()  # type: ignore[union-attr]
        if text.startswith("}", index):
            result.span = span(start, index + 1)
            return result, index + 1
        while True:
            if not text.startswith('"', index):
                raise self.error("expected a string key in double quotes", index)
            key, key_end = self.string(index)
            # The key's line; its value is usually on the same line (no second search).
            line = _bisect(starts, index)
            line_start, next_line = starts[line - 1], starts[line]
            if key_end < next_line:
                key_span = _new_span(
                    Span, (line, index - line_start + 1, line, key_end - line_start + 1, source)
                )
            else:
                key_span = span(index, key_end)
            if key in result:
                first = key_spans[key]
                raise ParseError(
                    f"duplicate key '{key}' (first defined at line {first.line})",
                    key_span.line,
                    key_span.column,
                    key_span.end_line,
                    key_span.end_column,
                )
            colon = _COLON(text, key_end)
            if colon is None:
                raise self.error("expected ':' after a key", self.skip(key_end))
            value_start = colon.end()
            if text.startswith('"', value_start):
                value, value_end = self.string(value_start)
            else:
                value, value_end = self.value(value_start, depth + 1)
            result[key] = value
            key_spans[key] = key_span
            if value_end < next_line:  # hence value_start too
                value_spans[key] = _new_span(
                    Span,
                    (line, value_start - line_start + 1, line, value_end - line_start + 1, source),
                )
            else:
                value_spans[key] = span(value_start, value_end)
            comma = _COMMA(text, value_end)
            if comma is not None:
                index = comma.end()
                continue
            index = _WS(text, value_end).end()  # type: ignore[union-attr]
            if text.startswith("}", index):
                result.span = span(start, index + 1)
                return result, index + 1
            raise self.error("expected ',' or '}'", index)

    def sequence(self, start: int, depth: int) -> tuple[MList, int]:
        if depth > MAX_DEPTH:
            raise self.error(f"nesting deeper than {MAX_DEPTH} levels", start)
        text = self.text
        span = self.span
        result = MList()
        items = result.item_spans
        index = _WS(text, start + 1).end()  # type: ignore[union-attr]
        if text.startswith("]", index):
            result.span = span(start, index + 1)
            return result, index + 1
        while True:
            if text.startswith('"', index):
                value, value_end = self.string(index)
            else:
                value, value_end = self.value(index, depth + 1)
            result.append(value)
            items.append(span(index, value_end))
            comma = _COMMA(text, value_end)
            if comma is not None:
                index = comma.end()
                continue
            index = _WS(text, value_end).end()  # type: ignore[union-attr]
            if text.startswith("]", index):
                result.span = span(start, index + 1)
                return result, index + 1
            raise self.error("expected ',' or ']'", index)


def parse_json(text: str, source: str = "") -> ParsedDocument:
    """Parse JSON text; raises :class:`ParseError` with a position on any problem.

    Valid JSON is parsed by the C scanner with spans computed when first read
    (:mod:`lazy_json`); anything it does not read exactly as this parser does comes
    here, so errors and unusual values are reported as they always were.

    ``source`` stamps every span with its file, for formats whose model spans
    several files (a Terraform module).
    """
    try:
        return ParsedDocument(lazy_json.parse(text, source, MAX_DEPTH, MAX_INT_DIGITS), text)
    except lazy_json.SlowPath:
        pass  # the pure-Python parser reports the error, or reads the value its own way
    parser = _Parser(text, source)
    start = parser.skip(0)
    root, end = parser.value(start, 0)
    end = parser.skip(end)
    if end != len(text):
        raise parser.error("extra data after the JSON value", end)
    return ParsedDocument(root, text)
