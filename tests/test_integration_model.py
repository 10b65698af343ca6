"""The model of API integrations, event invoke configs and redrive counts, per spelling.

Rule fixtures check what LL111, LL406 and LL408 report; these check the values the loaders
give the model where a fixture would not show them: the kind of API, the default timeout,
the override resource of a redrive policy, a malformed or unknown value.
"""

from __future__ import annotations

from lambda_lint.loaders.cloudformation.template import load_template
from lambda_lint.loaders.terraform.hcl import parse_hcl
from lambda_lint.loaders.terraform.module import ModuleFiles, load_module
from lambda_lint.model import HTTP_API, MISSING, WEBSOCKET_API, Origin, Unresolved
from lambda_lint.parsing import parse_text

HCL = """
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/r"
  s3_bucket     = "b"
  s3_key        = "k"
}
resource "aws_apigatewayv2_api" "ws" {
  name          = "ws"
  protocol_type = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}
resource "aws_apigatewayv2_integration" "ws" {
  api_id           = aws_apigatewayv2_api.ws.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.fn.invoke_arn
}
resource "aws_apigatewayv2_integration" "elsewhere" {
  api_id           = var.api_id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.fn.arn
  timeout_milliseconds = 12000
}
resource "aws_api_gateway_integration" "not_lambda" {
  rest_api_id = "abc"
  resource_id = "def"
  http_method = "GET"
  type        = "HTTP_PROXY"
  uri         = "https://example.com"
}
resource "aws_sqs_queue" "q" {
  name           = "q"
  redrive_policy = jsonencode({
    deadLetterTargetArn = "arn:aws:sqs:us-east-1:1:d", maxReceiveCount = 3
  })
}
resource "aws_sqs_queue_redrive_policy" "q" {
  queue_url      = aws_sqs_queue.q.id
  redrive_policy = "{\\"deadLetterTargetArn\\": \\"d\\", \\"maxReceiveCount\\": 7}"
}
resource "aws_sqs_queue" "plain" {
  name = "plain"
}
resource "aws_lambda_function_event_invoke_config" "c" {
  function_name          = aws_lambda_function.fn.function_name
  maximum_retry_attempts = 1
}
variable "api_id" {}
"""


def test_terraform_integrations_queues_and_invoke_configs() -> None:
    stack, _ = load_module(ModuleFiles({"main.tf": parse_hcl(HCL, "main.tf").root}))
    found = {
        i.id: (i.api, i.function, i.timeout.value, i.timeout.origin) for i in stack.integrations
    }
    assert found == {
        "aws_apigatewayv2_integration.ws": (
            WEBSOCKET_API,
            "aws_lambda_function.fn",
            29_000,
            Origin.AWS_DEFAULT,
        ),
        # An API declared elsewhere: its kind is unknown, the written timeout stands.
        "aws_apigatewayv2_integration.elsewhere": (
            "",
            "aws_lambda_function.fn",
            12_000,
            Origin.EXPLICIT,
        ),
    }
    # The separate redrive policy resource replaces the queue's own.
    assert stack.queues["aws_sqs_queue.q"].max_receive_count.value == 7  # type: ignore[union-attr]
    assert stack.queues["aws_sqs_queue.plain"].max_receive_count.value is MISSING  # type: ignore[union-attr]
    [config] = stack.invoke_configs
    assert (config.function, config.maximum_retry_attempts.value) == ("aws_lambda_function.fn", 1)
    assert config.maximum_event_age.is_missing


TEMPLATE = """
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Role: arn:aws:iam::123456789012:role/r, Code: {S3Bucket: b, S3Key: k}}
  Alias:
    Type: AWS::Lambda::Alias
    Properties: {FunctionName: !Ref Fn, FunctionVersion: "1", Name: live}
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: h, ProtocolType: HTTP}
  ViaAlias:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Http
      IntegrationType: AWS_PROXY
      IntegrationUri: !Join
        - ""
        - ["arn:aws:apigateway:", !Ref "AWS::Region", ":lambda:path/2015-03-31/functions/",
           !Ref Alias, "/invocations"]
  Mock:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      ResourceId: r
      RestApiId: a
      Integration: {Type: MOCK}
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: '{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:1:d", "maxReceiveCount": "4"}'
  Broken:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: 'not json'
  Config:
    Type: AWS::Lambda::EventInvokeConfig
    Properties: {FunctionName: !Ref Alias, Qualifier: live, MaximumEventAgeInSeconds: 90}
"""


def test_cloudformation_integrations_queues_and_invoke_configs() -> None:
    stack = load_template(parse_text(TEMPLATE, "t.yaml").root)
    assert [(i.id, i.api, i.function, i.timeout.value) for i in stack.integrations] == [
        ("ViaAlias", HTTP_API, "Fn", 30_000)
    ]
    assert stack.queues["Queue"].max_receive_count.value == "4"  # type: ignore[union-attr]
    broken = stack.queues["Broken"].max_receive_count
    assert broken is not None and isinstance(broken.value, Unresolved)
    [config] = stack.invoke_configs
    assert (config.function, config.maximum_event_age.value) == ("Fn", 90)
