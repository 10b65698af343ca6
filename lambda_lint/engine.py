"""The per-file pipeline: parse, detect, load, run rules, build findings.

One rule's exception never stops the run (LL002), one file's parse error is a
finding (LL001), and nothing else is ever raised for bad input. A unit is one
template or plan, or one Terraform module (several files, see ``units``).
"""

from __future__ import annotations

import gc
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lambda_lint.discovery import Candidate, discover, display_path
from lambda_lint.findings import Finding, Severity, Suppression, fingerprint
from lambda_lint.globs import GlobSet
from lambda_lint.guard import DEFAULT_RULE_TIMEOUT, RuleFailed, builtin_rules, run_rule
from lambda_lint.loaders import LoadProblem, detect, load
from lambda_lint.model import Stack
from lambda_lint.parsing import ParseError, parse_file
from lambda_lint.parsing.reader import DEFAULT_MAX_BYTES
from lambda_lint.redaction import ordered, redact_message
from lambda_lint.rule import Rule, Violation
from lambda_lint.span import Span
from lambda_lint.suppressions import Directive, apply, directives_for
from lambda_lint.units import Unit, group_units

if TYPE_CHECKING:
    from lambda_lint.artifacts import ArtifactMeter

_SNIFF_BYTES = 65536
_CFN_MARKERS = (b"AWSTemplateFormatVersion", b"AWS::")
_PLAN_MARKERS = (b'"format_version"', b"aws_lambda_")


class WorkerDied(RuntimeError):
    """A ``--jobs`` worker process ended without returning its outcomes: no report
    is better than a report that silently misses files."""


