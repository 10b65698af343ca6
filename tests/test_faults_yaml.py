"""YAML parsing edge cases (issue 21): line breaks, merge keys, aliases and huge numbers.

Each case runs through the command line (concise format) with the helpers of
``test_hostile`` and asserts the exact findings, positions included.
"""

from __future__ import annotations

import pytest

from lambda_lint.parsing.marked_yaml import parse_yaml
from tests.test_hostile import HEAD, _in_tmp, lint, write

__all__ = ["_in_tmp"]  # the autouse fixture: run from tmp_path

FN = HEAD + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
PROPS = FN + "    Properties:\n      Role: arn:aws:iam::1:role/r\n"
MEMORY_1 = "error: memory size 1 MB is outside Lambda's range of 128 to 10,240 MB [LL120]"


# -- line breaks that only YAML 1.1 counts ---------------------------------------------------


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_suppression_below_a_unicode_line_break(
    capsys: pytest.CaptureFixture[str], char: str
) -> None:
    """libyaml breaks lines at U+2028/U+2029/U+0085, editors and spans do not: nor may
    the comment scanner, or the suppression covers the line above its target."""
    text = (
        PROPS + f'      Description: "a{char}b{char}c"\n'
        "      # lambda-lint: ignore[LL110] on purpose\n"
        "      Timeout: 0\n      MemorySize: 1\n"
    )
    write("t.yaml", text)
    spans = parse_yaml(text).root["Resources"]["Fn"]["Properties"]
    assert spans.value_span("Timeout")[:2] == (9, 16)
    assert spans.value_span("MemorySize")[:2] == (10, 19)
    assert lint(capsys, "t.yaml") == (
        1,
        f"t.yaml:10:19: {MEMORY_1}\nFound 1 finding (1 error) in 1 file. 1 suppressed.\n",
        "",
    )
