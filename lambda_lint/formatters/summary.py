"""The one-line summary shared by the human-readable formats."""

from __future__ import annotations

from lambda_lint.engine import Report


def summary_line(report: Report) -> str:
    """``Found 3 findings (2 errors, 1 warning) in 2 files.`` or ``All checks passed!``."""
    if not report.findings:
        return f"All checks passed! ({_plural(report.files_checked, 'file')} checked)"
    counts: dict[str, int] = {}
    for finding in report.findings:
        counts[finding.severity.value] = counts.get(finding.severity.value, 0) + 1
    parts = ", ".join(_plural(counts[s], s) for s in ("error", "warning", "info") if s in counts)
    files = len({f.path for f in report.findings})
    return (
        f"Found {_plural(len(report.findings), 'finding')} ({parts}) in {_plural(files, 'file')}."
    )


def _plural(count: int, word: str) -> str:
    if word == "info":
        return f"{count} info"
    return f"{count} {word}{'' if count == 1 else 's'}"
