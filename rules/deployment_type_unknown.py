"""LL207: a SAM deployment preference type that is not one of SAM's predefined types."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import (
    CODEDEPLOY_LAMBDA_PREFIX,
    PREDEFINED_DEPLOYMENT_TYPES,
    EntityRef,
    Field,
    Stack,
    as_bool,
)
from lambda_lint.rule import Rule, Severity, Violation

_SHOWN = 60  # characters of an unknown type shown in a message


class DeploymentTypeUnknown(Rule):
    """A SAM `DeploymentPreference.Type` is not one of the predefined deployment types.

    ## What it does
    Reports an enabled SAM `DeploymentPreference` whose `Type` is a literal that is
    neither one of SAM's nine predefined types (`Canary10Percent5Minutes`...
    `AllAtOnce`) nor the full name of CodeDeploy's own Lambda configuration
    (`CodeDeployDefault.LambdaCanary10Percent5Minutes`...), with the closest
    predefined type when there is one. Values inherited from `Globals`, every `Fn::If`
    branch and parameter defaults are judged (the message then says "assumed"); a
    reference to a custom deployment configuration (`!Ref MyConfig`) or any other
    unknown value is not.

    ## Why is this bad?
    SAM passes any other value through to CodeDeploy as the name of a custom
    deployment configuration. A typo or a wrong case (`Canary10Percent5Minute`,
    `allAtOnce`) then fails only when CodeDeploy looks for a configuration of that
    name in the account, and a custom configuration that exists only in some accounts
    breaks the others. It is a warning: the name may be a custom configuration you
    created.

    ## Example
    ```yaml
    DeploymentPreference:
      Type: Canary10Percent5Minute
    ```

    ## Use instead
    ```yaml
    DeploymentPreference:
      Type: Canary10Percent5Minutes
    ```

    ## References
    - docs/aws-facts.md#sam-deployment-types
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-deploymentpreference.html
    """

    code = "LL207"
    name = "deployment-type-unknown"
    messages: ClassVar[Mapping[str, str]] = {
        "suggestion": (
            "deployment type '{value}'{note} is not a predefined type (did you mean "
            "'{suggestion}'?); SAM passes it to CodeDeploy as the name of a custom "
            "deployment configuration, which must exist in the account"
        ),
        "custom": (
            "deployment type '{value}'{note} is not a predefined type; SAM passes it to "
            "CodeDeploy as the name of a custom deployment configuration, which must exist "
            "in the account"
        ),
    }
    severity = Severity.WARNING
    help_url = (
        "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/"
        "sam-property-function-deploymentpreference.html"
    )

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            if fn.deployment_type is None or _disabled(fn.deployment_preference):
                continue
            for index, value in enumerate(fn.deployment_type.candidates()):
                written = value.value
                if not value.is_known or isinstance(written, EntityRef):
                    continue
                if isinstance(written, str) and _predefined(written):
                    continue
                text = str(written)
                import difflib  # here: only an unknown type needs a suggestion

                close = difflib.get_close_matches(text, PREDEFINED_DEPLOYMENT_TYPES, n=1)
                if not close:
                    lowered = {t.lower(): t for t in PREDEFINED_DEPLOYMENT_TYPES}
                    close = [lowered[text.lower()]] if text.lower() in lowered else []
                shown = text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
                yield self.violation(
                    fn.id,
                    value,
                    f"deployment-type.{index}" if index else "deployment-type",
                    template="suggestion" if close else "custom",
                    value=shown,
                    suggestion=close[0] if close else "",
                    note=value.assumed_note,
                )


def _predefined(text: str) -> bool:
    return text in PREDEFINED_DEPLOYMENT_TYPES or (
        text.startswith(CODEDEPLOY_LAMBDA_PREFIX)
        and text.removeprefix(CODEDEPLOY_LAMBDA_PREFIX) in PREDEFINED_DEPLOYMENT_TYPES
    )


def _disabled(enabled: Field | None) -> bool:
    """A preference switched off on every branch (``Enabled: false``): its type is unused."""
    if enabled is None:
        return False
    return all(c.is_known and as_bool(c.value) is False for c in enabled.candidates())
