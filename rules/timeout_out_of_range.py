"""LL110: a function timeout outside 1..900 seconds."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import Stack, as_int, as_number
from lambda_lint.rule import Option, Rule, Severity, Violation

MINIMUM = 1
MAXIMUM = 900  # 15 minutes: docs/aws-facts.md#function-timeout
MANAGED_INSTANCES_MAXIMUM = 5400  # 90 minutes: docs/aws-facts.md#lambda-managed-instances-timeout


class TimeoutOutOfRange(Rule):
    """The function timeout is outside 1 to 900 seconds.

    ## What it does
    Reports a `Timeout` (`timeout`) that is below 1 second, above 900 seconds
    (15 minutes) or not a whole number, including values inherited from SAM
    `Globals`, every branch of an `Fn::If`, and parameter defaults (the message
    then says the value is assumed). For Lambda Managed Instances
    (`CapacityProviderConfig`) only values above 90 minutes are reported, because
    how longer timeouts are configured there is not yet documented.

    Option `maximum` (`[tool.lambda-lint.rules.LL110] maximum = 300`): a stricter
    cap of your own; timeouts within AWS's range but above it are reported too.

    ## Why is this bad?
    CloudFormation's schema and the Lambda API reject the function.

    ## Example
    ```yaml
    Timeout: 1800
    ```

    ## Use instead
    Keep synchronous work under 15 minutes; split longer jobs with Step
    Functions, or use durable functions or a container service.

    ## References
    - docs/aws-facts.md#function-timeout
    - docs/aws-facts.md#lambda-managed-instances-timeout
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
    """

    code = "LL110"
    name = "timeout-out-of-range"
    messages: ClassVar[Mapping[str, str]] = {
        "range": (
            "timeout {value} s{note} is outside Lambda's range of {minimum} to {maximum} "
            "seconds ({limit})"
        ),
        "not-whole": (
            "timeout {value} s{note} is outside Lambda's range of {minimum} to {maximum} "
            "seconds (it must be a whole number of seconds)"
        ),
        "cap": (
            "timeout {value:,} s{note} is over this project's cap of {cap:,} seconds "
            "(rules.LL110.maximum)"
        ),
    }
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"
    maximum = Option(
        int,
        "An organisation's stricter cap in seconds (also reported).",
        minimum=MINIMUM,
        maximum=MANAGED_INSTANCES_MAXIMUM,
    )

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            maximum = MANAGED_INSTANCES_MAXIMUM if fn.managed_instances else MAXIMUM
            for timeout in fn.timeout.candidates():
                if not timeout.is_known:
                    continue
                number = as_number(timeout.value)
                whole = as_int(timeout.value)
                if number is not None and whole is not None and MINIMUM <= whole <= maximum:
                    cap = self.maximum
                    if cap is not None and whole > cap:
                        yield self.violation(
                            fn.id,
                            timeout,
                            "timeout:cap",
                            template="cap",
                            value=whole,
                            note=timeout.assumed_note,
                            cap=cap,
                        )
                    continue
                whole_needed = number is None or (whole is None and MINIMUM <= number <= maximum)
                yield self.violation(
                    fn.id,
                    timeout,
                    "timeout",
                    template="not-whole" if whole_needed else "range",
                    value=timeout.value,
                    note=timeout.assumed_note,
                    minimum=MINIMUM,
                    maximum=f"{maximum:,}",
                    limit="15 minutes" if maximum == MAXIMUM else "Managed Instances: 90 minutes",
                )
