"""LL603: provisioned concurrency on $LATEST or on a function that publishes no version."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import (
    LATEST,
    EntityKind,
    EntityRef,
    Field,
    ProvisionedConcurrency,
    Stack,
    scalar_text,
)
from lambda_lint.rule import Rule, Severity, Violation


def _is_latest(version: Field) -> bool:
    return version.is_known and scalar_text(version.value) == LATEST


class ProvisionedOnUnpublished(Rule):
    """Provisioned concurrency is set on `$LATEST`, the unpublished version.

    ## What it does
    Reports provisioned concurrency whose version is `$LATEST`: a Terraform
    `aws_lambda_provisioned_concurrency_config` with `qualifier = "$LATEST"`, an
    `AWS::Lambda::Alias` (or a Terraform alias the configuration names) whose
    `FunctionVersion` is `$LATEST`, and a version taken from a Terraform function's
    `version` attribute while the function does not set `publish = true` (its version
    is then `$LATEST`). Every `Fn::If` branch and parameter or variable default is
    judged (the message then says "assumed"); unknown versions, published versions
    (`AWS::Lambda::Version`, SAM `AutoPublishAlias`) and version numbers are fine.

    ## Why is this bad?
    Lambda provisions concurrency only for a published version or an alias of one;
    it rejects a configuration on `$LATEST`, so the deployment fails.

    ## Example
    ```hcl
    resource "aws_lambda_provisioned_concurrency_config" "api" {
      function_name                     = aws_lambda_function.api.function_name
      provisioned_concurrent_executions = 5
      qualifier                         = aws_lambda_function.api.version  # no publish
    }
    ```

    ## Use instead
    Publish a version (`publish = true`, `AWS::Lambda::Version`, SAM
    `AutoPublishAlias`) and provision it or an alias that points at it.

    ## References
    - docs/aws-facts.md#provisioned-concurrency-needs-a-published-version
    - https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
    """

    code = "LL603"
    name = "provisioned-on-unpublished"
    messages: ClassVar[Mapping[str, str]] = {
        "latest": (
            "provisioned concurrency is set on version $LATEST{note}; Lambda provisions "
            "only a published version or an alias of one"
        ),
        "alias-latest": (
            "provisioned concurrency is set on alias {alias}, whose version is "
            "$LATEST{note}; Lambda provisions only a published version or an alias of one"
        ),
        "unpublished": (
            "provisioned concurrency is set on the current version of {function}, which "
            "publishes no version{note}, so that version is $LATEST; Lambda provisions "
            "only a published version or an alias of one"
        ),
        "alias-unpublished": (
            "provisioned concurrency is set on alias {alias}, whose version is the current "
            "version of {function}, which publishes no version{note}, so it is $LATEST; "
            "Lambda provisions only a published version or an alias of one"
        ),
    }
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for config in stack.provisioned:
            yield from self._check(stack, config)

    def _check(self, stack: Stack, config: ProvisionedConcurrency) -> Iterator[Violation]:
        resource = config.id
        if config.function is not None and config.function in stack.functions:
            resource = config.function
        key = f"provisioned:{config.id}"
        unpublished = stack.unpublished(config.version_of)
        if unpublished is not None:
            note = _publish_note(unpublished.publishes)
            yield self.violation(
                resource,
                config.target,
                key,
                template="unpublished",
                function=unpublished.id,
                note=note,
            )
            return
        for index, target in enumerate(config.target.candidates()):
            if _is_latest(target):
                yield self.violation(
                    resource,
                    target,
                    f"{key}.{index}" if index else key,
                    template="latest",
                    note=target.assumed_note,
                )
                continue
            value = target.value
            if not isinstance(value, EntityRef) or value.kind is not EntityKind.ALIAS:
                continue
            alias = stack.aliases.get(value.id)
            if alias is None:
                continue
            unpublished = stack.unpublished(alias.version_of)
            if unpublished is not None:
                yield self.violation(
                    resource,
                    alias.function_version,
                    key,
                    template="alias-unpublished",
                    alias=alias.id,
                    function=unpublished.id,
                    note=_publish_note(unpublished.publishes),
                )
                continue
            for branch, version in enumerate(alias.function_version.candidates()):
                if _is_latest(version):
                    yield self.violation(
                        resource,
                        version,
                        f"{key}.{index}.{branch}" if index or branch else key,
                        template="alias-latest",
                        alias=alias.id,
                        note=version.assumed_note,
                    )


def _publish_note(publishes: Field | None) -> str:
    """Where a function's "no publishing" came from, when it was assumed or inherited."""
    if publishes is None:
        return ""
    return "".join(c.assumed_note for c in publishes.candidates() if not c.is_missing)
