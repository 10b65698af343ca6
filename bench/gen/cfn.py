"""CloudFormation and SAM renderings of a plan (YAML with short-form intrinsics).

The CloudFormation rendering is meant to pass cfn-lint with no E-level error but the
planted ones, so every property follows the resource schemas (and a stack of more
than 500 resources is a stress workload, not a deployable stack).
"""

from __future__ import annotations

from typing import Any

from .names import CfnNames as N
from .plan import Function, Plan
from .yaml_out import Tag, dump

MANAGED = {
    "basic": "service-role/AWSLambdaBasicExecutionRole",
    "vpc": "service-role/AWSLambdaVPCAccessExecutionRole",
    "sqs": "service-role/AWSLambdaSQSQueueExecutionRole",
    "xray": "AWSXRayDaemonWriteAccess",
}
ACCOUNT_ARN = "arn:${AWS::Partition}:{service}:${AWS::Region}:${AWS::AccountId}:"


def ref(name: str) -> Tag:
    return Tag("!Ref", name)


def getatt(name: str) -> Tag:
    return Tag("!GetAtt", name)


def sub(text: str, long_form: bool = False) -> Any:
    return {"Fn::Sub": text} if long_form else Tag("!Sub", text)


def _env_value(fn: Function, key: str) -> Any:
    value = dict(fn.env)[key]
    if value.kind == "ref":
        return ref(value.text)
    if value.kind == "sub":
        return sub(value.text, value.long_form)
    return value.text


def _vpc(v: int) -> dict[str, Any]:
    """A VPC with public subnets (NAT, IGW route) and private subnets routed through NAT."""
    o = v + 1
    res: dict[str, Any] = {
        N.vpc(v): {
            "Type": "AWS::EC2::VPC",
            "Properties": {
                "CidrBlock": f"10.{o}.0.0/16",
                "EnableDnsSupport": True,
                "EnableDnsHostnames": True,
                "Tags": [{"Key": "Name", "Value": sub(f"${{Stage}}-workload-vpc-{o:02d}")}],
            },
        },
        N.vpc(v, "Igw"): {"Type": "AWS::EC2::InternetGateway"},
        N.vpc(v, "IgwAttachment"): {
            "Type": "AWS::EC2::VPCGatewayAttachment",
            "Properties": {"VpcId": ref(N.vpc(v)), "InternetGatewayId": ref(N.vpc(v, "Igw"))},
        },
    }
    for kind, base in (("Public", 0), ("Private", 2)):
        for az, letter in ((0, "A"), (1, "B")):
            res[N.vpc(v, f"{kind}Subnet{letter}")] = {
                "Type": "AWS::EC2::Subnet",
                "Properties": {
                    "VpcId": ref(N.vpc(v)),
                    "CidrBlock": f"10.{o}.{base + az}.0/24",
                    "AvailabilityZone": Tag("!Select", [az, Tag("!GetAZs", "")]),
                },
            }
    res[N.vpc(v, "NatEip")] = {
        "Type": "AWS::EC2::EIP",
        "DependsOn": N.vpc(v, "IgwAttachment"),
        "Properties": {"Domain": "vpc"},
    }
    res[N.vpc(v, "NatGateway")] = {
        "Type": "AWS::EC2::NatGateway",
        "Properties": {
            "AllocationId": getatt(N.vpc(v, "NatEip.AllocationId")),
            "SubnetId": ref(N.vpc(v, "PublicSubnetA")),
        },
    }
    for kind in ("Public", "Private"):
        res[N.vpc(v, f"{kind}RouteTable")] = {
            "Type": "AWS::EC2::RouteTable",
            "Properties": {"VpcId": ref(N.vpc(v))},
        }
    res[N.vpc(v, "PublicDefaultRoute")] = {
        "Type": "AWS::EC2::Route",
        "DependsOn": N.vpc(v, "IgwAttachment"),
        "Properties": {
            "RouteTableId": ref(N.vpc(v, "PublicRouteTable")),
            "DestinationCidrBlock": "0.0.0.0/0",
            "GatewayId": ref(N.vpc(v, "Igw")),
        },
    }
    res[N.vpc(v, "PrivateDefaultRoute")] = {
        "Type": "AWS::EC2::Route",
        "Properties": {
            "RouteTableId": ref(N.vpc(v, "PrivateRouteTable")),
            "DestinationCidrBlock": "0.0.0.0/0",
            "NatGatewayId": ref(N.vpc(v, "NatGateway")),
        },
    }
    for kind in ("Public", "Private"):
        for letter in ("A", "B"):
            res[N.vpc(v, f"{kind}Subnet{letter}Routes")] = {
                "Type": "AWS::EC2::SubnetRouteTableAssociation",
                "Properties": {
                    "SubnetId": ref(N.vpc(v, f"{kind}Subnet{letter}")),
                    "RouteTableId": ref(N.vpc(v, f"{kind}RouteTable")),
                },
            }
    res[N.vpc(v, "LambdaSecurityGroup")] = {
        "Type": "AWS::EC2::SecurityGroup",
        "Properties": {
            "GroupDescription": f"Lambda functions in workload VPC {o:02d}",
            "VpcId": ref(N.vpc(v)),
            "SecurityGroupEgress": [
                {"IpProtocol": "-1", "CidrIp": "0.0.0.0/0", "Description": "all egress"}
            ],
        },
    }
    return res


