"""The seams hold: formats live in loaders, imports run one way, a new format is one folder.

These tests read the source (imports, string constants) or run lambda-lint in a
child process to see what it imported; none of them times anything.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lambda_lint.loaders import (
    LoadContext,
    Loaded,
    Loader,
    Reading,
    UnitFiles,
    register,
    unregister,
)
from lambda_lint.loaders.graphs import strongly_connected
from lambda_lint.loaders.registry import loader, specs
from lambda_lint.model import MISSING, Field, Function, Origin, Stack
from lambda_lint.paths import display_path
from lambda_lint.registry import all_rules
from lambda_lint.span import Span

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lambda_lint"

# How formats are spelled on disk and in documents. Only loaders and parsers know them.
SPELLINGS = (
    "Resources",
    "Metadata",
    "Globals",
    "AWSTemplateFormatVersion",
    "AWS::",
    "//",
    ".tf.json",
    ".tfvars",
    ".yaml",
    ".yml",
    ".template",
    "format_version",
    "aws_lambda",
)
FORMAT_PACKAGES = ("loaders", "parsing")
# Known debts: (file relative to lambda_lint/, spelling) pairs still to be paid.
KNOWN: set[tuple[str, str]] = set()


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in [*PACKAGE.rglob("*.py"), *(ROOT / "rules").rglob("*.py")]:
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[0] == "rules":
            parts = ["lambda_lint", *parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every lambda_lint module ``name`` imports, at the top or inside functions."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                full = f"{module}.{alias.name}"
                found.add(full if full in modules else module)
    return {m for m in found if m in modules and m != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module."""
    components = strongly_connected({name: sorted(edges) for name, edges in graph.items()})
    return [sorted(component) for component in components if len(component) > 1]


def test_no_import_cycles() -> None:
    assert _cycles(_graph()) == []


def test_formatters_import_only_the_report_and_findings() -> None:
    allowed = {
        "lambda_lint",
        "lambda_lint.report",
        "lambda_lint.findings",
        "lambda_lint.rule",
        "lambda_lint.span",
        # Leaf text helpers: lines as spans count them, secrets redacted in snippets.
        "lambda_lint.lines",
        "lambda_lint.redaction",
    }
    for name, imported in _graph().items():
        if name.startswith("lambda_lint.formatters"):
            outside = {m for m in imported if not m.startswith("lambda_lint.formatters")}
            assert outside <= allowed, f"{name} imports {sorted(outside - allowed)}"


@pytest.mark.parametrize(
    "leaf",
    ["lambda_lint.report", "lambda_lint.options", "lambda_lint.findings", "lambda_lint.span"],
)
def test_shared_types_do_not_import_the_pipeline(leaf: str) -> None:
    pipeline = {"engine", "pipeline", "parallel", "cli", "api", "acceptance", "loaders", "rules"}
    imported = _graph()[leaf]
    assert not {m for m in imported if m.split(".")[1] in pipeline}, imported


def _string_constants(path: Path) -> Iterator[tuple[int, str]]:
    """String literals that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and not node.value.startswith(("http://", "https://"))
        ):
            yield node.lineno, node.value


def test_format_spellings_live_only_in_loaders_and_parsing() -> None:
    """The engine, discovery, grouping, suppressions, the model and the formatters name no
    format: adding one means adding a folder under ``loaders/``."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in FORMAT_PACKAGES:
            continue
        for line, text in _string_constants(path):
            for spelling in SPELLINGS:
                if spelling in text and (relative.as_posix(), spelling) not in KNOWN:
                    found.append(f"{relative}:{line}: {spelling!r} in {text[:60]!r}")
    assert found == []


def test_rules_and_model_never_spell_where_a_value_was_inherited_from() -> None:
    """Provenance is format-neutral: an inherited value's Field names its source (the
    loader writes "Globals" for SAM), so no rule and no model code spells it."""
    found = []
    for path in sorted([*(ROOT / "rules").rglob("*.py"), *(PACKAGE / "model").rglob("*.py")]):
        for line, text in _string_constants(path):
            if "Globals" in text:
                found.append(f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}")
    assert found == []


def test_built_in_loader_specs_match_their_classes() -> None:
    """The registry knows the built-in loaders without importing them; it must not lie."""
    for spec in specs():
        chosen = loader(spec.name)
        assert (spec.name, spec.suffixes, spec.fallback, spec.by_directory) == (
            chosen.name,
            chosen.suffixes,
            chosen.fallback,
            chosen.by_directory,
        )
        assert spec.skipped_dirs == chosen.skipped_dirs


