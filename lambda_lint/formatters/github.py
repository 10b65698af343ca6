"""GitHub Actions workflow commands: each finding becomes an annotation on its lines.

``::error file=F,line=L,endLine=E,col=C,endColumn=D,title=LL101 name::message``
(``warning`` for warnings, ``notice`` for info). The runner drops ``col`` and
``endColumn`` when a span covers several lines, so they are written only for
one-line spans. Data and property values are escaped as the runner unescapes
them, so a message can never end the command early or add a property.
"""

from __future__ import annotations

from typing import TextIO

from lambda_lint.findings import Finding
from lambda_lint.report import Report

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def write(report: Report, stream: TextIO) -> None:
    for finding in report.findings:
        stream.write(command(finding) + "\n")


def command(finding: Finding) -> str:
    """The workflow command line for one finding (without the newline)."""
    properties = [("file", finding.path), ("line", str(finding.line))]
    properties.append(("endLine", str(finding.end_line)))
    if finding.line == finding.end_line:
        properties.append(("col", str(finding.column)))
        properties.append(("endColumn", str(finding.end_column)))
    properties.append(("title", f"{finding.rule} {finding.name}"))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[finding.severity.value]} {rendered}::{escape_data(finding.message)}"


def escape_data(text: str) -> str:
    """Escape a command's message: ``%``, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as data, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
