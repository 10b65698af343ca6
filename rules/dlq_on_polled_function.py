"""LL401: a function dead-letter queue on a function only invoked by polled sources."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import KAFKA_KINDS, STREAM_KINDS, Stack
from lambda_lint.rule import Rule, Severity, Violation


class DlqOnPolledFunction(Rule):
    """A function DLQ is set on a function that only SQS (or other polled sources) invoke.

    ## What it does
    Reports `DeadLetterConfig` (SAM `DeadLetterQueue`, Terraform
    `dead_letter_config`) on functions whose only invokers in the template are
    event source mappings (SQS, Kinesis, DynamoDB Streams, MSK, MQ...). A
    function that something able to invoke it refers to (a permission, an SNS
    subscription, an EventBridge rule or schedule, an S3 notification, an API
    Gateway, load balancer or function URL integration, a state machine, a
    Cognito, IoT or Config trigger, a custom resource's `ServiceToken`, an IAM
    policy, another function's environment) is left alone; a dashboard, an
    alarm's dimensions, a log group, a parameter, an output or a tag naming it
    is no invoker. Invokers and sources under a resource condition that excludes
    the function's do not count.

    ## Why is this bad?
    A function's DLQ only receives failed *asynchronous* invocations. Lambda
    polls SQS and streams synchronously, so the DLQ never receives anything:
    failed SQS messages return to the queue, and failed stream records block
    their shard. The team believes failures are captured when they are not.

    ## Example
    ```yaml
    Worker:
      Type: AWS::Serverless::Function
      Properties:
        DeadLetterQueue: {Type: SQS, TargetArn: !GetAtt WorkerDlq.Arn}
        Events:
          Jobs: {Type: SQS, Properties: {Queue: !GetAtt Jobs.Arn}}
    ```

    ## Use instead
    Put a `RedrivePolicy` with a dead-letter queue on the source queue; for
    Kinesis, DynamoDB Streams and Kafka, which have no redrive policy, an
    on-failure destination on the event source mapping.

    ## References
    - docs/aws-facts.md#function-dlq-scope
    - https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
    """

    code = "LL401"
    name = "dlq-on-polled-function"
    messages: ClassVar[Mapping[str, str]] = {
        "queue": (
            "this dead-letter queue never receives failures: the function is invoked only by "
            "polled {kinds} event sources, and a function DLQ applies to asynchronous "
            "invocations only; configure a redrive policy on the source queue or an on-failure "
            "destination instead"
        ),
        "stream": (
            "this dead-letter queue never receives failures: the function is invoked only by "
            "polled {kinds} event sources, and a function DLQ applies to asynchronous "
            "invocations only; configure an on-failure destination on the event source "
            "mapping instead"
        ),
    }
    severity = Severity.WARNING
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            if fn.invoked_by_other or all(c.is_missing for c in fn.dead_letter.candidates()):
                continue
            sources = [s for s in stack.sources_of(fn.id) if stack.coexist(fn.id, s.id)]
            if not sources or not all(s.polled for s in sources):
                continue
            kinds = "/".join(dict.fromkeys(s.kind for s in sources))
            streams = all(s.kind in STREAM_KINDS or s.kind in KAFKA_KINDS for s in sources)
            yield self.violation(
                fn.id,
                fn.dead_letter,
                "dead_letter",
                template="stream" if streams else "queue",
                kinds=kinds,
            )
