"""examples/lambda-lint-org-rules: the example rule pack installs and its rule runs.

The pack is installed with pip, as a user would, into a temporary folder that the
``lambda-lint`` subprocess gets as ``PYTHONPATH``; lambda-lint finds it through its
``lambda_lint.rules`` entry point. pip builds it from a copy, so no ``build/`` or
``*.egg-info`` lands in the repository.

Building needs a setuptools with ``bdist_wheel`` (70.1 or later, or ``wheel``). When the
virtualenv has one, ``--no-build-isolation`` builds offline; otherwise pip fetches
setuptools from the package index for an isolated build. That fallback is what the test
needs in a virtualenv made by ``python -m venv`` (setuptools 65 on Python 3.11), so the
test is marked ``network`` and skipped when neither build works.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, Cli, Result

pytestmark = pytest.mark.network

PACK = ROOT / "examples" / "lambda-lint-org-rules"
FINDING = (
    "fixtures/ORG101/fail.cfn.yaml:6:3: warning: FailNoTimeout relies on Lambda's default "
    "timeout of 3 seconds; set Timeout explicitly [ORG101]"
)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where pip installed the pack (``--target``); its source copy is next to it."""
    base = tmp_path_factory.mktemp("pack")
    source = base / "source"
    shutil.copytree(PACK, source)
    target = base / "site"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target"]
    attempts = [[*pip, str(target), "--no-build-isolation", str(source)]]
    attempts.append([*pip, str(target), str(source)])  # isolated: setuptools from the index
    errors = []
    for command in attempts:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode == 0:
            return target
        errors.append(done.stderr.strip().splitlines()[-1:] or ["(no output)"])
        shutil.rmtree(target, ignore_errors=True)
    pytest.skip(f"the example pack cannot be built here: {errors}")


def lambda_lint(cli: Cli, site: Path | None, *args: str) -> Result:
    """``lambda-lint ARGS`` in a child run from the pack, with the installed pack on its
    ``PYTHONPATH`` (``site``) or without any."""
    return cli.child(*args, cwd=PACK, env={"PYTHONPATH": None if site is None else str(site)})


def test_the_pack_reports_its_fixture_at_the_exact_position(cli: Cli, installed: Path) -> None:
    done = lambda_lint(cli, installed, "check", "--isolated", "--format", "concise", "fixtures")
    assert (done.code, done.err) == (1, "")
    assert done.out.splitlines() == [FINDING, "Found 1 finding (1 warning) in 1 file."]


def test_without_the_pack_the_fixture_is_clean(cli: Cli, installed: Path) -> None:
    """The finding above comes from the pack, not from a built-in rule."""
    done = lambda_lint(cli, None, "check", "--isolated", "--format", "concise", "fixtures")
    assert (done.code, done.out.splitlines()) == (
        0,
        ["All checks passed! (2 files checked)"],
    )


def test_rules_lists_the_packs_rule(cli: Cli, installed: Path) -> None:
    done = lambda_lint(cli, installed, "rules")
    assert done.code == 0
    assert done.out.splitlines()[-1] == (
        "ORG101  default-timeout                        warning  "
        "The function does not set its timeout, so Lambda stops it after 3 seconds."
    )
    assert "ORG101" not in lambda_lint(cli, None, "rules").out
