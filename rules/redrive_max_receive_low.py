"""LL408: an SQS source queue that dead-letters messages after fewer than 5 receives."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import EntityRef, Stack, as_int
from lambda_lint.rule import Rule, Severity, Violation

MINIMUM = 5  # docs/aws-facts.md#redrive-maxreceivecount


class RedriveMaxReceiveLow(Rule):
    """An SQS source queue moves messages to its dead-letter queue after fewer than 5 receives.

    ## What it does
    For every SQS queue that is an event source of a function, reports the
    `maxReceiveCount` of its redrive policy (`RedrivePolicy`, Terraform
    `redrive_policy` or `aws_sqs_queue_redrive_policy`, as a map, JSON text or
    `jsonencode`) when it is below 5. Every `Fn::If` branch and parameter or variable
    default is judged; unresolved values are not.

    ## Why is this bad?
    Every delivery of a message counts as a receive, including the ones Lambda
    makes when it is throttled or when another message of the same batch fails. With
    a low count, messages that never failed themselves move to the dead-letter
    queue; AWS recommends at least 5 for queues Lambda polls.

    ## Example
    ```yaml
    Jobs:
      Type: AWS::SQS::Queue
      Properties:
        RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 1}
    ```

    ## Use instead
    ```yaml
    Jobs:
      Type: AWS::SQS::Queue
      Properties:
        RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 5}
    ```

    ## References
    - docs/aws-facts.md#redrive-maxreceivecount
    - https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
    """

    code = "LL408"
    name = "redrive-max-receive-low"
    message = (
        "redrive policy moves a message to the dead-letter queue after {count} receive(s)"
        "{note}, below the 5 AWS recommends for a queue Lambda polls{consumer}: throttled "
        "deliveries count too, so messages that never failed can be dead-lettered"
    )
    severity = Severity.INFO
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        reported: set[str] = set()
        for _, queue, fn in stack.sqs_consumers():
            if queue.id in reported or queue.max_receive_count is None:
                continue
            for receives in queue.max_receive_count.candidates():
                if not receives.is_known or isinstance(receives.value, EntityRef):
                    continue
                count = as_int(receives.value)
                if count is None or count >= MINIMUM:
                    continue
                reported.add(queue.id)
                yield self.violation(
                    queue.id,
                    receives,
                    "max_receive_count",
                    count=count,
                    note=receives.assumed_note,
                    consumer=f" (function {fn.id})" if fn is not None else "",
                )
                break
