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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import yaml

from lambda_lint.lines import char_span, line_starts
from lambda_lint.parsing.errors import ParseError
from lambda_lint.parsing.nodes import MDict, MList, ParsedDocument
from lambda_lint.parsing.yaml_tags import (
    IMPLICIT,
    MERGE,
    NULL,
    SHORT_TAGS,
    STR,
    construct,
    display_tag,
    is_unknown,
)
from lambda_lint.span import Span

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]
_PythonLoader: Any = yaml.SafeLoader
# libyaml 0.2.6 (bundled from PyYAML 6.0.2's wheels on) stops at 1,000 nested
# collections itself. Its scanner looks ahead for simple keys, so on one long line
# of ``[`` it stops before this module has seen level ``MAX_DEPTH``: the same file
# would then get another message at another position depending on the build.
_LIBYAML_DEPTH_PROBLEM = "exceeded maximum nesting depth"

MAX_DEPTH = 200
MAX_EXPANDED_NODES = 2_000_000
# Text that aliases repeat: 2,000,000 nodes of long strings would still be gigabytes
# once joined or rendered (a few KB of ``*long`` in ``!Join`` lists).
MAX_ALIAS_CHARS = 16_000_000
_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_DOCUMENT_START, _STREAM_END = yaml.DocumentStartEvent, yaml.StreamEndEvent
# ``Span(...)`` runs NamedTuple's Python-level ``__new__``; building the tuple
# directly is a C call, which matters at one span per node.
_new_span = tuple.__new__
_NO_SPAN = Span(1, 1, 1, 1)
_BLANK = " \t\r\n\x85\u2028\u2029"
# The key of a mapping while its merge key's (``<<``) value arrives: compared by identity.
_MERGING = "".join(["<", "<"])


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
    chars: int = 0  # the length of its scalars' text, aliases expanded


class _Frame:
    """An open mapping or sequence while its events arrive.

    ``spans`` is the container's ``value_spans`` (mapping) or ``item_spans``
    (sequence), kept here so that attaching a child costs no extra lookups.
    """

    __slots__ = (
        "anchor",
        "chars_before",
        "child_depth",
        "container",
        "expanded_before",
        "expect_key",
        "flow",
        "height",
        "intrinsic",
        "key",
        "key_span",
        "key_spans",
        "mapping",
        "merges",
        "spans",
        "start",
        "tag",
    )

    def __init__(
        self,
        mapping: bool,
        event: _StartEvent,
        depth: int,
        intrinsic: str | None,
        expanded_before: int,
        chars_before: int = 0,
    ) -> None:
        self.mapping = self.expect_key = mapping
        self.container: MDict | MList
        if mapping:
            container = self.container = MDict()
            self.key_spans = container.key_spans
            self.spans: dict[str, Span] | list[Span] = container.value_spans
        else:
            items = self.container = MList()
            self.spans = items.item_spans
        self.start: _Mark = event.start_mark
        self.flow = bool(event.flow_style)
        self.tag: str | None = event.tag
        self.anchor: str | None = event.anchor
        # An intrinsic (``!If [...]``) becomes ``{"Fn::If": [...]}``: one level more.
        self.child_depth = depth + (2 if intrinsic else 1)
        self.intrinsic = intrinsic
        self.expanded_before = expanded_before
        self.chars_before = chars_before
        self.height = 0
        self.key = ""
        self.key_span = _NO_SPAN
        # The values of this mapping's merge keys (``<<``), flattened at its end.
        self.merges: list[tuple[Any, Span]] | None = None


