"""Terraform module calls: local children loaded with the caller's arguments, outputs
resolved in the caller, nested to any depth, ``count``/``for_each`` on calls, modules
installed by ``terraform init`` followed through ``.terraform/modules/modules.json``.

Findings land where their cause is written: the child's attribute, or the caller's
argument when the value came from there (and the message says so).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import Cli
from .test_hostile import lint, write


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


RANGE = "is outside Lambda's range of 1 to 900 seconds (15 minutes) [LL110]"
CHILD = """variable "timeout" {
  default = 3
}

variable "role" {}

resource "aws_lambda_function" "this" {
  function_name = "f"
  role          = var.role
  timeout       = var.timeout
}

output "role" {
  value = var.role
}
"""


def _findings(cli: Cli, *args: str) -> list[tuple[str, str, str, str]]:
    """(rule, resource, path:line:column, message) of each finding."""
    _, out, err = cli(*args, "--format", "json", "--isolated")
    assert err == ""
    return [
        (f["rule"], f["resource"], f"{f['path']}:{f['line']}:{f['column']}", f["message"])
        for f in json.loads(out)["findings"]
    ]


def test_a_child_violation_caused_by_the_callers_argument(cli: Cli) -> None:
    write("m/modules/fn/main.tf", CHILD)
    write(
        "m/main.tf",
        'module "fn" {\n  source  = "./modules/fn"\n  role    = "arn:aws:iam::1:role/r"\n'
        "  timeout = 901\n}\n",
    )
    assert _findings(cli, "m", "--select", "LL110") == [
        (
            "LL110",
            "module.fn.aws_lambda_function.this",
            "m/main.tf:4:13",
            "timeout 901 s (inherited from the timeout argument of module.fn) "
            + RANGE.removesuffix(" [LL110]"),
        )
    ]
    # Linting the child directory alone says nothing contradicting: it is linted
    # through its caller (its own default, 3 s, is fine either way).
    assert lint(cli, "m/modules/fn", "--select", "LL110")[1] == (
        "All checks passed! (1 file checked)\n"
    )


def test_a_childs_own_value_is_reported_in_the_child_once(cli: Cli) -> None:
    """Called twice, the child's literal is one cause: one finding, in the child's file."""
    write("m/modules/fn/main.tf", CHILD.replace("var.timeout", "1000"))
    write(
        "m/main.tf",
        'module "a" {\n  source = "./modules/fn"\n  role   = "arn:aws:iam::1:role/a"\n}\n'
        'module "b" {\n  source = "./modules/fn"\n  role   = "arn:aws:iam::1:role/b"\n}\n',
    )
    assert lint(cli, "m", "--select", "LL110")[1] == (
        f"m/modules/fn/main.tf:10:19: error: timeout 1000 s {RANGE}\n"
        "Found 1 finding (1 error) in 1 file.\n"
    )


def test_outputs_resolve_in_the_caller_and_entities_carry_module_addresses(cli: Cli) -> None:
    """Two root functions use the role a child module creates: LL501 names that role."""
    write(
        "m/iam/main.tf",
        'resource "aws_iam_role" "this" {\n  name = "r"\n}\n\n'
        'output "arn" {\n  value = aws_iam_role.this.arn\n}\n',
    )
    functions = "".join(
        f'resource "aws_lambda_function" "{name}" {{\n  role = module.iam.arn\n}}\n'
        for name in ("a", "b")
    )
    write("m/main.tf", 'module "iam" {\n  source = "./iam"\n}\n' + functions)
    found = _findings(cli, "m", "--select", "LL501")
    assert [(rule, resource, where) for rule, resource, where, _ in found] == [
        ("LL501", "aws_lambda_function.a", "m/main.tf:5:10"),
        ("LL501", "aws_lambda_function.b", "m/main.tf:8:10"),
    ]
    assert found[0][3].startswith("execution role module.iam.aws_iam_role.this is also used by")


def test_values_pass_through_nested_modules(cli: Cli) -> None:
    """root -> outer -> inner: the value written in the root is reported there."""
    write("m/inner/main.tf", CHILD)
    write(
        "m/outer/main.tf",
        'variable "t" {}\n\nmodule "inner" {\n  source  = "../inner"\n  role    = "r"\n'
        "  timeout = var.t\n}\n",
    )
    write("m/main.tf", 'module "outer" {\n  source = "./outer"\n  t      = 1200\n}\n')
    assert _findings(cli, "m", "--select", "LL110") == [
        (
            "LL110",
            "module.outer.module.inner.aws_lambda_function.this",
            "m/main.tf:3:12",
            "timeout 1200 s (inherited from the t argument of module.outer) "
            + RANGE.removesuffix(" [LL110]"),
        )
    ]


def test_for_each_on_a_module_call_names_the_instance(cli: Cli) -> None:
    write("m/fn/main.tf", CHILD)
    write(
        "m/main.tf",
        'module "fn" {\n  source   = "./fn"\n  for_each = { small = 3, big = 901 }\n'
        '  role     = "r-${each.key}"\n  timeout  = each.value\n}\n',
    )
    assert _findings(cli, "m", "--select", "LL110") == [
        (
            "LL110",
            'module.fn["big"].aws_lambda_function.this',
            "m/main.tf:3:33",
            'timeout 901 s (inherited from the timeout argument of module.fn["big"]) '
            + RANGE.removesuffix(" [LL110]"),
        )
    ]


def test_count_on_a_module_call(cli: Cli) -> None:
    """``count = 0`` loads nothing; an unknown count is checked once, and says so."""
    write("m/fn/main.tf", CHILD.replace("var.timeout", "1000"))
    call = 'module "fn" {{\n  source = "./fn"\n  count  = {}\n  role   = "r"\n}}\n'
    write("m/main.tf", call.format(0))
    assert lint(cli, "m", "--select", "LL110")[1] == "All checks passed! (2 files checked)\n"
    write("m/main.tf", call.format(2))
    assert [f[1] for f in _findings(cli, "m", "--select", "LL110")] == [
        "module.fn[0].aws_lambda_function.this"
    ]
    write("m/main.tf", call.format("var.n") + 'variable "n" {}\n')
    assert lint(cli, "m", "--select", "LL110")[1] == (
        f"m/fn/main.tf:10:19: error: timeout 1000 s {RANGE.removesuffix(' [LL110]')} "
        "(checked once for every instance of this count module's resource) [LL110]\n"
        "Found 1 finding (1 error) in 1 file.\n"
    )


def test_modules_installed_by_terraform_init_are_followed(cli: Cli) -> None:
    write("m/.terraform/modules/fn/main.tf", CHILD)
    call = 'module "fn" {\n  source  = "acme/fn/aws"\n  role    = "r"\n  timeout = 901\n}\n'
    write("m/main.tf", call)
    assert lint(cli, "m", "--select", "LL110")[1] == (
        "note: m: module calls not followed, their outputs unknown: module.fn (source "
        '"acme/fn/aws" is not downloaded: run terraform init, which lists it in '
        ".terraform/modules/modules.json)\n"
        "All checks passed! (1 file checked)\n"
    )
    manifest = {"Modules": [{"Key": "", "Dir": "."}, {"Key": "fn", "Dir": ".terraform/modules/fn"}]}
    write("m/.terraform/modules/modules.json", json.dumps(manifest))
    assert lint(cli, "m", "--select", "LL110")[1] == (
        "m/main.tf:4:13: error: timeout 901 s (inherited from the timeout argument of "
        f"module.fn) {RANGE}\nFound 1 finding (1 error) in 1 file.\n"
    )


def test_calls_not_followed_are_named_once_with_the_reason(cli: Cli) -> None:
    write(
        "m/main.tf",
        'module "gone" {\n  source = "./nowhere"\n}\n'
        'module "self" {\n  source = "./"\n}\n'
        'module "vpc" {\n  source = "git::https://example.com/vpc.git"\n}\n',
    )
    assert lint(cli, "m")[1] == (
        "note: m: module calls not followed, their outputs unknown: module.gone "
        "(m/nowhere holds no .tf or .tf.json file); module.self (it calls a module that is "
        'calling it); module.vpc (source "git::https://example.com/vpc.git" is not '
        "downloaded: run terraform init, which lists it in .terraform/modules/modules.json)\n"
        "All checks passed! (1 file checked)\n"
    )


def test_json_syntax_modules_are_followed_too(cli: Cli) -> None:
    write(
        "m/fn/main.tf.json",
        json.dumps(
            {
                "variable": {"timeout": {}},
                "resource": {
                    "aws_lambda_function": {"this": {"role": "r", "timeout": "${var.timeout}"}}
                },
            }
        ),
    )
    write("m/main.tf.json", json.dumps({"module": {"fn": {"source": "./fn", "timeout": 0}}}))
    assert _findings(cli, "m", "--select", "LL110")[0][1:3] == (
        "module.fn.aws_lambda_function.this",
        "m/main.tf.json:1:49",
    )


def test_a_suppression_in_the_child_applies(cli: Cli) -> None:
    write(
        "m/fn/main.tf",
        CHILD.replace(
            "  timeout       = var.timeout\n",
            "  timeout       = 1000 # lambda-lint: ignore[LL110] legacy\n",
        ),
    )
    write("m/main.tf", 'module "fn" {\n  source = "./fn"\n  role   = "r"\n}\n')
    assert lint(cli, "m", "--select", "LL110,LL004")[1] == (
        "All checks passed! (2 files checked) 1 suppressed.\n"
    )


def test_a_broken_child_file_is_ll001_and_parallel_runs_agree(cli: Cli) -> None:
    """A called module's file that does not parse is LL001 (it is part of the
    configuration linted); ``--jobs 2`` reports what a serial run does."""
    write("m/fn/main.tf", CHILD)
    write("m/fn/broken.tf", 'resource "aws_sqs_queue" "q" {\n')
    write("m/main.tf", 'module "fn" {\n  source  = "./fn"\n  role    = "r"\n  timeout = 0\n}\n')
    serial = lint(cli, "m", "--select", "LL001,LL110")
    assert serial[1].splitlines()[:2] == [
        "m/fn/broken.tf:2:1: error: HCL syntax error: expected '}' here [LL001]",
        "m/main.tf:4:13: error: timeout 0 s (inherited from the timeout argument of module.fn) "
        + RANGE,
    ]
    assert lint(cli, "m", "--select", "LL001,LL110", "--jobs", "2") == serial


def test_a_condition_fixed_by_the_call_picks_its_branch(cli: Cli) -> None:
    """``var.create_role ? aws_iam_role.own[0].arn : var.role`` with ``create_role = false``
    written in each call: both functions use the caller's role (LL501), as the
    terraform-aws-lambda module is called. A condition on a variable's default stays a
    choice (the deployer may set it otherwise), and the roles are not certainly shared."""
    write(
        "m/fn/main.tf",
        'variable "create_role" {\n  default = true\n}\n\nvariable "role" {}\n\n'
        'resource "aws_iam_role" "own" {\n  count = var.create_role ? 1 : 0\n}\n\n'
        'resource "aws_lambda_function" "this" {\n'
        "  role = var.create_role ? aws_iam_role.own[0].arn : var.role\n}\n",
    )

    def calls(setting: str) -> str:
        return "".join(
            f'module "{name}" {{\n  source = "./fn"\n{setting}'
            "  role   = aws_iam_role.shared.arn\n}\n"
            for name in ("a", "b")
        )

    shared = 'resource "aws_iam_role" "shared" {\n}\n'
    write("m/main.tf", shared + calls("  create_role = false\n"))
    assert [f[1] for f in _findings(cli, "m", "--select", "LL501")] == [
        "module.a.aws_lambda_function.this",
        "module.b.aws_lambda_function.this",
    ]
    write("m/main.tf", shared + calls(""))
    assert _findings(cli, "m", "--select", "LL501") == []
