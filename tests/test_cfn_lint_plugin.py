"""The cfn-lint plugin: lambda-lint's rules run by the real cfn-lint (``--append-rules``).

End-to-end tests run cfn-lint as a subprocess in a temporary folder (so no lambda-lint
configuration of this checkout applies) with cfn-lint's own rules switched off by
``--ignore-checks`` (their ids are a letter and four digits; ours are ``ELL110``...),
so the whole output and the exit code are ours. The unit tests check the pieces
(ids, severities, JSON paths, the per-file cache) without a subprocess.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

import lambda_lint.integrations as integrations
from lambda_lint.config import ConfigError, Settings
from lambda_lint.findings import Finding, Severity
from lambda_lint.integrations._cfn_support import (
    FindingCache,
    Located,
    Setup,
    cfn_lint_id,
    json_path,
    load_setup,
    severities,
)
from lambda_lint.parsing import parse_file
from lambda_lint.registry import all_rules
from lambda_lint.rule import RULE_PAGES
from lambda_lint.span import Span

from .artifact_factory import sparse_zip
from .conftest import FIXTURES, ROOT

pytest.importorskip("cfnlint", reason="cfn-lint is not installed (pip install -e '.[dev]')")

PLUGIN = "lambda_lint.integrations.cfn_lint"
CFN_LINT = [sys.executable, "-c", "import sys; from cfnlint.runner import main; sys.exit(main())"]
# Every built-in cfn-lint rule (E0000..W9999, I...): what is left is lambda-lint's.
BUILT_INS = [f"{letter}{digit}" for letter in "EWI" for digit in range(10)]
SUPPRESSED = ROOT / "tests" / "integration_fixtures" / "cfn_lint" / "suppressed.cfn.yaml"
TIMEOUT = "is outside Lambda's range of 1 to 900 seconds (15 minutes)"
SHARED = "give each function its own least-privilege role"


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}


def _copy_templates(folder: Path) -> Path:
    """Rule fixtures copied under short names into a folder without configuration."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = {
        "ll110.yaml": FIXTURES / "rules" / "LL110" / "fail.cfn.yaml",
        "ll501.yaml": FIXTURES / "rules" / "LL501" / "fail.cfn.yaml",
        "pass.yaml": FIXTURES / "rules" / "LL110" / "pass.cfn.yaml",
        "suppressed.yaml": SUPPRESSED,
    }
    for name, source in copies.items():
        shutil.copyfile(source, folder / name)
    return folder


def _configured(folder: Path) -> Path:
    """A folder with a lambda-lint configuration (LL110 ignored, LL501 an error) and a
    60 MB zip packaged through S3 (LL130 at its warning level)."""
    _copy_templates(folder)
    (folder / "lambda-lint.toml").write_text(
        'ignore = ["LL110"]\n\n[severity]\nLL501 = "error"\n', encoding="utf-8"
    )
    sparse_zip(folder / "big.zip", 60 * 1024 * 1024)
    (folder / "big.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\n"
        "Resources:\n"
        "  Big:\n"
        "    Type: AWS::Lambda::Function\n"
        "    Properties:\n"
        "      Role: arn:aws:iam::123456789012:role/big\n"
        "      Runtime: python3.12\n"
        "      Handler: app.handler\n"
        "      Code: big.zip\n",
        encoding="utf-8",
    )
    return folder


def _cfn_lint_args(append: str, output: str, *names: str) -> list[str]:
    return [
        *CFN_LINT,
        "--append-rules",
        append,
        "--format",
        output,
        "--ignore-checks",
        *BUILT_INS,
        "--",
        *names,
    ]


IMPORT_CHECK = (
    "import sys, lambda_lint.integrations.cfn_lint as plugin\n"
    "heavy = ('lambda_lint.engine', 'lambda_lint.parsing', 'lambda_lint.loaders', 'rich')\n"
    "print(sorted(m for m in heavy if m in sys.modules))\n"
    "names = [n for n in dir(plugin) if n.startswith(('ELL', 'WLL', 'ILL'))]\n"
    "print(len(names), 'ELL110' in names, 'WLL501' in names, 'WLL004' in names)\n"
)


PACKAGE_CHECK = "import sys, lambda_lint.integrations\nprint('cfnlint' in sys.modules)\n"


