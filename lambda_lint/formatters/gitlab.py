"""GitLab Code Quality (the Code Climate subset GitLab reads) for merge-request widgets.

Severity: error -> ``critical``, warning -> ``major``, info -> ``info`` (GitLab's
scale is info, minor, major, critical, blocker; ``blocker`` is left for nothing
we know, ``minor`` for nothing in between). The fingerprint is the finding's
line-free fingerprint, so an issue keeps its identity when lines above it move;
GitLab keeps only the first issue of a fingerprint, so a repeated one (two
spans of one cause) is re-salted deterministically. Suppressed findings are
left out: the widget has no notion of them.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TextIO

from lambda_lint.findings import Finding
from lambda_lint.report import Report

SEVERITIES = {"error": "critical", "warning": "major", "info": "info"}


def write(report: Report, stream: TextIO) -> None:
    json.dump(issues(report), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def issues(report: Report) -> list[dict[str, Any]]:
    """The Code Quality issues, in the Report's order."""
    seen: set[str] = set()
    return [_issue(finding, _unique(finding.fingerprint, seen)) for finding in report.findings]


def _unique(fingerprint: str, seen: set[str]) -> str:
    salt = 0
    candidate = fingerprint
    while candidate in seen:
        salt += 1
        candidate = hashlib.sha256(f"{fingerprint}\0{salt}".encode()).hexdigest()[:16]
    seen.add(candidate)
    return candidate


def _issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
    return {
        "description": f"{finding.rule}: {finding.message}",
        "check_name": finding.rule,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity.value],
        "location": {
            "path": finding.path,
            "positions": {
                "begin": {"line": finding.line, "column": finding.column},
                "end": {"line": finding.end_line, "column": finding.end_column},
            },
        },
    }
