"""Every output format over one shared multi-file report, byte for byte, plus the CLI options
that choose and route them (``--format auto``, ``--output-file``, ``--statistics``).

The report is synthetic but built from the real rule classes (names, severities,
help URLs, docstrings): two files with findings of all three severities, a
multi-line span, an in-source and an external suppression, and a clean file.
Goldens live in ``tests/golden/formats/``; rewrite them with
``python -m pytest tests/test_formatters.py --update-snapshots`` and review the diff.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

import lambda_lint
from lambda_lint import cli
from lambda_lint.engine import Report
from lambda_lint.findings import Finding, Severity, Suppression, fingerprint
from lambda_lint.formatters import (
    FORMATS,
    MACHINE_FORMATS,
    github,
    gitlab,
    resolve,
    statistics,
    write,
)
from lambda_lint.registry import find_rule
from lambda_lint.rule import Rule

from .conftest import FIXTURES, SHARED, Cli, Result

GOLDEN = Path(__file__).resolve().parent / "golden" / "formats"
VERSION_PLACEHOLDER = '"<version>"'

API = "infra/api.yaml"
API_TEXT = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Runtime: python3.12
      Handler: app.handler
      Role: !GetAtt SharedRole.Arn
      Environment:
        Variables:
          CONFIG_JSON: '{"tenants": ["a", "b"], "limits": "..."}'
          TABLE: orders
      VpcConfig:
        SecurityGroupIds: [!Ref LambdaSecurityGroup]
        SubnetIds: [!Ref PrivateSubnet]
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Runtime: python3.12
      Handler: worker.handler
      Role: !GetAtt SharedRole.Arn
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
  # lambda-lint: ignore[LL402] jobs are idempotent; expiry is fine
  Jobs:
    Type: AWS::SQS::Queue
"""
WORKER = "infra/worker.tf.json"
WORKER_TEXT = """\
{
  "resource": {
    "aws_lambda_function": {
      "report": {
        "function_name": "nightly-report",
        "role": "${aws_iam_role.report.arn}",
        "handler": "report.handler",
        "runtime": "python3.12",
        "filename": "report.zip",
        "timeout": 1200,
        "vpc_config": {
          "subnet_ids": ["${aws_subnet.isolated.id}"],
          "security_group_ids": []
        }
      }
    }
  }
}
"""
CLEAN = "infra/clean.yaml"
CLEAN_TEXT = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Ok:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: 30
"""
SOURCES = {API: API_TEXT, WORKER: WORKER_TEXT, CLEAN: CLEAN_TEXT}


def locate(path: str, start: str, end: str | None = None) -> tuple[int, int, int, int]:
    """The span from the first ``start`` to the end of the first ``end`` after it (or of
    ``start``): 1-based, end column exclusive, as the engine builds spans."""
    text = SOURCES[path]
    begin = text.index(start)
    stop = text.index(end, begin) + len(end) if end else begin + len(start)

    def position(offset: int) -> tuple[int, int]:
        line = text.count("\n", 0, offset) + 1
        return line, offset - (text.rfind("\n", 0, offset) + 1) + 1

    return (*position(begin), *position(stop))


def make(
    code: str,
    path: str,
    span: tuple[int, int, int, int],
    resource: str,
    message: str,
    *,
    severity: Severity | None = None,
    suppression: Suppression | None = None,
) -> Finding:
    """A finding as the engine builds it, from the real rule's metadata."""
    rule = find_rule(code)
    assert rule is not None
    key = f"{resource}:{code}"
    return Finding(
        rule=rule.code,
        name=rule.name,
        severity=severity or rule.severity,
        message=message,
        path=path,
        line=span[0],
        column=span[1],
        end_line=span[2],
        end_column=span[3],
        resource=resource,
        key=key,
        help_url=rule.help_url,
        fingerprint=fingerprint(rule.code, path, resource, key),
        suppression=suppression,
    )


def rules(*codes: str) -> tuple[type[Rule], ...]:
    found = [find_rule(code) for code in codes]
    return tuple(rule for rule in found if rule is not None)


