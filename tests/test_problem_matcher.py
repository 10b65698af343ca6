"""The shipped GitHub Actions problem matcher applied to real ``--format concise`` output.

The runner reads the regexps with .NET's ECMAScript options and accepts only
``error``, ``warning`` and ``notice`` as severities (a line whose severity is
anything else is not annotated), so the file has two matchers: one capturing
``error``/``warning``, one for ``info`` lines with the default severity ``notice``.
The test applies them as the runner does: the first matcher whose regexp matches
a line wins, a captured severity overrides the matcher's default.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from lambda_lint.formatters import write

from .conftest import ROOT, Cli
from .test_formatters import REPORT

MATCHER = ROOT / ".github" / "lambda-lint-problem-matcher.json"
# JavaScript-only syntax that Python's re would reject or read differently.
_JS_ONLY = re.compile(r"\(\?<[A-Za-z]|\\[pPuk]|\(\?<[=!]|\$<")

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Shared.Arn
      Runtime: python3.12
      Handler: index.handler
      Code: {ZipFile: "def handler(e, c): pass"}
      Timeout: 901
      Environment:
        Variables:
          "ids[0]": one
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Shared.Arn
      Runtime: python3.12
      Handler: index.handler
      Code: {ZipFile: "def handler(e, c): pass"}
  Shared:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: "sts:AssumeRole"}
"""


def python_regexp(js: str) -> re.Pattern[str]:
    """The matcher's JavaScript regexp as a Python pattern: the file keeps to the syntax
    both engines read alike (``[0-9]`` rather than ``\\d``, no named groups, no lookbehind,
    no Unicode classes), so the conversion is a check rather than a rewrite."""
    assert not _JS_ONLY.search(js), f"regexp uses JavaScript-only syntax: {js}"
    assert "\\d" not in js, "\\d is Unicode-aware in Python, ASCII-only in ECMAScript"
    return re.compile(js)


def load_matchers() -> list[dict[str, Any]]:
    document = json.loads(MATCHER.read_text(encoding="utf-8"))
    matchers: list[dict[str, Any]] = document["problemMatcher"]
    return matchers


def apply(output: str) -> list[tuple[str, str, str, str, str, str]]:
    """(file, line, column, severity, code, message) for every annotated line."""
    found = []
    for text in output.splitlines():
        for matcher in load_matchers():
            (pattern,) = matcher["pattern"]
            match = python_regexp(pattern["regexp"]).search(text)
            if match is None:
                continue
            severity = match.group(pattern["severity"]) if "severity" in pattern else ""
            found.append(
                (
                    match.group(pattern["file"]),
                    match.group(pattern["line"]),
                    match.group(pattern["column"]),
                    severity or matcher.get("severity", "error"),
                    match.group(pattern["code"]),
                    match.group(pattern["message"]),
                )
            )
            break
    return found


def test_matcher_file_shape() -> None:
    matchers = load_matchers()
    assert [(m["owner"], m.get("severity")) for m in matchers] == [
        ("lambda-lint", None),
        ("lambda-lint-info", "notice"),
    ]
    for matcher in matchers:
        (pattern,) = matcher["pattern"]
        groups = python_regexp(pattern["regexp"]).groups
        used = [v for k, v in pattern.items() if k != "regexp"]
        assert sorted(used) == list(range(1, groups + 1))  # every group used once


def test_matcher_on_real_cli_output(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "stack template.yaml").write_text(TEMPLATE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli(
        "stack template.yaml", "--select", "LL103,LL110,LL501", "--format", "concise"
    )
    assert code == 1
    assert out.splitlines()[-1] == "Found 4 findings (2 errors, 2 warnings) in 1 file."
    role = "give each function its own least-privilege role"
    assert apply(out) == [
        (
            "stack template.yaml",
            "6",
            "13",
            "warning",
            "LL501",
            f"execution role Shared is also used by Worker; {role}",
        ),
        (
            "stack template.yaml",
            "10",
            "16",
            "error",
            "LL110",
            "timeout 901 s is outside Lambda's range of 1 to 900 seconds (15 minutes)",
        ),
        (
            "stack template.yaml",
            "13",
            "11",
            "error",
            "LL103",
            "environment variable name 'ids[0]' is invalid: names must start with a letter, "
            "have at least 2 characters and use only letters, digits and _",
        ),
        (
            "stack template.yaml",
            "17",
            "13",
            "warning",
            "LL501",
            f"execution role Shared is also used by Api; {role}",
        ),
    ]


def test_matcher_turns_info_into_notice() -> None:
    """No built-in rule is info by default (a severity override makes one): use the
    shared report of the formatter goldens, rendered by the real concise formatter."""
    stream = io.StringIO()
    write("concise", REPORT, stream)
    assert [
        (f, line, col, sev, code) for f, line, col, sev, code, _ in apply(stream.getvalue())
    ] == [
        ("infra/api.yaml", "10", "13", "notice", "LL501"),
        ("infra/api.yaml", "13", "11", "error", "LL101"),
        ("infra/api.yaml", "17", "21", "warning", "LL301"),
        ("infra/worker.tf.json", "10", "20", "error", "LL110"),
    ]
