"""LL121: an ephemeral storage (``/tmp``) size outside 512..10240 MB or not an integer."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import EntityRef, Stack, as_int
from lambda_lint.rule import Rule, Severity, Violation

MINIMUM = 512  # docs/aws-facts.md#ephemeral-storage
MAXIMUM = 10240


class EphemeralStorageOutOfRange(Rule):
    """The ephemeral storage size is outside 512 to 10,240 MB, or not a whole number.

    ## What it does
    Reports an `EphemeralStorage.Size` (Terraform `ephemeral_storage { size }`)
    below 512 MB, above 10,240 MB, or that is not an integer, including values
    inherited from SAM `Globals`, every `Fn::If` branch and parameter or variable
    defaults (the message then says "assumed"). An absent block is fine: Lambda
    gives 512 MB.

    ## Why is this bad?
    The Lambda API rejects the function. 512 MB is the smallest `/tmp`, not a
    default that can be lowered.

    ## Example
    ```yaml
    EphemeralStorage:
      Size: 20480
    ```

    ## Use instead
    ```yaml
    EphemeralStorage:
      Size: 10240
    ```

    ## References
    - docs/aws-facts.md#ephemeral-storage
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-ephemeral-storage.html
    """

    code = "LL121"
    name = "ephemeral-storage-out-of-range"
    message = "ephemeral storage size {value} MB{note} {problem}"
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-ephemeral-storage.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            if fn.ephemeral_storage is None:
                continue
            for storage in fn.ephemeral_storage.candidates():
                if not storage.is_known or isinstance(storage.value, EntityRef):
                    continue
                size = as_int(storage.value)
                if size is None:
                    problem = (
                        "is not a whole number of MB; Lambda takes an integer from 512 to 10,240"
                    )
                elif size < MINIMUM or size > MAXIMUM:
                    problem = f"is outside Lambda's range of {MINIMUM} to {MAXIMUM:,} MB"
                else:
                    continue
                # A number written as a string ("2048", a parameter default) shows as one.
                if size is not None:
                    shown: object = size
                elif isinstance(storage.value, str):
                    shown = repr(storage.value)
                else:
                    shown = storage.value
                yield self.violation(
                    fn.id,
                    storage,
                    "ephemeral-storage",
                    value=shown,
                    note=storage.assumed_note,
                    problem=problem,
                )
