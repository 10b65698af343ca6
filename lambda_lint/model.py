"""The function model: every entity the rules need, independent of the input format.

Frozen dataclasses, no I/O, no parser types (docs/design.md#boundaries). Loaders build a
:class:`Stack` per template/module/plan; rules only read it. AWS semantics that
several rules share (how the 4 KB environment is measured, whether a subnet
reaches the internet) live here, not in rules and not in loaders.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any

from lambda_lint.redaction import Sensitive
from lambda_lint.span import Span

__all__ = [
    "ASSUMED_ORIGINS",
    "MISSING",
    "Alias",
    "Choice",
    "Egress",
    "EntityRef",
    "EnvSize",
    "EnvVar",
    "EventSource",
    "Field",
    "Function",
    "Layer",
    "Origin",
    "Queue",
    "Role",
    "Route",
    "RouteTable",
    "Span",
    "Stack",
    "Subnet",
    "Unresolved",
    "Version",
    "WeightedVersion",
    "as_int",
    "as_number",
    "condition_assignments",
    "env_size",
    "environment_variables",
    "missing",
    "scalar_text",
    "subnet_egress_of",
]


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
    a lower bound for size checks.
    """

    expr: str
    literal: str = ""


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
    """Where a value came from; messages mention anything but ``explicit``."""

    EXPLICIT = "explicit"
    SAM_GLOBALS = "sam-globals"
    PARAMETER_DEFAULT = "parameter-default"
    VARIABLE_DEFAULT = "variable-default"
    VARIABLE_VALUE = "variable-value"  # from a tfvars file: still not what every run uses
    AWS_DEFAULT = "aws-default"


# What AWS uses when a template leaves a setting out; every loader fills absent
# values from here (origin ``aws-default``).
DEFAULT_TIMEOUT = 3  # seconds; docs/aws-facts.md#function-timeout
DEFAULT_MEMORY = 128  # MB; docs/aws-facts.md#memory-size
DEFAULT_VISIBILITY_TIMEOUT = 30  # seconds; docs/aws-facts.md#sqs-visibility-timeout

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
    variable whose default was assumed.
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
        if self.origin is Origin.SAM_GLOBALS:
            return " (inherited from Globals)"
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


def missing(span: Span) -> Field:
    """A field that was not written; its span is where it should have been."""
    return Field(MISSING, span)


@dataclass(frozen=True, slots=True)
class EnvVar:
    """One environment variable: its name (with the key's span) and value."""

    name: str
    name_span: Span
    value: Field


@dataclass(frozen=True, slots=True)
class EnvSize:
    """How many bytes Lambda would measure; ``exact`` is False for a lower bound.

    ``assumed`` says where assumed values came from ("the Default of parameter X").
    """

    size: int
    exact: bool
    assumed: tuple[str, ...] = ()


def env_size(variables: tuple[EnvVar, ...], assignment: Mapping[str, bool]) -> EnvSize:
    """Measure a variable map as Lambda does: the compact JSON text of the map, in UTF-8.

    The service measures ``{"K1":"v1","K2":"v2"}``, escapes included; not the sum
    of keys and values (docs/aws-facts.md#how-the-size-is-measured). Unresolved
    values contribute their literal parts only, which makes the result a lower
    bound.
    """
    size = 2 + max(len(variables) - 1, 0)  # braces and commas
    exact = True
    assumed: list[str] = []
    for var in variables:
        size += _json_len(var.name) + 1  # "name":
        value = var.value.resolve(assignment)
        if isinstance(value.value, Unresolved):
            size += _json_len(value.value.literal)
            exact = False
        elif value.is_missing:
            size += 2
        else:
            size += _json_len(scalar_text(value.value))
            if value.origin in ASSUMED_ORIGINS:
                assumed.append(value.assumption)
    return EnvSize(size, exact, tuple(dict.fromkeys(assumed)))


def environment_variables(environment: Field) -> Iterator[EnvVar]:
    """Every variable of every ``Fn::If`` branch of an environment, once per key."""
    seen: set[Span] = set()
    for env in environment.candidates():
        if isinstance(env.value, tuple):
            for var in env.value:
                if var.name_span not in seen:
                    seen.add(var.name_span)
                    yield var


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


def scalar_text(value: Any) -> str:
    """The string CloudFormation passes for a scalar (``true``, ``5``, text)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _json_len(text: str) -> int:
    return len(json.dumps(text, ensure_ascii=False).encode("utf-8"))


def as_int(value: Any) -> int | None:
    """An integer as CloudFormation accepts it (``30`` or ``"30"``), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return None  # 512.0 is still not an integer to the Lambda API
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value)  # ASCII digits only ("²" is a digit to str.isdigit), bounded length
    return None


_INTEGER = re.compile(r"-?[0-9]{1,30}")


