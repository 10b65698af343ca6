"""A function's ``events`` as the model's event sources.

Polled events (``sqs``, ``stream``, ``msk``, ``kafka``, ``activemq``, ``rabbitmq``) are
written as the ``AWS::Lambda::EventSourceMapping`` properties the framework compiles
them to, with its defaults (batch size 10 for ``sqs`` and ``stream``,
docs/aws-facts.md#serverless-framework-events), and read by the CloudFormation mapping
code. Every other event (``http``, ``httpApi``, ``sns``, ``s3``, ``schedule``,
``eventBridge``, ``alb``...) pushes: it invokes the function from outside, which is all
the rules need to know of it.
"""

from __future__ import annotations

from typing import Any

from lambda_lint.loaders.builder import source_kind
from lambda_lint.loaders.cloudformation.resources import StackBuilder, mapping_settings
from lambda_lint.loaders.serverless.template import TOOL, copy_entry, is_set, mapping, put, sequence
from lambda_lint.loaders.serverless.variables import Given, plain
from lambda_lint.model import MISSING, BucketTrigger, EventSource, Field, Origin, Unresolved
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span

# Event keys the framework polls for, and the kind of source each is.
_POLLED = {
    "sqs": "SQS",
    "stream": "",  # Kinesis or DynamoDB: from the ARN or ``type``
    "msk": "MSK",
    "kafka": "SelfManagedKafka",
    "activemq": "MQ",
    "rabbitmq": "MQ",
}
_STREAM_TYPES = {"kinesis": "Kinesis", "dynamodb": "DynamoDB"}
# How the model names push sources (SAM's event type names where SAM has the same event).
_PUSH_KINDS = {
    "http": "Api",
    "httpApi": "HttpApi",
    "websocket": "WebSocket",
    "sns": "SNS",
    "s3": "S3",
    "schedule": "Schedule",
    "eventBridge": "EventBridgeRule",
    "cloudwatchEvent": "CloudWatchEvent",
    "cloudwatchLog": "CloudWatchLogs",
    "alb": "ALB",
    "iot": "IoTRule",
    "cognitoUserPool": "Cognito",
    "alexaSkill": "AlexaSkill",
    "alexaSmartHome": "AlexaSmartHome",
    "cloudFront": "CloudFront",
}
# The events an ``s3`` event subscribes to when it names none.
_CREATED = "s3:ObjectCreated:*"
# Event settings -> mapping properties, as the framework copies them.
_SETTINGS = {
    "batchSize": "BatchSize",
    "maximumBatchingWindow": "MaximumBatchingWindowInSeconds",  # sqs
    "batchWindow": "MaximumBatchingWindowInSeconds",  # stream
    "maximumRetryAttempts": "MaximumRetryAttempts",
    "maximumRecordAgeInSeconds": "MaximumRecordAgeInSeconds",
    "startingPosition": "StartingPosition",
}
# The framework writes ``BatchSize: 10`` for these when the event sets none.
_DEFAULT_BATCH = {"sqs": 10, "stream": 10}
# The address of what is polled, by event key.
_ARN_KEYS = {"kafka": "bootstrapServers", "activemq": "arn", "rabbitmq": "arn"}


def load_events(b: StackBuilder, name: str, body: MDict) -> None:
    """Add the event sources of function ``name`` to the stack."""
    events = body.get("events")
    if not isinstance(events, MList):
        return
    for index, event in enumerate(events):
        if not isinstance(event, MDict) or len(event) != 1:
            continue
        key = next(iter(event))
        span = event.key_span(key)
        source_id = f"{name}Event{index + 1}"
        if key in _POLLED:
            b.event_sources.append(_polled(b, source_id, name, key, event, span))
        else:
            kind = _PUSH_KINDS.get(key, key)
            b.event_sources.append(
                EventSource(source_id, span, kind, False, name, Field(MISSING, span))
            )
            b.invoked_by_other.add(name)
            if key == "s3":
                b.bucket_triggers.append(_s3_trigger(b, name, event, span))