class _Builder:
    """Turns the events of one document into marked containers.

    :meth:`build` is the hot path of every YAML file: one loop with the common
    cases (plain scalars, untagged collections) written inline with local
    variables, because a method call and a few attribute lookups per event were
    most of the time on large templates. Rare cases (tags, anchors, aliases,
    errors) are methods.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = line_starts(text)
        # libyaml also breaks lines at U+0085/U+2028/U+2029; editors do not (lines.py).
        self.remap = "\x85" in text or "\u2028" in text or "\u2029" in text
        self.unknown_tags: list[tuple[str, Span]] = []
        self.merge_keys: list[Span] = []
        self.anchors: dict[str, _Anchored] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.expanded = 0
        self.chars = 0  # the length of all scalars' text so far, aliases expanded
        self.alias_chars = 0  # ...of which aliases repeated
        self.root: Any = None
        self.documents = 0
        # Where the first later document with content starts (a trailing ``---``
        # starts an empty one, which does not count).
        self.later_content: Any = None  # its DocumentStartEvent

    # -- positions --------------------------------------------------------------------------

    def span(self, start: _Mark, end: _Mark) -> Span:
        if self.remap:
            return self._span_of_offsets(start.index, end.index)
        end_line, end_col = end.line, end.column
        if end_col == 0 and end_line > start.line:
            end_line, end_col = self._end_of_previous_content(end.index)
        return _new_span(Span, (start.line + 1, start.column + 1, end_line + 1, end_col + 1, ""))

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

    # -- the event loop ---------------------------------------------------------------------

    def build(self, get_event: Callable[[], Any]) -> None:
        """Consume every event of the stream; the first document becomes ``self.root``."""
        stack = self.stack
        remap = self.remap
        span_of = self.span
        plain: dict[str, tuple[str, Any]] = {}  # a plain scalar's spelling -> tag and value
        top: _Frame | None = None
        depth = 0  # the nesting depth of the next node (``top.child_depth``)
        expanded = 0
        chars = 0
        while True:
            event: Any = get_event()
            kind = type(event)
            if kind is _SCALAR:
                start = event.start_mark
                if depth > MAX_DEPTH:
                    raise self._too_deep(start)
                expanded += 1
                if expanded > MAX_EXPANDED_NODES:
                    raise self._too_big(start)
                chars += len(event.value)
                end = event.end_mark
                end_col = end.column
                if remap or (end_col == 0 and end.line > start.line):
                    span = span_of(start, end)
                else:
                    span = _new_span(
                        Span, (start.line + 1, start.column + 1, end.line + 1, end_col + 1, "")
                    )
                tag = event.tag
                if tag is not None and tag != "!":
                    self._tagged_scalar(event, top, span)
                    continue
                raw: str = event.value
                value: Any = raw
                if tag is None and event.implicit[0]:
                    # Plain scalars repeat (keys, types, booleans): resolve each spelling once.
                    resolved = plain.get(raw)
                    if resolved is None:
                        resolved = self._plain(raw, span)
                        if not is_unknown(resolved[0]):  # an unknown tag is reported each time
                            plain[raw] = resolved
                    tag, value = resolved
                else:
                    tag = STR
                if top is not None and top.expect_key:
                    if tag == MERGE:
                        self._merge_key(top, span)
                        continue
                    key = value if tag == STR else "null" if tag == NULL else str(value)
                    if event.anchor is not None:
                        self._anchor(event.anchor, key, span, 1, 0, key)
                    if key in top.key_spans:
                        raise _duplicate_key(key, top.key_spans[key], span)
                    top.key = key
                    top.key_span = span
                    top.expect_key = False
                    continue
                if event.anchor is not None:  # an alias of it may be a key (``*k: v``)
                    key = value if tag == STR else "null" if tag == NULL else str(value)
                    self._anchor(event.anchor, value, span, 1, 0, key)
                # ``_attach`` inlined (a scalar adds no height): one call less per scalar.
                if top is None:
                    self.root = value
                elif top.mapping:
                    if top.merges is not None and not top.expect_key and top.key is _MERGING:
                        self._merge_value(top, value, span)
                        continue
                    key = top.key
                    top.container[key] = value  # type: ignore[call-overload]
                    top.key_spans[key] = top.key_span
                    top.spans[key] = span  # type: ignore[call-overload]
                    top.expect_key = True
                else:
                    top.container.append(value)  # type: ignore[union-attr]
                    top.spans.append(span)  # type: ignore[union-attr]
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                if top is not None and top.expect_key:
                    raise self._error("a mapping key must be a plain scalar", event.start_mark)
                if depth > MAX_DEPTH:
                    raise self._too_deep(event.start_mark)
                expanded += 1
                if expanded > MAX_EXPANDED_NODES:
                    raise self._too_big(event.start_mark)
                tag = event.tag
                intrinsic = SHORT_TAGS.get(tag) if tag is not None else None
                if event.anchor is not None:
                    self.open_anchors.add(event.anchor)
                top = _Frame(kind is _MAPPING_START, event, depth, intrinsic, expanded - 1, chars)
                stack.append(top)
                depth = top.child_depth
            elif kind is _MAPPING_END or kind is _SEQUENCE_END:
                frame = stack.pop()
                top = stack[-1] if stack else None
                depth = top.child_depth if top is not None else 0
                start = frame.start
                end = event.end_mark
                end_col = end.column
                if remap or (end_col == 0 and end.line > start.line):
                    span = span_of(start, end)
                else:
                    span = _new_span(
                        Span, (start.line + 1, start.column + 1, end.line + 1, end_col + 1, "")
                    )
                container = frame.container
                if frame.merges is not None:
                    self._flatten(frame, span)
                elif frame.flow or not container:
                    container.span = span
                else:  # a block collection ends at its last child (comments after it excluded)
                    spans = frame.spans
                    # The last child: a mapping's is the value of the last key read.
                    last = spans[frame.key] if isinstance(spans, dict) else spans[-1]
                    container.span = _new_span(Span, (span[0], span[1], last[2], last[3], ""))
                value = container
                height = frame.height + 1
                if frame.tag is not None or frame.anchor is not None:
                    self.expanded = expanded
                    self.chars = chars
                    value, height = self._tagged(frame, span, height)
                self._attach(top, value, span, height)
            elif kind is _ALIAS:
                self.expanded = expanded
                self.chars = chars
                self._alias(event, top)
                expanded = self.expanded
                chars = self.chars
            elif kind is _DOCUMENT_START:
                self.documents += 1
                if self.documents > 1:  # later documents: only their syntax is checked
                    self.later_content = _drain(event, get_event)
                    return
            elif kind is _STREAM_END or event is None:
                return

    def _attach(self, top: _Frame | None, value: Any, span: Span, height: int) -> None:
        """Add a finished node to the open collection (the root when there is none)."""
        if top is None:
            self.root = value
            return
        if height > top.height:
            top.height = height
        if top.mapping:
            if top.merges is not None and not top.expect_key and top.key is _MERGING:
                self._merge_value(top, value, span)
                return
            key = top.key
            top.container[key] = value  # type: ignore[call-overload]
            top.key_spans[key] = top.key_span
            top.spans[key] = span  # type: ignore[call-overload]
            top.expect_key = True
        else:
            top.container.append(value)  # type: ignore[union-attr]
            top.spans.append(span)  # type: ignore[union-attr]

    def _tagged(self, frame: _Frame, span: Span, height: int) -> tuple[Any, int]:
        """A finished collection's tag and anchor: an intrinsic wraps it, an anchor keeps it."""
        value: Any = frame.container
        if frame.intrinsic is not None:
            value = _wrap(frame.intrinsic, frame.container, span)
            height += 1
        elif is_unknown(frame.tag):
            self.unknown_tags.append((display_tag(str(frame.tag)), span))
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            size = self.expanded - frame.expanded_before
            self._anchor(frame.anchor, value, span, size, height, None)
            self.anchors[frame.anchor].chars = self.chars - frame.chars_before
        return value, height

    def _plain(self, raw: str, span: Span) -> tuple[str, Any]:
        """The tag and value of a plain scalar (PyYAML's implicit resolvers)."""
        tag = STR
        for candidate, regexp in IMPLICIT.get(raw[:1], ()):
            if regexp.match(raw):
                tag = candidate
                break
        return tag, raw if tag == STR else self._scalar_value(tag, raw, span)

    def _tagged_scalar(self, event: _ScalarEvent, top: _Frame | None, span: Span) -> None:
        """A scalar with an explicit tag: a short-form intrinsic, a YAML type or unknown.

        As a mapping key, even an intrinsic tag is unknown (``!Ref x: 1``).
        """
        raw, tag = event.value, str(event.tag)
        if top is not None and top.expect_key:
            if tag == MERGE:
                self._merge_key(top, span)
                return
            if tag == STR:
                key = raw
            elif tag == NULL:
                key = "null"
            else:
                key = str(self._scalar_value(tag, raw, span))
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
                value = self._scalar_value(tag, raw, span)
        if event.anchor is not None:
            # A YAML-typed scalar can be aliased as a key; an intrinsic is a mapping.
            spelled = None if height else "null" if value is None else str(value)
            self._anchor(event.anchor, value, span, 1, height, spelled)
            self.anchors[event.anchor].chars = len(raw)
        self._attach(top, value, span, height)

    # -- merge keys (YAML 1.1, yaml.org/type/merge) --------------------------------------------

    def _merge_key(self, top: _Frame, span: Span) -> None:
        """``<<`` as a key: its value is merged into ``top`` when the mapping ends."""
        self.merge_keys.append(span)
        if top.merges is None:
            top.merges = []
        top.key = _MERGING
        top.key_span = span
        top.expect_key = False

    @staticmethod
    def _merge_value(top: _Frame, value: Any, span: Span) -> None:
        assert top.merges is not None
        if not (isinstance(value, MDict) or (isinstance(value, MList) and value)):
            raise _not_mergeable(span)
        if isinstance(value, MList):
            for item, item_span in zip(value, value.item_spans, strict=True):
                if not isinstance(item, MDict):
                    raise _not_mergeable(item_span)
        top.merges.append((value, span))
        top.expect_key = True

    def _flatten(self, frame: _Frame, span: Span) -> None:
        """Merge as PyYAML's ``SafeLoader.flatten_mapping`` does, spans kept.

        Explicit keys win over merged ones; of ``<<: [*a, *b]`` the earlier (``a``)
        wins; a later ``<<`` wins over an earlier one. A merged key keeps the
        spans of where it was written (under its anchor).
        """
        container = frame.container
        assert isinstance(container, MDict) and frame.merges is not None
        ends = [merged_span for _, merged_span in frame.merges]
        if frame.key is not _MERGING and frame.key in container.value_spans:
            ends.append(container.value_spans[frame.key])
        last = max(ends, key=lambda end: (end[2], end[3]))
        if frame.flow:
            container.span = span
        else:
            container.span = _new_span(Span, (span[0], span[1], last[2], last[3], ""))
        sources: list[MDict] = []
        for value, _ in frame.merges:
            sources.extend(reversed(value) if isinstance(value, MList) else [value])
        entries: dict[str, tuple[Any, Span, Span]] = {}
        for source in (*sources, container):
            for key, item in source.items():
                entries[key] = (item, source.key_span(key), source.value_span(key))
        container.clear()
        key_spans, value_spans = container.key_spans, container.value_spans
        key_spans.clear()
        value_spans.clear()
        for key, (item, key_span, value_span) in entries.items():
            container[key] = item
            key_spans[key] = key_span
            value_spans[key] = value_span

    @staticmethod
    def _set_key(top: _Frame, key: str, span: Span) -> None:
        if key in top.key_spans:
            raise _duplicate_key(key, top.key_spans[key], span)
        top.key = key
        top.key_span = span
        top.expect_key = False

    def _scalar_value(self, tag: str, raw: str, span: Span) -> Any:
        if is_unknown(tag):
            self.unknown_tags.append((display_tag(tag), span))
            return raw
        return construct(tag, raw)

    def _alias(self, event: _Event, top: _Frame | None) -> None:
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
        depth = top.child_depth if top is not None else 0
        if depth + anchored.height > MAX_DEPTH:
            raise self._too_deep(start, f" (through alias *{name})")
        self.expanded += anchored.size
        if self.expanded > MAX_EXPANDED_NODES:
            raise self._too_big(start)
        self.chars += anchored.chars
        self.alias_chars += anchored.chars
        if self.alias_chars > MAX_ALIAS_CHARS:
            raise self._error(
                f"YAML aliases repeat more than {MAX_ALIAS_CHARS:,} characters of text "
                "(an alias bomb?); refusing to expand",
                start,
            )
        if top is not None and top.expect_key:
            key = anchored.key
            if key is None:
                raise self._error("a mapping key must be a plain scalar", start)
            self._set_key(top, key, anchored.span)
            return
        if top is not None and top.key is _MERGING:  # the mapping ends here, not at the anchor
            self._merge_value(top, anchored.value, self.span(start, event.end_mark))
            return
        self._attach(top, anchored.value, anchored.span, anchored.height)

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
        chars = len(value) if isinstance(value, str) else 0  # a collection's: the caller's
        self.anchors[name] = _Anchored(value, span, size, height, key, chars)


