"""Third-party rules that misbehave (issue 21, part 1): each is LL002, never the run's end.

A local rule (``rules-dirs``) that yields something other than a Violation,
raises ``SystemExit``, ``GeneratorExit`` or another ``BaseException``, prints to
stdout, or never returns: every case goes through the real command line, in
``--format json`` (whose output must parse), serially and with ``--jobs 2``.
Ctrl-C (``KeyboardInterrupt``) alone still ends the run, with exit 130.
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from lambda_lint.cli import main
from tests.conftest import Cli
from tests.test_hostile import write

TEMPLATE = (
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Fn:\n"
    "    Type: AWS::Lambda::Function\n"
    "    Properties:\n"
    "      Runtime: python3.12\n"
    "      Handler: index.handler\n"
    "      Role: arn:aws:iam::123456789012:role/r\n"
    "      Code: {ZipFile: x}\n"
)
RULE = '''
import os
import sys
import time

from lambda_lint.rule import Rule, Severity


class Odd(BaseException):
    """Neither an Exception nor an exit."""


class Misbehaving(Rule):
    """A third-party rule under test."""

    code = "ORG001"
    name = "misbehaving"
    message = "{fn} checked"
    severity = Severity.WARNING

    def check(self, stack):
{body}
'''
POSIX_TIMER = pytest.mark.skipif(sys.platform == "win32", reason="SIGALRM and setitimer")
JOBS = pytest.mark.parametrize("jobs", ["1", "2"])


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from ``tmp_path``, where the configuration and the local rule are."""
    monkeypatch.chdir(tmp_path)


def project(body: str, config: str = "") -> None:
    """A configuration loading the rule whose ``check`` is ``body``, and two templates."""
    write("lint_rules/misbehaving.py", RULE.replace("{body}", textwrap.indent(body, " " * 8)))
    write("lambda-lint.toml", f'rules-dirs = ["lint_rules"]\nselect = ["LL002", "ORG"]\n{config}')
    write("a.yaml", TEMPLATE)
    write("b.yaml", TEMPLATE)


def run_json(cli: Cli, jobs: str) -> tuple[int, list[Any], str]:
    code, out, err = cli("a.yaml", "b.yaml", "--format", "json", "--jobs", jobs, "--no-progress")
    findings = json.loads(out)["findings"]  # a rule's output must never corrupt the report
    return (
        code,
        [(f["rule"], f["path"], f["line"], f["column"], f["message"]) for f in findings],
        err,
    )


def crashed(what: str) -> list[tuple[str, str, int, int, str]]:
    message = f"rule ORG001 (misbehaving) crashed: {what}"
    return [("LL002", path, 1, 1, message) for path in ("a.yaml", "b.yaml")]


FN_CHECKED = [("ORG001", path, 3, 3, "Fn checked") for path in ("a.yaml", "b.yaml")]
YIELD_FN = "yield self.violation('Fn', stack.functions['Fn'].span, 'k', fn='Fn')"


@JOBS
@pytest.mark.parametrize(
    ("body", "what"),
    [
        ("yield 5", "it yielded int 5, not a Violation"),
        ("yield 'Fn'", "it yielded str 'Fn', not a Violation"),
        ("return None", "check() returned NoneType None, not an iterator of Violations"),
        ("return [1, 2]", "it yielded int 1, not a Violation"),
        (
            "from lambda_lint.rule import Violation\nyield Violation('Fn', (1, 1, 1, 2), 'm', 'k')",
            "it yielded a Violation whose span is tuple (1, 1, 1, 2), not a Span",
        ),
        (
            "from lambda_lint.rule import Violation\n"
            "yield Violation('Fn', stack.functions['Fn'].span, None, 'k')",
            "it yielded a Violation whose message is NoneType None, not a str",
        ),
    ],
    ids=["int", "str", "none", "list-of-ints", "tuple-span", "no-message"],
)
def test_a_rule_that_yields_what_is_not_a_violation(
    cli: Cli, jobs: str, body: str, what: str
) -> None:
    project(body)
    assert run_json(cli, jobs) == (1, crashed(what), "")


