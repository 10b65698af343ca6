"""LL301: a VPC function in a subnet without a NAT route to the internet."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import Egress, Stack, subnet_egress_of
from lambda_lint.rule import Rule, Severity, Violation


class VpcNoInternetRoute(Rule):
    """A VPC-attached function uses a subnet with no `0.0.0.0/0` route through NAT.

    ## What it does
    Follows each subnet of a function's `VpcConfig` to its route table (through
    `SubnetRouteTableAssociation` and `Route` resources in the same template or
    module) and reports the function when at least one subnet has no default
    route through a NAT gateway or NAT instance: no default route at all, or an
    isolated route table. Subnets it cannot resolve (parameters, imports, tables
    outside the template, routes through transit gateways or peering) are
    assumed fine. A subnet routed only to an internet gateway is LL302 instead.

    ## Why is this bad?
    Lambda places the function's network interfaces in every listed subnet and
    picks one per invocation. From a subnet without NAT, every call to the
    internet or to public AWS endpoints (S3, DynamoDB, SQS...) hangs until the
    function times out, intermittently when only some subnets are affected.

    ## Example
    ```yaml
    VpcConfig:
      SubnetIds: [!Ref PrivateSubnetA, !Ref IsolatedSubnet]
    ```

    ## Use instead
    Give every subnet a `0.0.0.0/0` route to a NAT gateway, or add VPC endpoints
    for the AWS services the function calls and accept this finding with a
    suppression.

    ## References
    - docs/aws-facts.md#internet-access-from-a-vpc
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html
    """

    code = "LL301"
    name = "vpc-no-internet-route"
    message = (
        "subnet {subnets} has no 0.0.0.0/0 route through a NAT gateway or NAT instance{inherited}; "
        "invocations placed there cannot reach the internet or public AWS endpoints"
    )
    severity = Severity.WARNING
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            egress = subnet_egress_of(stack, fn)
            if any(e is Egress.IGW_ONLY for _, e in egress):
                continue  # LL302 reports this function
            isolated = [(item, e) for item, e in egress if e is Egress.NONE]
            if not isolated:
                continue
            first = isolated[0][0]
            names = ", ".join(dict.fromkeys(str(item.value.id) for item, _ in isolated))
            yield self.violation(
                fn.id,
                first,
                "subnets",
                subnets=names,
                inherited=first.assumed_note,
            )