@dataclass(frozen=True)
class Report:
    """Everything a formatter needs: sorted findings, the rules that ran, file counts."""

    findings: tuple[Finding, ...]
    rules: tuple[type[Rule], ...]
    files_checked: int
    files_skipped: int
    sources: dict[str, str] = field(default_factory=dict)
    debug: tuple[str, ...] = ()
    suppressed: tuple[Finding, ...] = ()
    # Every file that was checked (display paths, sorted): JUnit names the clean ones too.
    checked_files: tuple[str, ...] = ()
    # ``--show-suppressed``: human formats list suppressed findings too, marked as such.
    show_suppressed: bool = False
    # Spans of secret values by shown path: formats that quote sources redact them there.
    redactions: Mapping[str, tuple[Span, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class LintOptions:
    """What a configuration and the command line change about a run (defaults: nothing)."""

    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    severity: Mapping[str, Severity] = field(default_factory=dict)
    # Glob (relative to ``config_root``) -> codes: external suppressions.
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    config_root: Path = Path(".")
    suppressions: bool = True  # False: audit mode, every suppression is ignored
    # Fingerprint -> how many findings the baseline accepts (None: no baseline).
    baseline: Mapping[str, int] | None = None
    known_codes: frozenset[str] = frozenset()  # every rule that exists, for LL005
    max_file_size: int = DEFAULT_MAX_BYTES  # larger files are LL001, never read
    # Seconds a third-party rule may take on one file (``rule-timeout``; see ``guard``).
    rule_timeout: float | None = DEFAULT_RULE_TIMEOUT


@dataclass
class _Outcome:
    findings: list[Finding]
    checked: bool
    texts: dict[str, str] = field(default_factory=dict)
    debug: list[str] = field(default_factory=list)
    files: int = 1
    directives: list[Directive] = field(default_factory=list)
    sensitive: list[Span] = field(default_factory=list)  # stamped with their paths


# Control characters (C0, DEL, C1) in messages: a name holding a line break or an ANSI
# escape must not forge output lines or colours in any format. Lone surrogates (a
# file name that is not UTF-8) cannot be written to a UTF-8 stream at all.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with control characters written as escapes (``\\n``, ``\\x1b``), and
    the undecodable bytes of a file name as ``\\xff``."""
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if "\udc80" <= char <= "\udcff":  # os.fsdecode's stand-in for the byte
        return f"\\x{ord(char) - 0xDC00:02x}"
    return repr(char)[1:-1]


def printable_path(path: str) -> str:
    """A path as every format shows it: :func:`printable`, and ``./`` before a leading
    ``:``, so no line of a report can start with ``::`` (a GitHub workflow command)."""
    shown = printable(path)
    return f"./{shown}" if shown.startswith(":") else shown


def _finding(rule: type[Rule], path: str, violation: Violation, note: str = "") -> Finding:
    span = violation.span
    path = span.path or path
    return Finding(
        rule=rule.code,
        name=rule.name,
        severity=violation.severity or rule.severity,
        message=printable(violation.message + note),
        path=path,
        line=span.line,
        column=span.column,
        end_line=span.end_line,
        end_column=span.end_column,
        resource=violation.resource,
        key=violation.key,
        help_url=rule.help_url,
        fingerprint=fingerprint(rule.code, path, violation.resource, violation.key),
    )


def _traceback() -> str:
    """The exception being handled, formatted (imported only when something crashed)."""
    import traceback

    return traceback.format_exc()


def _meta(code: str, path: str, message: str, span: Span, key: str) -> Finding:
    """A finding of the engine's own rules (LL001, LL002), which have no model entity."""
    from lambda_lint.registry import find_rule

    rule = find_rule(code)
    assert rule is not None
    return _finding(rule, path, Violation("", span, message, key))


def _new_meter() -> ArtifactMeter:
    from lambda_lint.artifacts import ArtifactMeter

    return ArtifactMeter()


def _with_packages(
    stack: Stack,
    base: Path,
    meter: ArtifactMeter | None,
    *,
    report_missing: bool = True,
    source_bytes: int = 0,
) -> Stack:
    """``stack`` with its local artifacts measured; artifact code loads only when needed."""
    if not any(f.code for f in stack.functions.values()) and not any(
        layer.content for layer in stack.layers.values()
    ):
        return replace(stack, source_bytes=source_bytes)
    from lambda_lint.artifacts import attach_packages

    return attach_packages(
        stack,
        base,
        meter or _new_meter(),
        report_missing=report_missing,
        source_bytes=source_bytes,
    )


def _looks_like_template(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    return any(marker in head for marker in _CFN_MARKERS) or all(
        marker in head for marker in _PLAN_MARKERS
    )


def _instances_note(stack: Stack, resource: str) -> str:
    meta = stack.instances.get(resource)
    return f" (checked once for every instance of this {meta} resource)" if meta else ""


def _check(
    stack: Stack,
    rules: Sequence[type[Rule]],
    codes: set[str],
    path: str,
    outcome: _Outcome,
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
                    _meta("LL002", path, message, Span(1, 1, 1, 2), f"crash:{rule.code}")
                )
            continue
        outcome.findings.extend(
            _finding(rule, path, v, _instances_note(stack, v.resource)) for v in violations
        )


def _redact(stack: Stack, path: str, outcome: _Outcome) -> None:
    """Keep the secrets of ``stack`` out of every message; pass their spans to the report."""
    if not stack.sensitive:
        return
    secrets = ordered(secret.text for secret in stack.sensitive)
    outcome.findings = [
        replace(f, message=printable(redact_message(f.message, secrets))) for f in outcome.findings
    ]
    spans = {secret.span for secret in stack.sensitive}
    outcome.sensitive.extend(span if span.path else span._replace(path=path) for span in spans)


def _load_crashed(kind: str, path: str, exc: Exception, codes: set[str], outcome: _Outcome) -> None:
    """A loader bug must not hide the file: report it as LL002, go on."""
    outcome.debug.append(f"{path}: loader\n{_traceback()}")
    if "LL002" in codes:
        message = f"the {kind} loader crashed: {type(exc).__name__}: {exc}"
        outcome.findings.append(_meta("LL002", path, message, Span(1, 1, 1, 2), "loader"))


def _report_problems(
    problems: Sequence[LoadProblem], path: str, codes: set[str], outcome: _Outcome
) -> None:
    """Problems a loader found (a duplicate resource...) are LL006 at their position."""
    if "LL006" in codes:
        for problem in problems:
            key = f"invalid:{problem.id}"
            outcome.findings.append(_meta("LL006", path, problem.message, problem.span, key))


def _parse_error(path: str, exc: ParseError, codes: set[str], outcome: _Outcome) -> None:
    if "LL001" in codes:
        span = Span(exc.line, exc.column, exc.end_line, exc.end_column)
        outcome.findings.append(_meta("LL001", path, exc.message, span, "parse"))


def lint_file(
    candidate: Candidate,
    rules: Sequence[type[Rule]],
    codes: set[str],
    meter: ArtifactMeter | None = None,
    options: LintOptions | None = None,
) -> _Outcome:
    """Lint one template or plan with ``rules``; ``codes`` says whether LL001/LL002 run."""
    options = options or LintOptions()
    path = display_path(candidate.path)
    try:
        doc = parse_file(candidate.path, options.max_file_size)
    except ParseError as exc:
        if not (candidate.explicit or _looks_like_template(candidate.path)):
            return _Outcome([], checked=False)
        outcome = _Outcome([], checked=True)
        _parse_error(path, exc, codes, outcome)
        return outcome
    kind = detect(doc.root)
    if kind is None:
        return _Outcome([], checked=False)
    outcome = _Outcome([], checked=True, texts={path: doc.text})
    if options.suppressions:
        outcome.directives = directives_for(path, doc.text, [doc.root], terraform=False)
    if doc.later_document is not None and "LL001" in codes:
        message = (
            "a second YAML document starts here; CloudFormation reads a template file as "
            "one document (only the first is checked)"
        )
        outcome.findings.append(_meta("LL001", path, message, doc.later_document, "documents"))
    if doc.unknown_tags and "LL001" in codes:
        for tag, span in doc.unknown_tags:
            message = f"unknown tag {tag}: CloudFormation supports only its intrinsic function tags"
            outcome.findings.append(_meta("LL001", path, message, span, f"tag:{tag}"))
    if doc.merge_keys and "LL006" in codes:
        message = (
            "YAML merge key '<<': CloudFormation does not resolve merge keys (only tools "
            "that rewrite the template first, such as the SAM CLI or `aws cloudformation "
            "package`, do); checked with the merged keys"
        )
        for span in doc.merge_keys:
            outcome.findings.append(_meta("LL006", path, message, span, "invalid:merge-key"))
    try:
        stack, problems = load(kind, doc.root)
        stack = _with_packages(
            stack,
            candidate.path.parent,
            meter,
            report_missing=kind != "terraform-plan",
            source_bytes=len(doc.text.encode("utf-8", "surrogatepass")),
        )
    except Exception as exc:
        _load_crashed(kind, path, exc, codes, outcome)
        return outcome
    _report_problems(problems, path, codes, outcome)
    _check(stack, rules, codes, path, outcome, options)
    _redact(stack, path, outcome)
    return outcome


def lint_module(
    unit: Unit,
    rules: Sequence[type[Rule]],
    codes: set[str],
    meter: ArtifactMeter | None = None,
    options: LintOptions | None = None,
) -> _Outcome:
    """Lint a Terraform module; report only on the unit's ``reported`` files."""
    options = options or LintOptions()
    reported = {display_path(p) for p in unit.reported}
    outcome = _Outcome([], checked=True)
    files: dict[str, Any] = {}
    for file in unit.files:
        path = display_path(file)
        try:
            doc = parse_file(file, options.max_file_size, source=path)
        except ParseError as exc:
            if path in reported:
                _parse_error(path, exc, codes, outcome)
            else:
                outcome.debug.append(f"{path}: sibling module file not loaded: {exc.message}")
            continue
        files[path] = doc.root
        outcome.texts[path] = doc.text
        if options.suppressions and path in reported:
            outcome.directives += directives_for(path, doc.text, [doc.root], terraform=True)
    from lambda_lint.loaders.terraform import ModuleFiles, load_module

    module = ModuleFiles(
        files,
        tfvars=_parsed_tfvars(unit.tfvars, options.max_file_size),
        hcl_tfvars={display_path(p): _read_text(p, options.max_file_size) for p in unit.hcl_tfvars},
        # Known whole only when every *.tf.json parsed (references are checked then).
        unread_config=unit.unread_config if len(files) == len(unit.files) else None,
    )
    first = display_path(sorted(unit.reported)[0])
    try:
        stack, problems = load_module(module)
        stack = _with_packages(stack, unit.files[0].parent, meter)
    except Exception as exc:
        _load_crashed("terraform", first, exc, codes, outcome)
        return outcome
    _report_problems(problems, first, codes, outcome)
    _check(stack, rules, codes, first, outcome, options)
    _redact(stack, first, outcome)
    outcome.findings = [f for f in outcome.findings if f.path in reported]
    outcome.files = len(unit.reported)
    return outcome


def _parsed_tfvars(paths: Sequence[Path], max_bytes: int) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    for file in paths:
        path = display_path(file)
        try:
            parsed[path] = parse_file(file, max_bytes, source=path).root
        except ParseError:
            parsed[path] = None  # Terraform itself refuses an invalid tfvars file
    return parsed


def _read_text(path: Path, max_bytes: int) -> str:
    """An HCL tfvars file's text, read as safely as a template (no pipes, bounded)."""
    from lambda_lint.parsing.reader import decode, read_bytes

    try:
        return decode(read_bytes(path, max_bytes))
    except ParseError:
        return ""


# Reported by the engine itself, not by running a rule over a stack.
ENGINE_CODES = frozenset({"LL001", "LL002", "LL004", "LL005", "LL006"})


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
    options = options or LintOptions()
    candidates = list(candidates)
    total, done = len(candidates), 0
    codes = {rule.code for rule in rules}
    checkable = tuple(rule for rule in rules if rule.code not in ENGINE_CODES)
    unique: dict[tuple[str, int, int, int, int], Finding] = {}
    texts: dict[str, str] = {}
    debug: list[str] = []
    directives: list[Directive] = []
    checked = skipped = 0
    checked_files: set[str] = set()
    redactions: dict[str, set[Span]] = {}
    units = list(group_units(candidates))
    if jobs > 1 and len(units) > 1:
        from lambda_lint.parallel import lint_units_in_processes

        workers = min(jobs, len(units))  # one unit each at most
        outcomes = lint_units_in_processes(units, checkable, codes, options, workers)
    else:
        meter = _new_meter()  # one per run: a directory's mtime misses changes deep inside
        outcomes = (lint_unit(unit, checkable, codes, options, meter) for unit in units)
    for unit, outcome in zip(units, outcomes, strict=True):
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
    active, suppressed = _accept(list(unique.values()), directives, options, codes, always)
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
    )


def _shown(finding: Finding) -> Finding:
    path = printable_path(finding.path)
    return finding if path == finding.path else replace(finding, path=path)


def lint_unit(
    unit: Unit,
    rules: Sequence[type[Rule]],
    codes: set[str],
    options: LintOptions,
    meter: ArtifactMeter,
) -> _Outcome:
    """One template, plan or Terraform module; only the sources a report may show are kept.

    The cyclic garbage collector is paused meanwhile: parsing and loading allocate
    hundreds of thousands of objects and no cycles, and collector passes over the
    growing tree made a 1000-function template half again as slow (docs/design.md#performance).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        if unit.terraform_module:
            outcome = lint_module(unit, rules, codes, meter, options)
        else:
            path = unit.files[0]
            candidate = Candidate(path, path in unit.explicit)
            outcome = lint_file(candidate, rules, codes, meter, options)
    finally:
        if collecting:
            gc.enable()
    needed = {f.path for f in outcome.findings} | {d.span.path for d in outcome.directives}
    outcome.texts = {path: text for path, text in outcome.texts.items() if path in needed}
    outcome.sensitive = [span for span in outcome.sensitive if span.path in outcome.texts]
    return outcome


def _accept(
    findings: list[Finding],
    directives: list[Directive],
    options: LintOptions,
    codes: set[str],
    always: set[str],
) -> tuple[list[Finding], list[Finding]]:
    """Apply in-source suppressions, ``per-file-ignores``, the baseline and severity overrides.

    Returns the active findings (with LL004/LL005 about the suppressions) and the
    suppressed ones, each carrying why. Findings of ``always`` codes (LL001) pass
    every filter: a file that was not checked is never hidden.
    """
    from lambda_lint.registry import all_rules

    known = set(options.known_codes) | {rule.code for rule in all_rules()} | codes
    unhidden = [f for f in findings if f.rule in always]
    findings = [f for f in findings if f.rule not in always]
    accepted = apply(findings, directives, known, codes, always)
    suppressed = [
        replace(f, suppression=Suppression(kind, reason)) for f, kind, reason in accepted.suppressed
    ]
    meta: list[Finding] = []
    if "LL004" in codes:
        for directive, code in accepted.unused:
            message = f"unused suppression: no {code} finding here"
            key = f"unused:{code}:{directive.scope}:{directive.resource}"
            meta.append(_meta("LL004", directive.span.path, message, directive.span, key))
    if "LL005" in codes:
        for directive, message in accepted.invalid:
            key = f"invalid:{','.join(directive.codes)}:{directive.scope}:{directive.resource}"
            meta.append(_meta("LL005", directive.span.path, message, directive.span, key))
    active: list[Finding] = unhidden
    remaining = Counter(options.baseline or {})
    ignored = _Ignores(options)
    for finding in [*accepted.active, *meta]:
        glob = ignored.glob(finding.path, finding.rule)
        if glob is not None:
            why = f"per-file-ignores: {glob}"
            suppressed.append(replace(finding, suppression=Suppression("external", why)))
        elif remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
            why = "in the baseline"
            suppressed.append(replace(finding, suppression=Suppression("external", why)))
        else:
            active.append(finding)
    if options.severity:
        active = [_with_severity(f, options.severity) for f in active]
        suppressed = [_with_severity(f, options.severity) for f in suppressed]
    return active, suppressed


class _Ignores:
    """``per-file-ignores``, compiled once per rule code and run, each path matched once
    per code: findings x globs fnmatch calls made large lists slow."""

    def __init__(self, options: LintOptions) -> None:
        self._options = options
        self._sets: dict[str, GlobSet] = {}
        self._seen: dict[tuple[str, str], str | None] = {}

    def glob(self, path: str, code: str) -> str | None:
        """The first glob that ignores ``code`` in ``path``, or None."""
        key = (path, code)
        if key not in self._seen:
            globs = self._sets.get(code)
            if globs is None:
                listed = self._options.per_file_ignores.items()
                patterns = [glob for glob, codes in listed if code in codes]
                globs = self._sets[code] = GlobSet(patterns, self._options.config_root)
            self._seen[key] = globs.first(path)
        return self._seen[key]


def _with_severity(finding: Finding, overrides: Mapping[str, Severity]) -> Finding:
    severity = overrides.get(finding.rule)
    return finding if severity is None else replace(finding, severity=severity)


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
    candidates = discover(paths)
    if exclude:
        excluded = GlobSet(exclude, exclude_root)  # compiled once for every path
        candidates = (c for c in candidates if excluded.first(c.path) is None)
    return lint(candidates, rules, options, progress, jobs)


def exit_code(report: Report, fail_on: Severity) -> int:
    """1 when a finding is at or above ``fail_on``, else 0."""
    return int(any(f.severity.rank >= fail_on.rank for f in report.findings))
