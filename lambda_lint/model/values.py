"""Values as the model holds them: a Field is a value, where it was written and where it
came from; a value may be unknown (``Unresolved``), absent (``MISSING``), a reference to
another entity (``EntityRef``) or a choice between branches (``Choice``)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from lambda_lint.span import Span


class _Missing:
    """The value of a property that was not written (and has no AWS default)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING = _Missing()


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A value only known at deploy time.

    ``expr`` is a canonical rendering of the expression (``!Ref Param``). Within
    one stack the same expression always yields the same value, so rules may
    compare ``expr`` for identity (two functions using ``!Ref RoleParam`` share a
    role) but must never guess the value. ``literal`` holds the text that is
    certainly part of the value (the literal parts of ``Fn::Sub``/``Fn::Join``),
    a lower bound for size checks. ``dynamic`` marks a value that holds a reference
    the deployment service resolves from a parameter or secret store (its size is
    unknown until then, and cannot be bounded).
    """

    expr: str
    literal: str = ""
    dynamic: bool = False


class EntityKind(str, Enum):
    """What a reference resolves to: the entity kinds every loader maps its types onto."""

    FUNCTION = "function"
    ALIAS = "alias"
    VERSION = "version"
    LAYER = "layer"
    QUEUE = "queue"
    ROLE = "role"
    SUBNET = "subnet"
    ROUTE_TABLE = "route-table"
    NAT_GATEWAY = "nat-gateway"
    INTERNET_GATEWAY = "internet-gateway"
    INSTANCE = "instance"
    KINESIS = "kinesis"
    DYNAMODB = "dynamodb"
    MSK = "msk"
    MQ = "mq"
    SNS = "sns"
    VPC = "vpc"
    VPC_ENDPOINT = "vpc-endpoint"
    BUCKET = "bucket"

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


@dataclass(frozen=True, slots=True)
class EntityRef:
    """A reference resolved to an entity of the same stack (``kind`` + ``id``)."""

    kind: EntityKind
    id: str

    def __str__(self) -> str:
        """How messages show a reference used where a value belongs (format-neutral)."""
        return f"<reference to {self.id}>"


class Origin(str, Enum):
    """Where a value came from; messages mention anything but ``explicit``.

    ``INHERITED`` is a value a function takes from a block shared by several functions
    (a template's global section, a framework's provider section, a module input): the Field's
    ``source`` names that block as the format spells it, so the model never does.
    """

    EXPLICIT = "explicit"
    INHERITED = "inherited"
    PARAMETER_DEFAULT = "parameter-default"
    VARIABLE_DEFAULT = "variable-default"
    VARIABLE_VALUE = "variable-value"  # from a tfvars file: still not what every run uses
    AWS_DEFAULT = "aws-default"
    # What a deployment tool writes when the source leaves a setting out (the Serverless
    # Framework's 6 s timeout): certain, not AWS's; ``source`` names the tool.
    TOOL_DEFAULT = "tool-default"


# Values a user may override at deploy time: findings about them say "assumed".
ASSUMED_ORIGINS = frozenset(
    {Origin.PARAMETER_DEFAULT, Origin.VARIABLE_DEFAULT, Origin.VARIABLE_VALUE}
)


@dataclass(frozen=True, slots=True)
class Field:
    """One attribute as written: value, span, origin.

    ``value`` is a literal, :data:`MISSING`, an :class:`Unresolved`, an
    :class:`EntityRef`, a :class:`Choice` (``Fn::If``) or, for lists and maps,
    a tuple of Fields / :class:`EnvVar`. ``source`` names the parameter or
    variable whose default was assumed, or for an inherited value the block it was
    inherited from; loaders set it, rules only render it (``assumed_note``,
    ``inherited_note``), so a message never hard-codes a format's spelling.
    """

    value: Any
    span: Span
    origin: Origin = Origin.EXPLICIT
    source: str = ""

    @property
    def is_missing(self) -> bool:
        return self.value is MISSING

    @property
    def is_known(self) -> bool:
        """True for a literal (or resolved reference) a rule may judge."""
        return not isinstance(self.value, (_Missing, Unresolved, Choice))

    def candidates(self) -> Iterator[Field]:
        """Every value this field may take: each branch of each ``Fn::If``."""
        if isinstance(self.value, Choice):
            for option in self.value.options:
                yield from option.candidates()
        else:
            yield self

    def resolve(self, assignment: Mapping[str, bool]) -> Field:
        """The branch taken when the conditions have the given truth values."""
        value = self.value
        while isinstance(value, Choice):
            chosen = value.options[0] if assignment.get(value.condition, True) else value.options[1]
            if not isinstance(chosen.value, Choice):
                return chosen
            value = chosen.value
        return self

    def conditions(self) -> set[str]:
        """Names of the conditions that choose between this field's branches."""
        found: set[str] = set()
        if isinstance(self.value, Choice):
            found.add(self.value.condition)
            for option in self.value.options:
                found |= option.conditions()
        return found

    @property
    def assumption(self) -> str:
        """What a deploy-time-overridable value was taken from ('' when it is not one)."""
        if self.origin is Origin.PARAMETER_DEFAULT:
            return f"the Default of parameter {self.source}"
        if self.origin is Origin.VARIABLE_DEFAULT:
            return f"the default of variable {self.source}"
        if self.origin is Origin.VARIABLE_VALUE:
            return f"variable {self.source}"
        return ""

    @property
    def assumed_note(self) -> str:
        """' (assumed from ...)' for values that came from a default, else ''."""
        if self.origin in ASSUMED_ORIGINS:
            return f" (assumed from {self.assumption})"
        if self.origin is Origin.AWS_DEFAULT:
            return " (the AWS default)"
        if self.origin is Origin.TOOL_DEFAULT:
            return f" (the {self.source} default)" if self.source else " (the tool's default)"
        return self.inherited_note

    @property
    def inherited_note(self) -> str:
        """' (inherited from <source>)' for an inherited value, else ''.

        For rules whose message mentions inheritance but not assumed defaults.
        """
        if self.origin is Origin.INHERITED:
            return f" (inherited from {self.source})" if self.source else " (inherited)"
        return ""

    def identity(self) -> str:
        """A key equal for two fields that certainly hold the same value."""
        value = self.value
        if isinstance(value, Unresolved):
            return "expr:" + value.expr
        if isinstance(value, EntityRef):
            return f"entity:{value.kind}:{value.id}"
        if isinstance(value, Choice):
            return "choice:" + json.dumps(_choice_repr(value), sort_keys=True, default=str)
        return "literal:" + json.dumps(value, sort_keys=True, default=str)


