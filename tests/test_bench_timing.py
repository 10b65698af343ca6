"""The benchmark's uncached start-up row (bench/timing.py) measures what it says.

Nothing is timed. What is checked: the fresh copy of the package holds no bytecode,
it is the lambda-lint (rules included) that Python imports under ``uncached_env``, and
a lint run from it leaves it without bytecode, so every run compiles from source.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

TIMING = Path(__file__).resolve().parent.parent / "bench" / "timing.py"
TEMPLATE = """AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: {ZipFile: x}
      Timeout: 901
"""


def _load_timing() -> ModuleType:
    """Import bench/timing.py under a private name (bench/ is not an installed package)."""
    name = "_lambda_lint_bench_timing"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, TIMING)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


timing = _load_timing()


def test_the_fresh_copy_is_imported_and_never_compiled_into(tmp_path: Path) -> None:
    copy = timing.fresh_copy(tmp_path / "fresh")
    assert timing.bytecode_in(copy) == []
    assert (copy / "lambda_lint" / "rules" / "__init__.py").is_file()
    env = timing.uncached_env(copy)
    where = "import lambda_lint, lambda_lint.rules as r; print(lambda_lint.__file__, r.__file__)"
    # From the checkout, ``-c`` would put the working folder (its lambda_lint) first.
    imported = subprocess.run(
        [sys.executable, "-B", "-c", where],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert imported == [
        str(copy / "lambda_lint" / "__init__.py"),
        str(copy / "lambda_lint" / "rules" / "__init__.py"),
    ]
    (tmp_path / "t.yaml").write_text(TEMPLATE, encoding="utf-8")
    command = [*timing.uncached_command(), "--format", "concise", "--isolated", "t.yaml"]
    done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == (
        "t.yaml:10:16: error: timeout 901 s is outside Lambda's range of 1 to 900 seconds"
        " (15 minutes) [LL110]\n"
        "Found 1 finding (1 error) in 1 file.\n"
    )
    assert timing.bytecode_in(copy) == []
