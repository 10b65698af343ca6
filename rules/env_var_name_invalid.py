"""LL103: an environment variable name Lambda's API rejects."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lambda_lint.model import Stack, environment_variables
from lambda_lint.rule import Rule, Severity, Violation

# The API's anchored pattern (the CFN schema's is unanchored): docs/aws-facts.md#variable-names
VALID_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9_]+")
# Reserved names are reported by LL102 only (one finding per cause).
_RESERVED_BUT_INVALID = ("_HANDLER", "_X_AMZN_TRACE_ID")


class EnvVarNameInvalid(Rule):
    """An environment variable name does not match `^[a-zA-Z][a-zA-Z0-9_]+$`.

    ## What it does
    Reports variable names that do not start with a letter, are shorter than two
    characters, or contain anything but letters, digits and `_` (a `-` or `.`).

    ## Why is this bad?
    The Lambda API rejects the function. CloudFormation's own schema uses an
    unanchored pattern, so `my-var` passes `cfn-lint` and template validation and
    fails only at deployment.

    ## Example
    ```yaml
    Environment:
      Variables:
        my-var: value
    ```

    ## Use instead
    ```yaml
    Environment:
      Variables:
        MY_VAR: value
    ```

    ## References
    - docs/aws-facts.md#variable-names
    - https://docs.aws.amazon.com/lambda/latest/api/API_Environment.html
    """

    code = "LL103"
    name = "env-var-name-invalid"
    message = (
        "environment variable name '{variable}' is invalid{inherited}: names must start with a "
        "letter, have at least 2 characters and use only letters, digits and _"
    )
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/api/API_Environment.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            for var in environment_variables(fn.environment):
                if VALID_NAME.fullmatch(var.name) or var.name in _RESERVED_BUT_INVALID:
                    continue
                yield self.violation(
                    fn.id,
                    var.name_span,
                    f"environment.{var.name}",
                    variable=var.name,
                    inherited=var.value.inherited_note,
                )
