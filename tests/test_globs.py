"""Configuration globs (``exclude``, ``per-file-ignores``): compiled once, as fnmatch meant them.

In the style of test_linear: large pattern lists are shown to cost nothing per
pattern by counting compilations, never by timing.
"""

from __future__ import annotations

import fnmatch
import random
import re
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from lambda_lint import globs


def _reference_match(path: str, pattern: str) -> bool:
    """The glob semantics as fnmatch spelled them before patterns were compiled once."""
    relative = globs.relative_to(path, Path("."))
    pattern = pattern.strip().rstrip("/")
    if pattern.startswith("./"):
        pattern = pattern[2:]
    if "/" not in pattern:
        return any(fnmatchcase(part, pattern) for part in relative.split("/"))
    return fnmatchcase(relative, pattern) or fnmatchcase(relative, pattern + "/*")


def test_globs_are_compiled_once_for_every_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """2,000 patterns x 2,000 paths were 4,000,000 fnmatch calls, recompiling past the
    regex cache; now the list is two regular expressions, compiled once."""
    compiled: list[str] = []
    real = globs.re.compile

    def counting(pattern: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(globs.re, "compile", counting)
    monkeypatch.setattr(fnmatch, "fnmatchcase", None)  # never called any more
    patterns = [f"legacy{i}" for i in range(1_000)] + [f"infra/old{i}/*" for i in range(1_000)]
    matcher = globs.GlobSet(patterns, Path("."))
    paths = [f"stacks/s{i}/template.yaml" for i in range(1_998)]
    paths += ["x/legacy999/t.yaml", "infra/old7/a/t.yaml"]
    assert [matcher.first(path) for path in paths] == [None] * 1_998 + [
        "legacy999",
        "infra/old7/*",
    ]
    assert len(compiled) == 2


def test_compiled_globs_match_what_fnmatch_matched() -> None:
    """The first matching pattern, for random patterns and paths, is fnmatch's."""
    rng = random.Random(4)
    pieces = ["a", "b", "/", "*", "?", "[ab]", "[!a]", "[a-b]", "[b-a]", "[", "]", ".", "./"]
    for _ in range(3_000):
        patterns = [
            "".join(rng.choice(pieces) for _ in range(rng.randint(1, 5)))
            for _ in range(rng.randint(1, 4))
        ]
        path = "".join(rng.choice("ab/.") for _ in range(rng.randint(1, 6))).strip("/") or "a"
        expected = next((p for p in patterns if _reference_match(path, p)), None)
        assert globs.GlobSet(patterns, Path(".")).first(path) == expected, (patterns, path)
