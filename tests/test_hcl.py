"""Terraform HCL (``*.tf``, HCL ``.tfvars``): read into the same model as ``*.tf.json``.

Findings land at the exact line and column of the HCL source; syntax errors are
LL001 where the parser stopped; comments carry suppressions; the converted tree
is the one Terraform's JSON syntax would give for the same module.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lambda_lint.loaders.terraform.hcl import parse_hcl
from lambda_lint.parsing import MDict, MList, ParseError, parse_text

from .conftest import Cli
from .test_hostile import lint, one_finding, write


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


TIMEOUT = "timeout {} s is outside Lambda's range of 1 to 900 seconds (15 minutes)"
FUNCTION = 'resource "aws_lambda_function" "f" {{\n  role    = "arn:aws:iam::1:role/r"\n{}}}\n'


def test_a_finding_points_at_the_hcl_value(cli: Cli) -> None:
    write("m/main.tf", FUNCTION.format("  timeout = 901\n"))
    assert lint(cli, "m") == (
        1,
        one_finding("m/main.tf:3:13", TIMEOUT.format(901), "LL110"),
        "",
    )


def test_columns_count_characters_not_bytes(cli: Cli) -> None:
    """tree-sitter counts UTF-8 bytes; editors count characters (two-, three- and four-byte
    characters before the value on its line, and on the lines before)."""
    write("m/main.tf", FUNCTION.format('  description = "é€😀"\n  timeout = 901 # ü\n'))
    assert lint(cli, "m")[1] == one_finding("m/main.tf:4:13", TIMEOUT.format(901), "LL110")
    write("m/main.tf", FUNCTION.format('  timeout = "é€😀" == "x" ? 1 : 1000\n'))
    assert lint(cli, "m")[1] == one_finding("m/main.tf:3:13", TIMEOUT.format(1000), "LL110")
    write("m/main.tf", FUNCTION.format('  tags = { "é€😀" = 1 }\n  memory_size = 64\n'))
    assert lint(cli, "m", "--select", "LL120")[1].startswith(
        "m/main.tf:4:17: error: memory size 64 MB"
    )


def test_crlf_line_endings(cli: Cli) -> None:
    write("m/main.tf", FUNCTION.format("\n  timeout = 901\n").replace("\n", "\r\n"))
    assert lint(cli, "m")[1] == one_finding("m/main.tf:4:13", TIMEOUT.format(901), "LL110")


@pytest.mark.parametrize(
    ("text", "location", "message"),
    [
        (
            'resource "aws_lambda_function" "f" {\n  timeout = 901\n',
            "m/main.tf:3:1",
            "HCL syntax error: expected '}' here",
        ),
        (
            'resource "aws_lambda_function" "f" {\n  timeout =\n}\n',
            "m/main.tf:2:3",
            "HCL syntax error: cannot parse 'timeout ='",
        ),
        (
            'locals {\n  x = "abc\n}\n',
            "m/main.tf:2:7",
            "HCL syntax error: this string is not closed on its line",
        ),
        (
            "locals {\n  x = 1\n  x = 2\n}\n",
            "m/main.tf:3:3",
            "duplicate argument 'x' (first defined at line 2); Terraform rejects it",
        ),
        ("locals {\n  x = " + "[" * 300 + "]" * 300 + "\n}\n", "m/main.tf:2:7", None),
    ],
    ids=["unclosed-block", "no-value", "unclosed-string", "duplicate-argument", "deep"],
)
def test_a_syntax_error_is_ll001_where_it_is(
    cli: Cli, text: str, location: str, message: str | None
) -> None:
    write("m/main.tf", text)
    code, out, err = lint(cli, "m")
    assert (code, err) == (1, "")
    expected = message or "nesting deeper than 200 levels"
    if message is None:  # the position depends on where the limit is crossed
        assert out.endswith(f": error: {expected} [LL001]\nFound 1 finding (1 error) in 1 file.\n")
        assert out.startswith("m/main.tf:2:")
    else:
        assert out == one_finding(location, expected)


def test_hostile_hcl_files_are_ll001(cli: Cli) -> None:
    """Binary content, 100,000 nested brackets (refused at 200 levels, not recursed into)."""
    write("b/main.tf", b"\x00resource")
    write("d/main.tf", "locals {\n  x = " + "[" * 100_000 + "]" * 100_000 + "\n}\n")
    assert lint(cli, "b", "d") == (
        1,
        "b/main.tf:1:1: error: binary file (contains NUL bytes); not a template [LL001]\n"
        "d/main.tf:2:206: error: nesting deeper than 200 levels [LL001]\n"
        "Found 2 findings (2 errors) in 2 files.\n",
        "",
    )


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="POSIX named pipes")
def test_an_hcl_file_that_is_a_pipe_is_refused_without_reading(
    cli: Cli,
) -> None:
    import os

    Path("m").mkdir()
    os.mkfifo("m/main.tf")
    assert lint(cli, "m/main.tf") == (
        1,
        one_finding("m/main.tf:1:1", "not a regular file (a named pipe); not a template"),
        "",
    )


def test_a_broken_sibling_is_not_reported_for_the_file_given(
    cli: Cli,
) -> None:
    write("m/main.tf", FUNCTION.format("  timeout = 901\n"))
    write("m/broken.tf", "locals {\n")
    assert lint(cli, "m/main.tf") == (
        1,
        one_finding("m/main.tf:3:13", TIMEOUT.format(901), "LL110"),
        "",
    )


@pytest.mark.parametrize(
    "comment",
    [
        "# lambda-lint: ignore[LL110] accepted",
        "// lambda-lint: ignore[LL110] accepted",
        "/* lambda-lint: ignore[LL110] accepted */",
    ],
)
def test_comments_carry_suppressions(cli: Cli, comment: str) -> None:
    write("m/main.tf", FUNCTION.format(f"  timeout = 901 {comment}\n  memory_size = 64\n"))
    write("n/main.tf", FUNCTION.format(f"  {comment}\n\n  timeout = 901\n"))
    code, out, _ = lint(cli, "m", "n", "--select", "LL110,LL004")
    assert (code, out) == (0, "All checks passed! (2 files checked) 2 suppressed.\n")


def test_an_unused_suppression_is_reported_at_its_comment(
    cli: Cli,
) -> None:
    write("m/main.tf", FUNCTION.format("  timeout = 30 // lambda-lint: ignore[LL110] why\n"))
    assert lint(cli, "m", "--select", "LL110,LL004") == (
        1,
        "m/main.tf:3:16: warning: unused suppression: no LL110 finding here [LL004]\n"
        "Found 1 finding (1 warning) in 1 file.\n",
        "",
    )


def test_a_comment_marker_inside_a_string_is_no_suppression(
    cli: Cli,
) -> None:
    write(
        "m/main.tf",
        FUNCTION.format('  description = "# lambda-lint: ignore[LL110] no"\n  timeout = 901\n'),
    )
    assert lint(cli, "m", "--select", "LL110")[1] == one_finding(
        "m/main.tf:4:13", TIMEOUT.format(901), "LL110"
    )


def test_file_ignore_in_a_block_comment(cli: Cli) -> None:
    write(
        "m/main.tf",
        "/*\n lambda-lint: file-ignore[LL110] legacy\n*/\n" + FUNCTION.format("  timeout = 901\n"),
    )
    write(
        "n/main.tf",
        "/* lambda-lint: file-ignore[LL110] legacy */\n" + FUNCTION.format("  timeout = 901\n"),
    )
    code, out, _ = lint(cli, "m", "n", "--select", "LL110,LL004")
    assert (code, out) == (0, "All checks passed! (2 files checked) 2 suppressed.\n")


def test_hcl_and_json_files_form_one_module(cli: Cli) -> None:
    """Variables declared in one spelling are used in the other; a resource declared in
    both is a duplicate Terraform rejects (LL006)."""
    write("m/main.tf", FUNCTION.format("  timeout = var.t\n"))
    write("m/variables.tf.json", json.dumps({"variable": {"t": {"default": 1000}}}))
    assumed = "timeout 1000 s (assumed from the default of variable t) is outside"
    assert lint(cli, "m")[1] == (
        f"m/main.tf:3:13: error: {assumed} Lambda's range of 1 to 900 seconds (15 minutes) "
        "[LL110]\nFound 1 finding (1 error) in 1 file.\n"
    )
    write("m/again.tf", 'resource "aws_lambda_function" "f" {\n  timeout = 3\n}\n')
    assert lint(cli, "m", "--select", "LL006")[1] == (
        "m/main.tf:1:32: error: duplicate resource aws_lambda_function.f (first defined at "
        "m/again.tf:1:32); Terraform rejects a module that declares a resource twice [LL006]\n"
        "Found 1 finding (1 error) in 1 file.\n"
    )


def test_for_each_resources_are_checked_once(cli: Cli) -> None:
    write(
        "m/main.tf",
        FUNCTION.format('  for_each = toset(["a", "b"])\n  timeout  = 901\n'),
    )
    assert lint(cli, "m")[1] == one_finding(
        "m/main.tf:4:14",
        TIMEOUT.format(901) + " (checked once for every instance of this for_each resource)",
        "LL110",
    )


# -- the converted tree is Terraform's JSON syntax -----------------------------------------------

HCL = r"""
resource "aws_lambda_function" "f" {
  timeout     = 3
  memory_size = var.memory
  name        = "a-${var.x}-\"q\"\n$${lit}"
  layers      = [aws_lambda_layer_version.l.arn, "arn:x"]
  tags        = { Team = "a", "b-c" = 1.5, (var.k) = null }
  on          = var.a == "p" ? true : false
  policy      = jsonencode({ a = 1 })
  script      = <<-EOT
    echo ${var.x}
      indented
  EOT
  environment {
    variables = { A = "x" }
  }
  dynamic "vpc_config" {
    for_each = var.vpc
    content {
      subnet_ids = vpc_config.value
    }
  }
}
"""

JSON = {
    "resource": [
        {
            "aws_lambda_function": {
                "f": {
                    "timeout": 3,
                    "memory_size": "${var.memory}",
                    "name": 'a-${var.x}-"q"\n$${lit}',
                    "layers": ["${aws_lambda_layer_version.l.arn}", "arn:x"],
                    "tags": {"Team": "a", "b-c": 1.5, "${var.k}": None},
                    "on": '${var.a == "p" ? true : false}',
                    "policy": "${jsonencode({ a = 1 })}",
                    "script": "echo ${var.x}\n  indented\n",
                    "environment": [{"variables": {"A": "x"}}],
                    "dynamic": [
                        {
                            "vpc_config": {
                                "for_each": "${var.vpc}",
                                "content": [{"subnet_ids": "${vpc_config.value}"}],
                            }
                        }
                    ],
                }
            }
        }
    ]
}


def test_the_tree_is_what_the_json_syntax_would_give() -> None:
    root = parse_hcl(HCL, "main.tf").root
    assert root == JSON
    # And the JSON loader reads that JSON to the same values.
    assert parse_text(json.dumps(JSON), "main.tf.json").root == root


def test_every_key_and_value_has_its_hcl_span() -> None:
    body = parse_hcl(HCL, "main.tf").root["resource"][0]["aws_lambda_function"]["f"]
    resource = parse_hcl(HCL, "main.tf").root["resource"][0]["aws_lambda_function"]
    assert resource.key_spans["f"] == (2, 32, 2, 35, "main.tf")  # the label, with its quotes
    assert body.key_spans["memory_size"] == (4, 3, 4, 14, "main.tf")
    assert body.value_spans["memory_size"] == (4, 17, 4, 27, "main.tf")
    assert body.value_spans["script"] == (10, 17, 13, 6, "main.tf")  # to the closing EOT
    layers = body["layers"]
    assert isinstance(layers, MList)
    assert layers.item_spans[1] == (6, 50, 6, 57, "main.tf")
    tags = body["tags"]
    assert isinstance(tags, MDict)
    assert tags.key_spans["b-c"] == (7, 31, 7, 36, "main.tf")
    environment = body["environment"]
    assert body.key_spans["environment"] == (14, 3, 14, 14, "main.tf")
    assert environment[0]["variables"] == {"A": "x"}
    assert environment[0].value_spans["variables"] == (15, 17, 15, 28, "main.tf")


def test_tfvars_hold_only_literal_values() -> None:
    root = parse_hcl('a = "$${x}"\nb = [1, true]\nc = max(1, 2)\nd = "${x}"\n', literal=True).root
    assert root["a"] == "${x}"
    assert root["b"] == [1, True]
    assert repr(root["c"]).startswith("Unresolved(")
    assert repr(root["d"]).startswith("Unresolved(")


def test_a_syntax_error_is_a_parse_error() -> None:
    with pytest.raises(ParseError) as raised:
        parse_hcl("locals {\n  x = \n}\n")
    assert (raised.value.line, raised.value.column) == (2, 3)


def test_an_empty_file_is_an_empty_module(tmp_path: Path) -> None:
    assert parse_hcl("").root == {}
    assert parse_hcl("# only a comment\n").root == {}


# -- override files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "override", "location"),
    [
        (
            "override.tf",
            'resource "aws_lambda_function" "f" {\n  timeout = var.t\n}\n'
            'locals {\n  memory = 64\n}\nvariable "t" {\n  default = 901\n}\n',
            "m/override.tf:2:13",
        ),
        (
            "main_override.tf.json",
            json.dumps(
                {
                    "resource": {"aws_lambda_function": {"f": {"timeout": "${var.t}"}}},
                    "locals": {"memory": 64},
                    "variable": {"t": {"default": 901}},
                }
            ),
            "m/main_override.tf.json:1:56",
        ),
    ],
    ids=["hcl", "json"],
)
def test_override_files_merge_into_the_module(
    cli: Cli, name: str, override: str, location: str
) -> None:
    """Terraform merges an override file's blocks into the ones they name: an argument
    replaces the original (the finding points at the override), the rest stays, a local
    or a variable's default is replaced; no duplicate declaration."""
    write(
        "m/main.tf",
        FUNCTION.format("  timeout     = 3\n  memory_size = local.memory\n")
        + 'locals {\n  memory = 20000\n}\nvariable "t" {\n  type    = number\n  default = 1\n}\n',
    )
    write(f"m/{name}", override)
    code, out, _ = lint(cli, "m")
    memory = "memory size 64 MB is outside Lambda's range of 128 to 10,240 MB"
    assert code == 1
    assert out == (
        f"m/main.tf:4:17: error: {memory} [LL120]\n"
        f"{location}: error: timeout 901 s (assumed from the default of variable t) is outside "
        "Lambda's range of 1 to 900 seconds (15 minutes) [LL110]\n"
        "Found 2 findings (2 errors) in 2 files.\n"
    )


