"""LL104: a dynamic reference in an environment already close to Lambda's 4 KB limit."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import (
    ENV_SIZE_LIMIT,
    EnvVar,
    Field,
    Origin,
    Stack,
    Unresolved,
    assignment_text,
    env_assignments,
    env_size,
)
from lambda_lint.rule import Rule, Severity, Violation

# How close to the limit the known part of the map must be for an unknown value to matter:
# docs/aws-facts.md#dynamic-references-in-values
MARGIN = 512


class EnvVarDynamicReference(Rule):
    """A dynamic reference of unknown size sits in an environment that is near the 4 KB limit.

    ## What it does
    Measures a function's environment variables as LL101 does (the compact JSON of
    the whole map, SAM `Globals` merged in, every `Fn::If` branch) without the
    values of its dynamic references (`{{resolve:ssm:...}}`,
    `{{resolve:secretsmanager:...}}`, also inside `Fn::Sub` or `Fn::Join`), and
    reports each such value when the rest of the map already takes more than
    3,584 bytes (within 512 bytes of 4,096) but not more than 4,096 (LL101 reports
    that). Terraform has no dynamic references.

    ## Why is this bad?
    CloudFormation replaces a dynamic reference with the parameter's or secret's
    value before Lambda sees it, and that value counts toward the 4 KB. No tool
    can know its size from the template: a parameter that grows past the room left
    makes the next deployment fail ("...exceeded the 4KB limit"), long after the
    template last changed.

    ## Example
    ```yaml
    Environment:
      Variables:
        CONFIG: '...3,700 bytes of literal configuration...'
        API_KEY: '{{resolve:secretsmanager:prod/api-key}}'
    ```

    ## Use instead
    Read the parameter or secret at start-up (the Parameters and Secrets Lambda
    extension, or the SDK) and pass only its name in the environment, or move the
    large literal values out of the environment.

    ## References
    - docs/aws-facts.md#dynamic-references-in-values
    - docs/aws-facts.md#size-of-all-variables
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
    """

    code = "LL104"
    name = "env-var-dynamic-reference"
    message = (
        "{name} is a dynamic reference whose resolved size is unknown, and the rest of the "
        "environment{inherited} already takes {size:,} bytes{bound}{when}{assumed}: a resolved "
        "value of more than {room:,} bytes takes it over Lambda's 4,096-byte limit"
    )
    severity = Severity.INFO
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            reported: set[str] = set()
            for env in fn.environment.candidates():
                if not isinstance(env.value, tuple):
                    continue
                variables: tuple[EnvVar, ...] = env.value
                for assignment in env_assignments(variables):
                    yield from self._judge(fn.id, variables, assignment, reported)

    def _judge(
        self,
        function: str,
        variables: tuple[EnvVar, ...],
        assignment: dict[str, bool],
        reported: set[str],
    ) -> Iterator[Violation]:
        resolved = [(var, var.value.resolve(assignment)) for var in variables]
        dynamic = [(var, value) for var, value in resolved if _is_dynamic(value)]
        if not dynamic:
            return
        measured = env_size(variables, assignment)
        if not ENV_SIZE_LIMIT - MARGIN < measured.size <= ENV_SIZE_LIMIT:
            return
        others_unknown = any(
            isinstance(value.value, Unresolved) and not _is_dynamic(value) for _, value in resolved
        )
        sources = sorted(
            {value.source for _, value in resolved if value.origin is Origin.INHERITED}
        )
        inherited = f" (partly inherited from {', '.join(sources)})" if sources else ""
        assumed = f" (assuming {', '.join(measured.assumed)})" if measured.assumed else ""
        for var, value in dynamic:
            if var.name in reported:
                continue
            reported.add(var.name)
            yield self.violation(
                function,
                value,
                f"dynamic-reference:{var.name}",
                name=var.name,
                size=measured.size,
                bound=" or more" if others_unknown else "",
                inherited=inherited,
                when=assignment_text(assignment),
                assumed=assumed,
                room=ENV_SIZE_LIMIT - measured.size,
            )


def _is_dynamic(value: Field) -> bool:
    return isinstance(value.value, Unresolved) and value.value.dynamic
