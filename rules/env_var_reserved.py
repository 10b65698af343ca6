"""LL102: an environment variable name that Lambda reserves."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import Stack, environment_variables
from lambda_lint.rule import Rule, Severity, Violation

# The 18 names Lambda sets itself and refuses from users: docs/aws-facts.md#reserved-names
RESERVED = frozenset(
    {
        "_HANDLER",
        "_X_AMZN_TRACE_ID",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
    }
)


class EnvVarReserved(Rule):
    """An environment variable uses a name Lambda reserves.

    ## What it does
    Reports environment variables named like one of the 18 keys Lambda sets
    itself (`AWS_REGION`, `_HANDLER`, `AWS_LAMBDA_FUNCTION_NAME`,
    `LAMBDA_TASK_ROOT`, the credential variables...), including keys inherited
    from SAM `Globals`. `TZ`, `LANG`, `PATH` and the X-Ray variables may be set.

    ## Why is this bad?
    Lambda rejects the create or update call: reserved keys cannot be set.

    ## Example
    ```yaml
    Environment:
      Variables:
        AWS_REGION: eu-west-1
    ```

    ## Use instead
    Read the runtime's own `AWS_REGION`, or use another name such as
    `TARGET_REGION`.

    ## References
    - docs/aws-facts.md#reserved-names
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
    """

    code = "LL102"
    name = "env-var-reserved"
    message = "environment variable {variable} is reserved by Lambda and cannot be set{inherited}"
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            for var in environment_variables(fn.environment):
                if var.name in RESERVED:
                    yield self.violation(
                        fn.id,
                        var.name_span,
                        f"environment.{var.name}",
                        variable=var.name,
                        inherited=var.value.inherited_note,
                    )
