"""The command line: formats, selection, exit codes, explain, and the json contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, NOTHING_FOUND, Cli

FAIL = FIXTURES / "rules" / "LL110" / "fail.cfn.yaml"
PASS = FIXTURES / "rules" / "LL110" / "pass.cfn.yaml"


def test_concise_lines_and_exit_code(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    code, out, _ = cli("fixtures/rules/LL110/fail.cfn.yaml", "--format", "concise")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "fixtures/rules/LL110/fail.cfn.yaml:23:16: error: timeout 0 s is outside Lambda's range "
        "of 1 to 900 seconds (15 minutes) [LL110]"
    )
    assert lines[-1] == "Found 4 findings (4 errors) in 1 file."


def test_check_subcommand_is_optional_and_clean_file_exits_zero(
    cli: Cli,
) -> None:
    code, out, _ = cli("check", PASS, "--format", "concise")
    assert (code, out) == (0, "All checks passed! (1 file checked)\n")


def test_json_output_matches_design(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    code, out, _ = cli("fixtures/rules/LL110/fail.cfn.yaml", "--format", "json")
    document = json.loads(out)
    assert code == 1
    assert document["version"] == 1
    first = document["findings"][0]
    assert set(first) == {
        "rule",
        "name",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "resource",
        "fingerprint",
        "help_url",
    }
    assert (first["rule"], first["name"], first["severity"], first["resource"]) == (
        "LL110",
        "timeout-out-of-range",
        "error",
        "FailZero",
    )
    assert (
        first["path"],
        first["line"],
        first["column"],
        first["end_line"],
        first["end_column"],
    ) == (
        "fixtures/rules/LL110/fail.cfn.yaml",
        23,
        16,
        23,
        17,
    )
    assert document["summary"] == {
        "files_checked": 1,
        "files_skipped": 0,
        "findings": 4,
        "suppressed": 0,
        "by_severity": {"error": 4, "warning": 0, "info": 0},
        "by_rule": {"LL110": 4},
    }


@pytest.mark.parametrize(
    ("args", "expected_rules"),
    [
        ([], {"LL110", "LL501"}),
        (["--select", "LL1"], {"LL110"}),
        (["--ignore", "timeout-out-of-range"], {"LL501"}),
        (["--select", "LL", "--ignore", "LL5"], {"LL110"}),
        (["--select", "LL5", "--extend-select", "LL110"], {"LL110", "LL501"}),
        (["--select", "LL110,LL501", "--ignore", "LL1"], {"LL110", "LL501"}),  # most specific wins
        (["--select", "LL1,LL5", "--ignore", "LL1"], {"LL501"}),  # ignore wins a tie
    ],
)
def test_selection(cli: Cli, tmp_path: Path, args: list[str], expected_rules: set[str]) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(
        "Resources:\n"
        "  A:\n    Type: AWS::Lambda::Function\n"
        "    Properties: {Role: arn:aws:iam::1:role/r, Timeout: 0}\n"
        "  B:\n    Type: AWS::Lambda::Function\n    Properties: {Role: arn:aws:iam::1:role/r}\n"
    )
    _, out, _ = cli(template, "--format", "json", *args)
    assert {f["rule"] for f in json.loads(out)["findings"]} == expected_rules


def test_fail_on_and_exit_zero(cli: Cli, tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(
        "Resources:\n"
        "  A:\n    Type: AWS::Lambda::Function\n    Properties: {Role: arn:aws:iam::1:role/r}\n"
        "  B:\n    Type: AWS::Lambda::Function\n    Properties: {Role: arn:aws:iam::1:role/r}\n"
    )
    assert cli(template)[0] == 1  # two LL501 warnings
    assert cli(template, "--fail-on", "error")[0] == 0
    assert cli(template, "--fail-on", "warning")[0] == 1
    assert cli(template, "--exit-zero")[0] == 0


def test_usage_errors_exit_two(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli(PASS, "--select", "LL999")
    assert (code, err) == (2, "lambda-lint: error: unknown rule selector 'LL999'\n")
    code, _, err = cli(tmp_path / "nope.yaml")
    assert code == 2 and "no such file or directory" in err
    assert cli(PASS, "--format", "xml")[0] == 2


def test_non_templates_are_skipped_silently(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nnav: [a, b]\n")
    (tmp_path / "package.json").write_text('{"name": "x"}')
    (tmp_path / "k8s.yaml").write_text("kind: A\n---\nkind: B\n")
    code, out, err = cli(tmp_path / "mkdocs.yml", tmp_path / "package.json", tmp_path / "k8s.yaml")
    assert (code, out) == (0, "No files checked (3 files skipped: not templates).\n")
    assert err == (
        NOTHING_FOUND
        + f"{tmp_path / 'mkdocs.yml'}, {tmp_path / 'package.json'}, {tmp_path / 'k8s.yaml'}\n"
    )


def test_rule_explain_and_catalogue(cli: Cli) -> None:
    code, out, _ = cli("rule", "LL101")
    assert code == 0
    assert out.startswith("# env-vars-too-large (LL101)\n\nDefault severity: error\n")
    assert "## Why is this bad?" in out
    assert cli("rule", "env-vars-too-large")[1] == out
    assert cli("rule", "LL999")[0] == 2
    code, out, _ = cli("rules", "--format", "json")
    catalogue = json.loads(out)
    codes = [r["code"] for r in catalogue]
    assert codes[:6] == ["LL001", "LL002", "LL004", "LL005", "LL006", "LL101"]
    assert catalogue[5]["summary"] == "The environment variables take more than 4 KB."
    ll131 = next(r for r in catalogue if r["code"] == "LL131")
    assert list(ll131["messages"]) == ["too-large", "too-large-partly-unknown", "unmeasurable"]
    assert ll131["messages"]["unmeasurable"] == "{path} cannot be measured: {problem}"
    assert ll131["options"] == {}
    ll110 = next(r for r in catalogue if r["code"] == "LL110")
    assert ll110["options"]["maximum"]["maximum"] == 5400


def test_rule_shows_named_templates_readably(cli: Cli) -> None:
    code, out, _ = cli("rule", "LL131")
    assert code == 0
    head = out.split("\nHelp: ", 1)[0]
    assert head == (
        "# package-unzipped-too-large (LL131)\n\n"
        "Default severity: error\n"
        "Messages:\n"
        "  too-large:                code and layers are {total} unzipped ({parts}); a function "
        "and all its layers may be at most 262,144,000 bytes (250 MB) unzipped\n"
        "  too-large-partly-unknown: code and layers are at least {total} unzipped ({parts}); "
        "a function and all its layers may be at most 262,144,000 bytes (250 MB) unzipped; "
        "not counted: {unknown} of unknown size\n"
        "  unmeasurable:             {path} cannot be measured: {problem}"
    )


def test_rule_shows_templates_without_format_specs_and_its_options(cli: Cli) -> None:
    out = cli("rule", "LL110").out
    assert out.split("\nHelp: ", 1)[0].split("Messages:\n", 1)[1] == (
        "  range:     timeout {value} s{note} is outside Lambda's range of {minimum} to "
        "{maximum} seconds ({limit})\n"
        "  not-whole: timeout {value} s{note} is outside Lambda's range of {minimum} to "
        "{maximum} seconds (it must be a whole number of seconds)\n"
        "  cap:       timeout {value} s{note} is over this project's cap of {cap} seconds "
        "(rules.LL110.maximum)\n"
        "Options ([tool.lambda-lint.rules.LL110]):\n"
        "  maximum (integer, 1 to 5400): An organisation's stricter cap in seconds "
        "(also reported)."
    )
    single = cli("rule", "LL402").out
    assert "\nMessage: queue feeds function {function} but has no redrive policy: " in single
    assert "Options" not in single


def test_full_format_shows_source_and_underline(cli: Cli) -> None:
    code, out, _ = cli(FAIL, "--format", "full")
    assert code == 1
    assert "      23 |       Timeout: 0\n" in out
    assert "\n" + " " * 27 + "^\n" in out


def test_module_entry_point_and_version(cli: Cli) -> None:
    result = cli.child("--version")
    assert (result.code, result.out) == (0, "lambda-lint 0.1.0\n")


def test_version_is_written_once() -> None:
    """pyproject.toml takes the version from ``lambda_lint.__version__``; the metadata agrees."""
    from importlib.metadata import version

    import lambda_lint

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    from .conftest import ROOT

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    dynamic = project["tool"]["setuptools"]["dynamic"]
    assert dynamic == {"version": {"attr": "lambda_lint.__version__"}}
    assert version("lambda-lint") == lambda_lint.__version__


def test_version_does_not_import_heavy_modules() -> None:
    code = (
        "import sys; from lambda_lint.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('yaml', 'rich', 'jsonschema', 'cfnlint') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().endswith("[]")


def test_one_template_run_does_not_import_rich_or_cfnlint() -> None:
    code = (
        "import sys; from lambda_lint.cli import main\n"
        f"main([{str(PASS)!r}, '--format', 'concise'])\n"
        "print(sorted(m for m in ('rich', 'jsonschema', 'cfnlint') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_progress_is_reported_per_file_and_only_for_human_formats_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import argparse

    from lambda_lint import cli
    from lambda_lint.discovery import Candidate
    from lambda_lint.engine import lint
    from lambda_lint.progress import ProgressBar
    from lambda_lint.registry import all_rules

    calls: list[tuple[int, int]] = []
    files = [Candidate(Path(FAIL), explicit=True), Candidate(Path(PASS), explicit=True)]
    lint(files, all_rules(), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]

    bar = ProgressBar(threshold=50)
    bar(49, 49)
    assert bar._progress is None  # a short run never starts (nor imports) a bar

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    made = {
        name: cli._progress_bar(argparse.Namespace(format=name, no_progress=False))
        for name in ("auto", "concise", "json", "sarif")
    }
    assert {name: type(bar).__name__ for name, bar in made.items()} == {
        "auto": "ProgressBar",
        "concise": "ProgressBar",
        "json": "NoneType",
        "sarif": "NoneType",
    }
    assert cli._progress_bar(argparse.Namespace(format="concise", no_progress=True)) is None


def test_jobs_give_the_same_report_as_a_serial_run(cli: Cli) -> None:
    folder = str(FIXTURES / "rules")
    serial = cli(folder, "--format", "json", "--isolated")
    parallel = cli(folder, "--format", "json", "--isolated", "--jobs", "2")
    assert serial[0] == parallel[0] == 1
    assert parallel[1] == serial[1]
    assert json.loads(serial[1])["summary"]["findings"] > 100


def test_a_walk_sniffs_template_and_cform_files(cli: Cli, tmp_path: Path) -> None:
    """Classic ``*.template`` and ``*.cform`` names are linted in a directory walk like
    ``*.yaml``/``*.json``; one that is no template (another tool's) is skipped silently."""
    body = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Timeout: 1000}\n"
    (tmp_path / "stack.template").write_text(body, encoding="utf-8")
    (tmp_path / "stack.cform").write_text(body, encoding="utf-8")
    (tmp_path / "mail.template").write_text("Hello {{name}}\n", encoding="utf-8")
    out = cli(str(tmp_path), "--select", "LL110", "--isolated", "--format", "concise").out
    found = sorted(line.split(": ", 1)[0] for line in out.splitlines() if "[LL110]" in line)
    assert found == [f"{tmp_path / 'stack.cform'}:4:27", f"{tmp_path / 'stack.template'}:4:27"]
