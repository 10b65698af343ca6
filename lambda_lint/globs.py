"""Configuration globs (``exclude``, ``per-file-ignores``), relative to the configuration file.

A pattern without ``/`` matches any single path component (``cdk.out``,
``*.tfplan.json``), as in ``.gitignore``; one with ``/`` matches the path relative
to the configuration's folder (``infra/legacy/*``). A pattern that matches a
folder matches everything below it. ``*`` may cross ``/``.
"""

from __future__ import annotations

import os
from fnmatch import fnmatchcase
from pathlib import Path


def relative_to(path: str | Path, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes (absolute when outside it)."""
    absolute = os.path.abspath(path)
    base = os.path.abspath(root)
    relative = os.path.relpath(absolute, base) if absolute.startswith(base + os.sep) else absolute
    return relative.replace(os.sep, "/")


def matches(path: str | Path, pattern: str, root: Path) -> bool:
    relative = relative_to(path, root)
    pattern = pattern.strip().rstrip("/")
    if pattern.startswith("./"):
        pattern = pattern[2:]
    if "/" not in pattern:
        return any(fnmatchcase(part, pattern) for part in relative.split("/"))
    return fnmatchcase(relative, pattern) or fnmatchcase(relative, pattern + "/*")


def matches_any(path: str | Path, patterns: tuple[str, ...], root: Path) -> str | None:
    """The first pattern that matches ``path``, or None."""
    return next((p for p in patterns if matches(path, p, root)), None)
