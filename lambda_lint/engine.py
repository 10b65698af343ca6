"""A run: lint every unit of a set of paths and assemble one report.

The per-unit pipeline is in ``pipeline`` (and ``parallel`` for ``--jobs``), the
acceptance policy (suppressions, ``per-file-ignores``, baseline) in
``acceptance``; this module puts them together, deduplicates and sorts. It is
the library entry point below ``api``, which builds its options from a
configuration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from lambda_lint.acceptance import accept
from lambda_lint.discovery import Candidate, discover, display_path
from lambda_lint.escaping import printable, printable_path
from lambda_lint.findings import Finding
from lambda_lint.grouping import Unit, group_units
from lambda_lint.options import LintOptions, with_today
from lambda_lint.pipeline import Outcome, WorkerDied, lint_unit, new_meter
from lambda_lint.report import Report, exit_code
from lambda_lint.rule import Rule
from lambda_lint.span import Span

if TYPE_CHECKING:
    from lambda_lint.suppressions import Directive

__all__ = [
    "LintOptions",
    "Report",
    "WorkerDied",
    "exit_code",
    "lint",
    "lint_paths",
    "lint_unit",
    "printable",
    "printable_path",
]


def _today() -> str:
    """The run's date (UTC), for rules that take a ``today`` option: they never read the
    clock themselves, so the one place that does is here."""
    import datetime

    return datetime.datetime.now(datetime.UTC).date().isoformat()


def lint(
    candidates: Iterable[Candidate],
    rules: Sequence[type[Rule]],
    options: LintOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
) -> Report:
    """Lint every candidate; findings deduplicated by fingerprint and span, then sorted.

    ``progress(done, total)`` is called after each file or module when given.
    ``jobs`` > 1 lints files and modules in that many processes (see ``parallel``).
    """
    options = with_today(options or LintOptions(), rules, _today())
    candidates = list(candidates)
    total, done = len(candidates), 0
    codes = {rule.code for rule in rules}
    checkable = tuple(rule for rule in rules if not rule.reported_by_engine)
    unique: dict[tuple[str, int, int, int, int], Finding] = {}
    texts: dict[str, str] = {}
    debug: list[str] = []
    directives: list[Directive] = []
    checked = skipped = 0
    checked_files: set[str] = set()
    redactions: dict[str, set[Span]] = {}
    units = list(group_units(candidates))
    outcomes: Iterable[Outcome]
    if jobs > 1 and len(units) > 1:
        from lambda_lint.parallel import lint_units_in_processes

        workers = min(jobs, len(units))  # one unit each at most
        outcomes = lint_units_in_processes(units, checkable, codes, options, workers)
    else:
        meter = new_meter()  # one per run: a directory's mtime misses changes deep inside
        outcomes = (lint_unit(unit, checkable, codes, options, meter) for unit in units)
    notes: dict[str, None] = {}
    pairs = _through_callers(list(zip(units, outcomes, strict=True)))
    for unit, outcome in pairs:
        notes.update(dict.fromkeys(outcome.notes))
        if outcome.checked:
            checked += outcome.files
            checked_files.update(display_path(p) for p in unit.reported)
        else:
            skipped += 1
        if progress is not None:
            done += len(unit.reported) or 1
            progress(done, total)
        debug.extend(outcome.debug)
        directives.extend(outcome.directives)
        texts.update(outcome.texts)
        for span in outcome.sensitive:
            redactions.setdefault(printable_path(span.path), set()).add(span)
        for finding in outcome.findings:
            spot = (finding.line, finding.column, finding.end_line, finding.end_column)
            unique.setdefault((finding.fingerprint, *spot), finding)
    always = {rule.code for rule in rules if rule.always_reported}
    known = set(options.known_codes) | _built_in_codes() | codes
    found = list(unique.values())
    names = {rule.name: rule.code for rule in rules} | dict(options.rule_names)
    active, suppressed = accept(found, directives, options, codes, always, known, names)
    shown = {f.path for f in (*active, *suppressed)}
    # Paths are escaped only now: globs, suppressions and fingerprints saw the real ones.
    return Report(
        tuple(sorted(map(_shown, active), key=Finding.sort_key)),
        tuple(rules),
        checked,
        skipped,
        {printable_path(path): text for path, text in texts.items() if path in shown},
        tuple(debug),
        suppressed=tuple(sorted(map(_shown, suppressed), key=Finding.sort_key)),
        checked_files=tuple(sorted(map(printable_path, checked_files))),
        redactions={path: tuple(sorted(spans)) for path, spans in redactions.items()},
        notes=tuple(printable(note) for note in notes),
    )


def _through_callers(pairs: list[tuple[Unit, Outcome]]) -> list[tuple[Unit, Outcome]]:
    """Outcomes of module directories that another unit of the run calls, emptied.

    A called module is linted with its caller's arguments bound to its variables
    (its files' findings come with the caller's); linted alone, its variables
    would be unknown or defaults the caller overrides, and its findings would
    contradict those. Its files still count as checked. Only callers that no
    unit calls in turn decide, so two directories calling each other keep both.
    """
    called = {path for _, outcome in pairs for path in outcome.modules}
    if not called:
        return pairs
    roots = [o for _, o in pairs if o.modules and o.directory not in called]
    covered = {path for outcome in roots for path in outcome.modules}
    return [
        (unit, replace(outcome, findings=[], directives=[], notes=[]))
        if outcome.directory and outcome.directory in covered
        else (unit, outcome)
        for unit, outcome in pairs
    ]


def _shown(finding: Finding) -> Finding:
    path = printable_path(finding.path)
    return finding if path == finding.path else replace(finding, path=path)


def lint_paths(
    paths: Sequence[str | Path],
    rules: Sequence[type[Rule]],
    options: LintOptions | None = None,
    exclude: tuple[str, ...] = (),
    exclude_root: Path = Path("."),
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
) -> Report:
    """Discover and lint ``paths`` (files and directories), leaving out ``exclude`` globs."""
    from lambda_lint.loaders.registry import skipped_dirs, suffixes

    buffers = options.buffers if options is not None else {}
    candidates: Iterable[Candidate] = discover(paths, suffixes(), skipped_dirs(), buffers)
    if exclude:
        from lambda_lint.globs import GlobSet

        excluded = GlobSet(exclude, exclude_root)  # compiled once for every path
        candidates = (c for c in candidates if excluded.first(c.path) is None)
    return lint(candidates, rules, options, progress, jobs)


def _built_in_codes() -> set[str]:
    """Every built-in code, for LL005 when the caller did not list the known codes."""
    from lambda_lint.registry import all_rules

    return {rule.code for rule in all_rules()}
