"""LL001: every way a file can fail to parse gives a positioned finding, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from lambda_lint.discovery import Candidate
from lambda_lint.engine import lint
from lambda_lint.parsing import parse_text
from lambda_lint.registry import all_rules

TEMPLATE_HEAD = "AWSTemplateFormatVersion: '2010-09-09'\n"


def ll001(tmp_path: Path, name: str, data: bytes) -> list[tuple[int, int, str]]:
    path = tmp_path / name
    path.write_bytes(data)
    report = lint([Candidate(path, explicit=True)], list(all_rules()))
    return [(f.line, f.column, f.message) for f in report.findings if f.rule == "LL001"]


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "dup.yaml",
            b"Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Type: AWS::SNS::Topic\n",
            [
                (
                    4,
                    5,
                    "duplicate key 'Type' (first defined at line 3); CloudFormation uses the "
                    "last value, so the template is checked with it",
                )
            ],
        ),
        (
            "dup.json",
            b'{"Resources": {"A": {"Type": "AWS::SQS::Queue",\n "Type": "x"}}}',
            [(2, 2, "duplicate key 'Type' (first defined at line 1)")],
        ),
        (
            "tabs.yaml",
            b"Resources:\n\tA: 1\n",
            [(2, 1, "tab character where YAML allows only spaces (indentation must use spaces)")],
        ),
        ("empty.yaml", b"", [(1, 1, "empty file")]),
        ("blank.json", b"  \n\n", [(1, 1, "empty file")]),
        (
            "latin1.yaml",
            b"Resources:\n  A: caf\xe9\n",
            [(2, 9, "invalid UTF-8 (byte 0xe9): invalid continuation byte")],
        ),
        (
            "binary.yaml",
            b"\x00\x01\x02AWS::",
            [(1, 1, "binary file (contains NUL bytes); not a template")],
        ),
        (
            "syntax.json",
            b'{"Resources": {"A": }}',
            [(1, 21, "unexpected character '}', expected a value")],
        ),
        (
            "unclosed.yaml",
            b"Resources:\n  A: [1, 2\n",
            [(3, 1, "while parsing a flow sequence did not find expected ',' or ']'")],
        ),
        (
            "tag.yaml",
            TEMPLATE_HEAD.encode()
            + b"Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      X: !Bogus y\n",
            [
                (
                    6,
                    10,
                    "unknown tag !Bogus: CloudFormation supports only its intrinsic function tags",
                )
            ],
        ),
    ],
)
def test_parse_errors_are_positioned_findings(
    tmp_path: Path, name: str, data: bytes, expected: list[tuple[int, int, str]]
) -> None:
    assert ll001(tmp_path, name, data) == expected


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    found = ll001(tmp_path, "bomb.yaml", ("\n".join(lines) + "\n").encode())
    assert len(found) == 1
    assert "aliases expand to more than" in found[0][2]


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    found = ll001(tmp_path, "deep.json", b"[" * 5000 + b"]" * 5000)
    assert found == [(1, 202, "nesting deeper than 200 levels")]


def test_unparseable_file_found_in_a_directory_is_skipped_unless_it_looks_like_a_template(
    tmp_path: Path,
) -> None:
    (tmp_path / "helm.yaml").write_text("a: {{ .Values.x }}\n")
    (tmp_path / "cfn.yaml").write_text("Resources:\n  A:\n    Type: AWS::SQS::Queue\n  A: 1\n")
    from lambda_lint.engine import lint_paths

    report = lint_paths([tmp_path], list(all_rules()))
    assert [(Path(f.path).name, f.rule) for f in report.findings] == [("cfn.yaml", "LL001")]
    assert report.files_skipped == 1


def test_short_form_tags_become_long_form() -> None:
    text = (
        "A: !GetAtt Fn.Arn\nB: !Sub 'x-${Y}'\nC: !If [Cond, 1, 2]\nD: !Ref P\n"
        "E: !GetAZs ''\nF: !Select [0, !GetAZs '']\nG: !Condition C\n"
    )
    root = parse_text(text, "t.yaml").root
    assert root == {
        "A": {"Fn::GetAtt": ["Fn", "Arn"]},
        "B": {"Fn::Sub": "x-${Y}"},
        "C": {"Fn::If": ["Cond", 1, 2]},
        "D": {"Ref": "P"},
        "E": {"Fn::GetAZs": ""},
        "F": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
        "G": {"Condition": "C"},
    }


def test_yaml_dates_stay_strings_and_spans_are_exact() -> None:
    root = parse_text("Version: 2012-10-17\nTimeout:   30\n", "t.yaml").root
    assert root["Version"] == "2012-10-17"
    assert root.value_span("Timeout")[:4] == (2, 12, 2, 14)
    assert root.key_span("Timeout")[:4] == (2, 1, 2, 8)


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    text = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"
    path = tmp_path / "utf16.yaml"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    report = lint([Candidate(path, explicit=True)], list(all_rules()))
    assert report.findings == ()
    assert report.files_checked == 1


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a: " + "[" * 5_000 + "]" * 5_000, (1, 204)),
        ("a: " + "{b: " * 5_000 + "1" + "}" * 5_000, (1, 801)),
        ("a:\n" + "- " * 5_000 + "x", (2, 401)),
    ],
    ids=["flow-sequences", "flow-mappings", "block-sequences"],
)
def test_nesting_depth_is_reported_alike_by_every_yaml_build(
    monkeypatch: pytest.MonkeyPatch, loader: str, text: str, where: tuple[int, int]
) -> None:
    """libyaml 0.2.6 stops at 1,000 levels itself; the finding must not depend on it."""
    import yaml

    from lambda_lint.parsing import ParseError, marked_yaml

    if not hasattr(yaml, loader):
        pytest.skip(f"PyYAML built without {loader}")
    monkeypatch.setattr(marked_yaml, "_Loader", getattr(yaml, loader))
    with pytest.raises(ParseError) as caught:
        marked_yaml.parse_yaml(text)
    assert (caught.value.message, caught.value.line, caught.value.column) == (
        "nesting deeper than 200 levels",
        *where,
    )
