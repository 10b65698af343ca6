"""AWS SAM: ``AWS::Serverless::Function`` with ``Globals.Function`` merged in.

Globals are merged by SAM's rules (scalars: the function's value wins; maps:
merged key by key; lists: Globals first, then the function's), keeping every
value's own span so a finding about an inherited value points into ``Globals``
(docs/aws-facts.md#sam-globals-are-merged; SAM ``samtranslator/plugins/globals/globals.py``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from lambda_lint.loaders.cloudformation.apis import API_EVENTS, invoke_config, sam_api_integration
from lambda_lint.loaders.cloudformation.code import sam_function_code
from lambda_lint.loaders.cloudformation.iam import sam_generated_policies
from lambda_lint.loaders.cloudformation.resources import (
    StackBuilder,
    child,
    function_from_properties,
    mapping_settings,
    provisioned,
)
from lambda_lint.loaders.cloudformation.s3 import sam_trigger
from lambda_lint.loaders.cloudformation.values import (
    InheritedDict,
    InheritedList,
    Resolver,
    is_intrinsic,
    origin_of,
)
from lambda_lint.model import (
    DEFAULT_VISIBILITY_TIMEOUT,
    MISSING,
    Choice,
    EntityKind,
    EntityRef,
    EventSource,
    Field,
    Origin,
    Queue,
    Role,
    Unresolved,
)
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span

# SAM event types Lambda polls, and the property naming what is polled.
POLLED_EVENTS = {
    "SQS": "Queue",
    "Kinesis": "Stream",
    "DynamoDB": "Stream",
    "MSK": "Stream",
    "MQ": "Broker",
    "SelfManagedKafka": "KafkaBootstrapServers",
    "DocumentDB": "Cluster",
}


# SAM merges "everything on Serverless::Function except Role, Policies, FunctionName,
# Events" (samtranslator/plugins/globals/globals.py); it rejects those in Globals.
NOT_IN_GLOBALS = frozenset({"Role", "Policies", "FunctionName", "Events"})
# What an inherited value's message says it was inherited from.
GLOBALS_SOURCE = "Globals"


def _supported_globals(globals_function: MDict, ignore_globals: Any = None) -> MDict:
    """The Globals a function inherits: SAM's own exclusions and its ``IgnoreGlobals``.

    ``IgnoreGlobals`` is a resource attribute (beside ``Properties``): ``"*"``
    drops every global, a list drops the properties it names.
    """
    ignored = set(NOT_IN_GLOBALS)
    if ignore_globals == "*":
        ignored.update(globals_function.keys())
    elif isinstance(ignore_globals, list):
        ignored.update(key for key in ignore_globals if isinstance(key, str))
    if not ignored & globals_function.keys():
        return globals_function
    kept = MDict(globals_function.span)
    for key, value in globals_function.items():
        if key not in ignored:
            kept[key] = value
            kept.key_spans[key] = globals_function.key_span(key)
            kept.value_spans[key] = globals_function.value_span(key)
    return kept


def merge(global_value: Any, local_value: Any, source: str = GLOBALS_SOURCE) -> Any:
    """SAM's Globals merge of one property, remembering which parts were inherited from
    ``source`` (the Serverless Framework merges its provider environment the same way)."""
    if (
        isinstance(global_value, MDict)
        and isinstance(local_value, MDict)
        and not is_intrinsic(global_value)
        and not is_intrinsic(local_value)
    ):
        merged = InheritedDict(local_value.span, source)
        for key, value in global_value.items():
            merged[key] = value
            merged.key_spans[key] = global_value.key_span(key)
            merged.value_spans[key] = global_value.value_span(key)
            merged.inherited.add(key)
        for key, value in local_value.items():
            merged[key] = merge(global_value[key], value, source) if key in global_value else value
            merged.key_spans[key] = local_value.key_span(key)
            merged.value_spans[key] = local_value.value_span(key)
            merged.inherited.discard(key)
        return merged
    if isinstance(global_value, MList) and isinstance(local_value, MList):
        joined = InheritedList(local_value.span, source)
        joined.extend(global_value)
        joined.item_spans.extend(global_value.item_spans)
        joined.inherited.update(range(len(global_value)))
        joined.extend(local_value)
        joined.item_spans.extend(local_value.item_spans)
        return joined
    return local_value


def load_function(
    b: StackBuilder,
    name: str,
    body: MDict,
    props: MDict,
    span: Span,
    globals_function: MDict | None,
) -> None:
    """Add a SAM function, its generated role and its ``Events`` to the stack."""
    if globals_function is not None:
        props = merge(_supported_globals(globals_function, body.get("IgnoreGlobals")), props)
    r = b.resolver
    role = _role(b, name, props, span)
    function = function_from_properties(name, props, span, r, "sam", role)
    dlq = child(props, "DeadLetterQueue")
    invoked_by_push = False
    events = child(props, "Events")
    if events is not None:
        for event_name, event in events.items():
            if not isinstance(event, MDict):
                continue
            event_type = event.get("Type")
            event_props = child(event, "Properties") or MDict(events.key_span(event_name))
            event_span = events.key_span(event_name)
            source_key = POLLED_EVENTS.get(str(event_type))
            source_id, kind = f"{name}{event_name}", str(event_type)
            if kind in API_EVENTS:
                sam_api_integration(b, name, source_id, kind, event_props, event_span)
            queue = _sns_queue(b, source_id, event_props, event_span) if kind == "SNS" else None
            if queue is not None:  # SNS -> SQS -> Lambda: SAM adds a queue and a mapping
                source_id, kind, polled = f"{source_id}EventSourceMapping", "SQS", True
                source = queue
            else:
                polled = source_key is not None
                source = r.get(event_props, source_key or "", event_span)
            # The mapping SAM makes for an SNS subscription queue takes none of these
            # settings (no response types can be set there): they stay unread.
            settings = {}
            if polled and queue is None:
                settings = mapping_settings(r, event_props, event_span, kind)
            invoked_by_push = invoked_by_push or not polled
            if kind == "S3":
                b.bucket_triggers.append(sam_trigger(r, name, event_props, event_span))
            b.event_sources.append(
                EventSource(source_id, event_span, kind, polled, name, source, **settings)
            )
    # Push events and a function URL become permissions only in the translated template,
    # so the builder (which looks for references to the function) cannot see them.
    invoked_by_push = invoked_by_push or "FunctionUrlConfig" in props
    if invoked_by_push:
        b.invoked_by_other.add(name)
    alias = r.get(props, "AutoPublishAlias", span)
    # SAM sets the provisioned concurrency on the alias it publishes (a published version).
    provisioned(b, name, props, span, name, alias)
    preference = child(props, "DeploymentPreference")
    config = child(props, "EventInvokeConfig")
    if config is not None:
        config_span = props.key_span("EventInvokeConfig")
        b.invoke_configs.append(
            invoke_config(b, f"{name}EventInvokeConfig", config, config_span, name)
        )
    b.functions[name] = replace(
        function,
        dead_letter=r.get(dlq, "TargetArn", span) if dlq is not None else function.dead_letter,
        auto_publish_alias=alias,
        deployment_type=r.get(preference, "Type", span) if preference is not None else None,
        deployment_preference=_enabled(r, props, "DeploymentPreference", span),
        provisioned_concurrency=_enabled(r, props, "ProvisionedConcurrencyConfig", span),
        invoked_by_other=invoked_by_push,
        code=sam_function_code(r, body, props, name),
    )


def _sns_queue(b: StackBuilder, event_id: str, event_props: MDict, span: Span) -> Field | None:
    """The queue SAM puts between an SNS topic and the function (``SqsSubscription``), if any.

    ``true`` makes SAM create ``<Function><Event>Queue`` with default attributes (no
    redrive, 30 s visibility; FIFO when the topic in the template is); a mapping names
    an existing queue (``push.py``, ``SNS.to_cloudformation``).
    """
    subscription = event_props.get("SqsSubscription")
    if isinstance(subscription, MDict) and not is_intrinsic(subscription):
        return b.resolver.get(subscription, "QueueArn", span)
    if subscription is not True:
        return None
    queue_id = f"{event_id}Queue"
    topic = b.resolver.get(event_props, "Topic", span)
    fifo = (
        Field(Unresolved(f"FifoTopic of {topic.value.id}"), span)
        if isinstance(topic.value, EntityRef)
        else Field(False, span, Origin.AWS_DEFAULT)
    )
    timeout = Field(DEFAULT_VISIBILITY_TIMEOUT, span, Origin.AWS_DEFAULT)
    b.queues[queue_id] = Queue(queue_id, span, timeout, fifo, Field(MISSING, span))
    return Field(EntityRef(EntityKind.QUEUE, queue_id), span)


def _role(b: StackBuilder, name: str, props: MDict, span: Span) -> Field:
    """The execution role, with the one SAM generates (``<LogicalId>Role``) where it does.

    SAM generates it when ``Role`` is absent or null, and for each ``AWS::NoValue``
    branch of a top-level ``Fn::If`` (``sam_resources.py``, ``_make_lambda_role``).
    """
    role_id = f"{name}Role"
    raw = props.get("Role")
    if raw is None:
        b.roles[role_id] = Role(role_id, span, generated=True)
        b.grants[role_id].extend(sam_generated_policies(b.resolver, props, span))
        return Field(EntityRef(EntityKind.ROLE, role_id), span)
    given = b.resolver.get(props, "Role", span)
    if isinstance(raw, MDict) and "Fn::If" in raw and isinstance(given.value, Choice):
        options = given.value.options
        if any(option.is_missing for option in options):
            b.roles[role_id] = Role(role_id, span, generated=True)
            b.grants[role_id].extend(sam_generated_policies(b.resolver, props, span))
            generated = [
                Field(EntityRef(EntityKind.ROLE, role_id), o.span, o.origin, o.source)
                if o.is_missing
                else o
                for o in options
            ]
            choice = Choice(given.value.condition, (generated[0], generated[1]))
            return Field(choice, given.span, given.origin, given.source)
    return given


def _enabled(r: Resolver, props: MDict, key: str, span: Span) -> Field:
    """Whether a SAM feature block is on: its ``Enabled`` (default true), at the block's key.

    SAM accepts ``DeploymentPreference: {Enabled: false}`` without an alias, so
    the model records the switch rather than the block's presence.
    """
    if key not in props:
        return Field(MISSING, span)
    origin, source = origin_of(props, key)
    block = props[key]
    if isinstance(block, MDict) and not is_intrinsic(block):
        enabled = r.get(block, "Enabled", props.key_span(key), True)
        return Field(enabled.value, props.key_span(key), origin, source)
    return Field(True, props.key_span(key), origin, source)
