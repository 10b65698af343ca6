"""CloudFormation templates (CDK output included) into a model :class:`Stack`.

This module owns the CloudFormation spellings (``MemorySize``, ``VpcConfig``...);
SAM resource types are handed to :mod:`lambda_lint.loaders.cloudformation.sam`, which reuses
the function extraction here after merging ``Globals``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from lambda_lint.loaders.builder import EntityCollector, source_kind
from lambda_lint.loaders.cloudformation.code import function_code
from lambda_lint.loaders.cloudformation.graph import references_in
from lambda_lint.loaders.cloudformation.values import (
    ENTITY_KINDS,
    Resolver,
    inherited_whole,
    is_intrinsic,
    origin_of,
    render,
)
from lambda_lint.model import (
    DEFAULT_MEMORY,
    DEFAULT_TIMEOUT,
    DEFAULT_VISIBILITY_TIMEOUT,
    MISSING,
    Alias,
    Choice,
    EntityKind,
    EntityRef,
    EventSource,
    Field,
    Function,
    ProvisionedConcurrency,
    Queue,
    Route,
    RouteTarget,
    Unresolved,
    Version,
    VpcEndpoint,
    WeightedVersion,
    default_batch_size,
    default_retry_bound,
    endpoint_service,
    entity_ids,
    gateway_target,
)
from lambda_lint.model import route_target as model_route_target
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span

# Resources that can invoke a function, and the properties through which they do
# (None: any property but ``Tags``). A reference from anything else (a dashboard, a
# log group, a parameter, a version, a mapping) is no invoker: LL401 still judges the
# function by its event sources. IAM policies count, as they may let another principal
# invoke it; another function's environment, as its code may call it.
_ANY = None
_INVOKERS: dict[str, frozenset[str] | None] = {
    "AWS::Lambda::Permission": frozenset({"FunctionName"}),
    "AWS::Lambda::Url": frozenset({"TargetFunctionArn"}),
    "AWS::Lambda::EventInvokeConfig": frozenset({"DestinationConfig"}),
    "AWS::SNS::Subscription": frozenset({"Endpoint"}),
    "AWS::SNS::Topic": frozenset({"Subscription"}),
    "AWS::Events::Rule": frozenset({"Targets"}),
    "AWS::Scheduler::Schedule": frozenset({"Target"}),
    "AWS::Pipes::Pipe": frozenset({"Target", "Enrichment"}),
    "AWS::S3::Bucket": frozenset({"NotificationConfiguration"}),
    "AWS::ApiGateway::Method": frozenset({"Integration"}),
    "AWS::ApiGateway::RestApi": frozenset({"Body"}),
    "AWS::ApiGateway::Authorizer": frozenset({"AuthorizerUri"}),
    "AWS::ApiGatewayV2::Integration": frozenset({"IntegrationUri"}),
    "AWS::ApiGatewayV2::Api": frozenset({"Target", "Body"}),
    "AWS::ApiGatewayV2::Authorizer": frozenset({"AuthorizerUri"}),
    "AWS::ElasticLoadBalancingV2::TargetGroup": frozenset({"Targets"}),
    "AWS::StepFunctions::StateMachine": _ANY,
    "AWS::Cognito::UserPool": frozenset({"LambdaConfig"}),
    "AWS::IoT::TopicRule": frozenset({"TopicRulePayload"}),
    "AWS::Config::ConfigRule": frozenset({"Source"}),
    "AWS::CloudFormation::CustomResource": frozenset({"ServiceToken"}),
    "AWS::CloudFormation::Macro": frozenset({"FunctionName"}),
    "AWS::CloudWatch::Alarm": frozenset({"AlarmActions", "OKActions", "InsufficientDataActions"}),
    "AWS::Logs::SubscriptionFilter": frozenset({"DestinationArn"}),
    "AWS::CloudFront::Distribution": frozenset({"DistributionConfig"}),
    "AWS::AppSync::DataSource": frozenset({"LambdaConfig"}),
    "AWS::SecretsManager::RotationSchedule": frozenset({"RotationLambdaARN"}),
    "AWS::CodePipeline::Pipeline": frozenset({"Stages"}),
    "AWS::CodeCommit::Repository": frozenset({"Triggers"}),
    "AWS::SES::ReceiptRule": frozenset({"Rule"}),
    "AWS::KinesisFirehose::DeliveryStream": _ANY,
    "AWS::Lex::Bot": _ANY,
    "AWS::IAM::Role": frozenset({"Policies"}),
    "AWS::IAM::Policy": frozenset({"PolicyDocument"}),
    "AWS::IAM::ManagedPolicy": frozenset({"PolicyDocument"}),
    "AWS::Lambda::Function": frozenset({"Environment"}),
    "AWS::Serverless::Function": frozenset(
        {"Environment", "Policies", "EventInvokeConfig", "DeploymentPreference"}
    ),
    "AWS::Serverless::Connector": frozenset({"Destination"}),
    "AWS::CloudFormation::Stack": frozenset({"Parameters"}),
    "AWS::Serverless::Application": frozenset({"Parameters"}),
    "AWS::AppSync::GraphQLApi": frozenset(
        {"LambdaAuthorizerConfig", "AdditionalAuthenticationProviders"}
    ),
    "AWS::Serverless::LayerVersion": frozenset(),
    "AWS::Serverless::SimpleTable": frozenset(),
}
_CUSTOM_PREFIX = "Custom::"  # custom resources invoke their ServiceToken
_SERVERLESS_PREFIX = "AWS::Serverless::"
_OTHER_ROUTE_TARGETS = (
    "TransitGatewayId",
    "VpcPeeringConnectionId",
    "NetworkInterfaceId",
    "VpcEndpointId",
    "CarrierGatewayId",
    "LocalGatewayId",
    "CoreNetworkArn",
    "EgressOnlyInternetGatewayId",
)


def empty(span: Span) -> MDict:
    return MDict(span)


def child(container: Any, key: str) -> MDict | None:
    """``container[key]`` when it is a mapping, else None; inherited when the key was."""
    value = inherited_whole(container, key)
    return value if isinstance(value, MDict) else None


@dataclass
class StackBuilder(EntityCollector):
    """Collects entities while a template's resources are read."""

    resolver: Resolver = field(kw_only=True)