@JOBS
@pytest.mark.parametrize(
    ("body", "what"),
    [
        ("raise SystemExit(0)", "SystemExit: 0"),
        ("sys.exit()", "SystemExit"),
        ("raise GeneratorExit", "GeneratorExit"),
        ("raise Odd('neither')", "Odd: neither"),
        ("yield from ()\nraise SystemExit(3)", "SystemExit: 3"),
        ("raise ValueError('boom')", "ValueError: boom"),
    ],
    ids=["system-exit-0", "sys-exit", "generator-exit", "base-exception", "in-generator", "value"],
)
def test_a_rule_that_raises_any_base_exception(cli: Cli, jobs: str, body: str, what: str) -> None:
    """``sys.exit()`` in a rule once ended the run with exit 0 and no report."""
    project(body)
    assert run_json(cli, jobs) == (1, crashed(what), "")


@JOBS
def test_ctrl_c_in_a_rule_still_ends_the_run(capsys: pytest.CaptureFixture[str], jobs: str) -> None:
    project("raise KeyboardInterrupt")
    code = main(["a.yaml", "b.yaml", "--format", "json", "--jobs", jobs, "--no-progress"])
    assert (code, *capsys.readouterr()) == (130, "", "lambda-lint: interrupted\n")


@JOBS
@pytest.mark.parametrize(
    "body",
    [
        f"print('debugging')\n{YIELD_FN}",
        f"sys.stdout.write('debugging\\n')\n{YIELD_FN}",
        f"sys.__stdout__.write('debugging\\n')\n{YIELD_FN}",
        f"os.write(1, b'debugging\\n')\n{YIELD_FN}",
    ],
    ids=["print", "sys-stdout", "dunder-stdout", "descriptor"],
)
def test_what_a_rule_prints_goes_to_stderr(
    capfd: pytest.CaptureFixture[str], jobs: str, body: str
) -> None:
    """The JSON report on stdout stays whole; the rule's output is on stderr (captured
    at the descriptors: a rule may write to descriptor 1 itself)."""
    project(body)
    code = main(["a.yaml", "b.yaml", "--format", "json", "--jobs", jobs, "--no-progress"])
    out, err = capfd.readouterr()
    findings = json.loads(out)["findings"]
    assert code == 1
    assert [(f["rule"], f["path"], f["line"], f["column"], f["message"]) for f in findings] == (
        FN_CHECKED
    )
    # Two workers may interleave a print's text and its newline (separate writes).
    assert (err.replace("\n", ""), err.count("\n")) == ("debugging" * 2, 2)


@POSIX_TIMER
@JOBS
@pytest.mark.parametrize(
    "body", ["while True:\n    pass", "time.sleep(3600)", f"{YIELD_FN}\nwhile True:\n    pass"]
)
def test_a_rule_that_never_returns_is_stopped(cli: Cli, jobs: str, body: str) -> None:
    """``rule-timeout`` (seconds per third-party rule and file) stops it; the findings
    it yielded before are dropped with the rest of its run."""
    project(body, "rule-timeout = 0.2\n")
    what = "still running after 0.2 s on this file (rule-timeout); stopped"
    assert run_json(cli, jobs) == (1, crashed(what), "")


@POSIX_TIMER
def test_a_rule_that_catches_exceptions_is_still_stopped(
    cli: Cli,
) -> None:
    """The budget's exception is no ``Exception``: a rule's ``except Exception`` loop
    does not swallow it."""
    project(
        "while True:\n    try:\n        time.sleep(3600)\n    except Exception:\n        pass",
        "rule-timeout = 0.2\n",
    )
    what = "still running after 0.2 s on this file (rule-timeout); stopped"
    assert run_json(cli, "1") == (1, crashed(what), "")