def _not_mergeable(span: Span) -> ParseError:
    # PyYAML's constructor refuses it too ("expected a mapping or list of mappings").
    return ParseError("a merge key '<<' takes a mapping or a list of mappings", *span[:4])


def _duplicate_key(key: str, first: Span, span: Span) -> ParseError:
    return ParseError(
        f"duplicate key '{key}' (first defined at line {first.line})",
        span.line,
        span.column,
        span.end_line,
        span.end_column,
    )


def _drain(start: Any, get_event: Callable[[], Any]) -> Any:
    """Read the remaining events (later documents) so that their syntax errors surface.

    Returns the start event of the first later document holding something (None
    when all are empty: a stray ``---`` at the end starts one empty plain scalar).
    """
    found = None
    while True:
        event = get_event()
        if event is None or type(event) is _STREAM_END:
            return found
        if type(event) is _DOCUMENT_START:
            start = event
        elif found is None and not _empty(event):
            found = start


def _empty(event: Any) -> bool:
    """A document-end event, or the empty plain scalar of an empty document."""
    if type(event) is yaml.DocumentEndEvent:
        return True
    return (
        type(event) is yaml.ScalarEvent
        and event.value == ""
        and event.tag is None
        and event.anchor is None
        and event.implicit[0]
    )


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


