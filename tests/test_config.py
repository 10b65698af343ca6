"""Configuration: discovery, validation (exit 2 with a clear message), every key, plugins."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from lambda_lint.cli import main
from lambda_lint.config import find_config, schema
from lambda_lint.schema_check import errors

from .conftest import Cli

FAILING = """\
Resources:
  Api:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/api
      Timeout: 600
  Batch:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/batch
      Timeout: 1200
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "api.yaml").write_text(FAILING, encoding="utf-8")
    return tmp_path


def configure(project: Path, body: str, name: str = "pyproject.toml") -> None:
    text = textwrap.dedent(body)
    if name == "pyproject.toml":
        text = "[project]\nname = 'x'\n\n[tool.lambda-lint]\n" + text
    (project / name).write_text(text, encoding="utf-8")


def run(cli: Cli, *args: str) -> tuple[int, list[str], str]:
    """The shared runner with this file's defaults (``check``, concise); stdout as lines."""
    result = cli("check", "--format", "concise", *args)
    return result.code, result.lines, result.err


TIMEOUT_1200 = (
    "stacks/api.yaml:11:16: error: timeout 1200 s is outside Lambda's range of 1 to 900 "
    "seconds (15 minutes) [LL110]"
)


def test_found_by_walking_up_and_own_file_wins(project: Path) -> None:
    configure(project, "ignore = ['LL110']\n")
    (project / "stacks" / "pyproject.toml").write_text("[project]\nname = 'no table'\n")
    assert find_config(project / "stacks") == project / "pyproject.toml"
    configure(project / "stacks", "select = ['LL1']\n", "lambda-lint.toml")
    assert find_config(project / "stacks") == project / "stacks" / "lambda-lint.toml"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("selct = ['LL1']\n", "selct: unknown key 'selct'"),
        ("fail-on = 'fatal'\n", "fail-on: 'fatal' is not one of 'error', 'warning', 'info'"),
        ("severity = {LL110 = 'loud'}\n", "severity.LL110: 'loud' is not one of"),
        ("severity = {LL999 = 'info'}\n", "severity.LL999: unknown rule code 'LL999'"),
        ("rules.LL110.maximum = 'ten'\n", "rules.LL110.maximum: 'ten' is not of type"),
        ("rules.LL110.maxium = 300\n", "rules.LL110.maxium: unknown key 'maxium'"),
        ("rules.LL101.maximum = 300\n", "(LL101 has no options)"),
        ("select = ['LL9']\n", "unknown rule selector 'LL9'"),
        ("rules-dirs = ['nowhere']\n", "is not a folder"),
        ("exclude = 'cdk.out'\n", "exclude: 'cdk.out' is not of type 'array'"),
    ],
)
def test_invalid_configuration_is_a_usage_error(
    project: Path, cli: Cli, body: str, message: str
) -> None:
    configure(project, body)
    code, out, err = run(cli, "stacks")
    assert (code, out) == (2, [])
    assert err.startswith("lambda-lint: error: ") and message in err, err


def test_invalid_toml_names_the_file(project: Path, cli: Cli) -> None:
    (project / "lambda-lint.toml").write_text("select = [\n")
    code, _, err = run(cli, "stacks")
    assert code == 2
    assert err.startswith("lambda-lint: error: ") and "lambda-lint.toml: invalid TOML" in err


def test_select_severity_fail_on_and_rule_options(project: Path, cli: Cli) -> None:
    configure(
        project,
        """\
        select = ["LL110"]
        fail-on = "error"
        severity = {LL110 = "warning"}

        [tool.lambda-lint.rules.LL110]
        maximum = 300
        """,
    )
    code, out, _ = run(cli, "stacks")
    assert code == 0  # every finding is a warning now, below fail-on
    assert out == [
        "stacks/api.yaml:6:16: warning: timeout 600 s is over this project's cap of 300 "
        "seconds (rules.LL110.maximum) [LL110]",
        TIMEOUT_1200.replace(": error:", ": warning:"),
        "Found 2 findings (2 warnings) in 1 file.",
    ]
    assert run(cli, "stacks", "--fail-on", "warning")[0] == 1
    assert run(cli, "stacks", "--isolated")[1][:1] == [TIMEOUT_1200]


def test_per_file_ignores_and_exclude(project: Path, cli: Cli) -> None:
    (project / "cdk.out").mkdir()
    (project / "cdk.out" / "App.template.json").write_text(
        json.dumps({"Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": {}}}})
    )
    configure(
        project,
        """\
        exclude = ["cdk.out"]
        per-file-ignores = {"stacks/*.yaml" = ["LL110"]}
        """,
    )
    code, out, _ = run(cli, ".", "--show-suppressed")
    assert code == 0
    assert out == [
        TIMEOUT_1200 + " (suppressed: per-file-ignores: stacks/*.yaml)",
        "All checks passed! (1 file checked) 1 suppressed.",
    ]
    assert run(cli, ".", "--no-suppressions")[1] == [
        TIMEOUT_1200,
        "Found 1 finding (1 error) in 1 file.",
    ]


def test_a_negated_per_file_ignores_key_covers_the_files_it_does_not_match(
    project: Path, cli: Cli
) -> None:
    configure(project, 'per-file-ignores = {"!prod/**" = ["LL110"]}\n')
    code, out, _ = run(cli, ".", "--show-suppressed")
    assert (code, out[0]) == (0, TIMEOUT_1200 + " (suppressed: per-file-ignores: !prod/**)")
    configure(project, 'per-file-ignores = {"!stacks/**" = ["LL110"]}\n')
    assert run(cli, ".")[1] == [TIMEOUT_1200, "Found 1 finding (1 error) in 1 file."]