def as_number(value: Any) -> float | None:
    """A number (int, float or numeric string), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return value
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:  # beyond a float's range: as large as a float gets
            return math.inf if value > 0 else -math.inf
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


class Upload(str, Enum):
    """How a local package reaches Lambda (docs/aws-facts.md#direct-upload-zip).

    ``direct``: the tool uploads the zip in the API call (Terraform ``filename``),
    limited to 52,428,800 bytes. ``s3``: a packaging step (``sam deploy``,
    ``aws cloudformation package``, CDK assets) uploads it to S3 first.
    """

    DIRECT = "direct"
    S3 = "s3"


@dataclass(frozen=True)
class Code:
    """Local code of a function or layer, as the template writes it (no I/O here).

    ``inline`` is CloudFormation ``ZipFile`` / SAM ``InlineCode``: ``location``
    holds the code text. Otherwise ``location`` holds a path relative to the
    template or module (``CodeUri``, ``Code``, CDK ``aws:asset:path``, Terraform
    ``filename``). ``build_id`` is the logical id ``sam build`` writes the built
    artifact under (``.aws-sam/build/<id>``), empty when there is none. Code in S3,
    ECR or behind an unresolvable value has no ``Code``: its size is never guessed.
    """

    location: Field
    upload: Upload
    inline: bool = False
    build_id: str = ""


@dataclass(frozen=True, slots=True)
class Package:
    """What a local artifact weighs, measured by ``lambda_lint.artifacts`` before rules run.

    ``shown`` is the path as findings name it (relative to the template's
    directory). ``zipped`` is set for zip files only: a directory's compressed size
    is unknown until it is packaged. ``problem`` says why a size cannot be trusted.
    """

    shown: str
    exists: bool
    unzipped: int | None = None
    zipped: int | None = None
    problem: str = ""
    built: bool = False  # measured from ``.aws-sam/build`` instead of the source path


@dataclass(frozen=True)
class Function:
    """A Lambda function (CFN ``AWS::Lambda::Function``, SAM, Terraform ...).

    Every attribute a rule reads is a :class:`Field`; absent ones carry either an
    AWS default (``origin=aws-default``) or :data:`MISSING`, with the span of the
    resource's name so findings about them point at the resource.
    """

    id: str
    span: Span
    kind: str
    memory: Field
    timeout: Field
    environment: Field
    role: Field
    layers: Field
    dead_letter: Field
    subnets: Field
    managed_instances: bool = False
    # The configuration block this function comes from: Terraform instances of one
    # ``count``/``for_each`` resource in a plan share it ("" = the function's own id).
    definition: str = ""
    auto_publish_alias: Field | None = None
    deployment_preference: Field | None = None
    provisioned_concurrency: Field | None = None
    invoked_by_other: bool = False
    code: Code | None = None


@dataclass(frozen=True)
class EventSource:
    """Something that invokes a function: a mapping (polled) or a push source."""

    id: str
    span: Span
    kind: str
    polled: bool
    function: str | None
    source: Field


@dataclass(frozen=True)
class Queue:
    """An SQS queue with the attributes the rules compare."""

    id: str
    span: Span
    visibility_timeout: Field
    fifo: Field
    dead_letter_target: Field


@dataclass(frozen=True)
class Role:
    """An execution role; ``generated`` for the one SAM creates per function."""

    id: str
    span: Span
    generated: bool = False


@dataclass(frozen=True)
class Layer:
    """A layer defined in the same template or module; ``content`` is its local code."""

    id: str
    span: Span
    content: Code | None = None


@dataclass(frozen=True)
class Version:
    id: str
    span: Span
    function: Field


@dataclass(frozen=True, slots=True)
class WeightedVersion:
    """One entry of an alias's additional version weights."""

    version: Field
    weight: Field
    span: Span


@dataclass(frozen=True)
class Alias:
    id: str
    span: Span
    function: Field
    function_version: Field
    additional_versions: tuple[WeightedVersion, ...] = ()


class RouteTarget(str, Enum):
    """What a route sends its traffic through, as far as the template shows."""

    NAT = "nat"  # a NAT gateway or a NAT instance
    IGW = "igw"  # an internet gateway
    OTHER = "other"  # peering, transit gateway, endpoint...: egress we cannot see
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return self.value


def gateway_target(value: Any) -> RouteTarget:
    """A route's generic gateway argument: an internet gateway (a reference to one, or
    an ``igw-`` id) or something else; unknown when it is not a literal."""
    if isinstance(value, EntityRef):
        return RouteTarget.IGW if value.kind is EntityKind.INTERNET_GATEWAY else RouteTarget.OTHER
    if isinstance(value, str):
        return RouteTarget.IGW if value.startswith("igw-") else RouteTarget.OTHER
    return RouteTarget.UNKNOWN


def route_target(targets: set[RouteTarget]) -> RouteTarget:
    """The target of a route that names ``targets`` (a route names one; a template may
    name several across ``Fn::If`` branches): the conservative reading. A NAT anywhere
    gives internet; anything unknown or unseen keeps the route unknown."""
    if RouteTarget.NAT in targets:
        return RouteTarget.NAT
    if RouteTarget.UNKNOWN in targets or not targets:
        return RouteTarget.UNKNOWN
    if RouteTarget.OTHER in targets:
        return RouteTarget.OTHER
    return RouteTarget.IGW


class Egress(str, Enum):
    """How a subnet reaches the internet (docs/aws-facts.md#internet-access-from-a-vpc)."""

    NAT = "nat"
    IGW_ONLY = "igw_only"
    NONE = "none"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Route:
    """A route: destination CIDR and what kind of target it goes through.

    ``target`` says through what (see :class:`RouteTarget`).
    """

    destination: Field
    target: RouteTarget


@dataclass(frozen=True)
class RouteTable:
    id: str
    span: Span
    routes: tuple[Route, ...] = ()


@dataclass(frozen=True)
class Subnet:
    """A subnet; ``route_table`` is the id of its associated table, if any is visible."""

    id: str
    span: Span
    route_table: str | None = None


@dataclass(frozen=True)
class Stack:
    """Everything one template (or module, or plan) defines, keyed by id."""

    functions: Mapping[str, Function] = field(default_factory=dict)
    aliases: Mapping[str, Alias] = field(default_factory=dict)
    versions: Mapping[str, Version] = field(default_factory=dict)
    layers: Mapping[str, Layer] = field(default_factory=dict)
    event_sources: tuple[EventSource, ...] = ()
    queues: Mapping[str, Queue] = field(default_factory=dict)
    roles: Mapping[str, Role] = field(default_factory=dict)
    subnets: Mapping[str, Subnet] = field(default_factory=dict)
    route_tables: Mapping[str, RouteTable] = field(default_factory=dict)
    # Entities that stand for several instances (Terraform ``count``/``for_each``),
    # by id: checked once, and findings about them say so.
    instances: Mapping[str, str] = field(default_factory=dict)
    # Local artifacts of functions and layers, by entity id (filled after loading).
    packages: Mapping[str, Package] = field(default_factory=dict)
    # The size of the template file in bytes (CloudFormation's template-body limits).
    source_bytes: int = 0
    # Values the source marks secret (Terraform ``sensitive``): never shown in a report.
    sensitive: tuple[Sensitive, ...] = ()

    def sources_of(self, function_id: str) -> tuple[EventSource, ...]:
        """Event sources that invoke ``function_id``."""
        return self._sources_by_function.get(function_id, ())

    @cached_property
    def _sources_by_function(self) -> dict[str | None, tuple[EventSource, ...]]:
        """Event sources grouped by function once: a scan of every source for each
        function was quadratic in templates with thousands of both."""
        grouped: dict[str | None, list[EventSource]] = {}
        for source in self.event_sources:
            grouped.setdefault(source.function, []).append(source)
        return {function: tuple(sources) for function, sources in grouped.items()}

    def queue_of(self, target: Field) -> Queue | None:
        """The queue a field refers to, when it is one of this stack's queues."""
        value = target.value
        if isinstance(value, EntityRef) and value.kind is EntityKind.QUEUE:
            return self.queues.get(value.id)
        return None

    def subnet_egress(self, subnet_id: str) -> Egress:
        """Whether a subnet's default route goes through NAT, only an IGW, or nowhere.

        A subnet without a visible route-table association, or whose table is
        not defined here, is ``unknown``: its main route table could be anything.
        """
        subnet = self.subnets.get(subnet_id)
        if subnet is None or subnet.route_table is None:
            return Egress.UNKNOWN
        table = self.route_tables.get(subnet.route_table)
        if table is None:
            return Egress.UNKNOWN
        targets: set[RouteTarget] = set()
        for route in table.routes:
            dest = route.destination
            if dest.is_missing:  # an IPv6-only route says nothing about 0.0.0.0/0
                continue
            if not dest.is_known:
                if any(c.value == "0.0.0.0/0" for c in dest.candidates()) or not any(
                    c.is_known for c in dest.candidates()
                ):
                    nat = route.target is RouteTarget.NAT
                    targets.add(RouteTarget.NAT if nat else RouteTarget.UNKNOWN)
                continue
            if dest.value == "0.0.0.0/0":
                targets.add(route.target)
        if RouteTarget.NAT in targets:
            return Egress.NAT
        if targets & {RouteTarget.OTHER, RouteTarget.UNKNOWN}:
            return Egress.UNKNOWN
        if RouteTarget.IGW in targets:
            return Egress.IGW_ONLY
        return Egress.NONE


def subnet_egress_of(stack: Stack, fn: Function) -> list[tuple[Field, Egress]]:
    """Each subnet item of a function (every ``Fn::If`` branch) with its egress."""
    result: list[tuple[Field, Egress]] = []
    seen: set[str] = set()
    for subnets in fn.subnets.candidates():
        if not isinstance(subnets.value, tuple):
            continue
        for item in subnets.value:
            for candidate in item.candidates():
                value = candidate.value
                if (
                    isinstance(value, EntityRef)
                    and value.kind is EntityKind.SUBNET
                    and value.id not in seen
                ):
                    seen.add(value.id)
                    result.append((candidate, stack.subnet_egress(value.id)))
    return result
