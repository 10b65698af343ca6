"""Violations become findings: path, severity, fingerprint, escaped message.

Shared by the per-unit pipeline (rule violations, LL001/LL002/LL006) and the
acceptance policy (LL004/LL005 about suppressions).
"""

from __future__ import annotations

import functools

from lambda_lint.escaping import printable
from lambda_lint.findings import Finding, fingerprint
from lambda_lint.rule import Rule, Violation
from lambda_lint.span import Span


def finding(rule: type[Rule], path: str, violation: Violation, note: str = "") -> Finding:
    """The finding of ``violation``, with its path, severity and fingerprint."""
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


def meta_finding(code: str, path: str, message: str, span: Span, key: str) -> Finding:
    """A finding of a meta rule (LL001, LL002, LL004-LL006), which have no model entity."""
    return finding(meta_rule(code), path, Violation("", span, message, key))


@functools.cache
def meta_rule(code: str) -> type[Rule]:
    """The built-in meta rule with ``code`` (declared once, as rules, in ``rules/``);
    looked up once per code, not once per finding."""
    from lambda_lint.rules import ALL_RULES

    rules: tuple[type[Rule], ...] = ALL_RULES
    return next(rule for rule in rules if rule.code == code and rule.reported_by_engine)
