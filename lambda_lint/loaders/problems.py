"""A problem found while loading (not parsing) a document, reported as LL001."""

from __future__ import annotations

from typing import NamedTuple

from lambda_lint.span import Span


class LoadProblem(NamedTuple):
    """The document parsed but cannot be deployed as written (e.g. a duplicate resource)."""

    message: str
    span: Span
