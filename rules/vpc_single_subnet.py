"""LL304: a VPC function in a single subnet."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import EntityRef, Stack, Unresolved
from lambda_lint.rule import Rule, Severity, Violation


class VpcSingleSubnet(Rule):
    """A VPC function is attached to one subnet only.

    ## What it does
    Reports a function whose subnet list (`VpcConfig.SubnetIds`, Terraform
    `vpc_config { subnet_ids }`) holds exactly one subnet, in every `Fn::If` branch and
    when inherited from SAM `Globals`. A list that is an expression (a parameter of
    subnet ids, `var.subnets`) is not judged: its length is unknown.

    ## Why is this bad?
    A subnet lies in one Availability Zone. A function attached to one subnet stops
    running when that zone has an outage; AWS recommends subnets in at least two zones.

    ## Example
    ```yaml
    VpcConfig:
      SubnetIds: [!Ref PrivateSubnetA]
      SecurityGroupIds: [!Ref FunctionSecurityGroup]
    ```

    ## Use instead
    ```yaml
    VpcConfig:
      SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
      SecurityGroupIds: [!Ref FunctionSecurityGroup]
    ```

    ## References
    - docs/aws-facts.md#subnets-in-several-availability-zones
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
    """

    code = "LL304"
    name = "vpc-single-subnet"
    message = (
        "function is attached to a single subnet ({subnet}){note}: it stops when that "
        "Availability Zone fails; add a subnet in another zone"
    )
    severity = Severity.INFO
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            for subnets in fn.subnets.candidates():
                items = subnets.value
                if not isinstance(items, tuple) or len(items) != 1:
                    continue
                (item,) = items
                value = item.value
                if isinstance(value, EntityRef):
                    subnet = value.id
                elif isinstance(value, Unresolved):
                    subnet = value.expr
                elif isinstance(value, str):
                    subnet = value
                else:
                    continue  # a Choice of subnets, or no value: not one known subnet
                yield self.violation(
                    fn.id, subnets, "single-subnet", subnet=subnet, note=subnets.inherited_note
                )
                break
