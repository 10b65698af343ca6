"""Suppressions: where a finding is deliberately accepted, and why.

Spellings (codes are required, a reason is recommended):

- ``#`` comments: ``# lambda-lint: ignore[LL101,LL102] reason`` at the end of the
  line a finding starts on, or alone on the line before it;
  ``# lambda-lint: file-ignore[LL501] reason`` anywhere for the whole file
  (:func:`comment_directives`).
- Directives a format writes in its own structure, which each loader extracts
  (its ``directives`` module), built with :func:`text_directive` or
  :class:`Directive` directly.
- Configuration ``per-file-ignores`` (external suppressions, see ``acceptance``).

A suppression without codes, or naming an unknown code, is LL005; one that
suppressed nothing is LL004. Suppressed findings are kept (SARIF shows them).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lambda_lint.lines import split_lines
from lambda_lint.span import Span

_COMMENT = re.compile(
    r"(?:^|[ \t])#[ \t]*lambda-lint:[ \t]*(?P<scope>file-ignore|ignore)\b"
    r"(?:\[(?P<codes>[^\]]*)\])?[ \t]*(?P<reason>.*?)[ \t]*$"
)
_TEXT = re.compile(
    r"^\s*lambda-lint:\s*(?P<scope>file-ignore|ignore)\b(?:\[(?P<codes>[^\]]*)\])?\s*(?P<reason>.*?)\s*$"
)
_CODE = re.compile(r"^[A-Z]+[0-9]+$")
METADATA_KEY = "lambda-lint"


@dataclass
class Directive:
    """One written suppression. ``line`` scope covers ``lines``; ``resource`` one entity."""

    scope: str  # "line", "file" or "resource"
    codes: tuple[str, ...]
    span: Span
    reason: str = ""
    lines: frozenset[int] = frozenset()
    resource: str = ""
    used: set[str] = field(default_factory=set)

    def covers(self, rule: str, line: int, resource: str) -> bool:
        if rule not in self.codes:
            return False
        if self.scope == "line":
            return line in self.lines
        if self.scope == "resource":
            return resource == self.resource or resource.startswith(self.resource + "[")
        return True


def _codes(raw: str | None) -> tuple[str, ...]:
    if raw is None:
        return ()
    return tuple(code.strip().upper() for code in raw.split(",") if code.strip())


class _NextContent:
    """The next line after a given one that holds something other than a comment.

    Asked in increasing order of lines, the answer of one scan serves every line it
    passed, so a block of thousands of directive comments above one resource is
    looked at once, not once per comment.
    """

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._start = len(lines)  # the last scan began after this line...
        self._found: int | None = None  # ...and stopped at this one (None: at the end)

    def after(self, index: int) -> int | None:
        """The first content line after ``index`` (0-based), or None at the end."""
        if self._start <= index and (self._found is None or index < self._found):
            return self._found  # the lines between were all blank or comments
        lines = self._lines
        self._start = index
        self._found = next(
            (
                n
                for n in range(index + 1, len(lines))
                if lines[n].strip() and not lines[n].lstrip().startswith("#")
            ),
            None,
        )
        return self._found


def comment_directives(text: str, path: str) -> list[Directive]:
    """``# lambda-lint:`` comments of a file whose comments start with ``#``."""
    found: list[Directive] = []
    if "lambda-lint:" not in text:
        return found  # the common case: no line to look at
    # Lines as spans count them (``lines``): ``str.splitlines`` also breaks at
    # U+0085/U+2028/U+2029 and form feeds, which would put every comment below such a
    # character (in a quoted string, say) one line off the findings it should cover.
    lines = split_lines(text)
    following = _NextContent(lines)
    for index, line in enumerate(lines):
        if "lambda-lint:" not in line:
            continue
        match = _COMMENT.search(line)
        if match is None:
            continue
        number = index + 1
        column = match.start() + (1 if line[match.start()] == "#" else 2)
        span = Span(number, column, number, len(line) + 1, path)
        scope = "file" if match["scope"] == "file-ignore" else "line"
        covered = frozenset({number})
        if scope == "line" and not line[: match.start()].strip():
            # Alone on its line: it covers the next line that holds something else.
            target = following.after(index)
            covered = frozenset({target + 1}) if target is not None else frozenset()
        found.append(Directive(scope, _codes(match["codes"]), span, match["reason"], covered))
    return found


def text_directive(text: Any, span: Span, resource: str) -> Directive | None:
    """A directive written as a string (``"lambda-lint: ignore[LL101] reason"``), for
    formats without comments; ``resource`` is the entity it stands in, or ``""``."""
    match = _TEXT.match(text) if isinstance(text, str) else None
    if match is None:
        return None
    scope = "file" if match["scope"] == "file-ignore" or not resource else "resource"
    return Directive(
        scope,
        _codes(match["codes"]),
        span,
        match["reason"],
        resource=resource if scope == "resource" else "",
    )