def function_from_properties(
    name: str, props: MDict, span: Span, r: Resolver, kind: str, role: Field | None = None
) -> Function:
    """The format-independent part of a function, shared by CloudFormation and SAM."""
    env = child(props, "Environment")
    if env is not None and "Variables" in env:
        # The span is the ``Variables`` key: the whole map is the cause of a size finding.
        environment = r.env(
            env["Variables"], env.key_span("Variables"), *origin_of(env, "Variables")
        )
    elif "Environment" in props and env is None:
        environment = r.env(
            props["Environment"], props.value_span("Environment"), *origin_of(props, "Environment")
        )
    else:
        environment = Field((), span)
    vpc = child(props, "VpcConfig")
    subnets = r.get_items(vpc, "SubnetIds", span) if vpc is not None else Field(MISSING, span)
    dead_letter = r.get(child(props, "DeadLetterConfig"), "TargetArn", span)
    return Function(
        id=name,
        span=span,
        kind=kind,
        memory=r.get(props, "MemorySize", span, DEFAULT_MEMORY),
        timeout=r.get(props, "Timeout", span, DEFAULT_TIMEOUT),
        environment=environment,
        role=role if role is not None else r.get(props, "Role", span),
        layers=r.get_items(props, "Layers", span),
        dead_letter=dead_letter,
        subnets=subnets,
        managed_instances="CapacityProviderConfig" in props,
        runtime=r.get(props, "Runtime", span),
        package_type=r.get(props, "PackageType", span),
        ephemeral_storage=r.get(child(props, "EphemeralStorage"), "Size", span),
        reserved_concurrency=r.get(props, "ReservedConcurrentExecutions", span),
    )


def load_function(b: StackBuilder, name: str, body: MDict, props: MDict, span: Span) -> None:
    function = function_from_properties(name, props, span, b.resolver, "cloudformation")
    b.functions[name] = replace(function, code=function_code(b.resolver, body, props, name))


def function_id(r: Resolver, value: Field, resources: MDict | None = None) -> str | None:
    """The function a ``FunctionName`` points at, following aliases and versions."""
    target = value.value
    if isinstance(target, EntityRef):
        if target.kind is EntityKind.FUNCTION:
            return target.id
        if target.kind in (EntityKind.ALIAS, EntityKind.VERSION) and resources is not None:
            body = resources.get(target.id)
            props = child(body, "Properties")
            if props is not None and "FunctionName" in props:
                inner = r.get(props, "FunctionName", props.span)
                if isinstance(inner.value, EntityRef) and inner.value.kind is EntityKind.FUNCTION:
                    return inner.value.id
    return None


