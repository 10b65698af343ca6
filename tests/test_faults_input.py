"""Hostile inputs (issue 21): faults that crashed a rule or a loader, or lied.

Each case runs through the command line (concise format) with the helpers of
``test_hostile`` and asserts the exact findings: the template's other findings
must survive whatever the hostile part does.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.test_hostile import HEAD, POSIX_ONLY, _in_tmp, child, lint, one_finding, write

__all__ = ["_in_tmp"]  # the autouse fixture: run from tmp_path

FN = HEAD + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
HEX = "0x" + "f" * 4000  # 4,817 decimal digits: int() takes it, str() refuses it
RANGE_0 = "error: timeout 0 s is outside Lambda's range of 1 to 900 seconds (15 minutes) [LL110]"


# -- numbers Python cannot print -------------------------------------------------------------


def test_huge_hex_key_keeps_the_template(cli: Cli) -> None:
    write(
        "t.yaml",
        FN + "    Properties:\n      Role: arn:aws:iam::1:role/r\n      Timeout: 0\n"
        f"      Environment:\n        Variables:\n          ? {HEX}\n          : x\n",
    )
    assert lint(cli, "t.yaml") == (
        1,
        f"t.yaml:7:16: {RANGE_0}\n"
        "t.yaml:10:13: error: environment variable name '<an integer of 16,000 bits>' is "
        "invalid: names must start with a letter, have at least 2 characters and use only "
        "letters, digits and _ [LL103]\n"
        "Found 2 findings (2 errors) in 1 file.\n",
        "",
    )


def test_huge_hex_values_are_out_of_range(cli: Cli) -> None:
    write(
        "t.yaml",
        FN + f"    Properties:\n      Role: arn:aws:iam::1:role/r\n"
        f"      Timeout: {HEX}\n      MemorySize: {HEX}\n",
    )
    huge = "<an integer of 16,000 bits>"
    assert lint(cli, "t.yaml") == (
        1,
        f"t.yaml:7:16: error: timeout {huge} s is outside Lambda's range of 1 to 900 seconds "
        "(15 minutes) [LL110]\n"
        f"t.yaml:8:19: error: memory size {huge} MB is outside Lambda's range of 128 to "
        "10,240 MB [LL120]\n"
        "Found 2 findings (2 errors) in 1 file.\n",
        "",
    )


def test_huge_hex_suppression_code(cli: Cli) -> None:
    write(
        "t.yaml",
        FN + f"    Metadata:\n      lambda-lint:\n        ignore: [{HEX}]\n"
        "    Properties:\n      Role: arn:aws:iam::1:role/r\n      Timeout: 0\n",
    )
    assert lint(cli, "t.yaml") == (
        1,
        "t.yaml:7:17: warning: unknown rule code <AN INTEGER OF 16,000 BITS> in a "
        "suppression [LL005]\n"
        f"t.yaml:10:16: {RANGE_0}\n"
        "Found 2 findings (1 error, 1 warning) in 1 file.\n",
        "",
    )


@pytest.mark.parametrize("index", [".inf", "-.inf", ".nan", "1.5"])
def test_select_with_a_non_integer_index_is_unresolved(cli: Cli, index: str) -> None:
    write(
        "t.yaml",
        FN + "    Properties:\n      Role: arn:aws:iam::1:role/r\n"
        f"      Timeout: !Select [{index}, [0, 0]]\n      MemorySize: 1\n",
    )
    assert lint(cli, "t.yaml") == (
        1,
        "t.yaml:8:19: error: memory size 1 MB is outside Lambda's range of 128 to 10,240 MB "
        "[LL120]\nFound 1 finding (1 error) in 1 file.\n",
        "",
    )


# -- package paths that are not files or folders ---------------------------------------------

SAM = "Transform: AWS::Serverless-2016-10-31\nResources:\n"


def sam_function(name: str, code_uri: str, extra: str = "") -> str:
    return (
        f"  {name}:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        f"      CodeUri: {code_uri}\n      Runtime: python3.12\n      Handler: app.handler\n"
        + extra
    )


def cannot_read(location: str, path: str, kind: str) -> str:
    return (
        f"{location}: warning: local code path {path} cannot be read: {kind}, not a regular "
        "file or folder (paths are relative to the file's directory) [LL134]\n"
    )


@POSIX_ONLY
def test_devices_and_pipes_are_never_measured(cli: Cli, tmp_path: Path) -> None:
    """/dev/zero never ends and a pipe blocks: in a child, so that a hang fails the test."""
    os.mkfifo("fifo")
    write(
        "t.yaml",
        SAM
        + sam_function("Zero", "/dev/zero", "      Timeout: 0\n")
        + sam_function("Fifo", "fifo"),
    )
    result = child(cli, ["t.yaml"], timeout=60, cwd=tmp_path)
    assert (result.code, result.out, result.err) == (
        1,
        cannot_read("t.yaml:6:16", "/dev/zero", "a character device")
        + f"t.yaml:9:16: {RANGE_0}\n"
        + cannot_read("t.yaml:13:16", "fifo", "a named pipe")
        + "Found 3 findings (1 error, 2 warnings) in 1 file.\n",
        "",
    )


def test_a_package_folder_that_fails_while_listing(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root, where modes do not stop a read: the failure is simulated."""
    write("src/sub/app.py", "x = 1\n")
    write("t.yaml", SAM + sam_function("Fn", "src", "      Timeout: 0\n"))
    real = os.scandir

    def scandir(path: str) -> Any:
        if os.path.basename(path) == "sub":
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert lint(cli, "t.yaml") == (
        1,
        "t.yaml:6:16: error: src cannot be measured: cannot read folder sub: Permission denied "
        f"[LL131]\nt.yaml:9:16: {RANGE_0}\nFound 2 findings (2 errors) in 1 file.\n",
        "",
    )


def test_a_listing_that_breaks_half_way(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    write("src/app.py", "x = 1\n")
    write("t.yaml", SAM + sam_function("Fn", "src"))

    class Broken:
        def __enter__(self) -> Broken:
            return self

        def __exit__(self, *args: object) -> None:
            return None

        def __iter__(self) -> Broken:
            return self

        def __next__(self) -> os.DirEntry[str]:
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "scandir", lambda path: Broken())
    assert lint(cli, "t.yaml") == (
        1,
        one_finding(
            "t.yaml:6:16", "src cannot be measured: cannot read folder: Input/output error", "LL131"
        ),
        "",
    )
