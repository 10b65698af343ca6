"""LL201: an alias routing weight outside 0.0..1.0."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import Stack, Unresolved, as_number
from lambda_lint.rule import Rule, Severity, Violation


class AliasWeightOutOfRange(Rule):
    """An alias gives an additional version a weight outside 0.0 to 1.0.

    ## What it does
    Reports each `FunctionWeight` in an alias's `AdditionalVersionWeights`
    (Terraform: `routing_config.additional_version_weights`) that is not a
    number from 0.0 to 1.0.

    ## Why is this bad?
    The weight is a fraction of traffic, not a percentage: `10` meaning "10 %"
    is rejected by the Lambda API and the deployment fails.

    ## Example
    ```yaml
    AdditionalVersionWeights:
      - FunctionVersion: "2"
        FunctionWeight: 10
    ```

    ## Use instead
    ```yaml
        FunctionWeight: 0.1
    ```

    ## References
    - docs/aws-facts.md#routing-weight
    - https://docs.aws.amazon.com/lambda/latest/api/API_AliasRoutingConfiguration.html
    """

    code = "LL201"
    name = "alias-weight-out-of-range"
    messages: ClassVar[Mapping[str, str]] = {
        "not-a-number": (
            "routing weight {weight}{note} is not a number; it is the fraction of traffic "
            "from 0.0 to 1.0 sent to version {version}"
        ),
        "out-of-range": (
            "routing weight {weight}{note} is outside 0.0 to 1.0; it is the fraction of traffic "
            "from 0.0 to 1.0 sent to version {version}"
        ),
    }
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/api/API_AliasRoutingConfiguration.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for alias in stack.aliases.values():
            for index, entry in enumerate(alias.additional_versions):
                for weight in entry.weight.candidates():
                    if not weight.is_known:
                        continue
                    number = as_number(weight.value)
                    if number is not None and 0.0 <= number <= 1.0:
                        continue
                    version = entry.version.value
                    if isinstance(version, Unresolved):
                        version = version.expr
                    yield self.violation(
                        alias.id,
                        weight,
                        f"routing.{index}.weight",
                        weight=weight.value,
                        note=weight.assumed_note,
                        template="not-a-number" if number is None else "out-of-range",
                        version=version,
                    )
