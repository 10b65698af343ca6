"""``.gitignore`` in directory walks: what git ignores is not linted, as in ruff.

Inside a git work tree (a folder with ``.git`` at or above the walked directory), a
walk reads ``.git/info/exclude``, the ``.gitignore`` of every folder from the work
tree's root down to where it starts, and the ``.gitignore`` of each folder it enters.
The deepest file that has a matching pattern decides, and within a file the last
matching pattern (``globs.PatternList``), as git does; an ignored folder is not
entered. Files named on the command line are linted whatever ``.gitignore`` says.
The user's global excludes file (``core.excludesFile``) is not read.
"""

from __future__ import annotations

import os
from pathlib import Path

from lambda_lint.globs import PatternList

GITIGNORE = ".gitignore"
_MAX_BYTES = 1024 * 1024  # a .gitignore is a few lines; a larger one is not read


class Rules:
    """The ``.gitignore`` files in force in one folder of a walk, outermost first."""

    __slots__ = ("_chain",)

    def __init__(self, chain: tuple[tuple[str, PatternList], ...]) -> None:
        self._chain = chain

    @classmethod
    def at(cls, root: Path) -> Rules | None:
        """The rules in force where a walk of ``root`` starts (its own ``.gitignore``
        is read when the walk enters it); None outside a git work tree."""
        start = Path(os.path.abspath(root))
        folders: list[Path] = []
        for folder in (start, *start.parents):
            folders.append(folder)
            if (folder / ".git").exists():
                break
        else:
            return None
        top = folders[-1]
        chain: list[tuple[str, PatternList]] = []
        exclude = _patterns(top / ".git" / "info" / "exclude")
        if exclude:
            chain.append((str(top), exclude))
        for folder in reversed(folders[1:]):  # above the root, outermost first
            found = _patterns(folder / GITIGNORE)
            if found:
                chain.append((str(folder), found))
        return cls(tuple(chain))

    def entering(self, directory: str, names: set[str]) -> Rules:
        """The rules inside ``directory`` (whose entries are ``names``)."""
        if GITIGNORE not in names:
            return self
        found = _patterns(Path(directory, GITIGNORE))
        return Rules((*self._chain, (directory, found))) if found else self

    def ignores(self, path: str, is_dir: bool) -> bool:
        """Whether git ignores ``path`` (an entry of a folder that is not ignored)."""
        for base, patterns in reversed(self._chain):
            relative = path[len(base) + 1 :]
            if os.sep != "/":
                relative = relative.replace(os.sep, "/")
            decided = patterns.decide(relative, is_dir)
            if decided is not None:
                return decided[0]
        return False


def _patterns(path: Path) -> PatternList | None:
    """The patterns of one ignore file; None when it is missing, unreadable or empty."""
    try:
        with path.open("rb") as handle:
            data = handle.read(_MAX_BYTES + 1)
    except OSError:
        return None
    if len(data) > _MAX_BYTES:
        return None
    found = PatternList(data.decode("utf-8", "replace").splitlines())
    return found if found else None
