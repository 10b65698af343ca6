"""Terraform ``dynamic`` blocks: expanded over known collections, read once over unknown ones.

Each generated block is read with its iterator (the label, or ``iterator``) bound
to the element's ``key`` and ``value``; findings land where the value is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Cli
from .test_hostile import lint, one_finding, write


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


FUNCTION = 'resource "aws_lambda_function" "f" {{\n  role = "arn:aws:iam::1:role/r"\n{}}}\n'
RESERVED = "environment variable AWS_REGION is reserved by Lambda and cannot be set"


def _reserved(cli: Cli) -> str:
    return lint(cli, "m", "--select", "LL102")[1]


def test_a_literal_collection_generates_one_block_per_element(cli: Cli) -> None:
    write(
        "m/main.tf",
        FUNCTION.format(
            '  dynamic "environment" {\n'
            "    for_each = [1]\n"
            "    content {\n"
            '      variables = { AWS_REGION = "x" }\n'
            "    }\n"
            "  }\n"
        ),
    )
    assert _reserved(cli) == one_finding("m/main.tf:6:21", RESERVED, "LL102")


def test_an_empty_collection_generates_no_block(cli: Cli) -> None:
    write(
        "m/main.tf",
        FUNCTION.format(
            '  dynamic "environment" {\n'
            "    for_each = []\n"
            '    content {\n      variables = { AWS_REGION = "x" }\n    }\n'
            "  }\n"
        ),
    )
    assert _reserved(cli) == "All checks passed! (1 file checked)\n"


def test_the_iterator_value_comes_from_a_variable_default(cli: Cli) -> None:
    """``iterator`` renames the binding; the name is found where the default writes it."""
    write(
        "m/main.tf",
        FUNCTION.format(
            '  dynamic "environment" {\n'
            "    for_each = var.environments\n"
            "    iterator = env\n"
            "    content {\n      variables = env.value\n    }\n"
            "  }\n"
        ),
    )
    write(
        "m/variables.tf",
        'variable "environments" {\n  default = [{ AWS_REGION = "eu" }]\n}\n',
    )
    assert _reserved(cli) == one_finding("m/variables.tf:2:16", RESERVED, "LL102")


def test_key_and_value_of_a_map(cli: Cli) -> None:
    """Over a map, ``.key`` is the map's key; ``.value.x`` walks into the element."""
    write(
        "m/main.tf",
        FUNCTION.format(
            '  dynamic "ephemeral_storage" {\n'
            "    for_each = local.storage\n"
            "    content {\n      size = ephemeral_storage.value.mb\n    }\n"
            "  }\n"
        ),
    )
    write("m/locals.tf", "locals {\n  storage = { big = { mb = 20000 } }\n}\n")
    out = lint(cli, "m", "--select", "LL121")[1]
    assert out == one_finding(
        "m/main.tf:6:14",
        "ephemeral storage size 20000 MB is outside Lambda's range of 512 to 10,240 MB",
        "LL121",
    )


def test_an_unknown_collection_is_read_once_with_its_iterator_unknown(cli: Cli) -> None:
    write(
        "m/main.tf",
        FUNCTION.format(
            '  dynamic "environment" {\n'
            "    for_each = var.unknown\n"
            "    content {\n"
            '      variables = { AWS_REGION = environment.value, B = "" }\n'
            "    }\n"
            "  }\n"
        ),
    )
    write("m/variables.tf", 'variable "unknown" {}\n')
    assert _reserved(cli) == one_finding("m/main.tf:6:21", RESERVED, "LL102")
    # The iterator's value is unknown: no finding from it.
    write(
        "m/main.tf",
        FUNCTION.format(
            '  dynamic "ephemeral_storage" {\n'
            "    for_each = var.unknown\n"
            "    content {\n      size = ephemeral_storage.value\n    }\n"
            "  }\n"
        ),
    )
    assert lint(cli, "m", "--select", "LL121")[1] == "All checks passed! (2 files checked)\n"


def test_nested_dynamic_blocks_of_a_mapping(cli: Cli) -> None:
    """``destination_config { dynamic "on_failure" }`` over a known list: the destination is
    set, so the stream mapping has failure handling (no LL404); over an empty one it has
    none."""
    mapping = (
        'resource "aws_lambda_event_source_mapping" "m" {{\n'
        '  event_source_arn  = "arn:aws:kinesis:us-east-1:1:stream/s"\n'
        '  function_name     = "f"\n'
        '  starting_position = "LATEST"\n'
        '  dynamic "destination_config" {{\n'
        "    for_each = [1]\n"
        "    content {{\n"
        '      dynamic "on_failure" {{\n'
        "        for_each = {}\n"
        "        iterator = target\n"
        "        content {{\n          destination_arn = target.value\n        }}\n"
        "      }}\n"
        "    }}\n"
        "  }}\n"
        "}}\n"
    )
    write("m/main.tf", mapping.format('["arn:aws:sqs:us-east-1:1:q"]'))
    assert lint(cli, "m", "--select", "LL404")[1] == "All checks passed! (1 file checked)\n"
    write("m/main.tf", mapping.format("[]"))
    assert lint(cli, "m", "--select", "LL404")[1].startswith("m/main.tf:1:44: warning:")


def test_dynamic_routing_config_of_an_alias(cli: Cli) -> None:
    write(
        "m/main.tf",
        'resource "aws_lambda_alias" "a" {\n'
        '  name             = "live"\n'
        '  function_name    = "f"\n'
        '  function_version = "1"\n'
        '  dynamic "routing_config" {\n'
        "    for_each = var.weights\n"
        "    content {\n"
        "      additional_version_weights = routing_config.value\n"
        "    }\n"
        "  }\n"
        "}\n",
    )
    write("m/variables.tf", 'variable "weights" {\n  default = [{ "2" = 1.5 }]\n}\n')
    assert lint(cli, "m", "--select", "LL201")[1] == one_finding(
        "m/variables.tf:2:22",
        "routing weight 1.5 is outside 0.0 to 1.0; it is the fraction of traffic from 0.0 to "
        "1.0 sent to version 2",
        "LL201",
    )


def test_an_hcl_iterator_is_no_undeclared_reference(cli: Cli) -> None:
    """``iterator = sub_net`` is a bare name in HCL (``"${sub_net}"`` in the converted tree):
    ``sub_net.value`` is the iterator, not a resource type Terraform would reject."""
    write(
        "m/main.tf",
        FUNCTION.format(
            '  dynamic "vpc_config" {\n'
            "    for_each = [[]]\n"
            "    iterator = sub_net\n"
            "    content {\n      subnet_ids = sub_net.value\n"
            "      security_group_ids = []\n    }\n"
            "  }\n"
        ),
    )
    assert lint(cli, "m", "--select", "LL006")[1] == "All checks passed! (1 file checked)\n"
