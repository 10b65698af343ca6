"""Linear in every input (issue 21, section 4).

Each case is an input that once cost time (or output) growing with the square of
its size. The sizes are chosen so that a quadratic pass would take minutes while
a linear one takes a fraction of a second; nothing here measures time, so a slow
machine cannot fail a test. Where the size of the output was the problem, the
exact output is asserted instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from lambda_lint.cli import main
from lambda_lint.suppressions import apply, comment_directives

HEAD = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n"
ROLE = "arn:aws:iam::123456789012:role/r"


def function(name: str, role: str = ROLE, extra: str = "") -> str:
    """A function resource of a YAML template."""
    return (
        f"  {name}:\n"
        "    Type: AWS::Lambda::Function\n"
        "    Properties:\n"
        "      Runtime: python3.12\n"
        "      Handler: index.handler\n"
        f"      Role: {role}\n"
        "      Code: {ZipFile: x}\n" + extra
    )


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from ``tmp_path`` so that reported paths are short and relative."""
    monkeypatch.chdir(tmp_path)


def lint(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main([*args, "--format", "concise", "--isolated", "--no-progress"])
    return code, capsys.readouterr().out


# -- 1. suppression comments -------------------------------------------------------------


def test_a_block_of_suppression_comments_is_read_once() -> None:
    """Each comment alone on its line covers the next content line; finding it for
    20,000 comments in a row once cost 20,000 scans of the block."""
    count = 20_000
    text = HEAD + "  # lambda-lint: ignore[LL110] batch\n" * count + function("Fn")
    directives = comment_directives(text, "t.yaml")
    assert len(directives) == count
    assert {directive.lines for directive in directives} == {frozenset({count + 3})}


@dataclass(frozen=True)
class _Finding:
    rule: str
    path: str
    line: int
    resource: str


def test_findings_look_up_their_suppressions() -> None:
    """A suppression per function: each finding was once tried against every one."""
    count = 20_000
    text = "".join(f"Timeout: 1200  # lambda-lint: ignore[LL110] batch {i}\n" for i in range(count))
    directives = comment_directives(text, "t.yaml")
    findings = [_Finding("LL110", "t.yaml", line, f"Fn{line}") for line in range(1, count + 1)]
    accepted = apply(findings, directives, {"LL110"}, {"LL110"})
    assert accepted.active == [] and accepted.unused == [] and accepted.invalid == []
    assert [reason for _, _, reason in accepted.suppressed] == [
        f"batch {i}" for i in range(count)
    ]


def test_a_block_of_unused_suppressions_through_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    count = 20_000
    comments = "      # lambda-lint: ignore[LL110] batch\n" * count
    Path("t.yaml").write_text(HEAD + function("Fn", extra=comments + "      Timeout: 1200\n"))
    code, out = lint(capsys, "t.yaml")
    # The first comment takes the finding; the others, covering the same line, are unused.
    unused = "".join(
        f"t.yaml:{line}:7: warning: unused suppression: no LL110 finding here [LL004]\n"
        for line in range(11, count + 10)
    )
    summary = f"Found {count - 1} findings ({count - 1} warnings) in 1 file. 1 suppressed.\n"
    assert code == 1
    assert out == unused + summary
