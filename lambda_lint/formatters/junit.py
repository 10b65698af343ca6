"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure, CircleCI).

A ``<testsuite>`` per file, a failing ``<testcase>`` per finding (``type`` is the
severity, so a report viewer can tell errors from advice), a skipped one per
suppressed finding, and a passing one per file without findings, so a clean
run still shows what was checked.

The Report names only files that have findings (or suppressed findings): the
engine keeps the text of those files only. Clean files it counts but does not
name are shown together as one passing case (see ``_unnamed_clean``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from lambda_lint.findings import Finding
from lambda_lint.report import Report

PASSING_CASE = "no findings"
# Characters XML 1.0 cannot carry at all (not even escaped).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def write(report: Report, stream: TextIO) -> None:
    root = ET.Element("testsuites", name="lambda-lint")
    by_file: dict[str, list[Finding]] = {path: [] for path in sorted(_named_files(report))}
    for finding in sorted(report.findings + report.suppressed, key=Finding.sort_key):
        by_file[finding.path].append(finding)
    for path, findings in by_file.items():
        _suite(root, path, findings)
    unnamed = _unnamed_clean(report, len(by_file))
    if unnamed:
        suite = _new_suite(root, "lambda-lint")
        _passing(suite, "lambda-lint", f"{unnamed} more file{'s' if unnamed > 1 else ''} checked")
    _count(root, root.findall("testsuite"))
    ET.indent(root, space="  ")
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")


def _named_files(report: Report) -> set[str]:
    """Every checked file, plus files that have findings (a Report built by hand may
    list no checked files)."""
    findings = report.findings + report.suppressed
    return set(report.checked_files) | set(report.sources) | {f.path for f in findings}


def _unnamed_clean(report: Report, named: int) -> int:
    """Checked files the Report counts but does not name (only in hand-built Reports)."""
    return max(0, report.files_checked - named)


def _suite(root: ET.Element, path: str, findings: list[Finding]) -> None:
    suite = _new_suite(root, path)
    for finding in findings:
        case = ET.SubElement(
            suite,
            "testcase",
            name=_clean(f"{finding.rule} {finding.resource or finding.name}"),
            classname=_clean(path),
            file=_clean(path),
            line=str(finding.line),
        )
        location = f"{path}:{finding.line}:{finding.column}"
        if finding.suppression is not None:
            reason = finding.suppression.justification or "no reason given"
            skipped = f"suppressed ({finding.suppression.kind}): {reason}"
            ET.SubElement(case, "skipped", message=_clean(skipped))
            continue
        failure = ET.SubElement(
            case, "failure", message=_clean(finding.message), type=finding.severity.value
        )
        text = f"{location}: {finding.severity.value}: {finding.message} [{finding.rule}]"
        if finding.help_url:
            text += f"\nhelp: {finding.help_url}"
        failure.text = _clean(text)
    if not any(f.suppression is None for f in findings):
        _passing(suite, path, PASSING_CASE)


def _new_suite(root: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(root, "testsuite", name=_clean(name))


def _passing(suite: ET.Element, classname: str, name: str) -> None:
    ET.SubElement(suite, "testcase", name=_clean(name), classname=_clean(classname))


def _count(element: ET.Element, suites: list[ET.Element]) -> None:
    """Set ``tests``/``failures``/``errors``/``skipped`` on each suite and on the root."""
    totals = [0, 0, 0]
    for suite in suites:
        cases = suite.findall("testcase")
        counts = [
            len(cases),
            sum(1 for c in cases if c.find("failure") is not None),
            sum(1 for c in cases if c.find("skipped") is not None),
        ]
        _set_counts(suite, counts)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    _set_counts(element, totals)


def _set_counts(element: ET.Element, counts: list[int]) -> None:
    tests, failures, skipped = counts
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")
    element.set("skipped", str(skipped))


def _clean(text: str) -> str:
    """``text`` without characters XML 1.0 forbids (shown as ``\\xNN`` instead)."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
