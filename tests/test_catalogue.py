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
AWS_FACTS = ROOT / "docs" / "aws-facts.md"
FACT_CITATION = re.compile(r"docs/aws-facts\.md#([a-z0-9-]+)")
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
        cited = FACT_CITATION.findall(doc)
        assert cited, f"{rule.code} must cite docs/aws-facts.md#<anchor>"
        for anchor in cited:
            assert anchor in fact_anchors(), f"{rule.code}: no heading for #{anchor}"
        assert rule.help_url.startswith("https://")


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lowercase, punctuation dropped, spaces to -.

    (GitHub also numbers repeated headings; ``test_fact_headings_are_unique`` rules that out.)
    """
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def fact_anchors() -> list[str]:
    text = AWS_FACTS.read_text(encoding="utf-8")
    return [github_anchor(m.group(1)) for m in re.finditer(r"^#{1,6} (.+)$", text, re.M)]


def test_github_anchor_follows_githubs_rules() -> None:
    assert github_anchor("Environment variables") == "environment-variables"
    assert github_anchor("SAM DeploymentPreference needs AutoPublishAlias") == (
        "sam-deploymentpreference-needs-autopublishalias"
    )
    assert github_anchor("Units (1 MB = 2**20 bytes), `MB`!") == "units-1-mb--220-bytes-mb"


def test_fact_headings_are_unique() -> None:
    anchors = fact_anchors()
    assert len(anchors) == len(set(anchors))


def _cited_facts() -> list[tuple[str, str]]:
    """Every ``docs/aws-facts.md#anchor`` cited in rules/ and lambda_lint/ (path, anchor)."""
    cited = []
    for path in sorted([*RULES_DIR.glob("*.py"), *(ROOT / "lambda_lint").rglob("*.py")]):
        for anchor in FACT_CITATION.findall(path.read_text(encoding="utf-8")):
            cited.append((path.relative_to(ROOT).as_posix(), anchor))
    return cited


@pytest.mark.parametrize(("path", "anchor"), _cited_facts(), ids=lambda v: str(v))
def test_cited_fact_is_a_heading_of_aws_facts(path: str, anchor: str) -> None:
    assert anchor in fact_anchors(), f"{path} cites docs/aws-facts.md#{anchor}, no such heading"


def test_code_cites_only_shipped_docs() -> None:
    """The team's research notes are not in the repository; code cites docs/ instead."""
    for path in sorted([*RULES_DIR.glob("*.py"), *(ROOT / "lambda_lint").rglob("*.py")]):
        text = path.read_text(encoding="utf-8")
        for note in ("AWS-FACTS.md", "DESIGN.md", "RULES.md"):
            assert note not in text, f"{path.relative_to(ROOT)} cites {note}"
        for anchor in re.findall(r"docs/design\.md#([a-z0-9-]+)", text):
            design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
            headings = [github_anchor(h) for h in re.findall(r"^#{1,6} (.+)$", design, re.M)]
            assert anchor in headings, f"{path.relative_to(ROOT)} cites docs/design.md#{anchor}"


@pytest.mark.parametrize(
    "rule", [r for r in all_rules() if r.code not in META_RULES], ids=lambda r: r.code
)
def test_rule_has_pass_and_fail_fixtures_in_every_format(rule: type) -> None:
    folder = FIXTURES / "rules" / rule.code
    names = {p.name for p in folder.iterdir()}
    # LL206 and LL207 are about SAM's DeploymentPreference, which has no CloudFormation or
    # Terraform spelling; LL133 about inline code and LL104 about dynamic references, which
    # Terraform does not have.
    formats = {
        "LL206": (".sam.yaml",),
        "LL207": (".sam.yaml",),
        "LL133": (".cfn.yaml", ".cfn.json", ".sam.yaml"),
        "LL104": (".cfn.yaml", ".cfn.json", ".sam.yaml"),
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
