"""Suppressions (comments, Metadata, Terraform "//", per-file-ignores), LL004/LL005, baselines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lambda_lint.cli import main

from .conftest import Cli

TEMPLATE = """\
Resources:
  Slow:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/slow
      Timeout: 1200  # lambda-lint: ignore[LL110] nightly batch, moving to Step Functions
  Slower:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/slower
      # lambda-lint: ignore[LL110]
      Timeout: 1300
  Slowest:
    Type: AWS::Lambda::Function
    Metadata:
      lambda-lint:
        ignore: {LL110: legacy, LL120: not needed}
    Properties:
      Role: arn:aws:iam::123456789012:role/slowest
      Timeout: 1400
  Fast:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/fast
      Timeout: 2000  # lambda-lint: ignore
      MemorySize: 64  # lambda-lint: ignore[LL999]
"""


def run(cli: Cli, *args: str) -> tuple[int, list[str]]:
    """The shared runner with this file's defaults; exit code and stdout as lines."""
    result = cli("check", "--isolated", "--format", "concise", *args)
    return result.code, result.lines


@pytest.fixture
def template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    return path


def test_comments_and_metadata_suppress_and_bad_ones_are_reported(template: Path, cli: Cli) -> None:
    code, lines = run(cli, "template.yaml")
    assert code == 1
    assert lines == [
        "template.yaml:17:33: warning: unused suppression: no LL120 finding here [LL004]",
        "template.yaml:25:16: error: timeout 2000 s is outside Lambda's range of 1 to 900 "
        "seconds (15 minutes) [LL110]",
        "template.yaml:25:22: warning: a suppression must name its codes, e.g. "
        "ignore[LL101] reason [LL005]",
        "template.yaml:26:19: error: memory size 64 MB is outside Lambda's range of 128 to "
        "10,240 MB [LL120]",
        "template.yaml:26:23: warning: unknown rule code LL999 in a suppression [LL005]",
        "Found 5 findings (2 errors, 3 warnings) in 1 file. 3 suppressed.",
    ]


def test_show_suppressed_lists_them_with_their_reason(template: Path, cli: Cli) -> None:
    _, lines = run(cli, "template.yaml", "--select", "LL110", "--show-suppressed")
    assert [line for line in lines if "suppressed:" in line] == [
        "template.yaml:6:16: error: timeout 1200 s is outside Lambda's range of 1 to 900 seconds "
        "(15 minutes) [LL110] (suppressed: nightly batch, moving to Step Functions)",
        "template.yaml:12:16: error: timeout 1300 s is outside Lambda's range of 1 to 900 "
        "seconds (15 minutes) [LL110] (suppressed: no reason given)",
        "template.yaml:20:16: error: timeout 1400 s is outside Lambda's range of 1 to 900 "
        "seconds (15 minutes) [LL110] (suppressed: legacy)",
    ]


def test_no_suppressions_is_an_audit(template: Path, cli: Cli) -> None:
    _, lines = run(cli, "template.yaml", "--select", "LL110", "--no-suppressions")
    assert [line.split(": error")[0] for line in lines[:-1]] == [
        "template.yaml:6:16",
        "template.yaml:12:16",
        "template.yaml:20:16",
        "template.yaml:25:16",
    ]


def test_unused_suppressions_of_rules_that_did_not_run_are_not_reported(
    template: Path, cli: Cli
) -> None:
    _, lines = run(cli, "template.yaml", "--select", "LL110,LL004")
    assert [line for line in lines if "LL004" in line] == []


def test_file_ignore_and_template_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    monkeypatch.chdir(tmp_path)
    body = TEMPLATE.replace("  # lambda-lint: ignore\n", "\n").replace(
        "  # lambda-lint: ignore[LL999]", ""
    )
    Path("a.yaml").write_text("# lambda-lint: file-ignore[LL110, LL120] legacy stack\n" + body)
    Path("b.yaml").write_text("Metadata:\n  lambda-lint:\n    ignore: [LL110, LL120]\n" + body)
    code, lines = run(cli, "a.yaml", "b.yaml")
    assert (code, lines) == (
        1,
        [
            # Slowest's own Metadata suppresses LL110 first; its LL120 entry has nothing to do.
            "a.yaml:18:33: warning: unused suppression: no LL120 finding here [LL004]",
            "b.yaml:20:33: warning: unused suppression: no LL120 finding here [LL004]",
            "Found 2 findings (2 warnings) in 2 files. 10 suppressed.",
        ],
    )


