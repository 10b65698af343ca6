"""Source positions shared by the parser, the model and the findings.

Kept in its own module so that the model can carry positions without importing
the parser (docs/design.md#boundaries: loaders know formats, the model knows AWS).
"""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    """A region of a file: 1-based lines and columns, ``end_column`` exclusive.

    A NamedTuple rather than a dataclass: the parser creates one per node, so it
    must be as cheap as a tuple. ``path`` is empty for a position in the file
    being linted; a Terraform module spans several files, so its loader stamps
    each span with the file it lies in (see :func:`in_file`).
    """

    line: int
    column: int
    end_line: int
    end_column: int
    path: str = ""


def in_file(span: Span, path: str) -> Span:
    """``span`` stamped with the file it lies in."""
    return Span(span.line, span.column, span.end_line, span.end_column, path)
