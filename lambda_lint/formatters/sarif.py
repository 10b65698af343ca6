"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run whose ``tool.driver.rules`` describes every rule that ran (from the
rule classes: summary, docstring, help URL, default severity), one result per
finding with its exact region, and a line-free ``partialFingerprints`` entry so
that code scanning tracks an alert across edits above it. Suppressed findings
stay in the log as results with ``suppressions``: viewers show them as
dismissed instead of forgetting them.
"""

from __future__ import annotations

import inspect
import json
import os
import re
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

import lambda_lint
from lambda_lint.findings import Finding
from lambda_lint.report import Report

if TYPE_CHECKING:
    from lambda_lint.rule import Rule

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "lambdaLint/v1"
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# The hundreds of a code name its area; a rule may set ``tags`` itself.
_AREAS = {
    "0": "linter",
    "1": "limits",
    "2": "deployments",
    "3": "networking",
    "4": "event-sources",
    "5": "iam",
    "6": "concurrency",
    "7": "runtime",
    "8": "lambda-edge",
}
_SECTION = re.compile(r"^## (.+)$", re.MULTILINE)


def write(report: Report, stream: TextIO) -> None:
    json.dump(sarif_log(report), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def sarif_log(report: Report) -> dict[str, Any]:
    """The whole log as a JSON-ready dict."""
    findings = sorted(report.findings + report.suppressed, key=Finding.sort_key)
    rules = _descriptors(report.rules, findings)
    index = {descriptor["id"]: i for i, descriptor in enumerate(rules)}
    driver = {
        "name": "lambda-lint",
        "version": lambda_lint.__version__,
        "semanticVersion": lambda_lint.__version__,
        "informationUri": information_uri(),
        "rules": rules,
    }
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                # Spans count characters (str indices), not UTF-16 units.
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index[f.rule]) for f in findings],
            }
        ],
    }


def information_uri() -> str:
    """The project's home page from the installed package's metadata (``[project.urls]``),
    else the address the rule pages are published under."""
    from importlib import metadata

    from lambda_lint.rule import PROJECT_URL

    try:
        urls = metadata.metadata("lambda-lint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return PROJECT_URL
    named = dict(str(url).split(", ", 1) for url in urls if ", " in str(url))
    return named.get("Homepage", PROJECT_URL)


def _descriptors(rules: tuple[type[Rule], ...], findings: list[Finding]) -> list[dict[str, Any]]:
    """Every rule that ran, by code, then any rule only known from a finding."""
    by_code: dict[str, dict[str, Any]] = {}
    for rule in sorted(rules, key=lambda r: r.code):
        by_code.setdefault(rule.code, _rule_descriptor(rule))
    for finding in findings:
        if finding.rule not in by_code:
            descriptor: dict[str, Any] = {"id": finding.rule, "name": finding.name}
            if finding.help_url:
                descriptor["helpUri"] = finding.help_url
            by_code[finding.rule] = descriptor
    return list(by_code.values())


def _rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    doc = inspect.cleandoc(rule.__doc__ or "")
    summary = rule.summary() or rule.name
    body = doc.split("\n", 1)[1].strip() if "\n" in doc else ""
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": _what_it_does(body) or summary},
    }
    if rule.help_url:
        descriptor["helpUri"] = rule.help_url
    if body:
        descriptor["help"] = {"text": body, "markdown": body}
    descriptor["defaultConfiguration"] = {"level": LEVELS[rule.severity.value]}
    descriptor["properties"] = {"tags": _tags(rule)}
    return descriptor


def _what_it_does(body: str) -> str:
    """The text of the docstring's "What it does" section, as one paragraph."""
    parts = _SECTION.split(body)
    for title, text in zip(parts[1::2], parts[2::2], strict=True):
        if title.strip() == "What it does":
            return " ".join(text.split())
    return ""


def _tags(rule: type[Rule]) -> list[str]:
    tags = getattr(rule, "tags", None)
    if tags:
        return [str(tag) for tag in tags]
    area = _AREAS.get(rule.code[2:3]) if rule.code.startswith("LL") else None
    return ["lambda", area] if area else ["lambda"]


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": _artifact(finding.path),
            "region": {
                "startLine": finding.line,
                "startColumn": finding.column,
                "endLine": finding.end_line,
                "endColumn": finding.end_column,  # exclusive, as ours
            },
        }
    }
    if finding.resource:
        location["logicalLocations"] = [{"name": finding.resource, "kind": "resource"}]
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity.value],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }
    if finding.suppression is not None:
        suppression = {"kind": finding.suppression.kind}
        if finding.suppression.justification:
            suppression["justification"] = finding.suppression.justification
        result["suppressions"] = [suppression]
    return result


def _artifact(path: str) -> dict[str, str]:
    """A relative path is relative to ``%SRCROOT%`` (where lambda-lint ran); an absolute
    one (a file outside the working directory) becomes a ``file:`` URI."""
    pure: PurePath = PureWindowsPath(path) if PureWindowsPath(path).drive else PurePosixPath(path)
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    # Only a Windows separator becomes "/": on POSIX a backslash is part of the name, or
    # of an escape such as "\\n" for a line break in it (which must not turn into "/n").
    relative = path.replace(os.sep, "/") if os.sep != "/" else path
    return {"uri": quote(relative, safe="/"), "uriBaseId": SRCROOT}
