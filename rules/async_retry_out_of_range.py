"""LL406: asynchronous retry attempts or event age outside what Lambda accepts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import EntityRef, Field, InvokeConfig, Stack, as_int
from lambda_lint.rule import Rule, Severity, Violation

# docs/aws-facts.md#asynchronous-retry-settings
_RANGES = {
    "retries": (0, 2),  # MaximumRetryAttempts
    "event-age": (60, 21_600),  # MaximumEventAgeInSeconds, seconds
}


class AsyncRetryOutOfRange(Rule):
    """An event invoke config sets retries outside 0 to 2, or an event age outside 60 s to 6 h.

    ## What it does
    Reports the `MaximumRetryAttempts` of an event invoke config
    (`AWS::Lambda::EventInvokeConfig`, SAM `EventInvokeConfig`, also inherited from
    `Globals`, Terraform `aws_lambda_function_event_invoke_config`
    `maximum_retry_attempts`) outside 0 to 2, and its `MaximumEventAgeInSeconds`
    (`maximum_event_age_in_seconds`) outside 60 to 21,600, or either when it is not
    a whole number. Every `Fn::If` branch and parameter or variable default is
    judged (the message then says "assumed"); unresolved values are not.

    ## Why is this bad?
    CloudFormation's schema, the Terraform provider and the Lambda API reject the
    configuration. Lambda retries an asynchronous event at most twice and keeps it
    for at most six hours; more cannot be configured here (use a queue or an
    on-failure destination to keep events longer).

    ## Example
    ```yaml
    EventInvokeConfig:
      MaximumRetryAttempts: 3
      MaximumEventAgeInSeconds: 86400
    ```

    ## Use instead
    ```yaml
    EventInvokeConfig:
      MaximumRetryAttempts: 2
      MaximumEventAgeInSeconds: 21600
      DestinationConfig:
        OnFailure: {Type: SQS, Destination: !GetAtt Failed.Arn}
    ```

    ## References
    - docs/aws-facts.md#asynchronous-retry-settings
    - https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html
    """

    code = "LL406"
    name = "async-retry-out-of-range"
    messages: ClassVar[Mapping[str, str]] = {
        "retries": (
            "maximum retry attempts {value}{note} is outside the 0 to 2 Lambda allows for "
            "asynchronous invocations"
        ),
        "event-age": (
            "maximum event age {value} s{note} is outside the 60 to 21,600 s (6 hours) Lambda "
            "allows for asynchronous invocations"
        ),
        "retries-not-integer": (
            "maximum retry attempts {value}{note} is not a whole number; Lambda takes 0 to 2"
        ),
        "event-age-not-integer": (
            "maximum event age {value}{note} is not a whole number of seconds; Lambda takes "
            "60 to 21,600"
        ),
    }
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for config in stack.invoke_configs:
            resource = _reported_on(config, stack)
            yield from self._judge(resource, config, config.maximum_retry_attempts, "retries")
            yield from self._judge(resource, config, config.maximum_event_age, "event-age")

    def _judge(
        self, resource: str, config: InvokeConfig, setting: Field, kind: str
    ) -> Iterator[Violation]:
        low, high = _RANGES[kind]
        for candidate in setting.candidates():
            if not candidate.is_known or isinstance(candidate.value, EntityRef):
                continue
            number = as_int(candidate.value)
            if number is not None and low <= number <= high:
                continue
            shown = number if number is not None else repr(candidate.value)
            yield self.violation(
                resource,
                candidate,
                f"{kind}:{config.id}",
                template=kind if number is not None else f"{kind}-not-integer",
                value=shown,
                note=candidate.assumed_note,
            )


def _reported_on(config: InvokeConfig, stack: Stack) -> str:
    """The function the config belongs to when it is in the stack, else the config."""
    if config.function is not None and config.function in stack.functions:
        return config.function
    return config.id
