"""LL112: an SQS source queue whose visibility timeout is below the function timeout."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import Stack, as_int
from lambda_lint.rule import Rule, Severity, Violation


class SqsVisibilityBelowTimeout(Rule):
    """An SQS queue's visibility timeout is shorter than its consumer's timeout.

    ## What it does
    For every SQS queue that is an event source of a function (an
    `EventSourceMapping`, a SAM `SQS` event, an `aws_lambda_event_source_mapping`),
    compares the queue's `VisibilityTimeout` (AWS default 30 s) with the
    function's `Timeout` (AWS default 3 s) and reports the queue when it is lower.
    Every `Fn::If` branch and parameter default is compared.

    ## Why is this bad?
    Lambda refuses to create the mapping ("Queue visibility timeout: 30 seconds
    is less than Function timeout: 60 seconds"). Even where it exists, messages
    would become visible again while still being processed and run twice.

    ## Example
    ```yaml
    Queue:
      Type: AWS::SQS::Queue          # VisibilityTimeout defaults to 30
    Worker:
      Type: AWS::Serverless::Function
      Properties:
        Timeout: 60
        Events:
          Jobs: {Type: SQS, Properties: {Queue: !GetAtt Queue.Arn}}
    ```

    ## Use instead
    Set the queue's visibility timeout to at least 6 times the function timeout
    (plus the batching window), as AWS recommends.

    ## References
    - docs/aws-facts.md#sqs-visibility-timeout
    - https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
    """

    code = "LL112"
    name = "sqs-visibility-below-timeout"
    message = (
        "visibility timeout {visibility} s{visibility_note} is below the {timeout} s timeout"
        "{timeout_note} of function {function}, which consumes this queue; Lambda rejects the "
        "event source mapping (visibility must be at least the function timeout)"
    )
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        reported = set()
        for _, queue, fn in stack.sqs_consumers():
            if fn is None or (queue.id, fn.id) in reported:
                continue
            worst = None
            for visibility in queue.visibility_timeout.candidates():
                for timeout in fn.timeout.candidates():
                    vis, limit = as_int(visibility.value), as_int(timeout.value)
                    if vis is None or limit is None or vis >= limit:
                        continue
                    if worst is None or limit - vis > worst[0]:
                        worst = (limit - vis, visibility, timeout, vis, limit)
            if worst is None:
                continue
            _, visibility, timeout, vis, limit = worst
            reported.add((queue.id, fn.id))
            yield self.violation(
                queue.id,
                visibility,
                f"visibility_timeout:{fn.id}",
                visibility=vis,
                visibility_note=visibility.assumed_note,
                timeout=limit,
                timeout_note=timeout.assumed_note,
                function=fn.id,
            )
