"""LL409: a batched SQS or stream mapping whose function cannot report which records failed."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import (
    REPORT_BATCH_ITEM_FAILURES,
    SQS_KIND,
    STREAM_KINDS,
    Field,
    Stack,
    as_int,
)
from lambda_lint.rule import Rule, Severity, Violation


class BatchFailuresNotReported(Rule):
    """A batched SQS, Kinesis or DynamoDB mapping does not let its function report failed records.

    ## What it does
    Reports an SQS, Kinesis or DynamoDB event source mapping whose batch size is
    more than 1 (`BatchSize`, SAM event `BatchSize`, Terraform `batch_size`; when
    unset, AWS's default of 10 for SQS and 100 for streams) and whose function
    response types (`FunctionResponseTypes`, `function_response_types`) do not
    include `ReportBatchItemFailures`. Every `Fn::If` branch is judged; unresolved
    values are not.

    ## Why is this bad?
    Without partial batch responses, one record that fails makes the whole batch
    fail: SQS makes every message of the batch visible again and a stream retries
    the whole batch, so the records that succeeded are processed again, and a
    poison record holds up the rest of its batch each time.

    ## Example
    ```yaml
    Events:
      Jobs:
        Type: SQS
        Properties:
          Queue: !GetAtt Jobs.Arn
          BatchSize: 10
    ```

    ## Use instead
    ```yaml
    Events:
      Jobs:
        Type: SQS
        Properties:
          Queue: !GetAtt Jobs.Arn
          BatchSize: 10
          FunctionResponseTypes: [ReportBatchItemFailures]
    ```
    and return the failed records' ids as `batchItemFailures`.

    ## References
    - docs/aws-facts.md#partial-batch-responses
    - https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
    """

    code = "LL409"
    name = "batch-failures-not-reported"
    message = (
        "{kind} mapping takes batches of up to {size}{note} but its function cannot report "
        "which records failed: one failing record makes the whole batch retry, records that "
        "succeeded included (add ReportBatchItemFailures to its function response types)"
    )
    severity = Severity.INFO
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for source in stack.event_sources:
            if source.kind != SQS_KIND and source.kind not in STREAM_KINDS:
                continue
            if source.batch_size is None or source.response_types is None:
                continue
            if not _may_lack_reporting(source.response_types):
                continue
            for batch in source.batch_size.candidates():
                size = as_int(batch.value) if batch.is_known else None
                if size is None or size <= 1:
                    continue
                yield self.violation(
                    source.reported_on(stack),
                    batch,
                    f"response_types:{source.id}",
                    kind=source.kind,
                    size=f"{size:,}",
                    note=batch.assumed_note,
                )
                break


def _may_lack_reporting(types: Field) -> bool:
    """True when some branch of the response types certainly lacks ReportBatchItemFailures."""
    for candidate in types.candidates():
        if candidate.is_missing:
            return True
        if not isinstance(candidate.value, tuple):
            continue  # unresolved: it may hold the value
        items = [c for item in candidate.value for c in item.candidates()]
        if all(item.is_known for item in items) and not any(
            item.value == REPORT_BATCH_ITEM_FAILURES for item in items
        ):
            return True
    return False
