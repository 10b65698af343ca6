"""Which files to look at: explicit files as given, directories walked recursively.

Which file names count is the loaders' business: the walk looks at the suffixes
the registered loaders claim, and skips the folders they say hold no input.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lambda_lint.paths import display_path

if TYPE_CHECKING:
    from lambda_lint.gitignore import Rules

# Folders that never hold anything to lint: version control, dependencies, caches.
# Loaders add the build output of their own tools (``loaders.registry.skipped_dirs``).
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
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


def discover(
    paths: Sequence[str | Path],
    suffixes: tuple[str, ...],
    skipped_dirs: frozenset[str] = frozenset(),
    buffers: Collection[str] = (),
    gitignore: Callable[[Path], bool] | None = None,
) -> Iterator[Candidate]:
    """Explicit files first-come order; each directory walked in sorted order.

    A walk yields the files whose names end with one of ``suffixes``. A path in
    ``buffers`` (absolute paths of unsaved contents) is a file even when it is not on
    disk yet: an editor lints a new file before it is saved. ``gitignore(directory)``
    says whether a walk of that directory leaves out what git ignores.
    """
    seen: set[Path] = set()
    skipped = SKIPPED_DIRS | skipped_dirs
    for raw in paths:
        path = Path(raw)
        if buffers and os.path.abspath(path) in buffers:
            if path not in seen:
                seen.add(path)
                yield Candidate(path, explicit=True)
        elif path.is_dir():
            rules = _rules(path) if gitignore is not None and gitignore(path) else None
            for found in _walk(path, suffixes, skipped, rules):
                if found.path not in seen:
                    seen.add(found.path)
                    yield found
        elif path.exists() or path.is_symlink():
            if path not in seen:
                seen.add(path)
                yield Candidate(path, explicit=True)
        else:
            raise MissingPathError(f"{raw}: no such file or directory")


def _rules(root: Path) -> Rules | None:
    from lambda_lint.gitignore import Rules

    return Rules.at(root)


def _walk(
    root: Path, suffixes: tuple[str, ...], skipped: frozenset[str], rules: Rules | None = None
) -> Iterator[Candidate]:
    """Depth first, names sorted, without following symlinked directories (no loops).

    What cannot be read is yielded as explicit, so that it is reported (LL001)
    rather than skipped: a gate must not pass a template it could not open
    (ruff reports unreadable files the same way, E902). That covers unreadable
    directories and files, broken links and link loops with a template suffix.
    Pipes, sockets and devices are never templates and are left alone (opening a
    pipe would block). With ``rules``, what ``.gitignore`` ignores is left out and an
    ignored folder is not entered.
    """
    pending: list[tuple[Path, Rules | None]] = [(root, rules)]
    while pending:
        directory, ignore = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            yield Candidate(directory, explicit=True)
            continue
        absolute = os.path.abspath(directory) + os.sep if ignore is not None else ""
        if ignore is not None:
            ignore = ignore.entering(absolute[:-1], {entry.name for entry in entries})
        subdirectories: list[tuple[Path, Rules | None]] = []
        for entry in entries:
            if _is_dir(entry):
                if entry.name in skipped or entry.is_symlink():
                    continue
                if ignore is None or not ignore.ignores(absolute + entry.name, True):
                    subdirectories.append((Path(entry.path), ignore))
                continue
            if not entry.name.endswith(suffixes):
                continue
            if ignore is not None and ignore.ignores(absolute + entry.name, False):
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


__all__ = ["SKIPPED_DIRS", "Candidate", "MissingPathError", "discover", "display_path"]
