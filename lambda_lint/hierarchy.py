"""Configuration found from each linted file, not from the working directory.

Each file is linted with the nearest configuration at or above its own folder, as
ruff does: a monorepo keeps one ``lambda-lint.toml`` per project, and an editor that
runs from the workspace root still lints a file with its project's settings. Files
are discovered once, grouped by the configuration that governs them, and each group
is linted as one run (its rules, options, ``exclude`` and ``fail-on``); the reports
are then merged into one. ``--config`` and ``--isolated`` keep a single run for
every file (``api.Run.lint``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from lambda_lint.api import Overrides, prepare_run
from lambda_lint.config import ConfigFinder, Settings, load_settings
from lambda_lint.discovery import Candidate, discover
from lambda_lint.gitignore import GITIGNORE
from lambda_lint.report import Report, exit_code

if TYPE_CHECKING:
    from lambda_lint.api import Run


class Linted(NamedTuple):
    """A merged report and whether any of its runs failed (by that run's ``fail-on``)."""

    report: Report
    failed: bool


# The discovered files, one run per configuration that governs some of them.
Groups = list[tuple["Run", list[Candidate]]]


def plan(
    paths: Sequence[str | Path],
    overrides: Overrides,
    fixed: Settings | None = None,
) -> Groups:
    """Discover ``paths`` and group the files by their nearest configuration (one group
    with ``fixed`` settings, for ``--config`` and ``--isolated``).

    Raises ``config.ConfigError``, ``registry.PluginError`` or
    ``selection.SelectorError`` for a configuration that cannot be used (any of them:
    a monorepo with one broken project is reported, not half linted), and
    ``discovery.MissingPathError`` for a path that does not exist.
    """
    from lambda_lint.loaders.registry import skipped_dirs, suffixes

    finder = ConfigFinder()
    loaded: dict[Path | None, Settings] = {}

    def settings(config: Path | None) -> Settings:
        if config not in loaded:
            loaded[config] = load_settings(config) if config is not None else Settings()
        return loaded[config]

    def gitignore(root: Path) -> bool:
        """``--[no-]respect-gitignore``, else the configuration where the walk starts."""
        if overrides.respect_gitignore is not None:
            return overrides.respect_gitignore
        if fixed is not None:
            return fixed.respect_gitignore
        return settings(finder.config_for(root / GITIGNORE)).respect_gitignore

    candidates = discover(paths, suffixes(), skipped_dirs(), overrides.buffers, gitignore)
    if fixed is not None:
        run = prepare_run(fixed, overrides)
        return [(run, [c for c in candidates if not run.exclude or not run.excluded(c.path)])]
    prepared: dict[Path | None, Run] = {}

    def run_for(config: Path | None) -> Run:
        if config not in prepared:
            prepared[config] = prepare_run(settings(config), overrides)
        return prepared[config]

    # The working directory's configuration first: a bad selector or configuration is
    # reported before a missing path, as with a single configuration.
    run_for(finder.config_for(Path.cwd() / GITIGNORE))
    grouped: dict[Path | None, list[Candidate]] = {}
    for candidate in candidates:
        grouped.setdefault(finder.config_for(candidate.path), []).append(candidate)
    runs: Groups = []
    for config, members in grouped.items():
        run = run_for(config)
        kept = [c for c in members if not run.excluded(c.path)] if run.exclude else members
        runs.append((run, kept))
    return runs


def lint_groups(
    groups: Groups,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
) -> Linted:
    """Lint each group with its run; one report, failed when any run's ``fail-on`` says so."""
    from lambda_lint.engine import lint

    total = sum(len(members) for _, members in groups)
    reports: list[Report] = []
    failed = False
    offset = 0
    for run, members in groups:
        step = None if progress is None else _shifted(progress, offset, total)
        report = lint(members, run.rules, run.options, step, jobs)
        failed = failed or bool(exit_code(report, run.fail_on))
        reports.append(report)
        offset += len(members)
    return Linted(merge(reports), failed)


def _shifted(
    progress: Callable[[int, int], None], offset: int, total: int
) -> Callable[[int, int], None]:
    """One bar for every group: a group's ``done`` counted after the groups before it."""

    def step(done: int, _: int) -> None:
        progress(offset + done, total)

    return step


def merge(reports: Sequence[Report]) -> Report:
    """One report from the reports of several runs (each file is in exactly one)."""
    if len(reports) == 1:
        return reports[0]
    if not reports:
        return Report((), (), 0, 0)
    from lambda_lint.findings import Finding

    rules = {rule.code: rule for report in reports for rule in report.rules}
    first = reports[0]
    return replace(
        first,
        findings=tuple(sorted((f for r in reports for f in r.findings), key=Finding.sort_key)),
        rules=tuple(rules[code] for code in sorted(rules)),
        files_checked=sum(r.files_checked for r in reports),
        files_skipped=sum(r.files_skipped for r in reports),
        sources={path: text for r in reports for path, text in r.sources.items()},
        debug=tuple(trace for r in reports for trace in r.debug),
        suppressed=tuple(sorted((f for r in reports for f in r.suppressed), key=Finding.sort_key)),
        checked_files=tuple(sorted({path for r in reports for path in r.checked_files})),
        redactions={path: spans for r in reports for path, spans in r.redactions.items()},
    )
