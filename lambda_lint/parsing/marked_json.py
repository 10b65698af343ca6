"""A small recursive-descent JSON parser that records spans and rejects duplicate keys.

The standard library's ``json`` module neither reports positions of values nor
duplicate keys, and vendoring its scanner (as cfn-lint does) is a maintenance
trap. String decoding still uses the C-accelerated ``json.decoder.scanstring``.
"""

from __future__ import annotations

import bisect
import json.decoder
import re
from collections.abc import Callable
from typing import Any

from lambda_lint.parsing.errors import ParseError
from lambda_lint.parsing.lines import char_span, line_starts
from lambda_lint.parsing.nodes import MDict, MList, ParsedDocument
from lambda_lint.span import Span

MAX_DEPTH = 200
# Python refuses to convert longer decimal strings to int (CVE-2020-10735: the
# conversion is quadratic); a template never needs such a number.
MAX_INT_DIGITS = 4300

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_scanstring: Callable[[str, int, bool], tuple[str, int]] = getattr(json.decoder, "scanstring")  # noqa: B009
_LITERALS = {"true": True, "false": False, "null": None}
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class _Parser:
    def __init__(self, text: str, source: str = "") -> None:
        self.text = text
        self.source = source
        self.line_starts = line_starts(text)
        # Escaped surrogates are rare: look for lone ones only when the text has any.
        self.surrogates = _SURROGATE_ESCAPE.search(text) is not None

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def span(self, start: int, end: int) -> Span:
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        return Span(line, col, end_line, end_col, self.source)

    def error(self, message: str, offset: int) -> ParseError:
        return ParseError(message, *char_span(self.text, self.line_starts, offset))

    def skip(self, index: int) -> int:
        return _WS.match(self.text, index).end()  # type: ignore[union-attr]

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
            if len(number) > MAX_INT_DIGITS:
                raise self.error(
                    f"integer with {len(number):,} characters; lambda-lint reads at most "
                    f"{MAX_INT_DIGITS:,} digits",
                    index,
                )
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
        result = MDict()
        index = self.skip(start + 1)
        if text.startswith("}", index):
            result.span = self.span(start, index + 1)
            return result, index + 1
        while True:
            if not text.startswith('"', index):
                raise self.error("expected a string key in double quotes", index)
            key, key_end = self.string(index)
            key_span = self.span(index, key_end)
            if key in result:
                first = result.key_spans[key]
                raise ParseError(
                    f"duplicate key '{key}' (first defined at line {first.line})",
                    key_span.line,
                    key_span.column,
                    key_span.end_line,
                    key_span.end_column,
                )
            index = self.skip(key_end)
            if not text.startswith(":", index):
                raise self.error("expected ':' after a key", index)
            value_start = self.skip(index + 1)
            value, value_end = self.value(value_start, depth + 1)
            result[key] = value
            result.key_spans[key] = key_span
            result.value_spans[key] = self.span(value_start, value_end)
            index = self.skip(value_end)
            if text.startswith(",", index):
                index = self.skip(index + 1)
                continue
            if text.startswith("}", index):
                result.span = self.span(start, index + 1)
                return result, index + 1
            raise self.error("expected ',' or '}'", index)

    def sequence(self, start: int, depth: int) -> tuple[MList, int]:
        if depth > MAX_DEPTH:
            raise self.error(f"nesting deeper than {MAX_DEPTH} levels", start)
        text = self.text
        result = MList()
        index = self.skip(start + 1)
        if text.startswith("]", index):
            result.span = self.span(start, index + 1)
            return result, index + 1
        while True:
            value, value_end = self.value(index, depth + 1)
            result.append(value)
            result.item_spans.append(self.span(index, value_end))
            index = self.skip(value_end)
            if text.startswith(",", index):
                index = self.skip(index + 1)
                continue
            if text.startswith("]", index):
                result.span = self.span(start, index + 1)
                return result, index + 1
            raise self.error("expected ',' or ']'", index)


def parse_json(text: str, source: str = "") -> ParsedDocument:
    """Parse JSON text; raises :class:`ParseError` with a position on any problem.

    ``source`` stamps every span with its file, for formats whose model spans
    several files (a Terraform module).
    """
    parser = _Parser(text, source)
    start = parser.skip(0)
    root, end = parser.value(start, 0)
    end = parser.skip(end)
    if end != len(text):
        raise parser.error("extra data after the JSON value", end)
    return ParsedDocument(root, text)
