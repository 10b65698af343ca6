"""LL204: an alias whose additional version is its primary version."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import Field, Stack, Unresolved, scalar_text
from lambda_lint.rule import Rule, Severity, Violation


def _label(version: Field) -> str:
    if isinstance(version.value, Unresolved):
        return version.value.expr
    return scalar_text(version.value)


class AliasRoutesToItself(Rule):
    """An alias's additional version is the same as its primary version.

    ## What it does
    Reports an entry of `AdditionalVersionWeights` whose version equals the
    alias's `FunctionVersion`: the same literal, or the same expression such as
    `!GetAtt VersionA.Version` twice.

    ## Why is this bad?
    The Lambda API rejects a routing configuration that points back at the
    primary version; a canary that "shifts" traffic to the same code is also
    almost always a copy-paste mistake.

    ## Example
    ```yaml
    FunctionVersion: !GetAtt VersionA.Version
    RoutingConfig:
      AdditionalVersionWeights:
        - {FunctionVersion: !GetAtt VersionA.Version, FunctionWeight: 0.1}
    ```

    ## Use instead
    Route the additional weight to the new version (`VersionB`).

    ## References
    - docs/aws-facts.md#versions-per-alias
    - https://docs.aws.amazon.com/lambda/latest/api/API_AliasRoutingConfiguration.html
    """

    code = "LL204"
    name = "alias-routes-to-itself"
    message = (
        "additional version {version} is the alias's primary version (line {line}); "
        "routing to it shifts no traffic"
    )
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/api/API_AliasRoutingConfiguration.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for alias in stack.aliases.values():
            primary = alias.function_version
            if primary.is_missing:
                continue
            for index, entry in enumerate(alias.additional_versions):
                version = entry.version
                if version.is_missing or version.identity() != primary.identity():
                    continue
                if version.is_known and not primary.is_known:
                    continue
                yield self.violation(
                    alias.id,
                    version,
                    f"routing.{index}.version",
                    version=_label(version),
                    line=primary.span.line,
                )