@pytest.fixture(scope="module")
def runs(
    tmp_path_factory: pytest.TempPathFactory,
) -> Mapping[str, subprocess.CompletedProcess[str]]:
    """Every subprocess of this module, started together: cfn-lint takes seconds to start,
    and the runs are independent."""
    plain = _copy_templates(tmp_path_factory.mktemp("plain"))
    configured = _configured(tmp_path_factory.mktemp("configured"))
    folder = next(iter(integrations.__path__))
    commands: dict[str, tuple[list[str], Path]] = {
        "errors-and-warnings": (
            _cfn_lint_args(
                PLUGIN, "parseable", "ll110.yaml", "ll501.yaml", "pass.yaml", "suppressed.yaml"
            ),
            plain,
        ),
        "warnings": (_cfn_lint_args(PLUGIN, "parseable", "ll501.yaml", "pass.yaml"), plain),
        "clean": (_cfn_lint_args(PLUGIN, "parseable", "pass.yaml"), plain),
        "configured": (
            _cfn_lint_args(folder, "json", "big.yaml", "ll110.yaml", "ll501.yaml"),
            configured,
        ),
        "import": ([sys.executable, "-c", IMPORT_CHECK], plain),
        "package": ([sys.executable, "-c", PACKAGE_CHECK], plain),
    }

    def run(item: tuple[list[str], Path]) -> subprocess.CompletedProcess[str]:
        command, cwd = item
        return subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, timeout=300, env=_env(), check=False
        )

    with ThreadPoolExecutor(max_workers=len(commands)) as pool:
        results = dict(zip(commands, pool.map(run, commands.values()), strict=True))
    return results


LL110_LINES = [
    f"ll110.yaml:23:16:23:17:ELL110:timeout 0 s {TIMEOUT}",
    f"ll110.yaml:40:16:40:19:ELL110:timeout 901 s {TIMEOUT}",
    f"ll110.yaml:59:11:59:15:ELL110:timeout 1200 s {TIMEOUT}",
    "ll110.yaml:77:16:77:33:ELL110:timeout 1000 s (assumed from the Default of parameter "
    f"TimeoutParam) {TIMEOUT}",
]
LL501_LINES = [
    f"ll501.yaml:18:13:18:35:WLL501:execution role SharedRole is also used by FailSharedB; "
    f"{SHARED}",
    f"ll501.yaml:26:13:26:35:WLL501:execution role SharedRole is also used by FailSharedA; "
    f"{SHARED}",
    "ll501.yaml:34:13:34:50:WLL501:execution role arn:aws:iam::123456789012:role/legacy is also "
    f"used by FailArnB; {SHARED}",
    "ll501.yaml:42:13:42:50:WLL501:execution role arn:aws:iam::123456789012:role/legacy is also "
    f"used by FailArnA; {SHARED}",
]


@pytest.mark.parametrize(
    ("case", "expected", "status"),
    [
        # Errors and warnings: cfn-lint's exit code is a bit mask, 2 errors | 4 warnings.
        (
            "errors-and-warnings",
            [
                *LL110_LINES,
                *LL501_LINES,
                # cfn-lint's resource Metadata hides Shared's WLL501, a lambda-lint comment
                # hides Other's LL110: what is left is Other's WLL501 and Loud's ELL110.
                "suppressed.yaml:20:13:20:50:WLL501:execution role "
                f"arn:aws:iam::123456789012:role/shared is also used by Shared; {SHARED}",
                f"suppressed.yaml:32:16:32:20:ELL110:timeout 1000 s {TIMEOUT}",
            ],
            6,
        ),
        ("warnings", LL501_LINES, 4),  # warnings only
        ("clean", [], 0),
    ],
)
def test_cfn_lint_reports_our_findings(
    runs: Mapping[str, subprocess.CompletedProcess[str]],
    case: str,
    expected: list[str],
    status: int,
) -> None:
    result = runs[case]
    assert result.stderr == ""
    assert result.stdout.splitlines() == expected
    assert result.returncode == status


