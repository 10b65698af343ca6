"""LL405: an on-failure destination on an SQS event source mapping."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import SQS_KIND, Stack
from lambda_lint.rule import Rule, Severity, Violation


class OnFailureDestinationOnSqs(Rule):
    """An SQS event source mapping has an on-failure destination, which SQS mappings do not take.

    ## What it does
    Reports the on-failure destination of an event source mapping that polls an
    SQS queue: `DestinationConfig.OnFailure.Destination` (CloudFormation, and SAM
    `SQS` events, which pass it through), Terraform
    `destination_config { on_failure { destination_arn } }`. Every `Fn::If` branch
    is judged.

    ## Why is this bad?
    Lambda supports on-failure destinations only for stream and Kafka mappings and
    rejects the mapping, so the deployment fails. For SQS, failed messages go to
    the source queue's own dead-letter queue.

    ## Example
    ```yaml
    Jobs:
      Type: AWS::Lambda::EventSourceMapping
      Properties:
        EventSourceArn: !GetAtt Queue.Arn
        FunctionName: !Ref Worker
        DestinationConfig:
          OnFailure: {Destination: !GetAtt Failures.Arn}
    ```

    ## Use instead
    ```yaml
    Queue:
      Type: AWS::SQS::Queue
      Properties:
        RedrivePolicy: {deadLetterTargetArn: !GetAtt Failures.Arn, maxReceiveCount: 5}
    ```

    ## References
    - docs/aws-facts.md#on-failure-destinations-of-mappings
    - https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
    """

    code = "LL405"
    name = "on-failure-destination-on-sqs"
    message = (
        "an SQS event source mapping takes no on-failure destination, so Lambda rejects it; "
        "failed messages go to the source queue's dead-letter queue (set a redrive policy on "
        "the queue instead)"
    )
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for source in stack.event_sources:
            if source.kind != SQS_KIND or source.on_failure is None:
                continue
            for destination in source.on_failure.candidates():
                if not destination.is_missing:
                    yield self.violation(
                        source.reported_on(stack), destination, f"on_failure:{source.id}"
                    )
                    break
