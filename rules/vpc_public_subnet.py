"""LL302: a VPC function in a public subnet (default route to an internet gateway)."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import Egress, Stack, subnet_egress_of
from lambda_lint.rule import Rule, Severity, Violation


class VpcPublicSubnet(Rule):
    """A VPC-attached function uses a subnet whose default route is an internet gateway.

    ## What it does
    Reports a function with a subnet whose `0.0.0.0/0` route goes to an
    internet gateway and not through NAT: a public subnet. It takes precedence
    over LL301 for the same function.

    ## Why is this bad?
    Lambda's network interfaces never get a public IP address, so a function in
    a public subnet has no internet access at all even though the subnet does.
    It is the most common VPC mistake: the route table looks right.

    ## Example
    ```yaml
    VpcConfig:
      SubnetIds: [!Ref PublicSubnet]
    ```

    ## Use instead
    Attach the function to private subnets whose default route goes to a NAT
    gateway placed in the public subnet.

    ## References
    - docs/aws-facts.md#public-subnets
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html
    """

    code = "LL302"
    name = "vpc-public-subnet"
    message = (
        "subnet {subnets} routes 0.0.0.0/0 to an internet gateway{inherited}, but Lambda's network "
        "interfaces get no public IP, so the function has no internet access there"
    )
    severity = Severity.WARNING
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            public = [(item, e) for item, e in subnet_egress_of(stack, fn) if e is Egress.IGW_ONLY]
            if not public:
                continue
            first = public[0][0]
            names = ", ".join(dict.fromkeys(str(item.value.id) for item, _ in public))
            yield self.violation(
                fn.id, first, "subnets", subnets=names, inherited=first.assumed_note
            )