LOCAL_RULE = '''\
"""A local rule: every function must set an explicit timeout."""

from collections.abc import Iterator

from lambda_lint.model import Origin, Stack
from lambda_lint.rule import Rule, Severity, Violation


class ExplicitTimeout(Rule):
    """Every function sets its timeout."""

    code = "ORG100"
    name = "explicit-timeout"
    message = "{fn} relies on the default timeout of 3 s"
    severity = Severity.INFO

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            if fn.timeout.origin is Origin.AWS_DEFAULT:
                yield self.violation(fn.id, fn.span, "timeout", fn=fn.id)
'''


def test_local_rules_folder(project: Path, cli: Cli) -> None:
    (project / "lint_rules").mkdir()
    (project / "lint_rules" / "explicit_timeout.py").write_text(LOCAL_RULE)
    (project / "stacks" / "api.yaml").write_text(FAILING.replace("      Timeout: 600\n", ""))
    configure(project, 'rules-dirs = ["lint_rules"]\nextend-select = ["ORG"]\n')
    assert run(cli, "stacks", "--select", "ORG")[1] == [
        "stacks/api.yaml:2:3: info: Api relies on the default timeout of 3 s [ORG100]",
        "Found 1 finding (1 info) in 1 file.",
    ]
    clash = LOCAL_RULE.replace('"ORG100"', '"LL110"')
    (project / "lint_rules" / "explicit_timeout.py").write_text(clash)
    code, _, err = run(cli, "stacks")
    assert code == 2 and "rule code LL110 is defined twice" in err


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('"ORG100"', '"LL900"'), "code 'LL900' must be 1 to 4 capital letters other than LL"),
        (('"ORG100"', '"ORGANISATION1"'), "code 'ORGANISATION1' must be 1 to 4 capital"),
        (('"ORG100"', '"org100"'), "code 'org100' must be 1 to 4 capital letters"),
        (('"explicit-timeout"', '"Explicit Timeout"'), "name 'Explicit Timeout' must be kebab"),
        (("severity = Severity.INFO", 'severity = "info"'), "severity must be a lambda_lint"),
    ],
)
def test_third_party_rules_are_checked(
    project: Path,
    cli: Cli,
    change: tuple[str, str],
    message: str,
) -> None:
    """A pack's code must not take our prefix nor break selectors; names are kebab-case."""
    (project / "lint_rules").mkdir()
    (project / "lint_rules" / "explicit_timeout.py").write_text(LOCAL_RULE.replace(*change))
    configure(project, 'rules-dirs = ["lint_rules"]\n')
    code, out, err = run(cli, "stacks")
    assert (code, out) == (2, [])
    assert err.startswith("lambda-lint: error: rule lambda_lint_local_rules.lint_rules.")
    assert message in err


def test_rule_pack_from_an_installed_distribution(
    project: Path, capsys: pytest.CaptureFixture[str], cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A distribution's entry point in ``lambda_lint.rules`` is found like any installed one."""
    site = project / "site"
    (site / "org_rules").mkdir(parents=True)
    (site / "org_rules" / "__init__.py").write_text(LOCAL_RULE)
    info = site / "org_rules-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: org-rules\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[lambda_lint.rules]\norg = org_rules:ExplicitTimeout\n")
    monkeypatch.syspath_prepend(str(site))
    (project / "stacks" / "api.yaml").write_text(FAILING.replace("      Timeout: 600\n", ""))
    assert run(cli, "stacks", "--isolated", "--select", "ORG100")[1] == [
        "stacks/api.yaml:2:3: info: Api relies on the default timeout of 3 s [ORG100]",
        "Found 1 finding (1 info) in 1 file.",
    ]
    # `lambda-lint rules` and `rule` show what `check` runs, the pack's rules included.
    assert main(["rules"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[-1] == (
        "ORG100  explicit-timeout                       info     Every function sets its timeout."
    )
    assert listed[0].startswith("LL001   parse-error ")
    assert main(["rule", "org100"]) == 0
    assert capsys.readouterr().out.splitlines()[:3] == [
        "# explicit-timeout (ORG100)",
        "",
        "Default severity: info",
    ]
    sys.modules.pop("org_rules", None)


def test_a_rule_pack_that_fails_to_load_is_a_usage_error_in_rules(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = project / "site"
    info = site / "broken-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "entry_points.txt").write_text("[lambda_lint.rules]\nbroken = no_such_module:X\n")
    monkeypatch.syspath_prepend(str(site))
    for command in (["rules"], ["rule", "LL110"]):
        assert main(command) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err == (
            "lambda-lint: error: rule pack 'broken' (no_such_module:X) failed: "
            "No module named 'no_such_module'\n"
        )


CONFIGS: list[dict[str, Any]] = [
    {},
    {"select": ["LL1"], "ignore": ["LL101"], "fail-on": "warning"},
    {"severity": {"LL501": "error"}, "per-file-ignores": {"legacy/*": ["LL110"]}},
    {"rules": {"LL110": {"maximum": 300}}, "exclude": ["cdk.out"], "rules-dirs": ["r"]},
    {"selct": []},
    {"select": "LL1"},
    {"select": [""]},
    {"fail-on": "fatal"},
    {"severity": {"ll110": "error"}},
    {"severity": {"LL110": "loud"}},
    {"per-file-ignores": {"x": ["not-a-code"]}},
    {"rules": {"LL110": 300}},
    {"exclude": [1]},
]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: json.dumps(c))
def test_the_built_in_validator_agrees_with_jsonschema(config: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    expected = jsonschema.Draft202012Validator(schema()).is_valid(config)
    assert (not list(errors(config, schema()))) == expected
