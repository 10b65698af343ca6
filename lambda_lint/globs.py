"""Configuration globs (``exclude``, ``per-file-ignores``), relative to the configuration file.

A pattern without ``/`` matches any single path component (``cdk.out``,
``*.tfplan.json``), as in ``.gitignore``; one with ``/`` matches the path relative
to the configuration's folder (``infra/legacy/*``). A pattern that matches a
folder matches everything below it. ``*`` may cross ``/``.

A list of patterns is compiled once per run into two regular expressions (one
for the component patterns, one for the path patterns), each an alternation of
every pattern: matching a path costs one regex call per component rather than
one ``fnmatch`` per pattern, and thousands of patterns are never recompiled past
the regex caches.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path


def relative_to(path: str | Path, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes (absolute when outside it)."""
    absolute = os.path.abspath(path)
    base = os.path.abspath(root)
    relative = os.path.relpath(absolute, base) if absolute.startswith(base + os.sep) else absolute
    return relative.replace(os.sep, "/")


def _normal(pattern: str) -> str:
    pattern = pattern.strip().rstrip("/")
    return pattern[2:] if pattern.startswith("./") else pattern


def translate(pattern: str) -> str:
    """``pattern`` as a regular expression without capturing groups, with ``fnmatch``'s
    meaning of ``*``, ``?``, ``[seq]`` and ``[!seq]`` (``*`` and ``?`` match ``/`` too).

    ``fnmatch.translate`` is not used: its output has groups in some Python versions,
    and the combined expression finds which pattern matched by its group number.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        i += 1
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[":
            end = i
            if end < n and pattern[end] == "!":
                end += 1
            if end < n and pattern[end] == "]":
                end += 1
            end = pattern.find("]", end)
            if end < 0:  # no closing bracket: a literal "[", as in fnmatch
                out.append(re.escape(char))
                continue
            body = pattern[i:end]
            i = end + 1
            negate = body.startswith("!")
            out.append(_char_class(body[1:] if negate else body, negate))
        else:
            out.append(re.escape(char))
    return "".join(out)


def _char_class(body: str, negate: bool) -> str:
    """``[body]`` as fnmatch reads it: ranges ``a-z`` (an empty one such as ``z-a`` is
    dropped), every other character literal."""
    items: list[str] = []
    k = 0
    while k < len(body):
        if k + 2 < len(body) and body[k + 1] == "-":
            low, high = body[k], body[k + 2]
            if low <= high:
                items.append(f"{re.escape(low)}-{re.escape(high)}")
            k += 3
        else:
            items.append(re.escape(body[k]))
            k += 1
    if not items:
        return "." if negate else "(?!)"
    return f"[{'^' if negate else ''}{''.join(items)}]"


class GlobSet:
    """A list of configuration globs, compiled once; :meth:`first` matches one path."""

    def __init__(self, patterns: Sequence[str], root: Path) -> None:
        self.patterns = tuple(patterns)
        self.root = root
        parts: list[tuple[int, str]] = []
        paths: list[tuple[int, str]] = []
        for index, raw in enumerate(self.patterns):
            pattern = _normal(raw)
            (paths if "/" in pattern else parts).append((index, pattern))
        self._part_index = [index for index, _ in parts]
        self._path_index = [index for index, _ in paths]
        # Group k (1-based) is the k-th pattern; in a full match, alternatives are tried
        # in order, so the group that matched is the earliest pattern that matches.
        self._parts = _alternation(f"({translate(p)})" for _, p in parts)
        # A folder pattern matches what is below it: ``pattern`` or ``pattern/*``.
        self._paths = _alternation(f"({translate(p)}(?:/.*)?)" for _, p in paths)

    def first(self, path: str | Path) -> str | None:
        """The first pattern (in the configuration's order) that matches ``path``, or None."""
        if not self.patterns:
            return None
        relative = relative_to(path, self.root)
        best: int | None = None
        if self._parts is not None:
            for part in relative.split("/"):
                match = self._parts.fullmatch(part)
                if match is not None and match.lastindex is not None:
                    index = self._part_index[match.lastindex - 1]
                    best = index if best is None else min(best, index)
        if self._paths is not None:
            match = self._paths.fullmatch(relative)
            if match is not None and match.lastindex is not None:
                index = self._path_index[match.lastindex - 1]
                best = index if best is None else min(best, index)
        return None if best is None else self.patterns[best]


def _alternation(alternatives: Iterable[str]) -> re.Pattern[str] | None:
    joined = "|".join(alternatives)
    return re.compile(joined, re.DOTALL) if joined else None


def matches(path: str | Path, pattern: str, root: Path) -> bool:
    """Whether ``pattern`` matches ``path`` (one pattern: compiles it; see :class:`GlobSet`)."""
    return GlobSet((pattern,), root).first(path) is not None


def matches_any(path: str | Path, patterns: tuple[str, ...], root: Path) -> str | None:
    """The first pattern that matches ``path``, or None (compiles them: for one path only)."""
    return GlobSet(patterns, root).first(path)