FINDINGS = (
    make(
        "LL101",
        API,
        locate(API, "CONFIG_JSON", "orders"),
        "Api",
        "environment variables take 4,310 bytes, over Lambda's limit of 4,096 bytes "
        "(4 KB, measured as the compact JSON of the whole map)",
    ),
    make(
        "LL501",
        API,
        locate(API, "!GetAtt SharedRole.Arn"),
        "Api",
        "execution role SharedRole is also used by Worker; "
        "give each function its own least-privilege role",
        severity=Severity.INFO,  # as a `severity` override in the configuration makes it
    ),
    make(
        "LL301",
        API,
        locate(API, "!Ref PrivateSubnet"),
        "Api",
        "subnet PrivateSubnet has no 0.0.0.0/0 route through a NAT gateway or NAT instance; "
        "invocations placed there cannot reach the internet or public AWS endpoints",
    ),
    make(
        "LL110",
        WORKER,
        locate(WORKER, "1200"),
        "aws_lambda_function.report",
        "timeout 1200 s is outside Lambda's range of 1 to 900 seconds (15 minutes)",
    ),
)
SUPPRESSED = (
    make(
        "LL402",
        API,
        locate(API, "Jobs:\n    Type", "Jobs"),
        "Jobs",
        "queue feeds function Worker but has no redrive policy: a message that keeps failing "
        "is retried until its retention period ends, then lost (add a dead-letter queue)",
        suppression=Suppression("inSource", "jobs are idempotent; expiry is fine"),
    ),
    make(
        "LL301",
        WORKER,
        locate(WORKER, '"${aws_subnet.isolated.id}"'),
        "aws_lambda_function.report",
        "subnet aws_subnet.isolated has no 0.0.0.0/0 route through a NAT gateway or NAT "
        "instance; invocations placed there cannot reach the internet or public AWS endpoints",
        suppression=Suppression("external", ""),
    ),
)
REPORT = Report(
    findings=tuple(sorted(FINDINGS, key=Finding.sort_key)),
    rules=rules("LL001", "LL101", "LL110", "LL301", "LL402", "LL501"),
    files_checked=3,
    files_skipped=1,
    sources=SOURCES,
    suppressed=tuple(sorted(SUPPRESSED, key=Finding.sort_key)),
)
GOLDEN_FILES = {
    "concise": "report.concise.txt",
    "full": "report.full.txt",
    "json": "report.json",
    "sarif": "report.sarif",
    "junit": "report.junit.xml",
    "github": "report.github.txt",
    "gitlab": "report.gitlab.json",
}


def render(format_name: str, report: Report = REPORT) -> str:
    stream = io.StringIO()
    write(format_name, report, stream)
    return stream.getvalue().replace(f'"{lambda_lint.__version__}"', VERSION_PLACEHOLDER)


