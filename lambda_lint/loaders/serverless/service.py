"""The model of one Serverless Framework service: its template built by the CloudFormation
loader, then the framework's own parts (events, the generated role) added."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from lambda_lint.loaders.base import Loaded, LoadProblem
from lambda_lint.loaders.cloudformation.conditions import resource_presence
from lambda_lint.loaders.cloudformation.resources import StackBuilder
from lambda_lint.loaders.cloudformation.template import load_resources
from lambda_lint.loaders.cloudformation.values import Resolver
from lambda_lint.loaders.serverless.events import load_events
from lambda_lint.loaders.serverless.template import (
    GENERATED_ROLE,
    PROVISIONED_ALIAS,
    TOOL,
    ServiceTemplate,
    is_set,
)
from lambda_lint.loaders.serverless.variables import Given
from lambda_lint.model import Field, Function, Origin, ProvisionedConcurrency, Role
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span


class ServiceResolver(Resolver):
    """CloudFormation's resolver, which also takes the values the variables made: the
    three ways a property is read (a scalar, a list, an environment map) each may meet one."""

    def value(
        self, raw: Any, span: Span, origin: Origin = Origin.EXPLICIT, source: str = ""
    ) -> Field:
        given = _given(raw, span, origin, source)
        return given if given is not None else super().value(raw, span, origin, source)

    def items(
        self, raw: Any, span: Span, origin: Origin = Origin.EXPLICIT, source: str = ""
    ) -> Field:
        given = _given(raw, span, origin, source)
        return given if given is not None else super().items(raw, span, origin, source)

    def env(
        self, raw: Any, span: Span, origin: Origin = Origin.EXPLICIT, source: str = ""
    ) -> Field:
        given = _given(raw, span, origin, source)
        return given if given is not None else super().env(raw, span, origin, source)


def _given(raw: Any, span: Span, origin: Origin, source: str) -> Field | None:
    """The Field of a value the variables made (None for any other value): an unknown
    one keeps where it was taken from; an assumed or defaulted one says what from."""
    if not isinstance(raw, Given):
        return None
    if raw.origin is Origin.EXPLICIT:
        return Field(raw.value, span, origin, source)
    return Field(raw.value, span, raw.origin, raw.source)


def load_service(root: MDict, problems: list[LoadProblem]) -> Loaded:
    """The Stack of a service whose variables are resolved."""
    service = ServiceTemplate(root)
    template = service.build()
    builder = StackBuilder(resolver=ServiceResolver(template))
    builder.presence = resource_presence(template)
    load_resources(template, builder)
    functions = service.functions
    for name, body in functions.items():
        if isinstance(body, MDict) and name in builder.functions:
            load_events(builder, name, body)
    if service.generated_role_span is not None:
        builder.roles[GENERATED_ROLE] = Role(
            GENERATED_ROLE, service.generated_role_span, generated=True
        )
        # The framework writes the role's statements itself (provider.iam.role.statements,
        # logs, event sources, AWSLambdaVPCAccessExecutionRole for VPC functions); none of
        # that is modelled, so what it grants is never taken as the whole of it.
        builder.incomplete_roles.add(GENERATED_ROLE)
    for name, fn in list(builder.functions.items()):
        if name in service.function_names:
            served = replace(fn, kind="serverless")
            builder.functions[name] = _provisioned(builder, served, functions[name])
    return Loaded(builder.build(), problems)


def _provisioned(builder: StackBuilder, fn: Function, body: Any) -> Function:
    """``provisionedConcurrency``: the framework publishes a version for it and points
    its own alias (``provisioned``) at it, so it never applies to ``$LATEST``; the alias
    keeps that many environments ready (``ProvisionedConcurrentExecutions``)."""
    if not (isinstance(body, MDict) and is_set(body.get("provisionedConcurrency"))):
        return fn
    at = body.key_span("provisionedConcurrency")
    alias = Field(PROVISIONED_ALIAS, at, Origin.TOOL_DEFAULT, TOOL)
    if not isinstance(body["provisionedConcurrency"], (MDict, MList)):
        # ``Number(...)`` of an intrinsic is NaN to the framework: no amount to count.
        amount = builder.resolver.get(body, "provisionedConcurrency", at)
        builder.provisioned.append(ProvisionedConcurrency(fn.id, at, fn.id, amount, alias))
    return replace(fn, provisioned_concurrency=Field(True, at), auto_publish_alias=alias)
