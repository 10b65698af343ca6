"""scripts/new_rule.py: the scaffold writes exactly a rule, its registration and its fixtures.

Every test scaffolds into a temporary copy of ``rules/`` and the README (``--root``), so
the repository itself never changes.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from lambda_lint.discovery import Candidate
from lambda_lint.engine import lint
from lambda_lint.model import Stack
from lambda_lint.registry import all_rules
from lambda_lint.rule import DOC_SECTIONS, Rule, Severity

from .conftest import ROOT
from .test_catalogue import FACT_CITATION, fact_anchors
from .test_rules import entity_names

SCRIPT = ROOT / "scripts" / "new_rule.py"

EXPECTED_FILES = [
    "rules/memory_not_a_multiple.py",
    "rules/__init__.py",
    "README.md",
    "fixtures/rules/LL123/pass.cfn.yaml",
    "fixtures/rules/LL123/pass.cfn.json",
    "fixtures/rules/LL123/pass.sam.yaml",
    "fixtures/rules/LL123/pass-tf/main.tf.json",
    "fixtures/rules/LL123/pass-hcl/main.tf",
    "fixtures/rules/LL123/fail.cfn.yaml",
    "fixtures/rules/LL123/fail.cfn.json",
    "fixtures/rules/LL123/fail.sam.yaml",
    "fixtures/rules/LL123/fail-tf/main.tf.json",
    "fixtures/rules/LL123/fail-hcl/main.tf",
    "fixtures/rules/LL123/fail.cfn.yaml.findings.json",
    "fixtures/rules/LL123/fail.cfn.json.findings.json",
    "fixtures/rules/LL123/fail.sam.yaml.findings.json",
    "fixtures/rules/LL123/fail-tf.findings.json",
    "fixtures/rules/LL123/fail-hcl.findings.json",
]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of what the scaffold reads and changes: rules/, the README, fixtures/rules/."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules", ignore=shutil.ignore_patterns("__py*"))
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    (tmp_path / "fixtures" / "rules").mkdir(parents=True)
    return tmp_path


def new_rule(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--root", str(repo)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_writes_exactly_the_rule_its_registration_and_fixtures(repo: Path) -> None:
    before = tree(repo)
    done = new_rule(repo, "LL123", "memory-not-a-multiple")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[: len(EXPECTED_FILES)] == EXPECTED_FILES
    after = tree(repo)
    changed = {p for p in after if before.get(p) != after[p]}
    assert changed == set(EXPECTED_FILES)
    assert set(before) - set(after) == set()
    for stub in [p for p in EXPECTED_FILES if p.endswith(".findings.json")]:
        assert after[stub] == b"[]\n"


def added_lines(before: str, after: str) -> list[tuple[int, str]]:
    """(0-based line number in ``after``, line) of every line the change added; no removals."""
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines())
    added: list[tuple[int, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        assert tag in ("equal", "insert"), f"lines changed or removed: {tag} {i1}:{i2}"
        if tag == "insert":
            added += [(j, after.splitlines()[j]) for j in range(j1, j2)]
    return added


def test_registers_the_import_by_module_and_the_class_by_code(repo: Path) -> None:
    before = (repo / "rules" / "__init__.py").read_text(encoding="utf-8")
    assert new_rule(repo, "LL123", "memory-not-a-multiple").returncode == 0
    after = (repo / "rules" / "__init__.py").read_text(encoding="utf-8")
    added = added_lines(before, after)
    assert [line for _, line in added] == [
        "from .memory_not_a_multiple import MemoryNotAMultiple",
        "    MemoryNotAMultiple,",
    ]
    lines = after.splitlines()
    (imported, _), (listed, _) = added
    # Before memory_out_of_range (n < o); after LL121, before LL130.
    assert lines[imported + 1] == "from .memory_out_of_range import MemoryOutOfRange"
    assert (lines[listed - 1], lines[listed + 1]) == (
        "    EphemeralStorageOutOfRange,",
        "    PackageZipTooLarge,",
    )
    readme_before = (ROOT / "README.md").read_text(encoding="utf-8")
    readme_added = added_lines(readme_before, (repo / "README.md").read_text(encoding="utf-8"))
    assert [line for _, line in readme_added] == [
        "| LL123 | memory-not-a-multiple | error | TODO: what it reports |"
    ]


@pytest.fixture
def scaffolded_package(repo: Path) -> Iterator[object]:
    """The scaffolded copy of rules/ imported as a package of its own."""
    assert new_rule(repo, "LL123", "memory-not-a-multiple", "--severity", "warning").returncode == 0
    name = "scaffolded_rules"
    spec = importlib.util.spec_from_file_location(
        name, repo / "rules" / "__init__.py", submodule_search_locations=[str(repo / "rules")]
    )
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    try:
        spec.loader.exec_module(package)
        yield package
    finally:
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]


def test_the_generated_rule_imports_and_is_registered(scaffolded_package: object) -> None:
    rules = scaffolded_package.ALL_RULES  # type: ignore[attr-defined]
    codes = [rule.code for rule in rules]
    assert codes == sorted(codes)
    new = next(rule for rule in rules if rule.code == "LL123")
    assert issubclass(new, Rule)
    assert (new.__name__, new.name, new.severity) == (
        "MemoryNotAMultiple",
        "memory-not-a-multiple",
        Severity.WARNING,
    )
    assert list(new().check(Stack())) == []
    doc = new.__doc__ or ""
    assert [section for section in DOC_SECTIONS if f"## {section}" not in doc] == []
    # What keeps the catalogue test red until the author fills them in:
    assert FACT_CITATION.findall(doc) == ["todo-memory-not-a-multiple"]
    assert "todo-memory-not-a-multiple" not in fact_anchors()
    assert new.help_url == ""


def test_the_generated_module_passes_the_style_gate(repo: Path) -> None:
    assert new_rule(repo, "LL123", "memory-not-a-multiple").returncode == 0
    module = repo / "rules" / "memory_not_a_multiple.py"
    config = str(ROOT / "pyproject.toml")
    for command in (["check"], ["format", "--check"]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--no-cache", "--config", config, str(module)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def candidates(path: Path) -> list[Candidate]:
    if path.is_dir():
        return [Candidate(p, explicit=False) for p in sorted(path.glob("*.tf.json"))]
    return [Candidate(path, explicit=True)]


FIXTURES = ("cfn.yaml", "cfn.json", "sam.yaml", "tf", "hcl")


def fixture(repo: Path, kind: str, spelling: str) -> Path:
    folder = repo / "fixtures" / "rules" / "LL123"
    if spelling in ("tf", "hcl"):
        return folder / f"{kind}-{spelling}"
    return folder / f"{kind}.{spelling}"


@pytest.mark.parametrize("kind", ["pass", "fail"])
@pytest.mark.parametrize("spelling", FIXTURES)
def test_the_fixture_skeletons_are_valid_and_clean_under_every_rule(
    repo: Path, kind: str, spelling: str
) -> None:
    """A skeleton reports nothing (no LL001, LL006, LL501...) until the rule is written."""
    assert new_rule(repo, "LL123", "memory-not-a-multiple").returncode == 0
    path = fixture(repo, kind, spelling)
    report = lint(candidates(path), list(all_rules()))
    assert [(f.rule, f.line, f.message) for f in report.findings] == []
    expected = {"pass": {"PassExample", "PassNearMiss"}, "fail": {"FailExample", "PassNearMiss"}}
    assert {n for n in entity_names(path) if n.startswith(("Pass", "Fail"))} == expected[kind]


def test_snapshot_stubs_name_every_fail_fixture(repo: Path) -> None:
    assert new_rule(repo, "LL123", "memory-not-a-multiple").returncode == 0
    for spelling in FIXTURES:
        path = fixture(repo, "fail", spelling)
        stub = path.with_name(path.name + ".findings.json")
        assert json.loads(stub.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("code", "name", "error"),
    [
        ("LL110", "memory-not-a-multiple", "code LL110 is taken by rules/timeout_out_of_range.py"),
        (
            "LL123",
            "timeout-out-of-range",
            "name timeout-out-of-range is taken by rules/timeout_out_of_range.py",
        ),
        (
            "LL12",
            "memory-not-a-multiple",
            "code 'LL12' does not match LL[0-9]{3} (for example LL123)",
        ),
        (
            "ll123",
            "memory-not-a-multiple",
            "code 'll123' does not match LL[0-9]{3} (for example LL123)",
        ),
        (
            "LL1234",
            "memory-not-a-multiple",
            "code 'LL1234' does not match LL[0-9]{3} (for example LL123)",
        ),
        (
            "ORG101",
            "memory-not-a-multiple",
            "code 'ORG101' does not match LL[0-9]{3} (for example LL123)",
        ),
        *[
            (
                "LL123",
                bad,
                f"name {bad!r} is not kebab-case (lowercase words joined by '-', "
                "starting with a letter, for example memory-not-a-multiple)",
            )
            for bad in (
                "Memory-Size",
                "memory_size",
                "memory--size",
                "memory-",
                "4kb-env",
            )
        ],
        (
            "LL123",
            "use-arm64",
            "name 'use-arm64' must name the bad pattern, not advice (use-, prefer-…)",
        ),
        ("LL123", "class", "name 'class' is a Python keyword and cannot name a module"),
    ],
)
def test_refuses_taken_or_malformed_codes_and_names(
    repo: Path, code: str, name: str, error: str
) -> None:
    before = tree(repo)
    done = new_rule(repo, code, name)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines()[-1] == f"new_rule.py: error: {error}"
    assert tree(repo) == before


def test_refuses_a_code_whose_fixture_folder_exists(repo: Path) -> None:
    (repo / "fixtures" / "rules" / "LL123").mkdir()
    done = new_rule(repo, "LL123", "memory-not-a-multiple")
    assert (done.returncode, done.stderr.splitlines()[-1]) == (
        2,
        "new_rule.py: error: fixtures/rules/LL123 already exists",
    )
    assert not (repo / "rules" / "memory_not_a_multiple.py").exists()
