"""Every span the parsers record, pinned: the parsers' fast paths must not move a column.

The YAML builder and the JSON parser compute positions inline for speed (see
their docstrings); each case here exercises one way a span is computed (block
ends, comments after a collection, the end of the stream without a newline,
``\\r\\n``, YAML 1.1 line breaks, tags, anchors, cached plain scalars...). The
golden files list every node's spans as ``path kind line:col-line:col``; they
were written by the parsers before the fast paths existed, so a difference is a
regression unless the change is intended (then rewrite them with
``--update-snapshots`` and review the diff).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lambda_lint.parsing import MDict, MList, ParseError, parse_text
from lambda_lint.span import Span

GOLDEN = Path(__file__).resolve().parent / "golden" / "parse_spans"

CASES: dict[str, tuple[str, str]] = {
    "block.yaml": (
        "t.yaml",
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function  # trailing comment\n"
        "    Properties:\n      Layers:\n        - a\n        - b\n\n\n# after\n"
        "      MemorySize: 128\n  Queue:\n    Type: AWS::SQS::Queue\n"
        "Outputs:\n  A:\n    B:\n      C: 1",
    ),
    "line-endings.yaml": ("t.yaml", "A:\r\n  B:\r\n    - 1\r\n  C: [x,\r\n    y]\rD: 2\r"),
    "yaml11-breaks.yaml": ("t.yaml", "A:\n  B: 'x\u2028y'\n  C: z\x85\nD: [1]\n"),
    "tags.yaml": (
        "t.yaml",
        "A: !Ref Param\nB: !GetAtt Fn.Arn\nC: !Sub\n  - '${X}'\n  - X: !Ref Y\n"
        "D: !If [Cond, !Ref A, !Ref AWS::NoValue]\nE: !Base64 {Fn::Sub: x}\n"
        "F: !!str 12\n!!int 7: seven\nG: !custom {k: v}\nH: !other text\n",
    ),
    "anchors.yaml": (
        "t.yaml",
        "base: &base\n  MemorySize: 128\n  Timeout: 3\nfn:\n  &k Name: first\n  props: *base\n"
        "other:\n  *k : value\nlist: &l [1, 2]\ncopy: *l\nscalar: &s text\nagain: *s\n",
    ),
    "scalars.yaml": (
        "t.yaml",
        "literal: |\n  line one\n  line two\n\nfolded: >-\n  a\n  b\nplain: first\n  second\n"
        'quoted: "a\n  b"\nint: 0x1F\noctal: 0755\nfloat: -.5e3\nbool: yes\nnull: ~\n'
        "again: yes\ntrue: 1\nempty:\ndate: 2012-10-17\nlong: 1_000\n",
    ),
    "flow.yaml": ("t.yaml", "{a: [1, {b: c}], d: {}, e: [], f: [\n  g,\n  h\n]}\n"),
    "documents.yaml": ("t.yaml", "A: 1\n---\nB: 2\n"),
    "documents-error.yaml": ("t.yaml", "A: 1\n---\nB: [2\n"),
    "sequence-root.yaml": ("t.yaml", "- a\n- - b\n  - c\n- {x: y}\n- \n"),
    "pretty.json": (
        "t.json",
        '{\n  "Resources": {\n    "Fn": {\n      "Type": "AWS::Lambda::Function",\n'
        '      "Properties": {\n        "MemorySize": 128,\n        "Layers": [\n'
        '          "a",\n          {"Ref": "B"}\n        ],\n        "Env": {},\n'
        '        "Tags": [],\n        "Ok": true, "No": false, "Nil": null,\n'
        '        "Pi": 3.14, "Esc": "a\\"b\\u00e9",\n        "Split":\n          "next line"\n'
        "      }\n    }\n  }\n}\n",
    ),
    "compact.json": ("t.json", '{"a":[1,2,{"b":"c"}],"d":{"e":-1e3},"f":"\\u20ac"}'),
    "crlf.json": ("t.json", '{\r\n  "a": [\r\n    1\r\n  ],\r\n  "b": "x"\r\n}\r\n'),
}


def _span(span: Span) -> str:
    return f"{span.line}:{span.column}-{span.end_line}:{span.end_column}"


def flatten(node: Any, path: str = "") -> list[str]:
    """Every span of a marked tree, depth first, with the value's type at the leaves."""
    if isinstance(node, MDict):
        lines = [f"{path or '/'} mapping {_span(node.span)}"]
        for key, value in node.items():
            lines.append(f"{path}/{key} key {_span(node.key_spans[key])}")
            lines.append(f"{path}/{key} value {_span(node.value_spans[key])}")
            lines += flatten(value, f"{path}/{key}")
        return lines
    if isinstance(node, MList):
        lines = [f"{path or '/'} sequence {_span(node.span)}"]
        for index, value in enumerate(node):
            lines.append(f"{path}[{index}] item {_span(node.item_spans[index])}")
            lines += flatten(value, f"{path}[{index}]")
        return lines
    return [f"{path or '/'} = {type(node).__name__} {node!r}"]


def observed(name: str, text: str) -> dict[str, Any]:
    try:
        doc = parse_text(text, name)
    except ParseError as exc:
        return {"error": [exc.message, exc.line, exc.column, exc.end_line, exc.end_column]}
    tags = [f"{tag} {_span(span)}" for tag, span in doc.unknown_tags]
    return {"spans": flatten(doc.root), "unknown_tags": tags}


@pytest.mark.parametrize("case", sorted(CASES))
def test_spans_are_pinned(case: str, update_snapshots: bool) -> None:
    name, text = CASES[case]
    got = observed(name, text)
    golden = GOLDEN / f"{case}.json"
    if update_snapshots:
        golden.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))


def test_every_case_has_a_golden_file() -> None:
    assert sorted(p.name for p in GOLDEN.glob("*.json")) == sorted(f"{c}.json" for c in CASES)
