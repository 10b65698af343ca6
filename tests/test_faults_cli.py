"""Faults of the command line, its streams and its files: a clear line and an exit code,
never a traceback or a truncated file (issue 21, part 3)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lambda_lint.cli import main

from .conftest import FIXTURES, Cli

FAIL = FIXTURES / "rules" / "LL110" / "fail.cfn.yaml"
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX streams and devices")


def in_shell(
    *args: str, shell_tail: str = "", env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """``lambda-lint ARGS`` in a shell (for redirections), from ``sys.executable``."""
    command = " ".join([f"'{sys.executable}'", "-m", "lambda_lint", *args]) + shell_tail
    result = subprocess.run(
        ["sh", "-c", command],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **(env or {})},
    )
    return result.returncode, result.stdout, result.stderr


@POSIX
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["check", str(FAIL), "--isolated"], ["rules"]])
def test_a_full_disk_under_stdout_is_exit_2_with_one_line(command: list[str]) -> None:
    code, _, err = in_shell(*command, shell_tail=" > /dev/full")
    assert (code, err) == (
        2,
        "lambda-lint: error: cannot write the report: no space left on device\n",
    )


@POSIX
@pytest.mark.parametrize("command", ["rules", "rule LL101", f"check {FAIL} --isolated"])
def test_a_reader_that_leaves_early_is_not_an_error(command: str) -> None:
    code, out, err = in_shell(command, shell_tail=" | head -c 1")
    assert (out, err) == (out[:1], "")
    assert code == 0  # the pipeline's status is head's


@POSIX
def test_closed_stdout_keeps_the_exit_code_and_prints_no_traceback() -> None:
    code, _, err = in_shell("check", str(FAIL), "--isolated", shell_tail=" >&-")
    assert (code, "Traceback" in err) == (1, False)


@POSIX
def test_an_encoding_that_cannot_hold_the_report_is_escaped() -> None:
    code, out, err = in_shell(
        "check", str(FAIL), "--isolated", "--format", "concise", env={"PYTHONIOENCODING": "ascii"}
    )
    assert (code, err) == (1, "")
    assert "\\u2026" in out or out.isascii()


@POSIX
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_failed_baseline_write_leaves_the_old_baseline_intact(tmp_path: Path) -> None:
    """The new baseline goes to a temporary file that is renamed only once complete."""
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"version": 1, "findings": []}\n', encoding="utf-8")
    limited = (
        "import resource, runpy, sys; "
        "resource.setrlimit(resource.RLIMIT_FSIZE, (10, 10)); "
        f"sys.argv = ['lambda-lint', {str(FAIL)!r}, '--isolated', "
        f"'--write-baseline', {str(baseline)!r}]; "
        "runpy.run_module('lambda_lint', run_name='__main__')"
    )
    result = subprocess.run(
        [sys.executable, "-c", limited], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"lambda-lint: error: cannot write {baseline}: ")
    assert baseline.read_text(encoding="utf-8") == '{"version": 1, "findings": []}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baseline.json"]


@pytest.mark.parametrize(
    ("option", "value"),
    [("--jobs", "-1"), ("--jobs", "99999999999999999999x"), ("--max-file-size", "9" * 23)],
)
def test_nonsense_numbers_are_usage_errors(cli: Cli, option: str, value: str) -> None:
    code, _, err = cli(str(FAIL), "--isolated", option, value)
    assert code == 2
    assert err.splitlines()[-1].startswith("lambda-lint: error:") or "usage:" in err
    assert "Traceback" not in err


def test_a_huge_jobs_count_is_capped(capsys: pytest.CaptureFixture[str]) -> None:
    """One file, 99999999999999999999 jobs: linted serially, the same report."""
    assert main([str(FAIL), "--isolated", "--format", "concise"]) == 1
    serial = capsys.readouterr().out
    assert main([str(FAIL), "--isolated", "--format", "concise", "-j", "9" * 20]) == 1
    assert capsys.readouterr().out == serial


def test_options_may_stand_before_the_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--isolated", "check", str(FAIL), "--format", "concise"]) == 1
    out = capsys.readouterr().out
    assert out.endswith("Found 4 findings (4 errors) in 1 file.\n")


def test_a_config_that_is_not_a_regular_file_is_refused(
    cli: Cli,
) -> None:
    code, _, err = cli(str(FAIL), "--config", "/dev/zero")
    assert code == 2
    assert err.startswith("lambda-lint: error: ") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("pyproject.toml", b"[tool.lambda-lint]\nselect = ['\xff']\n"),
        ("lambda-lint.toml", b"select = " + b"[" * 5000 + b"]" * 5000 + b"\n"),
    ],
    ids=["invalid-utf8", "deep-nesting"],
)
def test_invalid_configuration_is_exit_2_with_a_message(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    data: bytes,
) -> None:
    (tmp_path / name).write_bytes(data)
    (tmp_path / "t.yaml").write_text(FAIL.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("t.yaml")
    assert code == 2
    assert err.startswith("lambda-lint: error: invalid configuration: ")
    assert err.count("\n") == 1


def test_a_pyproject_whose_tool_is_not_a_table_holds_no_settings(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It names no lambda-lint table: the run uses the defaults (no AttributeError)."""
    (tmp_path / "pyproject.toml").write_text('tool = "x"\n', encoding="utf-8")
    (tmp_path / "t.yaml").write_text(FAIL.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("t.yaml", "--format", "concise")
    assert (code, err) == (1, "")
    assert out.endswith("Found 4 findings (4 errors) in 1 file.\n")
