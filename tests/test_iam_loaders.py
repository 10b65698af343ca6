"""Every place a template grants a role permissions reaches ``Stack.permissions``."""

from __future__ import annotations

from pathlib import Path

from lambda_lint.loaders.cloudformation.template import load_template
from lambda_lint.loaders.terraform.hcl import parse_hcl
from lambda_lint.loaders.terraform.module import ModuleFiles, load_module
from lambda_lint.model import EntityKind, EntityRef, Stack, may
from lambda_lint.parsing import parse_text

CFN = """
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  RoleName: {Type: String}
Resources:
  Queue: {Type: AWS::SQS::Queue}
  Inline:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]
      Policies:
        - PolicyName: send
          PolicyDocument:
            Statement: [{Effect: Allow, Action: sqs:SendMessage, Resource: !GetAtt Queue.Arn}]
  Attached:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns: [!Ref Managed]
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement: [{Effect: Allow, Action: ["ec2:*"], Resource: "*"}]
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      Roles: [!Ref Attached]
      PolicyDocument:
        Statement: [{Effect: Deny, Action: ec2:DeleteNetworkInterface, Resource: "*"}]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      VpcConfig: {SubnetIds: [subnet-1], SecurityGroupIds: [sg-1]}
      Policies:
        - SQSSendMessagePolicy: {QueueName: !GetAtt Queue.QueueName}
"""

HCL = """
resource "aws_sqs_queue" "q" {}
resource "aws_iam_role" "json" { name = "json" }
resource "aws_iam_role_policy" "json" {
  role = aws_iam_role.json.id
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:SendMessage"] # the DLQ
      Resource = aws_sqs_queue.q.arn
    }]
  })
}
resource "aws_iam_role" "document" { name = "document" }
data "aws_iam_policy_document" "eni" {
  statement {
    actions   = ["ec2:CreateNetworkInterface"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "eni" { policy = data.aws_iam_policy_document.eni.json }
resource "aws_iam_role_policy_attachment" "eni" {
  role       = aws_iam_role.document.name
  policy_arn = aws_iam_policy.eni.arn
}
resource "aws_iam_role" "text" {
  name = "text"
  inline_policy {
    policy = <<-EOT
      {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    EOT
  }
}
"""


def cfn() -> Stack:
    return load_template(parse_text(CFN, "t.yaml").root)


def test_cloudformation_and_sam_grants() -> None:
    stack = cfn()
    queue = EntityRef(EntityKind.QUEUE, "Queue")
    inline = stack.permissions["Inline"]
    assert may(inline, "sqs:SendMessage", queue) is True
    assert may(inline, "ec2:CreateNetworkInterface") is True
    assert may(inline, "s3:PutObject") is False
    attached = stack.permissions["Attached"]
    assert may(attached, "ec2:CreateNetworkInterface") is True
    assert may(attached, "ec2:DeleteNetworkInterface") is False  # the attached Deny
    generated = stack.permissions["FnRole"]
    assert may(generated, "sqs:SendMessage", queue) is True  # the policy template
    assert may(generated, "ec2:CreateNetworkInterface") is True  # SAM adds the VPC policy
    assert may(generated, "logs:PutLogEvents") is True


def test_a_policy_for_a_role_that_does_not_resolve_may_grant_any_role() -> None:
    text = (
        CFN
        + """  Unknown:
    Type: AWS::IAM::Policy
    Properties:
      Roles: [!Ref RoleName]
      PolicyDocument: {Statement: []}
"""
    )
    stack = load_template(parse_text(text, "t.yaml").root)
    assert may(stack.permissions["Inline"], "s3:PutObject") is None


def test_terraform_grants(tmp_path: Path) -> None:
    doc = parse_hcl(HCL, "main.tf")
    stack, problems = load_module(ModuleFiles({"main.tf": doc.root}))
    assert problems == []
    queue = EntityRef(EntityKind.QUEUE, "aws_sqs_queue.q")
    assert may(stack.permissions["aws_iam_role.json"], "sqs:SendMessage", queue) is True
    assert may(stack.permissions["aws_iam_role.json"], "s3:PutObject") is False
    document = stack.permissions["aws_iam_role.document"]
    assert may(document, "ec2:CreateNetworkInterface") is True
    assert may(document, "ec2:DeleteNetworkInterface") is False
    assert may(stack.permissions["aws_iam_role.text"], "s3:PutObject") is True
