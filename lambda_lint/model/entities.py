"""The entities of a stack: functions and what surrounds them, and the Stack itself.

Frozen dataclasses, no I/O, no parser types (docs/design.md#boundaries). Loaders build a
:class:`Stack` per template, module or plan; rules only read it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from lambda_lint.model.aws import SQS_KIND, Egress, RouteTarget, Upload, as_bool
from lambda_lint.model.cloudfront import EdgeAssociation
from lambda_lint.model.iam import Permissions
from lambda_lint.model.s3 import Bucket, BucketTrigger
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
    # Reserved concurrency as written; MISSING when absent (the function then draws on
    # the unreserved pool). See ``model.aws.reservation`` for what a value reserves.
    reserved_concurrency: Field | None = None
    # Whether deploying the function publishes a version of it (a format where the
    # function itself has such a switch); None where versions are separate resources.
    publishes: Field | None = None
    # The deployment configuration of a traffic-shifting deployment (SAM
    # ``DeploymentPreference.Type``); None where the format has none.
    deployment_type: Field | None = None


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
    # The redrive policy's ``maxReceiveCount``: how often a message is received before it
    # moves to the dead-letter queue; MISSING without a redrive policy.
    max_receive_count: Field | None = None


@dataclass(frozen=True)
class Integration:
    """An API Gateway integration that invokes a function synchronously.

    ``api`` is the kind of API (``model.aws``: ``REST_API``, ``HTTP_API``,
    ``WEBSOCKET_API``); ``timeout`` its integration timeout in milliseconds, as written
    or the AWS default for the kind; the client gets an error when it runs out, whatever
    the function is still doing.
    """

    id: str
    span: Span
    api: str
    function: str | None
    timeout: Field


@dataclass(frozen=True)
class InvokeConfig:
    """How Lambda retries a function's asynchronous invocations (an event invoke config).

    Each setting is the value written or MISSING (AWS then retries twice and keeps an
    event for six hours), spanning the configuration when unwritten.
    """

    id: str
    span: Span
    function: str | None
    maximum_retry_attempts: Field
    maximum_event_age: Field


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
    """A published version of a function (CloudFormation ``AWS::Lambda::Version``)."""

    id: str
    span: Span
    function: Field


# Where a version named by an alias or a provisioned-concurrency setting comes from
# (``version_of`` below): the id of a :class:`Version` of the stack (a version it
# publishes), or the id of a :class:`Function` whose current version is named (for a
# function that publishes none, that is ``$LATEST``). None when the version is a
# literal, an unknown value or something else.


@dataclass(frozen=True, slots=True)
class WeightedVersion:
    """One entry of an alias's additional version weights."""

    version: Field
    weight: Field
    span: Span
    version_of: str | None = None


@dataclass(frozen=True)
class Alias:
    id: str
    span: Span
    function: Field
    function_version: Field
    additional_versions: tuple[WeightedVersion, ...] = ()
    # The version or function ``function_version`` names (see the comment above).
    version_of: str | None = None


@dataclass(frozen=True)
class ProvisionedConcurrency:
    """Provisioned concurrency set on a version or an alias of a function.

    ``id`` is the entity that sets it (a version, an alias, a separate configuration,
    or a function that sets it on the alias it publishes); ``function`` the function
    whose instances it keeps ready, when that function is in the stack. ``amount`` is
    the number of environments; ``target`` the version or alias it applies to as
    written: a literal version or alias name, a reference to an alias or version of
    the stack, or unknown; ``version_of`` as for aliases, when ``target`` names a
    version.
    """

    id: str
    span: Span
    function: str | None
    amount: Field
    target: Field
    version_of: str | None = None


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
    """A subnet; ``route_table`` is the id of its associated table, if any is visible;
    ``vpc`` the id of its VPC when that is defined here."""

    id: str
    span: Span
    route_table: str | None = None
    vpc: str | None = None


