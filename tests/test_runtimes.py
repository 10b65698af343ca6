"""LL702's data and its ``today``: the shipped lifecycle table, the rule's edges on the
model, and the date the engine supplies when the configuration pins none.

The fixtures (tests/test_rules.py) prove the rule through every loader on a pinned
date; these pin the date arithmetic at each boundary and the engine's default.
"""

from __future__ import annotations

import datetime
import json
import textwrap
from importlib import resources
from pathlib import Path

import pytest
from lambda_lint.rules import DeprecatedRuntime, EphemeralStorageOutOfRange, TimeoutOutOfRange

from lambda_lint.cli import main
from lambda_lint.engine import LintOptions, lint
from lambda_lint.model import MISSING, Stack, lifecycle, runtime_names
from lambda_lint.options import with_today
from lambda_lint.rule import Severity, Violation

from .model_factory import choice, field, function, stack, unresolved

TABLE = json.loads(
    resources.files("lambda_lint").joinpath("data", "runtimes.json").read_text("utf-8")
)


def check(model: Stack, today: str) -> list[tuple[str, str, str | None]]:
    """(resource, message, severity) of every LL702 violation on ``today``."""
    found: list[Violation] = list(DeprecatedRuntime({"today": today}).check(model))
    return [(v.resource, v.message, v.severity and v.severity.value) for v in found]


# -- the table --------------------------------------------------------------------------


def test_every_row_has_its_dates_in_order_a_known_source_and_a_supported_successor() -> None:
    sources = set(TABLE["sources"])
    on = datetime.date(2026, 11, 22)  # the day the facts were checked
    for name, row in TABLE["runtimes"].items():
        assert set(row["sources"]) <= sources and row["sources"], name
        found = lifecycle(name)
        assert found is not None and found.name == name
        if found.block_create is not None and found.block_update is not None:
            assert found.block_create <= found.block_update, name
        if found.successor is not None:
            successor = lifecycle(found.successor)
            assert successor is not None and successor.deprecated > on, name
    assert len(runtime_names()) == 47  # every runtime of the facts table (AWS-FACTS §11)


def test_the_table_knows_aws_spelling_only() -> None:
    assert lifecycle("python3.12") is not None
    assert lifecycle("Python3.12") is None
    assert lifecycle("dotnet9") is not None and not lifecycle("dotnet9").managed  # type: ignore[union-attr]


# -- the rule on each boundary ----------------------------------------------------------


PY38 = stack(function("Fn", runtime=field("python3.8", 4)))


def test_python38_on_each_side_of_each_date() -> None:
    assert check(PY38, "2024-10-13") == []  # the day before deprecation
    deprecated = (
        "runtime python3.8 was deprecated on 2024-10-14 and gets no more security patches; "
        "creating functions with it is blocked from 2027-02-01, updating them from "
        "2027-03-03; use python3.14"
    )
    assert check(PY38, "2024-10-14") == [("Fn", deprecated, None)]
    assert check(PY38, "2027-01-31") == [("Fn", deprecated, None)]
    assert check(PY38, "2027-02-01") == [
        (
            "Fn",
            "runtime python3.8 was deprecated on 2024-10-14 and creating functions with it "
            "has been blocked since 2027-02-01 (a new stack, or a change that replaces the "
            "function, fails; updating them is blocked from 2027-03-03); use python3.14",
            "error",
        )
    ]
    assert check(PY38, "2027-03-03") == [
        (
            "Fn",
            "runtime python3.8 was deprecated on 2024-10-14 and creating functions with it "
            "has been blocked since 2027-02-01, updating them since 2027-03-03; use python3.14",
            "error",
        )
    ]


def test_image_functions_unresolved_and_missing_runtimes_are_never_reported() -> None:
    model = stack(
        function("Image", runtime=field("nodejs12.x", 2), package_type=field("Image", 3)),
        function("Open", line=5, runtime=unresolved("!Ref Runtime", 6)),
        function("Absent", line=8),
        function("Zip", line=10, runtime=field("provided.al2023", 11), package_type=field("Zip")),
    )
    assert check(model, "2026-12-02") == []


def test_each_branch_is_judged_and_a_typo_gets_a_supported_suggestion() -> None:
    model = stack(
        function("Branch", runtime=choice("IsProd", "nodejs14.x", "nodejs24.x", line=2)),
        function("Typo", line=5, runtime=field("python3", 6)),
        function("Retired", line=8, runtime=field("node6.10", 9)),
        function("Placeholder", line=11, runtime=field("JAVA_VERSION", 12)),
        function("Huge", line=14, runtime=field("python3." + "9" * 100_000, 15)),
    )
    found = check(model, "2026-12-02")
    assert [(resource, severity) for resource, _, severity in found] == [
        ("Branch", "error"),
        ("Typo", "error"),
        ("Retired", "error"),
        ("Placeholder", "error"),
        ("Huge", "error"),
    ]
    assert [message for _, message, _ in found[1:]] == [
        "runtime 'python3' is not a Lambda runtime identifier (did you mean python3.14?)",
        "runtime 'node6.10' is not a Lambda runtime identifier (did you mean nodejs6.10? it "
        "is deprecated; use nodejs24.x)",
        "runtime 'JAVA_VERSION' is not a Lambda runtime identifier",
        "runtime 'python3." + "9" * 52 + "'... is not a Lambda runtime identifier",
    ]


def test_ephemeral_storage_bounds_on_the_model() -> None:
    model = stack(
        function("Low", ephemeral_storage=field(511, 2)),
        function("Min", line=4, ephemeral_storage=field(512, 5)),
        function("Max", line=7, ephemeral_storage=field(10240, 8)),
        function("High", line=10, ephemeral_storage=field(10241, 11)),
        function("Absent", line=13),
    )
    found = list(EphemeralStorageOutOfRange().check(model))
    assert [(v.resource, v.span.line, v.message) for v in found] == [
        ("Low", 2, "ephemeral storage size 511 MB is outside Lambda's range of 512 to 10,240 MB"),
        (
            "High",
            11,
            "ephemeral storage size 10241 MB is outside Lambda's range of 512 to 10,240 MB",
        ),
    ]


