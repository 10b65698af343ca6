"""Marked containers: ``dict``/``list`` subclasses that remember source spans.

Scalars stay plain Python values (``str``, ``int``, ``bool``, ``None``...): their
spans live in the parent container (``value_spans``/``item_spans``). That keeps
booleans and ``None`` usable and avoids one wrapper object per scalar.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
