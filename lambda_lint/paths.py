"""How findings name files: relative to the working directory, POSIX separators."""

from __future__ import annotations

from pathlib import Path


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
