"""``path:line:col: severity: message [CODE]``: one line per finding for editors and CI logs.

The layout is GCC's, which editors' default error formats and problem
matchers already understand.
"""

from __future__ import annotations

from typing import TextIO

from lambda_lint.engine import Report
from lambda_lint.formatters.summary import summary_line


def write(report: Report, stream: TextIO) -> None:
    for f in report.findings:
        stream.write(f"{f.path}:{f.line}:{f.column}: {f.severity.value}: {f.message} [{f.rule}]\n")
    stream.write(summary_line(report) + "\n")