def test_cfn_lint_with_configuration_folder_form_and_json(
    runs: Mapping[str, subprocess.CompletedProcess[str]],
) -> None:
    """The rules folder form, the lambda-lint configuration of the working directory
    (an override makes LL501 an error, LL110 is ignored), a rule with two severities
    (LL130 is a warning for code packaged through S3) and cfn-lint's JSON output, which
    the VS Code extension reads: level, JSON path, span and help URL."""
    result = runs["configured"]
    assert result.stderr == ""
    matches = [
        (
            match["Rule"]["Id"],
            match["Level"],
            match["Filename"],
            match["Location"]["Path"],
            match["Location"]["Start"]["LineNumber"],
            match["Location"]["Start"]["ColumnNumber"],
            match["Location"]["End"]["LineNumber"],
            match["Location"]["End"]["ColumnNumber"],
            match["Rule"]["Source"],
        )
        for match in json.loads(result.stdout)
    ]
    role = f"{RULE_PAGES}LL501.md"
    limits = f"{RULE_PAGES}LL130.md"
    assert matches == [
        ("WLL130", "Warning", "big.yaml", ["Resources", "Big", "Properties", "Code"], 9, 13, 9, 20,
         limits),
        ("ELL501", "Error", "ll501.yaml", ["Resources", "FailSharedA", "Properties", "Role"],
         18, 13, 18, 35, role),
        ("ELL501", "Error", "ll501.yaml", ["Resources", "FailSharedB", "Properties", "Role"],
         26, 13, 26, 35, role),
        ("ELL501", "Error", "ll501.yaml", ["Resources", "FailArnA", "Properties", "Role"],
         34, 13, 34, 50, role),
        ("ELL501", "Error", "ll501.yaml", ["Resources", "FailArnB", "Properties", "Role"],
         42, 13, 42, 50, role),
    ]  # fmt: skip
    message = json.loads(result.stdout)[0]["Message"]
    assert message == (
        "big.zip is 62,914,674 bytes (60.0 MB) zipped; over the 52,428,800-byte (50 MB) "
        "direct-upload limit, so it deploys only through S3 (as the packaging step does), "
        "never by a direct upload"
    )
    assert result.returncode == 6


def test_importing_the_plugin_defers_the_engine(
    runs: Mapping[str, subprocess.CompletedProcess[str]],
) -> None:
    """cfn-lint pays only for the catalogue when it loads the plugin; the parser, the
    loaders and the engine wait for the first template."""
    # LL130 and LL133 have a warning class too, LL702 an error class
    rules = len(all_rules()) + 3
    assert runs["import"].stdout.splitlines() == ["[]", f"{rules} True True True"]


def test_the_integrations_package_imports_nothing(
    runs: Mapping[str, subprocess.CompletedProcess[str]],
) -> None:
    assert runs["package"].stdout == "False\n"


# Unit tests (no subprocess) -------------------------------------------------------------


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The plugin module, imported (first time) from a folder without configuration."""
    monkeypatch.chdir(tmp_path)
    module = importlib.import_module("lambda_lint.integrations.cfn_lint")
    yield module


def test_ids_take_the_severity_letter() -> None:
    assert cfn_lint_id("LL110", Severity.ERROR) == "ELL110"
    assert cfn_lint_id("LL501", Severity.WARNING) == "WLL501"
    assert cfn_lint_id("LL999", Severity.INFO) == "ILL999"


def test_severities_of_a_rule() -> None:
    rules = {rule.code: rule for rule in all_rules()}
    assert severities(rules["LL130"], {}) == (Severity.ERROR, Severity.WARNING)
    assert severities(rules["LL133"], {}) == (Severity.ERROR, Severity.WARNING)
    assert severities(rules["LL501"], {}) == (Severity.WARNING,)
    # A configured override is the only severity the rule's findings then have.
    assert severities(rules["LL130"], {"LL130": Severity.INFO}) == (Severity.INFO,)


def test_every_severity_in_the_fixture_snapshots_has_an_id() -> None:
    """A rule that starts reporting another severity must declare it (``Rule.severities``),
    or cfn-lint would show it under the default level."""
    rules = {rule.code: rule for rule in all_rules()}
    seen: set[tuple[str, str]] = set()
    for snapshot in (FIXTURES / "rules").rglob("*.findings.json"):
        for entry in json.loads(snapshot.read_text(encoding="utf-8")):
            seen.add((entry["rule"], entry["severity"]))
    assert ("LL130", "warning") in seen  # the check below would be vacuous otherwise
    missing = sorted(
        (code, level) for code, level in seen if Severity(level) not in severities(rules[code], {})
    )
    assert missing == []


def test_rule_classes_cover_the_catalogue(plugin: Any) -> None:
    setup = Setup(all_rules(), Settings())
    classes = plugin.rule_classes(setup)
    expected = {cfn_lint_id(rule.code, rule.severity) for rule in all_rules()}
    assert set(classes) == expected | {"WLL130", "WLL133", "ELL702"}
    shared = classes["WLL501"]()
    assert (shared.id, shared.severity, shared.code) == ("WLL501", "warning", "LL501")
    assert shared.source_url == f"{RULE_PAGES}LL501.md"
    assert shared.description == (
        "lambda-lint LL501 (shared-execution-role): An execution role is shared by more than "
        f"one function. See {RULE_PAGES}LL501.md"
    )
    assert classes["ELL130"]().severity == "error"
    assert classes["ELL130"].fallback_for == (Severity.INFO,)
    # The module exposes the classes where cfn-lint looks for them, and the base class
    # has an empty id, which cfn-lint skips.
    assert plugin.WLL501.id == "WLL501"
    assert plugin.LambdaLintRule.id == ""


def test_match_turns_findings_into_cfn_lint_matches(
    plugin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each class takes its own code and severity; a severity without a class of its own
    falls back to the rule's default class and says so."""

    def finding(code: str, severity: Severity) -> Finding:
        return Finding(
            rule=code, name="n", severity=severity, message=f"{code} {severity.value}",
            path="t.yaml", line=3, column=5, end_line=4, end_column=2, resource="Fn",
            key="k", help_url="", fingerprint="f",
        )  # fmt: skip

    located = [
        Located(finding("LL130", Severity.ERROR), ("Resources", "Fn", "Properties", "Code")),
        Located(finding("LL130", Severity.WARNING), ("Resources", "Fn")),
        Located(finding("LL130", Severity.INFO), ()),
        Located(finding("LL501", Severity.WARNING), ()),
    ]

    class Cache:
        def findings(self, filename: str) -> tuple[Located, ...]:
            assert filename == "t.yaml"
            return tuple(located)

    monkeypatch.setattr(plugin, "_cache", Cache)
    classes = plugin.rule_classes(Setup(all_rules(), Settings()))
    template = SimpleNamespace(filename="t.yaml")
    error = classes["ELL130"]().match(template)
    assert [(m.path, m.message, m.location) for m in error] == [
        (["Resources", "Fn", "Properties", "Code"], "LL130 error", (2, 4, 3, 1)),
        ([], "LL130 info (lambda-lint severity: info)", (2, 4, 3, 1)),
    ]
    assert [m.message for m in classes["WLL130"]().match(template)] == ["LL130 warning"]
    # Standard input has no file name: lambda-lint has nothing to read.
    assert classes["ELL130"]().match(SimpleNamespace(filename=None)) == []


