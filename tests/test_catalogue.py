"""Meta-tests: every rule is documented, has fixtures, and respects the import boundary."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from lambda_lint.registry import all_rules
from lambda_lint.rule import DOC_SECTIONS

from .conftest import FIXTURES, ROOT

RULES_DIR = ROOT / "rules"
META_RULES = {rule.code for rule in all_rules() if rule.reported_by_engine}
ALLOWED_IMPORTS = ("lambda_lint.rule", "lambda_lint.model", "__future__")


def test_codes_and_names_are_unique_well_formed_and_sorted() -> None:
    rules = all_rules()
    codes = [r.code for r in rules]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
    assert len({r.name for r in rules}) == len(rules)
    for rule in rules:
        assert re.fullmatch(r"LL\d{3}", rule.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        assert not re.match(r"(use|prefer|avoid|consider)-", rule.name)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_rule_is_documented(rule: type) -> None:
    doc = rule.__doc__ or ""
    for section in DOC_SECTIONS:
        assert f"## {section}" in doc, f"{rule.code} docstring lacks '## {section}'"
    if rule.code not in META_RULES:
        assert "AWS-FACTS.md" in doc, f"{rule.code} must cite AWS-FACTS.md"
        assert rule.help_url.startswith("https://")


@pytest.mark.parametrize(
    "rule", [r for r in all_rules() if r.code not in META_RULES], ids=lambda r: r.code
)
def test_rule_has_pass_and_fail_fixtures_in_every_format(rule: type) -> None:
    folder = FIXTURES / "rules" / rule.code
    names = {p.name for p in folder.iterdir()}
    # LL206 is about SAM's DeploymentPreference, which has no CloudFormation or Terraform
    # spelling; LL133 about inline code, which Terraform does not have.
    formats = {
        "LL206": (".sam.yaml",),
        "LL133": (".cfn.yaml", ".cfn.json", ".sam.yaml"),
    }.get(rule.code, (".cfn.yaml", ".cfn.json", ".sam.yaml", "-tf"))
    for kind in ("pass", "fail"):
        for fmt in formats:
            assert f"{kind}{fmt}" in names, f"{rule.code} lacks {kind}{fmt}"


def test_every_fixture_folder_belongs_to_a_rule() -> None:
    codes = {r.code for r in all_rules()}
    assert {p.name for p in (FIXTURES / "rules").iterdir() if p.is_dir()} <= codes


def test_every_rule_module_is_registered() -> None:
    modules = {p.stem for p in RULES_DIR.glob("*.py") if p.stem != "__init__"}
    registered = {r.__module__.rsplit(".", 1)[-1] for r in all_rules()}
    assert modules == registered


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.py")), ids=lambda p: p.name)
def test_rules_import_only_the_rule_api_model_and_stdlib(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            assert path.name == "__init__.py", f"{path.name} imports another rule module"
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            module = node.module
        elif isinstance(node, ast.Import):
            module = node.names[0].name
        else:
            continue
        if module.startswith("lambda_lint"):
            assert module in ALLOWED_IMPORTS, f"{path.name} imports {module}"
        else:
            import sys

            assert module.split(".")[0] in sys.stdlib_module_names, f"{path.name} imports {module}"
