"""The one-line summary shared by the human-readable formats."""

from __future__ import annotations

from lambda_lint.findings import Finding
from lambda_lint.report import Report


def listed(report: Report) -> list[Finding]:
    """The findings a human format shows: with ``--show-suppressed``, suppressed ones too."""
    if not report.show_suppressed:
        return list(report.findings)
    return sorted((*report.findings, *report.suppressed), key=Finding.sort_key)


def summary_line(report: Report) -> str:
    """``Found 3 findings (2 errors, 1 warning) in 2 files.`` or ``All checks passed!``,
    followed by how many findings were suppressed, if any. Over zero files it says
    so: "passed" would claim a check that never ran."""
    suppressed = f" {len(report.suppressed)} suppressed." if report.suppressed else ""
    if not report.findings and not report.files_checked:
        skipped = report.files_skipped
        why = f" ({_plural(skipped, 'file')} skipped: not templates)" if skipped else ""
        return f"No files checked{why}.{suppressed}"
    if not report.findings:
        checked = _plural(report.files_checked, "file")
        return f"All checks passed! ({checked} checked){suppressed}"
    counts: dict[str, int] = {}
    for finding in report.findings:
        counts[finding.severity.value] = counts.get(finding.severity.value, 0) + 1
    parts = ", ".join(_plural(counts[s], s) for s in ("error", "warning", "info") if s in counts)
    files = len({f.path for f in report.findings})
    found = _plural(len(report.findings), "finding")
    return f"Found {found} ({parts}) in {_plural(files, 'file')}.{suppressed}"


def _plural(count: int, word: str) -> str:
    if word == "info":
        return f"{count} info"
    return f"{count} {word}{'' if count == 1 else 's'}"
