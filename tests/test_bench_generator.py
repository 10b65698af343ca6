"""The benchmark workloads (bench/gen): same seed, same bytes; findings exactly as planted.

Timings are never asserted. What is checked is what makes the benchmark mean
something: the workloads do not drift between runs or machines (a pinned hash),
and lambda-lint reports on them the planted violations and nothing else, so a
benchmark run measures a clean, realistic application plus a few known mistakes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import Cli

GEN = Path(__file__).resolve().parent.parent / "bench" / "gen"

# sha256 of the 10-function CloudFormation workload, seed 0. A change to the generator
# changes it: update it deliberately, never to make the test pass by itself.
CFN_10_SHA256 = "b3b450f93319ad59d0e0e65996ba1527efa6eae5aba1ad143967069ea18aed89"

PLANTED_10 = {
    "cfn": [
        ("LL101", "Fn0002"),
        ("LL110", "Fn0003"),
        ("LL402", "Fn0009Queue"),
        ("LL501", "Fn0004"),
        ("LL501", "Fn0005"),
    ],
    "sam": [
        ("LL101", "Fn0002"),
        ("LL110", "Fn0003"),
        ("LL402", "Fn0009Queue"),
        ("LL501", "Fn0004"),
        ("LL501", "Fn0005"),
    ],
    "tf": [
        ("LL101", "aws_lambda_function.fn_0002"),
        ("LL110", "aws_lambda_function.fn_0003"),
        ("LL402", "aws_sqs_queue.fn_0009_queue"),
        ("LL501", "aws_lambda_function.fn_0004"),
        ("LL501", "aws_lambda_function.fn_0005"),
    ],
}
PLANTED_10["plan"] = PLANTED_10["tf"]  # a plan's ids are the module's addresses
PLANTED_10["hcl"] = PLANTED_10["tf"]  # the same module in HCL


def _load_gen() -> ModuleType:
    """Import bench/gen under a private name (bench/ is not an installed package)."""
    name = "_lambda_lint_bench_gen"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, GEN / "__init__.py", submodule_search_locations=[str(GEN)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


gen = _load_gen()


def test_same_seed_gives_identical_bytes() -> None:
    first = gen.generate("cfn", 10, seed=0)
    assert gen.generate("cfn", 10, seed=0) == first
    assert hashlib.sha256(first.encode("utf-8")).hexdigest() == CFN_10_SHA256
    for fmt in ("sam", "tf", "plan", "hcl"):
        assert gen.generate(fmt, 10, seed=0) == gen.generate(fmt, 10, seed=0)


def test_another_seed_gives_another_workload() -> None:
    assert gen.generate("cfn", 10, seed=1) != gen.generate("cfn", 10, seed=0)


def _findings(path: Path, cli: Cli) -> list[tuple[str, str]]:
    code, out, _ = cli("--format", "json", str(path))
    report = json.loads(out)
    found = sorted((f["rule"], f["resource"]) for f in report["findings"])
    assert code == (1 if found else 0)
    return found


@pytest.mark.parametrize("fmt", ["cfn", "sam", "tf", "plan", "hcl"])
def test_ten_functions_report_exactly_the_planted_findings(
    fmt: str, tmp_path: Path, cli: Cli
) -> None:
    path = gen.write_workloads(tmp_path, [10], seed=0, formats=(fmt,))[(fmt, 10)]
    assert _findings(path, cli) == PLANTED_10[fmt]
    assert gen.planted_findings(fmt, 10, seed=0) == PLANTED_10[fmt]


@pytest.mark.parametrize("fmt", ["cfn", "sam", "tf", "plan", "hcl"])
def test_one_function_is_clean(fmt: str, tmp_path: Path, cli: Cli) -> None:
    path = gen.write_workloads(tmp_path, [1], seed=0, formats=(fmt,))[(fmt, 1)]
    assert _findings(path, cli) == []


def _resources(plan_text: str) -> list[str]:
    doc = json.loads(plan_text)
    planned = [r["address"] for r in doc["planned_values"]["root_module"]["resources"]]
    assert [r["address"] for r in doc["resource_changes"]] == planned
    assert [r["address"] for r in doc["configuration"]["root_module"]["resources"]] == planned
    return planned


def test_the_plan_is_the_terraform_module_as_terraform_shows_it() -> None:
    """Every resource of ``main.tf.json`` is planned, configured and created, once."""
    module = json.loads(gen.generate("tf", 10, seed=0))["resource"]
    addresses = sorted(f"{rtype}.{name}" for rtype, bodies in module.items() for name in bodies)
    plan_text = gen.generate("plan", 10, seed=0)
    assert _resources(plan_text) == addresses
    doc = json.loads(plan_text)
    assert doc["format_version"] == "1.2" and doc["complete"] is True
    by_address = {r["address"]: r for r in doc["resource_changes"]}
    mapping = by_address["aws_lambda_event_source_mapping.fn_0009"]["change"]
    # The queue's ARN is known only after apply: absent from the values, marked unknown,
    # and its references kept in the configuration.
    assert "event_source_arn" not in mapping["after"]
    assert mapping["after_unknown"]["event_source_arn"] is True
    configured = {r["address"]: r for r in doc["configuration"]["root_module"]["resources"]}
    expression = configured["aws_lambda_event_source_mapping.fn_0009"]["expressions"]
    assert expression["event_source_arn"]["references"] == [
        "aws_sqs_queue.fn_0009_queue.arn",
        "aws_sqs_queue.fn_0009_queue",
    ]
    # A role's name is set in its configuration: known at plan time, variables applied.
    attachment = by_address["aws_iam_role_policy_attachment.fn_0001_exec_basic"]["change"]
    assert attachment["after"] == {
        "role": "dev-fn-0001-exec",
        "policy_arn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    }


def test_a_plan_ten_times_larger_is_ten_times_the_bytes_with_every_planted_finding(
    tmp_path: Path, cli: Cli
) -> None:
    """Plans at scale (issue 20): sizes, never seconds. 1,000 functions is a 19 MB plan
    of 8,000 resources in three copies; a pass quadratic in resources or lines would
    take minutes on it, a linear one a few seconds. Every planted finding is reported."""
    small, large = (gen.generate("plan", size, seed=0) for size in (100, 1000))
    assert 9.5 < len(large) / len(small) < 10.5
    assert 9.5 < len(_resources(large)) / len(_resources(small)) < 10.5
    found = {}
    for size, text in ((100, small), (1000, large)):
        path = tmp_path / f"functions-{size}.tfplan.json"
        path.write_text(text, encoding="utf-8")
        found[size] = _findings(path, cli)
        assert found[size] == gen.planted_findings("plan", size, seed=0)
    assert (len(found[100]), len(found[1000])) == (5, 25)
