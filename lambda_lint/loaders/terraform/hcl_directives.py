"""Suppressions written in HCL comments: ``#``, ``//`` and ``/* */``.

``# lambda-lint: ignore[LL110] reason`` (or ``// ...``, ``/* ... */``) at the end
of a line covers findings that start on that line; alone on its line, it covers
the next line holding something other than a comment; ``file-ignore`` covers
the whole file. The same rules as YAML comments (:func:`lambda_lint.suppressions.
comment_directives`), applied to the comments the HCL parser found, so a ``#``
or ``//`` inside a string is never taken for one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from lambda_lint.lines import line_starts, split_lines
from lambda_lint.span import Span
from lambda_lint.suppressions import Directive, text_directive

_MARKER = re.compile(r"^(?:#|//|/\*)")
_SCOPE = re.compile(r"^\s*lambda-lint:\s*(file-ignore|ignore)\b")
_COMMENT_LINE = ("#", "//", "/*")


def hcl_directives(text: str, comments: Sequence[tuple[int, int]], path: str) -> list[Directive]:
    """The directives in ``comments`` ((start, end) character offsets into ``text``)."""
    found: list[Directive] = []
    starts = line_starts(text)
    following: list[int | None] | None = None
    for start, end in comments:
        comment = text[start:end]
        if "lambda-lint:" not in comment:
            continue
        marker = _MARKER.match(comment)
        body = comment[marker.end() if marker else 0 :]
        if body.endswith("*/"):
            body = body[:-2]
        # A block comment may hold the directive on a later line of its own.
        body = next((line for line in body.split("\n") if "lambda-lint:" in line), body)
        scope = _SCOPE.match(body)
        line = _line_of(starts, start)
        column = start - starts[line - 1] + 1
        first_line_end = text.find("\n", start, end)
        width = (first_line_end if first_line_end >= 0 else end) - start
        span = Span(line, column, line, column + max(width, 1), path)
        directive = text_directive(body, span, "")
        if scope is None or directive is None:
            continue
        if scope.group(1) == "ignore":
            if text[starts[line - 1] : start].strip():
                covered = frozenset({line})
            else:
                if following is None:
                    following = _next_content(split_lines(text))
                end_line = _line_of(starts, max(start, end - 1))
                target = following[end_line - 1]
                covered = frozenset({target + 1}) if target is not None else frozenset()
            directive = Directive("line", directive.codes, span, directive.reason, covered)
        found.append(directive)
    return found


def _line_of(starts: list[int], offset: int) -> int:
    """1-based line of a character offset."""
    return bisect_right(starts, offset)


def _next_content(lines: list[str]) -> list[int | None]:
    """For each 0-based line, the first later line (0-based) that is not blank or a comment.

    Computed once from the end, so a file of many directives stays linear.
    """
    result: list[int | None] = [None] * (len(lines) + 1)
    nearest: int | None = None
    for index in range(len(lines) - 1, -1, -1):
        result[index] = nearest
        stripped = lines[index].strip()
        if stripped and not stripped.startswith(_COMMENT_LINE):
            nearest = index
    return result