def _layer(k: int, sam: bool) -> dict[str, Any]:
    key = f"layers/shared-{k + 1:02d}/layer.zip"
    props: dict[str, Any] = {
        "LayerName": sub(f"${{Stage}}-shared-layer-{k + 1:02d}"),
        "Description": f"Shared helpers {k + 1:02d}",
    }
    if sam:
        props["ContentUri"] = {"Bucket": ref("ArtifactBucket"), "Key": key}
        props["CompatibleRuntimes"] = ["python3.12", "python3.13", "nodejs22.x"]
        return {"Type": "AWS::Serverless::LayerVersion", "Properties": props}
    props["Content"] = {"S3Bucket": ref("ArtifactBucket"), "S3Key": key}
    props["CompatibleRuntimes"] = ["python3.12", "python3.13", "nodejs22.x"]
    props["CompatibleArchitectures"] = ["x86_64", "arm64"]
    return {"Type": "AWS::Lambda::LayerVersion", "Properties": props}


def _queues(fn: Function) -> dict[str, Any]:
    res: dict[str, Any] = {}
    if fn.sqs:
        window = 5 if fn.batch > 10 else 0
        props: dict[str, Any] = {
            "QueueName": sub(f"${{Stage}}-fn-{fn.num}-queue"),
            "VisibilityTimeout": 6 * fn.timeout + window,
        }
        if fn.redrive:
            res[N.queue_dlq(fn)] = {
                "Type": "AWS::SQS::Queue",
                "Properties": {
                    "QueueName": sub(f"${{Stage}}-fn-{fn.num}-queue-dlq"),
                    "MessageRetentionPeriod": 1209600,
                },
            }
            props["RedrivePolicy"] = {
                "deadLetterTargetArn": getatt(N.queue_dlq(fn) + ".Arn"),
                "maxReceiveCount": 5,
            }
        res[N.queue(fn)] = {"Type": "AWS::SQS::Queue", "Properties": props}
    if fn.failure_dlq:
        res[N.failures(fn)] = {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "QueueName": sub(f"${{Stage}}-fn-{fn.num}-failures"),
                "MessageRetentionPeriod": 1209600,
            },
        }
    return res


