"""AWS semantics that live in the model: env size measurement and subnet egress."""

from __future__ import annotations

import json

from lambda_lint.loaders import load_document as load
from lambda_lint.model import Egress, EnvVar, Field, Unresolved, env_size
from lambda_lint.parsing import parse_text
from lambda_lint.span import Span

AT = Span(1, 1, 1, 2)


def test_env_size_is_the_compact_json_of_the_map_in_utf8() -> None:
    variables = {"A": 'say "hi"', "NAME": "café", "N": "5"}
    env = tuple(EnvVar(k, AT, Field(v, AT)) for k, v in variables.items())
    expected = len(json.dumps(variables, separators=(",", ":"), ensure_ascii=False).encode())
    assert env_size(env, {}).size == expected
    assert env_size(env, {}).exact


def test_env_size_with_unresolved_values_is_a_lower_bound_from_literal_parts() -> None:
    env = (EnvVar("URL", AT, Field(Unresolved("!Sub https://${Host}/x", "https:///x"), AT)),)
    measured = env_size(env, {})
    assert (measured.size, measured.exact) == (len('{"URL":"https:///x"}'), False)


def test_ipv6_only_route_does_not_hide_a_missing_default_route() -> None:
    template = """
Resources:
  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: vpc-1, CidrBlock: 10.0.0.0/24}}
  Table: {Type: AWS::EC2::RouteTable, Properties: {VpcId: vpc-1}}
  Assoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref Subnet, RouteTableId: !Ref Table}
  V6:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Table, DestinationIpv6CidrBlock: "::/0",
                 EgressOnlyInternetGatewayId: eigw-1}
"""
    stack, _ = load("cloudformation", parse_text(template, "t.yaml").root)
    assert stack.subnet_egress("Subnet") is Egress.NONE


def test_transit_gateway_default_route_is_unknown_not_isolated() -> None:
    template = """
Resources:
  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: vpc-1, CidrBlock: 10.0.0.0/24}}
  Table: {Type: AWS::EC2::RouteTable, Properties: {VpcId: vpc-1}}
  Assoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref Subnet, RouteTableId: !Ref Table}
  Default:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Table, DestinationCidrBlock: 0.0.0.0/0, TransitGatewayId: tgw-1}
"""
    stack, _ = load("cloudformation", parse_text(template, "t.yaml").root)
    assert stack.subnet_egress("Subnet") is Egress.UNKNOWN
