"""``AWS::CloudFront::Distribution``: its Lambda@Edge associations (``model/cloudfront.py``)."""

from __future__ import annotations

from typing import Any

from lambda_lint.loaders.cloudformation.values import Resolver, is_intrinsic
from lambda_lint.model import EdgeAssociation, Qualifier
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span


def edge_associations(r: Resolver, name: str, props: MDict) -> list[EdgeAssociation]:
    """Every ``LambdaFunctionAssociations`` entry of the default and ordered behaviours."""
    config = props.get("DistributionConfig")
    if not isinstance(config, MDict) or is_intrinsic(config):
        return []
    behaviours: list[Any] = [config.get("DefaultCacheBehavior")]
    ordered = config.get("OrderedCacheBehaviors")
    if isinstance(ordered, MList):
        behaviours.extend(ordered)
    found: list[EdgeAssociation] = []
    for behaviour in behaviours:
        if not isinstance(behaviour, MDict) or is_intrinsic(behaviour):
            continue
        entries = behaviour.get("LambdaFunctionAssociations")
        if not isinstance(entries, MList):
            continue
        for index, entry in enumerate(entries):
            if isinstance(entry, MDict) and not is_intrinsic(entry):
                found.append(_association(r, name, entry, entries.item_span(index)))
    return found


def _association(r: Resolver, name: str, entry: MDict, span: Span) -> EdgeAssociation:
    target = r.get(entry, "LambdaFunctionARN", span)
    function = _sam_version(entry.get("LambdaFunctionARN"))
    if function:  # the version SAM publishes for AutoPublishAlias
        return EdgeAssociation(
            name, span, r.get(entry, "EventType", span), target, function, Qualifier.VERSION
        )
    return EdgeAssociation(name, span, r.get(entry, "EventType", span), target)


def _sam_version(raw: Any) -> str:
    """``!GetAtt Fn.Version.FunctionArn`` (or ``.Version``): the ARN of the version SAM
    publishes for a function with ``AutoPublishAlias``; the function's id, else ''."""
    if not (isinstance(raw, MDict) and is_intrinsic(raw)):
        return ""
    arg = raw.get("Fn::GetAtt")
    parts: list[Any] = []
    if isinstance(arg, str):
        parts = arg.split(".")
    elif isinstance(arg, list) and arg and isinstance(arg[0], str):
        parts = [arg[0]] + [p for a in arg[1:] if isinstance(a, str) for p in a.split(".")]
    if len(parts) >= 2 and parts[1] == "Version" and isinstance(parts[0], str):
        return parts[0]
    return ""
