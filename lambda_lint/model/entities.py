"""The entities of a stack: functions and what surrounds them, and the Stack itself.

Frozen dataclasses, no I/O, no parser types (docs/design.md#boundaries). Loaders build a
:class:`Stack` per template, module or plan; rules only read it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from lambda_lint.model.aws import Egress, RouteTarget, Upload
from lambda_lint.model.cloudfront import EdgeAssociation
from lambda_lint.model.iam import Permissions
from lambda_lint.model.values import EntityKind, EntityRef, Field
from lambda_lint.redaction import Sensitive
from lambda_lint.span import Span


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
    # The runtime identifier as written (``python3.12``); MISSING when absent, as for
    # image functions, whose runtime is in the image.
    runtime: Field | None = None
    # ``Image`` or ``Zip`` as written; absent = AWS's default, Zip.
    package_type: Field | None = None
    # The ``/tmp`` size in MB as written; MISSING when absent (AWS then gives 512).
    ephemeral_storage: Field | None = None


@dataclass(frozen=True)
class EventSource:
    """Something that invokes a function: a mapping (polled) or a push source.

    The mapping settings are None where a loader does not read them (push sources);
    for a polled source they are Fields holding the value written, the AWS default for
    the source's kind (``model.aws``) or MISSING, spanning the mapping when unwritten.
    ``on_failure`` is the on-failure destination; ``response_types`` the list of
    function response types (``ReportBatchItemFailures``).
    """

    id: str
    span: Span
    kind: str
    polled: bool
    function: str | None
    source: Field
    batch_size: Field | None = None
    batching_window: Field | None = None
    maximum_retry_attempts: Field | None = None
    maximum_record_age: Field | None = None
    on_failure: Field | None = None
    response_types: Field | None = None
    starting_position: Field | None = None

    def reported_on(self, stack: Stack) -> str:
        """The resource a finding about this mapping names: the function it invokes (the
        catalogue's default), or the mapping itself when that function is not in the stack."""
        if self.function is not None and self.function in stack.functions:
            return self.function
        return self.id


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
    # What each role of the stack is granted, by role id (``model/iam.py``).
    permissions: Mapping[str, Permissions] = field(default_factory=dict)
    # CloudFront Lambda@Edge triggers (``model/cloudfront.py``).
    edge_associations: tuple[EdgeAssociation, ...] = ()

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
