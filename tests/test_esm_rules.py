"""The event source mapping rules (LL404, LL405, LL407, LL409) on model Stacks.

The fixtures (tests/test_rules.py) prove them through every loader; these pin the edges
the fixtures cannot spell in every format: ``Fn::If`` branches, values assumed from a
parameter default, unresolved queues and functions outside the stack.
"""

from __future__ import annotations

from typing import Any

from lambda_lint.rules import (
    BatchFailuresNotReported,
    EsmBatchOutOfRange,
    OnFailureDestinationOnSqs,
    StreamWithoutFailureHandling,
)

from lambda_lint.model import MISSING, EventSource, Field, Origin, Stack, default_batch_size
from lambda_lint.rule import Rule, Violation

from .model_factory import choice, field, function, queue, ref, span, stack, unresolved


def check(rule: Rule, model: Stack) -> list[Violation]:
    return list(rule.check(model))


def mapping(
    kind: str = "SQS", function: str = "Fn", source: Field | None = None, **settings: Any
) -> EventSource:
    """A polled mapping on line 1 with the loaders' defaults for ``kind``; settings on line 2."""
    at = span(1)
    fields: dict[str, Any] = {
        "batch_size": Field(default_batch_size(kind), at, Origin.AWS_DEFAULT),
        "batching_window": Field(MISSING, at),
        "maximum_retry_attempts": Field(-1 if kind != "SQS" else MISSING, at, Origin.AWS_DEFAULT),
        "maximum_record_age": Field(-1 if kind != "SQS" else MISSING, at, Origin.AWS_DEFAULT),
        "on_failure": Field(MISSING, at),
        "response_types": Field(MISSING, at),
        "starting_position": Field(MISSING, at),
    }
    for name, value in settings.items():
        fields[name] = value if isinstance(value, Field) else field(value, 2)
    target = source if source is not None else ref("queue", "Queue")
    return EventSource(f"{function}Mapping", at, kind, True, function, target, **fields)


# -- LL407 esm-batch-out-of-range --------------------------------------------------------------


def test_ll407_every_branch_of_a_batch_size_is_judged() -> None:
    model = stack(function("Fn"), queue(), mapping(batch_size=choice("Big", 11, 10, line=2)))
    assert check(EsmBatchOutOfRange(), model) == [
        Violation(
            "Fn",
            span(2),
            "batch size 11 is outside 1 to 10 for an SQS queue without a batching window of at "
            "least 1 second (none is set; with one, up to 10,000)",
            "batch_size:FnMapping",
        )
    ]


def test_ll407_a_window_short_in_one_branch_is_reported_at_the_batch_size() -> None:
    model = stack(
        function("Fn"),
        queue(),
        mapping(batch_size=100, batching_window=choice("Slow", 5, 0, line=3)),
    )
    [found] = check(EsmBatchOutOfRange(), model)
    assert (found.span, found.message) == (
        span(2),
        "batch size 100 is outside 1 to 10 for an SQS queue without a batching window of at "
        "least 1 second (it is 0 s; with one, up to 10,000)",
    )


def test_ll407_an_assumed_batch_size_says_where_it_came_from() -> None:
    size = field(20_000, 2, Origin.PARAMETER_DEFAULT, "Batch")
    model = stack(function("Fn"), mapping("Kinesis", batch_size=size))
    assert [v.message for v in check(EsmBatchOutOfRange(), model)] == [
        "batch size 20,000 (assumed from the Default of parameter Batch) is outside 1 to "
        "10,000 for a Kinesis event source"
    ]


def test_ll407_a_queue_fifo_in_one_branch_takes_at_most_ten() -> None:
    fifo = queue(fifo=choice("Ordered", True, False))
    model = stack(function("Fn"), fifo, mapping(batch_size=11, batching_window=5))
    assert [v.message for v in check(EsmBatchOutOfRange(), model)] == [
        "batch size 11 is outside 1 to 10 for a FIFO SQS queue"
    ]


def test_ll407_a_literal_fifo_queue_arn_takes_at_most_ten() -> None:
    arn = field("arn:aws:sqs:us-east-1:123456789012:orders.fifo", 1)
    model = stack(function("Fn"), mapping(source=arn, batch_size=11, batching_window=5))
    assert [v.message for v in check(EsmBatchOutOfRange(), model)] == [
        "batch size 11 is outside 1 to 10 for a FIFO SQS queue"
    ]


def test_ll407_near_misses_are_silent() -> None:
    model = stack(
        function("Fn"),
        queue(fifo=unresolved("!Ref Fifo")),  # not known to be FIFO: a standard queue's limits
        mapping(function="Fn", batch_size=10_000, batching_window=1),
        mapping(function="Fn", batch_size=unresolved("!Ref Batch")),
        mapping(function="Fn", batch_size=11, batching_window=unresolved("!Ref Window")),
        mapping("Kinesis", batch_size=10_000),
        mapping("DynamoDB", batch_size=1),
        mapping(batching_window=300),
        mapping(
            source=field("arn:aws:sqs:us-east-1:1:orders", 1), batch_size=11, batching_window=5
        ),
    )
    assert check(EsmBatchOutOfRange(), model) == []


