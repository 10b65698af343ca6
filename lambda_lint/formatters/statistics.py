"""``--statistics``: how many findings each rule produced, instead of the findings.

Text, one line per rule and severity, most frequent first (ties by code), in
aligned columns, then the usual summary line::

    3  LL101  [error]    env-vars-too-large
    1  LL301  [warning]  vpc-no-internet-route
    Found 4 findings (3 errors, 1 warning) in 2 files.

JSON (with ``--format json``): ``[{"code", "name", "severity", "count"}, ...]`` in
the same order.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from lambda_lint.formatters.summary import summary_line
from lambda_lint.report import Report


def rows(report: Report) -> list[dict[str, Any]]:
    """One entry per (code, name, severity), most frequent first."""
    counts: dict[tuple[str, str, str], int] = {}
    for finding in report.findings:
        key = (finding.rule, finding.name, finding.severity.value)
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [
        {"code": code, "name": name, "severity": severity, "count": count}
        for (code, name, severity), count in ordered
    ]


def write(report: Report, stream: TextIO) -> None:
    table = rows(report)
    if table:
        count_width = max(len(str(row["count"])) for row in table)
        code_width = max(len(row["code"]) for row in table)
        severity_width = max(len(row["severity"]) for row in table) + 2
        for row in table:
            severity = f"[{row['severity']}]"
            stream.write(
                f"{row['count']:>{count_width}}  {row['code']:<{code_width}}  "
                f"{severity:<{severity_width}}  {row['name']}\n"
            )
    stream.write(summary_line(report) + "\n")


def write_json(report: Report, stream: TextIO) -> None:
    json.dump(rows(report), stream, indent=2)
    stream.write("\n")
