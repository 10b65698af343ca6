"""IAM policy documents written as marked trees, into model ``Statement``s.

CloudFormation writes a document as IAM's JSON grammar (``Statement``, ``Effect``,
``Action``...) with intrinsic functions inside; Terraform's ``aws_iam_policy_document``
writes ``statement`` blocks (``effect``, ``actions``...). Both go through their own
resolver, so every action and resource keeps its span and an unresolvable part stays
unknown (``model/iam.py`` never guesses it). A document written as JSON text has no
positions inside it: it is read with ``plain_statements`` at the span of the text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from lambda_lint.model import Field, Statement, Unresolved, plain_statements
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span


class ValueReader(Protocol):
    """What a format's resolver offers: a scalar Field and a list Field of a raw node."""

    def value(self, raw: Any, span: Span) -> Field: ...

    def items(self, raw: Any, span: Span) -> Field: ...


@dataclass(frozen=True, slots=True)
class Spelling:
    """How a format names the parts of a statement; ``effect`` applies when none is written."""

    effect: str
    action: str
    not_action: str
    resource: str
    not_resource: str
    condition: str
    default_effect: str | None = None


IAM_JSON = Spelling("Effect", "Action", "NotAction", "Resource", "NotResource", "Condition")


def read_statements(
    statements: Iterable[tuple[Any, Span]], reader: ValueReader, spelling: Spelling
) -> tuple[Statement, ...] | None:
    """Each statement (a mapping and its span); None when one is not a plain mapping."""
    found: list[Statement] = []
    for raw, span in statements:
        if not isinstance(raw, MDict) or _is_expression(raw):
            return None
        if spelling.effect in raw:
            effect = reader.value(raw[spelling.effect], raw.value_span(spelling.effect))
        else:
            effect = Field(spelling.default_effect, span)
        not_action = spelling.not_action in raw
        not_resource = spelling.not_resource in raw
        found.append(
            Statement(
                span,
                effect,
                _list(raw, spelling.not_action if not_action else spelling.action, span, reader),
                _list(
                    raw, spelling.not_resource if not_resource else spelling.resource, span, reader
                ),
                not_action=not_action,
                not_resource=not_resource,
                conditional=raw.get(spelling.condition) not in (None, [], {}),
            )
        )
    return tuple(found)


def json_document(
    text: Any, span: Span, value: Callable[[Any], Any] | None = None
) -> tuple[Statement, ...] | None:
    """A policy document held as JSON text (Terraform ``policy``, a plan's rendered value);
    ``value`` resolves the strings of the document (their interpolations)."""
    if not isinstance(text, str):
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    if not isinstance(parsed, dict):
        return None
    return plain_statements(parsed.get("Statement"), span, value)


def iam_json_document(
    document: Any, span: Span, reader: ValueReader
) -> tuple[Statement, ...] | None:
    """A document in IAM's JSON grammar as a marked tree (CloudFormation, ``jsonencode``)."""
    if isinstance(document, str):
        return json_document(document, span)
    if not isinstance(document, MDict) or _is_expression(document):
        return None
    statements = document.get("Statement")
    if isinstance(statements, MDict):
        return read_statements([(statements, document.value_span("Statement"))], reader, IAM_JSON)
    if not isinstance(statements, MList):
        return None
    pairs = [(item, statements.item_span(index)) for index, item in enumerate(statements)]
    return read_statements(pairs, reader, IAM_JSON)


# Intrinsics that build a string from parts: an ARN pattern we do not need to render to
# know it is not one of the stack's entities. Left unknown without resolving them (resolving
# every Fn::Sub of every policy cost a tenth of a 1000-function template's run).
_STRING_BUILDERS = ("Fn::Sub", "Fn::Join")


def _list(raw: MDict, key: str, span: Span, reader: ValueReader) -> Field:
    if key not in raw:
        return Field(None, span)
    value = raw[key]
    at = raw.value_span(key)
    if isinstance(value, str):
        single = reader.value(value, at)
        if isinstance(single.value, Unresolved) and single.value.expr.startswith("${"):
            return reader.items(value, at)  # a Terraform expression may be a whole list
        return Field((single,), at)
    if isinstance(value, MDict) and _is_expression(value) and "Fn::If" not in value:
        return Field((_item(value, at, reader),), at)  # one ARN written as ``!GetAtt Q.Arn``
    if isinstance(value, MList):
        return Field(
            tuple(_item(item, value.item_span(i), reader) for i, item in enumerate(value)), at
        )
    return reader.items(value, at)


def _item(raw: Any, span: Span, reader: ValueReader) -> Field:
    if isinstance(raw, MDict) and len(raw) == 1 and next(iter(raw)) in _STRING_BUILDERS:
        if _may_name_objects(raw):
            return reader.value(raw, span)
        return Field(Unresolved(next(iter(raw))), span)
    return reader.value(raw, span)


def _may_name_objects(raw: MDict) -> bool:
    """Whether a string builder may spell a bucket's objects (``${Bucket.Arn}/*``,
    ``arn:aws:s3:::${Bucket}/*``, ``!Join ["", [!GetAtt Bucket.Arn, "/*"]]``): those are
    resolved, for LL703; every other one stays unknown without the cost."""
    key, arg = next(iter(raw.items()))
    if key == "Fn::Sub":
        text = arg[0] if isinstance(arg, list) and arg else arg
        return isinstance(text, str) and ("s3:::" in text or ".Arn}/" in text)
    parts = arg[1] if isinstance(arg, list) and len(arg) == 2 else None
    if not isinstance(parts, list):
        return False
    return any(isinstance(p, str) and (p.startswith("/") or "s3:::" in p) for p in parts)


def _is_expression(raw: MDict) -> bool:
    """A one-key mapping naming an intrinsic function (``Fn::If``, ``Ref``)."""
    if len(raw) != 1:
        return False
    key = next(iter(raw))
    return key == "Ref" or key.startswith("Fn::")
