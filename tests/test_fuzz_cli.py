"""Fuzzing the command line, the configuration and the baseline (issue 21, section 5).

The template inputs are fuzzed in ``test_fuzz.py``; here the *other* inputs a gate
reads are: random option values (``--jobs``, ``--max-file-size``, ``--select``,
``--ignore``, ``--fail-on``, ``--format``), random TOML in ``lambda-lint.toml`` and
``[tool.lambda-lint]`` (wrong types, deep nesting, invalid UTF-8) and random
baseline JSON. Whatever they hold, a run must:

- exit 0, 1 or 2, and never print a traceback;
- on exit 2, end stderr with one ``lambda-lint: error:`` line (argparse's usage
  errors say ``lambda-lint check: error:``);
- with ``--format json`` and exit 0 or 1, print valid JSON with no LL002 (crash).

Runs are in-process (``main``) for speed; the profiles are those of test_fuzz.py.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lambda_lint.cli import main

from .conftest import FIXTURES
from .test_fuzz import PROFILE

pytestmark = pytest.mark.fuzz

TEMPLATE = (FIXTURES / "rules" / "LL110" / "fail.cfn.yaml").read_text(encoding="utf-8")
ERROR_LINE = re.compile(r"lambda-lint(?: check)?: error: ")

# -- running ---------------------------------------------------------------------------------


@contextlib.contextmanager
def _workspace(files: dict[str, bytes]) -> Iterator[Path]:
    """A fresh folder holding two templates and ``files``, as the working directory."""
    previous = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "a.yaml").write_text(TEMPLATE, encoding="utf-8")
        (root / "b.yaml").write_text(TEMPLATE, encoding="utf-8")
        for name, data in files.items():
            (root / name).write_bytes(data)
        os.chdir(root)
        try:
            yield root
        finally:
            os.chdir(previous)


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


def check(args: list[str], files: dict[str, bytes] | None = None) -> tuple[int, str, str]:
    """Run ``lambda-lint ARGS`` in a workspace and assert the properties of the module."""
    with _workspace(files or {}):
        code, out, err = run(args)
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err, err
    if code == 2:
        lines = err.splitlines()
        assert lines, "exit 2 without a message"
        assert ERROR_LINE.match(lines[-1]), err
    elif _final_format(args) == "json":
        document = json.loads(out)
        if isinstance(document, dict):  # a report; --statistics prints a list of counts
            rules = [finding["rule"] for finding in document["findings"]]
            assert "LL002" not in rules, out
    return code, out, err


def _final_format(args: list[str]) -> str | None:
    """The last ``--format`` value argparse would keep (None: not given)."""
    value = None
    for index, arg in enumerate(args[:-1]):
        if arg == "--format":
            value = args[index + 1]
    for arg in args:
        if arg.startswith("--format="):
            value = arg.split("=", 1)[1]
    return value


# -- option values ---------------------------------------------------------------------------

# Argument text: anything but NUL (argv cannot hold it) and surrogates (nor those).
ARG_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
NUMBERS = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.integers(0, 64).map(str),
    st.from_regex(r"\s*[+-]?\d{0,25}\s*([KMGkmg]i?[Bb]|[Bb]|x|e9)?\s*", fullmatch=True),
)
SELECTORS = st.one_of(
    ARG_TEXT,
    st.lists(
        st.sampled_from(["LL1", "LL110", "ALL", "LL0", "LL001", "LL9", "parse-error", "", " "]),
        max_size=4,
    ).map(",".join),
)
CHOICES = {
    "--jobs": NUMBERS,
    "-j": NUMBERS,
    "--max-file-size": NUMBERS,
    "--select": SELECTORS,
    "--extend-select": SELECTORS,
    "--ignore": SELECTORS,
    "--fail-on": st.one_of(st.sampled_from(["error", "warning", "info"]), ARG_TEXT),
    "--format": st.one_of(
        st.sampled_from(["json", "concise", "sarif", "junit", "github", "gitlab", "full"]),
        ARG_TEXT,
    ),
}
FLAGS = ["--statistics", "--show-suppressed", "--no-suppressions", "--exit-zero", "--isolated"]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    args: list[str] = []
    for option in draw(st.lists(st.sampled_from(sorted(CHOICES)), max_size=6)):
        value = draw(CHOICES[option])
        args += [f"{option}={value}"] if draw(st.booleans()) else [option, value]
    args += draw(st.lists(st.sampled_from(FLAGS), max_size=2))
    args += draw(st.sampled_from([["a.yaml"], ["a.yaml", "b.yaml"], ["."], ["missing.yaml"]]))
    # json last most of the time, so that the JSON property is exercised often.
    if draw(st.integers(0, 3)):
        args += ["--format", "json"]
    return draw(st.permutations(args)) if draw(st.integers(0, 4)) == 0 else args


@settings(PROFILE)
@given(args=command_lines())
def test_option_values(args: list[str]) -> None:
    check(["--no-progress", "--isolated", *args])


# -- configuration files ---------------------------------------------------------------------

KEYS = [
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "severity",
    "fail-on",
    "exclude",
    "max-file-size",
    "rules",
    "LL110",
    "x",
    "",
]
TOML_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=10)
# rules-dirs loads Python from its folders: only names inside the workspace.
SAFE_NAME = st.text(st.sampled_from("abc_-"), max_size=5)


def toml_scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers(-(2**63), 2**63 - 1),
        st.floats(allow_nan=False),
        st.booleans(),
        TOML_TEXT,
        st.sampled_from(["LL110", "LL1", "ALL", "error", "warning", "info", "100MiB", "0", "*"]),
    )


def toml_values() -> st.SearchStrategy[Any]:
    return st.recursive(
        toml_scalars(),
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.one_of(st.sampled_from(KEYS), TOML_TEXT), children, max_size=4),
        ),
        max_leaves=12,
    )


def toml_value(value: Any) -> str:
    """A TOML inline value (strings as JSON strings, which TOML basic strings accept)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return repr(value)  # inf, -inf and 1e+16 are TOML too
    if isinstance(value, list):
        return "[" + ", ".join(map(toml_value, value)) + "]"
    return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_key(key: str) -> str:
    return json.dumps(key, ensure_ascii=False)