def _choice_repr(value: Any) -> Any:
    if isinstance(value, Choice):
        return [value.condition, [_choice_repr(o.value) for o in value.options]]
    if isinstance(value, Unresolved):
        return "expr:" + value.expr
    if isinstance(value, EntityRef):
        return f"entity:{value.kind}:{value.id}"
    return value


@dataclass(frozen=True, slots=True)
class Choice:
    """``Fn::If``: ``options`` is (value if true, value if false)."""

    condition: str
    options: tuple[Field, Field]


def entity_ids(items: Field) -> tuple[str, ...]:
    """The ids of the entities a list field refers to, in every ``Fn::If`` branch (the
    route tables of an endpoint, the subnets of a VPC config), once each."""
    found: list[str] = []
    for candidate in items.candidates():
        if isinstance(candidate.value, tuple):
            for item in candidate.value:
                found += [c.value.id for c in item.candidates() if isinstance(c.value, EntityRef)]
    return tuple(dict.fromkeys(found))


def missing(span: Span) -> Field:
    """A field that was not written; its span is where it should have been."""
    return Field(MISSING, span)


@dataclass(frozen=True, slots=True)
class EnvVar:
    """One environment variable: its name (with the key's span) and value."""

    name: str
    name_span: Span
    value: Field


def condition_assignments(conditions: set[str], limit: int = 10) -> Iterator[dict[str, bool]]:
    """Every truth assignment of ``conditions`` (at most ``2**limit`` of them).

    Past ``limit`` conditions only the all-true and all-false worlds are tried,
    which keeps the check linear; findings stay correct, some may be missed.
    """
    names = sorted(conditions)
    if len(names) > limit:
        yield dict.fromkeys(names, True)
        yield dict.fromkeys(names, False)
        return
    for values in itertools.product((True, False), repeat=len(names)):
        yield dict(zip(names, values, strict=True))
