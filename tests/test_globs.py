"""Path patterns (``exclude``, ``per-file-ignores``, ``.gitignore``): gitignore semantics,
compiled once.

The matcher is checked against ``pathspec`` (a test-only dependency, as jsonschema is
for the configuration schema) on random patterns and paths, and against git itself
where the two differ (re-including below an excluded folder). Large pattern lists are
shown to cost nothing per pattern by counting compilations, never by timing.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import pathspec
import pytest

from lambda_lint import globs


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("infra/*.yaml", "infra/a.yaml", True),
        ("infra/*.yaml", "infra/a/b.yaml", False),  # * never crosses /
        ("infra/*.yaml", "x/infra/a.yaml", False),  # a / anchors it to the folder
        ("legacy/**/c.yaml", "legacy/c.yaml", True),  # /**/ is zero or more folders
        ("legacy/**/c.yaml", "legacy/a/b/c.yaml", True),
        ("**/c.yaml", "c.yaml", True),
        ("legacy/**", "legacy/a/c.yaml", True),
        ("legacy/**", "legacy", False),  # everything inside, not the folder
        ("cdk.out", "a/cdk.out/t.json", True),  # no /: any depth, and below it
        ("*.tfplan.json", "plans/x.tfplan.json", True),
        ("build/", "build/t.yaml", True),  # folders only
        ("build/", "build", False),
        ("/t.yaml", "t.yaml", True),
        ("/t.yaml", "a/t.yaml", False),
        ("./t.yaml", "a/t.yaml", False),  # ./ is the pattern's folder
        ("a[!b]c.yaml", "axc.yaml", True),
        ("a[^b]c.yaml", "abc.yaml", False),
        ("a?c", "a/c", False),
        ("\\!x.yaml", "!x.yaml", True),
    ],
)
def test_gitignore_semantics(pattern: str, path: str, expected: bool) -> None:
    assert globs.matches(path, pattern, Path(".")) is expected
    assert pathspec.GitIgnoreSpec.from_lines([pattern]).match_file(path) is expected


def test_the_last_matching_pattern_decides_and_an_excluded_folder_stays_excluded() -> None:
    patterns = ["*.yaml", "!keep.yaml", "legacy", "!legacy/keep.yaml"]
    found = globs.GlobSet(patterns, Path("."))
    assert found.first("a/t.yaml") == "*.yaml"
    assert found.first("a/keep.yaml") is None
    assert found.first("legacy/keep.yaml") == "legacy"  # git cannot re-include it


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_where_pathspec_differs_git_decides(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    patterns = ["legacy", "!legacy/keep.yaml", "*.json", "!b.json", "x[!a]b"]
    (tmp_path / ".gitignore").write_text("\n".join(patterns) + "\n", encoding="utf-8")
    paths = ["legacy/keep.yaml", "a.json", "b.json", "x/b.json", "t.yaml", "x/b", "xcb"]
    found = globs.GlobSet(patterns, tmp_path)
    done = subprocess.run(
        ["git", "-C", str(tmp_path), "check-ignore", "--no-index", *paths],
        capture_output=True,
        text=True,
        check=False,
    )
    assert [p for p in paths if found.first(tmp_path / p)] == done.stdout.split()


def test_compiled_globs_match_what_pathspec_matches() -> None:
    """Random patterns and paths: whether a path matches is pathspec's answer. Negation
    is left out here (pathspec re-includes below an excluded folder; git does not), and
    so are negated classes (pathspec's ``[!a]`` matches ``/``; git's never does)."""
    rng = random.Random(4)
    pieces = ["a", "b", "/", "*", "?", "**", "[ab]", "[a-b]", ".", "**/", "/**"]
    for _ in range(3_000):
        patterns = [_random_pattern(rng, pieces) for _ in range(rng.randint(1, 3))]
        path = "/".join(_random_name(rng) for _ in range(rng.randint(1, 4)))
        expected = pathspec.GitIgnoreSpec.from_lines(patterns).match_file(path)
        found = globs.GlobSet(patterns, Path(".")).first(path)
        assert (found is not None) is expected, (patterns, path)
        assert found is None or globs.matches(path, found, Path("."))


def _random_name(rng: random.Random) -> str:
    name = "".join(rng.choice("ab.") for _ in range(rng.randint(1, 3)))
    return name if name.strip(".") else "a" + name  # ``.`` and ``..`` are no file names


def _random_pattern(rng: random.Random, pieces: list[str]) -> str:
    pattern = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 5)))
    pattern = re.sub("/+", "/", pattern).strip("/")
    # Outside what both define alike: ``***``, a lone ``**``.
    pattern = re.sub(r"\*{3,}", "**", pattern)
    pattern = pattern.removeprefix("./")  # lambda-lint's own: the configuration's folder
    return pattern if pattern not in ("", "**", ".") else "a"


def test_globs_are_compiled_once_for_every_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """2,000 patterns x 2,000 paths were 4,000,000 fnmatch calls, recompiling past the
    regex cache; now the list is two regular expressions, compiled once."""
    compiled: list[str] = []
    real = globs.re.compile

    def counting(pattern: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(globs.re, "compile", counting)
    patterns = [f"legacy{i}" for i in range(1_000)] + [f"infra/old{i}/*" for i in range(1_000)]
    matcher = globs.GlobSet(patterns, Path("."))
    paths = [f"stacks/s{i}/template.yaml" for i in range(1_998)]
    paths += ["x/legacy999/t.yaml", "infra/old7/a/t.yaml"]
    assert [matcher.first(path) for path in paths] == [None] * 1_998 + [
        "legacy999",
        "infra/old7/*",
    ]
    assert len(compiled) == 2
