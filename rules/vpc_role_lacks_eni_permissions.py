"""LL303: a VPC function whose execution role cannot manage network interfaces."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import Function, Stack, may, role_permissions
from lambda_lint.rule import Rule, Severity, Violation

# What Lambda does through the role to attach a function to a VPC
# (docs/aws-facts.md#eni-permissions-of-a-vpc-function).
ENI_ACTIONS = (
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DeleteNetworkInterface",
)


class VpcRoleLacksEniPermissions(Rule):
    """A VPC function's execution role does not allow the network-interface actions.

    ## What it does
    For a function with subnets, evaluates its execution role (every policy the template
    grants it: inline, managed, attached, SAM `Policies`) and reports, at the function's
    role, the actions among `ec2:CreateNetworkInterface`, `ec2:DescribeNetworkInterfaces`
    and `ec2:DeleteNetworkInterface` that the role is certainly not allowed on `*`.
    Only roles defined in the template, with every policy visible, are judged: a role
    given as an ARN or parameter, a customer managed policy from outside the template,
    a `Condition` or an unresolved value make the answer unknown and nothing is
    reported. SAM's generated role gets `AWSLambdaVPCAccessExecutionRole` and passes.

    ## Why is this bad?
    Lambda creates the function's network interfaces with the execution role. Without
    these permissions CloudFormation and Terraform fail to create the function ("The
    provided execution role does not have permissions to call CreateNetworkInterface on
    EC2").

    ## Example
    ```yaml
    FunctionRole:
      Type: AWS::IAM::Role
      Properties:
        ManagedPolicyArns:
          - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
    ```

    ## Use instead
    ```yaml
    FunctionRole:
      Type: AWS::IAM::Role
      Properties:
        ManagedPolicyArns:
          - arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole
    ```

    ## References
    - docs/aws-facts.md#eni-permissions-of-a-vpc-function
    - docs/aws-facts.md#execution-role-policies
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
    """

    code = "LL303"
    name = "vpc-role-lacks-eni-permissions"
    message = (
        "function is attached to a VPC but its execution role {role} does not allow "
        "{actions}: creating the function fails; attach AWSLambdaVPCAccessExecutionRole"
    )
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            if not _in_vpc(fn):
                continue
            permissions = role_permissions(stack.permissions, fn.role)
            if permissions is None:
                continue
            lacking = [action for action in ENI_ACTIONS if may(permissions, action) is False]
            if lacking:
                yield self.violation(
                    fn.id,
                    fn.role,
                    "eni-permissions",
                    role=permissions.role,
                    actions=", ".join(lacking),
                )


def _in_vpc(fn: Function) -> bool:
    """Whether every branch attaches the function to subnets (a non-empty literal list)."""
    candidates = list(fn.subnets.candidates())
    return bool(candidates) and all(
        isinstance(c.value, tuple) and len(c.value) > 0 for c in candidates
    )
