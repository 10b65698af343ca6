"""IAM as the rules need it: what a role's policies grant, evaluated rather than pattern-matched.

Loaders gather every place a role's permissions are written (inline policies, managed
policies, attached policy resources, what SAM adds to the roles it generates) into one
:class:`Permissions` per role. :func:`may` answers "may this role do action A on resource
R" as IAM evaluates it within one account: ``Action``/``NotAction`` and
``Resource``/``NotResource`` with ``*`` and ``?`` wildcards, an explicit ``Deny`` over any
``Allow``, nothing allowed unless some statement allows it. Whatever cannot be judged
(a ``Condition``, an unresolved value, a policy whose content is not in the template)
makes the answer ``None``, unknown; rules report only definite answers
(docs/aws-facts.md#execution-role-policies).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lambda_lint.model.s3 import BucketObjects, ObjectPath, writes_objects
from lambda_lint.model.values import Choice, EntityKind, EntityRef, Field
from lambda_lint.model.wildcards import wildcard_regex
from lambda_lint.span import Span

__all__ = [
    "Permissions",
    "Policy",
    "Statement",
    "allowing",
    "aws_managed_name",
    "managed_policy",
    "may",
    "names_every_resource",
    "plain_statements",
    "role_permissions",
    "wildcard_action",
]

ALLOW = "Allow"
DENY = "Deny"
# The service prefix of the ARNs of each entity kind, to tell that an ARN pattern of
# another service cannot name the entity.
_ENTITY_SERVICES = {
    EntityKind.QUEUE: "sqs",
    EntityKind.SNS: "sns",
    EntityKind.FUNCTION: "lambda",
    EntityKind.ALIAS: "lambda",
    EntityKind.VERSION: "lambda",
    EntityKind.LAYER: "lambda",
    EntityKind.ROLE: "iam",
    EntityKind.KINESIS: "kinesis",
    EntityKind.DYNAMODB: "dynamodb",
    EntityKind.SUBNET: "ec2",
    EntityKind.BUCKET: "s3",
}


@dataclass(frozen=True, slots=True)
class Statement:
    """One policy statement.

    ``actions`` and ``resources`` hold a tuple of item Fields (each a pattern), or an
    unknown value; they are the ``NotAction``/``NotResource`` lists when ``not_action``
    or ``not_resource`` is set. ``conditional``: the statement has a ``Condition``, so
    whether it applies is unknown.
    """

    span: Span
    effect: Field
    actions: Field
    resources: Field
    not_action: bool = False
    not_resource: bool = False
    conditional: bool = False


@dataclass(frozen=True, slots=True)
class Policy:
    """One grant to a role, where it is written.

    ``statements`` is None when the content is not visible (a customer managed policy
    outside the template, an AWS managed policy the data file does not hold, a document
    that does not resolve). ``managed`` is the name of an AWS managed policy.
    """

    span: Span
    statements: tuple[Statement, ...] | None
    managed: str = ""
    # Only some of its actions are listed (the rest unknown, never assumed absent).
    partial: bool = False


@dataclass(frozen=True)
class Permissions:
    """Every grant to one role that the template shows.

    ``complete`` is False when something may grant the role more than is listed (a
    policy attached to a role that does not resolve, a managed policy list that is an
    expression): then nothing is known to be missing.
    """

    role: str
    policies: tuple[Policy, ...] = ()
    complete: bool = True

    @property
    def known(self) -> bool:
        """Whether the listed policies are all the role has, and all are visible."""
        return self.complete and all(p.statements is not None for p in self.policies)


def role_permissions(permissions: Any, role: Field) -> Permissions | None:
    """The permissions of the role a function's ``role`` field names, when it names one
    role of the stack (``permissions`` is ``Stack.permissions``); None otherwise: a role
    outside the template, or a choice between roles."""
    value = role.value
    if isinstance(value, EntityRef) and value.kind is EntityKind.ROLE:
        found = permissions.get(value.id)
        return found if isinstance(found, Permissions) else None
    return None


# -- matching -------------------------------------------------------------------------------


_pattern = wildcard_regex


def _all_of(answers: Iterator[bool | None]) -> bool | None:
    """True if every answer is True, False if every one is False, else unknown."""
    seen = set(answers)
    if seen == {True}:
        return True
    if seen == {False}:
        return False
    return None


def _action_item(item: Field, action: str) -> bool | None:
    if not isinstance(item.value, Choice):  # the common case, without a generator
        return _action_one(item.value, action)
    return _all_of(_action_one(c.value, action) for c in item.candidates())


def _action_one(pattern: Any, action: str) -> bool | None:
    if not isinstance(pattern, str) or "${" in pattern:
        return None  # not a literal (an interpolation left in JSON text)
    return bool(_pattern(pattern, False).fullmatch(action))


def _resource_item(item: Field, resource: Any) -> bool | None:
    if not isinstance(item.value, Choice):
        return _resource_one(item.value, resource)
    return _all_of(_resource_one(c.value, resource) for c in item.candidates())


def _resource_one(pattern: Any, resource: Any) -> bool | None:
    if isinstance(pattern, str) and pattern == "*":
        return True
    if isinstance(resource, BucketObjects):
        return writes_objects(pattern, resource)
    if isinstance(pattern, ObjectPath):
        # Objects of a bucket: no other entity, and an ARN only if it is in S3.
        if isinstance(resource, EntityRef):
            return False
        return None
    if isinstance(resource, EntityRef):
        if isinstance(pattern, EntityRef):
            return pattern == resource
        if isinstance(pattern, str) and "${" not in pattern:
            parts = pattern.split(":")
            service = _ENTITY_SERVICES.get(resource.kind)
            written = parts[2] if len(parts) > 2 else "*"
            if service and "*" not in written and "?" not in written and written != service:
                return False  # an ARN of another service cannot name the entity
        return None
    if isinstance(resource, str) and isinstance(pattern, str) and "${" not in pattern:
        return bool(_pattern(pattern, True).fullmatch(resource))
    return None


def _any_item(items: Field, match: Any, target: Any) -> bool | None:
    """Whether any item of a list matches: True on a match, None if one may, else False."""
    if not isinstance(items.value, Choice):
        return _any_listed(items.value, match, target)
    return _all_of(_any_listed(listed.value, match, target) for listed in items.candidates())


def _any_listed(listed: Any, match: Any, target: Any) -> bool | None:
    if not isinstance(listed, tuple):
        return None
    found: bool | None = False
    for item in listed:
        answer = match(item, target)
        if answer is True:
            return True
        if answer is None:
            found = None
    return found


def _negate(answer: bool | None) -> bool | None:
    return None if answer is None else not answer


def _applies(statement: Statement, action: str, resource: Any) -> bool | None:
    on_action = _any_item(statement.actions, _action_item, action)
    if statement.not_action:
        on_action = _negate(on_action)
    if on_action is False:
        return False
    on_resource = _any_item(statement.resources, _resource_item, resource)
    if statement.not_resource:
        on_resource = _negate(on_resource)
    if on_resource is False:
        return False
    if on_action is None or on_resource is None or statement.conditional:
        return None
    return True


def _effects(statement: Statement) -> set[str | None]:
    found: set[str | None] = set()
    for candidate in statement.effect.candidates():
        value = candidate.value
        found.add(value if value in (ALLOW, DENY) else None)
    return found


def may(permissions: Permissions | None, action: str, resource: Any = "*") -> bool | None:
    """Whether the role may do ``action`` on ``resource`` (an ARN, an entity of the stack,
    or ``"*"`` for an action that takes no resource): True, False, or None for unknown."""
    if permissions is None:
        return None
    allowed: bool | None = False
    denied: bool | None = False
    for policy in permissions.policies:
        if policy.partial and allowed is False:
            allowed = None
        if policy.statements is None:  # it may allow or deny anything
            allowed = True if allowed is True else None
            denied = True if denied is True else None
            continue
        for statement in policy.statements:
            applies = _applies(statement, action, resource)
            if applies is False:
                continue
            effects = _effects(statement)
            if DENY in effects or None in effects:
                if applies is True and effects == {DENY}:
                    denied = True
                elif denied is not True:
                    denied = None
            if ALLOW in effects or None in effects:
                if applies is True and effects == {ALLOW}:
                    allowed = True
                elif allowed is not True:
                    allowed = None
    if denied is True:
        return False
    if allowed is True:
        return True if denied is False else None
    if allowed is None or not permissions.complete:
        return None
    return False


def allowing(permissions: Permissions, action: str, resource: Any = "*") -> Span | None:
    """Where the first statement that certainly allows ``action`` on ``resource`` is
    written (an AWS managed policy: where it is attached), to show the cause."""
    for policy in permissions.policies:
        for statement in policy.statements or ():
            if _effects(statement) == {ALLOW} and _applies(statement, action, resource):
                return policy.span if policy.managed else statement.span
    return None


def wildcard_action(item: Field) -> bool:
    """Whether an action pattern grants every action (``*``) or every action of a service
    (``s3:*``): literal values only."""
    value = item.value
    if not isinstance(value, str):
        return False
    if value == "*":
        return True
    service, _, name = value.partition(":")
    return bool(service) and "*" not in service and name == "*"


def names_every_resource(resources: Field) -> Field | None:
    """The ``*`` item of a literal resource list, if it has one."""
    if isinstance(resources.value, tuple):
        for item in resources.value:
            if isinstance(item, Field) and item.value == "*":
                return item
    return None


# -- AWS managed policies ------------------------------------------------------------------

_MANAGED_PREFIX = re.compile(r"arn:aws[a-zA-Z-]*:iam::aws:policy/(?:[\w+=,.@-]+/)*")


def aws_managed_name(value: Any) -> str:
    """The name of the AWS managed policy a literal ARN names ('' for any other value)."""
    if isinstance(value, str):
        match = _MANAGED_PREFIX.match(value)
        if match is not None:
            return value[match.end() :]
    return ""


@functools.cache
def _managed_table() -> dict[str, Any]:
    # Beside the package, read on first use (as model/runtimes.py reads its table).
    path = Path(__file__).resolve().parent.parent / "data" / "managed_policies.json"
    table: dict[str, Any] = json.loads(path.read_text("utf-8"))["policies"]
    return table


# Where the statements of an AWS managed policy are "written": nowhere in the template.
# They are built once per policy and shared; rules anchor findings to the Policy's span.
_DATA_FILE = Span(1, 1, 1, 1, "lambda_lint/data/managed_policies.json")


@functools.cache
def _managed_statements(name: str) -> tuple[tuple[Statement, ...] | None, bool]:
    entry = _managed_table().get(name)
    if entry is None:
        return None, False
    return plain_statements(entry["statements"], _DATA_FILE), bool(entry.get("partial"))


def managed_policy(name: str, span: Span) -> Policy:
    """An AWS managed policy by name, written at ``span``: its statements when the data
    file holds them, else a policy whose content is unknown."""
    statements, partial = _managed_statements(name)
    return Policy(span, statements, name, partial)


def plain_statements(
    statements: Any, span: Span, value: Callable[[Any], Any] | None = None
) -> tuple[Statement, ...] | None:
    """Statements of a policy document held as plain JSON values (a managed policy, a
    document parsed from JSON text), every part at ``span``; None when it is not a
    document of statements. ``value`` resolves an action or resource as written (the
    interpolations a loader finds in JSON text)."""
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        return None
    found: list[Statement] = []
    for raw in statements:
        if not isinstance(raw, dict):
            return None
        found.append(
            Statement(
                span,
                Field(raw.get("Effect"), span),
                _plain_list(raw.get("NotAction", raw.get("Action")), span, value),
                _plain_list(raw.get("NotResource", raw.get("Resource")), span, value),
                not_action="NotAction" in raw,
                not_resource="NotResource" in raw,
                conditional="Condition" in raw,
            )
        )
    return tuple(found)


def _plain_list(raw: Any, span: Span, value: Callable[[Any], Any] | None) -> Field:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        return Field(None, span)
    if value is None:
        return Field(tuple(Field(item, span) for item in raw), span)
    return Field(tuple(Field(value(item), span) for item in raw), span)