def _s3_trigger(b: StackBuilder, function: str, event: MDict, span: Span) -> BucketTrigger:
    """An ``s3`` event: a bucket name, or ``{bucket, event, rules, existing}``; the
    framework subscribes to ``s3:ObjectCreated:*`` when no ``event`` is given (the
    bucket is created, or with ``existing: true`` configured, under the same name)."""
    r = b.resolver
    value = event["s3"]
    at = event.value_span("s3")
    detailed = isinstance(value, MDict) and not _is_intrinsic(value)
    settings = value if detailed else MDict(at)
    bucket = r.get(settings, "bucket", span) if detailed else r.value(value, at)
    if "event" in settings:
        events = r.get(settings, "event", span)
    else:
        events = Field(_CREATED, span, Origin.TOOL_DEFAULT, TOOL)
    prefix, suffix = Field(MISSING, span), Field(MISSING, span)
    rules = settings.get("rules")
    if not isinstance(rules, MList):
        if "rules" in settings:
            prefix = suffix = Field(Unresolved("rules"), settings.value_span("rules"))
        rules = MList(at)
    for index, rule in enumerate(rules):
        if isinstance(rule, MDict) and "prefix" in rule:
            prefix = r.get(rule, "prefix", rules.item_span(index))
        elif isinstance(rule, MDict) and "suffix" in rule:
            suffix = r.get(rule, "suffix", rules.item_span(index))
        else:
            prefix = suffix = Field(Unresolved("rule"), rules.item_span(index))
            break
    return BucketTrigger(function, span, bucket, Field((events,), events.span), prefix, suffix)


def _polled(
    b: StackBuilder, source_id: str, function: str, key: str, event: MDict, span: Span
) -> EventSource:
    r = b.resolver
    value = event[key]
    props = MDict(event.value_span(key))
    detailed = isinstance(value, MDict) and not _is_intrinsic(value)  # not just the ARN
    settings = value if detailed else MDict(span)
    arn_key = _ARN_KEYS.get(key, "arn")
    if not detailed:
        copy_entry(props, "EventSourceArn", event, key)
    elif arn_key in settings:
        copy_entry(props, "EventSourceArn", settings, arn_key)
    for written, spelled in _SETTINGS.items():
        if written in settings:
            copy_entry(props, spelled, settings, written)
    if key in _DEFAULT_BATCH and not is_set(props.get("BatchSize")):
        # ``event.batchSize || 10``: a batch size of 0 is the default too.
        default = Given(_DEFAULT_BATCH[key], Origin.TOOL_DEFAULT, TOOL)
        put(props, "BatchSize", default, span, span)
    if "functionResponseType" in settings:
        at = settings.value_span("functionResponseType")
        types = sequence(at, settings["functionResponseType"])
        put(props, "FunctionResponseTypes", types, settings.key_span("functionResponseType"), at)
    failure = _on_failure(settings)
    if failure is not None:
        put(props, "DestinationConfig", failure, span, span)
    source = r.get(props, "EventSourceArn", span)
    kind = _POLLED[key] or _stream_kind(source, settings)
    return EventSource(
        source_id, span, kind, True, function, source, **mapping_settings(r, props, span, kind)
    )


def _stream_kind(source: Field, settings: MDict) -> str:
    written = plain(settings.get("type"))
    if isinstance(written, str) and written in _STREAM_TYPES:
        return _STREAM_TYPES[written]
    return source_kind(source)


def _on_failure(settings: MDict) -> MDict | None:
    """``destinations.onFailure`` (an ARN, or ``{arn, type}``) as ``DestinationConfig``."""
    destinations = settings.get("destinations")
    if not isinstance(destinations, MDict) or "onFailure" not in destinations:
        return None
    failure = destinations["onFailure"]
    at = destinations.value_span("onFailure")
    on_failure = MDict(at)
    if isinstance(failure, MDict) and not _is_intrinsic(failure):
        if "arn" not in failure:
            return None
        copy_entry(on_failure, "Destination", failure, "arn")
    else:
        copy_entry(on_failure, "Destination", destinations, "onFailure")
    return mapping(at, OnFailure=on_failure)


def _is_intrinsic(value: Any) -> bool:
    from lambda_lint.loaders.cloudformation.values import is_intrinsic

    return is_intrinsic(value)
