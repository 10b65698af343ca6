"""Lambda@Edge as the rules need it: which function version each CloudFront trigger runs.

A distribution's cache behaviours associate functions with four events (viewer or
origin, request or response). CloudFront runs a numbered version of a function that
lives in us-east-1; the association must name that version
(docs/aws-facts.md#lambdaedge-versions). Loaders give each association its event
type and the value that names the function; :func:`edge_target` says which function of
the stack it is and how it is qualified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from lambda_lint.model.values import EntityKind, EntityRef, Field
from lambda_lint.span import Span

__all__ = ["EdgeAssociation", "Qualifier", "edge_target", "viewer_event"]

_LAMBDA_ARN = re.compile(r"arn:aws[a-zA-Z-]*:lambda:[^:]*:[^:]*:function:[^:]+(?::(?P<q>[^:]+))?")


class Qualifier(str, Enum):
    """What an association's ARN names: a numbered version, or something CloudFront refuses."""

    VERSION = "version"
    ALIAS = "alias"
    LATEST = "$LATEST"
    UNQUALIFIED = "unqualified"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class EdgeAssociation:
    """One Lambda function association of a distribution's cache behaviour.

    ``target`` is the function ARN as written. A loader that knows more than the value
    says (Terraform's ``qualified_arn`` names the version ``publish`` creates, or
    ``$LATEST`` without it) gives the ``function`` and its ``qualifier`` too.
    """

    distribution: str
    span: Span
    event_type: Field
    target: Field
    function: str = ""
    qualifier: Qualifier | None = None


def viewer_event(event_type: Any) -> bool | None:
    """True for viewer-request/-response, False for origin-*, None when unknown."""
    if isinstance(event_type, str):
        if event_type.startswith("viewer-"):
            return True
        if event_type.startswith("origin-"):
            return False
    return None


def edge_target(
    stack: Any, association: EdgeAssociation, target: Field
) -> tuple[str | None, Qualifier]:
    """The function of the stack ``target`` (one branch of the association's target)
    runs, if known, and how the ARN is qualified."""
    if association.qualifier is not None:
        return association.function or None, association.qualifier
    value = target.value
    if isinstance(value, EntityRef):
        if value.kind is EntityKind.FUNCTION:
            return value.id, Qualifier.UNQUALIFIED
        if value.kind is EntityKind.VERSION:
            version = stack.versions.get(value.id)
            return _function_of(version.function if version else None), Qualifier.VERSION
        if value.kind is EntityKind.ALIAS:
            alias = stack.aliases.get(value.id)
            return _function_of(alias.function if alias else None), Qualifier.ALIAS
        return None, Qualifier.UNKNOWN
    if isinstance(value, str):
        match = _LAMBDA_ARN.fullmatch(value)
        if match is None:
            return None, Qualifier.UNKNOWN
        qualifier = match.group("q")
        if qualifier is None:
            return None, Qualifier.UNQUALIFIED
        if qualifier == "$LATEST":
            return None, Qualifier.LATEST
        return None, Qualifier.VERSION if qualifier.isdigit() else Qualifier.ALIAS
    return None, Qualifier.UNKNOWN


def _function_of(field: Field | None) -> str | None:
    value = field.value if field is not None else None
    if isinstance(value, EntityRef) and value.kind is EntityKind.FUNCTION:
        return value.id
    return None
