"""Faults of the process around a run (issue 21, sections 3 and 5): signals, dead
workers, write failures, odd paths and working directories, memory limits; and
the ``--jobs`` report being the serial one whatever the order and the hash seed.

Each case runs ``python -m lambda_lint`` in a child (signals, limits and hash
seeds belong to a process) and waits for what it needs to see (a worker in
/proc, a marker file) rather than for a fixed time.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from .conftest import FIXTURES, Cli

LINUX = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="Linux /proc")
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and limits")
FAIL = FIXTURES / "rules" / "LL110" / "fail.cfn.yaml"
ENV = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}


def start(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """``lambda-lint ARGS`` in a child that writes ``started`` once main() is called."""
    code = textwrap.dedent(
        f"""
        import pathlib, sys
        from lambda_lint.cli import main
        pathlib.Path("started").write_text("")
        sys.exit(main({args!r}))
        """
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**ENV, **(env or {})},
    )


def wait_for(condition: object, timeout: float = 20) -> None:
    """Poll ``condition()`` until it is true (the test fails after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail("the child never reached the expected state")
        time.sleep(0.01)


def children(pid: int) -> list[int]:
    """The child processes of ``pid`` (its ``--jobs`` workers)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found += [int(p) for p in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    """Running (not gone, not a zombie waiting for its reaper)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return status.rpartition(")")[2].split()[0] != "Z"


@pytest.fixture
def workload(tmp_path: Path) -> Path:
    """1,500 templates: a few seconds of linting, so a signal lands mid-run."""
    folder = tmp_path / "many"
    folder.mkdir()
    text = FAIL.read_text(encoding="utf-8")
    for index in range(1500):
        (folder / f"t{index}.yaml").write_text(text, encoding="utf-8")
    return folder


# -- signals and dead processes --------------------------------------------------------------


@POSIX
@LINUX
@pytest.mark.parametrize("moment", ["serial", "while-forking", "while-linting"])
def test_ctrl_c_is_exit_130_and_one_line(tmp_path: Path, workload: Path, moment: str) -> None:
    """While forking: a SIGINT in fork's callbacks was once printed as "Exception
    ignored" and lost, and the run went on to the end (exit 1)."""
    jobs = "1" if moment == "serial" else "2"
    child = start(["many", "--isolated", "--format", "concise", "--jobs", jobs], tmp_path)
    if moment == "serial":
        wait_for(lambda: (tmp_path / "started").exists())
        time.sleep(0.3)  # inside main(), past its imports
    elif moment == "while-forking":
        wait_for(lambda: children(child.pid))
    else:
        wait_for(lambda: len(children(child.pid)) == 2)
        time.sleep(0.3)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=30)
    assert (child.returncode, err) == (130, "lambda-lint: interrupted\n")


@POSIX
@LINUX
def test_a_killed_worker_is_exit_2_with_a_message(tmp_path: Path, workload: Path) -> None:
    child = start(["many", "--isolated", "--format", "concise", "--jobs", "2"], tmp_path)
    wait_for(lambda: children(child.pid))
    os.kill(children(child.pid)[0], signal.SIGKILL)
    out, err = child.communicate(timeout=30)
    if child.returncode == 1:  # the run had finished: the whole report, then
        assert out.endswith("Found 6000 findings (6000 errors) in 1500 files.\n")
        return
    assert (child.returncode, out, err) == (
        2,
        "",
        "lambda-lint: error: a worker process died (killed, or out of memory?)\n",
    )


@POSIX
@LINUX
def test_killing_the_main_process_leaves_no_worker(tmp_path: Path, workload: Path) -> None:
    child = start(["many", "--isolated", "--format", "concise", "--jobs", "2"], tmp_path)
    wait_for(lambda: len(children(child.pid)) == 2)
    workers = children(child.pid)
    child.kill()
    child.communicate(timeout=30)
    wait_for(lambda: not any(alive(pid) for pid in workers), timeout=5)


# -- writes that fail ------------------------------------------------------------------------


@POSIX
def test_a_failed_report_write_leaves_the_old_file_intact(tmp_path: Path) -> None:
    """``--output-file`` under a 10-byte file-size limit: exit 2, old report untouched."""
    report = tmp_path / "report.txt"
    report.write_text("old report\n", encoding="utf-8")
    limited = (
        "import resource, runpy, sys; "
        "resource.setrlimit(resource.RLIMIT_FSIZE, (20, 20)); "
        f"sys.argv = ['lambda-lint', {str(FAIL)!r}, '--isolated', '--format', 'json', "
        f"'--output-file', {str(report)!r}]; "
        "runpy.run_module('lambda_lint', run_name='__main__')"
    )
    result = subprocess.run(
        [sys.executable, "-c", limited], capture_output=True, text=True, timeout=60, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        f"lambda-lint: error: cannot write {report}: file too large\n",
    )
    assert report.read_text(encoding="utf-8") == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


# -- where the run stands --------------------------------------------------------------------


