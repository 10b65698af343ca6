"""``path:line:col: severity: message [CODE]``: one line per finding for editors and CI logs.

The layout is GCC's, which editors' default error formats and problem
matchers already understand.
"""

from __future__ import annotations

from typing import TextIO

from lambda_lint.formatters.summary import listed, summary_line
from lambda_lint.report import Report


def write(report: Report, stream: TextIO) -> None:
    for f in listed(report):
        suffix = ""
        if f.suppression is not None:
            suffix = f" (suppressed: {f.suppression.justification or 'no reason given'})"
        stream.write(
            f"{f.path}:{f.line}:{f.column}: {f.severity.value}: {f.message} [{f.rule}]{suffix}\n"
        )
    if not report.quiet:
        for note in report.notes:
            stream.write(f"note: {note}\n")
        stream.write(summary_line(report) + "\n")
