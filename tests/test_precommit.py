"""The pre-commit hook, run by the real pre-commit (``pre-commit try-repo``).

``try-repo`` installs the hook from a git repository. With a dirty checkout it
commits the working tree into a shadow clone, but only tracked files (``git add
-u``): new, untracked modules or a new ``.pre-commit-hooks.yaml`` would be missing.
So the test copies what the package is built from into a fresh repository and
commits it there, then runs the hook on the staged files of a second repository:
a failing SAM template, a passing one, a classic ``*.template``, YAML and JSON that
are not infrastructure as code, and one changed file of a two-file Terraform module.

Installing the hook's environment needs the package index (pip installs lambda-lint
and its dependencies into a new virtualenv), so the test is marked ``network`` and
skipped when the index cannot be reached.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.network

# What the package is built from (pyproject.toml names README.md as its readme).
HOOK_REPO_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
HOOK_REPO_DIRS = ("lambda_lint", "rules")
TARGET = ROOT / "tests" / "integration_fixtures" / "precommit"
# Committed first and left unchanged: a sibling of the staged api.tf.json.
COMMITTED = ("infra/main.tf.json",)
STAGED = (
    "template.yaml",
    "functions/pass.yaml",
    "legacy/stack.template",
    ".github/workflows/ci.yml",
    "config/settings.json",
    "infra/api.tf.json",
)
COLOR = ("--color", "never")  # and no terminal: lambda-lint's --format auto is concise
FINDING = re.compile(r"^\S+:\d+:\d+: (error|warning|info): .+ \[[A-Z]+\d+\]$")


def _position(line: str) -> tuple[str, int, int]:
    """Sort findings as lambda-lint does (pre-commit's batches come in any order)."""
    path, row, column = line.split(":", 3)[:3]
    return path, int(row), int(column)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=_env())


def _env() -> dict[str, str]:
    """The environment without git's per-repository variables (set when the tests run
    inside a git hook) and without GitHub Actions (``--format auto`` would pick github)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GIT_") and key != "GITHUB_ACTIONS"
    }
    env.update(
        GIT_AUTHOR_NAME="lambda-lint tests",
        GIT_AUTHOR_EMAIL="tests@lambda-lint.invalid",
        GIT_COMMITTER_NAME="lambda-lint tests",
        GIT_COMMITTER_EMAIL="tests@lambda-lint.invalid",
    )
    return env


def _init(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    _git(path, "init", "--quiet")
    _git(path, "config", "commit.gpgsign", "false")


def _hook_repo(path: Path) -> Path:
    """A committed copy of the hook: the manifest and the package sources."""
    _init(path)
    for name in HOOK_REPO_FILES:
        shutil.copy2(ROOT / name, path / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in HOOK_REPO_DIRS:
        shutil.copytree(ROOT / name, path / name, ignore=ignore)
    _git(path, "add", "--all")
    _git(path, "commit", "--quiet", "-m", "hook")
    return path


def _target_repo(path: Path) -> Path:
    """A repository with a commit, then changes staged for the next one."""
    _init(path)
    for name in (*COMMITTED, *STAGED):
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(TARGET / name, path / name)
    (path / "README.md").write_text("# An application\n", encoding="utf-8")
    _git(path, "add", *COMMITTED)
    _git(path, "commit", "--quiet", "-m", "initial")
    _git(path, "add", *STAGED, "README.md")
    return path


def _index_reachable(tmp_path: Path) -> bool:
    """Can pip fetch the build backend? The hook's install needs it and more."""
    try:
        probe = subprocess.run(
            [
                *(sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"),
                *("--timeout", "15", "--retries", "1", "--dest", str(tmp_path / "probe")),
                "setuptools>=70.1",
            ],
            capture_output=True,
            timeout=180,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False
    return probe.returncode == 0


def test_hook_lints_the_staged_files(tmp_path: Path) -> None:
    pytest.importorskip(
        "pre_commit", reason="pre-commit is not installed (pip install -e '.[dev]')"
    )
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not _index_reachable(tmp_path):
        pytest.skip("the package index cannot be reached: the hook environment cannot install")
    hook = _hook_repo(tmp_path / "hook")
    target = _target_repo(tmp_path / "target")
    env = _env()
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")  # logs; try-repo's store is temp
    env["PIP_NO_COMPILE"] = "1"  # the hook's virtualenv: skip byte-compiling dependencies
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook), "lambda-lint", *COLOR],
        cwd=target,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    lines = output.splitlines()
    assert re.fullmatch(r"lambda-lint\.+Failed", lines[lines.index("- hook id: lambda-lint") - 1])
    assert "- exit code: 1" in lines
    hook_output = lines[lines.index("- exit code: 1") + 1 :]
    findings = sorted((line for line in hook_output if FINDING.match(line)), key=_position)
    # pre-commit may split the files across processes: with --quiet none prints a
    # summary, so a clean one's "All checks passed!" never stands beside findings.
    others = [line for line in hook_output if line and not FINDING.match(line)]
    assert others == [], output
    timeout = "is outside Lambda's range of 1 to 900 seconds (15 minutes) [LL110]"
    assert findings == [
        # Only the staged file of the module is reported on, but its sibling is loaded:
        # the role is shared with main.tf.json's function and var.timeout defaults there.
        "infra/api.tf.json:7:17: warning: execution role aws_iam_role.exec is also used by "
        "aws_lambda_function.old; give each function its own least-privilege role [LL501]",
        "infra/api.tf.json:12:20: error: timeout 1000 s (assumed from the default of variable "
        f"timeout) {timeout}",
        # *.template files reach the hook although identify has no tag for them.
        "legacy/stack.template:11:19: error: memory size 64 MB is outside Lambda's range of 128 "
        "to 10,240 MB [LL120]",
        f"template.yaml:11:16: error: timeout 901 s {timeout}",
    ]
