"""YAML (with CloudFormation short-form tags) into marked trees.

libyaml (PyYAML's C extension, when present) parses the text into a stream of
events; this module builds :class:`MDict`/:class:`MList` with spans straight
from those events, without PyYAML's composer. Two reasons:

- PyYAML's composer recurses on the C stack once per nesting level and crashes
  the interpreter (SIGSEGV, no exception) on ~40,000 nested ``[`` or ``- ``;
  the loop here is iterative and refuses anything deeper than ``MAX_DEPTH``.
- Only events are produced by YAML, never Python objects, so no constructor can
  run code (``!!python/object/apply`` is an unknown tag, reported as such), and
  aliases are counted at their full expanded size (billion-laughs safe) while
  each anchored value is built once and shared.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, Protocol

import yaml

from lambda_lint.parsing.errors import ParseError
from lambda_lint.parsing.lines import char_span, line_starts
from lambda_lint.parsing.nodes import MDict, MList, ParsedDocument
from lambda_lint.parsing.yaml_tags import (
    IMPLICIT,
    NULL,
    SHORT_TAGS,
    STR,
    IntegerTooLongError,
    construct,
    display_tag,
    is_unknown,
)
from lambda_lint.span import Span

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 200
MAX_EXPANDED_NODES = 2_000_000
_NO_SPAN = Span(1, 1, 1, 1)
_YAML11_BREAKS = re.compile("[\x85\u2028\u2029]")
_BLANK = " \t\r\n\x85\u2028\u2029"


class _Mark(Protocol):
    """A position in the text as libyaml reports it (0-based, in characters)."""

    line: int
    column: int
    index: int


class _Event(Protocol):
    """What the builder reads of a libyaml event (the stubs make every mark optional)."""

    start_mark: _Mark
    end_mark: _Mark
    anchor: str | None
    tag: str | None


class _ScalarEvent(_Event, Protocol):
    value: str
    implicit: tuple[bool, bool]


class _StartEvent(_Event, Protocol):
    flow_style: bool | None


@dataclass(slots=True)
class _Anchored:
    """A value under an anchor: built once, counted at its full size on every alias."""

    value: Any
    span: Span
    size: int
    height: int
    key: str | None  # the mapping-key spelling when the value is a scalar


class _Frame:
    """An open mapping or sequence while its events arrive."""

    __slots__ = (
        "anchor",
        "child_depth",
        "container",
        "expanded_before",
        "expect_key",
        "flow",
        "height",
        "intrinsic",
        "key",
        "key_span",
        "start",
        "tag",
    )

    def __init__(
        self,
        container: MDict | MList,
        event: _StartEvent,
        depth: int,
        intrinsic: str | None,
        expanded_before: int,
    ) -> None:
        self.container = container
        self.start: _Mark = event.start_mark
        self.flow = bool(event.flow_style)
        self.tag: str | None = event.tag
        self.anchor: str | None = event.anchor
        # An intrinsic (``!If [...]``) becomes ``{"Fn::If": [...]}``: one level more.
        self.child_depth = depth + (2 if intrinsic else 1)
        self.intrinsic = intrinsic
        self.expanded_before = expanded_before
        self.height = 0
        self.expect_key = isinstance(container, MDict)
        self.key = ""
        self.key_span = _NO_SPAN


class _Builder:
    """Turns the events of one document into marked containers.

    The per-event methods are the hot path of every YAML file, so they are
    written flat (few calls, local variables) rather than decomposed.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = line_starts(text)
        # libyaml also breaks lines at U+0085/U+2028/U+2029; editors do not (lines.py).
        self.remap = _YAML11_BREAKS.search(text) is not None
        self.unknown_tags: list[tuple[str, Span]] = []
        self.anchors: dict[str, _Anchored] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.top: _Frame | None = None
        self.expanded = 0
        self.root: Any = None

    # -- positions --------------------------------------------------------------------------

    def span(self, start: _Mark, end: _Mark) -> Span:
        if self.remap:
            return self._span_of_offsets(start.index, end.index)
        end_line, end_col = end.line, end.column
        if end_col == 0 and end_line > start.line:
            end_line, end_col = self._end_of_previous_content(end.index)
        return Span(start.line + 1, start.column + 1, end_line + 1, end_col + 1)

    def _position(self, index: int) -> tuple[int, int]:
        """0-based line and column of a character offset."""
        line = bisect.bisect_right(self.line_starts, index) - 1
        return line, index - self.line_starts[line]

    def _span_of_offsets(self, start: int, end: int) -> Span:
        line, column = self._position(start)
        end_line, end_col = self._position(end)
        if end_col == 0 and end_line > line:
            end_line, end_col = self._end_of_previous_content(end)
        return Span(line + 1, column + 1, end_line + 1, end_col + 1)

    def _end_of_previous_content(self, index: int) -> tuple[int, int]:
        """Block nodes end where the next token starts; move back to the last content."""
        i = min(index, len(self.text)) - 1
        while i > 0 and self.text[i] in _BLANK:
            i -= 1
        line, column = self._position(i)
        return line, column + 1

    # -- limits -----------------------------------------------------------------------------

    def _error(self, message: str, mark: _Mark) -> ParseError:
        return ParseError(message, *char_span(self.text, self.line_starts, mark.index))

    def _too_deep(self, mark: _Mark, via: str = "") -> ParseError:
        return self._error(f"nesting deeper than {MAX_DEPTH} levels{via}", mark)

    def _too_big(self, mark: _Mark) -> ParseError:
        return self._error(
            f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} nodes "
            "(an alias bomb?); refusing to expand",
            mark,
        )

    # -- events -----------------------------------------------------------------------------

    def scalar(self, event: _ScalarEvent) -> None:
        top = self.top
        start = event.start_mark
        if top is not None and top.child_depth > MAX_DEPTH:
            raise self._too_deep(start)
        self.expanded += 1
        if self.expanded > MAX_EXPANDED_NODES:
            raise self._too_big(start)
        end = event.end_mark
        if self.remap or (end.column == 0 and end.line > start.line):
            span = self.span(start, end)
        else:
            span = Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)
        raw: str = event.value
        tag = event.tag
        if tag is None:
            tag = STR
            if event.implicit[0]:
                for candidate, regexp in IMPLICIT.get(raw[:1], ()):
                    if regexp.match(raw):
                        tag = candidate
                        break
        elif tag == "!":
            tag = STR
        if top is not None and top.expect_key:
            if tag == STR:
                key = raw
            elif tag == NULL:
                key = "null"
            else:
                key = str(self._scalar_value(tag, raw, span, start))
            if event.anchor is not None:
                self._anchor(event.anchor, key, span, 1, 0, key)
            self._set_key(top, key, span)
            return
        height = 0
        value: Any = raw
        if tag != STR:
            short = SHORT_TAGS.get(tag)
            if short is not None:
                value = _scalar_intrinsic(short, raw, span)
                height = 1
            else:
                value = self._scalar_value(tag, raw, span, start)
        if event.anchor is not None:
            self._anchor(event.anchor, value, span, 1, height, None)
        self._attach(value, span, height)

    def _scalar_value(self, tag: str, raw: str, span: Span, mark: _Mark) -> Any:
        if is_unknown(tag):
            self.unknown_tags.append((display_tag(tag), span))
            return raw
        try:
            return construct(tag, raw)
        except IntegerTooLongError as exc:
            raise self._error(str(exc), mark) from None

    def alias(self, event: _Event) -> None:
        name = str(event.anchor)
        anchored = self.anchors.get(name)
        start = event.start_mark
        if anchored is None:
            if name in self.open_anchors:
                raise self._error(
                    f"alias *{name} refers to the collection that contains it "
                    "(a recursive structure)",
                    start,
                )
            raise self._error(f"found undefined alias *{name}", start)
        top = self.top
        depth = top.child_depth if top is not None else 0
        if depth + anchored.height > MAX_DEPTH:
            raise self._too_deep(start, f" (through alias *{name})")
        self.expanded += anchored.size
        if self.expanded > MAX_EXPANDED_NODES:
            raise self._too_big(start)
        if top is not None and top.expect_key:
            if anchored.key is None:
                raise self._error("a mapping key must be a plain scalar", start)
            self._set_key(top, anchored.key, anchored.span)
            return
        self._attach(anchored.value, anchored.span, anchored.height)

    def start(self, event: _StartEvent, mapping: bool) -> None:
        top = self.top
        if top is not None and top.expect_key:
            raise self._error("a mapping key must be a plain scalar", event.start_mark)
        depth = top.child_depth if top is not None else 0
        if depth > MAX_DEPTH:
            raise self._too_deep(event.start_mark)
        before = self.expanded
        self.expanded += 1
        if self.expanded > MAX_EXPANDED_NODES:
            raise self._too_big(event.start_mark)
        tag = event.tag
        intrinsic = SHORT_TAGS.get(tag) if tag is not None else None
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        frame = _Frame(MDict() if mapping else MList(), event, depth, intrinsic, before)
        self.stack.append(frame)
        self.top = frame

    def end(self, event: _Event) -> None:
        stack = self.stack
        frame = stack.pop()
        self.top = stack[-1] if stack else None
        span = self.span(frame.start, event.end_mark)
        container = frame.container
        container.span = span
        if not frame.flow and container:
            last = (
                container.item_spans[-1]
                if isinstance(container, MList)
                else container.value_spans[next(reversed(container))]
            )
            container.span = Span(span.line, span.column, last.end_line, last.end_column)
        height = frame.height + 1
        value: Any = container
        if frame.intrinsic is not None:
            value = _wrap(frame.intrinsic, container, span)
            height += 1
        elif is_unknown(frame.tag):
            self.unknown_tags.append((display_tag(str(frame.tag)), span))
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            size = self.expanded - frame.expanded_before
            self._anchor(frame.anchor, value, span, size, height, None)
        self._attach(value, span, height)

    # -- assembling -------------------------------------------------------------------------

    def _anchor(
        self, name: str, value: Any, span: Span, size: int, height: int, key: str | None
    ) -> None:
        previous = self.anchors.get(name)
        if previous is not None:
            # PyYAML's composer refuses this too; YAML 1.2 would let the new one win.
            raise ParseError(
                f"duplicate anchor &{name} (first defined at line {previous.span.line})", *span[:4]
            )
        self.anchors[name] = _Anchored(value, span, size, height, key)

    @staticmethod
    def _set_key(frame: _Frame, key: str, span: Span) -> None:
        container = frame.container
        assert isinstance(container, MDict)
        if key in container:
            first = container.key_spans[key]
            raise ParseError(
                f"duplicate key '{key}' (first defined at line {first.line})",
                span.line,
                span.column,
                span.end_line,
                span.end_column,
            )
        frame.key = key
        frame.key_span = span
        frame.expect_key = False

    def _attach(self, value: Any, span: Span, height: int) -> None:
        frame = self.top
        if frame is None:
            self.root = value
            return
        if height > frame.height:
            frame.height = height
        container = frame.container
        if frame.expect_key is False and isinstance(container, MDict):
            key = frame.key
            container[key] = value
            container.key_spans[key] = frame.key_span
            container.value_spans[key] = span
            frame.expect_key = True
        else:
            assert isinstance(container, MList)
            container.append(value)
            container.item_spans.append(span)