def test_ll407_a_mapping_of_a_function_elsewhere_is_reported_on_the_mapping() -> None:
    model = stack(
        mapping("unknown", function="Elsewhere", source=unresolved("!Ref Arn"), batch_size=0)
    )
    assert [(v.resource, v.message) for v in check(EsmBatchOutOfRange(), model)] == [
        ("ElsewhereMapping", "batch size 0 is outside 1 to 10,000 for any event source")
    ]


# -- LL409 batch-failures-not-reported ---------------------------------------------------------

REPORTING = field((field("ReportBatchItemFailures", 3),), 3)


def test_ll409_the_default_batch_is_reported_at_the_mapping() -> None:
    model = stack(function("Fn"), queue(), mapping())
    assert check(BatchFailuresNotReported(), model) == [
        Violation(
            "Fn",
            span(1),
            "SQS mapping takes batches of up to 10 (the AWS default) but its function cannot "
            "report which records failed: one failing record makes the whole batch retry, "
            "records that succeeded included (add ReportBatchItemFailures to its function "
            "response types)",
            "response_types:FnMapping",
        )
    ]


def test_ll409_a_branch_without_reporting_is_reported_once() -> None:
    types = choice("Report", REPORTING, field((), 3), line=3)
    model = stack(
        function("Fn"),
        mapping("Kinesis", batch_size=choice("Big", 500, 200, line=2), response_types=types),
    )
    assert [
        (v.span, v.message.split(" but")[0]) for v in check(BatchFailuresNotReported(), model)
    ] == [(span(2), "Kinesis mapping takes batches of up to 500")]


def test_ll409_near_misses_are_silent() -> None:
    model = stack(
        function("Fn"),
        queue(),
        mapping(batch_size=1),
        mapping(response_types=REPORTING),
        mapping(response_types=unresolved("!Ref Types")),
        mapping(response_types=field((unresolved("!Ref Type"),), 3)),
        mapping("DynamoDB", batch_size=unresolved("!Ref Batch")),
        mapping("MSK"),  # Kafka mappings are not covered
    )
    assert check(BatchFailuresNotReported(), model) == []


# -- LL405 on-failure-destination-on-sqs -------------------------------------------------------


def test_ll405_a_destination_in_one_branch_is_reported_there() -> None:
    destination = choice("Keep", ref("queue", "Failures", 4), MISSING, line=4)
    model = stack(function("Fn"), queue(), mapping(on_failure=destination))
    assert [(v.span, v.key) for v in check(OnFailureDestinationOnSqs(), model)] == [
        (span(4), "on_failure:FnMapping")
    ]


def test_ll405_streams_and_queues_without_one_are_silent() -> None:
    model = stack(
        function("Fn"),
        queue(),
        mapping(),
        mapping("Kinesis", on_failure=ref("queue", "Failures", 4)),
        mapping("unknown", on_failure=ref("queue", "Failures", 4)),
    )
    assert check(OnFailureDestinationOnSqs(), model) == []


# -- LL404 stream-without-failure-handling -----------------------------------------------------


def test_ll404_defaults_block_the_shard() -> None:
    model = stack(function("Fn"), mapping("DynamoDB"))
    assert check(StreamWithoutFailureHandling(), model) == [
        Violation(
            "Fn",
            span(1),
            "DynamoDB mapping has no on-failure destination, maximum retry attempts -1 (the AWS "
            "default) and maximum record age -1 (the AWS default): a record that keeps failing "
            "blocks its shard until it expires from the source, then is discarded with no copy "
            "kept (add an on-failure destination)",
            "failure_handling:FnMapping",
        )
    ]


def test_ll404_an_unbounded_branch_of_the_retries_is_reported_there() -> None:
    retries = choice("Strict", 5, -1, line=3)
    model = stack(
        function("Fn"), mapping("MSK", maximum_retry_attempts=retries, maximum_record_age=60)
    )
    [found] = check(StreamWithoutFailureHandling(), model)
    assert (found.span, found.message.split(": ", 1)[1].split(",")[0]) == (
        span(3),
        "a record that keeps failing holds up its partition for up to 60 seconds",
    )


def test_ll404_near_misses_are_silent() -> None:
    destination = ref("queue", "Failures", 4)
    model = stack(
        function("Fn"),
        mapping("Kinesis", on_failure=destination),
        mapping("Kinesis", maximum_retry_attempts=3, maximum_record_age=3600),
        mapping(
            "Kinesis", maximum_retry_attempts=unresolved("!Ref Retries"), maximum_record_age=60
        ),
        mapping("Kinesis", on_failure=unresolved("!Ref Destination")),
        mapping("SQS"),
        mapping("MQ"),
    )
    assert check(StreamWithoutFailureHandling(), model) == []


def test_thousands_of_mappings_are_checked_in_one_pass() -> None:
    """20,000 functions, each with a queue and a batch of 11: a rule that looked up the
    stack's sources or queues per mapping would take minutes; one pass takes a moment."""
    count = 20_000
    entities: list[Any] = []
    for index in range(count):
        name = f"Fn{index}"
        entities += [
            function(name),
            queue(f"Queue{index}"),
            mapping(function=name, source=ref("queue", f"Queue{index}"), batch_size=11),
        ]
    model = stack(*entities)
    rules: list[Rule] = [
        EsmBatchOutOfRange(),
        BatchFailuresNotReported(),
        OnFailureDestinationOnSqs(),
        StreamWithoutFailureHandling(),
    ]
    assert [len(check(rule, model)) for rule in rules] == [count, count, 0, 0]
