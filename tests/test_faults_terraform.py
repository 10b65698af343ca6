"""Terraform robustness (issue 21): hostile values and plan secrets, each with exact findings.

Every case goes through the real command line (concise format) with the helpers
of tests/test_hostile.py; inputs are generated in ``tmp_path``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.test_hostile import lint, write

ROLE = "arn:aws:iam::123456789012:role/r"
TIMEOUT = "timeout 1200 s is outside Lambda's range of 1 to 900 seconds (15 minutes) [LL110]"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from ``tmp_path`` so that reported paths are short and relative."""
    monkeypatch.chdir(tmp_path)


def module(body: dict[str, Any], **blocks: Any) -> str:
    """A module of one function (timeout 1200, LL110 at 1:...) plus ``blocks``, one line."""
    function = {"function_name": "f", "role": ROLE, "timeout": 1200, **body}
    return json.dumps({**blocks, "resource": {"aws_lambda_function": {"f": function}}})


def plan(values: dict[str, Any], sensitive: dict[str, Any] | None = None) -> str:
    """A ``terraform show -json`` plan of one function (timeout 1200 on line 14)."""
    resource: dict[str, Any] = {
        "address": "aws_lambda_function.f",
        "mode": "managed",
        "type": "aws_lambda_function",
        "name": "f",
        "values": {"function_name": "f", "role": ROLE, "timeout": 1200, **values},
    }
    if sensitive is not None:
        resource["sensitive_values"] = sensitive
    root = {"format_version": "1.2", "planned_values": {"root_module": {"resources": [resource]}}}
    return json.dumps(root, indent=2)


# -- 1. integers beyond Python's conversion limit ---------------------------------------------


def test_an_integer_expression_of_5000_digits_is_unknown(
    cli: Cli,
) -> None:
    """``int()`` refuses more than 4,300 digits: the loader once crashed (LL002), losing
    the module's other findings. The value is unknown; the timeout is still checked."""
    text = module({"memory_size": "${" + "9" * 5000 + "}"})
    write("m/main.tf.json", text)
    column = text.index('"timeout"') + len('"timeout": ') + 1
    assert lint(cli, "m/main.tf.json") == (
        1,
        f"m/main.tf.json:1:{column}: error: {TIMEOUT}\nFound 1 finding (1 error) in 1 file.\n",
        "",
    )


def test_an_integer_expression_of_5000_digits_in_a_plan(
    cli: Cli,
) -> None:
    write("plan.json", plan({"memory_size": "${-" + "9" * 5000 + "}"}))
    assert lint(cli, "plan.json") == (
        1,
        f"plan.json:14:24: error: {TIMEOUT}\nFound 1 finding (1 error) in 1 file.\n",
        "",
    )


# -- 2. locals that double at each step --------------------------------------------------------


def doubling(count: int, tail: str = "") -> dict[str, str]:
    """``l0 = "ab"``, ``lN = "${local.lN-1}${local.lN-1}"``: ``l40`` spells 2 TB."""
    found = {"l0": "ab"}
    for step in range(1, count + 1):
        found[f"l{step}"] = f"${{local.l{step - 1}}}${{local.l{step - 1}}}{tail}"
    return found


def test_locals_doubling_forty_times_stay_within_a_budget(
    cli: Cli,
) -> None:
    """A 2 KB module once asked for terabytes (MemoryError after 24 GB). Past a budget a
    resolved string is unknown, with its literal cut: ``l19`` (1 MB) still trips LL101
    as a lower bound, ``l40`` is unknown, and the timeout is still checked."""
    env = {"variables": {"AB": "${local.l40}", "CD": "${local.l19}"}}
    text = module({"environment": env}, locals=doubling(40))
    write("m/main.tf.json", text)
    timeout = text.index('"timeout"') + len('"timeout": ') + 1
    variables = text.index('"variables"') + 1
    assert lint(cli, "m/main.tf.json") == (
        1,
        f"m/main.tf.json:1:{timeout}: error: {TIMEOUT}\n"
        f"m/main.tf.json:1:{variables}: error: environment variables take 1,048,617 bytes or"
        " more (literal parts only), over Lambda's limit of 4,096 bytes (4 KB, measured as the"
        " compact JSON of the whole map) [LL101]\n"
        "Found 2 findings (2 errors) in 1 file.\n",
        "",
    )


