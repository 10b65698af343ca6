"""What CloudFormation and SAM grant each role: the loader half of ``model/iam.py``.

CloudFormation writes grants in three places: a role's own ``Policies`` and
``ManagedPolicyArns``, and ``AWS::IAM::Policy`` / ``AWS::IAM::ManagedPolicy`` resources
that name the role in ``Roles``. SAM's generated role gets ``AWSLambdaBasicExecutionRole``,
``AWSLambdaVPCAccessExecutionRole`` with a ``VpcConfig``, a statement for its
``DeadLetterQueue``, the managed policy of each polled event and the function's
``Policies`` (managed policy names or ARNs, documents, policy templates), as
``samtranslator`` builds it (``SamFunction._construct_role``, ``eventsources/pull.py``).
Anything else SAM may add (tracing, destinations, other event kinds) is an unknown policy.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from lambda_lint.loaders.cloudformation.values import Resolver, is_intrinsic
from lambda_lint.loaders.iam_documents import iam_json_document
from lambda_lint.model import (
    Choice,
    EntityRef,
    Field,
    Policy,
    Statement,
    Unresolved,
    aws_managed_name,
    managed_policy,
    object_path,
)
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span

_MANAGED_POLICY = "AWS::IAM::ManagedPolicy"
# The managed policy SAM attaches for each polled event type (``eventsources/pull.py``).
_EVENT_POLICIES = {
    "SQS": "AWSLambdaSQSQueueExecutionRole",
    "Kinesis": "AWSLambdaKinesisExecutionRole",
    "DynamoDB": "AWSLambdaDynamoDBExecutionRole",
}
_DLQ_ACTIONS = {"SQS": "sqs:SendMessage", "SNS": "sns:Publish"}
_PARAMETER = re.compile(r"\$\{(\w+)\}")


def role_policies(
    r: Resolver, props: MDict, span: Span, resources: MDict
) -> tuple[list[Policy], bool]:
    """An ``AWS::IAM::Role``'s own grants, and whether they are all visible as a list."""
    policies: list[Policy] = []
    complete = True
    inline = props.get("Policies")
    if isinstance(inline, MList):
        for index, item in enumerate(inline):
            at = inline.item_span(index)
            if isinstance(item, MDict) and not is_intrinsic(item) and "PolicyDocument" in item:
                document = item["PolicyDocument"]
                policies.append(
                    Policy(at, iam_json_document(document, item.value_span("PolicyDocument"), r))
                )
            else:
                policies.append(Policy(at, None))
    elif inline is not None:
        complete = False
    raw_arns = props.get("ManagedPolicyArns")
    if isinstance(raw_arns, MList):
        for index, raw in enumerate(raw_arns):
            policies.append(_managed(r, raw, raw_arns.item_span(index), resources))
    elif raw_arns is not None:
        complete = False
    return policies, complete


def _managed(r: Resolver, raw: Any, span: Span, resources: MDict) -> Policy:
    """One entry of ``ManagedPolicyArns``: an AWS managed policy, a managed policy of the
    template (``!Ref``), or an unknown one. The usual spellings (a literal ARN, ``!Sub``
    with the partition) are read without resolving the value."""
    name = _partition_arn(raw) or aws_managed_name(raw)
    if not name and isinstance(raw, MDict) and "Fn::Sub" not in raw:
        item = r.value(raw, span)
        name = aws_managed_name(item.value)
        if isinstance(item.value, Choice):
            return Policy(span, None)
    if name:
        return managed_policy(name, span)
    if isinstance(raw, MDict) and is_intrinsic(raw) and isinstance(raw.get("Ref"), str):
        target = raw["Ref"]
        if r.resource_types.get(target) == _MANAGED_POLICY:
            return Policy(span, managed_document(r, resources, target))
    return Policy(span, None)


def _partition_arn(raw: Any) -> str:
    """The AWS managed policy of ``!Sub arn:${AWS::Partition}:iam::aws:policy/...`` (or CDK's
    ``Fn::Join`` of the same): the partition is the only unknown, and an AWS managed
    policy has one name in every partition."""
    if not (isinstance(raw, MDict) and is_intrinsic(raw)):
        return ""
    text: Any = None
    if isinstance(raw.get("Fn::Sub"), str):
        text = raw["Fn::Sub"].replace("${AWS::Partition}", "aws")
    joined = raw.get("Fn::Join")
    if isinstance(joined, list) and len(joined) == 2 and isinstance(joined[1], list):
        parts = ["aws" if part == {"Ref": "AWS::Partition"} else part for part in joined[1]]
        if isinstance(joined[0], str) and all(isinstance(part, str) for part in parts):
            text = joined[0].join(parts)  # CDK's spelling
    if isinstance(text, str) and "${" not in text:
        return aws_managed_name(text)
    return ""


def managed_document(r: Resolver, resources: MDict, name: str) -> tuple[Statement, ...] | None:
    """The statements of an ``AWS::IAM::ManagedPolicy`` of the template."""
    body = resources.get(name)
    props = body.get("Properties") if isinstance(body, MDict) else None
    if not isinstance(props, MDict) or "PolicyDocument" not in props:
        return None
    return iam_json_document(props["PolicyDocument"], props.value_span("PolicyDocument"), r)