def compare_golden(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    assert path.exists(), f"missing golden {name}; run pytest --update-snapshots and review it"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, (
        f"{name} differs; if the change is intended, run "
        "`python -m pytest tests/test_formatters.py --update-snapshots` and review the diff"
    )


def test_the_shared_report_covers_what_the_goldens_must_show() -> None:
    severities = {f.severity for f in REPORT.findings}
    assert severities == {Severity.ERROR, Severity.WARNING, Severity.INFO}
    assert any(f.end_line > f.line for f in REPORT.findings)
    assert {f.path for f in REPORT.findings} == {API, WORKER}
    assert API_TEXT.splitlines()[12].strip().startswith("CONFIG_JSON")  # the LL101 span
    assert (REPORT.findings[0].line, REPORT.findings[0].end_line) == (10, 10)
    assert {s.suppression.kind for s in REPORT.suppressed if s.suppression} == {
        "inSource",
        "external",
    }


@pytest.mark.parametrize("format_name", FORMATS)
def test_golden(format_name: str, update_snapshots: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        monkeypatch.delenv(variable, raising=False)  # rich must not colour the full golden
    compare_golden(GOLDEN_FILES[format_name], render(format_name), update_snapshots)


@pytest.mark.parametrize("kind", ["txt", "json"])
def test_statistics_golden(kind: str, update_snapshots: bool) -> None:
    stream = io.StringIO()
    (statistics.write if kind == "txt" else statistics.write_json)(REPORT, stream)
    compare_golden(f"report.statistics.{kind}", stream.getvalue(), update_snapshots)


def test_every_format_has_a_golden_and_a_cli_choice() -> None:
    assert set(GOLDEN_FILES) == set(FORMATS)
    assert cli._FORMATS == FORMATS  # repeated in the CLI so --help imports no formatter


# SARIF ---------------------------------------------------------------------------------------


def test_sarif_validates_against_the_schema() -> None:
    schema_path = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if not schema_path.exists():
        pytest.skip("../shared/schemas is absent")
    import jsonschema

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    document = json.loads(render("sarif"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(document), key=str)
    assert errors == []


def test_sarif_results_point_at_their_rules_and_keep_suppressed_findings() -> None:
    run = json.loads(render("sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["LL001", "LL101", "LL110", "LL301", "LL402", "LL501"]
    results = run["results"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert [(r["ruleId"], r["level"], "suppressions" in r) for r in results] == [
        ("LL501", "note", False),
        ("LL101", "error", False),
        ("LL301", "warning", False),
        ("LL402", "warning", True),
        ("LL110", "error", False),
        ("LL301", "warning", True),
    ]
    assert results[3]["suppressions"] == [
        {"kind": "inSource", "justification": "jobs are idempotent; expiry is fine"}
    ]
    assert results[5]["suppressions"] == [{"kind": "external"}]
    assert results[1]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "infra/api.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 13, "startColumn": 11, "endLine": 14, "endColumn": 24},
    }
    assert results[1]["partialFingerprints"] == {"lambdaLint/v1": REPORT.findings[1].fingerprint}
    assert rules[5]["defaultConfiguration"] == {"level": "warning"}  # the finding says note
    assert rules[1]["properties"] == {"tags": ["lambda", "limits"]}


def test_sarif_uris_are_encoded_and_absolute_paths_become_file_uris() -> None:
    odd = dataclasses.replace(REPORT.findings[0], path="my stack/t#1.yaml")
    outside = dataclasses.replace(REPORT.findings[0], path="/srv/infra/t.yaml")
    report = dataclasses.replace(REPORT, findings=(odd, outside), suppressed=())
    locations = [
        r["locations"][0] for r in json.loads(render("sarif", report))["runs"][0]["results"]
    ]
    uris = [loc["physicalLocation"]["artifactLocation"] for loc in locations]
    assert uris == [
        {"uri": "file:///srv/infra/t.yaml"},
        {"uri": "my%20stack/t%231.yaml", "uriBaseId": "%SRCROOT%"},
    ]


# JUnit ---------------------------------------------------------------------------------------


def test_junit_parses_with_a_real_junit_library(tmp_path: Path) -> None:
    from junitparser import Failure, JUnitXml

    path = tmp_path / "report.xml"
    path.write_text(render("junit"), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert [(s.name, s.tests, s.failures, s.errors, s.skipped) for s in suites] == [
        (API, 4, 3, 0, 1),
        (CLEAN, 1, 0, 0, 0),
        (WORKER, 2, 1, 0, 1),
    ]
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (7, 4, 0, 2)
    cases = [(case.classname, case.name, case.result) for suite in suites for case in suite]
    summary = [
        (classname, name, [(type(r).__name__, r.type, r.message) for r in result])
        for classname, name, result in cases
    ]
    assert summary == [
        (API, "LL501 Api", [("Failure", "info", FINDINGS[1].message)]),
        (API, "LL101 Api", [("Failure", "error", FINDINGS[0].message)]),
        (API, "LL301 Api", [("Failure", "warning", FINDINGS[2].message)]),
        (
            API,
            "LL402 Jobs",
            [("Skipped", None, "suppressed (inSource): jobs are idempotent; expiry is fine")],
        ),
        (CLEAN, "no findings", []),
        (WORKER, "LL110 aws_lambda_function.report", [("Failure", "error", FINDINGS[3].message)]),
        (
            WORKER,
            "LL301 aws_lambda_function.report",
            [("Skipped", None, "suppressed (external): no reason given")],
        ),
    ]
    failure = next(r for _, _, result in cases for r in result if isinstance(r, Failure))
    assert failure.text == (
        "infra/api.yaml:10:13: info: " + FINDINGS[1].message + " [LL501]\n"
        "help: https://github.com/lambda-lint/lambda-lint/blob/main/docs/rules/LL501.md"
    )


def test_junit_shows_clean_files_the_report_does_not_name() -> None:
    """The engine keeps no name for clean files: they become one passing case."""
    report = dataclasses.replace(REPORT, sources={}, suppressed=(), files_checked=6)
    out = render("junit", report)
    assert out.endswith(
        '  <testsuite name="lambda-lint" tests="1" failures="0" errors="0" skipped="0">\n'
        '    <testcase name="4 more files checked" classname="lambda-lint" />\n'
        "  </testsuite>\n"
        "</testsuites>\n"
    )


def test_junit_spells_out_characters_xml_cannot_carry() -> None:
    bad = dataclasses.replace(REPORT.findings[0], message="name 'A\x01B' is invalid")
    out = render("junit", dataclasses.replace(REPORT, findings=(bad,), suppressed=()))
    failure = ElementTree.fromstring(out).find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == "name 'A\\x01B' is invalid"


# GitHub --------------------------------------------------------------------------------------


def test_github_escapes_data_and_properties() -> None:
    odd = dataclasses.replace(
        REPORT.findings[3], path="a,b:c.yaml", message="100% of 1,200 s:\r\nline two"
    )
    assert github.command(odd) == (
        "::error file=a%2Cb%3Ac.yaml,line=10,endLine=10,col=20,endColumn=24,"
        "title=LL110 timeout-out-of-range::100%25 of 1,200 s:%0D%0Aline two"
    )


def test_github_omits_columns_of_multi_line_spans() -> None:
    """The runner drops col/endColumn when the lines differ; we do not send them."""
    assert github.command(REPORT.findings[1]).startswith(
        "::error file=infra/api.yaml,line=13,endLine=14,title=LL101 env-vars-too-large::"
    )


# GitLab --------------------------------------------------------------------------------------


def test_gitlab_fingerprints_are_line_free_and_unique() -> None:
    first = REPORT.findings[3]
    moved = dataclasses.replace(first, line=40, end_line=40)
    issues = gitlab.issues(dataclasses.replace(REPORT, findings=(first, moved)))
    assert issues[0]["fingerprint"] == first.fingerprint
    assert issues[1]["fingerprint"] not in (first.fingerprint, "")
    again = gitlab.issues(dataclasses.replace(REPORT, findings=(first, moved)))
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in issues]
    assert [i["severity"] for i in gitlab.issues(REPORT)] == [
        "info",
        "critical",
        "major",
        "critical",
    ]


# format choice and the CLI options -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "environ", "isatty", "expected"),
    [
        ("auto", {"GITHUB_ACTIONS": "true"}, True, "github"),
        ("auto", {"GITHUB_ACTIONS": "true"}, False, "github"),
        ("auto", {"GITHUB_ACTIONS": "false"}, True, "full"),
        ("auto", {}, True, "full"),
        ("auto", {}, False, "concise"),
        ("sarif", {"GITHUB_ACTIONS": "true"}, True, "sarif"),
    ],
)
def test_auto_format(name: str, environ: dict[str, str], isatty: bool, expected: str) -> None:
    assert resolve(name, environ, isatty) == expected


LL110_FAIL = "fixtures/rules/LL110/fail.cfn.yaml"


def run(cli: Cli, *args: str) -> Result:
    """The shared runner with this file's default: only LL110."""
    return cli("--select", "LL110", *args)


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.mark.usefixtures("in_repo")
def test_cli_auto_is_github_under_actions_concise_in_a_pipe_full_on_a_terminal(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(cli, LL110_FAIL)
    assert code == 1
    assert out.splitlines()[0].startswith(f"{LL110_FAIL}:23:16: error: timeout 0 s")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = run(cli, LL110_FAIL)
    assert out.splitlines()[0] == (
        f"::error file={LL110_FAIL},line=23,endLine=23,col=16,endColumn=17,"
        "title=LL110 timeout-out-of-range::timeout 0 s is outside Lambda's range of 1 to 900 "
        "seconds (15 minutes)"
    )
    assert len(out.splitlines()) == 4  # the findings and nothing else
    monkeypatch.delenv("GITHUB_ACTIONS")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, _ = run(cli, LL110_FAIL)
    assert "      23 |       Timeout: 0\n" in re.sub(r"\x1b\[[0-9;]*m", "", out)  # rich colours


@pytest.mark.usefixtures("in_repo")
@pytest.mark.parametrize("format_name", sorted(MACHINE_FORMATS))
def test_machine_formats_print_only_the_report(cli: Cli, format_name: str) -> None:
    code, out, err = run(cli, LL110_FAIL, "--format", format_name)
    assert (code, err) == (1, "")
    if format_name == "junit":
        assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
        assert out.endswith("</testsuites>\n")
    elif format_name == "github":
        assert all(line.startswith("::error file=") for line in out.splitlines())
    else:
        json.loads(out)  # the whole of stdout is one JSON document


@pytest.mark.usefixtures("in_repo")
def test_output_file_gets_the_report_and_stdout_stays_empty(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "reports" / "lambda-lint.sarif"
    code, out, err = run(cli, LL110_FAIL, "--format", "sarif", "--output-file", str(target))
    assert (code, out, err) == (1, "", "")
    document = json.loads(target.read_text(encoding="utf-8"))
    assert len(document["runs"][0]["results"]) == 4
    # auto writes concise to a file: the file is no terminal and no Actions log.
    concise = tmp_path / "out.txt"
    assert run(cli, LL110_FAIL, "--output-file", str(concise))[1] == ""
    assert concise.read_text(encoding="utf-8").endswith("Found 4 findings (4 errors) in 1 file.\n")


@pytest.mark.usefixtures("in_repo")
def test_output_file_that_cannot_be_written_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    code, out, err = run(cli, LL110_FAIL, "--output-file", str(blocker / "x.txt"))
    assert (code, out) == (2, "")
    assert err.startswith(f"lambda-lint: error: cannot write {blocker / 'x.txt'}: ")


@pytest.mark.usefixtures("in_repo")
def test_statistics(cli: Cli) -> None:
    code, out, _ = run(cli, LL110_FAIL, "--statistics")
    assert (code, out) == (
        1,
        "4  LL110  [error]  timeout-out-of-range\nFound 4 findings (4 errors) in 1 file.\n",
    )
    code, out, _ = run(cli, LL110_FAIL, "--statistics", "--format", "json")
    assert json.loads(out) == [
        {"code": "LL110", "name": "timeout-out-of-range", "severity": "error", "count": 4}
    ]
    code, out, err = run(cli, LL110_FAIL, "--statistics", "--format", "sarif")
    assert (code, out) == (2, "")
    assert err == (
        "lambda-lint: error: --statistics works with --format concise, full or json, not sarif\n"
    )


def test_formats_are_imported_only_when_chosen() -> None:
    code = (
        "import sys; from lambda_lint.cli import main\n"
        f"main([{str(FIXTURES / 'rules' / 'LL110' / 'pass.cfn.yaml')!r}, '--format', 'github'])\n"
        "names = ('rich', 'xml.etree.ElementTree') + tuple('lambda_lint.formatters.' + n for n in "
        "('full', 'sarif', 'junit', 'gitlab', 'json', 'concise', 'statistics'))\n"
        "print(sorted(m for m in names if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_a_clean_run_in_the_full_format_does_not_import_rich() -> None:
    code = (
        "import sys; from lambda_lint.cli import main\n"
        f"main([{str(FIXTURES / 'rules' / 'LL110' / 'pass.cfn.yaml')!r}, '--format', 'full'])\n"
        "print('rich' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.splitlines() == ["All checks passed! (1 file checked)", "False"]


def test_a_reader_that_leaves_early_is_not_an_error() -> None:
    """``lambda-lint ... | head -1``: no BrokenPipeError traceback, the lint's exit code."""
    process = subprocess.Popen(
        [sys.executable, "-m", "lambda_lint", str(FIXTURES / "rules" / "LL110" / "fail.cfn.yaml")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "GITHUB_ACTIONS": ""},
    )
    assert process.stdout is not None
    process.stdout.close()  # every write of the child now fails with EPIPE
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err.decode()) == (1, "")


def test_full_shows_a_window_of_a_long_line_around_the_span(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-line plan or template was printed whole for each finding (100 KB of output
    for a 20 KB plan); now each finding shows at most about 160 characters of it."""
    from lambda_lint.formatters.full import MAX_SHOWN

    monkeypatch.chdir(tmp_path)
    padding = {f"K{i}": "v" * 50 for i in range(40)}
    function = {"Type": "AWS::Lambda::Function", "Properties": {"Tags": padding, "Timeout": 0}}
    text = json.dumps({"Resources": {"Fn": function, "Z": {"Type": "AWS::SNS::Topic"}}})
    Path("t.json").write_text(text + "\n", encoding="utf-8")
    code, out, _ = cli("t.json", "--format", "full", "--select", "LL110")
    assert code == 1
    lines = out.splitlines()
    source = next(line for line in lines if line.startswith("        1 | "))
    caret = lines[lines.index(source) + 1]
    assert len(source) <= 12 + MAX_SHOWN + 6
    assert source.startswith("        1 | ...")
    start = caret.index("^")
    assert source[start : start + len(caret) - start] == "0"  # the value, underlined
    assert len(out) < 2_000 < len(text)


def test_clip_keeps_short_lines_and_marks_cuts() -> None:
    from lambda_lint.formatters.full import clip

    assert clip("Timeout: 0", 10, 11) == ("Timeout: 0", 10, 11)
    line = "a" * 100 + "XY" + "b" * 100
    shown, start, end = clip(line, 101, 103, width=60)
    assert shown[start - 1 : end - 1] == "XY"
    assert shown.startswith("...") and shown.endswith("...")
    assert clip("XY" + "b" * 300, 1, 3, width=60)[0].startswith("XYb")