def test_a_bad_configuration_fails_the_import(plugin: Any, tmp_path: Path) -> None:
    (tmp_path / "lambda-lint.toml").write_text("bogus = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bogus"):
        load_setup(tmp_path)
    saved = plugin._SETUP
    plugin._SETUP = None
    try:
        with pytest.raises(ImportError, match=r"^lambda-lint: .*lambda-lint\.toml: bogus"):
            plugin._setup()
    finally:
        plugin._SETUP = saved


def test_json_paths_of_findings() -> None:
    root = parse_file(FIXTURES / "rules" / "LL110" / "fail.cfn.yaml").root
    # The value written exactly at the span: a scalar, a Ref (not "Ref" inside it), an
    # item of an Fn::If, a key itself.
    assert json_path(root, Span(23, 16, 23, 17)) == (
        "Resources",
        "FailZero",
        "Properties",
        "Timeout",
    )
    assert json_path(root, Span(77, 16, 77, 33)) == (
        "Resources", "FailParamDefault", "Properties", "Timeout"
    )  # fmt: skip
    assert json_path(root, Span(59, 11, 59, 15)) == (
        "Resources", "FailIfBranch", "Properties", "Timeout", "Fn::If", 1
    )  # fmt: skip
    assert json_path(root, Span(16, 3, 16, 11)) == ("Resources", "FailZero")
    assert json_path(root, Span(1, 1, 1, 2)) == ()  # a comment: no node
    assert json_path(None, Span(1, 1, 1, 2)) == ()  # a file that does not parse


def test_findings_are_cached_per_file_version(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    shutil.copyfile(FIXTURES / "rules" / "LL110" / "fail.cfn.yaml", template)
    cache = FindingCache(Setup(all_rules(), Settings()))
    first = cache.findings(str(template))
    assert [(f.finding.rule, f.finding.line) for f in first] == [
        ("LL110", 23), ("LL110", 40), ("LL110", 59), ("LL110", 77)
    ]  # fmt: skip
    assert cache.findings(str(template)) is first  # linted once for every rule class
    template.write_text(
        template.read_text(encoding="utf-8").replace("Timeout: 901", "Timeout: 90"),
        encoding="utf-8",
    )
    assert [f.finding.line for f in cache.findings(str(template))] == [23, 59, 77]
    assert cache.findings(str(tmp_path / "missing.yaml")) == ()