def policy_resource(r: Resolver, props: MDict, span: Span) -> tuple[Field, Policy]:
    """An ``AWS::IAM::Policy`` or ``ManagedPolicy``: its ``Roles`` and its grant."""
    if "PolicyDocument" in props:
        at = props.value_span("PolicyDocument")
        policy = Policy(at, iam_json_document(props["PolicyDocument"], at, r))
    else:
        policy = Policy(span, None)
    return r.get_items(props, "Roles", span), policy


# -- SAM --------------------------------------------------------------------------------


@functools.cache
def _templates() -> dict[str, Any]:
    path = Path(__file__).resolve().parents[2] / "data" / "sam_policy_templates.json"
    table: dict[str, Any] = json.loads(path.read_text("utf-8"))["templates"]
    return table


def sam_generated_policies(r: Resolver, props: MDict, span: Span) -> list[Policy]:
    """What SAM grants the role it generates for a function with ``props``."""
    policies = [managed_policy("AWSLambdaBasicExecutionRole", span)]
    if "VpcConfig" in props:
        policies.append(
            managed_policy("AWSLambdaVPCAccessExecutionRole", props.key_span("VpcConfig"))
        )
    if "Tracing" in props:
        policies.append(Policy(props.key_span("Tracing"), None))
    dlq = props.get("DeadLetterQueue")
    if isinstance(dlq, MDict) and not is_intrinsic(dlq):
        policies.append(_dlq_policy(r, dlq, props.key_span("DeadLetterQueue")))
    elif dlq is not None:
        policies.append(Policy(props.key_span("DeadLetterQueue"), None))
    invoke = props.get("EventInvokeConfig")
    if isinstance(invoke, MDict) and "DestinationConfig" in invoke:
        policies.append(Policy(props.key_span("EventInvokeConfig"), None))
    events = props.get("Events")
    if isinstance(events, MDict):
        for name, event in events.items():
            kind = event.get("Type") if isinstance(event, MDict) else None
            if not isinstance(kind, str):
                continue  # not an event SAM accepts (LL006 elsewhere)
            if kind in _EVENT_POLICIES:
                policies.append(managed_policy(_EVENT_POLICIES[kind], events.key_span(name)))
                properties = event.get("Properties") if isinstance(event, MDict) else None
                if isinstance(properties, MDict) and "DestinationConfig" in properties:
                    # SAM adds a statement for the on-failure destination (pull.py).
                    policies.append(Policy(events.key_span(name), None))
            elif kind in ("MSK", "MQ", "SelfManagedKafka", "DocumentDB"):
                policies.append(Policy(events.key_span(name), None))
    if "Policies" in props:
        policies.extend(_sam_policies(r, props["Policies"], props.value_span("Policies")))
    return policies


def _dlq_policy(r: Resolver, dlq: MDict, span: Span) -> Policy:
    kind = r.get(dlq, "Type", span)
    action = _DLQ_ACTIONS.get(kind.value) if isinstance(kind.value, str) else None
    if action is None:
        return Policy(span, None)
    target = r.get(dlq, "TargetArn", span)
    statement = Statement(
        span, Field("Allow", span), Field((Field(action, span),), span), Field((target,), span)
    )
    return Policy(span, (statement,))


def _sam_policies(r: Resolver, raw: Any, span: Span) -> list[Policy]:
    """SAM ``Policies``: a name or ARN, a document, a template, or a list of them."""
    if isinstance(raw, str) or (isinstance(raw, MDict) and not is_intrinsic(raw)):
        return [_sam_policy(r, raw, span)]
    if not isinstance(raw, MList):
        return [Policy(span, None)]
    return [_sam_policy(r, item, raw.item_span(index)) for index, item in enumerate(raw)]


def _sam_policy(r: Resolver, raw: Any, span: Span) -> Policy:
    if isinstance(raw, str):
        name = aws_managed_name(raw) or (raw if ":" not in raw else "")
        return managed_policy(name, span) if name else Policy(span, None)
    if not isinstance(raw, MDict) or is_intrinsic(raw):
        return Policy(span, None)
    if "Statement" in raw:
        return Policy(span, iam_json_document(raw, span, r))
    if len(raw) == 1:
        name = next(iter(raw))
        template = _templates().get(name)
        if template is not None:
            return Policy(span, _template(r, template, raw[name], raw.key_span(name)))
    return Policy(span, None)


def _template(r: Resolver, template: list[Any], args: Any, span: Span) -> tuple[Statement, ...]:
    """A policy template's statements with its parameters put in (unknown where they do not
    resolve to a name; the entity itself where the template names it by that parameter)."""
    statements = []
    for raw in template:
        resources = raw["Resource"] if isinstance(raw["Resource"], list) else [raw["Resource"]]
        items = tuple(_template_resource(r, text, args, span) for text in resources)
        actions = tuple(Field(action, span) for action in raw["Action"])
        statements.append(
            Statement(span, Field(raw["Effect"], span), Field(actions, span), Field(items, span))
        )
    return tuple(statements)


def _template_resource(r: Resolver, text: str, args: Any, span: Span) -> Field:
    match = _PARAMETER.search(text)
    if match is None:
        return Field(text, span)
    value = r.get(args, match.group(1), span)
    if isinstance(value.value, EntityRef) and match.end() == len(text):
        return Field(value.value, value.span)
    if isinstance(value.value, EntityRef):  # a bucket's objects (``${BucketName}/*``)
        objects = object_path(text[: match.start()], value.value, False, text[match.end() :])
        if objects is not None:
            return Field(objects, value.span)
    if isinstance(value.value, str):
        return Field(text.replace(match.group(0), value.value), value.span)
    return Field(Unresolved(text), value.span)
