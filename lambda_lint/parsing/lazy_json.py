"""JSON parsed by the standard library's C scanner, with spans recovered from the text on demand.

The pure-Python parser in :mod:`marked_json` computes a span for every key, value
and item while it parses: 16 times the time of ``json.loads`` and most of the memory
of a large plan, for positions of which a run reads a few. Here ``json.loads`` builds
the tree (an ``object_pairs_hook`` makes each object a :class:`JsonDict`, gives it
its rank in the order objects close and turns its lists into :class:`JsonList`), and
one regular-expression pass over the text pairs every bracket outside strings. A
container's spans are computed from the text the first time any of them is read,
by the same arithmetic as the pure-Python parser, so they are byte-identical to its.

Whatever this path does not accept exactly as the pure-Python parser does (a syntax
error, a duplicate key, ``NaN``, an escaped surrogate, a number too long for Python,
nesting past the limit) raises :class:`SlowPath`, and :func:`marked_json.parse_json`
parses the text again with the pure-Python parser, which reports it as before.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import Any

from lambda_lint.lines import line_start_array
from lambda_lint.parsing.nodes import (
    ITEM_SPANS_SLOT as _ITEM_SPANS,
)
from lambda_lint.parsing.nodes import (
    KEY_SPANS_SLOT as _KEY_SPANS,
)
from lambda_lint.parsing.nodes import (
    LIST_SPAN_SLOT as _LIST_SPAN,
)
from lambda_lint.parsing.nodes import (
    SPAN_SLOT as _SPAN,
)
from lambda_lint.parsing.nodes import (
    VALUE_SPANS_SLOT as _VALUE_SPANS,
)
from lambda_lint.parsing.nodes import (
    JsonDict,
    JsonList,
)
from lambda_lint.span import Span

# A run of text without quotes or brackets, then strings and such runs, then one bracket:
# one match per bracket outside strings. Each part can match only one way, so a failed
# match cannot backtrack more than linearly.
_BRACKET = re.compile(
    r'[^"{}\[\]]*+(?:"[^"\\]*+(?:\\.[^"\\]*+)*+"[^"{}\[\]]*+)*+[{}\[\]]'
    if sys.version_info >= (3, 11)  # possessive: a fifth faster, never backtracks
    else r'[^"{}\[\]]*(?:"[^"\\]*(?:\\.[^"\\]*)*"[^"{}\[\]]*)*[{}\[\]]'
)
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_KEY = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*")[ \t\n\r]*:[ \t\n\r]*')
_WS = re.compile(r"[ \t\n\r]*")
_COMMA = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_scanstring: Callable[[str, int, bool], tuple[str, int]] = getattr(json.decoder, "scanstring")  # noqa: B009
_new_span = tuple.__new__  # ``Span(...)`` without NamedTuple's Python-level ``__new__``
_new_dict = dict.__new__
_dict_update = dict.update
_dict_get = dict.get
_dict_set = dict.__setitem__
_new_list = list.__new__
_list_extend = list.extend
_list_set = list.__setitem__
_list_get = list.__getitem__
_list_len = list.__len__


class SlowPath(Exception):
    """The text needs the pure-Python parser: an error to report, or a value read its own way."""


def span_between(starts: Sequence[int], start: int, end: int, source: str) -> Span:
    """The span of ``text[start:end]``, ``starts`` being its line starts and a sentinel.

    Shared with ``marked_json._Parser``: both parsers' spans are the same arithmetic.
    """
    line = bisect_right(starts, start)
    line_start = starts[line - 1]
    if end < starts[line]:
        return _new_span(Span, (line, start - line_start + 1, line, end - line_start + 1, source))
    end_line = bisect_right(starts, end)
    end_column = end - starts[end_line - 1] + 1
    return _new_span(Span, (line, start - line_start + 1, end_line, end_column, source))


class _Index:
    """The text, where its lines start and where each bracket pair lies, for computing spans.

    ``starts``/``ends``: every container's first offset and end offset, in the order
    they open (so ``starts`` is sorted and a value's end is one bisection away);
    ``dict_starts``/``dict_ends``: the same for objects, in the order they close,
    which is the order the hook ranked them in.
    """

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self._bounded: array[int] | None = None

    def pair_brackets(self, max_depth: int) -> None:
        """One pass over the text; :class:`SlowPath` past ``max_depth`` (the parser's limit).

        Only for valid JSON whose root is a container: each match then starts outside
        a string, just after the previous bracket, up to the root's last one.
        """
        text = self.text
        starts: array[int] = array("q")
        ends: array[int] = array("q")
        dict_starts: array[int] = array("q")
        dict_ends: array[int] = array("q")
        stack: list[int] = []
        push, pop = stack.append, stack.pop
        deepest = max_depth + 1  # the pure-Python parser counts the outermost container as 0
        for match in _BRACKET.finditer(text):
            at = match.end() - 1
            char = text[at]
            if char == "{" or char == "[":
                push(len(starts))
                starts.append(at)
                ends.append(0)
                if len(stack) > deepest:
                    raise SlowPath("nesting too deep")
            else:
                opened = pop()
                ends[opened] = at + 1
                if char == "}":
                    dict_starts.append(starts[opened])
                    dict_ends.append(at + 1)
        self.starts, self.ends = starts, ends
        self.dict_starts, self.dict_ends = dict_starts, dict_ends

    def bounded_starts(self) -> array[int]:
        """Line starts with a sentinel past the text (computed when the first span is)."""
        if self._bounded is None:
            self._bounded = line_start_array(self.text)
        return self._bounded

    def span(self, start: int, end: int) -> Span:
        return span_between(self._bounded or self.bounded_starts(), start, end, self.source)

    def value_end(self, start: int) -> int:
        """Where the value starting at ``start`` ends (the text is known to be valid JSON)."""
        text = self.text
        char = text[start]
        if char == '"':
            return _STRING.match(text, start).end()  # type: ignore[union-attr]
        if char == "{" or char == "[":
            return self.ends[bisect_left(self.starts, start)]
        if char == "t" or char == "n":
            return start + 4
        if char == "f":
            return start + 5
        return _NUMBER.match(text, start).end()  # type: ignore[union-attr]

    def resolve_dict(self, node: JsonDict) -> None:
        """Every key's and value's span, in one pass over the object's members.

        Members follow each other, so the line is found by moving forward from the
        previous member's (``bisect`` from there), and a member on one line takes one
        lookup for its key and value, as in the pure-Python parser.
        """
        text = self.text
        source = self.source
        starts = self._bounded or self.bounded_starts()
        dict_starts, dict_ends = self.dict_starts, self.dict_ends
        start, end = dict_starts[node._rank], dict_ends[node._rank]
        key_spans: dict[str, Span] = {}
        value_spans: dict[str, Span] = {}
        index = _WS.match(text, start + 1).end()  # type: ignore[union-attr]
        line = bisect_right(starts, index)
        last = end - 1
        while index < last:
            match = _KEY.match(text, index)
            assert match is not None  # valid JSON: a key follows
            key_end, value_start = match.end(1), match.end()
            key = text[index + 1 : key_end - 1]
            if "\\" in key:
                key = _scanstring(text, index + 1, True)[0]
            char = text[value_start]
            if char == '"':
                value_stop = _STRING.match(text, value_start).end()  # type: ignore[union-attr]
            elif char == "{":
                child = _dict_get(node, key)
                if type(child) is JsonDict and dict_starts[child._rank] == value_start:
                    value_stop = dict_ends[child._rank]  # no search: the object knows its rank
                else:
                    value_stop = self.value_end(value_start)
            else:
                value_stop = self.value_end(value_start)
                if char == "[":
                    child = _dict_get(node, key)
                    if type(child) is JsonList:
                        child._start = value_start
            if index >= starts[line]:  # a later line: usually the next one
                line += 1
                if index >= starts[line]:
                    line = bisect_right(starts, index, line)
            line_start, next_line = starts[line - 1], starts[line]
            if key_end < next_line:
                key_spans[key] = _new_span(
                    Span, (line, index - line_start + 1, line, key_end - line_start + 1, source)
                )
            else:
                key_spans[key] = self.span(index, key_end)
            if value_stop < next_line:
                value_spans[key] = _new_span(
                    Span,
                    (line, value_start - line_start + 1, line, value_stop - line_start + 1, source),
                )
            else:
                value_spans[key] = self.span(value_start, value_stop)
            comma = _COMMA.match(text, value_stop)
            if comma is None:
                break
            index = comma.end()
        # Never set before: a setter resolves the spans first, then replaces them.
        _SPAN.__set__(node, self.span(start, end))
        _KEY_SPANS.__set__(node, key_spans)
        _VALUE_SPANS.__set__(node, value_spans)

    def resolve_list(self, node: JsonList) -> None:
        try:
            start = node._start
        except AttributeError:
            parent = node._parent
            if isinstance(parent, JsonDict):
                self.resolve_dict(parent)
            elif isinstance(parent, JsonList):
                self.resolve_list(parent)
            start = getattr(node, "_start", -1)
        text = self.text
        span = self.span
        value_end = self.value_end
        if start < 0:  # no longer where the parser put it (a caller moved it): no position
            _LIST_SPAN.__set__(node, span(0, 0))
            _ITEM_SPANS.__set__(node, [])
            return
        end = self.ends[bisect_left(self.starts, start)]
        items: list[Span] = []
        index = _WS.match(text, start + 1).end()  # type: ignore[union-attr]
        position = 0
        while index < end - 1:
            value_stop = value_end(index)
            items.append(span(index, value_stop))
            if text[index] == "[" and position < _list_len(node):
                child = _list_get(node, position)
                if type(child) is JsonList:
                    child._start = index
            position += 1
            comma = _COMMA.match(text, value_stop)
            if comma is None:
                break
            index = comma.end()
        _LIST_SPAN.__set__(node, span(start, end))
        _ITEM_SPANS.__set__(node, items)


def _refuse_constant(name: str) -> Any:
    raise SlowPath(f"{name} is not JSON")


def _parse_int(max_digits: int) -> Callable[[str], Any] | None:
    """None where Python itself refuses what the pure-Python parser keeps as a long decimal."""
    if getattr(sys, "get_int_max_str_digits", lambda: 0)() == max_digits:
        return None  # json.loads raises ValueError past the limit: the slow path then

    def checked(number: str) -> int:
        if len(number) > max_digits:
            raise SlowPath("a number longer than Python reads")
        return int(number)

    return checked


def parse(text: str, source: str, max_depth: int, max_digits: int) -> Any:
    """The root value of ``text``, with lazy spans; :class:`SlowPath` for the other parser."""
    if _SURROGATE_ESCAPE.search(text) is not None:
        raise SlowPath("an escaped surrogate")
    index = _Index(text, source)
    rank = itertools.count().__next__

    def as_list(items: list[Any], parent: JsonDict | JsonList | None) -> JsonList:
        result = _new_list(JsonList)
        _list_extend(result, items)
        result._index = index
        result._parent = parent
        if list in map(type, items):
            for position, item in enumerate(items):
                if type(item) is list:
                    _list_set(result, position, as_list(item, result))
        return result

    def as_dict(pairs: list[tuple[str, Any]]) -> JsonDict:
        result = _new_dict(JsonDict)
        _dict_update(result, pairs)
        if len(result) != len(pairs):
            raise SlowPath("a duplicate key")
        result._index = index
        result._rank = rank()
        if list in map(type, result.values()):
            for key, value in pairs:
                if type(value) is list:
                    _dict_set(result, key, as_list(value, result))
        return result

    decoder = json.JSONDecoder(
        object_pairs_hook=as_dict,
        parse_constant=_refuse_constant,
        parse_int=_parse_int(max_digits),
    )
    try:
        root = decoder.decode(text)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise SlowPath(str(exc)) from None
    if type(root) is not JsonDict and type(root) is not list:
        return root  # a bare scalar: no container to find (and no bracket outside strings)
    index.pair_brackets(max_depth)
    if type(root) is list:
        root = as_list(root, None)
        root._start = _WS.match(text).end()  # type: ignore[union-attr]
    return root
