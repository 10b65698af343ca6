"""LL402: an SQS event source queue without a redrive policy."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import Stack
from lambda_lint.rule import Rule, Severity, Violation


class SqsSourceWithoutRedrive(Rule):
    """A queue that feeds a function has no `RedrivePolicy`.

    ## What it does
    Reports SQS queues defined in the template that are an event source of a
    function and have no redrive policy (`RedrivePolicy`, Terraform
    `redrive_policy` or `aws_sqs_queue_redrive_policy`). Queues that are only
    dead-letter queues are not reported.

    ## Why is this bad?
    A message that always fails (a "poison" message) goes back to the queue
    after each visibility timeout and is retried until the retention period
    (4 days by default) ends, costing invocations and delaying other messages;
    then it is silently deleted. The function's own DLQ does not help (LL401).

    ## Example
    ```yaml
    Jobs:
      Type: AWS::SQS::Queue
    ```

    ## Use instead
    ```yaml
    Jobs:
      Type: AWS::SQS::Queue
      Properties:
        RedrivePolicy:
          deadLetterTargetArn: !GetAtt JobsDlq.Arn
          maxReceiveCount: 5
    ```

    ## References
    - docs/aws-facts.md#sqs-source-redrive
    - https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
    """

    code = "LL402"
    name = "sqs-source-without-redrive"
    message = (
        "queue feeds function {function} but has no redrive policy: a message that keeps failing "
        "is retried until its retention period ends, then lost (add a dead-letter queue)"
    )
    severity = Severity.WARNING
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        reported = set()
        for source in stack.event_sources:
            if source.kind != "SQS" or not source.polled:
                continue
            for target in source.source.candidates():
                queue = stack.queue_of(target)
                if queue is None or queue.id in reported:
                    continue
                if not stack.coexist(queue.id, source.id, *filter(None, [source.function])):
                    continue  # exclusive conditions: the queue never feeds it
                if not all(c.is_missing for c in queue.dead_letter_target.candidates()):
                    continue
                reported.add(queue.id)
                yield self.violation(
                    queue.id, queue.span, "redrive", function=source.function or "(unknown)"
                )
