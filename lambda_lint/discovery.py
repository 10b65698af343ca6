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
                if found.path not in seen:
                    seen.add(found.path)
                    yield found
        elif path.exists() or path.is_symlink():
            if path not in seen:
                seen.add(path)
                yield Candidate(path, explicit=True)
        else:
            raise MissingPathError(f"{raw}: no such file or directory")


def _walk(root: Path) -> Iterator[Candidate]:
    """Depth first, names sorted, without following symlinked directories (no loops).

    What cannot be read is yielded as explicit, so that it is reported (LL001)
    rather than skipped: a gate must not pass a template it could not open
    (ruff reports unreadable files the same way, E902). That covers unreadable
    directories and files, broken links and link loops with a template suffix.
    Pipes, sockets and devices are never templates and are left alone (opening a
    pipe would block).
    """
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            yield Candidate(directory, explicit=True)
            continue
        subdirectories: list[Path] = []
        for entry in entries:
            if _is_dir(entry):
                if entry.name not in SKIPPED_DIRS and not entry.is_symlink():
                    subdirectories.append(Path(entry.path))
                continue
            if not entry.name.endswith(CANDIDATE_SUFFIXES):
                continue
            path = Path(entry.path)
            if _is_file(entry):
                yield Candidate(path, explicit=not os.access(path, os.R_OK))
            elif entry.is_symlink():  # dangling, or a loop of links
                yield Candidate(path, explicit=True)
        pending.extend(reversed(subdirectories))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def display_path(path: Path) -> str:
    """The path as findings show it: relative to the working directory when inside it, POSIX.

    Only the directory is resolved: a linked file keeps its own name, and a link
    that loops (which ``Path.resolve`` rejects with RuntimeError before Python
    3.13) is still shown where it was found.
    """
    try:
        return (path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return path.as_posix()