def _role(fn: Function) -> dict[str, Any]:
    managed = ["basic"]
    managed += ["vpc"] if fn.vpc is not None or fn.vpc_role else []
    managed += ["sqs"] if fn.sqs else []
    managed += ["xray"] if fn.tracing else []
    ssm = ACCOUNT_ARN.replace("{service}", "ssm") + f"parameter/${{Stage}}/{fn.team}/fn-{fn.num}/*"
    statements: list[dict[str, Any]] = [
        {
            "Effect": "Allow",
            "Action": ["ssm:GetParameter", "ssm:GetParametersByPath"],
            "Resource": sub(ssm),
        }
    ]
    if fn.failure_dlq:
        statements.append(
            {
                "Effect": "Allow",
                "Action": "sqs:SendMessage",
                "Resource": getatt(N.failures(fn) + ".Arn"),
            }
        )
    return {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "Description": f"Execution role of {N.fn(fn)}",
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "lambda.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            },
            "ManagedPolicyArns": [
                sub("arn:${AWS::Partition}:iam::aws:policy/" + MANAGED[m]) for m in managed
            ],
            "Policies": [
                {
                    "PolicyName": f"fn-{fn.num}-inline",
                    "PolicyDocument": {"Version": "2012-10-17", "Statement": statements},
                }
            ],
            "Tags": [{"Key": "team", "Value": fn.team}],
        },
    }


def _function_properties(fn: Function, plan: Plan, sam: bool) -> dict[str, Any]:
    code_key = f"functions/{fn.team}/fn-{fn.num}/{fn.code_hash}.zip"
    p: dict[str, Any] = {}
    if fn.named:
        p["FunctionName"] = sub(f"${{Stage}}-{fn.team}-fn-{fn.num}")
    p["Description"] = f"{fn.team} handler {fn.num}"
    if sam:
        p["CodeUri"] = {"Bucket": ref("ArtifactBucket"), "Key": code_key}
    else:
        p["Code"] = {"S3Bucket": ref("ArtifactBucket"), "S3Key": code_key}
    p["Runtime"] = fn.runtime
    p["Handler"] = fn.handler
    p["Architectures"] = [fn.arch]
    p["MemorySize"] = fn.memory
    p["Timeout"] = fn.timeout
    if sam and fn.sam_policies:
        ssm = f"${{Stage}}/{fn.team}/fn-{fn.num}/*"
        p["Policies"] = [{"SSMParameterReadPolicy": {"ParameterName": sub(ssm)}}]
        if fn.failure_dlq:
            queue_name = {"QueueName": getatt(N.failures(fn) + ".QueueName")}
            p["Policies"].append({"SQSSendMessagePolicy": queue_name})
    else:
        p["Role"] = getatt(N.role(plan.functions[fn.role_owner]) + ".Arn")
    variables = {key: _env_value(fn, key) for key, _ in fn.env}
    if not sam:
        variables["LOG_LEVEL"] = ref("LogLevel")  # SAM: from Globals
    if fn.sqs:
        variables["QUEUE_URL"] = ref(N.queue(fn))
    if fn.failure_dlq:
        variables["FAILURE_QUEUE_ARN"] = getatt(N.failures(fn) + ".Arn")
    p["Environment"] = {"Variables": variables}
    if fn.tracing:
        if sam:
            p["Tracing"] = "Active"
        else:
            p["TracingConfig"] = {"Mode": "Active"}
    if fn.vpc is not None:
        p["VpcConfig"] = {
            "SecurityGroupIds": [ref(N.vpc(fn.vpc, "LambdaSecurityGroup"))],
            "SubnetIds": [
                ref(N.vpc(fn.vpc, "PrivateSubnetA")),
                ref(N.vpc(fn.vpc, "PrivateSubnetB")),
            ],
        }
    if fn.failure_dlq:
        dlq_arn = getatt(N.failures(fn) + ".Arn")
        if sam:
            p["DeadLetterQueue"] = {"Type": "SQS", "TargetArn": dlq_arn}
        else:
            p["DeadLetterConfig"] = {"TargetArn": dlq_arn}
    if fn.layers:
        p["Layers"] = [ref(N.layer(k)) for k in fn.layers]
    if fn.reserved is not None:
        p["ReservedConcurrentExecutions"] = fn.reserved
    return p