def version_of(r: Resolver, container: MDict, key: str) -> str | None:
    """The ``AWS::Lambda::Version`` whose number ``container[key]`` is (``!GetAtt V.Version``)."""
    raw = container.get(key)
    if not (isinstance(raw, MDict) and is_intrinsic(raw) and "Fn::GetAtt" in raw):
        return None
    arg = raw["Fn::GetAtt"]
    parts = arg.split(".", 1) if isinstance(arg, str) else arg
    if isinstance(parts, list) and len(parts) == 2 and parts[1] == "Version":
        target = parts[0]
        if isinstance(target, str) and r.resource_types.get(target) == "AWS::Lambda::Version":
            return target
    return None


def load_version(b: StackBuilder, name: str, props: MDict, span: Span, resources: MDict) -> None:
    r = b.resolver
    function = r.get(props, "FunctionName", span)
    b.versions[name] = Version(name, span, function)
    target = Field(EntityRef(EntityKind.VERSION, name), span)
    provisioned(b, name, props, span, function_id(r, function, resources), target, name)


def provisioned(
    b: StackBuilder,
    name: str,
    props: MDict,
    span: Span,
    function: str | None,
    target: Field,
    of: str | None = None,
) -> None:
    """The ``ProvisionedConcurrencyConfig`` of a version, an alias or a SAM function, if set."""
    key = "ProvisionedConcurrencyConfig"
    if key not in props:
        return
    config = child(props, key)
    if config is not None and not is_intrinsic(config):
        amount = b.resolver.get(config, "ProvisionedConcurrentExecutions", props.key_span(key))
    else:  # a block chosen by ``Fn::If``: the amount of each branch
        whole = b.resolver.value(props[key], props.value_span(key), *origin_of(props, key))
        amount = _in_block(b.resolver, whole, "ProvisionedConcurrentExecutions", key)
    b.provisioned.append(ProvisionedConcurrency(name, span, function, amount, target, of))


def _in_block(r: Resolver, block: Field, key: str, name: str) -> Field:
    """``block[key]`` for a block written as an intrinsic: each ``Fn::If`` branch's value,
    MISSING for an ``AWS::NoValue`` branch, unknown for anything else."""
    value = block.value
    if isinstance(value, Choice):
        first, second = (_in_block(r, option, key, name) for option in value.options)
        return Field(
            Choice(value.condition, (first, second)), block.span, block.origin, block.source
        )
    if isinstance(value, MDict) and not is_intrinsic(value):
        return r.get(value, key, block.span)
    if block.is_missing:
        return block
    return Field(Unresolved(name), block.span, block.origin, block.source)


def load_alias(b: StackBuilder, name: str, props: MDict, span: Span, resources: MDict) -> None:
    r = b.resolver
    weights: list[WeightedVersion] = []
    routing = child(props, "RoutingConfig")
    entries = routing.get("AdditionalVersionWeights") if routing is not None else None
    if isinstance(entries, MList):
        for index, entry in enumerate(entries):
            entry_span = entries.item_span(index)
            if isinstance(entry, MDict):
                weights.append(
                    WeightedVersion(
                        r.get(entry, "FunctionVersion", entry_span),
                        r.get(entry, "FunctionWeight", entry_span),
                        entry_span,
                        version_of(r, entry, "FunctionVersion"),
                    )
                )
    function = r.get(props, "FunctionName", span)
    b.aliases[name] = Alias(
        name,
        span,
        function,
        r.get(props, "FunctionVersion", span),
        tuple(weights),
        version_of(r, props, "FunctionVersion"),
    )
    target = Field(EntityRef(EntityKind.ALIAS, name), span)
    provisioned(b, name, props, span, function_id(r, function, resources), target)


def load_queue(b: StackBuilder, name: str, props: MDict, span: Span) -> None:
    r = b.resolver
    redrive = props.get("RedrivePolicy")
    at = props.value_span("RedrivePolicy") if redrive is not None else span
    if isinstance(redrive, str):  # CloudFormation also accepts the policy as a JSON string
        try:
            parsed = json.loads(redrive)
        except ValueError:
            parsed = None
        policy = parsed if isinstance(parsed, dict) else {}
        target = policy.get("deadLetterTargetArn")
        dlq = r.value(target, at) if isinstance(target, str) else Field(Unresolved(redrive), at)
        count = policy.get("maxReceiveCount")
        if not isinstance(parsed, dict):
            receives = Field(Unresolved(redrive), at)
        else:
            receives = r.value(count, at) if count is not None else Field(MISSING, at)
    elif isinstance(redrive, MDict) and not is_intrinsic(redrive):
        dlq = r.get(redrive, "deadLetterTargetArn", at)
        receives = r.get(redrive, "maxReceiveCount", at)
    elif redrive is not None:
        dlq = r.value(redrive, at)
        receives = Field(Unresolved(render(redrive)), at)
    else:
        dlq = receives = Field(MISSING, span)
    b.queues[name] = Queue(
        name,
        span,
        r.get(props, "VisibilityTimeout", span, DEFAULT_VISIBILITY_TIMEOUT),
        r.get(props, "FifoQueue", span, False),
        dlq,
        receives,
    )


