"""LL101: the environment variables exceed Lambda's 4 KB limit."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import (
    ENV_SIZE_LIMIT,
    EnvVar,
    Stack,
    assignment_text,
    env_assignments,
    env_size,
)
from lambda_lint.rule import Rule, Severity, Violation

# 4 KB for all variables of a function, not adjustable: docs/aws-facts.md#size-of-all-variables
LIMIT = ENV_SIZE_LIMIT


class EnvVarsTooLarge(Rule):
    """The environment variables take more than 4 KB.

    ## What it does
    Measures a function's environment variables the way Lambda does: the UTF-8
    size of the compact JSON text of the whole map (`{"K1":"v1","K2":"v2"}`),
    after SAM `Globals` are merged in, and reports maps over 4,096 bytes. Values
    only known at deploy time count with their literal parts (e.g. the literal
    text of a `Fn::Sub`), so the size is then a lower bound; a parameter's
    `Default` is used as an assumed value. Every `Fn::If` branch is measured.

    ## Why is this bad?
    Lambda rejects the deployment ("...exceeded the 4KB limit"). The limit is per
    function and cannot be raised. It is not the sum of keys and values: quotes,
    colons, commas and JSON escapes count too, which is why near-limit maps fail
    unexpectedly (cfn-lint's E3697 undercounts by about 6 bytes per variable).

    ## Example
    ```yaml
    Environment:
      Variables:
        CONFIG_JSON: '{"...": "4 KB of configuration"}'
    ```

    ## Use instead
    Keep large configuration in SSM Parameter Store, Secrets Manager, AppConfig
    or S3 and read it at start-up; pass only its name in the environment.

    ## References
    - docs/aws-facts.md#size-of-all-variables
    - docs/aws-facts.md#how-the-size-is-measured
    - https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
    - https://github.com/github-aws-runners/terraform-aws-github-runner/issues/3594
    """

    code = "LL101"
    name = "env-vars-too-large"
    message = (
        "environment variables take {size:,} bytes{bound}{when}, over Lambda's limit of "
        "4,096 bytes (4 KB, measured as the compact JSON of the whole map){assumed}"
    )
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            for env in fn.environment.candidates():
                if not isinstance(env.value, tuple):
                    continue
                variables: tuple[EnvVar, ...] = env.value
                worst = None
                for assignment in env_assignments(variables):
                    measured = env_size(variables, assignment)
                    if worst is None or measured.size > worst[0].size:
                        worst = (measured, assignment)
                if worst is None or worst[0].size <= LIMIT:
                    continue
                measured, assignment = worst
                assumed = ""
                if measured.assumed:
                    assumed = f" (assuming {', '.join(measured.assumed)})"
                yield self.violation(
                    fn.id,
                    env,
                    "environment",
                    size=measured.size,
                    bound="" if measured.exact else " or more (literal parts only)",
                    when=assignment_text(assignment),
                    assumed=assumed,
                )
