"""Machine-readable output: ``{"version": 1, "findings": [...], "summary": {...}}``.

The shape is described in docs/design.md#findings.
"""

from __future__ import annotations

import json
from typing import TextIO

from lambda_lint.report import Report


def write(report: Report, stream: TextIO) -> None:
    by_severity: dict[str, int] = {"error": 0, "warning": 0, "info": 0}
    by_rule: dict[str, int] = {}
    for finding in report.findings:
        by_severity[finding.severity.value] += 1
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    document = {
        "version": 1,
        "findings": [finding.to_dict() for finding in report.findings],
        "suppressed": [
            {
                **finding.to_dict(),
                "suppression": {
                    "kind": finding.suppression.kind,
                    "justification": finding.suppression.justification,
                },
            }
            for finding in report.suppressed
            if finding.suppression is not None
        ],
        "summary": {
            "files_checked": report.files_checked,
            "files_skipped": report.files_skipped,
            "findings": len(report.findings),
            "suppressed": len(report.suppressed),
            "by_severity": by_severity,
            "by_rule": dict(sorted(by_rule.items())),
        },
    }
    json.dump(document, stream, indent=2)
    stream.write("\n")