class _Index:
    """The directives of each file by code and by what they cover.

    A finding then looks up the few directives that could cover it instead of
    trying each directive of its file: a template with a suppression comment per
    function stays linear. :meth:`match` answers what the first covering directive
    of the file's list (ordered line, resource, file) would.
    """

    def __init__(self, by_path: Mapping[str, list[Directive]]) -> None:
        self._line: dict[tuple[str, str, int], Directive] = {}
        self._resource: dict[tuple[str, str, str], tuple[int, Directive]] = {}
        self._file: dict[tuple[str, str], Directive] = {}
        # (path, code) -> the lengths of the resources its directives name: a finding
        # slices only the prefixes that could be one (a plan address with 200,000 ``[``
        # once sliced and hashed a prefix at each).
        self._resource_lengths: dict[tuple[str, str], set[int]] = {}
        for path, directives in by_path.items():
            for position, directive in enumerate(directives):
                for code in directive.codes:
                    if directive.scope == "line":
                        for line in directive.lines:
                            self._line.setdefault((path, code, line), directive)
                    elif directive.scope == "resource":
                        key = (path, code, directive.resource)
                        self._resource.setdefault(key, (position, directive))
                        lengths = self._resource_lengths.setdefault((path, code), set())
                        lengths.add(len(directive.resource))
                    else:
                        self._file.setdefault((path, code), directive)

    def match(self, path: str, rule: str, line: int, resource: str) -> Directive | None:
        """The directive that takes a finding, or None."""
        found = self._line.get((path, rule, line))
        if found is not None:
            return found
        # A resource's directive covers the resource and its instances (``name[0]``):
        # look up the resource itself and each prefix that ends before a ``[``.
        lengths = self._resource_lengths.get((path, rule), set())
        ends = [len(resource)] if len(resource) in lengths else []
        if "[" in resource:
            ends.extend(i for i, c in enumerate(resource) if c == "[" and i in lengths)
        candidates = [self._resource.get((path, rule, resource[:end])) for end in ends]
        listed = [candidate for candidate in candidates if candidate is not None]
        if listed:
            return min(listed, key=lambda pair: pair[0])[1]
        return self._file.get((path, rule))


@dataclass(frozen=True)
class Accepted:
    """What :func:`apply` decided: active findings, suppressed ones with their reason,
    and the directives that are wrong (LL005) or suppressed nothing (LL004)."""

    active: list[Any]
    suppressed: list[tuple[Any, str, str]]  # (finding, kind, justification)
    unused: list[tuple[Directive, str]]  # (directive, code)
    invalid: list[tuple[Directive, str]]  # (directive, message)


def apply(
    findings: Iterable[Any],
    directives: Iterable[Directive],
    known: set[str],
    ran: set[str],
    unsuppressible: Collection[str] = (),
    names: Mapping[str, str] | None = None,
) -> Accepted:
    """Match findings (anything with rule/path/line/resource) to their file's directives.

    ``known`` holds every rule code that exists; ``unused`` only lists codes whose
    rule ran, since a rule that did not run cannot prove a suppression useless.
    A directive naming an ``unsuppressible`` code (LL001) is invalid for that code.
    A rule name (``names``: name -> code, any case) stands for its code.
    """
    by_path: dict[str, list[Directive]] = {}
    invalid: list[tuple[Directive, str]] = []
    for directive in directives:
        if names:
            directive.codes = tuple(names.get(code.lower(), code) for code in directive.codes)
        if not directive.codes:
            invalid.append(
                (directive, "a suppression must name its codes, e.g. ignore[LL101] reason")
            )
            continue
        wrong = [code for code in directive.codes if not _CODE.match(code) or code not in known]
        if wrong:
            invalid.append((directive, f"unknown rule code {', '.join(wrong)} in a suppression"))
        fixed = [code for code in directive.codes if code in unsuppressible]
        if fixed:
            message = (
                f"{', '.join(fixed)} cannot be suppressed: a file that cannot be read or parsed "
                "is always reported (exclude it instead)"
                if fixed == ["LL001"]
                else f"{', '.join(fixed)} cannot be suppressed: what could not be checked is "
                "always reported (exclude the file, or deselect the rule that fails)"
            )
            invalid.append((directive, message))
        by_path.setdefault(directive.span.path, []).append(directive)
    # The most specific suppression takes the finding: a line's, then a resource's, then
    # the file's, so a broader one that is left with nothing to do is reported as unused.
    order = {"line": 0, "resource": 1, "file": 2}
    for directives_of_file in by_path.values():
        directives_of_file.sort(key=lambda d: order[d.scope])
    index = _Index(by_path)
    active: list[Any] = []
    suppressed: list[tuple[Any, str, str]] = []
    for finding in findings:
        match = index.match(finding.path, finding.rule, finding.line, finding.resource)
        if match is None:
            active.append(finding)
        else:
            match.used.add(finding.rule)
            suppressed.append((finding, "inSource", match.reason))
    unused = [
        (d, code)
        for directives_of_file in by_path.values()
        for d in directives_of_file
        for code in d.codes
        if code not in d.used and code in ran and code not in unsuppressible
    ]
    return Accepted(active, suppressed, unused, invalid)