@POSIX
def test_a_deleted_working_directory_is_exit_2_with_a_message(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    code = (
        "import os, sys; from lambda_lint.cli import main; "
        f"os.chdir({str(gone)!r}); os.rmdir({str(gone)!r}); "
        f"sys.exit(main([{str(FAIL)!r}, '--format', 'concise']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        "lambda-lint: error: cannot use the working directory: No such file or directory\n",
    )


@POSIX
def test_a_small_file_is_read_with_a_small_buffer(tmp_path: Path) -> None:
    """The default cap is 100 MiB; a 200-byte file must not get a 100 MiB buffer
    (under a 150 MB address-space limit that would be a MemoryError)."""
    pytest.importorskip("resource")
    text = (
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn:\n"
        "    Type: AWS::Lambda::Function\n    Properties:\n"
        "      Role: arn:aws:iam::1:role/r\n      Timeout: 0\n"
    )
    (tmp_path / "t.yaml").write_text(text.ljust(199) + "\n", encoding="utf-8")
    limit = 150 * 1024 * 1024
    code = (
        "import resource, sys; "
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit})); "
        "from lambda_lint.cli import main; "
        "sys.exit(main(['t.yaml', '--isolated', '--format', 'concise']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == (
        "t.yaml:7:16: error: timeout 0 s is outside Lambda's range of 1 to 900 seconds "
        "(15 minutes) [LL110]\nFound 1 finding (1 error) in 1 file.\n"
    )


# -- serial and parallel reports -------------------------------------------------------------


def _mixed_folder(root: Path) -> list[str]:
    """CloudFormation, SAM, Terraform modules and plans, with findings in each."""
    import shutil

    rules = FIXTURES / "rules"
    for code in ("LL101", "LL110", "LL120"):
        for name in ("fail.cfn.yaml", "fail.cfn.json", "fail.sam.yaml", "fail.tfplan.json"):
            if (rules / code / name).exists():
                shutil.copyfile(rules / code / name, root / f"{code}-{name}")
        if (rules / code / "fail-tf").is_dir():
            shutil.copytree(rules / code / "fail-tf", root / f"{code}-tf")
    shutil.copyfile(FIXTURES / "showcase" / "template.yaml", root / "showcase.yaml")
    return sorted(p.name for p in root.iterdir())


@POSIX
def test_jobs_and_serial_reports_are_byte_identical(cli: Cli, tmp_path: Path) -> None:
    """Any order of the paths, any PYTHONHASHSEED, serial or ``--jobs 2``: the same bytes."""
    names = _mixed_folder(tmp_path)
    assert len(names) >= 7
    for output_format in ("json", "concise"):
        reports = set()
        for seed in ("0", "12345"):
            for order in (names, names[::-1]):
                for jobs in ("1", "2"):
                    result = cli.child(
                        *order,
                        "--isolated",
                        "--format",
                        output_format,
                        "--jobs",
                        jobs,
                        "--no-progress",
                        timeout=60,
                        cwd=tmp_path,
                        env={"PYTHONHASHSEED": seed},
                    )
                    assert (result.code, result.err) == (1, "")
                    reports.add(result.out)
        assert len(reports) == 1, output_format
    report = json.loads(cli.child(*names, "--isolated", "--format", "json", cwd=tmp_path).out)
    shown = {f["path"].split("/")[0].rpartition(".")[0] or f["path"] for f in report["findings"]}
    assert {"LL101-fail.sam", "LL101-fail.tfplan", "LL101-fail.cfn"} <= shown, shown
    assert any(f["path"].startswith("LL101-tf/") for f in report["findings"])


# -- odd file names --------------------------------------------------------------------------

ODD = {"newline": "a\nb.yaml", "colons": "::error x.yaml", "escape": "\x1b[2Jc.yaml"}
SHOWN = {"newline": "a\\nb.yaml", "colons": "./::error x.yaml", "escape": "\\x1b[2Jc.yaml"}
# Where a format encodes further: GitHub's properties and SARIF's URIs percent-encode.
ENCODED = {
    ("colons", "github"): "./%3A%3Aerror x.yaml",
    ("newline", "sarif"): "a%5Cnb.yaml",
    ("colons", "sarif"): "./%3A%3Aerror%20x.yaml",
    ("escape", "sarif"): "%5Cx1b%5B2Jc.yaml",
}


@POSIX
@pytest.mark.parametrize("output_format", ["concise", "github", "gitlab", "json", "sarif", "junit"])
@pytest.mark.parametrize("kind", sorted(ODD))
def test_odd_paths_are_escaped_in_every_format(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    output_format: str,
    kind: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(ODD[kind]).write_bytes(FAIL.read_bytes())
    code, out, err = cli(ODD[kind], "--isolated", "--format", output_format)
    assert (code, err) == (1, "")
    assert "\x1b" not in out
    assert not any(line.startswith("::error x") for line in out.splitlines())
    if output_format in ("concise", "github"):  # line-based: each line is one finding
        lines = out.splitlines()
        assert len([line for line in lines if "LL110" in line]) == 4, out
        assert all(line.count("LL110") <= 1 for line in lines)
    else:
        assert "a\nb" not in out  # nor a raw line break inside a value
    shown = ENCODED.get((kind, output_format), SHOWN[kind])
    if output_format in ("json", "gitlab", "sarif"):
        shown = json.dumps(shown)[1:-1]
    assert shown in out, out


@POSIX
def test_a_file_name_that_is_not_utf8_is_escaped_and_the_rest_reported(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "repo").mkdir()
    try:
        (tmp_path / os.fsdecode(b"repo/bad\xff.yaml")).write_bytes(FAIL.read_bytes())
    except (OSError, UnicodeError):
        pytest.skip("the file system refuses a name that is not UTF-8")
    (tmp_path / "repo" / "good.yaml").write_bytes(FAIL.read_bytes())
    code, out, err = cli("repo", "--isolated", "--format", "concise")
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[-1] == "Found 8 findings (8 errors) in 2 files."
    assert [line.split(":")[0] for line in lines[:-1]] == ["repo/bad\\xff.yaml"] * 4 + [
        "repo/good.yaml"
    ] * 4
