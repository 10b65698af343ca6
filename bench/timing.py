"""Measuring commands as a user runs them: wall time, CPU time and the child's peak RSS.

Each command is a fresh process (imports included, as on every commit); its peak
resident set and its CPU time (user + system, its own children included once they are
waited for) come from ``os.wait4``'s rusage of that child alone. Linux counts in
a child's ``ru_maxrss`` the resident size of the process it was forked from (the
high-water mark survives ``exec``), so a command forked straight from this
benchmark, which holds megabytes of workloads, would report at least that much.
Commands are therefore started by a tiny launcher (``python -I -S``, about 10 MB)
that forks, execs, waits and reports wall time and rusage. Output goes to files
rather than pipes so that waiting for the child cannot deadlock on a full pipe.

Both tools run with their bytecode cached (:func:`cached_bytecode_env`), as
installed tools do: pip compiles a package's ``.pyc`` files at install time, so
cfn-lint in site-packages always has them, while an editable checkout under
``PYTHONDONTWRITEBYTECODE=1`` would compile lambda-lint from source on every run
(about 0.08 s here) and compare unlike with unlike. What compiling costs is measured
apart, on a fresh copy of the package (:func:`fresh_copy`, :func:`uncached_env`).
"""

from __future__ import annotations

import gc
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

TRACEBACK = "Traceback (most recent call last)"


@dataclass(frozen=True)
class Sample:
    """One run: wall seconds, CPU seconds (user + system), peak RSS in MiB, exit code, output."""

    wall: float
    cpu: float
    rss_mb: float
    code: int
    stdout: str
    stderr: str


class BenchFailure(RuntimeError):
    """A tool crashed or reported an internal error: its timing means nothing."""


def _rss_mb(maxrss: int) -> float:
    # Linux reports kilobytes, macOS bytes.
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


# argv: RESULT_FILE COMMAND...; writes "wall cpu maxrss exit_code" to RESULT_FILE.
_LAUNCHER = """
import os, sys, time
result, command = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(command[0], command)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(result, "w") as handle:
    cpu = usage.ru_utime + usage.ru_stime
    handle.write(f"{wall!r} {cpu!r} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def cached_bytecode_env(cache: Path) -> dict[str, str]:
    """The environment with every tool's bytecode cached in ``cache`` (after a first run).

    A private ``PYTHONPYCACHEPREFIX`` rather than ``__pycache__`` folders: nothing
    is written into the checkout or site-packages, and both tools get the same
    treatment (everything they import is compiled once, by the warm-up runs).
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


# Subpackages installed from another folder (pyproject ``package-dir``): copied into place.
_MAPPED_SUBPACKAGES = ("lambda_lint.rules",)
_NO_BYTECODE = shutil.ignore_patterns("__pycache__", "*.pyc")


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise BenchFailure(f"{name} is not installed as a package")
    return Path(next(iter(spec.submodule_search_locations)))


def fresh_copy(into: Path) -> Path:
    """A copy of the installed ``lambda_lint`` under ``into``, without any bytecode.

    Returns the folder to put on ``PYTHONPATH``. Run with :func:`uncached_env` (and
    ``python -B``), nothing is ever compiled into it, so every run compiles every
    module lambda-lint imports, as the first run after an install without ``.pyc``
    files would. Its dependencies keep their bytecode: this measures lambda-lint's.
    """
    top = _package_dir("lambda_lint")
    target = into / "lambda_lint"
    shutil.copytree(top, target, ignore=_NO_BYTECODE)
    for name in _MAPPED_SUBPACKAGES:
        source = _package_dir(name)
        inside = target.joinpath(*name.split(".")[1:])
        if source.resolve() != (top / inside.relative_to(target)).resolve():
            shutil.rmtree(inside, ignore_errors=True)
            shutil.copytree(source, inside, ignore=_NO_BYTECODE)
    return into