def test_a_well_behaved_rule_keeps_its_findings(cli: Cli) -> None:
    project(YIELD_FN, "rule-timeout = 5\n")
    assert run_json(cli, "1") == (1, FN_CHECKED, "")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "rule-timeout: 0 is less than the minimum of 0.01"),
        ("'10s'", "rule-timeout: '10s' is not of type 'number'"),
    ],
)
def test_the_rule_timeout_must_be_a_positive_number(
    capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    project(YIELD_FN, f"rule-timeout = {value}\n")
    assert main(["a.yaml", "--format", "json"]) == 2
    where = Path.cwd() / "lambda-lint.toml"
    assert capsys.readouterr() == ("", f"lambda-lint: error: {where}: {message}\n")


@POSIX_TIMER
def test_built_in_rules_have_no_time_budget(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only third-party rules are stopped: a built-in one slower than the budget runs on."""
    import time

    from lambda_lint.registry import find_rule

    rule = find_rule("LL120")
    assert rule is not None
    original = rule.check

    def slow(self: Any, stack: Any) -> Any:
        time.sleep(0.3)
        return original(self, stack)

    monkeypatch.setattr(rule, "check", slow)
    project(YIELD_FN, "rule-timeout = 0.05\n")
    write(
        "lambda-lint.toml",
        'rules-dirs = ["lint_rules"]\nselect = ["LL", "ORG"]\nrule-timeout = 0.05\n',
    )
    write("a.yaml", TEMPLATE.replace("      Code:", "      MemorySize: 64\n      Code:"))
    code, findings, err = run_json(cli, "1")
    assert (code, err) == (1, "")
    memory = "memory size 64 MB is outside Lambda's range of 128 to 10,240 MB"
    assert findings == [FN_CHECKED[0], ("LL120", "a.yaml", 9, 19, memory), FN_CHECKED[1]]


def test_a_rule_pack_that_exits(cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A rule from an installed pack (entry point) is third-party too."""
    site = tmp_path / "site"
    write("site/exiting_rules/__init__.py", RULE.replace("{body}", "        sys.exit(1)"))
    write(
        "site/exiting_rules-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: x\nVersion: 1\n"
    )
    write(
        "site/exiting_rules-1.0.dist-info/entry_points.txt",
        "[lambda_lint.rules]\nx = exiting_rules:Misbehaving\n",
    )
    monkeypatch.syspath_prepend(str(site))
    write("lambda-lint.toml", 'select = ["LL002", "ORG"]\n')
    write("a.yaml", TEMPLATE)
    write("b.yaml", TEMPLATE)
    try:
        assert run_json(cli, "2") == (1, crashed("SystemExit: 1"), "")
    finally:
        sys.modules.pop("exiting_rules", None)


@pytest.mark.parametrize(
    "config",
    [
        'select = ["ORG"]\n',
        'select = ["ORG"]\nignore = ["LL002"]\n',
        'per-file-ignores = {"*" = ["LL002"]}\n',
    ],
    ids=["not-selected", "ignored", "per-file-ignores"],
)
def test_a_crash_is_reported_whatever_the_selection(cli: Cli, config: str) -> None:
    """What crashed was not checked: LL002 is always on, like LL001, so a selection that
    leaves it out cannot turn a crash into "All checks passed!"."""
    write("lint_rules/misbehaving.py", RULE.replace("{body}", " " * 8 + "raise ValueError('x')"))
    write("lambda-lint.toml", f'rules-dirs = ["lint_rules"]\n{config}')
    write("a.yaml", TEMPLATE)
    code, out, _ = cli("a.yaml", "--format", "concise", "--no-progress")
    assert (code, out) == (
        1,
        "a.yaml:1:1: error: rule ORG001 (misbehaving) crashed: ValueError: x [LL002]\n"
        "Found 1 finding (1 error) in 1 file.\n",
    )
