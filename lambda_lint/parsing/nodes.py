"""Marked containers: ``dict``/``list`` subclasses that remember source spans.

Scalars stay plain Python values (``str``, ``int``, ``bool``, ``None``...): their
spans live in the parent container (``value_spans``/``item_spans``). That keeps
booleans and ``None`` usable and avoids one wrapper object per scalar.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from lambda_lint.span import Span

NO_SPAN = Span(1, 1, 1, 1)


class MDict(dict[str, Any]):
    """A mapping with the span of itself, of each key and of each value."""

    __slots__ = ("key_spans", "span", "value_spans")

    def __init__(self, span: Span = NO_SPAN) -> None:
        # No ``super().__init__()``: a new dict is already empty (one call less per mapping).
        self.span = span
        self.key_spans: dict[str, Span] = {}
        self.value_spans: dict[str, Span] = {}

    def key_span(self, key: str) -> Span:
        """Where ``key`` was written (the mapping's own span if unknown)."""
        return self.key_spans.get(key, self.span)

    def value_span(self, key: str) -> Span:
        """Where the value of ``key`` was written (the mapping's own span if unknown)."""
        return self.value_spans.get(key, self.span)


class MList(list[Any]):
    """A sequence with the span of itself and of each item."""

    __slots__ = ("item_spans", "span")

    def __init__(self, span: Span = NO_SPAN) -> None:
        self.span = span
        self.item_spans: list[Span] = []

    def item_span(self, index: int) -> Span:
        """Where item ``index`` was written (the sequence's own span if unknown)."""
        if 0 <= index < len(self.item_spans):
            return self.item_spans[index]
        return self.span


# The slots of MDict/MList where a lazy container keeps its spans once computed.
SPAN_SLOT: Any = MDict.__dict__["span"]
KEY_SPANS_SLOT: Any = MDict.__dict__["key_spans"]
VALUE_SPANS_SLOT: Any = MDict.__dict__["value_spans"]
LIST_SPAN_SLOT: Any = MList.__dict__["span"]
ITEM_SPANS_SLOT: Any = MList.__dict__["item_spans"]
_SPAN, _KEY_SPANS, _VALUE_SPANS = SPAN_SLOT, KEY_SPANS_SLOT, VALUE_SPANS_SLOT
_LIST_SPAN, _ITEM_SPANS = LIST_SPAN_SLOT, ITEM_SPANS_SLOT


class SpanIndex(Protocol):
    """What computes a lazy container's spans from its text (``parsing/lazy_json.py``)."""

    def resolve_dict(self, node: JsonDict) -> None: ...

    def resolve_list(self, node: JsonList) -> None: ...


class JsonDict(MDict):
    """An object of a JSON text; its spans are computed when first read (``lazy_json``)."""

    __slots__ = ("_index", "_rank")
    _index: SpanIndex
    _rank: int

    @property
    def span(self) -> Span:
        try:
            return _SPAN.__get__(self)  # type: ignore[no-any-return]
        except AttributeError:
            self._index.resolve_dict(self)
            return _SPAN.__get__(self)  # type: ignore[no-any-return]

    @span.setter
    def span(self, value: Span) -> None:
        self.key_spans  # noqa: B018 (computed first, so they are not computed over it later)
        _SPAN.__set__(self, value)

    @property
    def key_spans(self) -> dict[str, Span]:
        try:
            return _KEY_SPANS.__get__(self)  # type: ignore[no-any-return]
        except AttributeError:
            self._index.resolve_dict(self)
            return _KEY_SPANS.__get__(self)  # type: ignore[no-any-return]

    @key_spans.setter
    def key_spans(self, value: dict[str, Span]) -> None:
        self.key_spans  # noqa: B018
        _KEY_SPANS.__set__(self, value)

    @property
    def value_spans(self) -> dict[str, Span]:
        try:
            return _VALUE_SPANS.__get__(self)  # type: ignore[no-any-return]
        except AttributeError:
            self._index.resolve_dict(self)
            return _VALUE_SPANS.__get__(self)  # type: ignore[no-any-return]

    @value_spans.setter
    def value_spans(self, value: dict[str, Span]) -> None:
        self.key_spans  # noqa: B018
        _VALUE_SPANS.__set__(self, value)

    def key_span(self, key: str) -> Span:
        return self.key_spans.get(key, self.span)

    def value_span(self, key: str) -> Span:
        return self.value_spans.get(key, self.span)


class JsonList(MList):
    """An array of a JSON text; located through its parent, which records where it starts."""

    __slots__ = ("_index", "_parent", "_start")
    _index: SpanIndex
    _parent: JsonDict | JsonList | None
    _start: int

    @property
    def span(self) -> Span:
        try:
            return _LIST_SPAN.__get__(self)  # type: ignore[no-any-return]
        except AttributeError:
            self._index.resolve_list(self)
            return _LIST_SPAN.__get__(self)  # type: ignore[no-any-return]

    @span.setter
    def span(self, value: Span) -> None:
        self.item_spans  # noqa: B018
        _LIST_SPAN.__set__(self, value)

    @property
    def item_spans(self) -> list[Span]:
        try:
            return _ITEM_SPANS.__get__(self)  # type: ignore[no-any-return]
        except AttributeError:
            self._index.resolve_list(self)
            return _ITEM_SPANS.__get__(self)  # type: ignore[no-any-return]

    @item_spans.setter
    def item_spans(self, value: list[Span]) -> None:
        self.item_spans  # noqa: B018
        _ITEM_SPANS.__set__(self, value)

    def item_span(self, index: int) -> Span:
        spans = self.item_spans
        if 0 <= index < len(spans):
            return spans[index]
        return self.span


# Every container type a parser makes, for code that tests exact types.
CONTAINER_TYPES = frozenset({MDict, MList, JsonDict, JsonList})


@dataclass(frozen=True)
class ParsedDocument:
    """A parsed file: its root value, its text (for snippets) and YAML tags we did not know.

    Unknown tags are kept rather than rejected because only a CloudFormation
    template makes them an error; other YAML (e.g. GitLab's ``!reference``) is
    skipped without complaint.
    """

    root: Any
    text: str
    unknown_tags: tuple[tuple[str, Span], ...] = field(default=())
    # Where a second YAML document with content starts (``root`` is the first one's).
    later_document: Span | None = None
    # Where YAML merge keys (``<<``) were written: ``root`` has them resolved, as PyYAML
    # would, but CloudFormation itself does not resolve them.
    merge_keys: tuple[Span, ...] = field(default=())