def _imported_by_a_run(tmp_path: Path, name: str, text: str) -> set[str]:
    """The lambda_lint modules (and ``tree_sitter*``, the HCL parser) a run imported."""
    (tmp_path / name).write_text(text)
    script = (
        "import sys\n"
        "from lambda_lint.cli import main\n"
        f"code = main([{str(tmp_path / name)!r}, '--format', 'json', '--isolated'])\n"
        "ours = sorted(m for m in sys.modules if m.startswith(('lambda_lint', 'tree_sitter')))\n"
        "print('MODULES', ' '.join(ours))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("MODULES"))
    return set(line.split()[1:])


def test_a_template_run_imports_no_terraform_loader(tmp_path: Path) -> None:
    template = (
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Timeout: 901}\n"
    )
    modules = _imported_by_a_run(tmp_path, "t.yaml", template)
    assert "lambda_lint.loaders.cloudformation" in modules
    assert not {m for m in modules if m.startswith("lambda_lint.loaders.terraform")}
    assert not {m for m in modules if m.startswith("tree_sitter")}


def test_a_terraform_run_imports_no_cloudformation_loader(tmp_path: Path) -> None:
    module = {"resource": {"aws_lambda_function": {"f": {"timeout": 901}}}}
    modules = _imported_by_a_run(tmp_path, "main.tf.json", json.dumps(module))
    assert "lambda_lint.loaders.terraform.module" in modules
    assert not {m for m in modules if m.startswith("lambda_lint.loaders.cloudformation")}
    assert not {
        m for m in modules if m.startswith(("tree_sitter", "lambda_lint.loaders.terraform.hcl"))
    }


def test_an_hcl_run_imports_the_hcl_parser_and_no_cloudformation_loader(tmp_path: Path) -> None:
    modules = _imported_by_a_run(
        tmp_path, "main.tf", 'resource "aws_lambda_function" "f" {\n  timeout = 901\n}\n'
    )
    assert {"lambda_lint.loaders.terraform.hcl", "tree_sitter", "tree_sitter_hcl"} <= modules
    assert not {m for m in modules if m.startswith("lambda_lint.loaders.cloudformation")}


# -- a newcomer's format --------------------------------------------------------------------


class FunctionListLoader(Loader):
    """A toy format: ``*.functions.json`` lists functions as ``{"name": {"timeout": 3}}``.

    Written only against the public interface, as a newcomer would: it parses with
    the standard library and builds the model itself.
    """

    name = "function-list"
    suffixes = (".functions.json",)

    def read(self, unit: UnitFiles, context: LoadContext) -> Reading | None:
        file = unit.files[0]
        text = context.read_text(file)
        try:
            content = json.loads(text)
        except ValueError:
            return None
        return Reading(display_path(file), content=content, texts={display_path(file): text})

    def build(self, reading: Reading) -> Loaded:
        functions = {}
        lines = reading.texts[reading.primary].splitlines()
        for name, settings in reading.content.items():
            line = next(n for n, text in enumerate(lines, 1) if f'"{name}"' in text)
            column = lines[line - 1].index(f'"{name}"') + 1
            span = Span(line, column, line, column + len(name) + 2)
            absent = Field(MISSING, span)
            functions[name] = Function(
                name,
                span,
                kind="function-list",
                memory=Field(settings.get("memory", 128), span, Origin.EXPLICIT),
                timeout=Field(settings.get("timeout", 3), span, Origin.EXPLICIT),
                environment=absent,
                role=absent,
                layers=absent,
                dead_letter=absent,
                subnets=absent,
            )
        return Loaded(Stack(functions=functions))


@pytest.fixture
def newcomer_format() -> Iterator[None]:
    register(FunctionListLoader)
    yield
    unregister(FunctionListLoader.name)


def test_a_new_format_is_one_loader_class(
    newcomer_format: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Registered through the public interface alone, every rule runs on the new format,
    discovery walks its files, and its findings land at their spans."""
    from lambda_lint.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "api.functions.json").write_text('{\n  "api": {"timeout": 901}\n}\n')
    assert main(["app", "--format", "json", "--isolated"]) == 1
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    # The toy format has no execution role, which LL502 reports like any missing role.
    assert [(f["rule"], f["path"], f["line"], f["column"]) for f in report["findings"]] == [
        ("LL110", "app/api.functions.json", 2, 3),
        ("LL502", "app/api.functions.json", 2, 3),
    ]
    assert report["summary"]["files_checked"] == 1
    from lambda_lint.rules import ALL_RULES

    assert all_rules() == ALL_RULES  # a format registers no rule of its own


def test_loader_names_are_unique(newcomer_format: None) -> None:
    with pytest.raises(ValueError, match="already registered"):
        register(FunctionListLoader)
