"""Build ``lambda_lint.model`` entities for rule unit tests, without a template or a loader.

A rule is a pure function of a :class:`Stack`, so its edge cases can be tested directly:
``TimeoutOutOfRange().check(stack(function(timeout=901)))``. The factories fill in what
the CloudFormation loader would: AWS defaults (memory 128 MB, timeout 3 s, a standard
queue with a 30 s visibility timeout) with ``origin=aws-default``, :data:`MISSING` for
what has no default, and spans on the line given (line 1 unless told). Any keyword takes
a plain value (an explicit Field on that line) or a ready :class:`Field` (use
:func:`field`, :func:`choice`, :func:`unresolved` for assumed, ``Fn::If`` and unknown
values).
"""

from __future__ import annotations

from typing import Any

from lambda_lint.model import (
    MISSING,
    Alias,
    Choice,
    EntityKind,
    EntityRef,
    EnvVar,
    EventSource,
    Field,
    Function,
    Layer,
    Origin,
    Queue,
    Role,
    Route,
    RouteTable,
    RouteTarget,
    Span,
    Stack,
    Subnet,
    Unresolved,
    Version,
)

# What the loaders assume for a property that is not written (docs/aws-facts.md).
DEFAULT_MEMORY = 128
DEFAULT_TIMEOUT = 3
DEFAULT_VISIBILITY_TIMEOUT = 30


def span(line: int = 1, column: int = 1, width: int = 1) -> Span:
    """A one-line span: ``width`` characters from ``column``."""
    return Span(line, column, line, column + width)


def field(value: Any, line: int = 1, origin: Origin = Origin.EXPLICIT, source: str = "") -> Field:
    """A Field on ``line``; ``origin``/``source`` for values assumed from a default."""
    return Field(value, span(line), origin, source)


def as_field(value: Any, line: int) -> Field:
    """``value`` itself if it is a Field, else an explicit Field on ``line``."""
    return value if isinstance(value, Field) else field(value, line)


def choice(condition: str, if_true: Any, if_false: Any, line: int = 1) -> Field:
    """``Fn::If [condition, if_true, if_false]``: rules must see both branches."""
    return field(Choice(condition, (as_field(if_true, line), as_field(if_false, line))), line)


def unresolved(expr: str, line: int = 1, literal: str = "") -> Field:
    """A value only known at deploy time (``!Ref ParamWithoutDefault``)."""
    return field(Unresolved(expr, literal), line)


def ref(kind: str, id: str, line: int = 1) -> Field:
    """A reference to another entity of the stack (``!GetAtt Role.Arn``, ``!Ref Subnet``)."""
    return field(EntityRef(EntityKind(kind), id), line)


def environment(variables: dict[str, Any], line: int = 1) -> Field:
    """An environment map; each name on ``line``, each value a Field (or a plain value)."""
    return field(
        tuple(EnvVar(name, span(line), as_field(value, line)) for name, value in variables.items()),
        line,
    )


def function(id: str = "Fn", line: int = 1, **fields: Any) -> Function:
    """A ``AWS::Lambda::Function`` named ``id`` whose name is on ``line``.

    Unwritten ``memory`` and ``timeout`` carry the AWS default (spanning the name, as
    the loaders do), ``environment`` is an empty map; ``role``, ``layers``,
    ``dead_letter`` and ``subnets`` are MISSING. Other keywords (``managed_instances``,
    ``definition``, ``code``...) are passed on as they are.
    """
    at = span(line, 3, len(id))
    defaults: dict[str, Field] = {
        "memory": Field(DEFAULT_MEMORY, at, Origin.AWS_DEFAULT),
        "timeout": Field(DEFAULT_TIMEOUT, at, Origin.AWS_DEFAULT),
        "environment": Field((), at),  # no variables, as the loaders say it
        "role": Field(MISSING, at),
        "layers": Field(MISSING, at),
        "dead_letter": Field(MISSING, at),
        "subnets": Field(MISSING, at),
    }
    attributes: dict[str, Any] = {}
    for name, value in fields.items():
        attributes[name] = as_field(value, line) if name in defaults else value
    return Function(**{"id": id, "span": at, "kind": "cloudformation", **defaults, **attributes})


def queue(id: str = "Queue", line: int = 1, **fields: Any) -> Queue:
    """An SQS queue: standard, visibility timeout 30 s (AWS defaults), no dead-letter queue."""
    at = span(line, 3, len(id))
    values = {
        "visibility_timeout": Field(DEFAULT_VISIBILITY_TIMEOUT, at, Origin.AWS_DEFAULT),
        "fifo": Field(False, at, Origin.AWS_DEFAULT),
        "dead_letter_target": Field(MISSING, at),
    }
    values.update({name: as_field(value, line) for name, value in fields.items()})
    return Queue(id, at, **values)


def sqs_source(function: str = "Fn", queue: str = "Queue", line: int = 1) -> EventSource:
    """An event source mapping that polls ``queue`` for ``function``."""
    return EventSource(
        f"{function}From{queue}", span(line), "SQS", True, function, ref("queue", queue, line)
    )


def role(id: str = "Role", line: int = 1, generated: bool = False) -> Role:
    return Role(id, span(line, 3, len(id)), generated)


def subnets(*ids: str, line: int = 1) -> Field:
    """A function's ``VpcConfig.SubnetIds``: references to subnets of the stack."""
    return field(tuple(ref("subnet", id, line) for id in ids), line)


def subnet(id: str = "Subnet", route_table: str | None = None, line: int = 1) -> Subnet:
    return Subnet(id, span(line, 3, len(id)), route_table)


def route_table(id: str = "Routes", *routes: tuple[Any, str], line: int = 1) -> RouteTable:
    """A route table; each route is ``(destination, target)`` with a target of nat/igw/other."""
    return RouteTable(
        id,
        span(line, 3, len(id)),
        tuple(
            Route(as_field(destination, line), RouteTarget(target))
            for destination, target in routes
        ),
    )


ENTITIES = {
    Function: "functions",
    Queue: "queues",
    Role: "roles",
    Subnet: "subnets",
    RouteTable: "route_tables",
    Alias: "aliases",
    Version: "versions",
    Layer: "layers",
}


def stack(*entities: Any, **attributes: Any) -> Stack:
    """A Stack of the given entities, each filed by its type and id (sources in order)."""
    mappings: dict[str, dict[str, Any]] = {name: {} for name in ENTITIES.values()}
    sources: list[EventSource] = []
    for entity in entities:
        if isinstance(entity, EventSource):
            sources.append(entity)
        else:
            mappings[ENTITIES[type(entity)]][entity.id] = entity
    return Stack(**mappings, event_sources=tuple(sources), **attributes)
