"""Terraform robustness (issue 21): hostile values and plan secrets, each with exact findings.

Every case goes through the real command line (concise format) with the helpers
of tests/test_hostile.py; inputs are generated in ``tmp_path``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

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
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``int()`` refuses more than 4,300 digits: the loader once crashed (LL002), losing
    the module's other findings. The value is unknown; the timeout is still checked."""
    text = module({"memory_size": "${" + "9" * 5000 + "}"})
    write("m/main.tf.json", text)
    column = text.index('"timeout"') + len('"timeout": ') + 1
    assert lint(capsys, "m/main.tf.json") == (
        1,
        f"m/main.tf.json:1:{column}: error: {TIMEOUT}\nFound 1 finding (1 error) in 1 file.\n",
        "",
    )


def test_an_integer_expression_of_5000_digits_in_a_plan(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write("plan.json", plan({"memory_size": "${-" + "9" * 5000 + "}"}))
    assert lint(capsys, "plan.json") == (
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
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A 2 KB module once asked for terabytes (MemoryError after 24 GB). Past a budget a
    resolved string is unknown, with its literal cut: ``l19`` (1 MB) still trips LL101
    as a lower bound, ``l40`` is unknown, and the timeout is still checked."""
    env = {"variables": {"AB": "${local.l40}", "CD": "${local.l19}"}}
    text = module({"environment": env}, locals=doubling(40))
    write("m/main.tf.json", text)
    timeout = text.index('"timeout"') + len('"timeout": ') + 1
    variables = text.index('"variables"') + 1
    assert lint(capsys, "m/main.tf.json") == (
        1,
        f"m/main.tf.json:1:{timeout}: error: {TIMEOUT}\n"
        f"m/main.tf.json:1:{variables}: error: environment variables take 1,048,617 bytes or"
        " more (literal parts only), over Lambda's limit of 4,096 bytes (4 KB, measured as the"
        " compact JSON of the whole map) [LL101]\n"
        "Found 2 findings (2 errors) in 1 file.\n",
        "",
    )


def test_a_long_chain_of_doubling_locals_is_linear(capsys: pytest.CaptureFixture[str]) -> None:
    """3,000 links: each may take 1 MB until the module's 16 MB are spent (a per-string cap
    alone would hold 3 GB), then only its own length."""
    env = {"variables": {"AB": "${local.l3000}"}}
    text = module({"environment": env}, locals=doubling(3000, "x"))
    write("m/main.tf.json", text)
    timeout = text.index('"timeout"') + len('"timeout": ') + 1
    assert lint(capsys, "m/main.tf.json") == (
        1,
        f"m/main.tf.json:1:{timeout}: error: {TIMEOUT}\nFound 1 finding (1 error) in 1 file.\n",
        "",
    )
