"""AWS SAM: ``AWS::Serverless::Function`` with ``Globals.Function`` merged in.

Globals are merged by SAM's rules (scalars: the function's value wins; maps:
merged key by key; lists: Globals first, then the function's), keeping every
value's own span so a finding about an inherited value points into ``Globals``
(AWS-FACTS.md §1, §2; SAM ``samtranslator/plugins/globals/globals.py``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from lambda_lint.loaders.cfn_values import (
    InheritedDict,
    InheritedList,
    Resolver,
    is_intrinsic,
    origin_of,
)
from lambda_lint.loaders.cloudformation import StackBuilder, child, function_from_properties
from lambda_lint.model import MISSING, EntityRef, EventSource, Field, Role
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


def _supported_globals(globals_function: MDict) -> MDict:
    if not NOT_IN_GLOBALS & globals_function.keys():
        return globals_function
    kept = MDict(globals_function.span)
    for key, value in globals_function.items():
        if key not in NOT_IN_GLOBALS:
            kept[key] = value
            kept.key_spans[key] = globals_function.key_span(key)
            kept.value_spans[key] = globals_function.value_span(key)
    return kept


def merge(global_value: Any, local_value: Any) -> Any:
    """SAM's Globals merge of one property, remembering which parts were inherited."""
    if (
        isinstance(global_value, MDict)
        and isinstance(local_value, MDict)
        and not is_intrinsic(global_value)
        and not is_intrinsic(local_value)
    ):
        merged = InheritedDict(local_value.span)
        for key, value in global_value.items():
            merged[key] = value
            merged.key_spans[key] = global_value.key_span(key)
            merged.value_spans[key] = global_value.value_span(key)
            merged.inherited.add(key)
        for key, value in local_value.items():
            merged[key] = merge(global_value[key], value) if key in global_value else value
            merged.key_spans[key] = local_value.key_span(key)
            merged.value_spans[key] = local_value.value_span(key)
            merged.inherited.discard(key)
        return merged
    if isinstance(global_value, MList) and isinstance(local_value, MList):
        joined = InheritedList(local_value.span)
        joined.extend(global_value)
        joined.item_spans.extend(global_value.item_spans)
        joined.inherited.update(range(len(global_value)))
        joined.extend(local_value)
        joined.item_spans.extend(local_value.item_spans)
        return joined
    return local_value


def load_function(
    b: StackBuilder, name: str, props: MDict, span: Span, globals_function: MDict | None
) -> None:
    """Add a SAM function, its generated role and its ``Events`` to the stack."""
    if globals_function is not None:
        props = merge(_supported_globals(globals_function), props)
    r = b.resolver
    role: Field | None = None
    if "Role" not in props:
        # SAM generates one role per function (named <LogicalId>Role).
        role_id = f"{name}Role"
        b.roles[role_id] = Role(role_id, span, generated=True)
        role = Field(EntityRef("role", role_id), span)
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
            polled = source_key is not None
            invoked_by_push = invoked_by_push or not polled
            source = r.get(event_props, source_key or "", event_span)
            b.event_sources.append(
                EventSource(
                    f"{name}{event_name}", event_span, str(event_type), polled, name, source
                )
            )
    b.functions[name] = replace(
        function,
        dead_letter=r.get(dlq, "TargetArn", span) if dlq is not None else function.dead_letter,
        auto_publish_alias=r.get(props, "AutoPublishAlias", span),
        deployment_preference=_enabled(r, props, "DeploymentPreference", span),
        provisioned_concurrency=_enabled(r, props, "ProvisionedConcurrencyConfig", span),
        invoked_by_other=invoked_by_push,
    )


def _enabled(r: Resolver, props: MDict, key: str, span: Span) -> Field:
    """Whether a SAM feature block is on: its ``Enabled`` (default true), at the block's key.

    SAM accepts ``DeploymentPreference: {Enabled: false}`` without an alias, so
    the model records the switch rather than the block's presence.
    """
    if key not in props:
        return Field(MISSING, span)
    origin = origin_of(props, key)
    block = props[key]
    if isinstance(block, MDict) and not is_intrinsic(block):
        enabled = r.get(block, "Enabled", props.key_span(key), True)
        return Field(enabled.value, props.key_span(key), origin, enabled.source)
    return Field(True, props.key_span(key), origin)
