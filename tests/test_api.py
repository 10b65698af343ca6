"""The run API: the command line and the cfn-lint plugin build their runs in one place.

For every key of the configuration schema, a configuration that changes what the
command line reports changes what the plugin reports in the same way.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lambda_lint.api import Overrides, load_configuration, prepare_run
from lambda_lint.config import schema
from lambda_lint.integrations._cfn_support import FindingCache, load_setup

from .conftest import Cli

TEMPLATE = """\
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/r
      Runtime: python3.12
      Handler: index.handler
      Code: {ZipFile: "def handler(e, c): pass"}
      Timeout: 700
      MemorySize: 20000
      Environment: {Variables: {AWS_REGION: eu-west-1}}
"""

LOCAL_RULE = '''
from collections.abc import Iterator

from lambda_lint.model import Stack
from lambda_lint.rule import Rule, Severity, Violation


class NoInlineCode(Rule):
    """Functions keep their code in packages.

    ## What it does
    Reports every function (an organisation's rule, for the test).
    """

    code = "ORG100"
    name = "no-inline-code"
    message = "{fn} is linted by a local rule"
    severity = Severity.INFO

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            yield self.violation(fn.id, fn.span, "local", fn=fn.id)
'''

SLOW_RULE = '''
import time
from collections.abc import Iterator

from lambda_lint.model import Stack
from lambda_lint.rule import Rule, Severity, Violation


class Slow(Rule):
    """Takes its time (for the time budget)."""

    code = "SLO100"
    name = "slow"
    message = "never reported"
    severity = Severity.INFO

    def check(self, stack: Stack) -> Iterator[Violation]:
        time.sleep(5)
        yield from ()
'''

# Each key of the schema, with a configuration that changes the findings of TEMPLATE.
CONFIGURATIONS = {
    "select": 'select = ["LL110"]\n',
    "extend-select": 'select = ["LL2"]\nextend-select = ["LL120"]\n',
    "ignore": 'ignore = ["LL120"]\n',
    "per-file-ignores": '[per-file-ignores]\n"t.yaml" = ["LL120"]\n',
    "severity": '[severity]\nLL120 = "info"\n',
    "exclude": 'exclude = ["t.yaml"]\n',
    "max-file-size": "max-file-size = 100\n",
    "rules-dirs": 'rules-dirs = ["org_rules"]\nextend-select = ["ORG"]\n',
    "rules": "[rules.LL110]\nmaximum = 600\n",
    "rule-timeout": 'rules-dirs = ["slow_rules"]\nrule-timeout = 0.2\n',
}
# cfn-lint decides its own exit status from the severities it reports, and is handed
# files one at a time (no directory walk for respect-gitignore to prune).
NOT_FOR_THE_PLUGIN = {"fail-on", "respect-gitignore"}


def test_every_configuration_key_is_tried() -> None:
    keys = set(schema()["properties"])
    assert keys == set(CONFIGURATIONS) | NOT_FOR_THE_PLUGIN


def _project(tmp_path: Path, config: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "org_rules").mkdir(parents=True)
    (tmp_path / "slow_rules").mkdir()
    (tmp_path / "slow_rules" / "slow.py").write_text(SLOW_RULE)
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    (tmp_path / "org_rules" / "no_inline_code.py").write_text(LOCAL_RULE)
    (tmp_path / "lambda-lint.toml").write_text(config)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _cli(cli: Cli) -> list[tuple[str, int, int, str, str]]:
    report = json.loads(cli("t.yaml", "--format", "json").out)
    return sorted(
        (f["rule"], f["line"], f["column"], f["severity"], f["message"]) for f in report["findings"]
    )


def _plugin(project: Path) -> list[tuple[str, int, int, str, str]]:
    found = FindingCache(load_setup(project)).findings("t.yaml")
    return sorted(
        (
            x.finding.rule,
            x.finding.line,
            x.finding.column,
            x.finding.severity.value,
            x.finding.message,
        )
        for x in found
    )


@pytest.mark.parametrize("key", sorted(CONFIGURATIONS))
def test_the_plugin_honours_the_configuration_as_the_command_line_does(
    key: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cli: Cli,
) -> None:
    baseline = _project(tmp_path / "plain", "", monkeypatch)
    plain = _cli(cli)
    assert plain == _plugin(baseline)
    project = _project(tmp_path / "configured", CONFIGURATIONS[key], monkeypatch)
    configured = _cli(cli)
    assert configured != plain, f"{key} changes nothing: the test would prove nothing"
    assert _plugin(project) == configured


def test_overrides_win_over_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "lambda-lint.toml").write_text('select = ["LL110"]\nmax-file-size = 100\n')
    settings = load_configuration(tmp_path)
    run = prepare_run(settings, Overrides(select=["LL120"], max_file_size=5000))
    assert {rule.code for rule in run.rules} - {"LL001", "LL002"} == {"LL120"}
    assert run.options.max_file_size == 5000
    assert prepare_run(settings).options.max_file_size == 100
