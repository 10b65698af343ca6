"""LL113: an SQS source queue whose visibility timeout is below what AWS recommends."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import Field, Stack, as_int
from lambda_lint.rule import Rule, Severity, Violation

FACTOR = 6  # docs/aws-facts.md#recommended-sqs-visibility-timeout


class SqsVisibilityBelowRecommended(Rule):
    """An SQS queue's visibility timeout is below six times its consumer's timeout.

    ## What it does
    For every SQS queue that is an event source of a function (an
    `EventSourceMapping`, a SAM `SQS` event, an `aws_lambda_event_source_mapping`),
    compares the queue's `VisibilityTimeout` (AWS default 30 s) with six times the
    function's `Timeout` (AWS default 3 s) plus the mapping's
    `MaximumBatchingWindowInSeconds` (0 when unset), and reports the queue when it
    is lower but not below the function timeout itself (LL112 reports that). Every
    `Fn::If` branch, SAM `Globals` value and parameter or variable default is
    compared; unresolved values are not.

    ## Why is this bad?
    When Lambda is throttled or a batch fails, it retries; a message whose
    visibility timeout runs out while its batch is still being handled becomes
    visible again and is delivered a second time, and each delivery counts toward
    the redrive policy's `maxReceiveCount`, so messages may reach the dead-letter
    queue without having failed.

    ## Example
    ```yaml
    Jobs:
      Type: AWS::SQS::Queue
      Properties:
        VisibilityTimeout: 60
    Worker:
      Type: AWS::Serverless::Function
      Properties:
        Timeout: 30
        Events:
          Jobs: {Type: SQS, Properties: {Queue: !GetAtt Jobs.Arn}}
    ```

    ## Use instead
    ```yaml
    Jobs:
      Type: AWS::SQS::Queue
      Properties:
        VisibilityTimeout: 180   # 6 x 30 s
    ```

    ## References
    - docs/aws-facts.md#recommended-sqs-visibility-timeout
    - https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
    """

    code = "LL113"
    name = "sqs-visibility-below-recommended"
    message = (
        "visibility timeout {visibility} s{visibility_note} is below the {recommended} s AWS "
        "recommends for function {function}, which consumes this queue (6 x its {timeout} s "
        "timeout{timeout_note}{window}): a batch retried after throttling may be delivered "
        "again while it is still being processed"
    )
    severity = Severity.INFO
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        reported: set[tuple[str, str]] = set()
        for source, queue, fn in stack.sqs_consumers():
            if fn is None or (queue.id, fn.id) in reported:
                continue
            windows = source.batching_window or Field(0, source.span)
            worst = None
            for visibility in queue.visibility_timeout.candidates():
                vis = as_int(visibility.value) if visibility.is_known else None
                for timeout in fn.timeout.candidates():
                    limit = as_int(timeout.value) if timeout.is_known else None
                    for window in windows.candidates():
                        wait = 0 if window.is_missing else as_int(window.value)
                        if vis is None or limit is None or wait is None or vis < limit:
                            continue  # unknown, or below the timeout itself: LL112's
                        recommended = FACTOR * limit + wait
                        if vis < recommended and (worst is None or recommended > worst[0]):
                            worst = (recommended, visibility, timeout, vis, limit, wait)
            if worst is None:
                continue
            recommended, visibility, timeout, vis, limit, wait = worst
            reported.add((queue.id, fn.id))
            yield self.violation(
                queue.id,
                visibility,
                f"visibility_recommended:{fn.id}",
                visibility=f"{vis:,}",
                visibility_note=visibility.assumed_note,
                recommended=f"{recommended:,}",
                function=fn.id,
                timeout=f"{limit:,}",
                timeout_note=timeout.assumed_note,
                window=f" + its {wait:,} s batching window" if wait else "",
            )