def load_mapping(b: StackBuilder, name: str, props: MDict, span: Span, resources: MDict) -> None:
    r = b.resolver
    source = r.get(props, "EventSourceArn", span)
    kind = source_kind(source)
    if "SelfManagedEventSource" in props:
        kind = "SelfManagedKafka"
        endpoints = child(child(props, "SelfManagedEventSource"), "Endpoints")
        source = r.get(endpoints, "KafkaBootstrapServers", span)
    target = function_id(r, r.get(props, "FunctionName", span), resources)
    b.event_sources.append(
        EventSource(
            name, span, kind, True, target, source, **mapping_settings(r, props, span, kind)
        )
    )


def mapping_settings(r: Resolver, props: MDict, span: Span, kind: str) -> dict[str, Field]:
    """The ``EventSource`` settings of a mapping's properties, shared with SAM's polled events
    (SAM passes these properties through to the mapping unchanged); defaults by ``kind``."""
    retry_default = default_retry_bound(kind)
    return {
        "batch_size": r.get(props, "BatchSize", span, default_batch_size(kind)),
        "batching_window": r.get(props, "MaximumBatchingWindowInSeconds", span),
        "maximum_retry_attempts": r.get(props, "MaximumRetryAttempts", span, retry_default),
        "maximum_record_age": r.get(props, "MaximumRecordAgeInSeconds", span, retry_default),
        "on_failure": _on_failure(r, props, span),
        "response_types": r.get_items(props, "FunctionResponseTypes", span),
        "starting_position": r.get(props, "StartingPosition", span),
    }


def _on_failure(r: Resolver, props: MDict, span: Span) -> Field:
    """``DestinationConfig.OnFailure.Destination``; a block written as an intrinsic is kept as
    its value (a ``Fn::If`` branch may hold a destination), never read as absent."""
    container: Any = props
    for key in ("DestinationConfig", "OnFailure"):
        if not isinstance(container, MDict) or key not in container:
            return Field(MISSING, span)
        if is_intrinsic(container[key]):
            return r.value(container[key], container.value_span(key), *origin_of(container, key))
        container = container[key]
    return r.get(container, "Destination", span)


def load_subnet_association(b: StackBuilder, props: MDict, span: Span) -> None:
    subnet = b.resolver.get(props, "SubnetId", span).value
    table = b.resolver.get(props, "RouteTableId", span).value
    if isinstance(subnet, EntityRef) and isinstance(table, EntityRef):
        b.associations[subnet.id] = table.id


def vpc_id(r: Resolver, props: MDict) -> str | None:
    """The logical id of the ``AWS::EC2::VPC`` a ``VpcId`` refers to (``Ref`` gives its id)."""
    value = props.get("VpcId")
    name = value.get("Ref") if isinstance(value, dict) and len(value) == 1 else None
    if isinstance(name, str) and r.resource_types.get(name) == "AWS::EC2::VPC":
        return name
    return None


def load_vpc_endpoint(b: StackBuilder, name: str, props: MDict, span: Span) -> None:
    """An ``AWS::EC2::VPCEndpoint``: its service, type (``Gateway`` when unwritten, as
    CloudFormation defaults) and the route tables or subnets it serves."""
    r = b.resolver
    service = r.get(props, "ServiceName", span).value
    text = service if isinstance(service, str) else ""
    if isinstance(service, Unresolved):
        text = service.literal
    kind = r.get(props, "VpcEndpointType", span).value
    b.vpc_endpoints[name] = VpcEndpoint(
        name,
        span,
        endpoint_service(text),
        gateway=kind in (MISSING, "Gateway"),
        route_tables=entity_ids(r.get_items(props, "RouteTableIds", span)),
        subnets=entity_ids(r.get_items(props, "SubnetIds", span)),
        vpc=vpc_id(r, props),
    )


