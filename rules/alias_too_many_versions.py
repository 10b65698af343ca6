"""LL202: an alias routing to more than one additional version."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import Stack
from lambda_lint.rule import Rule, Severity, Violation


class AliasTooManyVersions(Rule):
    """An alias lists more than one additional version.

    ## What it does
    Reports an alias whose `AdditionalVersionWeights` has more than one entry,
    pointing at the second one.

    ## Why is this bad?
    An alias routes to at most two versions: its `FunctionVersion` and one
    weighted additional version. The Lambda API rejects more.

    ## Example
    ```yaml
    AdditionalVersionWeights:
      - {FunctionVersion: "2", FunctionWeight: 0.1}
      - {FunctionVersion: "3", FunctionWeight: 0.1}
    ```

    ## Use instead
    Shift traffic between two versions at a time (SAM `DeploymentPreference`
    does this with CodeDeploy).

    ## References
    - docs/aws-facts.md#versions-per-alias
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html
    """

    code = "LL202"
    name = "alias-too-many-versions"
    message = (
        "alias routes to {count} additional versions; an alias can route to at most one "
        "additional version besides its primary version"
    )
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for alias in stack.aliases.values():
            if len(alias.additional_versions) > 1:
                yield self.violation(
                    alias.id,
                    alias.additional_versions[1].span,
                    "routing",
                    count=len(alias.additional_versions),
                )
