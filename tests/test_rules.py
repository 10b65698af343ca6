"""Every rule against its fixtures: exact snapshots for fail files, silence for pass files.

Fixture convention (fixtures/rules/<CODE>/): ``pass*.{cfn,sam}.{yaml,json}`` and
``fail*...`` files, Terraform modules ``{pass,fail}-tf/`` (every ``*.tf.json`` in
them), the same modules written in HCL ``{pass,fail}-hcl/`` (every ``*.tf``), and
plans ``{pass,fail}.tfplan.json`` made from the JSON modules by
``scripts/make_plan_fixtures.py``. Entities named ``Fail*`` must be reported by
the rule and entities named ``Pass*`` must not. Each fail fixture has a
``<name>.findings.json`` snapshot of the exact findings (rule, resource, line,
column, end, message; the file too for multi-file modules).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lambda_lint.discovery import Candidate
from lambda_lint.engine import LintOptions, lint
from lambda_lint.registry import all_rules, find_rule

from .artifact_factory import prepared_copy
from .conftest import FIXTURES, compare_snapshot, snapshot_entry

RULE_FIXTURES = FIXTURES / "rules"
MODULE_FOLDERS = ("-tf", "-hcl")  # Terraform modules: JSON syntax, HCL
MODULE_FILES = ("*.tf.json", "*.tf")
# The day the fixtures are judged on (LL702's ``today``), so that snapshots do not change
# with the calendar: python3.10 is deprecated the next day, a near miss.
FIXTURE_OPTIONS = LintOptions(rule_options={"LL702": {"today": "2026-10-30"}})


def fixture_files(prefix: str) -> list[Path]:
    """Template and plan files, and Terraform module directories."""
    return sorted(
        p
        for p in RULE_FIXTURES.glob(f"LL*/{prefix}*")
        if (p.is_dir() and p.name.endswith(MODULE_FOLDERS))
        or (not p.name.endswith(".findings.json") and p.suffix in (".yaml", ".yml", ".json"))
    )


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def candidates(path: Path) -> list[Candidate]:
    if path.is_dir():
        files = sorted(p for pattern in MODULE_FILES for p in path.glob(pattern))
        return [Candidate(p, explicit=False) for p in files]
    return [Candidate(path, explicit=True)]


@pytest.fixture(scope="session")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where fixture folders with an ``artifacts.json`` get copied and their artifacts made."""
    return tmp_path_factory.mktemp("artifacts")


def run_rule(path: Path, code: str, scratch: Path) -> list:
    rule = find_rule(code)
    assert rule is not None, f"fixture folder {code} has no rule"
    report = lint(candidates(prepared_copy(path, scratch)), [rule], FIXTURE_OPTIONS)
    return list(report.findings)


def entity_name(resource: str) -> str:
    """``module.m.aws_lambda_function.FailX[0]`` -> ``FailX``; CFN ids stay as they are."""
    return resource.split("[", 1)[0].rsplit(".", 1)[-1]


def fixture_entry(finding: Any, path: Path) -> dict[str, Any]:
    entry = snapshot_entry(finding)
    if path.is_dir():
        entry = {"file": Path(finding.path).name, **entry}
    return entry


@pytest.mark.parametrize("path", fixture_files("fail"), ids=_id)
def test_fail_fixture_matches_snapshot(path: Path, update_snapshots: bool, scratch: Path) -> None:
    findings = run_rule(path, path.parent.name, scratch)
    entries = [fixture_entry(f, path) for f in findings]
    compare_snapshot(path.with_name(path.name + ".findings.json"), entries, update_snapshots)
    flagged = {entity_name(f.resource) for f in findings}
    assert flagged, "a fail fixture must produce findings"
    assert not {r for r in flagged if r.startswith("Pass")}, "a Pass* entity was reported"
    expected = {r for r in entity_names(path) if r.startswith("Fail")}
    assert expected == flagged, "every Fail* entity and only those must be reported"


@pytest.mark.parametrize("path", fixture_files("pass"), ids=_id)
def test_pass_fixture_is_clean_under_every_rule(path: Path, scratch: Path) -> None:
    report = lint(candidates(prepared_copy(path, scratch)), list(all_rules()), FIXTURE_OPTIONS)
    assert [fixture_entry(f, path) for f in report.findings] == []


def entity_names(path: Path) -> set[str]:
    """Resource names of a fixture: CFN logical ids, Terraform names, plan addresses."""
    from lambda_lint.loaders.terraform.hcl import parse_hcl
    from lambda_lint.loaders.terraform.values import objects
    from lambda_lint.parsing import parse_text

    if path.is_dir():
        names: set[str] = set()
        for file in sorted(p for pattern in MODULE_FILES for p in path.glob(pattern)):
            text = file.read_text(encoding="utf-8")
            doc = parse_hcl(text) if file.suffix == ".tf" else parse_text(text, file.name)
            for block in objects(doc.root.get("resource")):
                for by_type in block.values():
                    for named in objects(by_type):
                        names.update(name for name in named if name != "//")
        return names
    root = parse_text(path.read_text(encoding="utf-8"), path.name).root
    if "planned_values" in root:
        return {entity_name(a) for a in _plan_addresses(root["planned_values"]["root_module"])}
    return set(root.get("Resources", {}))


def _plan_addresses(module: dict[str, Any]) -> list[str]:
    found = [r["address"] for r in module.get("resources", []) if r.get("mode") == "managed"]
    for child in module.get("child_modules", []):
        found.extend(_plan_addresses(child))
    return found


# The same cases in every spelling: fail.cfn.yaml is the reference.
PARITY_FORMATS = ("fail.cfn.json", "fail.sam.yaml", "fail-tf", "fail-hcl", "fail.tfplan.json")
# Spellings whose cases differ on purpose (the SAM files test generated roles: LL504 reports a
# generated role's *FullAccess policy on the function that asks for it).
PARITY_EXCEPTIONS = {("LL501", "fail.sam.yaml"), ("LL504", "fail.sam.yaml")}


def parity_cases() -> list[tuple[str, str]]:
    return [
        (folder.name, spelling)
        for folder in sorted(RULE_FIXTURES.glob("LL*"))
        if (folder / "fail.cfn.yaml").exists()
        for spelling in PARITY_FORMATS
        if (folder / spelling).exists() and (folder.name, spelling) not in PARITY_EXCEPTIONS
    ]


@pytest.mark.parametrize(("code", "spelling"), parity_cases(), ids="/".join)
def test_every_spelling_flags_the_same_cases(code: str, spelling: str, scratch: Path) -> None:
    """Fail*/Pass* entities and what the rule flags match fail.cfn.yaml exactly."""
    reference = RULE_FIXTURES / code / "fail.cfn.yaml"
    other = RULE_FIXTURES / code / spelling
    cases = {n for n in entity_names(reference) if n.startswith(("Fail", "Pass"))}
    assert {n for n in entity_names(other) if n.startswith(("Fail", "Pass"))} == cases
    flagged = {entity_name(f.resource) for f in run_rule(reference, code, scratch)}
    assert {entity_name(f.resource) for f in run_rule(other, code, scratch)} == flagged
