"""LL206: SAM DeploymentPreference or ProvisionedConcurrencyConfig without AutoPublishAlias."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import Stack
from lambda_lint.rule import Rule, Severity, Violation


def _is_on(enabled: object) -> bool:
    """``Enabled`` as SAM reads it: true, or the strings "true"/"True"."""
    return enabled is True or (isinstance(enabled, str) and enabled.lower() == "true")


class DeploymentPreferenceWithoutAlias(Rule):
    """A SAM deployment preference or provisioned concurrency lacks `AutoPublishAlias`.

    ## What it does
    After merging `Globals`, reports SAM functions that have an enabled
    `DeploymentPreference` (`Enabled` defaults to true) or a
    `ProvisionedConcurrencyConfig` but no `AutoPublishAlias`. Both need the
    alias SAM publishes; a preference with `Enabled: false` is accepted. An
    empty `AutoPublishAlias` (`''`, or a parameter whose default is `''`) is no
    alias: SAM rejects it the same way, and the finding points at it.

    ## Why is this bad?
    The SAM transform fails ("'DeploymentPreference' requires AutoPublishAlias
    property to be specified."), so the whole stack does not deploy. Setting a
    `DeploymentPreference` in `Globals` makes every function need an alias.

    ## Example
    ```yaml
    Api:
      Type: AWS::Serverless::Function
      Properties:
        DeploymentPreference:
          Type: Canary10Percent5Minutes
    ```

    ## Use instead
    ```yaml
        AutoPublishAlias: live
        DeploymentPreference:
          Type: Canary10Percent5Minutes
    ```

    ## References
    - docs/aws-facts.md#sam-deploymentpreference-needs-autopublishalias
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-deploymentpreference.html
    """

    code = "LL206"
    name = "deployment-preference-without-alias"
    messages: ClassVar[Mapping[str, str]] = {
        "missing": (
            "{property}{inherited} requires AutoPublishAlias on the function; "
            "the SAM transform fails without it"
        ),
        "empty": (
            "AutoPublishAlias is empty{assumed}, which is no alias, and {property}{inherited} "
            "requires one; the SAM transform fails without it"
        ),
    }
    severity = Severity.ERROR
    help_url = (
        "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/"
        "sam-property-function-deploymentpreference.html"
    )

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            alias = fn.auto_publish_alias
            if alias is None:
                continue
            empty = alias.is_known and isinstance(alias.value, str) and not alias.value
            if not (alias.is_missing or empty):
                continue
            for name, value in (
                ("DeploymentPreference", fn.deployment_preference),
                ("ProvisionedConcurrencyConfig", fn.provisioned_concurrency),
            ):
                if value is None or not any(_is_on(c.value) for c in value.candidates()):
                    continue
                if empty:
                    yield self.violation(
                        fn.id,
                        alias,
                        name,
                        template="empty",
                        property=name,
                        inherited=value.inherited_note,
                        assumed=alias.assumed_note,
                    )
                    continue
                yield self.violation(
                    fn.id,
                    value,
                    name,
                    template="missing",
                    property=name,
                    inherited=value.inherited_note,
                )