def test_terraform_comment_suppresses_one_resource(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    monkeypatch.chdir(tmp_path)
    function = {
        "function_name": "f",
        "role": "arn:aws:iam::123456789012:role/f",
        "s3_bucket": "b",
        "s3_key": "k",
        "handler": "a.b",
        "runtime": "python3.12",
        "timeout": 1200,
    }
    module = {
        "resource": {
            "aws_lambda_function": {
                "accepted": {"//": "lambda-lint: ignore[LL110] reviewed", **function},
                "reported": {**function, "function_name": "g"},
            }
        }
    }
    Path("main.tf.json").write_text(json.dumps(module, indent=2))
    _, lines = run(cli, "main.tf.json", "--select", "LL110")
    assert lines == [
        "main.tf.json:21:20: error: timeout 1200 s is outside Lambda's range of 1 to 900 "
        "seconds (15 minutes) [LL110]",
        "Found 1 finding (1 error) in 1 file. 1 suppressed.",
    ]


def test_baseline_accepts_old_findings_and_survives_edits_above_them(
    template: Path, capsys: pytest.CaptureFixture[str], cli: Cli
) -> None:
    assert main(["check", "--isolated", "template.yaml", "--write-baseline", "base.json"]) == 0
    assert "wrote 5 findings to base.json" in capsys.readouterr().err
    edited = "# a comment pushes every line down\n" + TEMPLATE.replace(
        "      Role: arn:aws:iam::123456789012:role/slow\n",
        "      Role: arn:aws:iam::123456789012:role/slow\n      MemorySize: 20\n",
    )
    template.write_text(edited, encoding="utf-8")
    code, lines = run(cli, "template.yaml", "--baseline", "base.json")
    assert (code, lines) == (
        1,
        [
            "template.yaml:7:19: error: memory size 20 MB is outside Lambda's range of 128 to "
            "10,240 MB [LL120]",
            "Found 1 finding (1 error) in 1 file. 8 suppressed.",
        ],
    )


def test_a_broken_baseline_is_a_usage_error(
    template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("base.json").write_text("[]")
    assert main(["check", "--isolated", "template.yaml", "--baseline", "base.json"]) == 2
    assert capsys.readouterr().err == (
        "lambda-lint: error: base.json: not a lambda-lint baseline (version 1 expected)\n"
    )


def test_sarif_keeps_suppressed_findings(
    template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", "--isolated", "template.yaml", "--select", "LL110", "--format", "sarif"])
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert [
        (r["locations"][0]["physicalLocation"]["region"]["startLine"], r.get("suppressions"))
        for r in results
    ] == [
        (6, [{"kind": "inSource", "justification": "nightly batch, moving to Step Functions"}]),
        (12, [{"kind": "inSource"}]),
        (20, [{"kind": "inSource", "justification": "legacy"}]),
        (25, None),
    ]


@pytest.mark.parametrize(
    "key",
    ["lambda-lint", "lambda\\u002dlint"],
    ids=["plain", "escaped"],
)
def test_a_metadata_suppression_is_found_however_its_key_is_spelled(
    key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Files without the text ``lambda-lint`` skip the directive scan; a key written with a
    JSON escape must still be read as the suppression it is."""
    monkeypatch.chdir(tmp_path)
    body = (
        '{"Resources": {"Fn": {"Type": "AWS::Lambda::Function", '
        f'"Metadata": {{"{key}": {{"ignore": ["LL110"]}}}}, '
        '"Properties": {"Timeout": 901}}}}'
    )
    Path("t.json").write_text(body, encoding="utf-8")
    code = main(["t.json", "--isolated", "--select", "LL110", "--format", "concise"])
    assert (code, capsys.readouterr().out) == (
        0,
        "All checks passed! (1 file checked) 1 suppressed.\n",
    )
