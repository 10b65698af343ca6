"""Path patterns with ``.gitignore`` semantics: ``exclude``, ``per-file-ignores``, ``.gitignore``.

As git reads a ``.gitignore`` line (https://git-scm.com/docs/gitignore):

- a pattern without a ``/`` except at its end matches a name at any depth
  (``cdk.out``, ``*.tfplan.json``); one with a ``/`` at its start or in its middle is
  relative to the pattern's folder (the configuration's, or the ``.gitignore``'s):
  ``infra/*.yaml`` matches ``infra/a.yaml``, not ``infra/a/b.yaml``, nor ``x/infra/a.yaml``;
- ``*`` and ``?`` never match ``/``; ``[a-z]``, ``[!a]`` and ``[^a]`` are character
  classes; a backslash quotes the next character;
- ``**/`` at the start matches in every folder, ``/**`` at the end everything inside,
  ``/**/`` zero or more folders (``legacy/**/c.yaml`` matches ``legacy/c.yaml``);
  any other ``**`` is a plain ``*``;
- a trailing ``/`` matches folders only; a pattern that matches a folder matches
  everything below it;
- ``!`` re-includes what an earlier pattern matched; the last matching pattern
  decides, and nothing below an excluded folder can be re-included.

A list of patterns is compiled once into at most four regular expressions (patterns
with and without a ``/``; for folders, and without the folder-only ones for files),
each an alternation in reverse order, so the alternative that matches is the last
pattern that does: a path costs two regex calls per component rather than one per
pattern, and a name pattern is matched against one name, never a whole path.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple


def relative_to(path: str | Path, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes (absolute when outside it)."""
    absolute = os.path.abspath(path)
    base = os.path.abspath(root)
    relative = os.path.relpath(absolute, base) if absolute.startswith(base + os.sep) else absolute
    return relative.replace(os.sep, "/")


class Pattern(NamedTuple):
    """One pattern as git reads it: its regular expression and its flags. A pattern
    without ``/`` (``anchored`` False) is matched against a path's last name, any other
    against the whole path relative to the pattern's folder."""

    regex: str
    negated: bool
    directory_only: bool
    anchored: bool


def parse(line: str) -> Pattern | None:
    """A pattern from a ``.gitignore`` line or a configuration glob; None for a blank
    line or a comment. A leading ``./`` (a habit from shells) means the pattern's folder."""
    line = _strip_trailing_spaces(line)
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    if line.startswith("./"):
        line = "/" + line[2:]
    directory_only = line.endswith("/") and not line.endswith("\\/")
    line = line.rstrip("/") if directory_only else line
    if not line:
        return None
    anchored = "/" in line
    return Pattern(_translate(line.lstrip("/")), negated, directory_only, anchored)


def _strip_trailing_spaces(line: str) -> str:
    """Trailing spaces are dropped unless quoted with a backslash (git)."""
    stripped = line.rstrip(" \t\r\n")
    if stripped.endswith("\\") and len(stripped) < len(line.rstrip("\r\n")):
        return stripped[:-1] + " "
    return stripped


def _translate(pattern: str) -> str:
    """``pattern`` (no leading or trailing ``/``) as a regular expression without groups."""
    out: list[str] = []
    segments: list[str] = []
    for segment in pattern.split("/"):
        if not (segment == "**" and segments and segments[-1] == "**"):  # **/** is **
            segments.append(segment)
    last = len(segments) - 1
    for index, segment in enumerate(segments):
        if segment == "**":
            if index == last:
                out.append(".*" if index == 0 else "/.*")  # everything inside
            elif index == 0:
                out.append("(?:.*/)?")  # in every folder
            else:
                out.append("/(?:.*/)?")  # zero or more folders
            continue
        if index and segments[index - 1] != "**":
            out.append("/")
        out.append(_segment(segment))
    return "".join(out)


def _segment(segment: str) -> str:
    """One path segment: ``*`` (and a ``**`` inside a name), ``?``, classes, escapes."""
    out: list[str] = []
    i, n = 0, len(segment)
    while i < n:
        char = segment[i]
        i += 1
        if char == "\\" and i < n:
            out.append(re.escape(segment[i]))
            i += 1
        elif char == "*":
            while i < n and segment[i] == "*":
                i += 1
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = i
            if end < n and segment[end] in "!^":
                end += 1
            if end < n and segment[end] == "]":
                end += 1
            end = segment.find("]", end)
            if end < 0:  # no closing bracket: a literal "["
                out.append(re.escape(char))
                continue
            body = segment[i:end]
            i = end + 1
            negate = body[:1] in ("!", "^")
            out.append(_char_class(body[1:] if negate else body, negate))
        else:
            out.append(re.escape(char))
    return "".join(out)


