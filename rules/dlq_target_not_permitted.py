"""LL503: the execution role may not send to the function's DLQ or a mapping's destination."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lambda_lint.model import EntityKind, EntityRef, Field, Stack, may, role_permissions
from lambda_lint.rule import Rule, Severity, Violation

# The action that delivers to each kind of target
# (docs/aws-facts.md#dead-letter-and-destination-permissions).
_ACTIONS = {EntityKind.QUEUE: "sqs:SendMessage", EntityKind.SNS: "sns:Publish"}
_ARN_ACTIONS = {"sqs": "sqs:SendMessage", "sns": "sns:Publish"}


def _action(target: Any) -> str | None:
    """What Lambda calls to deliver to ``target`` (a queue or topic), None for anything else."""
    if isinstance(target, EntityRef):
        return _ACTIONS.get(target.kind)
    if isinstance(target, str) and target.startswith("arn:") and target.count(":") >= 5:
        return _ARN_ACTIONS.get(target.split(":")[2])
    return None


def _label(target: Any) -> str:
    return target.id if isinstance(target, EntityRef) else str(target)


class DlqTargetNotPermitted(Rule):
    """The execution role is not allowed to deliver to the DLQ or on-failure destination.

    ## What it does
    For a function's dead-letter queue (`DeadLetterConfig.TargetArn`, SAM
    `DeadLetterQueue`, Terraform `dead_letter_config`) and the on-failure destination of
    each event source mapping of the function, evaluates the function's execution role:
    `sqs:SendMessage` for an SQS queue, `sns:Publish` for an SNS topic, on that target.
    Reports, at the target, when the role is certainly not allowed. Only roles defined in
    the template with every grant visible are judged; a `Condition`, a policy from
    outside the template or a target that does not resolve make the answer unknown.
    SAM's generated role gets the statement for its `DeadLetterQueue` and passes.
    Async `EventInvokeConfig` destinations are not checked yet.

    ## Why is this bad?
    Lambda delivers failed events and records with the function's execution role. Without
    the permission the delivery fails and the events are lost, silently.

    ## Example
    ```yaml
    Worker:
      Type: AWS::Lambda::Function
      Properties:
        Role: !GetAtt BasicRole.Arn   # AWSLambdaBasicExecutionRole only
        DeadLetterConfig: {TargetArn: !GetAtt WorkerDlq.Arn}
    ```

    ## Use instead
    ```yaml
    Policies:
      - PolicyName: dlq
        PolicyDocument:
          Statement:
            - {Effect: Allow, Action: sqs:SendMessage, Resource: !GetAtt WorkerDlq.Arn}
    ```

    ## References
    - docs/aws-facts.md#dead-letter-and-destination-permissions
    - docs/aws-facts.md#execution-role-policies
    - https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
    """

    code = "LL503"
    name = "dlq-target-not-permitted"
    message = (
        "execution role {role} does not allow {action} on {target}, the function's {what}: "
        "failed events sent there are lost; allow {action} on it"
    )
    severity = Severity.WARNING
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            permissions = role_permissions(stack.permissions, fn.role)
            if permissions is None:
                continue
            targets: list[tuple[Field, str]] = [
                (c, "dead-letter queue") for c in fn.dead_letter.candidates()
            ]
            for source in stack.sources_of(fn.id):
                if source.on_failure is not None:
                    targets.extend(
                        (c, "on-failure destination") for c in source.on_failure.candidates()
                    )
            for target, what in targets:
                action = _action(target.value)
                if action is None:
                    continue
                if may(permissions, action, target.value) is False:
                    yield self.violation(
                        fn.id,
                        target,
                        f"{what}:{action}",
                        role=permissions.role,
                        action=action,
                        target=_label(target.value),
                        what=what,
                    )
