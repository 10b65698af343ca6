"""The rough edges of the command line: usage errors, typos, names, local rules, --quiet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lambda_lint.cli import _FORMATS

from .conftest import Cli
from .test_config import LOCAL_RULE

TEMPLATE = """\
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/r
      MemorySize: 20000
      Timeout: 1200  # lambda-lint: ignore[timeout-out-of-range] moving to Step Functions
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("t.yaml").write_text(TEMPLATE, encoding="utf-8")
    return tmp_path


def test_help_names_every_command_and_format(cli: Cli) -> None:
    code, out, _ = cli("--help")
    assert code == 0
    for word in (*_FORMATS, "check", "rule", "rules"):
        assert word in out
    assert all(name in cli("check", "--help").out for name in _FORMATS)


@pytest.mark.parametrize("args", [("--selec", "LL1", "t.yaml"), ("check", "--bogus", "t.yaml")])
def test_unknown_and_abbreviated_options_get_the_commands_usage(
    cli: Cli, project: Path, args: tuple[str, ...]
) -> None:
    code, out, err = cli(*args)
    assert (code, out) == (2, "")
    assert err.startswith("usage: lambda-lint check ")
    option = args[1] if args[0] == "check" else args[0]
    assert err.splitlines()[-1] == f"lambda-lint check: error: unrecognized arguments: {option}"


def test_rule_and_rules_options_are_not_abbreviated_either(cli: Cli) -> None:
    code, _, err = cli("rules", "--form", "json")
    assert code == 2 and "lambda-lint rules: error: unrecognized arguments: --form" in err


def test_a_mistyped_selector_gets_a_suggestion(cli: Cli, project: Path) -> None:
    code, out, err = cli("t.yaml", "--select", "LL11O")
    assert (code, out) == (2, "")
    assert err.startswith("lambda-lint: error: unknown rule selector 'LL11O'; did you mean 'LL110'")
    err = cli("t.yaml", "--ignore", "timeout-out-of-rang").err
    assert "did you mean 'timeout-out-of-range'" in err


def test_an_unknown_rule_is_an_error_on_stderr(cli: Cli) -> None:
    code, out, err = cli("rule", "LL11O")
    assert (code, out) == (2, "")
    assert err == (
        "lambda-lint: error: no rule named 'LL11O'; did you mean 'LL110' or 'LL131' or "
        "'LL121'? (see `lambda-lint rules`)\n"
    )


def test_rule_and_rules_list_local_rules_of_the_configuration(cli: Cli, project: Path) -> None:
    (project / "lint_rules").mkdir()
    (project / "lint_rules" / "local.py").write_text(LOCAL_RULE, encoding="utf-8")
    Path("lambda-lint.toml").write_text('rules-dirs = ["lint_rules"]\n', encoding="utf-8")
    listed = json.loads(cli("rules", "--format", "json").out)
    assert listed[-1]["code"] == "ORG100"
    assert "ORG100  explicit-timeout" in cli("rules").out
    assert cli("rule", "explicit-timeout").out.startswith("# explicit-timeout (ORG100)\n")
    assert "ORG100" not in cli("rules", "--isolated").out


def test_rule_names_work_in_suppressions_and_per_file_ignores(cli: Cli, project: Path) -> None:
    Path("lambda-lint.toml").write_text(
        'per-file-ignores = { "t.yaml" = ["memory-out-of-range", "LL5"] }\n', encoding="utf-8"
    )
    code, out, _ = cli("t.yaml", "--format", "concise", "--show-suppressed")
    assert code == 0
    assert out.splitlines() == [
        "t.yaml:6:19: error: memory size 20000 MB is outside Lambda's range of 128 to 10,240 MB "
        "(up to 32,768 MB only with a Managed Instances capacity provider) [LL120] "
        "(suppressed: per-file-ignores: t.yaml)",
        "t.yaml:7:16: error: timeout 1200 s is outside Lambda's range of 1 to 900 seconds "
        "(15 minutes) [LL110] (suppressed: moving to Step Functions)",
        "All checks passed! (1 file checked) 2 suppressed.",
    ]
    Path("lambda-lint.toml").write_text(
        'per-file-ignores = { "t.yaml" = ["memory-out-of-rang"] }\n', encoding="utf-8"
    )
    code, _, err = cli("t.yaml")
    assert code == 2
    assert (
        "per-file-ignores.t.yaml: unknown rule selector 'memory-out-of-rang'; did you mean" in err
    )


def test_quiet_prints_the_findings_only(cli: Cli, project: Path) -> None:
    code, out, err = cli("t.yaml", "--quiet", "--format", "concise")
    assert code == 1 and err == ""
    assert [line.split(": ")[0] for line in out.splitlines()] == ["t.yaml:6:19"]
    Path("clean.yaml").write_text(TEMPLATE.replace("20000", "512"), encoding="utf-8")
    assert cli("clean.yaml", "-q", "--format", "concise") == (0, "", "")
    assert cli("clean.yaml", "-q", "--format", "full") == (0, "", "")
    Path("notes.yaml").write_text("a: 1\n", encoding="utf-8")
    Path("sub").mkdir()
    Path("sub/notes.yaml").write_text("a: 1\n", encoding="utf-8")
    assert cli("sub", "-q", "--format", "concise") == (0, "", "")