@st.composite
def configurations(draw: st.DrawFn) -> bytes:
    table = draw(st.dictionaries(st.sampled_from(KEYS), toml_values(), max_size=5))
    if draw(st.booleans()):
        table["rules-dirs"] = draw(st.lists(SAFE_NAME, max_size=2))
    text = "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in table.items())
    data = text.encode("utf-8")
    damage = draw(st.integers(0, 5))
    if damage == 0:  # invalid UTF-8 somewhere
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80"])) + data[at:]
    elif damage == 1:  # deep nesting
        depth = draw(st.integers(1, 3000))
        open_, close = draw(st.sampled_from([("[", "]"), ("{a = ", "}")]))
        data += f"deep = {open_ * depth}1{close * depth}\n".encode()
    elif damage == 2:  # any bytes
        data = draw(st.binary(max_size=60))
    return data


@settings(PROFILE)
@given(data=configurations(), pyproject=st.booleans(), json_format=st.booleans())
def test_configuration_files(data: bytes, pyproject: bool, json_format: bool) -> None:
    if pyproject:
        name, data = "pyproject.toml", b"[tool.lambda-lint]\n" + data
    else:
        name = "lambda-lint.toml"
    fmt = ["--format", "json"] if json_format else ["--format", "concise"]
    check(["--no-progress", ".", *fmt], {name: data})


# -- baselines -------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TOML_TEXT),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(TOML_TEXT, children, max_size=4)
    ),
    max_leaves=12,
)
ENTRY = st.fixed_dictionaries(
    {},
    optional={
        "fingerprint": st.one_of(TOML_TEXT, JSON_VALUES),
        "rule": JSON_VALUES,
        "path": JSON_VALUES,
        "resource": JSON_VALUES,
        "message": JSON_VALUES,
    },
)


@st.composite
def baselines(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return draw(st.binary(max_size=60))
    if kind == 1:
        return json.dumps(draw(JSON_VALUES)).encode()
    document = {
        "version": draw(st.one_of(st.just(1), JSON_VALUES)),
        "findings": draw(st.one_of(st.lists(st.one_of(ENTRY, JSON_VALUES)), JSON_VALUES)),
    }
    data = json.dumps(document, ensure_ascii=draw(st.booleans())).encode()
    if kind == 2:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"[" * 3000, b"\x00", b""])) + data[at:]
    return data


@settings(PROFILE)
@given(data=baselines())
def test_baseline_files(data: bytes) -> None:
    check(
        ["--no-progress", "--isolated", "a.yaml", "--baseline", "base.json", "--format", "json"],
        {"base.json": data},
    )


# -- what the fuzzer found, kept as explicit examples ---------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["a.yaml", "--extend-select", "0\x1e0"],
            "lambda-lint: error: unknown rule selector '0\\x1e0'\n",
        ),
        (
            ["a.yaml", "--select", "\x1b[2J"],
            "lambda-lint: error: unknown rule selector '\\x1b[2J'\n",
        ),
        (["a.yaml", "--x\x1b"], "lambda-lint check: error: unrecognized arguments: --x\\x1b\n"),
    ],
    ids=["record-separator", "ansi-escape", "unrecognized-argument"],
)
def test_control_characters_in_error_messages_are_escaped(args: list[str], expected: str) -> None:
    """A raw U+001E split the message in two (str.splitlines); an ESC drove the terminal."""
    code, out, err = check(["--isolated", *args])
    assert (code, out, err.splitlines(keepends=True)[-1]) == (2, "", expected)


def test_control_characters_in_a_configuration_key_are_escaped() -> None:
    code, out, err = check(["a.yaml"], {"lambda-lint.toml": b'"\\u001b[2J" = 1\n'})
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert err.startswith("lambda-lint: error: ")
    assert err.endswith("lambda-lint.toml: \\x1b[2J: unknown key '\\x1b[2J'\n")
