"""The gate never says "passed" over a file it did not check (issue 21, part 2).

A file that cannot be read or parsed (LL001) is reported whatever the selection,
suppressions, per-file-ignores and baseline say; structural problems of a file that
parses (LL006) are an ordinary rule; a run over nothing lintable says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lambda_lint.cli import main

from .conftest import NOTHING_FOUND, Cli

HEAD = "AWSTemplateFormatVersion: '2010-09-09'\n"
BROKEN = HEAD + "Resources:\n  Fn: [\n"
BROKEN_LINE = (
    "t.yaml:4:1: error: while parsing a flow node did not find expected node content [LL001]"
)
UNDEFINED = (
    HEAD + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n"
    "      Role: !GetAtt NoRole.Arn\n"
)
UNDEFINED_LINE = (
    "t.yaml:6:13: error: !GetAtt NoRole.Arn: NoRole is not a resource of this template; "
    "CloudFormation rejects the template [LL006]"
)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def lint(cli: Cli, *args: str) -> tuple[int, list[str], str]:
    """The shared runner with this file's default (concise); stdout as lines."""
    result = cli(*args, "--format", "concise")
    return result.code, result.lines, result.err


@pytest.mark.parametrize(
    "selection",
    [
        ["--select", "LL1"],  # the README's own example
        ["--select", "LL501"],
        ["--ignore", "LL001"],
        ["--ignore", "LL0"],
        ["--ignore", "ALL"],
        ["--select", "LL1", "--ignore", "parse-error"],
    ],
    ids=" ".join,
)
def test_a_file_that_does_not_parse_is_reported_under_any_selection(
    cli: Cli, selection: list[str]
) -> None:
    Path("t.yaml").write_text(BROKEN, encoding="utf-8")
    code, lines, _ = lint(cli, "t.yaml", "--isolated", *selection)
    assert code == 1
    assert lines == [BROKEN_LINE, "Found 1 finding (1 error) in 1 file."]


def test_no_suppression_hides_a_parse_error(cli: Cli) -> None:
    """A comment suppression of LL001 is itself wrong (LL005), and the LL001 stays.

    (A file that does not parse has no comments to read: the tag is an LL001 of a file
    that parses.)"""
    Path("t.yaml").write_text(
        "# lambda-lint: file-ignore[LL001] the tag is for our preprocessor\n"
        + HEAD
        + "Resources:\n  Fn:\n    Type: AWS::SQS::Queue\n    Properties: {QueueName: !Bogus x}\n",
        encoding="utf-8",
    )
    code, lines, _ = lint(cli, "t.yaml", "--isolated")
    assert (code, lines) == (
        1,
        [
            "t.yaml:1:1: warning: LL001 cannot be suppressed: a file that cannot be read or "
            "parsed is always reported (exclude it instead) [LL005]",
            "t.yaml:6:29: error: unknown tag !Bogus: CloudFormation supports only its intrinsic "
            "function tags [LL001]",
            "Found 2 findings (1 error, 1 warning) in 1 file.",
        ],
    )


def test_per_file_ignores_and_baselines_do_not_hide_a_parse_error(
    capsys: pytest.CaptureFixture[str],
    cli: Cli,
) -> None:
    Path("t.yaml").write_text(BROKEN, encoding="utf-8")
    Path("lambda-lint.toml").write_text('per-file-ignores = { "t.yaml" = ["LL001"] }\n')
    assert main(["t.yaml", "--write-baseline", "baseline.json"]) == 0
    capsys.readouterr()
    recorded = json.loads(Path("baseline.json").read_text(encoding="utf-8"))["findings"]
    assert [entry["rule"] for entry in recorded] == ["LL001"]
    code, lines, _ = lint(cli, "t.yaml", "--baseline", "baseline.json")
    assert (code, lines) == (1, [BROKEN_LINE, "Found 1 finding (1 error) in 1 file."])


def test_only_exclude_keeps_a_broken_file_out(cli: Cli) -> None:
    Path("t.yaml").write_text(BROKEN, encoding="utf-8")
    Path("lambda-lint.toml").write_text('exclude = ["t.yaml"]\n')
    code, lines, err = lint(cli, ".")
    assert (code, lines) == (0, ["No files checked."])
    assert err == NOTHING_FOUND + ".\n"


def test_structural_problems_are_ll006_and_can_be_deselected_and_suppressed(
    cli: Cli,
) -> None:
    Path("t.yaml").write_text(UNDEFINED, encoding="utf-8")
    code, lines, _ = lint(cli, "t.yaml", "--isolated", "--select", "LL0")
    assert (code, lines) == (1, [UNDEFINED_LINE, "Found 1 finding (1 error) in 1 file."])
    assert lint(cli, "t.yaml", "--isolated", "--select", "LL0", "--ignore", "LL006")[:2] == (
        0,
        ["All checks passed! (1 file checked)"],
    )
    Path("t.yaml").write_text(
        UNDEFINED + "# lambda-lint: file-ignore[LL006] the role comes from a nested stack\n",
        encoding="utf-8",
    )
    assert lint(cli, "t.yaml", "--isolated", "--select", "LL0")[:2] == (
        0,
        ["All checks passed! (1 file checked) 1 suppressed."],
    )


def test_structural_fingerprints_do_not_depend_on_the_message(
    cli: Cli,
) -> None:
    """The key is the problem's id (what it is about), so rewording keeps baselines valid."""
    Path("t.yaml").write_text(UNDEFINED, encoding="utf-8")
    (finding,) = json.loads(
        cli("t.yaml", "--isolated", "--select", "LL006", "--format", "json").out
    )["findings"]
    from lambda_lint.findings import fingerprint

    assert finding["fingerprint"] == fingerprint(
        "LL006", "t.yaml", "", "invalid:undefined:Fn:!GetAtt NoRole.Arn"
    )


@pytest.mark.parametrize("output_format", ["concise", "json"])
def test_nothing_lintable_is_said_on_stderr_and_never_passes(cli: Cli, output_format: str) -> None:
    Path("infra").mkdir()
    Path("infra/mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    code, out, err = cli("infra", "--isolated", "--format", output_format)
    assert code == 0
    assert err == NOTHING_FOUND + "infra\n"
    if output_format == "concise":
        assert out == "No files checked (1 file skipped: not templates).\n"
    else:
        assert json.loads(out)["summary"]["files_checked"] == 0
