"""How every format shows text that came from a user's files: no control characters.

A file name or a value holding a line break, an ANSI escape or a GitHub workflow
command must not forge lines, colours or commands in any report.
"""

from __future__ import annotations

import re

# Control characters (C0, DEL, C1) in messages: a name holding a line break or an ANSI
# escape must not forge output lines or colours in any format. Lone surrogates (a
# file name that is not UTF-8) cannot be written to a UTF-8 stream at all.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with control characters written as escapes (``\\n``, ``\\x1b``), and
    the undecodable bytes of a file name as ``\\xff``."""
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if "\udc80" <= char <= "\udcff":  # os.fsdecode's stand-in for the byte
        return f"\\x{ord(char) - 0xDC00:02x}"
    return repr(char)[1:-1]


def printable_path(path: str) -> str:
    """A path as every format shows it: :func:`printable`, and ``./`` before a leading
    ``:``, so no line of a report can start with ``::`` (a GitHub workflow command)."""
    shown = printable(path)
    return f"./{shown}" if shown.startswith(":") else shown
