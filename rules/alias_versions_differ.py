"""LL205: the two versions an alias routes to differ in execution role or dead-letter queue."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import EntityRef, Field, Stack, Unresolved
from lambda_lint.rule import Rule, Severity, Violation


def _visible(value: Field, absent_is_visible: bool) -> bool:
    """A value both sides can be compared on: a literal or a reference (or, for a DLQ, none)."""
    if value.is_missing:
        return absent_is_visible
    return value.is_known


def _label(value: Field) -> str:
    if value.is_missing:
        return "none"
    if isinstance(value.value, EntityRef):
        return value.value.id
    if isinstance(value.value, Unresolved):
        return value.value.expr
    return str(value.value)


class AliasVersionsDiffer(Rule):
    """The two versions an alias shifts traffic between have different roles or DLQs.

    ## What it does
    For an alias with an additional weighted version, finds the function each of the
    two versions was published from, when the template shows it (an
    `AWS::Lambda::Version` named with `!GetAtt Version.Version`, a Terraform
    function's `version` attribute), and compares their execution roles
    (`Role`, `role`) and dead-letter queues (`DeadLetterConfig.TargetArn`, SAM
    `DeadLetterQueue`, `dead_letter_config`), including values inherited from SAM
    `Globals`. Only values both sides show are compared: a role or queue written as a
    parameter or an import is not judged; a dead-letter queue on one side and none on
    the other is a difference. Versions given as numbers are not visible. The finding
    is on the alias, at the additional version.

    ## Why is this bad?
    Lambda requires both versions of a weighted alias to have the same execution role
    and the same dead-letter queue configuration (or none on both), so the routing
    configuration is rejected.

    ## Example
    ```yaml
    Live:
      Type: AWS::Lambda::Alias
      Properties:
        FunctionName: !Ref Api
        FunctionVersion: !GetAtt ApiVersion.Version    # published from Api (role A)
        RoutingConfig:
          AdditionalVersionWeights:
            - FunctionVersion: !GetAtt OtherVersion.Version  # from Other (role B)
              FunctionWeight: 0.1
    ```

    ## Use instead
    Route between two versions published from the same function configuration, with
    one role and one dead-letter queue.

    ## References
    - docs/aws-facts.md#routed-versions-share-role-and-dlq
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html
    """

    code = "LL205"
    name = "alias-versions-differ"
    messages: ClassVar[Mapping[str, str]] = {
        "role": (
            "the additional version ({additional}) runs with execution role {other}{note} "
            "while the primary version ({primary}) runs with {own}; an alias routes only "
            "between versions with the same execution role"
        ),
        "dead-letter": (
            "the additional version ({additional}) has {other}{note} while the primary "
            "version ({primary}) has {own}; an alias routes only "
            "between versions with the same dead-letter queue configuration"
        ),
    }
    severity = Severity.WARNING
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for alias in stack.aliases.values():
            primary = stack.versioned_function(alias.version_of)
            if primary is None:
                continue
            for index, entry in enumerate(alias.additional_versions):
                additional = stack.versioned_function(entry.version_of)
                if additional is None or additional.id == primary.id:
                    continue
                primary_name = _version_name(alias.version_of, primary.id)
                additional_name = _version_name(entry.version_of, additional.id)
                for template, own, other, absent in (
                    ("role", primary.role, additional.role, False),
                    ("dead-letter", primary.dead_letter, additional.dead_letter, True),
                ):
                    if not (_visible(own, absent) and _visible(other, absent)):
                        continue
                    if own.identity() == other.identity():
                        continue
                    own_label, other_label = _label(own), _label(other)
                    if template == "dead-letter":
                        own_label, other_label = _queue(own_label), _queue(other_label)
                    yield self.violation(
                        alias.id,
                        entry.version,
                        f"routing.{index}.{template}",
                        template=template,
                        own=own_label + own.inherited_note,
                        other=other_label,
                        note=other.inherited_note,
                        primary=primary_name,
                        additional=additional_name,
                    )


def _queue(label: str) -> str:
    return "no dead-letter queue" if label == "none" else f"dead-letter queue {label}"


def _version_name(version_of: str | None, function: str) -> str:
    """``version V of F`` for a published version, ``the current version of F`` otherwise."""
    if version_of is None or version_of == function:
        return f"the current version of {function}"
    return f"version {version_of} of {function}"