def test_a_long_chain_of_doubling_locals_is_linear(cli: Cli) -> None:
    """3,000 links: each may take 1 MB until the module's 16 MB are spent (a per-string cap
    alone would hold 3 GB), then only its own length."""
    env = {"variables": {"AB": "${local.l3000}"}}
    text = module({"environment": env}, locals=doubling(3000, "x"))
    write("m/main.tf.json", text)
    timeout = text.index('"timeout"') + len('"timeout": ') + 1
    assert lint(cli, "m/main.tf.json") == (
        1,
        f"m/main.tf.json:1:{timeout}: error: {TIMEOUT}\nFound 1 finding (1 error) in 1 file.\n",
        "",
    )


# -- 4. values Terraform marks sensitive ---------------------------------------------------

SECRET = "S3CR3T-" + "x" * 5000  # trips LL101: 5,021 bytes of environment
HIDDEN_ROLE = "arn:aws:iam::123456789012:role/hidden-7f3a"


def run(cli: Cli, path: str, format: str) -> str:
    """stdout of one isolated run over ``path`` in ``format``."""
    return cli(path, "--format", format, "--isolated", "--no-progress").out


def sensitive_plan() -> str:
    """One line: a snippet of any finding quotes the whole plan, secrets included."""
    env = [{"variables": {"API_KEY": SECRET}}]
    function = {"environment": env}
    marks = {"environment": [{"variables": {"API_KEY": True}}]}
    root = json.loads(plan(function, marks))
    change = {"actions": ["create"], "before": None, "after": function, "after_sensitive": marks}
    root["resource_changes"] = [{"address": "aws_lambda_function.f", "change": change}]
    return json.dumps(root)


def test_full_format_redacts_a_sensitive_plan_value(cli: Cli) -> None:
    """``sensitive_values`` and ``after_sensitive`` mark the variable: the snippet shows
    ``(sensitive value)`` for both, as ``terraform show`` does; underlines stay put."""
    text = sensitive_plan()
    write("plan.json", text)
    out = run(cli, "plan.json", "full")
    assert text.count(json.dumps(SECRET)) == 2  # planned_values and resource_changes
    shown = text.replace(json.dumps(SECRET), "(sensitive value)")
    timeout = text.index('"timeout"') + len('"timeout": ')
    variables = text.index('"variables"')
    assert SECRET[:10] not in out
    # The timeout comes before the secret, the environment's key too: columns unchanged;
    # the long line is shown as a window around each span, cut after redaction.
    from lambda_lint.formatters.full import clip

    for start, width in ((timeout + 1, 4), (variables + 1, len('"variables"'))):
        window, column, _ = clip(shown, start, start + width)
        assert f"        1 | {window}\n" + " " * (12 + column - 1) + "^" * width + "\n" in out
    assert "1:" + str(variables + 1) + " error LL101 environment variables take 5,021 bytes" in out


def test_every_format_keeps_sensitive_values_out_of_messages(
    cli: Cli,
) -> None:
    """A role marked sensitive is named by LL501's message: it reads ``(sensitive value)``
    in every format, and the finding keeps its location."""
    resources = []
    for name in ("f", "g"):
        resources.append(
            {
                "address": f"aws_lambda_function.{name}",
                "mode": "managed",
                "type": "aws_lambda_function",
                "name": name,
                "values": {"function_name": name, "role": HIDDEN_ROLE, "timeout": 60},
                "sensitive_values": {"role": True},
            }
        )
    root = {"format_version": "1.2", "planned_values": {"root_module": {"resources": resources}}}
    write("plan.json", json.dumps(root, indent=2))
    for format in ("concise", "full", "json", "sarif", "github", "gitlab", "junit"):
        assert "hidden-7f3a" not in run(cli, "plan.json", format), format
    findings = json.loads(run(cli, "plan.json", "json"))["findings"]
    assert [(f["rule"], f["line"], f["column"], f["message"]) for f in findings] == [
        (
            "LL501",
            row,
            21,
            f"execution role (sensitive value) is also used by aws_lambda_function.{other}; "
            "give each function its own least-privilege role",
        )
        for row, other in ((13, "g"), (27, "f"))
    ]


