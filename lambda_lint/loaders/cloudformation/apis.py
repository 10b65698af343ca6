"""API Gateway integrations and event invoke configs of a CloudFormation or SAM template.

``AWS::ApiGateway::Method`` (REST) and ``AWS::ApiGatewayV2::Integration`` (HTTP or
WebSocket, from the ``ProtocolType`` of the API it names) become :class:`Integration`s
when their URI names a function of the template; SAM ``Api`` and ``HttpApi`` events
become the integrations the transform generates. ``AWS::Lambda::EventInvokeConfig`` and
SAM's ``EventInvokeConfig`` become :class:`InvokeConfig`s.
"""

from __future__ import annotations

from typing import Any

from lambda_lint.loaders.cloudformation.graph import references_in
from lambda_lint.loaders.cloudformation.resources import StackBuilder, child, function_id
from lambda_lint.loaders.cloudformation.values import ENTITY_KINDS
from lambda_lint.model import (
    HTTP_API,
    REST_API,
    WEBSOCKET_API,
    EntityKind,
    EntityRef,
    Field,
    Integration,
    InvokeConfig,
    default_integration_timeout,
)
from lambda_lint.parsing import MDict
from lambda_lint.span import Span

# SAM event types that put an API Gateway integration in front of the function.
API_EVENTS = {"Api": REST_API, "HttpApi": HTTP_API}
_FUNCTION_KINDS = (EntityKind.FUNCTION, EntityKind.ALIAS, EntityKind.VERSION)
_V2_API = "AWS::ApiGatewayV2::Api"
_PROTOCOLS = {"HTTP": HTTP_API, "WEBSOCKET": WEBSOCKET_API}


def _invoked_function(b: StackBuilder, node: Any, span: Span, resources: MDict) -> str | None:
    """The function an integration URI invokes (through an alias or version too), if it
    names one of the template's: ``!GetAtt Fn.Arn`` or ``!Sub ...${Fn.Arn}/invocations``."""
    for name in references_in(node) if isinstance(node, dict) else ():
        kind = ENTITY_KINDS.get(b.resolver.resource_types.get(name, ""))
        if kind is None or kind not in _FUNCTION_KINDS:
            continue
        found = function_id(b.resolver, Field(EntityRef(kind, name), span), resources)
        if found is not None:
            return found
    return None


def load_method(b: StackBuilder, name: str, props: MDict, span: Span, resources: MDict) -> None:
    """``AWS::ApiGateway::Method``: a REST API method whose integration invokes a function."""
    integration = child(props, "Integration")
    if integration is None:
        return
    function = _invoked_function(b, integration.get("Uri"), span, resources)
    if function is None:
        return
    timeout = b.resolver.get(
        integration, "TimeoutInMillis", span, default_integration_timeout(REST_API)
    )
    b.integrations.append(Integration(name, span, REST_API, function, timeout))


def load_v2_integration(
    b: StackBuilder, name: str, props: MDict, span: Span, resources: MDict
) -> None:
    """``AWS::ApiGatewayV2::Integration`` whose ``IntegrationUri`` names a function."""
    function = _invoked_function(b, props.get("IntegrationUri"), span, resources)
    if function is None:
        return
    api = _protocol(b, props.get("ApiId"), resources)
    timeout = b.resolver.get(props, "TimeoutInMillis", span, default_integration_timeout(api))
    b.integrations.append(Integration(name, span, api, function, timeout))


def _protocol(b: StackBuilder, api_id: Any, resources: MDict) -> str:
    """HTTP or WebSocket, from the ``ProtocolType`` of the API the integration names; ""
    when the API or its protocol is not visible."""
    names = references_in(api_id) if isinstance(api_id, dict) else []
    for name in names:
        if b.resolver.resource_types.get(name) != _V2_API:
            continue
        props = child(resources.get(name), "Properties")
        protocol = b.resolver.get(props, "ProtocolType", resources.key_span(name)).value
        return _PROTOCOLS.get(protocol, "") if isinstance(protocol, str) else ""
    return ""


def sam_api_integration(
    b: StackBuilder, function: str, event_id: str, event_type: str, props: MDict, span: Span
) -> None:
    """The integration SAM makes for an ``Api`` or ``HttpApi`` event of ``function``."""
    api = API_EVENTS[event_type]
    timeout = b.resolver.get(props, "TimeoutInMillis", span, default_integration_timeout(api))
    b.integrations.append(Integration(event_id, span, api, function, timeout))


def load_invoke_config(
    b: StackBuilder, name: str, props: MDict, span: Span, resources: MDict
) -> None:
    """``AWS::Lambda::EventInvokeConfig``."""
    target = function_id(b.resolver, b.resolver.get(props, "FunctionName", span), resources)
    b.invoke_configs.append(invoke_config(b, name, props, span, target))


def invoke_config(
    b: StackBuilder, name: str, config: MDict, span: Span, function: str | None
) -> InvokeConfig:
    """The retry settings of an event invoke config (its own resource or SAM's property)."""
    r = b.resolver
    return InvokeConfig(
        name,
        span,
        function,
        r.get(config, "MaximumRetryAttempts", span),
        r.get(config, "MaximumEventAgeInSeconds", span),
    )
