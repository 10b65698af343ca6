"""LL407: an event source mapping's batch size or batching window outside what its source allows."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import (
    MAX_BATCH_SIZE,
    MAX_BATCH_SIZE_WITHOUT_WINDOW,
    MAX_BATCHING_WINDOW,
    MAX_FIFO_BATCH_SIZE,
    SQS_KIND,
    EventSource,
    Field,
    Stack,
    as_bool,
    as_int,
    as_number,
    is_fifo_queue_arn,
    source_kind_name,
)
from lambda_lint.rule import Rule, Severity, Violation


class EsmBatchOutOfRange(Rule):
    """An event source mapping's batch size or batching window is outside what its source allows.

    ## What it does
    Reports the batch size (`BatchSize`, SAM event `BatchSize`, Terraform
    `batch_size`) of an event source mapping when it is below 1 or above what the
    source takes: 10,000 for every source; for a standard SQS queue, 10 unless the
    batching window (`MaximumBatchingWindowInSeconds`,
    `maximum_batching_window_in_seconds`) is at least 1 second; for a FIFO queue, 10.
    A batching window outside 0 to 300 seconds is reported too. The source's kind
    comes from what the mapping polls; a queue is FIFO only when the template says
    so. Unresolved values are not judged; every `Fn::If` branch and parameter
    default is (the message then says "assumed").

    ## Why is this bad?
    Lambda rejects the mapping, so the deployment fails and rolls back.

    ## Example
    ```yaml
    Jobs:
      Type: AWS::Lambda::EventSourceMapping
      Properties:
        EventSourceArn: !GetAtt Queue.Arn
        FunctionName: !Ref Worker
        BatchSize: 100
    ```

    ## Use instead
    ```yaml
    Jobs:
      Type: AWS::Lambda::EventSourceMapping
      Properties:
        EventSourceArn: !GetAtt Queue.Arn
        FunctionName: !Ref Worker
        BatchSize: 100
        MaximumBatchingWindowInSeconds: 5
    ```

    ## References
    - docs/aws-facts.md#event-source-batch-size
    - https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
    """

    code = "LL407"
    name = "esm-batch-out-of-range"
    message = "{setting} {value}{note} is outside {range} for {source}{why}"
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for source in stack.event_sources:
            if not source.polled or source.batch_size is None:
                continue
            resource = source.reported_on(stack)
            fifo = _is_fifo(stack, source)
            window = source.batching_window
            for batch in source.batch_size.candidates():
                size = as_int(batch.value) if batch.is_known else None
                if size is None:
                    continue
                found = _batch_problem(source.kind, fifo, size, window)
                if found is not None:
                    maximum, why = found
                    yield self.violation(
                        resource,
                        batch,
                        f"batch_size:{source.id}",
                        setting="batch size",
                        value=f"{size:,}",
                        note=batch.assumed_note,
                        range=f"1 to {maximum:,}",
                        source=_describe(source.kind, fifo),
                        why=why,
                    )
            if window is None or fifo:
                continue
            for candidate in window.candidates():
                seconds = as_number(candidate.value) if candidate.is_known else None
                if seconds is None or 0 <= seconds <= MAX_BATCHING_WINDOW:
                    continue
                yield self.violation(
                    resource,
                    candidate,
                    f"batching_window:{source.id}",
                    setting="batching window",
                    value=f"{candidate.value} s",
                    note=candidate.assumed_note,
                    range=f"0 to {MAX_BATCHING_WINDOW} seconds",
                    source=_describe(source.kind, fifo),
                    why="",
                )


def _batch_problem(
    kind: str, fifo: bool, size: int, window: Field | None
) -> tuple[int, str] | None:
    """The largest batch the source takes and why, when ``size`` is out of range; else None."""
    if size < 1 or size > MAX_BATCH_SIZE:
        return MAX_BATCH_SIZE if not (kind == SQS_KIND and fifo) else MAX_FIFO_BATCH_SIZE, ""
    if kind != SQS_KIND or size <= MAX_BATCH_SIZE_WITHOUT_WINDOW:
        return None
    if fifo:
        return MAX_FIFO_BATCH_SIZE, ""
    # A standard queue takes more than 10 only with a window of at least 1 s, in every branch.
    windows = list(window.candidates()) if window is not None else []
    if any(not w.is_missing and as_number(w.value) is None for w in windows):
        return None  # an unresolved (or unreadable) window may be long enough
    short = [w for w in windows if w.is_missing or (as_number(w.value) or 0) < 1]
    if windows and not short:
        return None
    shown = short[0] if short else None
    if shown is None or shown.is_missing:
        state = "none is set"
    else:
        state = f"it is {shown.value} s{shown.assumed_note}"
    return MAX_BATCH_SIZE_WITHOUT_WINDOW, (
        f" without a batching window of at least 1 second ({state}; with one, up to 10,000)"
    )


def _is_fifo(stack: Stack, source: EventSource) -> bool:
    """Whether the polled queue is certainly FIFO in some branch of the template: a queue
    of the stack marked FIFO, or a literal ARN whose queue name ends in ``.fifo``."""
    if source.kind != SQS_KIND:
        return False
    for target in source.source.candidates():
        if is_fifo_queue_arn(target.value):
            return True
        queue = stack.queue_of(target)
        if queue is not None and any(as_bool(c.value) for c in queue.fifo.candidates()):
            return True
    return False


def _describe(kind: str, fifo: bool) -> str:
    if kind == SQS_KIND:
        return "a FIFO SQS queue" if fifo else "an SQS queue"
    if kind == "unknown":
        return "any event source"
    shown = source_kind_name(kind)
    return f"{'an' if shown[0] in 'AEIOU' else 'a'} {shown} event source"
