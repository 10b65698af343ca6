"""``.gitignore`` in directory walks: what git ignores is not linted (git is the oracle)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import TIMEOUT_1200, Cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

FILES = [
    "a.yaml",
    "build/out.yaml",
    "gen/x.generated.yaml",
    "gen/keep.generated.yaml",
    "svc/local.yaml",
    "svc/deep/local.yaml",
    "svc/deep/t.yaml",
    "svc/only-root/t.yaml",
    "vendor/t.yaml",
    "notes/t.yaml",
]
IGNORES = {
    ".gitignore": "build/\n*.generated.yaml\n!keep.generated.yaml\n/svc/only-root\n# a comment\n",
    "svc/.gitignore": "local.yaml\n",
    "svc/deep/.gitignore": "!local.yaml\n",
    ".git/info/exclude": "vendor\n",
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for name in FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(TIMEOUT_1200, encoding="utf-8")
    for name, text in IGNORES.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "lambda-lint.toml").write_text('select = ["LL110"]\n', encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def linted(cli: Cli, *args: str) -> set[str]:
    code, out, _ = cli(*args, "--format", "concise")
    assert code in (0, 1), out
    return {line.split(":", 1)[0] for line in out.splitlines() if "[LL" in line}


def git_untracked(root: Path, under: str = ".") -> set[str]:
    listed = subprocess.run(
        ["git", "-C", str(root), "ls-files", "--others", "--exclude-standard", under],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {path for path in listed if path.endswith(".yaml")}


def test_a_walk_lints_what_git_does_not_ignore(cli: Cli, repo: Path) -> None:
    found = linted(cli, ".")
    assert found == git_untracked(repo)
    assert found == {
        "a.yaml",
        "gen/keep.generated.yaml",
        "notes/t.yaml",
        "svc/deep/local.yaml",
        "svc/deep/t.yaml",
    }


def test_a_walk_of_a_subfolder_reads_the_gitignore_files_above_it(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (
        linted(cli, "svc")
        == git_untracked(repo, "svc")
        == {
            "svc/deep/local.yaml",
            "svc/deep/t.yaml",
        }
    )
    monkeypatch.chdir(repo / "gen")
    assert linted(cli, ".") == {"keep.generated.yaml"}


def test_files_named_on_the_command_line_are_linted_anyway(cli: Cli, repo: Path) -> None:
    assert linted(cli, "build/out.yaml", "vendor/t.yaml") == {"build/out.yaml", "vendor/t.yaml"}


def test_the_switch_and_the_configuration_turn_it_off(cli: Cli, repo: Path) -> None:
    everything = set(FILES)
    assert linted(cli, ".", "--no-respect-gitignore") == everything
    (repo / "lambda-lint.toml").write_text(
        'select = ["LL110"]\nrespect-gitignore = false\n', encoding="utf-8"
    )
    assert linted(cli, ".") == everything
    assert linted(cli, ".", "--respect-gitignore") == git_untracked(repo)


def test_outside_a_git_work_tree_gitignore_is_not_read(cli: Cli, repo: Path) -> None:
    shutil.rmtree(repo / ".git")
    assert linted(cli, ".") == set(FILES)