def test_messages_spell_expressions_as_hcl_writes_them(cli: Cli) -> None:
    """``var.role`` and ``"arn-${var.x}"``, not JSON syntax's ``${var.role}``; the same
    module in JSON syntax keeps its own spelling."""
    functions = "".join(
        f'resource "aws_lambda_function" "{name}" {{\n  role = {role}\n}}\n'
        for name, role in (("a", "var.role"), ("b", "var.role"), ("c", '"arn-${var.x}"'))
    )
    write("m/main.tf", functions + 'variable "role" {}\nvariable "x" {}\n')
    write("m/d.tf", 'resource "aws_lambda_function" "d" {\n  role = "arn-${var.x}"\n}\n')
    out = lint(cli, "m", "--select", "LL501")[1]
    assert "execution role var.role is also used by aws_lambda_function.b" in out
    assert 'execution role "arn-${var.x}" is also used by aws_lambda_function.c' in out
    write(
        "j/main.tf.json",
        json.dumps(
            {
                "resource": {
                    "aws_lambda_function": {
                        "a": {"role": "${var.role}"},
                        "b": {"role": "${var.role}"},
                    }
                },
                "variable": {"role": {}},
            }
        ),
    )
    assert "execution role ${var.role} is also used" in lint(cli, "j", "--select", "LL501")[1]