@dataclass(frozen=True)
class VpcEndpoint:
    """A VPC endpoint: the AWS service it reaches without the internet, and from where.

    ``service`` is the service's short name (``s3``, ``sqs``, ``ecr.dkr``; see
    ``model.aws.endpoint_service``), "" when unknown. A gateway endpoint serves the
    subnets of its ``route_tables``; an interface endpoint (private DNS, the default)
    every subnet of its VPC, so also those it is placed in (``subnets``).
    """

    id: str
    span: Span
    service: str
    gateway: bool
    route_tables: tuple[str, ...] = ()
    subnets: tuple[str, ...] = ()
    vpc: str | None = None


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
    integrations: tuple[Integration, ...] = ()
    invoke_configs: tuple[InvokeConfig, ...] = ()
    vpc_endpoints: Mapping[str, VpcEndpoint] = field(default_factory=dict)
    provisioned: tuple[ProvisionedConcurrency, ...] = ()
    # Entities that stand for several instances (Terraform ``count``/``for_each``),
    # by id: checked once, and findings about them say so.
    instances: Mapping[str, str] = field(default_factory=dict)
    # Entities that repeat another one's definition with other inputs (a Terraform module
    # called more than once), by id: a finding about one that is identical to a finding
    # already made (rule, place, message) has that one's cause and is reported once.
    repeats: frozenset[str] = frozenset()
    # Local artifacts of functions and layers, by entity id (filled after loading).
    packages: Mapping[str, Package] = field(default_factory=dict)
    # The size of the template file in bytes (CloudFormation's template-body limits).
    source_bytes: int = 0
    # Values the source marks secret (Terraform ``sensitive``): never shown in a report.
    sensitive: tuple[Sensitive, ...] = ()
    # What each role of the stack is granted, by role id (``model/iam.py``).
    permissions: Mapping[str, Permissions] = field(default_factory=dict)
    # The worlds (``model.presence``) each conditional entity exists in, by id; an
    # entity not listed exists in every world.
    presence: Mapping[str, frozenset[int]] = field(default_factory=dict)
    # CloudFront Lambda@Edge triggers (``model/cloudfront.py``).
    edge_associations: tuple[EdgeAssociation, ...] = ()
    # S3 buckets by id, and the notifications that invoke functions (``model/s3.py``).
    buckets: Mapping[str, Bucket] = field(default_factory=dict)
    bucket_triggers: tuple[BucketTrigger, ...] = ()

    def coexist(self, *ids: str) -> bool:
        """Whether the entities ``ids`` may all exist in one deployment: False only when
        their conditions (CloudFormation ``Condition``, Terraform ``count``) certainly
        exclude each other."""
        if not self.presence:
            return True
        from lambda_lint.model.presence import coexist  # only for conditional entities

        return coexist(self.presence, ids)

    def deployed_together(self, ids: list[str]) -> list[str]:
        """Of ``ids`` (most important first), those that may exist in one deployment with
        every one kept before them: conditions that exclude each other (a function per
        stage) never add up. Linear: one running intersection of the entities' worlds."""
        kept: list[str] = []
        common: frozenset[int] | None = None
        for entity in ids:
            where = self.presence.get(entity) if self.presence else None
            if where is not None:
                joined = where if common is None else common & where
                if not joined:
                    continue
                common = joined
            kept.append(entity)
        return kept

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

    def sqs_consumers(self) -> Iterator[tuple[EventSource, Queue, Function | None]]:
        """Each SQS mapping with each queue of the stack it may read (every branch), and the
        function it invokes when that is in the stack; a queue once per mapping, and never
        a queue, mapping and function whose conditions keep them from being deployed together."""
        for source in self.event_sources:
            if source.kind != SQS_KIND:
                continue
            fn = self.functions.get(source.function or "")
            seen: set[str] = set()
            for target in source.source.candidates():
                queue = self.queue_of(target)
                if queue is None or queue.id in seen:
                    continue
                seen.add(queue.id)
                together = (queue.id, source.id) + ((fn.id,) if fn is not None else ())
                if self.coexist(*together):
                    yield source, queue, fn

    def versioned_function(self, version_of: str | None) -> Function | None:
        """The function whose configuration a version runs with: a published version's
        function, or the function itself for its current version (``version_of``)."""
        if version_of is None:
            return None
        version = self.versions.get(version_of)
        if version is not None:
            target = version.function.value
            if isinstance(target, EntityRef) and target.kind is EntityKind.FUNCTION:
                return self.functions.get(target.id)
            return None
        return self.functions.get(version_of)

    def unpublished(self, version_of: str | None) -> Function | None:
        """The function when ``version_of`` names its current version and it publishes none
        (that version is ``$LATEST``); None when published, unknown or not a function."""
        fn = self.functions.get(version_of or "")
        if fn is None or fn.publishes is None:
            return None
        if all(c.is_missing or as_bool(c.value) is False for c in fn.publishes.candidates()):
            return fn
        return None

    def queue_of(self, target: Field) -> Queue | None:
        """The queue a field refers to, when it is one of this stack's queues."""
        value = target.value
        if isinstance(value, EntityRef) and value.kind is EntityKind.QUEUE:
            return self.queues.get(value.id)
        return None

    def endpoint_services(self, subnet_id: str) -> tuple[str, ...]:
        """The AWS services a subnet reaches through VPC endpoints defined here, sorted."""
        subnet = self.subnets.get(subnet_id)
        if subnet is None:
            return ()
        found: set[str] = set()
        for endpoint in self.vpc_endpoints.values():
            if not endpoint.service:
                continue
            if endpoint.gateway:
                reached = subnet.route_table is not None and subnet.route_table in (
                    endpoint.route_tables
                )
            else:
                reached = subnet_id in endpoint.subnets or (
                    subnet.vpc is not None and subnet.vpc == endpoint.vpc
                )
            if reached:
                found.add(endpoint.service)
        return tuple(sorted(found))

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
