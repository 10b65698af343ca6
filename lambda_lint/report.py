"""What a run produced, as formatters see it.

A leaf module: formatters import it and ``findings`` only, so writing a report
never imports the pipeline that produced it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lambda_lint.findings import Finding, Severity
from lambda_lint.span import Span

if TYPE_CHECKING:
    from lambda_lint.rule import Rule


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
    # ``--quiet``: human formats print the findings only, without the summary line.
    quiet: bool = False
    # Spans of secret values by shown path: formats that quote sources redact them there.
    redactions: Mapping[str, tuple[Span, ...]] = field(default_factory=dict)
    # What the run did not read that a user should know (module calls not followed),
    # each once; human formats print them before the summary.
    notes: tuple[str, ...] = ()


def exit_code(report: Report, fail_on: Severity) -> int:
    """1 when a finding is at or above ``fail_on``, else 0."""
    return int(any(f.severity.rank >= fail_on.rank for f in report.findings))
