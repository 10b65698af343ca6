"""LL301: a VPC function in a subnet without a NAT route to the internet."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

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

    VPC endpoints in the same template or module (`AWS::EC2::VPCEndpoint`,
    `aws_vpc_endpoint` with its route-table and subnet associations) are
    followed: a gateway endpoint serves the subnets of its route tables, an
    interface endpoint every subnet of its VPC. When every isolated subnet of the
    function reaches AWS services that way (an isolated subnet on purpose, as
    CDK's `PRIVATE_ISOLATED` subnets with endpoints are), the finding names those
    services and is only **info**: the function works as long as it calls nothing
    else. Without endpoints it stays a warning.

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
    for the AWS services the function calls (then the finding is info, naming
    them; suppress it once the list is what the function needs).

    ## References
    - docs/aws-facts.md#internet-access-from-a-vpc
    - docs/aws-facts.md#vpc-endpoints
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html
    """

    code = "LL301"
    name = "vpc-no-internet-route"
    messages: ClassVar[Mapping[str, str]] = {
        "no-route": (
            "subnet {subnets} has no 0.0.0.0/0 route through a NAT gateway or NAT "
            "instance{inherited}; invocations placed there cannot reach the internet or "
            "public AWS endpoints"
        ),
        "endpoints": (
            "subnet {subnets} has no 0.0.0.0/0 route through a NAT gateway or NAT "
            "instance{inherited}; invocations placed there reach only the AWS services it "
            "has VPC endpoints for ({services}), not the internet or other AWS endpoints"
        ),
    }
    severity = Severity.WARNING
    severities = (Severity.INFO,)
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            egress = subnet_egress_of(stack, fn)
            if any(e is Egress.IGW_ONLY for _, e in egress):
                continue  # LL302 reports this function
            isolated = [item for item, e in egress if e is Egress.NONE]
            if not isolated:
                continue
            first = isolated[0]
            ids = list(dict.fromkeys(str(item.value.id) for item in isolated))
            reached = [set(stack.endpoint_services(subnet)) for subnet in ids]
            common = sorted(set.intersection(*reached))
            subnets, inherited = ", ".join(ids), first.assumed_note
            if common:
                yield self.violation(
                    fn.id,
                    first,
                    "subnets",
                    template="endpoints",
                    severity=Severity.INFO,
                    subnets=subnets,
                    inherited=inherited,
                    services=", ".join(common),
                )
            else:
                yield self.violation(
                    fn.id,
                    first,
                    "subnets",
                    template="no-route",
                    subnets=subnets,
                    inherited=inherited,
                )
