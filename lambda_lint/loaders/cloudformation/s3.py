"""``AWS::S3::Bucket`` and SAM ``S3`` events: buckets and the notifications that invoke
functions (``model/s3.py``).

CloudFormation writes them in the bucket (``NotificationConfiguration.
LambdaConfigurations``: ``Event``, ``Function``, ``Filter.S3Key.Rules``); SAM in the
function (an event of ``Type: S3`` with ``Bucket``, ``Events`` and the same ``Filter``),
which it translates into the former on the bucket.
"""

from __future__ import annotations

from lambda_lint.loaders.cloudformation.resources import StackBuilder, child, function_id
from lambda_lint.loaders.cloudformation.values import Resolver, is_intrinsic
from lambda_lint.model import (
    MISSING,
    Bucket,
    BucketTrigger,
    EntityKind,
    EntityRef,
    Field,
    Unresolved,
)
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span


def load_bucket(b: StackBuilder, name: str, props: MDict, span: Span, resources: MDict) -> None:
    """A bucket and each of its ``LambdaConfigurations`` that names a function of the stack."""
    r = b.resolver
    b.buckets[name] = Bucket(name, span, r.get(props, "BucketName", span))
    config = child(props, "NotificationConfiguration")
    entries = config.get("LambdaConfigurations") if config is not None else None
    if not isinstance(entries, MList):
        return
    bucket = Field(EntityRef(EntityKind.BUCKET, name), span)
    for index, entry in enumerate(entries):
        if not isinstance(entry, MDict) or is_intrinsic(entry):
            continue
        at = entries.item_span(index)
        function = function_id(r, r.get(entry, "Function", at), resources)
        if function is None:
            continue
        events = r.get(entry, "Event", at)
        events = Field((events,), events.span) if not events.is_missing else events
        prefix, suffix = key_filter(r, entry, at)
        b.bucket_triggers.append(BucketTrigger(function, at, bucket, events, prefix, suffix))


def sam_trigger(r: Resolver, function: str, props: MDict, span: Span) -> BucketTrigger:
    """The notification a SAM ``S3`` event adds to its bucket."""
    events = r.get(props, "Events", span)
    if isinstance(events.value, str):
        events = Field((events,), events.span, events.origin, events.source)
    elif "Events" in props and not is_intrinsic(props["Events"]):
        events = r.items(props["Events"], props.value_span("Events"))
    prefix, suffix = key_filter(r, props, span)
    return BucketTrigger(function, span, r.get(props, "Bucket", span), events, prefix, suffix)


def key_filter(r: Resolver, container: MDict, at: Span) -> tuple[Field, Field]:
    """The ``Filter.S3Key.Rules`` prefix and suffix (MISSING when not set; unknown when
    the rules are not written out)."""
    found = {"prefix": Field(MISSING, at), "suffix": Field(MISSING, at)}
    if "Filter" not in container:
        return found["prefix"], found["suffix"]
    key = child(child(container, "Filter"), "S3Key")
    rules = key.get("Rules") if key is not None else None
    if not isinstance(rules, MList):
        unknown = Field(Unresolved("Filter"), container.value_span("Filter"))
        return unknown, unknown
    for index, rule in enumerate(rules):
        at_rule = rules.item_span(index)
        if not isinstance(rule, MDict) or is_intrinsic(rule):
            unknown = Field(Unresolved("Filter rule"), at_rule)
            return unknown, unknown
        name = r.get(rule, "Name", at_rule)
        kind = name.value.lower() if isinstance(name.value, str) else None
        if kind not in found:
            unknown = Field(Unresolved("Filter rule"), at_rule)
            return unknown, unknown
        found[kind] = r.get(rule, "Value", at_rule)
    return found["prefix"], found["suffix"]