def _char_class(body: str, negate: bool) -> str:
    """``[body]``: ranges ``a-z`` (an empty one such as ``z-a`` is dropped), every other
    character literal; a class never matches ``/``."""
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
        return "[^/]" if negate else "(?!)"
    return f"[{'^/' if negate else ''}{''.join(items)}]"


class PatternList:
    """Patterns of one folder (a ``.gitignore``, a configuration list), compiled once;
    :meth:`decide` says whether one path is matched, the last matching pattern deciding."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = tuple(lines)
        patterns = [(index, parse(line)) for index, line in enumerate(lines)]
        # Latest first: the alternative that matches is the last pattern that does.
        kept = [(index, p) for index, p in reversed(patterns) if p is not None]
        self._negated = {index: p.negated for index, p in kept}
        compiled: dict[tuple[int, ...], _Alternation] = {}
        # (anchored, for a folder) -> the alternation; equal lists are compiled once.
        self._groups: dict[tuple[bool, bool], _Alternation] = {}
        for anchored in (False, True):
            for is_dir in (False, True):
                chosen = [
                    (index, p)
                    for index, p in kept
                    if p.anchored is anchored and (is_dir or not p.directory_only)
                ]
                key = tuple(index for index, _ in chosen)
                if key not in compiled:
                    compiled[key] = _Alternation(chosen)
                self._groups[anchored, is_dir] = compiled[key]

    def __bool__(self) -> bool:
        return bool(self._negated)

    def decide(self, relative: str, is_dir: bool) -> tuple[bool, int] | None:
        """``(matched, index)`` by the last pattern matching ``relative`` (a path relative
        to the patterns' folder, ``/``-separated), ``index`` its position in the list:
        ``matched`` is False for a ``!`` pattern. None when no pattern matches."""
        name = relative.rpartition("/")[2]
        by_name = self._groups[False, is_dir].last(name)
        by_path = self._groups[True, is_dir].last(relative)
        if by_name is None and by_path is None:
            return None
        index = max(i for i in (by_name, by_path) if i is not None)
        return not self._negated[index], index

    def match(self, relative: str) -> int | None:
        """The index of the pattern that matches the file ``relative`` or a folder above
        it, as git decides (an excluded folder excludes everything below it), or None."""
        parts = relative.split("/")
        for depth in range(1, len(parts) + 1):
            decided = self.decide("/".join(parts[:depth]), is_dir=depth < len(parts))
            if decided is not None and decided[0]:
                return decided[1]
        return None


class _Alternation:
    """Patterns as one regular expression; :meth:`last` is the index of the latest one
    that matches (the patterns come latest first)."""

    def __init__(self, patterns: Sequence[tuple[int, Pattern]]) -> None:
        self._indexes = [index for index, _ in patterns]
        # Group k (1-based) is the k-th alternative; the first alternative that matches wins.
        joined = "|".join(f"({p.regex})" for _, p in patterns)
        self._regex = re.compile(joined, re.DOTALL) if joined else None

    def last(self, text: str) -> int | None:
        if self._regex is None:
            return None
        match = self._regex.fullmatch(text)
        if match is None or match.lastindex is None:
            return None
        return self._indexes[match.lastindex - 1]


class GlobSet:
    """A configuration's globs (relative to ``root``), compiled once; :meth:`first`
    matches one path."""

    def __init__(self, patterns: Sequence[str], root: Path) -> None:
        self.patterns = tuple(patterns)
        self.root = root
        self._list = PatternList([pattern.strip() for pattern in self.patterns])

    def first(self, path: str | Path) -> str | None:
        """The pattern that decides that ``path`` matches (the last matching one, as in
        ``.gitignore``), or None."""
        if not self._list:
            return None
        found = self._list.match(relative_to(path, self.root).lstrip("/"))
        return None if found is None else self.patterns[found]


def matches(path: str | Path, pattern: str, root: Path) -> bool:
    """Whether ``pattern`` matches ``path`` (one pattern: compiles it; see :class:`GlobSet`)."""
    return GlobSet((pattern,), root).first(path) is not None


def matches_any(path: str | Path, patterns: tuple[str, ...], root: Path) -> str | None:
    """The pattern that matches ``path``, or None (compiles them: for one path only)."""
    return GlobSet(patterns, root).first(path)
