"""LL111: a function behind API Gateway may run longer than its integration waits."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import (
    HTTP_API,
    REST_API,
    WEBSOCKET_API,
    Field,
    Integration,
    Stack,
    as_number,
)
from lambda_lint.rule import Rule, Severity, Violation

# docs/aws-facts.md#api-gateway-integration-timeouts: 29 s for REST (the default, and the
# most without a quota increase) and WebSocket APIs, 30 s for HTTP APIs (hard).
_REST_CEILING_MS = 29_000


class TimeoutExceedsIntegration(Rule):
    """The function's timeout is longer than the API Gateway integration in front of it waits.

    ## What it does
    For every API Gateway integration that invokes a function of the template or
    module (a SAM `Api` or `HttpApi` event, an `AWS::ApiGateway::Method` or
    `AWS::ApiGatewayV2::Integration` whose URI names the function, a Terraform
    `aws_api_gateway_integration` or `aws_apigatewayv2_integration`), compares the
    function's `Timeout` (AWS default 3 s; inherited from SAM `Globals` too) with
    the integration timeout (`TimeoutInMillis`, `timeout_milliseconds`; when unset,
    29 s for REST and WebSocket APIs, 30 s for HTTP APIs) and reports the function
    when it may run longer. Every `Fn::If` branch and parameter or variable default
    is compared; unresolved values are not. Application Load Balancer targets are
    not judged: AWS documents no Lambda-specific timeout for them.

    ## Why is this bad?
    API Gateway stops waiting when the integration times out and answers the
    client `504 Gateway Timeout`, while the function keeps running (and is
    billed) until its own timeout: the work it finishes after that point is never
    returned. A REST API allows 29 s unless the account's quota was raised (only
    Regional and private APIs can be); an HTTP API allows 30 s and no more.

    ## Example
    ```yaml
    Api:
      Type: AWS::Serverless::Function
      Properties:
        Timeout: 60
        Events:
          Get: {Type: Api, Properties: {Path: /, Method: get}}
    ```

    ## Use instead
    Keep the function's timeout within the integration's (`Timeout: 29` or less),
    or hand long work to an asynchronous invocation, a queue or Step Functions and
    return at once.

    ## References
    - docs/aws-facts.md#api-gateway-integration-timeouts
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
    """

    code = "LL111"
    name = "timeout-exceeds-integration"
    messages: ClassVar[Mapping[str, str]] = {
        "rest": (
            "timeout {timeout} s{timeout_note} is longer than the {limit} s integration "
            "timeout{limit_note} of REST API integration {integration}: API Gateway answers "
            "504 while the function runs on (29 s is the REST API limit unless the account's "
            "quota was raised, which only Regional and private APIs allow)"
        ),
        "rest-raised": (
            "timeout {timeout} s{timeout_note} is longer than the {limit} s integration "
            "timeout{limit_note} of REST API integration {integration}, raised above the 29 s "
            "default (which needs a quota increase for a Regional or private API): API "
            "Gateway answers 504 while the function runs on"
        ),
        "http": (
            "timeout {timeout} s{timeout_note} is longer than the {limit} s integration "
            "timeout{limit_note} of HTTP API integration {integration}: API Gateway answers "
            "504 while the function runs on (an HTTP API waits 30 s at most, not adjustable)"
        ),
        "websocket": (
            "timeout {timeout} s{timeout_note} is longer than the {limit} s integration "
            "timeout{limit_note} of WebSocket API integration {integration}: API Gateway "
            "gives up on the request while the function runs on (a WebSocket API waits 29 s "
            "at most)"
        ),
        "v2": (
            "timeout {timeout} s{timeout_note} is longer than the {limit} s integration "
            "timeout{limit_note} of API Gateway integration {integration} (an HTTP API waits "
            "30 s at most, a WebSocket API 29 s): API Gateway gives up on the request while "
            "the function runs on"
        ),
    }
    severity = Severity.WARNING
    help_url = (
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/"
        "api-gateway-execution-service-limits-table.html"
    )

    def check(self, stack: Stack) -> Iterator[Violation]:
        by_function: dict[str, list[Integration]] = {}
        for integration in stack.integrations:
            function = integration.function
            if function is not None and function in stack.functions:
                by_function.setdefault(function, []).append(integration)
        for function, integrations in by_function.items():
            # One finding per function, about the integration it overruns the most.
            worst: tuple[float, Integration, Field, Field, float, float] | None = None
            for integration in integrations:
                for timeout in stack.functions[function].timeout.candidates():
                    seconds = as_number(timeout.value) if timeout.is_known else None
                    for limit in integration.timeout.candidates():
                        waits = as_number(limit.value) if limit.is_known else None
                        if seconds is None or waits is None or seconds * 1000 <= waits:
                            continue
                        if worst is None or seconds * 1000 - waits > worst[0]:
                            excess = seconds * 1000 - waits
                            worst = (excess, integration, timeout, limit, seconds, waits)
            if worst is None:
                continue
            _, integration, timeout, limit, seconds, waits = worst
            yield self.violation(
                function,
                timeout,
                "integration-timeout",
                template=_template(integration.api, waits),
                timeout=_number(seconds),
                timeout_note=timeout.assumed_note,
                limit=_number(waits / 1000),
                limit_note=limit.assumed_note,
                integration=integration.id,
            )


def _template(api: str, waits: float) -> str:
    if api == REST_API:
        return "rest-raised" if waits > _REST_CEILING_MS else "rest"
    if api == HTTP_API:
        return "http"
    if api == WEBSOCKET_API:
        return "websocket"
    return "v2"


def _number(value: float) -> str:
    """``29`` for whole numbers, ``0.5`` otherwise."""
    return f"{value:g}"
