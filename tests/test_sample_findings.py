"""``scripts/sample_findings.py``: a repeatable random sample of findings, with source."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import FIXTURES, ROOT

SCRIPT = ROOT / "scripts" / "sample_findings.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sample_findings", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_same_seed_draws_the_same_findings(capsys: pytest.CaptureFixture[str]) -> None:
    script = _script()
    folder = FIXTURES / "rules" / "LL501" / "fail-conditions.cfn.yaml"
    assert script.main([str(folder), "-n", "3", "--seed", "7", "--select", "LL501"]) == 0
    first = capsys.readouterr().out
    assert script.main([str(folder), "-n", "3", "--seed", "7", "--select", "LL501"]) == 0
    assert capsys.readouterr().out == first
    assert first.startswith("3 of ")
    assert first.count("\n#") == 3 and "LL501 warning [" in first


def test_each_finding_shows_its_span_underlined(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
        "    Properties:\n      Timeout: 1000\n      Role: arn:aws:iam::123456789012:role/r\n",
        encoding="utf-8",
    )
    assert _script().main([str(tmp_path), "--select", "LL110", "--context", "1"]) == 0
    out = capsys.readouterr().out
    assert "#1 LL110 error [Fn]" in out
    assert "    5 |       Timeout: 1000\n      |                ^^^^\n" in out
    assert "    4 |     Properties:\n" in out and "    6 |       Role:" in out
