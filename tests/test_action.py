"""The GitHub Action (``action.yml``) and the README's CI workflows.

The action's steps are run here as the runner runs them (bash, with ``RUNNER_TEMP``,
``GITHUB_ACTION_PATH``, ``GITHUB_ENV`` and ``GITHUB_OUTPUT``): the install from the
action's own checkout and the lint, with and without SARIF. Installing needs the
package index, so that test is marked ``network`` as the pre-commit one is.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT, TIMEOUT_1200
from .test_precommit import HOOK_REPO_DIRS, HOOK_REPO_FILES, _index_reachable

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_action_is_composite_and_installs_from_its_own_checkout() -> None:
    assert ACTION["runs"]["using"] == "composite"
    install, lint = ACTION["runs"]["steps"]
    assert '"$GITHUB_ACTION_PATH"' in install["run"]
    assert "pip install lambda-lint" not in install["run"]
    assert set(ACTION["inputs"]) == {"paths", "args", "sarif-file", "python"}
    # Inputs reach the scripts through the environment only: an expression inside
    # ``run`` would be pasted into the script, and a path could then inject commands.
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step["run"]
    assert lint["id"] == "lint"


def _workflows(language: str) -> list[dict[str, Any]]:
    blocks = re.findall(r"```yaml\n(.*?)```", README, re.S)
    parsed = [yaml.safe_load(block) for block in blocks]
    if language == "github":
        return [p for p in parsed if isinstance(p, dict) and "jobs" in p]
    return [p for p in parsed if isinstance(p, dict) and "lambda-lint" in p]


def test_the_readme_workflows_are_complete_and_install_what_exists() -> None:
    assert "pip install lambda-lint\n" not in README  # not on a package index
    github = _workflows("github")
    assert len(github) >= 2
    for workflow in github:
        assert workflow.get("on") or workflow.get(True)  # YAML 1.1 reads ``on`` as True
        for job in workflow["jobs"].values():
            assert job["runs-on"]
            steps = job["steps"]
            assert steps[0]["uses"].startswith("actions/checkout@")
            used = [step.get("uses", "") for step in steps]
            assert any(u.startswith("lambda-lint/lambda-lint@") for u in used), used
    sarif = next(w for w in github if "security-events" in json.dumps(w))
    steps = next(iter(sarif["jobs"].values()))["steps"]
    action = next(s for s in steps if s.get("uses", "").startswith("lambda-lint/"))
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["sarif_file"] == action["with"]["sarif-file"]
    (gitlab,) = _workflows("gitlab")
    script = " ".join(gitlab["lambda-lint"]["script"])
    assert "git+https://github.com/lambda-lint/lambda-lint" in script


def _step(step: dict[str, Any], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run one step's script as the runner does (``bash -eo pipefail``)."""
    inputs = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    inputs.update({k[len("INPUT_") :].lower(): v for k, v in env.items() if k.startswith("INPUT_")})
    step_env = {
        name: re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: inputs[m.group(1)], value)
        for name, value in step.get("env", {}).items()
    }
    github_env = Path(env["GITHUB_ENV"]).read_text(encoding="utf-8")
    exported = dict(line.split("=", 1) for line in github_env.splitlines() if "=" in line)
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=cwd,
        env={**env, **exported, **step_env},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.mark.network
def test_the_action_installs_lints_annotates_and_writes_sarif(tmp_path: Path) -> None:
    if shutil.which("bash") is None:
        pytest.skip("needs bash")
    if not _index_reachable(tmp_path):
        pytest.skip("the package index cannot be reached: the action cannot install")
    action = tmp_path / "action"  # the action's checkout: what the package is built from
    action.mkdir()
    for name in (*HOOK_REPO_FILES, "action.yml", "LICENSE"):
        shutil.copy2(ROOT / name, action / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in HOOK_REPO_DIRS:
        shutil.copytree(ROOT / name, action / name, ignore=ignore)
    workspace = tmp_path / "workspace"
    (workspace / "infra").mkdir(parents=True)
    (workspace / "infra" / "fn.yaml").write_text(TIMEOUT_1200, encoding="utf-8")
    (tmp_path / "temp").mkdir()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "RUNNER_TEMP": str(tmp_path / "temp"),
        "RUNNER_OS": "Linux",
        "GITHUB_ACTION_PATH": str(action),
        "GITHUB_ENV": str(tmp_path / "github_env"),
        "GITHUB_OUTPUT": str(tmp_path / "github_output"),
        "INPUT_PYTHON": sys.executable,
        "INPUT_PATHS": "infra",
        "INPUT_SARIF-FILE": "lambda-lint.sarif",
        "PIP_NO_COMPILE": "1",
    }
    Path(env["GITHUB_ENV"]).touch()
    install, lint = ACTION["runs"]["steps"]
    done = _step(install, env, workspace)
    assert done.returncode == 0, done.stderr
    done = _step(lint, env, workspace)
    assert done.returncode == 1, done.stderr
    assert done.stdout == (
        "::error file=infra/fn.yaml,line=6,endLine=6,col=16,endColumn=20,title=LL110 "
        "timeout-out-of-range::timeout 1200 s is outside Lambda's range of 1 to 900 seconds "
        "(15 minutes)\n"
    )
    sarif = json.loads((workspace / "lambda-lint.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["LL110"]
    outputs = Path(env["GITHUB_OUTPUT"]).read_text(encoding="utf-8")
    assert "sarif-file=lambda-lint.sarif\n" in outputs
    env["INPUT_ARGS"] = "--ignore LL110"
    env["INPUT_SARIF-FILE"] = ""
    done = _step(lint, env, workspace)
    assert (done.returncode, done.stdout) == (0, ""), done.stderr
