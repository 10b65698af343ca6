"""LL403: a FIFO queue with a standard dead-letter queue, or the reverse."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import Field, Stack, condition_assignments
from lambda_lint.rule import Rule, Severity, Violation


def _is_fifo(field: Field) -> bool | None:
    if not field.is_known:
        return None
    value = field.value
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def _mismatch(queue: Field, dlq: Field) -> tuple[bool, bool] | None:
    """The first deployment (each ``Fn::If`` branch, conditions shared by both queues
    taken together) in which one queue is FIFO and the other is not."""
    conditions = queue.conditions() | dlq.conditions()
    for assignment in condition_assignments(conditions):
        fifo, dlq_fifo = _is_fifo(queue.resolve(assignment)), _is_fifo(dlq.resolve(assignment))
        if fifo is not None and dlq_fifo is not None and fifo != dlq_fifo:
            return fifo, dlq_fifo
    return None


class FifoDlqNotFifo(Rule):
    """A queue and its dead-letter queue are not both FIFO or both standard.

    ## What it does
    Follows each queue's redrive policy to its dead-letter queue in the same
    template and reports the queue when one of the two is FIFO (`FifoQueue:
    true`, `fifo_queue = true`) and the other is not, in any `Fn::If` branch
    (the branches of one condition taken together for both queues). Queues that
    never exist together (exclusive resource conditions) are not compared.

    ## Why is this bad?
    SQS requires the dead-letter queue of a FIFO queue to be FIFO, and that of a
    standard queue to be standard; the queue's creation or update fails.

    ## Example
    ```yaml
    Orders:
      Type: AWS::SQS::Queue
      Properties:
        FifoQueue: true
        RedrivePolicy: {deadLetterTargetArn: !GetAtt OrdersDlq.Arn, maxReceiveCount: 5}
    OrdersDlq:
      Type: AWS::SQS::Queue
    ```

    ## Use instead
    Make `OrdersDlq` a FIFO queue (`FifoQueue: true`, name ending in `.fifo`).

    ## References
    - docs/aws-facts.md#dlq-type-matches-the-queue
    - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
    """

    code = "LL403"
    name = "fifo-dlq-not-fifo"
    message = (
        "{kind} queue's dead-letter queue {dlq} is a {dlq_kind} queue; "
        "the two must be of the same type"
    )
    severity = Severity.ERROR
    help_url = (
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/"
        "sqs-dead-letter-queues.html"
    )

    def check(self, stack: Stack) -> Iterator[Violation]:
        for queue in stack.queues.values():
            for target in queue.dead_letter_target.candidates():
                dlq = stack.queue_of(target)
                if dlq is None or not stack.coexist(queue.id, dlq.id):
                    continue
                mismatch = _mismatch(queue.fifo, dlq.fifo)
                if mismatch is None:
                    continue
                fifo, dlq_fifo = mismatch
                yield self.violation(
                    queue.id,
                    target,
                    "redrive.fifo",
                    kind="FIFO" if fifo else "standard",
                    dlq=dlq.id,
                    dlq_kind="FIFO" if dlq_fifo else "standard",
                )