def _build(text: str) -> tuple[Any, list[tuple[str, Span]], int, Span | None, list[Span]]:
    """The first document's root, its unknown tags, how many documents there are,
    where the first later document with content starts, and its merge keys."""
    try:
        builder = _build_with(_Loader, text)
    except yaml.MarkedYAMLError as exc:
        if _Loader is _PythonLoader or _LIBYAML_DEPTH_PROBLEM not in (exc.problem or ""):
            raise
        # Only past 1,000 levels: PyYAML's own parser has no such limit and hands
        # over events lazily, so ``MAX_DEPTH`` is reported where it is crossed.
        builder = _build_with(_PythonLoader, text)
    tags = sorted(builder.unknown_tags, key=lambda item: item[1])
    later = builder.later_content
    where = None if later is None else builder.span(later.start_mark, later.end_mark)
    return builder.root, tags, builder.documents, where, builder.merge_keys


def _build_with(loader_class: Any, text: str) -> _Builder:
    builder = _Builder(text)
    loader = loader_class(text)
    try:
        builder.build(loader.get_event)
    finally:
        loader.dispose()
    return builder


def parse_yaml(text: str) -> ParsedDocument:
    """Parse YAML text; raises :class:`ParseError` with a position on any problem."""
    try:
        root, unknown_tags, documents, later, merge_keys = _build(text)
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
    # Later documents are reported by the engine only when the first is a template
    # (Kubernetes manifests and other multi-document streams are skipped there).
    return ParsedDocument(root, text, tuple(unknown_tags), later, tuple(merge_keys))
