"""The project's own style and type checks, so the README's test command gates them too."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT

CHECKS = {
    "ruff-check": [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
    "ruff-format": [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."],
    "mypy": [sys.executable, "-m", "mypy"],
}


@pytest.mark.parametrize("name", list(CHECKS))
def test_source_passes(name: str) -> None:
    tool = CHECKS[name][2]
    if shutil.which(tool) is None and not _importable(tool):
        pytest.skip(f"{tool} is not installed (it is in the dev extra)")
    result = subprocess.run(
        CHECKS[name], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None
