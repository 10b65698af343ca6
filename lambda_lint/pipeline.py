"""One unit through the pipeline: read, build the model, run the rules, make findings.

The same path for every format: the unit's loaders (see ``loaders.registry``) are
offered the files in turn until one says they are its format. One rule's
exception never stops the run (LL002), a file that cannot be parsed is a finding
(LL001), a loader that crashes is a finding (LL002) and keeps what it read, and
nothing else is ever raised for bad input.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from lambda_lint.findings import Finding
from lambda_lint.grouping import Unit
from lambda_lint.guard import RuleFailed, builtin_rules, run_rule
from lambda_lint.loaders.base import LoadContext, Loaded, Reading, UnitFiles
from lambda_lint.loaders.registry import loader
from lambda_lint.options import LintOptions
from lambda_lint.rule import Rule
from lambda_lint.span import Span
from lambda_lint.violations import finding, meta_finding

if TYPE_CHECKING:
    from lambda_lint.artifacts import ArtifactMeter
    from lambda_lint.model import Stack
    from lambda_lint.suppressions import Directive

_NOWHERE = Span(1, 1, 1, 2)  # findings about a file as a whole


class WorkerDied(RuntimeError):
    """A ``--jobs`` worker process ended without returning its outcomes: no report
    is better than a report that silently misses files."""


@dataclass
class Outcome:
    """What linting one unit produced, before suppressions and baselines apply."""

    findings: list[Finding]
    checked: bool
    texts: dict[str, str] = field(default_factory=dict)
    debug: list[str] = field(default_factory=list)
    files: int = 1
    directives: list[Directive] = field(default_factory=list)
    sensitive: list[Span] = field(default_factory=list)  # secret values, stamped with paths


def _traceback() -> str:
    """The exception being handled, formatted (imported only when something crashed)."""
    import traceback

    return traceback.format_exc()


def new_meter() -> ArtifactMeter:
    """A cache of measured packages; one per run (a directory's mtime misses deep changes)."""
    from lambda_lint.artifacts import ArtifactMeter

    return ArtifactMeter()


def _with_packages(stack: Stack, reading: Reading, meter: ArtifactMeter | None) -> Stack:
    """``stack`` with its local artifacts measured; artifact code loads only when needed."""
    if not any(f.code for f in stack.functions.values()) and not any(
        layer.content for layer in stack.layers.values()
    ):
        return replace(stack, source_bytes=reading.source_bytes)
    from lambda_lint.artifacts import attach_packages

    return attach_packages(
        stack,
        reading.package_root,
        meter or new_meter(),
        report_missing=reading.report_missing_packages,
        source_bytes=reading.source_bytes,
    )


def _instances_note(stack: Stack, resource: str) -> str:
    meta = stack.instances.get(resource)
    return f" (checked once for every instance of this {meta} resource)" if meta else ""


def _check(
    stack: Stack,
    rules: Sequence[type[Rule]],
    codes: set[str],
    path: str,
    outcome: Outcome,
    options: LintOptions,
) -> None:
    """Run every rule over ``stack``; a rule that fails in any way (an exception, an
    exit, output that is no Violation, its time budget spent) becomes LL002 and the
    run goes on. Third-party rules run guarded (``guard``); built-in ones need not."""
    builtin = builtin_rules()
    for rule in rules:
        guarded = rule not in builtin
        try:
            violations = run_rule(
                rule, options.rule_options.get(rule.code), stack, options.rule_timeout, guarded
            )
        except RuleFailed as exc:  # rule isolation: LL002 and carry on
            outcome.debug.append(f"{path}: {rule.code}\n{_traceback()}")
            if "LL002" in codes:
                message = f"rule {rule.code} ({rule.name}) crashed: {exc}"
                outcome.findings.append(
                    meta_finding("LL002", path, message, _NOWHERE, f"crash:{rule.code}")
                )
            continue
        outcome.findings.extend(
            finding(rule, path, v, _instances_note(stack, v.resource)) for v in violations
        )


def _redact(stack: Stack, path: str, outcome: Outcome) -> None:
    """Keep the secrets of ``stack`` out of every message; pass their spans to the report."""
    if not stack.sensitive:
        return
    from lambda_lint.escaping import printable
    from lambda_lint.redaction import ordered, redact_message

    secrets = ordered(secret.text for secret in stack.sensitive)
    outcome.findings = [
        replace(f, message=printable(redact_message(f.message, secrets))) for f in outcome.findings
    ]
    spans = {secret.span for secret in stack.sensitive}
    outcome.sensitive.extend(span if span.path else span._replace(path=path) for span in spans)


def _read(unit: Unit, context: LoadContext) -> tuple[str, Reading] | None:
    """The first of the unit's loaders that recognises its files, with what it read."""
    files = UnitFiles(unit.files, unit.explicit)
    for name in unit.loaders:
        reading = loader(name).read(files, context)
        if reading is not None:
            return name, reading
    return None


def lint_unit(
    unit: Unit,
    rules: Sequence[type[Rule]],
    codes: set[str],
    options: LintOptions,
    meter: ArtifactMeter | None = None,
) -> Outcome:
    """One template, plan or module; only the sources a report may show are kept.

    The cyclic garbage collector is paused meanwhile: parsing and loading allocate
    hundreds of thousands of objects and no cycles, and collector passes over the
    growing tree made a 1000-function template half again as slow (docs/design.md#performance).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        outcome = _lint(unit, rules, codes, options, meter)
    finally:
        if collecting:
            gc.enable()
    needed = {f.path for f in outcome.findings} | {d.span.path for d in outcome.directives}
    outcome.texts = {path: text for path, text in outcome.texts.items() if path in needed}
    outcome.sensitive = [span for span in outcome.sensitive if span.path in outcome.texts]
    return outcome


def _lint(
    unit: Unit,
    rules: Sequence[type[Rule]],
    codes: set[str],
    options: LintOptions,
    meter: ArtifactMeter | None,
) -> Outcome:
    found = _read(unit, LoadContext(options.max_file_size, options.suppressions, options.buffers))
    if found is None:
        return Outcome([], checked=False)
    name, reading = found
    errors = reading.errors if "LL001" in codes else []
    outcome = Outcome(
        [meta_finding("LL001", e.path, e.message, e.span, e.key) for e in errors],
        checked=True,
        texts=reading.texts,
        debug=reading.debug,
        files=reading.files,
        directives=reading.directives,
    )
    if reading.content is None:  # nothing parsed: the LL001 findings are the whole story
        return outcome
    path = reading.primary
    try:
        loaded: Loaded = loader(name).build(reading)
        stack = _with_packages(loaded.stack, reading, meter)
    except Exception as exc:  # a loader bug must not hide the file: LL002, go on
        outcome.debug.append(f"{path}: loader\n{_traceback()}")
        if "LL002" in codes:
            message = f"the {name} loader crashed: {type(exc).__name__}: {exc}"
            outcome.findings.append(meta_finding("LL002", path, message, _NOWHERE, "loader"))
        return _reported(outcome, reading)
    if "LL006" in codes:  # the document parsed but cannot be deployed as written
        for problem in [*reading.problems, *loaded.problems]:
            outcome.findings.append(
                meta_finding("LL006", path, problem.message, problem.span, f"invalid:{problem.id}")
            )
    _check(stack, rules, codes, path, outcome, options)
    _redact(stack, path, outcome)
    return _reported(outcome, reading)


def _reported(outcome: Outcome, reading: Reading) -> Outcome:
    """Only findings in the files the unit reports on (a module's siblings are context)."""
    if reading.reported is not None:
        outcome.findings = [f for f in outcome.findings if f.path in reading.reported]
    return outcome


__all__ = ["Outcome", "WorkerDied", "lint_unit", "new_meter"]
