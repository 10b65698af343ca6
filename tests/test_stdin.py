"""``-`` with ``--stdin-filename``: unsaved contents linted as the file they will be."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Cli

TEMPLATE = """\
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: 0
      Runtime: python3.12
      Handler: index.handler
      Code: {ZipFile: "x"}
      Role: arn:aws:iam::123456789012:role/r
"""
TIMEOUT_0 = "timeout 0 s is outside Lambda's range of 1 to 900 seconds (15 minutes) [LL110]"

MAIN_TF = """\
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/r"
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "lambda.zip"
  timeout       = var.timeout
}
"""


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Feed the next run's standard input."""

    def feed(text: str) -> None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))

    return feed


def test_stdin_is_linted_as_the_named_file(
    cli: Cli, stdin: Callable[[str], None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    stdin(TEMPLATE)
    code, out, err = cli("check", "-", "--stdin-filename", "infra/new.yaml", "--format", "concise")
    assert (code, err) == (1, "")
    assert out.splitlines() == [f"infra/new.yaml:5:16: error: {TIMEOUT_0}", _found(1)]


def test_the_buffer_wins_over_the_file_on_disk(
    cli: Cli, stdin: Callable[[str], None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("t.yaml").write_text(TEMPLATE.replace("Timeout: 0", "Timeout: 3"), encoding="utf-8")
    stdin(TEMPLATE)
    code, out, _ = cli("-", "--stdin-filename", "t.yaml", "--format", "concise")
    assert (code, out.splitlines()[0]) == (1, f"t.yaml:5:16: error: {TIMEOUT_0}")
    code, out, _ = cli("t.yaml", "--format", "concise")
    assert (code, out) == (0, "All checks passed! (1 file checked)\n")


def test_stdin_without_a_name_is_sniffed_and_shown_as_dash(
    cli: Cli, stdin: Callable[[str], None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    stdin(TEMPLATE)
    code, out, _ = cli("-", "--format", "concise")
    assert (code, out.splitlines()[0]) == (1, f"-:5:16: error: {TIMEOUT_0}")


def test_a_terraform_buffer_is_linted_with_its_module_from_disk(
    cli: Cli, stdin: Callable[[str], None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    module = tmp_path / "mod"
    module.mkdir()
    (module / "variables.tf").write_text(
        'variable "timeout" {\n  default = 901\n}\n', encoding="utf-8"
    )
    stdin(MAIN_TF)  # main.tf is not on disk yet: an editor's new file
    code, out, _ = cli(
        "-", "--stdin-filename", "mod/main.tf", "--select", "LL110", "--format", "concise"
    )
    assert code == 1
    assert out.splitlines() == [
        "mod/main.tf:7:19: error: timeout 901 s (assumed from the default of variable timeout) "
        "is outside Lambda's range of 1 to 900 seconds (15 minutes) [LL110]",
        _found(1),
    ]


def test_a_buffer_over_the_size_cap_is_ll001(
    cli: Cli, stdin: Callable[[str], None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    stdin(TEMPLATE)
    code, out, _ = cli(
        "-", "--stdin-filename", "t.yaml", "--max-file-size", "20", "--format", "concise"
    )
    assert code == 1
    assert out.splitlines()[0] == (
        "t.yaml:1:1: error: file is more than 20 bytes, over the 20-byte limit "
        "(--max-file-size) [LL001]"
    )


def test_the_full_format_shows_the_buffer(
    cli: Cli, stdin: Callable[[str], None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    stdin(TEMPLATE)
    code, out, _ = cli("-", "--stdin-filename", "t.yaml", "--format", "full")
    assert code == 1
    assert "Timeout: 0" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-", "other.yaml"), "- (standard input) cannot be combined with other paths"),
        (("--stdin-filename", "a.yaml", "b.yaml"), "--stdin-filename names standard input"),
    ],
)
def test_stdin_usage_errors(
    cli: Cli, stdin: Callable[[str], None], args: tuple[str, ...], message: str
) -> None:
    stdin(TEMPLATE)
    code, out, err = cli(*args)
    assert (code, out) == (2, "")
    assert err.startswith(f"lambda-lint: error: {message}")


def test_stdin_filename_alone_reads_stdin(
    cli: Cli, stdin: Callable[[str], None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    stdin(TEMPLATE)
    code, out, _ = cli("--stdin-filename", "t.yaml", "--format", "concise")
    assert (code, out.splitlines()[0]) == (1, f"t.yaml:5:16: error: {TIMEOUT_0}")


def _found(count: int) -> str:
    assert count == 1
    return "Found 1 finding (1 error) in 1 file."
