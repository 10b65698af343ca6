"""Format-neutral provenance: an inherited value's Field names where it came from.

The loader names the block (SAM: ``Globals``); the model renders the note; rules only
pass it on. So the same situation gives the same message however deep the value sits
in the inherited block, and a future format's source reads as naturally.
"""

from __future__ import annotations

from lambda_lint.rules import EnvVarReserved, SharedExecutionRole, TooManyLayers

from lambda_lint.loaders import load_document as load
from lambda_lint.model import Field, Origin, Stack
from lambda_lint.parsing import parse_text
from lambda_lint.rule import Violation

from .model_factory import environment, field, function, ref, span, stack


def sam(text: str) -> Stack:
    model, _ = load("cloudformation", parse_text(text, "t.yaml").root)
    return model


def provenance(value: Field) -> tuple[Origin, str]:
    return value.origin, value.source


# -- the model renders, from the source the loader gave -------------------------------------


def test_inherited_note_names_the_source() -> None:
    inherited = field(30, origin=Origin.INHERITED, source="provider")
    assert inherited.inherited_note == " (inherited from provider)"
    assert inherited.assumed_note == " (inherited from provider)"
    assert field(30, origin=Origin.INHERITED).inherited_note == " (inherited)"


def test_assumed_values_have_no_inherited_note() -> None:
    assumed = field(30, origin=Origin.PARAMETER_DEFAULT, source="Timeout")
    assert assumed.inherited_note == ""
    assert assumed.assumed_note == " (assumed from the Default of parameter Timeout)"
    assert field(30).inherited_note == ""


# -- rules pass on whatever source the Field names ------------------------------------------


def test_ll102_says_the_source_of_an_inherited_variable() -> None:
    value = field("eu-west-1", line=4, origin=Origin.INHERITED, source="provider")
    fn = function("Api", environment=environment({"AWS_REGION": value}, line=4))
    assert list(EnvVarReserved().check(stack(fn))) == [
        Violation(
            "Api",
            span(4),
            "environment variable AWS_REGION is reserved by Lambda and cannot be set "
            "(inherited from provider)",
            "environment.AWS_REGION",
        )
    ]


def test_ll501_says_the_source_of_an_inherited_role() -> None:
    role = Field(ref("role", "Shared").value, span(3), Origin.INHERITED, "provider")
    model = stack(function("A", role=role), function("B", role=ref("role", "Shared", line=9)))
    assert [v.message for v in SharedExecutionRole().check(model)] == [
        "execution role Shared (inherited from provider) is also used by B; "
        "give each function its own least-privilege role",
        "execution role Shared is also used by A; give each function its own least-privilege role",
    ]


def test_ll132_counts_inherited_layers_per_source_in_order() -> None:
    layers = (
        field("arn:l1", 2, Origin.INHERITED, "provider"),
        field("arn:l2", 3, Origin.INHERITED, "Globals"),
        field("arn:l3", 4, Origin.INHERITED, "provider"),
        field("arn:l4", 5, Origin.INHERITED),
        field("arn:l5", 6),
        field("arn:l6", 7),
    )
    fn = function("Api", layers=field(layers, line=2))
    assert list(TooManyLayers().check(stack(fn))) == [
        Violation(
            "Api",
            span(7),
            "6 layers, 2 of them from provider, 1 from Globals, 1 inherited; "
            "a function can use at most 5 layers (this is layer 6)",
            "layers",
        )
    ]


# -- the SAM loader: values nested in an inherited block are inherited ----------------------

GLOBALS = """\
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    VpcConfig:
      SubnetIds: [subnet-1]
    Environment:
      Variables: {STAGE: prod}
    DeadLetterConfig: {Type: SQS, TargetArn: arn:aws:sqs:us-east-1:1:dlq}
    Layers: [arn:layer:1]
Resources:
  Whole:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: s3://b/k.zip, Runtime: python3.12, Handler: i.h}
  Merged:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://b/k.zip
      Runtime: python3.12
      Handler: i.h
      VpcConfig: {SecurityGroupIds: [sg-1]}
      Environment: {Variables: {OWN: x}}
      Layers: [arn:layer:2]
"""


def test_values_inside_a_block_inherited_whole_are_inherited() -> None:
    fn = sam(GLOBALS).functions["Whole"]
    assert [provenance(s) for s in fn.subnets.value] == [(Origin.INHERITED, "Globals")]
    assert [provenance(v.value) for v in fn.environment.value] == [(Origin.INHERITED, "Globals")]
    assert provenance(fn.environment) == (Origin.INHERITED, "Globals")
    assert provenance(fn.dead_letter) == (Origin.INHERITED, "Globals")


def test_a_merged_block_keeps_each_part_its_own_provenance() -> None:
    fn = sam(GLOBALS).functions["Merged"]
    assert [provenance(s) for s in fn.subnets.value] == [(Origin.INHERITED, "Globals")]
    assert {v.name: provenance(v.value) for v in fn.environment.value} == {
        "STAGE": (Origin.INHERITED, "Globals"),
        "OWN": (Origin.EXPLICIT, ""),
    }
    assert [provenance(item) for item in fn.layers.value] == [
        (Origin.INHERITED, "Globals"),
        (Origin.EXPLICIT, ""),
    ]


def test_a_plain_function_beside_globals_inherits_nothing() -> None:
    text = GLOBALS + (
        "  Plain:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        "      VpcConfig: {SubnetIds: [subnet-2]}\n"
        "      Environment: {Variables: {OWN: x}}\n"
    )
    fn = sam(text).functions["Plain"]
    assert [provenance(s) for s in fn.subnets.value] == [(Origin.EXPLICIT, "")]
    assert [provenance(v.value) for v in fn.environment.value] == [(Origin.EXPLICIT, "")]
