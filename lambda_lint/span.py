"""Source positions shared by the parser, the model and the findings.

Kept in its own module so that the model can carry positions without importing
the parser (DESIGN.md: loaders know formats, the model knows AWS).
"""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    """A region of a file: 1-based lines and columns, ``end_column`` exclusive.

    A NamedTuple rather than a dataclass: the parser creates one per node, so it
    must be as cheap as a tuple.
    """

    line: int
    column: int
    end_line: int
    end_column: int
