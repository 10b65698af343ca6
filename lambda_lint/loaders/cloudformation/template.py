"""A whole CloudFormation or SAM template: each resource to the loader of its type.

CloudFormation resource types are read by :mod:`lambda_lint.loaders.cloudformation.resources`,
SAM's by :mod:`lambda_lint.loaders.cloudformation.sam` (which builds on the former); this module
dispatches between them, so neither imports the other's caller.
"""

from __future__ import annotations

from lambda_lint.loaders.cloudformation import sam
from lambda_lint.loaders.cloudformation.code import layer_content
from lambda_lint.loaders.cloudformation.graph import References, resource_references
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
)
from lambda_lint.loaders.cloudformation.values import Resolver
from lambda_lint.model import Layer, Role, RouteTable, Stack, Subnet
from lambda_lint.parsing import MDict


def load_resources(template: MDict, b: StackBuilder, found: References) -> None:
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
        elif rtype == "AWS::EC2::Subnet":
            b.subnets[name] = Subnet(name, span)
        elif rtype == "AWS::EC2::RouteTable":
            b.route_tables[name] = RouteTable(name, span)
        elif rtype == "AWS::EC2::SubnetRouteTableAssociation":
            load_subnet_association(b, props, span)
        elif rtype == "AWS::EC2::Route":
            load_route(b, props, span)
    collect_invokers(b, resources, found)


def load_template(template: MDict, found: References | None = None) -> Stack:
    """Build the Stack of one CloudFormation or SAM template.

    ``found`` is :func:`resource_references` of the template, when already computed
    (the reference checks walk the same references).
    """
    builder = StackBuilder(resolver=Resolver(template))
    load_resources(template, builder, found or resource_references(template))
    return builder.build()


__all__ = ["load_resources", "load_template"]
