"""Baselines: accept today's findings so a legacy repository fails only on new ones.

A baseline lists fingerprints, which hold the rule, the file, the resource and
what the finding is about but no line numbers, so edits above a finding keep it
matched. Each entry accepts one finding (two identical findings need two).
Paths are as lambda-lint prints them: write and use a baseline from the same
folder (the repository root).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TextIO

from lambda_lint.findings import Finding

VERSION = 1


class BaselineError(ValueError):
    """A baseline file that cannot be read."""


def write_baseline(findings: tuple[Finding, ...], stream: TextIO) -> None:
    entries = [
        {
            "fingerprint": f.fingerprint,
            "rule": f.rule,
            "path": f.path,
            "resource": f.resource,
            "message": f.message,
        }
        for f in sorted(findings, key=lambda f: (f.path, f.rule, f.resource, f.fingerprint))
    ]
    json.dump({"version": VERSION, "findings": entries}, stream, indent=2)
    stream.write("\n")


def read_baseline(path: Path) -> Counter[str]:
    """Fingerprint -> how many findings with it the baseline accepts."""
    from lambda_lint.config import read_small

    data = read_small(path, BaselineError)  # a pipe, a device or 3 GB is refused, not read
    try:
        document = json.loads(data.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError is one too
        raise BaselineError(f"{path}: not a lambda-lint baseline (invalid JSON: {exc})") from None
    except RecursionError:
        raise BaselineError(f"{path}: not a lambda-lint baseline (nested too deeply)") from None
    if not isinstance(document, dict):
        document = {}
    entries = document.get("findings")
    if document.get("version") != VERSION or not isinstance(entries, list):
        raise BaselineError(f"{path}: not a lambda-lint baseline (version {VERSION} expected)")
    return Counter(
        entry["fingerprint"]
        for entry in entries
        if isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str)
    )
