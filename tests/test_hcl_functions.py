"""Terraform's pure functions in expressions (``merge``, ``lookup``, ``format``...).

Known inputs give the value Terraform computes; an unknown input the result depends
on, an error, or a function not evaluated gives an unknown value (never a finding).
Findings built from a function land at the expression that produced the value, or at
the key of the written mapping the value was copied from. Each case is written in HCL
and in the ``.tf.json`` syntax.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lambda_lint.loaders.terraform.values import TerraformResolver
from lambda_lint.model import Unresolved
from lambda_lint.parsing import MDict

from .conftest import Cli
from .test_hostile import lint, write


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _declared(default: Any) -> MDict:
    declaration = MDict()
    declaration["default"] = default
    return declaration


RESOLVER = TerraformResolver(
    {},
    {"timeouts": _declared({"api": 901})},
    {"stage": "dev", "common": {"A": "1", "T": "${local.stage}-x"}, "names": ["b", "a", "b"]},
)


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        ('merge({a = "x", b = 1}, {c = 2}, {a = "y"})', {"a": "y", "b": 1, "c": 2}),
        ("merge(local.common, null)", {"A": "1", "T": "dev-x"}),
        ("merge({a = {x = 1}}, {a = {y = 2}})", {"a": {"y": 2}}),  # shallow
        ('lookup(var.timeouts, "api", 30)', 901),
        ('lookup(var.timeouts, "web", 30)', 30),
        ('lookup(local.common, "T")', "dev-x"),
        ('concat(["a"], [], ["b", "c"])', ["a", "b", "c"]),
        ('coalesce("", null, "z", "w")', "z"),
        ("coalesce(null, 0)", 0),
        ('format("%s/%d/%q/%v/%%", "a", 3, "q\\"", true)', 'a/3/"q\\""/true/%'),
        ('format("%s-%s", local.stage, 7)', "dev-7"),
        ('join("-", ["a", "b"], ["c"])', "a-b-c"),
        ('split(",", "a,,b")', ["a", "", "b"]),
        ('try(lookup(local.common, "missing"), "fallback")', "fallback"),
        ("try(element([], 0), 7)", 7),
        ('element(["a", "b", "c"], 4)', "b"),
        ('length("h\u00e9llo")', 5),
        ("length(merge(local.common, {Z = 1}))", 3),
        ("toset(local.names)", ["a", "b"]),
        ("tolist(local.names)", ["b", "a", "b"]),
        ("tomap(local.common)", {"A": "1", "T": "dev-x"}),
        ('jsonencode({b = 1, a = "<x>"})', '{"a":"\\u003cx\\u003e","b":1}'),
        ('jsondecode("{\\"a\\": [1, 2]}")', {"a": [1, 2]}),
        ("jsonencode([1.0, 1.5])", "[1,1.5]"),
        ('format("%s", "$${x}")', "${x}"),  # an escaped template stays text
        ('merge({c = ["$${a}"]})', {"c": ["$${a}"]}),  # the JSON-syntax tree of ["${a}"]
    ],
)
def test_known_inputs_give_terraforms_value(expr: str, value: Any) -> None:
    assert RESOLVER.expression(expr).value == value


@pytest.mark.parametrize(
    "expr",
    [
        "merge(local.common, var.unknown)",  # the keys are unknown
        'lookup(var.unknown, "k", 30)',
        'lookup(local.common, "missing")',  # Terraform's error
        'try(var.unknown, "d")',  # unknown stays unknown: it may not fail
        'coalesce(var.unknown, "a")',
        'format("%5s", "a")',  # a verb with a width: not evaluated here
        'format("%s-%s", "a")',  # too few arguments
        'join(",", [var.unknown, "a"])',
        "length(var.unknown)",
        "element([], 0)",
        'element(["a"], -1)',
        'toset(["a", 1])',  # converted to a common type by Terraform
        "jsonencode({a = var.unknown})",
        'jsondecode("{")',
        'upper("a")',  # not evaluated here
        "merge(local.list...)",
        "concat(" * 40 + "[]" + ")" * 40,  # nested too deeply
    ],
)
def test_unknown_inputs_errors_and_other_functions_are_unknown(expr: str) -> None:
    assert isinstance(RESOLVER.expression(expr).value, Unresolved)


def test_a_merge_keeps_the_unknown_values_it_does_not_need() -> None:
    merged = RESOLVER.expression('merge(local.common, {B = "${var.unknown}"})').value
    assert merged["A"] == "1" and merged["B"] == Unresolved("${var.unknown}")


ROLE = "arn:aws:iam::1:role/r"
HCL_HEAD = (
    'variable "timeouts" {\n  default = { api = 901 }\n}\n'
    'locals {\n  common = { AWS_REGION = "eu-west-1", STAGE = "dev" }\n}\n'
)


def _hcl(body: str) -> str:
    return HCL_HEAD + f'resource "aws_lambda_function" "f" {{\n  role = "{ROLE}"\n' + body + "}\n"


def _json(attributes: dict[str, Any]) -> str:
    document = {
        "variable": {"timeouts": {"default": {"api": 901}}},
        "locals": {"common": {"AWS_REGION": "eu-west-1", "STAGE": "dev"}},
        "resource": {"aws_lambda_function": {"f": {"role": ROLE, **attributes}}},
    }
    return json.dumps(document, indent=2) + "\n"


TIMEOUT = (
    "timeout 901 s (assumed from the default of variable timeouts) is outside Lambda's"
    " range of 1 to 900 seconds (15 minutes) [LL110]"
)


def test_a_timeout_from_lookup_hcl(cli: Cli) -> None:
    write("m/main.tf", _hcl('  timeout = lookup(var.timeouts, "api", 30)\n'))
    code, out, _ = lint(cli, "m")
    assert code == 1
    assert out.splitlines()[0] == f"m/main.tf:9:13: error: {TIMEOUT}"


def test_a_timeout_from_lookup_json(cli: Cli) -> None:
    write("m/main.tf.json", _json({"timeout": '${lookup(var.timeouts, "api", 30)}'}))
    code, out, _ = lint(cli, "m")
    assert code == 1
    assert out.splitlines()[0] == f"m/main.tf.json:19:20: error: {TIMEOUT}"


def test_a_default_of_lookup_is_checked_and_an_unknown_map_is_not(cli: Cli) -> None:
    write(
        "m/main.tf",
        _hcl('  timeout = lookup(var.timeouts, "web", 0)\n  memory_size = lookup(var.x, "k", 1)\n'),
    )
    code, out, _ = lint(cli, "m")
    assert code == 1
    assert out.splitlines()[0] == (
        "m/main.tf:9:13: error: timeout 0 s is outside Lambda's range of 1 to 900 seconds"
        " (15 minutes) [LL110]"
    )
    assert "LL1" not in "".join(out.splitlines()[1:-1]).replace("LL134", "")


RESERVED = "environment variable AWS_REGION is reserved by Lambda and cannot be set [LL102]"


@pytest.mark.parametrize(
    ("name", "text", "location"),
    [
        (
            "m/main.tf",
            _hcl('  environment {\n    variables = merge(local.common, { NAME = "x" })\n  }\n'),
            "m/main.tf:5:14",
        ),
        (
            "m/main.tf.json",
            _json({"environment": {"variables": '${merge(local.common, { NAME = "x" })}'}}),
            "m/main.tf.json:11:7",
        ),
    ],
)
def test_a_reserved_key_from_a_merge_is_reported_where_it_is_written(
    cli: Cli, name: str, text: str, location: str
) -> None:
    write(name, text)
    assert lint(cli, "m") == (
        1,
        f"{location}: error: {RESERVED}\nFound 1 finding (1 error) in 1 file.\n",
        "",
    )


def test_a_key_written_in_the_call_is_at_the_attribute_it_sets(cli: Cli) -> None:
    write(
        "m/main.tf",
        _hcl(
            '  environment {\n    variables = merge({ STAGE = "a" }, { AWS_REGION = "b" })\n  }\n'
        ),
    )
    code, out, _ = lint(cli, "m")
    assert code == 1
    assert (
        "m/main.tf:10:5: error: environment variable AWS_REGION is reserved by Lambda"
        " and cannot be set [LL102]"
    ) in out.splitlines()


def test_an_environment_built_with_merge_is_measured(cli: Cli) -> None:
    big = "x" * 5000
    write(
        "m/main.tf",
        _hcl(
            "  environment {\n"
            f'    variables = merge({{ STAGE = "dev" }}, {{ BIG = "{big}" }})\n  }}\n'
        ),
    )
    code, out, _ = lint(cli, "m")
    assert code == 1
    assert any(
        line.startswith("m/main.tf:10:5: error:") and "[LL101]" in line for line in out.splitlines()
    )
