"""AWS semantics every loader and rule shares, written once: the defaults AWS applies,
how the 4 KB environment is measured, how a local package reaches Lambda, and what a
route's target means for a subnet's internet access."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from lambda_lint.model.coercions import as_int, scalar_text
from lambda_lint.model.values import (
    ASSUMED_ORIGINS,
    MISSING,
    EntityKind,
    EntityRef,
    EnvVar,
    Field,
    Unresolved,
    condition_assignments,
)
from lambda_lint.span import Span

# What AWS uses when a template leaves a setting out; every loader fills absent
# values from here (origin ``aws-default``).
DEFAULT_TIMEOUT = 3  # seconds; docs/aws-facts.md#function-timeout
DEFAULT_MEMORY = 128  # MB; docs/aws-facts.md#memory-size
DEFAULT_VISIBILITY_TIMEOUT = 30  # seconds; docs/aws-facts.md#sqs-visibility-timeout
# All of a function's environment variables, measured by ``env_size``; not adjustable
# (docs/aws-facts.md#size-of-all-variables).
ENV_SIZE_LIMIT = 4096


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
        elif isinstance(value.value, EntityRef):
            exact = False  # a name, ARN or URL only known once deployed
        elif value.is_missing:
            size += 2
        else:
            size += _json_len(scalar_text(value.value))
            if value.origin in ASSUMED_ORIGINS:
                assumed.append(value.assumption)
    return EnvSize(size, exact, tuple(dict.fromkeys(assumed)))


def env_assignments(variables: tuple[EnvVar, ...]) -> Iterator[dict[str, bool]]:
    """Every truth assignment of the conditions that choose between the variables' values:
    each is one map Lambda may measure."""
    conditions: set[str] = set()
    for var in variables:
        conditions |= var.value.conditions()
    return condition_assignments(conditions)


def assignment_text(assignment: Mapping[str, bool]) -> str:
    """`` when A is true and B is false`` for messages; "" without conditions."""
    if not assignment:
        return ""
    return " when " + " and ".join(
        f"{name} is {str(value).lower()}" for name, value in sorted(assignment.items())
    )


def environment_variables(environment: Field) -> Iterator[EnvVar]:
    """Every variable of every ``Fn::If`` branch of an environment, once per key.

    A key is its name where it is written: the keys a function builds (Terraform's
    ``merge({A = 1}, {B = 2})``) share the span of the call, and are still distinct.
    """
    seen: set[tuple[str, Span]] = set()
    for env in environment.candidates():
        if isinstance(env.value, tuple):
            for var in env.value:
                if (var.name, var.name_span) not in seen:
                    seen.add((var.name, var.name_span))
                    yield var


def _json_len(text: str) -> int:
    return len(json.dumps(text, ensure_ascii=False).encode("utf-8"))


class Upload(str, Enum):
    """How a local package reaches Lambda (docs/aws-facts.md#direct-upload-zip).

    ``direct``: the tool uploads the zip in the API call (Terraform ``filename``),
    limited to 52,428,800 bytes. ``s3``: a packaging step (``sam deploy``,
    ``aws cloudformation package``, CDK assets) uploads it to S3 first.
    """

    DIRECT = "direct"
    S3 = "s3"


class RouteTarget(str, Enum):
    """What a route sends its traffic through, as far as the template shows."""

    NAT = "nat"  # a NAT gateway or a NAT instance
    IGW = "igw"  # an internet gateway
    OTHER = "other"  # peering, transit gateway, endpoint...: egress we cannot see
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return self.value


def endpoint_service(name: str) -> str:
    """The short name of the service a VPC endpoint's service name reaches:
    ``com.amazonaws.<region>.sqs`` is ``sqs``, ``...ecr.dkr`` is ``ecr.dkr``; with the
    region unresolved (``com.amazonaws..sqs``, the literal parts) the same. Other names
    (partners' PrivateLink services) are kept whole; "" stays unknown."""
    parts = name.split(".")
    if len(parts) >= 4 and parts[:2] == ["com", "amazonaws"]:
        return ".".join(parts[3:])
    return name


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


# Event source mappings (docs/aws-facts.md#event-source-batch-size and the headings after
# it). Kinds are the strings loaders give ``EventSource.kind`` (``builder.source_kind``).
SQS_KIND = "SQS"
STREAM_KINDS = frozenset({"Kinesis", "DynamoDB"})
KAFKA_KINDS = frozenset({"MSK", "SelfManagedKafka"})
# The batch size Lambda uses when a mapping leaves it out, by source kind.
_DEFAULT_BATCH_SIZE = {
    SQS_KIND: 10,
    "Kinesis": 100,
    "DynamoDB": 100,
    "MSK": 100,
    "SelfManagedKafka": 100,
    "MQ": 100,
    "DocumentDB": 100,
}
UNBOUNDED = -1  # MaximumRetryAttempts / MaximumRecordAgeInSeconds: retry until the record expires
MAX_BATCH_SIZE = 10_000  # every source kind
MAX_BATCH_SIZE_WITHOUT_WINDOW = 10  # SQS standard queues without a batching window >= 1 s
MAX_FIFO_BATCH_SIZE = 10
MAX_BATCHING_WINDOW = 300  # seconds
REPORT_BATCH_ITEM_FAILURES = "ReportBatchItemFailures"


def default_batch_size(kind: str) -> Any:
    """The batch size AWS applies to a mapping of ``kind`` that sets none (MISSING if unknown)."""
    return _DEFAULT_BATCH_SIZE.get(kind, MISSING)


def retries_records(kind: str) -> bool:
    """Whether a mapping of ``kind`` retries failed records in order, blocking its shard or
    partition: streams and Kafka (their retry bounds default to unbounded)."""
    return kind in STREAM_KINDS or kind in KAFKA_KINDS


def default_retry_bound(kind: str) -> Any:
    """``MaximumRetryAttempts`` / ``MaximumRecordAgeInSeconds`` when unset: -1 (unbounded)
    for streams and Kafka; the settings do not exist for other kinds (MISSING)."""
    return UNBOUNDED if retries_records(kind) else MISSING


# Concurrency (docs/aws-facts.md#unreserved-concurrency and the headings after it).
DEFAULT_ACCOUNT_CONCURRENCY = 1000  # per Region, unless the account's quota was raised
UNRESERVED_MINIMUM = 100  # Lambda keeps this much of the account's concurrency unreserved
LATEST = "$LATEST"  # the unpublished version of every function


def reservation(value: Any) -> int | None:
    """The executions a reserved-concurrency value sets aside: a whole number from 0, or
    None for anything else (Terraform's -1 means "no reservation"; unknown stays None)."""
    amount = as_int(value)
    return amount if amount is not None and amount >= 0 else None


# SAM ``DeploymentPreference.Type`` values SAM turns into CodeDeploy's predefined Lambda
# configurations (``CodeDeployDefault.Lambda<Type>``); any other value is passed through
# as a configuration name (docs/aws-facts.md#sam-deployment-types).
PREDEFINED_DEPLOYMENT_TYPES = (
    "Canary10Percent5Minutes",
    "Canary10Percent10Minutes",
    "Canary10Percent15Minutes",
    "Canary10Percent30Minutes",
    "Linear10PercentEvery1Minute",
    "Linear10PercentEvery2Minutes",
    "Linear10PercentEvery3Minutes",
    "Linear10PercentEvery10Minutes",
    "AllAtOnce",
)
CODEDEPLOY_LAMBDA_PREFIX = "CodeDeployDefault.Lambda"


def as_bool(value: Any) -> bool | None:
    """A boolean as CloudFormation and Terraform accept it (``true`` or ``"true"``), else None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def is_fifo_queue_arn(value: Any) -> bool:
    """Whether a literal queue ARN names a FIFO queue: SQS requires FIFO queue names, and
    only those, to end in ``.fifo`` (docs/aws-facts.md#event-source-batch-size)."""
    return isinstance(value, str) and value.startswith("arn:") and value.endswith(".fifo")


_KIND_NAMES = {
    "SelfManagedKafka": "self-managed Kafka",
    "MSK": "Amazon MSK",
    "MQ": "Amazon MQ",
}


def source_kind_name(kind: str) -> str:
    """How messages name a source kind (``Kinesis``, ``self-managed Kafka``)."""
    return _KIND_NAMES.get(kind, kind)


# API Gateway in front of a function (docs/aws-facts.md#api-gateway-integration-timeouts):
# the kinds of API an ``Integration`` belongs to, and the integration timeout in
# milliseconds each applies when none is written (for REST and WebSocket APIs also the
# most that can be set without a quota increase; for HTTP APIs a hard maximum).
REST_API = "REST"
HTTP_API = "HTTP"
WEBSOCKET_API = "WebSocket"
_DEFAULT_INTEGRATION_TIMEOUT = {REST_API: 29_000, HTTP_API: 30_000, WEBSOCKET_API: 29_000}


def default_integration_timeout(api: str) -> int:
    """The integration timeout (ms) API Gateway applies to an API of kind ``api``.

    An API whose kind is not visible (a version 2 integration of an API defined elsewhere)
    gets the longest of the kinds it may be, so an unknown kind never causes a finding."""
    return _DEFAULT_INTEGRATION_TIMEOUT.get(api, max(_DEFAULT_INTEGRATION_TIMEOUT.values()))