def _function(fn: Function, plan: Plan, sam: bool) -> dict[str, Any]:
    res = _queues(fn)
    if fn.role_owner == fn.index and not (sam and fn.sam_policies):
        res[N.role(fn)] = _role(fn)
    p = _function_properties(fn, plan, sam)
    if sam:
        p["Tags"] = {"team": fn.team}
        if fn.alias == "plain":
            p["AutoPublishAlias"] = "live"
            if fn.deploy_preference:
                p["DeploymentPreference"] = {"Type": "Canary10Percent5Minutes"}
        if fn.sqs:
            event: dict[str, Any] = {"Queue": getatt(N.queue(fn) + ".Arn"), "BatchSize": fn.batch}
            if fn.batch > 10:
                event["MaximumBatchingWindowInSeconds"] = 5
            event["FunctionResponseTypes"] = ["ReportBatchItemFailures"]
            p["Events"] = {"Jobs": {"Type": "SQS", "Properties": event}}
        res[N.fn(fn)] = {"Type": "AWS::Serverless::Function", "Properties": p}
    else:
        p["Tags"] = [{"Key": "team", "Value": fn.team}]
        res[N.fn(fn)] = {"Type": "AWS::Lambda::Function", "Properties": p}
        if fn.sqs:
            mapping: dict[str, Any] = {
                "EventSourceArn": getatt(N.queue(fn) + ".Arn"),
                "FunctionName": ref(N.fn(fn)),
                "BatchSize": fn.batch,
                "Enabled": True,
            }
            if fn.batch > 10:
                mapping["MaximumBatchingWindowInSeconds"] = 5
            mapping["FunctionResponseTypes"] = ["ReportBatchItemFailures"]
            res[N.mapping(fn)] = {"Type": "AWS::Lambda::EventSourceMapping", "Properties": mapping}
    if fn.alias == "weighted" or (fn.alias == "plain" and not sam):
        res[N.version(fn)] = {
            "Type": "AWS::Lambda::Version",
            "Properties": {"FunctionName": ref(N.fn(fn)), "Description": f"release {fn.code_hash}"},
        }
        alias: dict[str, Any] = {
            "Name": "live",
            "FunctionName": ref(N.fn(fn)),
            "FunctionVersion": getatt(N.version(fn) + ".Version"),
        }
        if fn.alias == "weighted":
            weights = [{"FunctionVersion": "1", "FunctionWeight": fn.weight}]
            alias["RoutingConfig"] = {"AdditionalVersionWeights": weights}
        res[N.alias(fn)] = {"Type": "AWS::Lambda::Alias", "Properties": alias}
    if fn.log_retention is not None:
        name = f"/aws/lambda/${{{N.fn(fn)}}}"
        res[N.log_group(fn)] = {
            "Type": "AWS::Logs::LogGroup",
            "Properties": {"LogGroupName": sub(name), "RetentionInDays": fn.log_retention},
        }
    return res


def render(plan: Plan, sam: bool) -> str:
    """The plan as one CloudFormation (or SAM) YAML template."""
    doc: dict[str, Any] = {"AWSTemplateFormatVersion": "2010-09-09"}
    if sam:
        doc["Transform"] = "AWS::Serverless-2016-10-31"
    kind = "SAM" if sam else "CloudFormation"
    doc["Description"] = f"lambda-lint benchmark workload, {plan.size} functions, seed {plan.seed}"
    doc["Description"] += f" ({kind})"
    doc["Parameters"] = {
        "Stage": {"Type": "String", "Default": "dev", "AllowedValues": ["dev", "staging", "prod"]},
        "LogLevel": {
            "Type": "String",
            "Default": "INFO",
            "AllowedValues": ["DEBUG", "INFO", "WARN", "ERROR"],
        },
        "ArtifactBucket": {"Type": "String", "Default": "workload-artifacts-bucket"},
    }
    if sam:
        doc["Globals"] = {
            "Function": {
                "Environment": {"Variables": {"LOG_LEVEL": ref("LogLevel")}},
                "Tags": {"app": "lambda-lint-bench"},
            }
        }
    res: dict[str, Any] = {}
    for v in range(plan.vpcs):
        res.update(_vpc(v))
    for k in range(plan.layers):
        res[N.layer(k)] = _layer(k, sam)
    for fn in plan.functions:
        res.update(_function(fn, plan, sam))
    doc["Resources"] = res
    return dump(doc)
