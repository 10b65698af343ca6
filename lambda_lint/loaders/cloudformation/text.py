"""``Fn::Sub`` variables and ``{{resolve:...}}`` dynamic references, found in one pass.

The regular expressions that say the same (``\\$\\{([^}!][^}]*)\\}`` and
``\\{\\{resolve:[^}]*\\}\\}``) are retried at every opening, and each try runs to
the next ``}``: a string of many ``${`` (or ``{{resolve:``) and no ``}`` cost the
square of its length (80 KB: 40 s). Here the next ``}`` is looked up once and
reused by every opening before it, so a scan is linear; the matches are exactly
the expressions'.
"""

from __future__ import annotations

from collections.abc import Iterator

_DYNAMIC = "{{resolve:"


class _NextBrace:
    """The first ``}`` at or after a position, for positions asked in increasing order."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._since = len(text) + 1  # the last search began here...
        self._at = -1  # ...and found a brace here (-1: none up to the end)

    def at_or_after(self, position: int) -> int:
        """The index of the first ``}`` at or after ``position``, or -1."""
        if self._since <= position and (self._at == -1 or position <= self._at):
            return self._at
        self._since = position
        self._at = self._text.find("}", position)
        return self._at


def sub_variables(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, name)`` of each ``${name}`` of a ``Fn::Sub`` string, in order.

    ``${!literal}`` and ``${}`` are not variables; ``name`` is as written (not stripped).
    """
    brace = _NextBrace(text)
    position = text.find("${")
    while position != -1:
        close = brace.at_or_after(position + 2)
        if close == -1:
            return  # no ``}`` after this opening, so none after any later one either
        if close == position + 2 or text[position + 2] == "!":
            position = text.find("${", position + 1)
            continue
        yield position, close + 1, text[position + 2 : close]
        position = text.find("${", close + 1)


def without_dynamic_references(text: str) -> str:
    """``text`` without its ``{{resolve:...}}`` parts (their value is unknown here)."""
    if _DYNAMIC not in text:
        return text
    brace = _NextBrace(text)
    kept: list[str] = []
    copied = 0
    position = text.find(_DYNAMIC)
    while position != -1:
        close = brace.at_or_after(position + len(_DYNAMIC))
        if close == -1:
            break
        if text.startswith("}", close + 1):
            kept.append(text[copied:position])
            copied = close + 2
            position = text.find(_DYNAMIC, copied)
        else:
            position = text.find(_DYNAMIC, position + 1)
    kept.append(text[copied:])
    return "".join(kept)
