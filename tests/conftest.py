"""Shared test helpers: fixture discovery, snapshot comparison, the shared/ folder, and
the one way to run the command line (the ``cli`` fixture)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from lambda_lint.cli import main

ROOT = Path(__file__).resolve().parent.parent
# One function with a timeout over Lambda's 900 s (LL110 at 6:16), for tests of how
# files are found, configured and reported rather than of a rule.
TIMEOUT_1200 = """\
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/r
      Timeout: 1200
"""
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


# What a run that found nothing to check warns, before the paths it was given.
NOTHING_FOUND = (
    "lambda-lint: warning: no CloudFormation, SAM, Serverless Framework or Terraform files "
    "found in "
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        help="rewrite the *.findings.json snapshots from the current output",
    )


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-snapshots"))


def snapshot_entry(finding: Any) -> dict[str, Any]:
    """The snapshot shape: everything but the path (the file name says it)."""
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "resource": finding.resource,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "message": finding.message,
    }


def compare_snapshot(path: Path, actual: list[dict[str, Any]], update: bool) -> None:
    """Assert ``actual`` equals the stored snapshot (or rewrite it with --update-snapshots)."""
    if update:
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    assert path.exists(), (
        f"missing snapshot {path.name}; run pytest --update-snapshots and review it"
    )
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert actual == expected


@pytest.fixture(autouse=True)
def _not_under_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--format auto`` picks ``github`` under Actions; tests expect the local default."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


# -- running the command line -----------------------------------------------------------------


class Result(NamedTuple):
    """What one run of ``lambda-lint`` gave: exit code, stdout and stderr.

    A tuple, so a test can state the whole answer at once
    (``assert cli(...) == (1, "...", "")``) or unpack it (``code, out, err = cli(...)``).
    """

    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        """stdout split into lines, for reports asserted line by line."""
        return self.out.splitlines()


class Cli:
    """Runs ``lambda-lint`` with the given arguments, exactly as given (no defaults).

    Call it (``cli(*args)``) to run in-process: ``lambda_lint.cli.main`` with stdout
    and stderr captured by ``capsys``. This is the default: fast, and monkeypatching
    and ``chdir`` apply. Use ``cli.child(...)`` only when the case belongs to a process:
    signals, resource limits (``preexec_fn``), ``PYTHONHASHSEED`` or other environment
    read at start-up, a hang that needs a timeout, or an interpreter crash.
    """

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self._capsys = capsys

    def __call__(self, *args: str | Path) -> Result:
        """``main(ARGS)`` in this process; stdout and stderr as printed since the last read."""
        code = main([str(arg) for arg in args])
        out, err = self._capsys.readouterr()
        return Result(code, out, err)

    def child(
        self,
        *args: str | Path,
        env: Mapping[str, str | None] | None = None,
        preexec_fn: Callable[[], None] | None = None,
        timeout: float = 60,
        cwd: Path | None = None,
    ) -> Result:
        """``python -m lambda_lint ARGS`` in a child process, waited for up to ``timeout``
        seconds (``subprocess.TimeoutExpired`` past it).

        ``env`` changes the test's environment for the child: a value sets a variable,
        ``None`` removes it. ``preexec_fn`` runs in the child before the interpreter
        starts (``limit(resource.RLIMIT_AS, ...)`` to cap its memory, for example).
        """
        environment = dict(os.environ)
        for name, value in (env or {}).items():
            if value is None:
                environment.pop(name, None)
            else:
                environment[name] = value
        done = subprocess.run(
            [sys.executable, "-m", "lambda_lint", *map(str, args)],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=cwd,
            env=environment,
            preexec_fn=preexec_fn,
            check=False,
        )
        return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """The command-line runner of the tests: ``cli(*args)`` in-process, ``cli.child(*args)``
    in a subprocess (see ``Cli``)."""
    return Cli(capsys)


def limit(resource_id: int, amount: int) -> Callable[[], None]:
    """A ``preexec_fn`` for ``cli.child`` that sets the soft and hard limit of
    ``resource_id`` (a ``resource.RLIMIT_*``) to ``amount`` in the child. ``resource`` is
    imported here, in the parent: nothing should be imported between fork and exec."""
    import resource

    def apply() -> None:
        resource.setrlimit(resource_id, (amount, amount))

    return apply
