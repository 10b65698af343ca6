"""Shared test helpers: fixture discovery, snapshot comparison, the shared/ folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        help="rewrite the *.findings.json snapshots from the current output",
    )


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-snapshots"))


def snapshot_entry(finding: Any) -> dict[str, Any]:
    """The snapshot shape: everything but the path (the file name says it)."""
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "resource": finding.resource,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "message": finding.message,
    }


def compare_snapshot(path: Path, actual: list[dict[str, Any]], update: bool) -> None:
    """Assert ``actual`` equals the stored snapshot (or rewrite it with --update-snapshots)."""
    if update:
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    assert path.exists(), (
        f"missing snapshot {path.name}; run pytest --update-snapshots and review it"
    )
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert actual == expected


@pytest.fixture(autouse=True)
def _not_under_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--format auto`` picks ``github`` under Actions; tests expect the local default."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
