"""What the cfn-lint plugin needs from lambda-lint, without importing cfn-lint.

Kept apart from ``cfn_lint.py`` so that it is typed and tested on its own, and named
with a leading underscore because ``cfn-lint --append-rules DIRECTORY`` imports every
``[A-Za-z1-9]*.py`` file of the folder as a rule module: this one must stay out of that.

The plugin behaves like the ``lambda-lint`` command run in the same folder: the nearest
configuration file above the working directory selects the rules, sets their options
and severities and its ``per-file-ignores`` apply; in-source suppressions work as usual.
Each template is linted once (cfn-lint calls every rule class on it), and a file is
linted again only when it changes on disk, which matters in long-lived processes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lambda_lint.findings import Finding, Severity
from lambda_lint.rule import Rule
from lambda_lint.span import Span

if TYPE_CHECKING:
    from lambda_lint.config import Settings
    from lambda_lint.options import LintOptions

# cfn-lint takes a rule's severity from the first letter of its id (I, W or E).
PREFIXES: Mapping[Severity, str] = {
    Severity.ERROR: "E",
    Severity.WARNING: "W",
    Severity.INFO: "I",
}

JsonPath = tuple[str | int, ...]


def cfn_lint_id(code: str, severity: Severity) -> str:
    """``LL501`` at warning -> ``WLL501``: our code stays readable after cfn-lint's letter."""
    return PREFIXES[severity] + code


def severities(rule: type[Rule], overrides: Mapping[str, Severity]) -> tuple[Severity, ...]:
    """Every severity ``rule``'s findings can have, the default first.

    A configured override replaces them all, as it does for the command line.
    """
    if rule.code in overrides:
        return (overrides[rule.code],)
    return tuple(dict.fromkeys((rule.severity, *rule.severities)))


@dataclass(frozen=True)
class Setup:
    """The rules to expose and how to run them, from the configuration (if any)."""

    rules: tuple[type[Rule], ...]
    settings: Settings
    known_codes: frozenset[str] = field(default_factory=frozenset)

    def options(self) -> LintOptions:
        """The engine options the command line would use with this configuration."""
        from lambda_lint.api import engine_options

        return engine_options(self.settings, self.known_codes)

    def excluded(self, path: Path) -> bool:
        """The configuration's ``exclude`` keeps ``path`` out, as it does for the command line."""
        from lambda_lint.api import excluded

        return excluded(self.settings, path)


def load_setup(cwd: Path) -> Setup:
    """Read the nearest configuration above ``cwd`` and select the rules as the CLI does.

    Raises lambda-lint's ``ConfigError``, ``PluginError`` or ``SelectorError`` on a bad
    configuration: the caller reports it rather than linting with other rules.
    """
    from lambda_lint.api import load_configuration, prepare_run

    run = prepare_run(load_configuration(cwd))
    return Setup(run.rules, run.settings, run.options.known_codes)


@dataclass(frozen=True)
class Located:
    """A finding and the JSON path of the template node it points at (``()`` if none)."""

    finding: Finding
    path: JsonPath


class FindingCache:
    """lambda-lint's findings per file, computed once per version of the file."""

    def __init__(self, setup: Setup) -> None:
        self._setup = setup
        self._options: LintOptions | None = None
        self._cache: dict[str, tuple[tuple[int, int], tuple[Located, ...]]] = {}

    def findings(self, filename: str) -> tuple[Located, ...]:
        """The findings for ``filename`` (the file cfn-lint is linting), sorted."""
        try:
            stat = os.stat(filename)
        except OSError:
            return ()  # cfn-lint could not have read it either, and says so itself
        key = os.path.realpath(filename)
        version = (stat.st_mtime_ns, stat.st_size)
        cached = self._cache.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        located = self._lint(Path(filename))
        self._cache[key] = (version, located)
        return located

    def _lint(self, path: Path) -> tuple[Located, ...]:
        from lambda_lint.discovery import Candidate
        from lambda_lint.engine import lint

        if self._setup.excluded(path):
            return ()
        if self._options is None:
            self._options = self._setup.options()
        report = lint([Candidate(path, explicit=True)], self._setup.rules, self._options)
        if not report.findings:
            return ()
        root = _parsed_root(path)
        return tuple(
            Located(f, json_path(root, Span(f.line, f.column, f.end_line, f.end_column)))
            for f in report.findings
        )


def _parsed_root(path: Path) -> Any:
    """The marked tree of ``path`` (None when it does not parse: LL001 has no node)."""
    from lambda_lint.parsing import ParseError, parse_file

    try:
        return parse_file(path).root
    except ParseError:
        return None


def _contains(span: Span, line: int, column: int) -> bool:
    start = (span.line, span.column)
    return start <= (line, column) < (span.end_line, span.end_column) or start == (line, column)


def _same(span: Span, target: Span) -> bool:
    return span[:4] == target[:4]


def json_path(root: Any, target: Span) -> JsonPath:
    """The keys and indexes leading to the node a finding at ``target`` points at.

    cfn-lint reports it as the match's path (``Resources/Fn/Properties/Timeout``) and
    uses it for its own ``Metadata: cfn-lint: config: ignore_checks`` of a resource.
    The walk goes down through the values holding the finding's start and stops at the
    value written exactly at ``target`` (so ``Timeout: !Ref P`` ends at ``Timeout``),
    or at a key when the finding points at the key itself.
    """
    from lambda_lint.parsing import MDict, MList

    line, column = target.line, target.column
    path: list[str | int] = []
    node = root
    while True:
        step: str | int | None = None
        step_span: Span | None = None
        if isinstance(node, MDict):
            for key in node:
                value_span = node.value_spans.get(key)
                if value_span is not None and _contains(value_span, line, column):
                    step, step_span = key, value_span
                    break
                key_span = node.key_spans.get(key)
                if key_span is not None and _contains(key_span, line, column):
                    return (*path, key)
        elif isinstance(node, MList):
            for index, item_span in enumerate(node.item_spans[: len(node)]):
                if _contains(item_span, line, column):
                    step, step_span = index, item_span
                    break
        if step is None or step_span is None:
            return tuple(path)
        path.append(step)
        if _same(step_span, target):
            return tuple(path)
        node = node[step]
