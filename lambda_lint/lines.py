"""Where lines start, counted as editors, LSP clients and YAML 1.2 count them.

A line ends at ``\\r\\n``, ``\\n`` or a lone ``\\r``; nothing else. libyaml also
breaks lines at U+0085, U+2028 and U+2029 (YAML 1.1), and ``str.splitlines``
at form feeds and more, so positions are computed here once for every parser:
a finding's line must be the line an editor shows.
"""

from __future__ import annotations

import bisect
import itertools
import re
from array import array

_BREAK = re.compile(r"\r\n?|\n")


def line_starts(text: str) -> list[int]:
    """The offset of the first character of every line (the first is 0)."""
    if "\r" in text:
        return [0, *(match.end() for match in _BREAK.finditer(text))]
    lines = text.split("\n")  # then a running sum of lengths: twice as fast as a find() loop
    lines.pop()
    return list(itertools.accumulate([len(line) + 1 for line in lines], initial=0))


_CHUNK = 1 << 20
_SUCCESSOR = (1).__add__


def line_start_array(text: str) -> array[int]:
    """:func:`line_starts` as 8-byte integers, with a sentinel past the text.

    For the largest texts (a plan of 100 MB has millions of lines): a list of
    ``int`` objects takes 36 bytes a line, and splitting the whole text at once would
    hold every line as a string; this splits a megabyte at a time.
    """
    if "\r" in text:
        starts = array("q", line_starts(text))
    else:
        starts = array("q", [0])
        for chunk_start in range(0, len(text), _CHUNK):
            parts = text[chunk_start : chunk_start + _CHUNK].split("\n")
            parts.pop()  # the text after the chunk's last break: no line starts in it
            after = itertools.accumulate(map(_SUCCESSOR, map(len, parts)), initial=chunk_start)
            starts.extend(itertools.islice(after, 1, None))  # each break's successor
    starts.append(len(text) + 1)
    return starts


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` without their line breaks (a final break starts an empty line)."""
    return _BREAK.split(text)


def char_span(text: str, starts: list[int], offset: int) -> tuple[int, int, int, int]:
    """Line, column, end line and end column (1-based, end exclusive) of one character.

    The span is empty at a line break or at the end of the text, so that an
    error there never reaches past the end of its line.
    """
    offset = max(0, min(offset, len(text)))
    line = bisect.bisect_right(starts, offset) - 1
    column = offset - starts[line] + 1
    width = 1 if offset < len(text) and text[offset] not in "\r\n" else 0
    return line + 1, column, line + 1, column + width
