"""The C-scanner JSON path gives the same tree and byte-identical spans as the pure-Python parser.

``parsing/lazy_json.py`` computes spans from the text when they are first read; the
pure-Python parser (``marked_json._Parser``) computes them while parsing. Every JSON
file of the repository's fixtures, and texts written to catch the edges (brackets and
escaped quotes inside strings, escaped keys, lists of lists, line breaks of every
kind), must come out identical, whichever node is read first. What the fast path does
not accept (duplicate keys, ``NaN``, escaped surrogates, deep nesting, syntax errors)
goes to the pure-Python parser, so its error stays the one users have always seen.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from lambda_lint.parsing import MDict, MList, ParseError, lazy_json, marked_json, parse_text

REPO = Path(__file__).resolve().parents[1]
EDGES = {
    "brackets-in-strings": '{"a": "{[}]", "b": ["]", "[", {"c": "}{"}], "d": {}}',
    "escaped-quotes": '{"a\\"b": "x\\\\", "c": ["\\\\\\"", "\\\\"], "d\\\\": {"e": "\\""}}',
    "escaped-keys": '{"\\u20ac": 1, "caf\\u00e9": {"\\n": [true, false, null]}}',
    "lists-of-lists": '[[[]], [[1, [2, [3]]], {}], [], "x", [{"a": [[{"b": []}]]}]]',
    "numbers": '{"a": -0, "b": 1.5e-3, "c": 10E+2, "d": [0, -1, 2.25]}',
    "crlf": '{\r\n  "a": [\r\n    1,\r\n    {"b": "c"}\r\n  ],\r\n  "d": "x"\r\n}\r\n',
    "lone-cr": '{\r"a":\r[\r1\r]\r}',
    "spread-out": '  \n{\n\n "a"\n :\n [\n 1\n ,\n 2\n ]\n ,\n "b" : { "c" :\n "d" } }\n\n',
    "root-list": ' [ {"a": 1}, [2], "three" ] ',
    "root-scalar": '"just a string"',
    "empty": '{"a": {}, "b": [], "c": [{}], "d": [[]]}',
    "unicode": '{"ключ": "значение", "emoji": "\U0001f600", "k": ["ü", {"é": "è"}]}',
}


def _slow(text: str) -> Any:
    parser = marked_json._Parser(text, "file.json")
    root, _ = parser.value(parser.skip(0), 0)
    return root


def _compare(fast: Any, slow: Any, children_first: bool, where: str = "$") -> None:
    if isinstance(slow, MDict):
        assert isinstance(fast, lazy_json.JsonDict), where
        if children_first:
            for key in slow:
                _compare(fast[key], slow[key], children_first, f"{where}.{key}")
        assert (fast.span, fast.key_spans, fast.value_spans) == (
            slow.span,
            slow.key_spans,
            slow.value_spans,
        ), where
        assert list(fast) == list(slow), where
        for key in slow:
            _compare(fast[key], slow[key], children_first, f"{where}.{key}")
    elif isinstance(slow, MList):
        assert isinstance(fast, lazy_json.JsonList), where
        assert len(fast) == len(slow), where
        if children_first:
            for index, (a, b) in enumerate(zip(fast, slow, strict=True)):
                _compare(a, b, children_first, f"{where}[{index}]")
        assert (fast.span, fast.item_spans) == (slow.span, slow.item_spans), where
        for index, (a, b) in enumerate(zip(fast, slow, strict=True)):
            _compare(a, b, children_first, f"{where}[{index}]")
    else:
        assert type(fast) is type(slow) and fast == slow, where


def _fast(text: str) -> Any:
    return lazy_json.parse(text, "file.json", marked_json.MAX_DEPTH, marked_json.MAX_INT_DIGITS)


@pytest.mark.parametrize("children_first", [False, True], ids=["parents-first", "children-first"])
@pytest.mark.parametrize("case", sorted(EDGES))
def test_edges_match_the_pure_python_parser(case: str, children_first: bool) -> None:
    text = EDGES[case]
    _compare(_fast(text), _slow(text), children_first)


def _fixture_texts() -> list[Path]:
    return sorted(p for p in (REPO / "fixtures").rglob("*.json") if p.is_file())


@pytest.mark.parametrize("children_first", [False, True], ids=["parents-first", "children-first"])
def test_every_json_fixture_matches_the_pure_python_parser(children_first: bool) -> None:
    compared = 0
    for path in _fixture_texts():
        text = path.read_text(encoding="utf-8-sig")
        try:
            slow = _slow(text)
        except ParseError:
            with pytest.raises(lazy_json.SlowPath):
                _fast(text)
            continue
        _compare(_fast(text), slow, children_first, str(path.relative_to(REPO)))
        compared += 1
    assert compared > 100  # the fixtures were found


def test_random_documents_match_the_pure_python_parser() -> None:
    rng = random.Random(20)
    alphabet = ['"', "\\", "{", "}", "[", "]", ":", ",", "a", "é", " "]

    def value(depth: int) -> Any:
        kind = rng.randrange(6 if depth < 6 else 3)
        if kind == 0:
            return "".join(rng.choice(alphabet) for _ in range(rng.randrange(6)))
        if kind == 1:
            return rng.choice([0, -3, 2.5, 1e100, True, False, None])
        if kind == 2:
            return rng.randrange(10**6)
        if kind in (3, 4):
            size = rng.randrange(4)
            return {f"k{rng.choice(alphabet)}{i}": value(depth + 1) for i in range(size)}
        return [value(depth + 1) for _ in range(rng.randrange(4))]

    for _ in range(300):
        document = value(0)
        indent = rng.choice([None, 0, 1, 2])
        text = json.dumps(document, indent=indent, ensure_ascii=rng.random() < 0.5)
        _compare(_fast(text), _slow(text), rng.random() < 0.5)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',
        '{"a": NaN}',
        '{"a": "\\ud83d\\ude00"}',
        '{"a": 1,}',
        "[" * 202 + "]" * 202,
        '{"a": ' + "1" * 4301 + "}",
    ],
    ids=["duplicate", "nan", "surrogate-escape", "trailing-comma", "too-deep", "long-int"],
)
def test_what_the_fast_path_refuses_goes_to_the_pure_python_parser(text: str) -> None:
    with pytest.raises(lazy_json.SlowPath):
        _fast(text)
    try:
        expected: Any = _slow(text)
    except ParseError as exc:
        with pytest.raises(ParseError) as raised:
            parse_text(text, "t.json")
        assert (raised.value.message, raised.value.line, raised.value.column) == (
            exc.message,
            exc.line,
            exc.column,
        )
    else:
        assert type(parse_text(text, "t.json").root) is type(expected)


def test_the_deepest_nesting_allowed_stays_on_the_fast_path() -> None:
    text = "[" * 201 + "]" * 201
    assert isinstance(_fast(text), lazy_json.JsonList)


def test_spans_set_by_a_loader_are_kept() -> None:
    root = _fast('{"a": {"b": [1, 2]}, "c": [3]}')
    inner = root["a"]
    inner.span = marked_json.Span(9, 9, 9, 9)
    assert inner.span == marked_json.Span(9, 9, 9, 9)
    assert inner.key_span("b") == marked_json.Span(1, 8, 1, 11, "file.json")
    listed = root["c"]
    listed.item_spans = [marked_json.Span(7, 7, 7, 8)]
    assert listed.item_span(0) == marked_json.Span(7, 7, 7, 8)
    assert listed.span == marked_json.Span(1, 27, 1, 30, "file.json")
