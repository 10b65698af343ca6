"""Terraform JSON rendering of a plan: one ``main.tf.json`` module.

References are written as Terraform does (``${aws_sqs_queue.x.arn}``), policies as
JSON strings, redrive policies with ``jsonencode``; account and partition come from
``data`` sources, which lambda-lint deliberately leaves unknown.
"""

from __future__ import annotations

import json
from typing import Any

from .names import TfNames as N
from .plan import EnvValue, Function, Plan

MANAGED = {
    "basic": "service-role/AWSLambdaBasicExecutionRole",
    "vpc": "service-role/AWSLambdaVPCAccessExecutionRole",
    "sqs": "service-role/AWSLambdaSQSQueueExecutionRole",
    "xray": "AWSXRayDaemonWriteAccess",
}
PARTITION = "${data.aws_partition.current.partition}"
ACCOUNT = "${data.aws_caller_identity.current.account_id}"
SUBSTITUTIONS = {
    "${Stage}": "${var.stage}",
    "${LogLevel}": "${var.log_level}",
    "${AWS::Region}": "${var.region}",
}
VARIABLES = {"Stage": "stage", "LogLevel": "log_level", "ArtifactBucket": "artifact_bucket"}


def _policy(statements: list[dict[str, Any]]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))


def _value(value: EnvValue) -> str:
    if value.kind == "ref":
        return f"${{var.{VARIABLES[value.text]}}}"
    if value.kind == "sub":
        text = value.text
        for cfn, tf in SUBSTITUTIONS.items():
            text = text.replace(cfn, tf)
        return text
    return value.text


