"""The per-file pipeline: parse, detect, load, run rules, build findings.

One rule's exception never stops the run (LL002), one file's parse error is a
finding (LL001), and nothing else is ever raised for bad input.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lambda_lint.discovery import Candidate, discover, display_path
from lambda_lint.findings import Finding, Severity, fingerprint
from lambda_lint.loaders import detect, load
from lambda_lint.parsing import ParseError, parse_file
from lambda_lint.rule import Rule, Violation
from lambda_lint.span import Span

_SNIFF_BYTES = 65536
_CFN_MARKERS = (b"AWSTemplateFormatVersion", b"AWS::")


@dataclass(frozen=True)
class Report:
    """Everything a formatter needs: sorted findings, the rules that ran, file counts."""

    findings: tuple[Finding, ...]
    rules: tuple[type[Rule], ...]
    files_checked: int
    files_skipped: int
    sources: dict[str, str] = field(default_factory=dict)
    debug: tuple[str, ...] = ()


@dataclass
class _Outcome:
    findings: list[Finding]
    checked: bool
    text: str = ""
    debug: list[str] = field(default_factory=list)


def _finding(rule: type[Rule], path: str, violation: Violation) -> Finding:
    span = violation.span
    return Finding(
        rule=rule.code,
        name=rule.name,
        severity=rule.severity,
        message=violation.message,
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


def _meta(code: str, path: str, message: str, span: Span, key: str) -> Finding:
    """A finding of the engine's own rules (LL001, LL002), which have no model entity."""
    from lambda_lint.registry import find_rule

    rule = find_rule(code)
    assert rule is not None
    return _finding(rule, path, Violation("", span, message, key))


def _looks_like_template(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    return any(marker in head for marker in _CFN_MARKERS)


def lint_file(candidate: Candidate, rules: Sequence[type[Rule]], codes: set[str]) -> _Outcome:
    """Lint one file with ``rules``; ``codes`` says whether LL001/LL002 are selected."""
    path = display_path(candidate.path)
    try:
        doc = parse_file(candidate.path)
    except ParseError as exc:
        if not (candidate.explicit or _looks_like_template(candidate.path)):
            return _Outcome([], checked=False)
        found = []
        if "LL001" in codes:
            span = Span(exc.line, exc.column, exc.end_line, exc.end_column)
            found.append(_meta("LL001", path, exc.message, span, "parse"))
        return _Outcome(found, checked=True)
    kind = detect(doc.root)
    if kind is None:
        return _Outcome([], checked=False)
    findings: list[Finding] = []
    debug: list[str] = []
    if doc.unknown_tags and "LL001" in codes:
        for tag, span in doc.unknown_tags:
            message = f"unknown tag {tag}: CloudFormation supports only its intrinsic function tags"
            findings.append(_meta("LL001", path, message, span, f"tag:{tag}"))
    try:
        stack = load(kind, doc.root)
    except Exception as exc:  # a loader bug must not hide the file: report it, go on
        debug.append(f"{path}: loader\n{traceback.format_exc()}")
        if "LL002" in codes:
            findings.append(
                _meta(
                    "LL002",
                    path,
                    f"the {kind} loader crashed: {type(exc).__name__}: {exc}",
                    Span(1, 1, 1, 2),
                    "loader",
                )
            )
        return _Outcome(findings, checked=True, text=doc.text, debug=debug)
    for rule in rules:
        try:
            violations = list(rule().check(stack))
        except Exception as exc:  # rule isolation: LL002 and carry on
            debug.append(f"{path}: {rule.code}\n{traceback.format_exc()}")
            if "LL002" in codes:
                message = f"rule {rule.code} ({rule.name}) crashed: {type(exc).__name__}: {exc}"
                findings.append(
                    _meta("LL002", path, message, Span(1, 1, 1, 2), f"crash:{rule.code}")
                )
            continue
        findings.extend(_finding(rule, path, v) for v in violations)
    return _Outcome(findings, checked=True, text=doc.text, debug=debug)


def lint(candidates: Iterable[Candidate], rules: Sequence[type[Rule]]) -> Report:
    """Lint every candidate; findings deduplicated by fingerprint and span, then sorted."""
    codes = {rule.code for rule in rules}
    checkable = [rule for rule in rules if rule.code not in ("LL001", "LL002")]
    unique: dict[tuple[str, int, int, int, int], Finding] = {}
    sources: dict[str, str] = {}
    debug: list[str] = []
    checked = skipped = 0
    for candidate in candidates:
        outcome = lint_file(candidate, checkable, codes)
        if outcome.checked:
            checked += 1
        else:
            skipped += 1
        debug.extend(outcome.debug)
        for finding in outcome.findings:
            unique.setdefault(
                (
                    finding.fingerprint,
                    finding.line,
                    finding.column,
                    finding.end_line,
                    finding.end_column,
                ),
                finding,
            )
            if outcome.text:
                sources[finding.path] = outcome.text
    findings = tuple(sorted(unique.values(), key=Finding.sort_key))
    return Report(findings, tuple(rules), checked, skipped, sources, tuple(debug))


def lint_paths(paths: Sequence[str | Path], rules: Sequence[type[Rule]]) -> Report:
    """Discover and lint ``paths`` (files and directories)."""
    return lint(discover(paths), rules)


def exit_code(report: Report, fail_on: Severity) -> int:
    """1 when a finding is at or above ``fail_on``, else 0."""
    return int(any(f.severity.rank >= fail_on.rank for f in report.findings))