def _scalar_intrinsic(name: str, raw: str, span: Span) -> MDict:
    value: Any = raw
    if name == "Fn::GetAtt":
        resource, _, attribute = raw.partition(".")
        pair = MList(span)
        pair.extend([resource, attribute])
        pair.item_spans.extend([span, span])
        value = pair
    return _wrap(name, value, span)


def _wrap(name: str, value: Any, span: Span) -> MDict:
    result = MDict(span)
    result[name] = value
    result.key_spans[name] = span
    result.value_spans[name] = span
    return result


def _build(text: str) -> tuple[Any, list[tuple[str, Span]], int]:
    """The first document's root, its unknown tags, and how many documents there are."""
    builder = _Builder(text)
    loader = _Loader(text)
    documents = 0
    get_event = loader.get_event
    scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    try:
        while True:
            event: Any = get_event()
            kind = type(event)
            if documents > 1:  # later documents: only their syntax is checked
                if kind is yaml.StreamEndEvent or event is None:
                    break
            elif kind is scalar:
                builder.scalar(event)
            elif kind is mapping_start:
                builder.start(event, mapping=True)
            elif kind is mapping_end or kind is sequence_end:
                builder.end(event)
            elif kind is sequence_start:
                builder.start(event, mapping=False)
            elif kind is alias:
                builder.alias(event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
            elif kind is yaml.StreamEndEvent or event is None:
                break
    finally:
        loader.dispose()
    tags = sorted(builder.unknown_tags, key=lambda item: item[1])
    return builder.root, tags, documents


def parse_yaml(text: str) -> ParsedDocument:
    """Parse YAML text; raises :class:`ParseError` with a position on any problem."""
    try:
        root, unknown_tags, documents = _build(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        if mark is not None and text[mark.index : mark.index + 1] == "\t":
            message = "tab character where YAML allows only spaces (indentation must use spaces)"
        if mark is None:
            raise ParseError(message) from None
        raise ParseError(message, *char_span(text, line_starts(text), mark.index)) from None
    except yaml.reader.ReaderError as exc:
        message = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
        raise ParseError(message, *char_span(text, line_starts(text), exc.position)) from None
    except yaml.YAMLError as exc:
        raise ParseError(str(exc).replace("\n", " ")) from None
    except UnicodeEncodeError as exc:  # a lone surrogate in text that did not come from bytes
        message = f"U+{ord(text[exc.start]):04X} is half of a surrogate pair, not a character"
        raise ParseError(message, *char_span(text, line_starts(text), exc.start)) from None
    if documents == 0:
        return ParsedDocument(None, text)
    if documents > 1:
        # A multi-document stream (e.g. Kubernetes manifests) is never a template.
        return ParsedDocument(MList(), text)
    return ParsedDocument(root, text, tuple(unknown_tags))
