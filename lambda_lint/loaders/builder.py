"""The format-independent part of every loader: collect entities, freeze a Stack."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from lambda_lint.model import (
    Alias,
    Bucket,
    BucketTrigger,
    EdgeAssociation,
    EntityKind,
    EntityRef,
    EventSource,
    Field,
    Function,
    Integration,
    InvokeConfig,
    Layer,
    Permissions,
    Policy,
    ProvisionedConcurrency,
    Queue,
    Role,
    Route,
    RouteTable,
    Stack,
    Subnet,
    Version,
    VpcEndpoint,
)

_ARN_SOURCE_KINDS = {
    "sqs": "SQS",
    "kinesis": "Kinesis",
    "dynamodb": "DynamoDB",
    "kafka": "MSK",
    "mq": "MQ",
    "rds": "DocumentDB",
    "docdb": "DocumentDB",
}
_ENTITY_SOURCE_KINDS = {
    EntityKind.QUEUE: "SQS",
    EntityKind.KINESIS: "Kinesis",
    EntityKind.DYNAMODB: "DynamoDB",
    EntityKind.MSK: "MSK",
    EntityKind.MQ: "MQ",
}


@dataclass
class EntityCollector:
    """Collects entities while resources are read, then freezes them into a Stack."""

    functions: dict[str, Function] = field(default_factory=dict)
    aliases: dict[str, Alias] = field(default_factory=dict)
    versions: dict[str, Version] = field(default_factory=dict)
    layers: dict[str, Layer] = field(default_factory=dict)
    event_sources: list[EventSource] = field(default_factory=list)
    queues: dict[str, Queue] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    subnets: dict[str, Subnet] = field(default_factory=dict)
    route_tables: dict[str, RouteTable] = field(default_factory=dict)
    integrations: list[Integration] = field(default_factory=list)
    invoke_configs: list[InvokeConfig] = field(default_factory=list)
    vpc_endpoints: dict[str, VpcEndpoint] = field(default_factory=dict)
    subnet_vpcs: dict[str, str] = field(default_factory=dict)
    routes: dict[str, list[Route]] = field(default_factory=lambda: defaultdict(list))
    associations: dict[str, str] = field(default_factory=dict)
    invoked_by_other: set[str] = field(default_factory=set)
    instances: dict[str, str] = field(default_factory=dict)
    provisioned: list[ProvisionedConcurrency] = field(default_factory=list)
    # What each role is granted, by role id; roles that may be granted more than is
    # visible; whether some grant goes to a role that does not resolve (it may be any).
    grants: dict[str, list[Policy]] = field(default_factory=lambda: defaultdict(list))
    incomplete_roles: set[str] = field(default_factory=set)
    unknown_grantee: bool = False
    edge_associations: list[EdgeAssociation] = field(default_factory=list)
    buckets: dict[str, Bucket] = field(default_factory=dict)
    bucket_triggers: list[BucketTrigger] = field(default_factory=list)

    def grant(self, role: Field, policy: Policy) -> None:
        """Record a policy granted to the role(s) a field names (every branch)."""
        for candidate in role.candidates():
            value = candidate.value
            if isinstance(value, EntityRef) and value.kind is EntityKind.ROLE:
                self.grants[value.id].append(policy)
            elif not candidate.is_missing:
                # An expression or a role name: it may be any role of the stack.
                self.unknown_grantee = True

    def permissions(self) -> dict[str, Permissions]:
        return {
            name: Permissions(
                name,
                tuple(self.grants.get(name, ())),
                not self.unknown_grantee and name not in self.incomplete_roles,
            )
            for name in self.roles
        }

    presence: dict[str, frozenset[int]] = field(default_factory=dict)

    def may_coexist(self, *ids: str) -> bool:
        """Whether these entities may be deployed together (see ``Stack.coexist``)."""
        if not self.presence:
            return True
        from lambda_lint.model.presence import coexist  # only for conditional entities

        return coexist(self.presence, ids)

    def build(self) -> Stack:
        functions = {
            name: _with_invokers(fn, name in self.invoked_by_other)
            for name, fn in self.functions.items()
        }
        subnets = {
            name: Subnet(s.id, s.span, self.associations.get(name), self.subnet_vpcs.get(name))
            for name, s in self.subnets.items()
        }
        tables = {
            name: RouteTable(t.id, t.span, tuple(self.routes.get(name, ())))
            for name, t in self.route_tables.items()
        }
        return Stack(
            functions=functions,
            aliases=self.aliases,
            versions=self.versions,
            layers=self.layers,
            event_sources=tuple(self.event_sources),
            queues=self.queues,
            roles=self.roles,
            subnets=subnets,
            route_tables=tables,
            provisioned=tuple(self.provisioned),
            integrations=tuple(self.integrations),
            invoke_configs=tuple(self.invoke_configs),
            vpc_endpoints=self.vpc_endpoints,
            instances=self.instances,
            permissions=self.permissions(),
            presence=self.presence,
            edge_associations=tuple(self.edge_associations),
            buckets=self.buckets,
            bucket_triggers=tuple(self.bucket_triggers),
        )


def _with_invokers(fn: Function, invoked: bool) -> Function:
    return fn if invoked == fn.invoked_by_other else replace(fn, invoked_by_other=invoked)


def source_kind(source: Field) -> str:
    """The kind of a polled event source from what its ARN field refers to."""
    for candidate in source.candidates():
        value = candidate.value
        if isinstance(value, EntityRef):
            return _ENTITY_SOURCE_KINDS.get(value.kind, "unknown")
        if isinstance(value, str) and value.startswith("arn:"):
            service = value.split(":")[2] if value.count(":") >= 2 else ""
            return _ARN_SOURCE_KINDS.get(service, "unknown")
    return "unknown"