def uncached_env(copy: Path) -> dict[str, str]:
    """The environment that imports lambda-lint from ``copy`` and neither reads nor writes
    its bytecode (no ``PYTHONPYCACHEPREFIX``: the copy has no ``__pycache__`` to read)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPYCACHEPREFIX"}
    env["PYTHONPATH"] = os.pathsep.join([str(copy), *filter(None, [env.get("PYTHONPATH")])])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def uncached_command() -> list[str]:
    """lambda-lint's console entry point, under ``-B`` (never write bytecode).

    Run it outside the checkout: ``-c`` puts the working folder first on ``sys.path``.
    """
    entry = "import sys; from lambda_lint.cli import main; sys.exit(main())"
    return [sys.executable, "-B", "-c", entry]


def bytecode_in(folder: Path) -> list[Path]:
    """Any bytecode under ``folder`` (the fresh copy must stay without)."""
    return [p for p in folder.rglob("*") if p.name == "__pycache__" or p.suffix == ".pyc"]


def run(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """Run ``command`` in ``cwd`` once (through the launcher) and measure it.

    ``env`` is the child's environment (default: this process's).
    """
    with (
        tempfile.TemporaryDirectory() as scratch,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        result = Path(scratch, "result")
        launcher = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(result)]
        code = subprocess.run(
            [*launcher, *command], cwd=cwd, stdout=out, stderr=err, env=env
        ).returncode
        if code != 0 or not result.exists():
            raise BenchFailure(f"the launcher failed (exit {code}) on {' '.join(command)}")
        wall, cpu, maxrss, exit_code = result.read_text().split()
        out.seek(0)
        err.seek(0)
        return Sample(
            float(wall),
            float(cpu),
            _rss_mb(int(maxrss)),
            int(exit_code),
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def check_lambda_lint(sample: Sample, what: str) -> None:
    """lambda-lint exits 1 on findings (expected); 2, a signal or a traceback is a failure."""
    if sample.code not in (0, 1) or TRACEBACK in sample.stderr:
        raise BenchFailure(f"lambda-lint failed on {what} (exit {sample.code}):\n{sample.stderr}")


def check_cfn_lint(sample: Sample, what: str) -> None:
    """cfn-lint's exit code is a bit mask: 2/4/8 are findings, 1 is a failure to lint."""
    if sample.code < 0 or sample.code & 1 or TRACEBACK in sample.stderr:
        raise BenchFailure(f"cfn-lint failed on {what} (exit {sample.code}):\n{sample.stderr}")


def script(name: str) -> Path | None:
    """The console script installed beside this interpreter (not a pyenv/asdf shim)."""
    folder = Path(sysconfig.get_path("scripts"))
    for candidate in (folder / name, Path(sys.executable).parent / name):
        if candidate.is_file():
            return candidate
    return None


def lambda_lint_command() -> list[str]:
    found = script("lambda-lint")
    return [str(found)] if found else [sys.executable, "-m", "lambda_lint"]


def cfn_lint_command() -> list[str]:
    found = script("cfn-lint")
    if found:
        return [str(found)]
    return [sys.executable, "-c", "import sys; from cfnlint.runner import main; sys.exit(main())"]


def compose_seconds(data: bytes, repeat: int, pause_gc: bool) -> list[float]:
    """The floor: libyaml composing ``data`` into nodes (no Python objects built from them)."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        raise BenchFailure("PyYAML has no libyaml (CSafeLoader): the floor cannot be measured")
    times = []
    for _ in range(repeat):
        gc.collect()
        if pause_gc:
            gc.disable()
        try:
            start = time.perf_counter()
            yaml.compose(data, Loader=loader)
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return times


def loads_seconds(data: bytes, repeat: int) -> list[float]:
    """The JSON floor: ``json.loads`` (the C parser) on ``data``, GC paused."""
    return _timed(lambda: json.loads(data), repeat)


def tree_sitter_seconds(data: bytes, repeat: int) -> list[float]:
    """The HCL floor: tree-sitter's parse of ``data`` with the HCL grammar, GC paused (the
    syntax tree only; no Python object per node)."""
    import tree_sitter
    import tree_sitter_hcl

    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))
    return _timed(lambda: parser.parse(data), repeat)


def _timed(call: Callable[[], object], repeat: int) -> list[float]:
    """Seconds of each of ``repeat`` calls, the garbage collector paused during each."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return times


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")
