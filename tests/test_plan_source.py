"""Plans mapped back to source: with the configuration a plan was made from at hand (the
plan's directory, or ``plan-source``), findings point at the ``.tf`` attribute that sets
each value; the values themselves still come from the plan.

``fixtures/terraform/plan-hcl/plan.json`` is ``terraform show -json`` of the module
beside it (made as ``scripts/make_plan_fixtures.py`` makes plans).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES, Cli

PLAN_HCL = FIXTURES / "terraform" / "plan-hcl"
PLAN_JSON = FIXTURES / "terraform" / "plan-with-modules"


def _findings(cli: Cli, *args: str | Path) -> list[tuple[str, str, str]]:
    _, out, err = cli(*args, "--format", "json", "--isolated")
    assert err == ""
    return [
        (f["rule"], f["resource"], f"{f['path']}:{f['line']}:{f['column']}")
        for f in json.loads(out)["findings"]
    ]


@pytest.fixture
def copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(PLAN_HCL, tmp_path / "infra")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "infra"


def test_findings_point_at_the_attribute_that_sets_the_value(cli: Cli, copied: Path) -> None:
    """The worker's timeout is set by the caller's argument (main.tf:17), its role by the
    caller's too (main.tf:16); the api function's default timeout at its name."""
    assert _findings(cli, "infra/plan.json") == [
        ("LL402", "aws_sqs_queue.jobs", "infra/main.tf:9:26"),
        ("LL112", "aws_sqs_queue.jobs", "infra/main.tf:11:32"),
        ("LL501", "module.worker.aws_lambda_function.this", "infra/main.tf:16:13"),
        ("LL501", "aws_lambda_function.api", "infra/main.tf:23:19"),
        ("LL102", "aws_lambda_function.api", "infra/main.tf:32:7"),
    ]


def test_values_still_come_from_the_plan(cli: Cli, copied: Path) -> None:
    """The source says 60; the plan says 45 (edited after planning): the plan is what
    is checked (LL112 then compares 30 s with 45 s), at the source's position."""
    plan = (copied / "plan.json").read_text(encoding="utf-8")
    (copied / "plan.json").write_text(plan.replace('"timeout": 60', '"timeout": 45'))
    _, out, _ = cli("infra/plan.json", "--select", "LL112", "--format", "concise", "--isolated")
    assert out.startswith(
        "infra/main.tf:11:32: error: visibility timeout 30 s is below the 45 s timeout"
    )


def test_without_the_source_findings_stay_in_the_plan(cli: Cli, copied: Path) -> None:
    for name in ("main.tf", "modules"):
        target = copied / name
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    assert [where for *_, where in _findings(cli, "infra/plan.json")] == [
        "infra/plan.json:31:22",
        "infra/plan.json:44:19",
        "infra/plan.json:93:22",
        "infra/plan.json:110:43",
        "infra/plan.json:169:26",
    ]


def test_plan_source_points_at_another_root(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--plan-source`` and the ``plan-source`` setting name the root module (here the
    ``config/`` of a plan made from Terraform JSON files)."""
    shutil.copytree(PLAN_JSON, tmp_path / "p")
    monkeypatch.chdir(tmp_path)
    before = _findings(cli, "p/plan.json")
    assert all(where.startswith("p/plan.json:") for *_, where in before)
    after = _findings(cli, "p/plan.json", "--plan-source", "p/config")
    # The same findings, each now at its source (so possibly in another order).
    assert sorted((rule, resource) for rule, resource, _ in after) == sorted(
        (rule, resource) for rule, resource, _ in before
    )
    assert not any(where.startswith("p/plan.json") for *_, where in after)
    (tmp_path / "lambda-lint.toml").write_text('plan-source = "p/config"\n')
    _, out, _ = cli("p/plan.json", "--format", "json")
    configured = [
        (f["rule"], f["resource"], f"{f['path']}:{f['line']}:{f['column']}")
        for f in json.loads(out)["findings"]
    ]
    assert configured == after
