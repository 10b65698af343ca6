"""LL120: a memory size outside 128..10240 MB or not an integer."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import Stack, as_int
from lambda_lint.rule import Rule, Severity, Violation

MINIMUM = 128
MAXIMUM = 10240  # docs/aws-facts.md#memory-size
# The CFN schema maximum, for LMI only: docs/aws-facts.md#lambda-managed-instances-memory
MANAGED_INSTANCES_MAXIMUM = 32768


class MemoryOutOfRange(Rule):
    """The memory size is outside 128 to 10,240 MB, or not a whole number.

    ## What it does
    Reports a `MemorySize` (`memory_size`) below 128 MB, above 10,240 MB, or
    that is not an integer, including values inherited from SAM `Globals`, every
    `Fn::If` branch and parameter defaults. Values from 10,241 to 32,768 MB are
    accepted for Lambda Managed Instances (functions with
    `CapacityProviderConfig`), which the CloudFormation schema allows.

    ## Why is this bad?
    The Lambda API rejects the function. Older tools still validate the pre-2020
    range (128 to 3,008 MB in 64 MB steps); that limit is gone, 1 MB steps are fine.

    ## Example
    ```yaml
    MemorySize: 16384
    ```

    ## Use instead
    ```yaml
    MemorySize: 10240
    ```

    ## References
    - docs/aws-facts.md#memory-size
    - docs/aws-facts.md#lambda-managed-instances-memory
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
    """

    code = "LL120"
    name = "memory-out-of-range"
    messages: ClassVar[Mapping[str, str]] = {
        "not-whole": (
            "memory size {value} MB{note} is not a whole number of MB; "
            "Lambda takes an integer from 128 to 10,240"
        ),
        "range": (
            "memory size {value} MB{note} is outside Lambda's range of {minimum} to {maximum:,} MB"
        ),
        "range-managed-only": (
            "memory size {value} MB{note} is outside Lambda's range of {minimum} to {maximum:,} MB "
            "(up to 32,768 MB only with a Managed Instances capacity provider)"
        ),
    }
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            maximum = MANAGED_INSTANCES_MAXIMUM if fn.managed_instances else MAXIMUM
            for memory in fn.memory.candidates():
                if not memory.is_known:
                    continue
                size = as_int(memory.value)
                if size is None:
                    template = "not-whole"
                elif size < MINIMUM or size > maximum:
                    template = "range"
                    if maximum == MAXIMUM and MAXIMUM < size <= MANAGED_INSTANCES_MAXIMUM:
                        template = "range-managed-only"
                else:
                    continue
                shown = memory.value if not isinstance(memory.value, str) else repr(memory.value)
                yield self.violation(
                    fn.id,
                    memory,
                    "memory",
                    template=template,
                    value=shown,
                    note=memory.assumed_note,
                    minimum=MINIMUM,
                    maximum=maximum,
                )
