"""A whole CloudFormation or SAM template: each resource to the loader of its type.

CloudFormation resource types are read by :mod:`lambda_lint.loaders.cloudformation.resources`,
SAM's by :mod:`lambda_lint.loaders.cloudformation.sam` (which builds on the former); this module
dispatches between them, so neither imports the other's caller.
"""

from __future__ import annotations

from dataclasses import replace

from lambda_lint.loaders.cloudformation import sam
from lambda_lint.loaders.cloudformation.apis import (
    OPENAPI_BODIES,
    load_invoke_config,
    load_method,
    load_openapi,
    load_v2_integration,
)
from lambda_lint.loaders.cloudformation.cloudfront import edge_associations
from lambda_lint.loaders.cloudformation.code import layer_content
from lambda_lint.loaders.cloudformation.iam import policy_resource, role_policies
from lambda_lint.loaders.cloudformation.resources import (
    StackBuilder,
    child,
    collect_invokers,
    empty,
    load_alias,
    load_function,
    load_mapping,
    load_queue,
    load_route,
    load_subnet_association,
    load_version,
    load_vpc_endpoint,
    vpc_id,
)
from lambda_lint.loaders.cloudformation.s3 import load_bucket
from lambda_lint.loaders.cloudformation.values import Resolver
from lambda_lint.model import Field, Layer, Role, RouteTable, Stack, Subnet, Unresolved
from lambda_lint.parsing import MDict
from lambda_lint.span import Span


def load_resources(template: MDict, b: StackBuilder) -> None:
    """Read every resource this model knows; unknown types are ignored."""
    resources = template.get("Resources")
    if not isinstance(resources, MDict):
        return
    globals_function = child(child(template, "Globals"), "Function")
    r = b.resolver
    for name, body in resources.items():
        if not isinstance(body, MDict):
            continue
        rtype = body.get("Type")
        span = resources.key_span(name)
        props = child(body, "Properties") or empty(span)
        if rtype == "AWS::Lambda::Function":
            load_function(b, name, body, props, span)
            if "Properties" in body and child(body, "Properties") is None:
                # Properties that are not a mapping (LL006): what they hold is unknown.
                unknown = Field(Unresolved(f"Properties of {name}"), span)
                b.functions[name] = replace(b.functions[name], role=unknown)
        elif rtype == "AWS::Serverless::Function":
            sam.load_function(b, name, body, props, span, globals_function)
        elif rtype == "AWS::Lambda::Alias":
            load_alias(b, name, props, span, resources)
        elif rtype == "AWS::Lambda::Version":
            load_version(b, name, props, span, resources)
        elif rtype in ("AWS::Lambda::LayerVersion", "AWS::Serverless::LayerVersion"):
            sam_layer = rtype == "AWS::Serverless::LayerVersion"
            b.layers[name] = Layer(name, span, layer_content(r, body, props, name, sam_layer))
        elif rtype == "AWS::Lambda::EventSourceMapping":
            load_mapping(b, name, props, span, resources)
        elif rtype == "AWS::SQS::Queue":
            load_queue(b, name, props, span)
        elif rtype == "AWS::IAM::Role":
            b.roles[name] = Role(name, span)
            policies, complete = role_policies(r, props, span, resources)
            b.grants[name].extend(policies)
            if not complete:
                b.incomplete_roles.add(name)
        elif rtype in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            load_policy(b, props, span)
        elif rtype == "AWS::CloudFront::Distribution":
            b.edge_associations.extend(edge_associations(r, name, props))
        elif rtype == "AWS::S3::Bucket":
            load_bucket(b, name, props, span, resources)
        elif rtype == "AWS::EC2::Subnet":
            b.subnets[name] = Subnet(name, span)
            vpc = vpc_id(r, props)
            if vpc is not None:
                b.subnet_vpcs[name] = vpc
        elif rtype == "AWS::EC2::VPCEndpoint":
            load_vpc_endpoint(b, name, props, span)
        elif rtype == "AWS::EC2::RouteTable":
            b.route_tables[name] = RouteTable(name, span)
        elif rtype == "AWS::EC2::SubnetRouteTableAssociation":
            load_subnet_association(b, props, span)
        elif rtype == "AWS::EC2::Route":
            load_route(b, props, span)
        elif rtype == "AWS::ApiGateway::Method":
            load_method(b, name, props, span, resources)
        elif rtype == "AWS::ApiGatewayV2::Integration":
            load_v2_integration(b, name, props, span, resources)
        elif rtype == "AWS::Lambda::EventInvokeConfig":
            load_invoke_config(b, name, props, span, resources)
        if isinstance(rtype, str) and rtype in OPENAPI_BODIES:  # the type may be malformed
            load_openapi(b, name, rtype, props, resources)
    collect_invokers(b, resources)


def load_policy(b: StackBuilder, props: MDict, span: Span) -> None:
    """A policy resource grants its document to every role in its ``Roles``."""
    roles, policy = policy_resource(b.resolver, props, span)
    if isinstance(roles.value, tuple):
        for role in roles.value:
            b.grant(role, policy)
    elif not roles.is_missing:
        b.unknown_grantee = True


def load_template(template: MDict) -> Stack:
    """Build the Stack of one CloudFormation or SAM template."""
    builder = StackBuilder(resolver=Resolver(template))
    resources = template.get("Resources")
    if isinstance(resources, dict) and any(
        isinstance(body, dict) and "Condition" in body for body in resources.values()
    ):
        # Imported here: templates without conditional resources never pay for it.
        from lambda_lint.loaders.cloudformation.conditions import resource_presence

        builder.presence = resource_presence(template)
    load_resources(template, builder)
    return builder.build()


__all__ = ["load_resources", "load_template"]
