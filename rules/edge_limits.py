"""LL802: a Lambda@Edge function over the memory or timeout its trigger allows."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import Field, Stack, as_number, edge_target, viewer_event
from lambda_lint.rule import Rule, Severity, Violation

# docs/aws-facts.md#lambdaedge-limits
VIEWER_MEMORY = 128  # MB
VIEWER_TIMEOUT = 5  # seconds
ORIGIN_TIMEOUT = 30  # seconds


class EdgeLimits(Rule):
    """A Lambda@Edge function exceeds the memory or timeout of its CloudFront trigger.

    ## What it does
    For each function a CloudFront distribution associates with an event, reports its
    memory above 128 MB or its timeout above 5 s when the event is a viewer one
    (`viewer-request`, `viewer-response`), and its timeout above 30 s when it is an
    origin one, at the memory or timeout (every `Fn::If` branch; values assumed from a
    parameter default say so). Functions the association does not resolve to (an ARN,
    a parameter) and event types that do not resolve are not judged.

    ## Why is this bad?
    CloudFront rejects an association whose function exceeds the limits of its event:
    the distribution fails to deploy.

    ## Example
    ```yaml
    EdgeFunction:
      Type: AWS::Lambda::Function
      Properties:
        MemorySize: 512    # associated with viewer-request
        Timeout: 10
    ```

    ## Use instead
    ```yaml
    EdgeFunction:
      Type: AWS::Lambda::Function
      Properties:
        MemorySize: 128
        Timeout: 5
    ```

    ## References
    - docs/aws-facts.md#lambdaedge-limits
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
    """

    code = "LL802"
    name = "edge-limits"
    messages: ClassVar[Mapping[str, str]] = {
        "memory": (
            "memory {value} MB{note} is above the {limit} MB Lambda@Edge allows for {event} "
            "triggers ({distribution}): CloudFront rejects the association"
        ),
        "timeout": (
            "timeout {value} s{note} is above the {limit} s Lambda@Edge allows for {event} "
            "triggers ({distribution}): CloudFront rejects the association"
        ),
    }
    severity = Severity.ERROR
    help_url = (
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html"
    )

    def check(self, stack: Stack) -> Iterator[Violation]:
        for association in stack.edge_associations:
            for event in association.event_type.candidates():
                viewer = viewer_event(event.value)
                if viewer is None:
                    continue
                kind = "viewer" if viewer else "origin"
                for target in association.target.candidates():
                    function_id, _ = edge_target(stack, association, target)
                    fn = stack.functions.get(function_id or "")
                    if fn is None:
                        continue
                    checks = [("timeout", fn.timeout, VIEWER_TIMEOUT if viewer else ORIGIN_TIMEOUT)]
                    if viewer:
                        checks.append(("memory", fn.memory, VIEWER_MEMORY))
                    for template, field, limit in checks:
                        yield from self._over(
                            fn.id, template, field, limit, kind, association.distribution
                        )

    def _over(
        self, fn_id: str, template: str, field: Field, limit: int, event: str, distribution: str
    ) -> Iterator[Violation]:
        for value in field.candidates():
            number = as_number(value.value) if value.is_known else None
            if number is not None and number > limit:
                yield self.violation(
                    fn_id,
                    value,
                    f"{event}-{template}",
                    template=template,
                    value=value.value,
                    note=value.assumed_note,
                    limit=limit,
                    event=event,
                    distribution=distribution,
                )
