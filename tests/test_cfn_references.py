"""Template shape, undefined references and dependency cycles (LL006, ``loaders/cfn_graph``).

Each case is a small template through the real command line; the expected lines
are exact. The negative cases pin what must never be reported: pseudo parameters,
``Fn::Sub`` variables and escapes, names SAM generates, templates a macro rewrites.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Cli

HEAD = "AWSTemplateFormatVersion: '2010-09-09'\n"
SAM = "Transform: AWS::Serverless-2016-10-31\n"
REJECTS = "of this template; CloudFormation rejects the template [LL006]"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def ll001(cli: Cli, text: str, name: str = "t.yaml") -> list[str]:
    """The LL006 lines for ``text`` (without the summary line)."""
    Path(name).write_text(text, encoding="utf-8")
    out = cli(name, "--select", "LL006", "--format", "concise", "--isolated").out
    return [line for line in out.splitlines() if "[LL006]" in line]


def test_defined_names_and_pseudo_parameters_are_fine(cli: Cli) -> None:
    text = (
        HEAD + "Parameters:\n  Size: {Type: Number}\n"
        "Resources:\n  Role: {Type: AWS::IAM::Role}\n  Fn:\n"
        "    Type: AWS::Lambda::Function\n    DependsOn: Role\n    Properties:\n"
        "      Role: !GetAtt Role.Arn\n      MemorySize: !Ref Size\n"
        "      Description: !Sub '${AWS::Region}-${AWS::StackName}-${!NotAVariable}-${Size}'\n"
        "      Handler: !Sub ['${Local}.${Role.Arn}', {Local: !Ref AWS::AccountId}]\n"
        "      Runtime: {'Fn::GetAtt': 'Role.RoleId'}\n"
        "Outputs:\n  Out: {Value: !Ref Fn}\n"
    )
    assert ll001(cli, text) == []


def test_every_spelling_of_an_undefined_name(cli: Cli) -> None:
    text = (
        HEAD + "Parameters:\n  Size: {Type: Number}\n"
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        "      Role: {'Fn::GetAtt': 'Gone.Arn'}\n"
        "      Runtime: !GetAtt Size.Value\n"
        "      Handler: !Sub ['${Local}.${Missing}', {Local: !Ref Absent}]\n"
        "Outputs:\n  Out: {Value: !Ref Nowhere}\n"
    )
    assert ll001(cli, text) == [
        f"t.yaml:8:13: error: !GetAtt Gone.Arn: Gone is not a resource {REJECTS}",
        f"t.yaml:9:16: error: !GetAtt Size.Value: Size is not a resource {REJECTS}",
        f"t.yaml:10:16: error: !Sub ${{Missing}}: Missing is not a resource or parameter {REJECTS}",
        f"t.yaml:10:53: error: !Ref Absent: Absent is not a resource or parameter {REJECTS}",
        f"t.yaml:12:16: error: !Ref Nowhere: Nowhere is not a resource or parameter {REJECTS}",
    ]


def test_names_sam_generates_are_defined(cli: Cli) -> None:
    text = (
        SAM + "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        "      Runtime: python3.12\n      Handler: a.b\n      InlineCode: x\n"
        "      AutoPublishAlias: live\n"
        "      Events:\n        Api: {Type: Api, Properties: {Path: /, Method: get}}\n"
        "        Rule:\n          Type: Schedule\n          Properties:\n"
        "            Schedule: rate(1 hour)\n"
        "            DeadLetterConfig: {Type: SQS, QueueLogicalId: RuleDlq}\n"
        "  Queue:\n    Type: AWS::SQS::Queue\n"
        "    Connectors:\n      Send: {Properties: {Destination: {Id: Fn}, Permissions: [Write]}}\n"
        "Outputs:\n"
        "  Role: {Value: !GetAtt FnRole.Arn}\n  Alias: {Value: !Ref Fn.Alias}\n"
        "  Api: {Value: !Sub 'https://${ServerlessRestApi}.execute-api'}\n"
        "  Dlq: {Value: !GetAtt RuleDlq.Arn}\n  Policy: {Value: !Ref QueueSendPolicy}\n"
        "  Typo: {Value: !Ref Missing}\n"
    )
    assert ll001(cli, text) == [
        f"t.yaml:27:17: error: !Ref Missing: Missing is not a resource or parameter {REJECTS}",
    ]


def test_only_names_sam_really_generates_are_defined(cli: Cli) -> None:
    """A name that merely starts with a serverless resource's id is not SAM's."""
    text = (
        SAM + "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        "      Runtime: python3.12\n      Handler: a.b\n      InlineCode: x\n"
        "      AutoPublishAlias: live\n"
        "      Events:\n        Rule: {Type: Schedule, Properties: {Schedule: rate(1 hour)}}\n"
        "  Queue:\n    Type: AWS::SQS::Queue\n"
        "    Connectors:\n      Send: {Properties: {Destination: {Id: Fn}, Permissions: [Write]}}\n"
        "Outputs:\n"
        "  Alias: {Value: !Ref FnAliaslive}\n  Rule: {Value: !Ref FnRulePermission}\n"
        "  Stage: {Value: !Ref ServerlessRestApiProdStage}\n"
        "  Ref: {Value: !Ref ServerlessRestApi.Stage}\n  Policy: {Value: !Ref QueueSendPolicy}\n"
        "  Helper: {Value: !GetAtt FnHelper.Arn}\n  Roles: {Value: !GetAtt FnRoles.Arn}\n"
        "  Other: {Value: !Ref QueueOther}\n  Typo: {Value: !Ref ServerlessTypo}\n"
        "  Property: {Value: !Ref Fn.Typo}\n"
    )
    assert ll001(cli, text) == [
        f"t.yaml:22:19: error: !GetAtt FnHelper.Arn: FnHelper is not a resource {REJECTS}",
        f"t.yaml:23:18: error: !GetAtt FnRoles.Arn: FnRoles is not a resource {REJECTS}",
        f"t.yaml:24:18: error: !Ref QueueOther: QueueOther is not a resource or "
        f"parameter {REJECTS}",
        f"t.yaml:25:17: error: !Ref ServerlessTypo: ServerlessTypo is not a resource or "
        f"parameter {REJECTS}",
        f"t.yaml:26:21: error: !Ref Fn.Typo: Fn.Typo is not a resource or parameter {REJECTS}",
    ]


@pytest.mark.parametrize(
    "transform",
    [
        "Transform: AWS::LanguageExtensions\n",
        "Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\n",
        "Transform: {Name: AWS::Include, Parameters: {Location: s3://b/k}}\n",
        "Resources:\n  'Fn::Transform': {Name: AWS::Include, Parameters: {Location: s3://b/k}}\n",
    ],
    ids=["language-extensions", "with-sam", "include", "fn-transform"],
)
def test_templates_a_macro_rewrites_are_not_checked(cli: Cli, transform: str) -> None:
    body = "  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Role: !Ref Gone}\n"
    text = HEAD + transform + ("" if "Resources:" in transform else "Resources:\n") + body
    assert ll001(cli, text) == []


def test_templates_a_custom_macro_rewrites_keep_any_shape(
    cli: Cli,
) -> None:
    text = HEAD + "Transform: [MyMacro]\nResources:\n  Fn: {Properties: [1]}\n"
    assert ll001(cli, text) == []


def test_fn_foreach_keys_are_not_resources(cli: Cli) -> None:
    text = (
        HEAD + "Transform: AWS::LanguageExtensions\nResources:\n"
        "  'Fn::ForEach::Topics':\n    - Name\n    - [A, B]\n"
        "    - 'Topic${Name}': {Type: AWS::SNS::Topic}\n"
    )
    assert ll001(cli, text) == []


def test_cycle_through_depends_on_and_a_self_reference(
    cli: Cli,
) -> None:
    text = (
        HEAD + "Resources:\n"
        "  A: {Type: AWS::SQS::Queue, DependsOn: [C]}\n"
        "  B: {Type: AWS::SQS::Queue, Properties: {QueueName: !GetAtt A.QueueName}}\n"
        "  C: {Type: AWS::SQS::Queue, Properties: {QueueName: !Sub '${B.QueueName}'}}\n"
        "  D: {Type: AWS::SQS::Queue, Properties: {QueueName: !Ref D}}\n"
        "  E: {Type: AWS::SQS::Queue, Properties: {QueueName: !Ref A}}\n"
    )
    rejects = "CloudFormation rejects the template [LL006]"
    assert ll001(cli, text) == [
        f"t.yaml:3:3: error: circular dependency between resources: A → C → B → A; {rejects}",
        f"t.yaml:6:3: error: circular dependency between resources: D → D; {rejects}",
    ]


def test_unknown_attributes_add_no_dependency(cli: Cli) -> None:
    """A resource indented one level too deep is not a reference CloudFormation follows."""
    text = (
        HEAD + "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n"
        "    Deployment:\n      Type: AWS::ApiGateway::Deployment\n"
        "      Properties: {RestApiId: !Ref Api}\n"
    )
    assert ll001(cli, text) == []


def test_sam_events_and_other_serverless_resources_add_no_edge(
    cli: Cli,
) -> None:
    """SAM moves events, APIs and GraphQL data sources into resources of their own."""
    text = (
        SAM + "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        "      Runtime: python3.12\n      Handler: a.b\n      InlineCode: x\n"
        "      Environment: {Variables: {API: !Ref Api, GQL: !GetAtt Gql.GraphQLUrl}}\n"
        "      Events:\n        Get:\n          Type: Api\n"
        "          Properties: {RestApiId: !Ref Api, Path: /, Method: get}\n"
        "  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n"
        "      Auth: {Authorizers: {Lambda: {FunctionArn: !GetAtt Fn.Arn}}}\n"
        "  Gql:\n    Type: AWS::Serverless::GraphQLApi\n"
        "    Properties: {DataSources: {Lambda: {Source: {FunctionArn: !GetAtt Fn.Arn}}}}\n"
    )
    assert ll001(cli, text) == []


def test_sam_function_properties_that_stay_on_it_do_form_cycles(
    cli: Cli,
) -> None:
    text = (
        SAM + "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        "      Runtime: python3.12\n      Handler: a.b\n      InlineCode: x\n"
        "      Environment: {Variables: {QUEUE: !Ref Queue}}\n"
        "  Queue:\n    Type: AWS::SQS::Queue\n"
        "    Properties: {QueueName: !GetAtt Fn.Arn}\n"
    )
    assert ll001(cli, text) == [
        "t.yaml:3:3: error: circular dependency between resources: Fn → Queue → Fn; "
        "CloudFormation rejects the template [LL006]"
    ]


def test_long_chains_need_no_recursion(cli: Cli) -> None:
    """5,000 resources each waiting for the next, closed into one circle."""
    count = 5000
    lines = [
        f"  Q{i}: {{Type: AWS::SQS::Queue, DependsOn: Q{(i + 1) % count}}}\n" for i in range(count)
    ]
    found = ll001(cli, HEAD + "Resources:\n" + "".join(lines))
    assert len(found) == 1
    assert found[0].startswith("t.yaml:3:3: error: circular dependency between resources: Q0 → Q1")
    assert found[0].count("→") == count


def test_json_templates_point_at_the_reference(cli: Cli) -> None:
    text = (
        '{"Resources": {"Fn": {"Type": "AWS::Lambda::Function",\n'
        '  "Properties": {"Role": {"Fn::GetAtt": ["Gone", "Arn"]}}}}}\n'
    )
    assert ll001(cli, text, "t.json") == [
        f"t.json:2:26: error: !GetAtt Gone.Arn: Gone is not a resource {REJECTS}"
    ]


@pytest.mark.parametrize(
    ("depends_on", "expected"),
    [
        ("[1]", "5:16: error: the DependsOn of resource Fn is a list with an item that is not"),
        ("{A: B}", "5:16: error: the DependsOn of resource Fn is a mapping"),
        ("", "5:5: error: the DependsOn of resource Fn is null"),
    ],
    ids=["list-of-numbers", "mapping", "null"],
)
def test_depends_on_shape(cli: Cli, depends_on: str, expected: str) -> None:
    text = HEAD + f"Resources:\n  Fn:\n    Type: AWS::SQS::Queue\n    DependsOn: {depends_on}\n"
    found = ll001(cli, text)
    assert len(found) == 1
    assert found[0].startswith("t.yaml:" + expected)
