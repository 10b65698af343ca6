"""Values a source marks secret, shown as ``(sensitive value)`` as ``terraform show`` does.

Loaders report which spans hold such values (:class:`Sensitive`, with the value
as messages would spell it); the engine redacts messages and passes the spans
to formatters, which redact their source snippets with :func:`redact_line`.
Neither side knows which format marked the value: the mark is neutral.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from lambda_lint.span import Span

REDACTED = "(sensitive value)"


class Sensitive(NamedTuple):
    """A secret value: where it is written, and its text (empty for a container)."""

    span: Span
    text: str


def ordered(secrets: Iterable[str]) -> list[str]:
    """The distinct secrets, longest first (one may hold another), for :func:`redact_message`."""
    return sorted({s for s in secrets if s}, key=len, reverse=True)


def redact_message(message: str, secrets: Sequence[str]) -> str:
    """``message`` with every secret of ``secrets`` (as :func:`ordered` gives them) replaced."""
    for secret in secrets:
        if len(secret) <= len(message) and secret in message:
            message = message.replace(secret, REDACTED)
    return message


def redact_line(
    source: str, number: int, spans: Sequence[Span]
) -> tuple[str, Callable[[int], int]]:
    """Line ``number`` (text ``source``) with the secret spans on it redacted.

    A span's first line shows ``(sensitive value)`` in its place; its other lines
    lose what it covers. Also returns how a column of ``source`` maps into the
    shown line, so that an underline stays under its value.
    """
    cuts: list[tuple[int, int, str]] = []  # (start, end) columns, 1-based, end exclusive
    for span in spans:
        if not span.line <= number <= span.end_line:
            continue
        if span.line == number:
            start, text = span.column, REDACTED
        else:
            start, text = len(source) - len(source.lstrip()) + 1, ""
        end = span.end_column if span.end_line == number else len(source) + 1
        cuts.append((start, max(end, start), text))
    if not cuts:
        return source, _same
    cuts.sort()
    pieces: list[str] = []
    shifts: list[tuple[int, int, int, int]] = []  # (start, end, new start, new length)
    position = 1  # the next column of source to copy
    shown = 1  # its column in the shown line
    for start, end, text in cuts:
        if start < position:  # overlaps an earlier cut: already redacted
            continue
        pieces.append(source[position - 1 : start - 1])
        shown += start - position
        shifts.append((start, end, shown, len(text)))
        pieces.append(text)
        shown += len(text)
        position = end
    pieces.append(source[position - 1 :])

    def column(original: int) -> int:
        moved = original
        for start, end, new_start, length in shifts:
            if original >= end:
                moved = new_start + length + (original - end)
            elif original >= start:
                return new_start
        return moved

    return "".join(pieces), column


def _same(column: int) -> int:
    return column
