"""Every rule against its fixtures: exact snapshots for fail files, silence for pass files.

Fixture convention (fixtures/rules/<CODE>/): ``pass*.{cfn,sam}.{yaml,json}`` and
``fail*...`` files; entities named ``Fail*`` must be reported by the rule and
entities named ``Pass*`` must not. Each fail file has a ``<name>.findings.json``
snapshot of the exact findings (rule, resource, line, column, end, message).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lambda_lint.discovery import Candidate
from lambda_lint.engine import lint
from lambda_lint.registry import all_rules, find_rule

from .conftest import FIXTURES, compare_snapshot, snapshot_entry

RULE_FIXTURES = FIXTURES / "rules"


def fixture_files(prefix: str) -> list[Path]:
    return sorted(
        p
        for p in RULE_FIXTURES.glob(f"LL*/{prefix}*")
        if not p.name.endswith(".findings.json") and p.suffix in (".yaml", ".yml", ".json")
    )


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def run_rule(path: Path, code: str) -> list:
    rule = find_rule(code)
    assert rule is not None, f"fixture folder {code} has no rule"
    report = lint([Candidate(path, explicit=True)], [rule])
    return list(report.findings)


@pytest.mark.parametrize("path", fixture_files("fail"), ids=_id)
def test_fail_fixture_matches_snapshot(path: Path, update_snapshots: bool) -> None:
    findings = run_rule(path, path.parent.name)
    entries = [snapshot_entry(f) for f in findings]
    compare_snapshot(path.with_name(path.name + ".findings.json"), entries, update_snapshots)
    flagged = {f.resource for f in findings}
    assert flagged, "a fail fixture must produce findings"
    assert not {r for r in flagged if r.startswith("Pass")}, "a Pass* entity was reported"
    text = path.read_text(encoding="utf-8")
    expected = {r for r in _entity_names(text) if r.startswith("Fail")}
    assert expected == flagged, "every Fail* entity and only those must be reported"


@pytest.mark.parametrize("path", fixture_files("pass"), ids=_id)
def test_pass_fixture_is_clean_under_every_rule(path: Path) -> None:
    report = lint([Candidate(path, explicit=True)], list(all_rules()))
    assert [snapshot_entry(f) for f in report.findings] == []


def _entity_names(text: str) -> set[str]:
    """Names of resources (top-level keys under Resources) in a YAML or JSON fixture."""
    from lambda_lint.parsing import parse_text

    root = parse_text(text).root
    return set(root.get("Resources", {}))
