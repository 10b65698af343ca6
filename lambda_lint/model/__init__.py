"""The function model: every entity the rules need, independent of the input format.

Split by job: ``values`` (what a Field holds), ``coercions`` (reading literals as
AWS reads them), ``aws`` (AWS semantics written once for every loader: defaults,
the environment's size, package uploads, route targets) and ``entities`` (the
functions and what surrounds them, and the Stack). Everything is importable from
here, as rules and loaders always have.
"""

from __future__ import annotations

from lambda_lint.model.aws import (
    DEFAULT_MEMORY,
    DEFAULT_TIMEOUT,
    DEFAULT_VISIBILITY_TIMEOUT,
    Egress,
    EnvSize,
    RouteTarget,
    Upload,
    env_size,
    environment_variables,
    gateway_target,
    route_target,
)
from lambda_lint.model.coercions import (
    as_int,
    as_number,
    scalar_text,
)
from lambda_lint.model.entities import (
    Alias,
    Code,
    EventSource,
    Function,
    Layer,
    Package,
    Queue,
    Role,
    Route,
    RouteTable,
    Stack,
    Subnet,
    Version,
    WeightedVersion,
    subnet_egress_of,
)
from lambda_lint.model.runtimes import Lifecycle, lifecycle, runtime_names
from lambda_lint.model.values import (
    ASSUMED_ORIGINS,
    MISSING,
    Choice,
    EntityKind,
    EntityRef,
    EnvVar,
    Field,
    Origin,
    Unresolved,
    condition_assignments,
    missing,
)
from lambda_lint.span import Span

__all__ = [
    "ASSUMED_ORIGINS",
    "DEFAULT_MEMORY",
    "DEFAULT_TIMEOUT",
    "DEFAULT_VISIBILITY_TIMEOUT",
    "MISSING",
    "Alias",
    "Choice",
    "Code",
    "Egress",
    "EntityKind",
    "EntityRef",
    "EnvSize",
    "EnvVar",
    "EventSource",
    "Field",
    "Function",
    "Layer",
    "Lifecycle",
    "Origin",
    "Package",
    "Queue",
    "Role",
    "Route",
    "RouteTable",
    "RouteTarget",
    "Span",
    "Stack",
    "Subnet",
    "Unresolved",
    "Upload",
    "Version",
    "WeightedVersion",
    "as_int",
    "as_number",
    "condition_assignments",
    "env_size",
    "environment_variables",
    "gateway_target",
    "lifecycle",
    "missing",
    "route_target",
    "runtime_names",
    "scalar_text",
    "subnet_egress_of",
]
