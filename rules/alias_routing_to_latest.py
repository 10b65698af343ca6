"""LL203: weighted alias routing involving $LATEST or a non-numeric version."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import Stack, scalar_text
from lambda_lint.rule import Rule, Severity, Violation

VERSION_NUMBER = re.compile(r"[0-9]+")  # docs/aws-facts.md#weighted-versions-are-published


class AliasRoutingToLatest(Rule):
    """An alias shifts traffic while a routed version is `$LATEST` or not a version number.

    ## What it does
    For aliases with `AdditionalVersionWeights`, reports a primary
    `FunctionVersion` of `$LATEST`, and an additional version that is `$LATEST`
    or anything but a published version number (an alias name, for example).

    ## Why is this bad?
    Weighted routing only works between published versions; the Lambda API
    rejects `$LATEST` and names in a routing configuration.

    ## Example
    ```yaml
    FunctionVersion: $LATEST
    RoutingConfig:
      AdditionalVersionWeights:
        - {FunctionVersion: "3", FunctionWeight: 0.1}
    ```

    ## Use instead
    Publish versions (`AWS::Lambda::Version`, SAM `AutoPublishAlias`, Terraform
    `publish = true`) and route between their numbers.

    ## References
    - docs/aws-facts.md#weighted-versions-are-published
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html
    """

    code = "LL203"
    name = "alias-routing-to-latest"
    messages: ClassVar[Mapping[str, str]] = {
        "primary-latest": (
            "primary version is $LATEST{note} while the alias routes traffic; "
            "weighted alias routing works only between published version numbers"
        ),
        "additional-latest": (
            "additional version '{version}'{note} is $LATEST; "
            "weighted alias routing works only between published version numbers"
        ),
        "additional-not-a-number": (
            "additional version '{version}'{note} is not a version number; "
            "weighted alias routing works only between published version numbers"
        ),
    }
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for alias in stack.aliases.values():
            if not alias.additional_versions:
                continue
            for primary in alias.function_version.candidates():
                if primary.is_known and scalar_text(primary.value) == "$LATEST":
                    yield self.violation(
                        alias.id,
                        primary,
                        "function_version",
                        template="primary-latest",
                        note=primary.assumed_note,
                    )
            for index, entry in enumerate(alias.additional_versions):
                for version in entry.version.candidates():
                    if not version.is_known:
                        continue
                    text = scalar_text(version.value)
                    if VERSION_NUMBER.fullmatch(text):
                        continue
                    yield self.violation(
                        alias.id,
                        version,
                        f"routing.{index}.version",
                        template=(
                            "additional-latest" if text == "$LATEST" else "additional-not-a-number"
                        ),
                        version=text,
                        note=version.assumed_note,
                    )
