"""Which files to look at: explicit files as given, directories walked recursively."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

CANDIDATE_SUFFIXES = (".yaml", ".yml", ".json", ".template")
# Folders that never hold templates to lint (dependencies, caches, build output of
# other tools). ``.aws-sam`` holds copies of the template SAM built.
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".terraform",
        ".aws-sam",
        ".tox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
    }
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file to lint; ``explicit`` when the user named it (then it must parse)."""

    path: Path
    explicit: bool


class MissingPathError(FileNotFoundError):
    """A path given on the command line does not exist."""


def discover(paths: Sequence[str | Path]) -> Iterator[Candidate]:
    """Explicit files first-come order; each directory walked in sorted order."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in _walk(path):
                if found not in seen:
                    seen.add(found)
                    yield Candidate(found, explicit=False)
        elif path.exists() or path.is_symlink():
            if path not in seen:
                seen.add(path)
                yield Candidate(path, explicit=True)
        else:
            raise MissingPathError(f"{raw}: no such file or directory")


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS)
        for name in sorted(filenames):
            if name.endswith(CANDIDATE_SUFFIXES):
                yield Path(dirpath, name)


def display_path(path: Path) -> str:
    """The path as findings show it: relative to the working directory when inside it, POSIX."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()