def load_route(b: StackBuilder, props: MDict, span: Span) -> None:
    r = b.resolver
    table = r.get(props, "RouteTableId", span).value
    if not isinstance(table, EntityRef):
        return
    b.routes[table.id].append(
        Route(r.get(props, "DestinationCidrBlock", span), route_target(r, props, span))
    )


def route_target(r: Resolver, props: MDict, span: Span) -> RouteTarget:
    """What an ``AWS::EC2::Route`` goes through, from the target property it sets."""
    kinds: set[RouteTarget] = set()
    for key in ("NatGatewayId", "InstanceId"):
        if key in props and any(
            c.value is not MISSING for c in r.get(props, key, span).candidates()
        ):
            kinds.add(RouteTarget.NAT)
    if "GatewayId" in props:
        for candidate in r.get(props, "GatewayId", span).candidates():
            if candidate.value is not MISSING:
                kinds.add(gateway_target(candidate.value))
    if any(key in props for key in _OTHER_ROUTE_TARGETS):
        kinds.add(RouteTarget.OTHER)
    return model_route_target(kinds)


def _invoking_properties(rtype: str) -> frozenset[str] | None:
    """The properties through which a resource of ``rtype`` may invoke a function."""
    if rtype.startswith(_CUSTOM_PREFIX):
        return frozenset({"ServiceToken"})
    if rtype.startswith(_SERVERLESS_PREFIX) and rtype not in _INVOKERS:
        return _ANY  # SAM's APIs and state machines become integrations and permissions
    return _INVOKERS.get(rtype, frozenset())


# Sources a connector links to a function that Lambda polls (the connector grants the
# function's role reading them; nothing invokes the function through it).
_POLLED_SOURCES = frozenset({"AWS::SQS::Queue", "AWS::Kinesis::Stream", "AWS::DynamoDB::Table"})


def _connected(body: MDict, key: str, value: Any, resources: MDict) -> list[str]:
    """A SAM connector's destinations named by ``Id`` (plain logical ids, no ``Ref``), when
    the connector lets its source write to them (for a function: invoke it)."""
    if body.get("Type") != "AWS::Serverless::Connector" or key != "Destination":
        return []
    permissions = child(body, "Properties")
    granted = permissions.get("Permissions") if permissions is not None else None
    if not (isinstance(granted, list) and "Write" in granted):
        return []  # Read: the destination reads the source, no invocation
    source = child(permissions, "Source") if permissions is not None else None
    source_id = source.get("Id") if source is not None else None
    source_body = resources.get(source_id) if isinstance(source_id, str) else None
    source_type = source_body.get("Type") if isinstance(source_body, dict) else None
    if source is not None and (source_type or source.get("Type")) in _POLLED_SOURCES:
        return []
    items = value if isinstance(value, list) else [value]
    return [d["Id"] for d in items if isinstance(d, dict) and isinstance(d.get("Id"), str)]


def _hooks(body: MDict) -> list[str]:
    """The CodeDeploy hook functions of an alias's ``UpdatePolicy``: CodeDeploy invokes them."""
    update = child(child(body, "UpdatePolicy"), "CodeDeployLambdaAliasUpdate")
    if update is None:
        return []
    hooks = [update.get(k) for k in ("BeforeAllowTrafficHook", "AfterAllowTrafficHook")]
    return [name for hook in hooks for name in references_in(hook)]


def collect_invokers(b: StackBuilder, resources: MDict) -> None:
    """Mark functions that a resource able to invoke them refers to (see ``_INVOKERS``),
    from the properties it invokes through, when the two can exist together."""
    parents: dict[str, str] = {}  # alias/version -> function
    for name, alias in b.aliases.items():
        if isinstance(alias.function.value, EntityRef):
            parents[name] = alias.function.value.id
    for name, version in b.versions.items():
        if isinstance(version.function.value, EntityRef):
            parents[name] = version.function.value.id
    for name, body in resources.items():
        if not isinstance(body, MDict):
            continue
        for hook in _hooks(body):
            if hook in b.functions and b.may_coexist(name, hook):
                b.invoked_by_other.add(hook)
        through = _invoking_properties(str(body.get("Type")))
        props = child(body, "Properties")
        if props is None or through == frozenset():
            continue
        for key, value in props.items():
            if key == "Tags" or (through is not None and key not in through):
                continue
            for target_name in references_in(value) + _connected(body, key, value, resources):
                target = parents.get(target_name, target_name)
                if target != name and target in b.functions and b.may_coexist(name, target):
                    b.invoked_by_other.add(target)


__all__ = ["ENTITY_KINDS", "StackBuilder", "function_from_properties"]
