"""A problem found while loading (not parsing) a document, reported as LL006."""

from __future__ import annotations

from typing import NamedTuple

from lambda_lint.span import Span


class LoadProblem(NamedTuple):
    """The document parsed but cannot be deployed as written (e.g. a duplicate resource)."""

    message: str
    span: Span
    # What the problem is about, independent of the message's wording and of where it
    # is written ("duplicate-resource:aws_lambda_function.api"): its fingerprint key,
    # so a baseline survives rewording and edits elsewhere in the file.
    id: str
