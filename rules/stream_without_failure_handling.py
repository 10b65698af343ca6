"""LL404: a stream or Kafka mapping that retries without bound and keeps no failed records."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import (
    KAFKA_KINDS,
    UNBOUNDED,
    Field,
    Stack,
    as_int,
    retries_records,
    source_kind_name,
)
from lambda_lint.rule import Rule, Severity, Violation


class StreamWithoutFailureHandling(Rule):
    """A stream or Kafka mapping has unbounded retries or record age and no on-failure destination.

    ## What it does
    Reports a Kinesis, DynamoDB streams, Amazon MSK or self-managed Kafka event
    source mapping without an on-failure destination (`DestinationConfig.OnFailure`,
    Terraform `destination_config { on_failure }`) whose maximum retry attempts
    (`MaximumRetryAttempts`, `maximum_retry_attempts`) or maximum record age
    (`MaximumRecordAgeInSeconds`, `maximum_record_age_in_seconds`) is unbounded:
    -1, which is also AWS's default for both. Every `Fn::If` branch is judged;
    unresolved values are not.

    ## Why is this bad?
    These mappings retry a failing batch in order. A record that always fails
    holds up its shard or partition until a bound stops it (with both unbounded,
    until it expires from the stream), and then it is discarded:
    without an on-failure destination nothing keeps the record or says why it failed.

    ## Example
    ```yaml
    Events:
      Orders:
        Type: Kinesis
        Properties:
          Stream: !GetAtt Orders.Arn
          StartingPosition: LATEST
    ```

    ## Use instead
    ```yaml
    Events:
      Orders:
        Type: Kinesis
        Properties:
          Stream: !GetAtt Orders.Arn
          StartingPosition: LATEST
          MaximumRetryAttempts: 3
          BisectBatchOnFunctionError: true
          DestinationConfig:
            OnFailure: {Type: SQS, Destination: !GetAtt OrdersFailures.Arn}
    ```

    ## References
    - docs/aws-facts.md#stream-retries
    - https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html
    """

    code = "LL404"
    name = "stream-without-failure-handling"
    message = (
        "{kind} mapping has no on-failure destination, maximum retry attempts {retries} and "
        "maximum record age {age}: a record that keeps failing {fate}, then is discarded with "
        "no copy kept (add an on-failure destination)"
    )
    severity = Severity.WARNING
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for source in stack.event_sources:
            if not retries_records(source.kind) or source.on_failure is None:
                continue
            if not any(c.is_missing for c in source.on_failure.candidates()):
                continue
            if source.maximum_retry_attempts is None or source.maximum_record_age is None:
                continue
            retries = _pick(source.maximum_retry_attempts)
            age = _pick(source.maximum_record_age)
            retries_unbounded, age_unbounded = _unbounded(retries), _unbounded(age)
            if not retries_unbounded and not age_unbounded:
                continue
            lane = "partition" if source.kind in KAFKA_KINDS else "shard"
            yield self.violation(
                source.reported_on(stack),
                retries if retries_unbounded else age,
                f"failure_handling:{source.id}",
                kind=source_kind_name(source.kind),
                retries=_shown(retries),
                age=_shown(age, " s"),
                fate=_fate(retries, age, lane),
            )


def _pick(setting: Field) -> Field:
    """The branch of a bound that is unbounded if there is one, else the first branch."""
    branches = list(setting.candidates())
    return next((b for b in branches if _unbounded(b)), branches[0])


def _unbounded(bound: Field) -> bool:
    return bound.is_known and as_int(bound.value) == UNBOUNDED


def _shown(bound: Field, unit: str = "") -> str:
    if not bound.is_known:
        return "unresolved"
    number = as_int(bound.value)
    if number is None or number == UNBOUNDED:
        return f"{bound.value}{bound.assumed_note}"
    return f"{number:,}{unit}{bound.assumed_note}"


def _fate(retries: Field, age: Field, lane: str) -> str:
    if _unbounded(retries) and _unbounded(age):
        return f"blocks its {lane} until it expires from the source"
    if _unbounded(retries):
        seconds = as_int(age.value) if age.is_known else None
        if seconds is None:
            return f"holds up its {lane} until it reaches its maximum age"
        return f"holds up its {lane} for up to {seconds:,} seconds"
    attempts = as_int(retries.value) if retries.is_known else None
    if attempts is None:
        return f"holds up its {lane} until its retries run out"
    return f"holds up its {lane} for {attempts:,} retries"
