"""Severity and the Finding: the complete, frozen result the engine hands to formatters."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """error = AWS rejects it; warning = deploys but is a known trap; info = advice."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe; used for ``--fail-on``."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


def fingerprint(code: str, path: str, resource: str, key: str) -> str:
    """A stable id for a finding that survives edits elsewhere in the file (no line numbers)."""
    from hashlib import sha256  # here, not at the top: a clean run never loads OpenSSL

    # surrogateescape: a file name that is not UTF-8 hashes as its bytes (os.fsencode).
    text = f"{code}\0{path}\0{resource}\0{key}"
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate from a JSON escape, not from a file name
        data = text.encode("utf-8", "surrogatepass")
    digest = sha256(data).hexdigest()
    return digest[:16]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. Lines and columns are 1-based; ``end_column`` is exclusive."""

    rule: str
    name: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    resource: str
    key: str
    help_url: str
    fingerprint: str
    suppression: Suppression | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``--format json`` and the snapshots (docs/design.md#findings)."""
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "resource": self.resource,
            "fingerprint": self.fingerprint,
            "help_url": self.help_url,
        }


@dataclass(frozen=True, slots=True)
class Suppression:
    """Why a finding is not reported: where it was suppressed and the reason given."""

    kind: str  # "inSource" | "external" (SARIF's suppression kinds)
    justification: str