# -- today: supplied by the engine, pinned by the configuration --------------------------


def test_with_today_fills_only_rules_that_take_it_and_keeps_a_pinned_date() -> None:
    rules = [DeprecatedRuntime, TimeoutOutOfRange]
    filled = with_today(LintOptions(), rules, "2030-01-01")
    assert filled.rule_options == {"LL702": {"today": "2030-01-01"}}
    pinned = LintOptions(rule_options={"LL702": {"today": "2024-01-01"}})
    assert with_today(pinned, rules, "2030-01-01") is pinned
    other = LintOptions(rule_options={"LL110": {"maximum": 60}})
    assert with_today(other, rules, "2030-01-01").rule_options == {
        "LL110": {"maximum": 60},
        "LL702": {"today": "2030-01-01"},
    }


TEMPLATE = """\
Resources:
  Old:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs12.x
  Recent:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.8
"""
# nodejs12.x has been blocked since 2023: the same finding on any day this test runs.
NODEJS12 = (
    "t.yaml:5:16: error: runtime nodejs12.x was deprecated on 2023-03-31 and creating "
    "functions with it has been blocked since 2023-03-31, updating them since 2023-04-30; "
    "use nodejs24.x [LL702]"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.yaml").write_text(TEMPLATE, encoding="utf-8")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["t.yaml", "--format", "concise", "--select", "LL702", *args])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def configure(project: Path, body: str) -> None:
    text = "[project]\nname = 'x'\n\n[tool.lambda-lint.rules.LL702]\n" + textwrap.dedent(body)
    (project / "pyproject.toml").write_text(text, encoding="utf-8")


def test_without_a_configuration_the_engine_supplies_the_date(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--isolated")
    assert (code, err) == (1, "")
    assert out[0] == NODEJS12
    assert out[1].startswith("t.yaml:9:16: ")  # python3.8: deprecated since 2024 either way
    assert len(out) == 3


def test_a_pinned_date_decides(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, 'today = "2024-10-13"\n')
    assert run(capsys)[1] == [NODEJS12, "Found 1 finding (1 error) in 1 file."]
    configure(project, 'today = "2027-02-01"\n')
    code, out, _ = run(capsys)
    assert code == 1
    assert out[1] == (
        "t.yaml:9:16: error: runtime python3.8 was deprecated on 2024-10-14 and creating "
        "functions with it has been blocked since 2027-02-01 (a new stack, or a change that "
        "replaces the function, fails; updating them is blocked from 2027-03-03); use "
        "python3.14 [LL702]"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('today = "tomorrow"\n', "rules.LL702.today: 'tomorrow' does not match"),
        ('today = "2027-13-01"\n', "rules.LL702.today: '2027-13-01' does not match"),
        ("today = 20270201\n", "rules.LL702.today: 20270201 is not of type 'string'"),
        ('today = "2027-02-30"\n', "rules.LL702.today: '2027-02-30' is not a calendar date"),
    ],
)
def test_a_bad_date_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str], body: str, message: str
) -> None:
    configure(project, body)
    code, out, err = run(capsys)
    assert (code, out) == (2, [])
    assert err.startswith("lambda-lint: error: ") and message in err, err


def test_fixture_runs_pin_the_date(tmp_path: Path) -> None:
    """The rule fixtures are judged on their own day, whatever the calendar says."""
    from lambda_lint.discovery import Candidate

    from .test_rules import FIXTURE_OPTIONS, RULE_FIXTURES

    path = RULE_FIXTURES / "LL702" / "pass.cfn.yaml"
    assert (
        lint([Candidate(path, explicit=True)], [DeprecatedRuntime], FIXTURE_OPTIONS).findings == ()
    )
    later = LintOptions(rule_options={"LL702": {"today": "2026-10-31"}})
    flagged = lint([Candidate(path, explicit=True)], [DeprecatedRuntime], later).findings
    assert [(f.resource, f.severity) for f in flagged] == [
        ("PassDeprecatedTomorrow", Severity.WARNING)
    ]


# -- the loaders ------------------------------------------------------------------------


def test_every_loader_reads_runtime_package_type_and_ephemeral_storage() -> None:
    """Plans as well as templates; an unset size is computed by the provider, so a plan
    does not know it before apply (absent, as in the module)."""
    from lambda_lint.loaders import load_document
    from lambda_lint.parsing import parse_text

    from .test_rules import RULE_FIXTURES

    def read(loader: str, path: Path) -> dict[str, tuple[object, object, object]]:
        stack, _ = load_document(loader, parse_text(path.read_text("utf-8"), path.name).root)
        return {
            name.rsplit(".", 1)[-1]: tuple(
                f.value if f is not None else None
                for f in (fn.runtime, fn.package_type, fn.ephemeral_storage)
            )
            for name, fn in stack.functions.items()
        }

    plan = read("terraform-plan", RULE_FIXTURES / "LL121" / "pass-plan.tfplan.json")
    assert plan["PassMin"] == ("python3.12", "Zip", 512)
    assert plan["PassMax"] == ("python3.12", "Zip", 10240)
    assert plan["PassDefault"] == ("python3.12", "Zip", MISSING)
    template = read("cloudformation", RULE_FIXTURES / "LL702" / "pass.cfn.yaml")
    assert template["PassImage"][:2] == (MISSING, "Image")
    assert template["PassAl2023"] == ("provided.al2023", MISSING, MISSING)