def test_a_module_variable_declared_sensitive_is_redacted(
    cli: Cli,
) -> None:
    """``"sensitive": true`` on a variable: its default is secret in snippets and in
    messages, wherever the value flows (here the environment and the roles)."""
    variables = {
        "api_key": {"sensitive": True, "default": SECRET},
        "role": {"sensitive": True, "default": HIDDEN_ROLE},
    }
    env = {"variables": {"API_KEY": "${var.api_key}"}}
    text = module({"role": "${var.role}", "environment": env}, variable=variables)
    write("m/main.tf.json", text)
    concise = run(cli, "m/main.tf.json", "concise")
    variables_at = text.index('"variables"') + 1
    timeout_at = text.index('"timeout"') + len('"timeout": ') + 1
    assert concise == (
        f"m/main.tf.json:1:{timeout_at}: error: {TIMEOUT}\n"
        f"m/main.tf.json:1:{variables_at}: error: environment variables take 5,021 bytes,"
        " over Lambda's limit of 4,096 bytes (4 KB, measured as the compact JSON of the whole"
        " map) (assuming the default of variable api_key) [LL101]\n"
        "Found 2 findings (2 errors) in 1 file.\n"
    )
    out = run(cli, "m/main.tf.json", "full")
    assert SECRET[:10] not in out and "hidden-7f3a" not in out
    # The one-line module is shown as a window around each span (the secrets, declared
    # far from the spans, fall outside it); what is shown was redacted before it was cut.
    snippets = [line for line in out.splitlines() if line.startswith("        1 | ")]
    assert len(snippets) == 2 and all(len(line) < 200 for line in snippets)
    assert '"variables": {"API_KEY": "${var.api_key}"}' in snippets[1]


def test_redact_line_keeps_columns_and_spans_several_lines() -> None:
    """A secret map over lines 2-4: its first line shows the mark, the others lose what
    it covers; a column after a redaction moves with it, one inside lands on the mark."""
    from lambda_lint.redaction import redact_line
    from lambda_lint.span import Span

    spans = [Span(2, 11, 4, 4), Span(5, 3, 5, 7)]
    assert redact_line('  "a": 1,', 1, spans)[0] == '  "a": 1,'
    shown, column = redact_line('  "vars": {', 2, spans)
    assert (shown, column(11), column(3)) == ('  "vars": (sensitive value)', 11, 3)
    assert redact_line('    "K": "v"', 3, spans)[0] == "    "
    shown, column = redact_line("  }, 1", 4, spans)
    assert (shown, column(5), column(2)) == ("  , 1", 4, 2)
    shown, column = redact_line('  "ab" "c"', 5, spans)
    assert (shown, column(4), column(8)) == ('  (sensitive value) "c"', 3, 21)


def test_a_tfvars_value_of_a_sensitive_variable_stays_out_of_messages(
    cli: Cli,
) -> None:
    """The value comes from ``terraform.tfvars.json``, not the declaration's default."""
    roles = {name: {"function_name": name, "role": "${var.role}", "timeout": 60} for name in "fg"}
    root = {
        "variable": {"role": {"sensitive": True}},
        "resource": {"aws_lambda_function": roles},
    }
    text = json.dumps(root, indent=1)
    write("m/main.tf.json", text)
    write("m/terraform.tfvars.json", json.dumps({"role": HIDDEN_ROLE}))
    out = run(cli, "m", "concise")
    assert (
        out
        == "".join(
            f"m/main.tf.json:{line}:13: warning: execution role (sensitive value) is also used by"
            f" aws_lambda_function.{other}; give each function its own least-privilege role"
            " [LL501]\n"
            for line, other in ((11, "g"), (16, "f"))
        )
        + "Found 2 findings (2 warnings) in 1 file.\n"
    )
