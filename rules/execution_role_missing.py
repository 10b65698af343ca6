"""LL502: a function without an execution role."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import Stack
from lambda_lint.rule import Rule, Severity, Violation


class ExecutionRoleMissing(Rule):
    """A function has no execution role.

    ## What it does
    Reports a CloudFormation `AWS::Lambda::Function` without `Role` and a Terraform
    `aws_lambda_function` without `role` (or with an empty one), and each `Fn::If`
    branch that leaves the role out with `AWS::NoValue`. SAM functions are never
    reported: SAM generates a role when `Role` is absent. A role that does not resolve
    (a parameter, an import) is a role.

    ## Why is this bad?
    Lambda runs every function with its execution role, and the role is a required
    property: CloudFormation and the Terraform provider reject the function before it is
    created.

    ## Example
    ```yaml
    Api:
      Type: AWS::Lambda::Function
      Properties:
        Runtime: python3.12
        Handler: index.handler
        Code: {ZipFile: "def handler(e, c): pass"}
    ```

    ## Use instead
    ```yaml
    Api:
      Type: AWS::Lambda::Function
      Properties:
        Role: !GetAtt ApiRole.Arn
        Runtime: python3.12
        Handler: index.handler
        Code: {ZipFile: "def handler(e, c): pass"}
    ```

    ## References
    - docs/aws-facts.md#a-function-needs-a-role
    - https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
    """

    code = "LL502"
    name = "execution-role-missing"
    message = (
        "function has no execution role{branch}: Lambda requires one, so the deployment "
        "is rejected; give it a role that trusts lambda.amazonaws.com"
    )
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            branched = bool(fn.role.conditions())
            for role in fn.role.candidates():
                empty = isinstance(role.value, str) and not role.value.strip()
                if role.is_missing or empty:
                    branch = " in one branch of its condition" if branched else ""
                    yield self.violation(fn.id, role, "role", branch=branch)
                    break