class _Module:
    """The ``resource`` block being filled, type by type."""

    def __init__(self) -> None:
        self.resource: dict[str, dict[str, Any]] = {}

    def add(self, rtype: str, name: str, body: dict[str, Any]) -> None:
        self.resource.setdefault(rtype, {})[name] = body

    def vpc(self, v: int) -> None:
        o = v + 1
        vpc = N.vpc(v)
        self.add(
            "aws_vpc",
            vpc,
            {
                "cidr_block": f"10.{o}.0.0/16",
                "enable_dns_support": True,
                "enable_dns_hostnames": True,
                "tags": {"Name": f"${{var.stage}}-workload-vpc-{o:02d}"},
            },
        )
        self.add("aws_internet_gateway", vpc, {"vpc_id": f"${{aws_vpc.{vpc}.id}}"})
        for kind, base in (("public", 0), ("private", 2)):
            for az, letter in ((0, "a"), (1, "b")):
                self.add(
                    "aws_subnet",
                    N.vpc(v, f"{kind}_{letter}"),
                    {
                        "vpc_id": f"${{aws_vpc.{vpc}.id}}",
                        "cidr_block": f"10.{o}.{base + az}.0/24",
                        "availability_zone": (
                            f"${{data.aws_availability_zones.available.names[{az}]}}"
                        ),
                    },
                )
        self.add("aws_eip", N.vpc(v, "nat"), {"domain": "vpc"})
        self.add(
            "aws_nat_gateway",
            vpc,
            {
                "allocation_id": f"${{aws_eip.{N.vpc(v, 'nat')}.id}}",
                "subnet_id": f"${{aws_subnet.{N.vpc(v, 'public_a')}.id}}",
                "depends_on": [f"aws_internet_gateway.{vpc}"],
            },
        )
        for kind in ("public", "private"):
            self.add("aws_route_table", N.vpc(v, kind), {"vpc_id": f"${{aws_vpc.{vpc}.id}}"})
        self.add(
            "aws_route",
            N.vpc(v, "public_default"),
            {
                "route_table_id": f"${{aws_route_table.{N.vpc(v, 'public')}.id}}",
                "destination_cidr_block": "0.0.0.0/0",
                "gateway_id": f"${{aws_internet_gateway.{vpc}.id}}",
            },
        )
        self.add(
            "aws_route",
            N.vpc(v, "private_default"),
            {
                "route_table_id": f"${{aws_route_table.{N.vpc(v, 'private')}.id}}",
                "destination_cidr_block": "0.0.0.0/0",
                "nat_gateway_id": f"${{aws_nat_gateway.{vpc}.id}}",
            },
        )
        for kind in ("public", "private"):
            for letter in ("a", "b"):
                self.add(
                    "aws_route_table_association",
                    N.vpc(v, f"{kind}_{letter}"),
                    {
                        "subnet_id": f"${{aws_subnet.{N.vpc(v, f'{kind}_{letter}')}.id}}",
                        "route_table_id": f"${{aws_route_table.{N.vpc(v, kind)}.id}}",
                    },
                )
        self.add(
            "aws_security_group",
            N.vpc(v, "lambda"),
            {
                "name": f"${{var.stage}}-vpc-{o:02d}-lambda",
                "description": f"Lambda functions in workload VPC {o:02d}",
                "vpc_id": f"${{aws_vpc.{vpc}.id}}",
                "egress": [
                    {
                        "description": "all egress",
                        "from_port": 0,
                        "to_port": 0,
                        "protocol": "-1",
                        "cidr_blocks": ["0.0.0.0/0"],
                        "ipv6_cidr_blocks": [],
                        "prefix_list_ids": [],
                        "security_groups": [],
                        "self": False,
                    }
                ],
            },
        )

    def layer(self, k: int) -> None:
        self.add(
            "aws_lambda_layer_version",
            N.layer(k),
            {
                "layer_name": f"${{var.stage}}-shared-layer-{k + 1:02d}",
                "description": f"Shared helpers {k + 1:02d}",
                "s3_bucket": "${var.artifact_bucket}",
                "s3_key": f"layers/shared-{k + 1:02d}/layer.zip",
                "compatible_runtimes": ["python3.12", "python3.13", "nodejs22.x"],
                "compatible_architectures": ["x86_64", "arm64"],
            },
        )

    def queues(self, fn: Function) -> None:
        if fn.sqs:
            window = 5 if fn.batch > 10 else 0
            queue: dict[str, Any] = {
                "name": f"${{var.stage}}-fn-{fn.num}-queue",
                "visibility_timeout_seconds": 6 * fn.timeout + window,
            }
            if fn.redrive:
                self.add(
                    "aws_sqs_queue",
                    N.queue_dlq(fn),
                    {
                        "name": f"${{var.stage}}-fn-{fn.num}-queue-dlq",
                        "message_retention_seconds": 1209600,
                    },
                )
                queue["redrive_policy"] = (
                    f"${{jsonencode({{deadLetterTargetArn = "
                    f"aws_sqs_queue.{N.queue_dlq(fn)}.arn, maxReceiveCount = 5}})}}"
                )
            self.add("aws_sqs_queue", N.queue(fn), queue)
        if fn.failure_dlq:
            self.add(
                "aws_sqs_queue",
                N.failures(fn),
                {
                    "name": f"${{var.stage}}-fn-{fn.num}-failures",
                    "message_retention_seconds": 1209600,
                },
            )

    def role(self, fn: Function) -> None:
        name = N.role(fn)
        assume = {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
        self.add(
            "aws_iam_role",
            name,
            {
                "name": f"${{var.stage}}-fn-{fn.num}-exec",
                "description": f"Execution role of {N.fn(fn)}",
                "assume_role_policy": _policy([assume]),
                "tags": {"team": fn.team},
            },
        )
        managed = ["basic"]
        managed += ["vpc"] if fn.vpc is not None or fn.vpc_role else []
        managed += ["sqs"] if fn.sqs else []
        managed += ["xray"] if fn.tracing else []
        for key in managed:
            self.add(
                "aws_iam_role_policy_attachment",
                f"{name}_{key}",
                {
                    "role": f"${{aws_iam_role.{name}.name}}",
                    "policy_arn": f"arn:{PARTITION}:iam::aws:policy/{MANAGED[key]}",
                },
            )
        ssm = f"arn:{PARTITION}:ssm:${{var.region}}:{ACCOUNT}:parameter/${{var.stage}}"
        statements: list[dict[str, Any]] = [
            {
                "Effect": "Allow",
                "Action": ["ssm:GetParameter", "ssm:GetParametersByPath"],
                "Resource": f"{ssm}/{fn.team}/fn-{fn.num}/*",
            }
        ]
        if fn.failure_dlq:
            statements.append(
                {
                    "Effect": "Allow",
                    "Action": "sqs:SendMessage",
                    "Resource": f"${{aws_sqs_queue.{N.failures(fn)}.arn}}",
                }
            )
        self.add(
            "aws_iam_role_policy",
            name,
            {
                "name": f"fn-{fn.num}-inline",
                "role": f"${{aws_iam_role.{name}.id}}",
                "policy": _policy(statements),
            },
        )

    def function(self, fn: Function, plan: Plan) -> None:
        self.queues(fn)
        if fn.role_owner == fn.index:
            self.role(fn)
        owner = plan.functions[fn.role_owner]
        variables = {key: _value(value) for key, value in fn.env}
        variables["LOG_LEVEL"] = "${var.log_level}"
        if fn.sqs:
            variables["QUEUE_URL"] = f"${{aws_sqs_queue.{N.queue(fn)}.url}}"
        if fn.failure_dlq:
            variables["FAILURE_QUEUE_ARN"] = f"${{aws_sqs_queue.{N.failures(fn)}.arn}}"
        body: dict[str, Any] = {
            "function_name": f"${{var.stage}}-{fn.team}-fn-{fn.num}",
            "description": f"{fn.team} handler {fn.num}",
            "s3_bucket": "${var.artifact_bucket}",
            "s3_key": f"functions/{fn.team}/fn-{fn.num}/{fn.code_hash}.zip",
            "runtime": fn.runtime,
            "handler": fn.handler,
            "architectures": [fn.arch],
            "memory_size": fn.memory,
            "timeout": fn.timeout,
            "role": f"${{aws_iam_role.{N.role(owner)}.arn}}",
            "environment": {"variables": variables},
        }
        if fn.tracing:
            body["tracing_config"] = {"mode": "Active"}
        if fn.vpc is not None:
            body["vpc_config"] = {
                "subnet_ids": [
                    f"${{aws_subnet.{N.vpc(fn.vpc, 'private_a')}.id}}",
                    f"${{aws_subnet.{N.vpc(fn.vpc, 'private_b')}.id}}",
                ],
                "security_group_ids": [f"${{aws_security_group.{N.vpc(fn.vpc, 'lambda')}.id}}"],
            }
        if fn.failure_dlq:
            body["dead_letter_config"] = {"target_arn": f"${{aws_sqs_queue.{N.failures(fn)}.arn}}"}
        if fn.layers:
            body["layers"] = [f"${{aws_lambda_layer_version.{N.layer(k)}.arn}}" for k in fn.layers]
        if fn.reserved is not None:
            body["reserved_concurrent_executions"] = fn.reserved
        if fn.alias is not None:
            body["publish"] = True
        body["tags"] = {"team": fn.team}
        self.add("aws_lambda_function", N.fn(fn), body)
        self.extras(fn)

    def extras(self, fn: Function) -> None:
        """Event source mapping, alias and log group of ``fn``."""
        name = N.fn(fn)
        if fn.sqs:
            mapping: dict[str, Any] = {
                "event_source_arn": f"${{aws_sqs_queue.{N.queue(fn)}.arn}}",
                "function_name": f"${{aws_lambda_function.{name}.arn}}",
                "batch_size": fn.batch,
                "enabled": True,
            }
            if fn.batch > 10:
                mapping["maximum_batching_window_in_seconds"] = 5
            mapping["function_response_types"] = ["ReportBatchItemFailures"]
            self.add("aws_lambda_event_source_mapping", name, mapping)
        if fn.alias is not None:
            alias: dict[str, Any] = {
                "name": "live",
                "function_name": f"${{aws_lambda_function.{name}.function_name}}",
                "function_version": f"${{aws_lambda_function.{name}.version}}",
            }
            if fn.alias == "weighted":
                alias["routing_config"] = {"additional_version_weights": {"1": fn.weight}}
            self.add("aws_lambda_alias", name, alias)
        if fn.log_retention is not None:
            self.add(
                "aws_cloudwatch_log_group",
                name,
                {
                    "name": f"/aws/lambda/${{var.stage}}-{fn.team}-fn-{fn.num}",
                    "retention_in_days": fn.log_retention,
                },
            )


def build(plan: Plan) -> dict[str, dict[str, Any]]:
    """The ``resource`` block of the module: bodies by type and name (the plan writer's input)."""
    module = _Module()
    for v in range(plan.vpcs):
        module.vpc(v)
    for k in range(plan.layers):
        module.layer(k)
    for fn in plan.functions:
        module.function(fn, plan)
    return module.resource


def render(plan: Plan) -> str:
    """The plan as one Terraform JSON file (``main.tf.json``)."""
    doc = {
        "//": f"lambda-lint benchmark workload, {plan.size} functions, seed {plan.seed}",
        "terraform": {
            "required_providers": {"aws": {"source": "hashicorp/aws", "version": ">= 5.0"}},
        },
        "provider": {"aws": {"region": "${var.region}"}},
        "variable": {
            "region": {"type": "string", "default": "eu-west-1"},
            "stage": {"type": "string", "default": "dev"},
            "log_level": {"type": "string", "default": "INFO"},
            "artifact_bucket": {"type": "string", "default": "workload-artifacts-bucket"},
        },
        "data": {
            "aws_partition": {"current": {}},
            "aws_caller_identity": {"current": {}},
            "aws_availability_zones": {"available": {"state": "available"}},
        },
        "resource": build(plan),
    }
    return json.dumps(doc, indent=2) + "\n"
