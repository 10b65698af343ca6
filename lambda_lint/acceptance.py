"""Which findings a run reports: the acceptance policy, in one place.

In order: findings of always-reported rules (LL001) pass untouched; in-source
directives suppress what they cover (LL004 for a directive that covered nothing,
LL005 for one that is wrong); ``per-file-ignores`` and the baseline accept what
they list; severity overrides apply last, to reported and suppressed alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from lambda_lint.findings import Finding, Severity, Suppression
from lambda_lint.options import LintOptions
from lambda_lint.violations import meta_finding, meta_rule

if TYPE_CHECKING:
    from lambda_lint.globs import GlobSet
    from lambda_lint.suppressions import Directive


def accept(
    findings: list[Finding],
    directives: list[Directive],
    options: LintOptions,
    codes: set[str],
    always: Collection[str],
    known: Collection[str],
    names: Mapping[str, str] | None = None,
) -> tuple[list[Finding], list[Finding]]:
    """The active findings (with LL004/LL005 about the suppressions) and the suppressed
    ones, each carrying why. ``codes`` are the rules that ran, ``known`` every rule
    that exists, ``always`` the codes no filter hides: a file that was not checked
    is never hidden. ``names`` maps rule names to codes: a suppression may name a rule
    (``ignore[timeout-out-of-range]``) as ``--select`` may."""
    unhidden = [f for f in findings if f.rule in always]
    findings = [f for f in findings if f.rule not in always]
    unused: list[tuple[Directive, str]] = []
    invalid: list[tuple[Directive, str]] = []
    suppressed: list[Finding] = []
    if directives:  # most runs have none, and then never import the matching code
        from lambda_lint.suppressions import apply

        accepted = apply(findings, directives, set(known), codes, always, names or {})
        findings, unused, invalid = accepted.active, accepted.unused, accepted.invalid
        suppressed = [
            replace(f, suppression=Suppression(kind, reason))
            for f, kind, reason in accepted.suppressed
        ]
    meta: list[Finding] = []
    if "LL004" in codes:
        template = meta_rule("LL004").message
        for directive, code in unused:
            message = template.format(code=code)
            key = f"unused:{code}:{directive.scope}:{directive.resource}"
            meta.append(meta_finding("LL004", directive.span.path, message, directive.span, key))
    if "LL005" in codes:
        for directive, message in invalid:
            key = f"invalid:{','.join(directive.codes)}:{directive.scope}:{directive.resource}"
            meta.append(meta_finding("LL005", directive.span.path, message, directive.span, key))
    active: list[Finding] = unhidden
    remaining = Counter(options.baseline or {})
    ignored = _Ignores(options)
    for finding in [*findings, *meta]:
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
    per code: findings x globs fnmatch calls made large lists slow. A key starting with
    ``!`` ignores its codes in the files it does *not* match, as in ruff."""

    def __init__(self, options: LintOptions) -> None:
        self._options = options
        self._sets: dict[str, tuple[GlobSet, list[tuple[str, GlobSet]]]] = {}
        self._seen: dict[tuple[str, str], str | None] = {}

    def glob(self, path: str, code: str) -> str | None:
        """The glob that ignores ``code`` in ``path``, or None."""
        if not self._options.per_file_ignores:
            return None
        key = (path, code)
        if key not in self._seen:
            globs, negated = self._sets.get(code) or self._compile(code)
            found = globs.first(path)
            if found is None:
                found = next((key for key, glob in negated if glob.first(path) is None), None)
            self._seen[key] = found
        return self._seen[key]

    def _compile(self, code: str) -> tuple[GlobSet, list[tuple[str, GlobSet]]]:
        from lambda_lint.globs import GlobSet

        root = self._options.config_root
        listed = [glob for glob, codes in self._options.per_file_ignores.items() if code in codes]
        plain = GlobSet([glob for glob in listed if not glob.startswith("!")], root)
        negated = [(glob, GlobSet([glob[1:]], root)) for glob in listed if glob.startswith("!")]
        self._sets[code] = (plain, negated)
        return plain, negated


def _with_severity(finding: Finding, overrides: Mapping[str, Severity]) -> Finding:
    severity = overrides.get(finding.rule)
    return finding if severity is None else replace(finding, severity=severity)
