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

from lambda_lint.cli import main

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
    for fmt in ("sam", "tf"):
        assert gen.generate(fmt, 10, seed=0) == gen.generate(fmt, 10, seed=0)


def test_another_seed_gives_another_workload() -> None:
    assert gen.generate("cfn", 10, seed=1) != gen.generate("cfn", 10, seed=0)


def _findings(path: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    code = main(["--format", "json", str(path)])
    report = json.loads(capsys.readouterr().out)
    found = sorted((f["rule"], f["resource"]) for f in report["findings"])
    assert code == (1 if found else 0)
    return found


@pytest.mark.parametrize("fmt", ["cfn", "sam", "tf"])
def test_ten_functions_report_exactly_the_planted_findings(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = gen.write_workloads(tmp_path, [10], seed=0, formats=(fmt,))[(fmt, 10)]
    assert _findings(path, capsys) == PLANTED_10[fmt]
    assert gen.planted_findings(fmt, 10, seed=0) == PLANTED_10[fmt]


@pytest.mark.parametrize("fmt", ["cfn", "sam", "tf"])
def test_one_function_is_clean(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = gen.write_workloads(tmp_path, [1], seed=0, formats=(fmt,))[(fmt, 1)]
    assert _findings(path, capsys) == []
