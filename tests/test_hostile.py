"""Hostile inputs (issue 7, part 1): each gets a clear LL001 finding or exit 2, quickly.

Every case goes through the real command line (``main([...])``, concise format)
and asserts the exact output. Cases that need a process boundary (memory limits,
a crash of the interpreter, a hang) run ``python -m lambda_lint`` in a child
with ``resource.setrlimit`` and a timeout. Inputs are generated in ``tmp_path``.

A case lambda-lint does not yet answer as the issue asks would state the expected
answer and be marked ``xfail(strict=True)`` with the reason; none is open.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from lambda_lint.parsing import ParseError, parse_file
from lambda_lint.parsing.reader import DEFAULT_MAX_BYTES

from .conftest import NOTHING_FOUND, Cli, Result, limit

HEAD = "AWSTemplateFormatVersion: '2010-09-09'\n"
POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from ``tmp_path`` so that reported paths are short and relative."""
    monkeypatch.chdir(tmp_path)


def lint(cli: Cli, *args: str | Path) -> Result:
    """The shared runner with this file's defaults: concise, no configuration files."""
    return cli(*args, "--format", "concise", "--isolated")


def write(name: str, data: str | bytes) -> Path:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def nothing_checked(path: str) -> tuple[int, str, str]:
    """A run over one file that is not a template: exit 0, and never "All checks passed!"."""
    return (
        0,
        "No files checked (1 file skipped: not templates).\n",
        NOTHING_FOUND + f"{path}\n",
    )


def one_finding(location: str, message: str, code: str = "LL001") -> str:
    return f"{location}: error: {message} [{code}]\nFound 1 finding (1 error) in 1 file.\n"


def child(
    cli: Cli, args: list[str], memory_mb: int = 768, timeout: float = 60, cwd: Path | None = None
) -> Result:
    """``python -m lambda_lint ARGS`` (concise, isolated) with an address-space limit and a
    timeout."""
    resource = pytest.importorskip("resource", reason="POSIX resource limits")
    memory = limit(resource.RLIMIT_AS, memory_mb * 1024 * 1024)
    return cli.child(
        *args, "--format", "concise", "--isolated", preexec_fn=memory, timeout=timeout, cwd=cwd
    )


# -- alias bombs and nesting -------------------------------------------------------------------


def billion_laughs(levels: int = 10) -> str:
    lines = [HEAD, "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"]
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]\n")
    return "".join(lines)


def test_billion_laughs_is_refused(cli: Cli) -> None:
    write("t.yaml", billion_laughs())
    assert lint(cli, "t.yaml") == (
        1,
        one_finding(
            "t.yaml:8:20",
            "YAML aliases expand to more than 2,000,000 nodes (an alias bomb?); refusing to expand",
        ),
        "",
    )


def test_alias_nesting_counts_the_depth_of_what_it_repeats(
    cli: Cli,
) -> None:
    """150 levels under an anchor, repeated 60 levels deep: 210 levels, without a bomb."""
    deep = "[" * 150 + "]" * 150
    write("t.yaml", f"{HEAD}a: &a {deep}\nb: {'[' * 60}*a{']' * 60}\n")
    assert lint(cli, "t.yaml") == (
        1,
        one_finding("t.yaml:3:64", "nesting deeper than 200 levels (through alias *a)"),
        "",
    )


def test_recursive_alias_is_refused(cli: Cli) -> None:
    write("t.yaml", f"{HEAD}a: &a [1, *a]\n")
    message = "alias *a refers to the collection that contains it (a recursive structure)"
    assert lint(cli, "t.yaml") == (1, one_finding("t.yaml:2:11", message), "")


@pytest.mark.parametrize(
    ("name", "text", "location"),
    [
        ("flow-seq.yaml", HEAD + "Resources: " + "[" * 10_000 + "]" * 10_000 + "\n", "2:212"),
        ("flow-map.yaml", HEAD + "Resources: " + "{a: " * 10_000 + "1" + "}" * 10_000, "2:809"),
        ("block-seq.yaml", HEAD + "Resources:\n" + "- " * 10_000 + "x\n", "3:401"),
        (
            "block-map.yaml",
            HEAD + "Resources:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(300)),
            "202:201",
        ),
        ("array.json", '{"Resources": ' + "[" * 10_000 + "]" * 10_000 + "}", "1:215"),
        ("object.json", '{"Resources": ' + '{"a": ' * 10_000 + "1" + "}" * 10_000, "1:1215"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 20 else "",
)
def test_deep_nesting_is_refused(cli: Cli, name: str, text: str, location: str) -> None:
    write(name, text)
    assert lint(cli, name) == (
        1,
        one_finding(f"{name}:{location}", "nesting deeper than 200 levels"),
        "",
    )


@pytest.mark.parametrize(
    ("name", "text", "location"),
    [
        ("flow.yaml", "Resources: " + "[" * 100_000 + "]" * 100_000 + "\n", "1:212"),
        ("block.yaml", "Resources:\n" + "- " * 100_000 + "x\n", "2:401"),
        ("flow.json", '{"Resources": ' + "[" * 1_000_000 + "]" * 1_000_000 + "}", "1:215"),
        (
            "mappings.yaml",  # 10,000 block mappings need 50 MB of indentation
            lambda: "Resources:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(10_000)),
            "201:201",
        ),
    ],
    ids=["flow-yaml", "block-yaml", "flow-json", "block-mappings-yaml"],
)
def test_nesting_beyond_the_c_stack_is_a_finding_not_a_crash(
    cli: Cli, tmp_path: Path, name: str, text: str | Callable[[], str], location: str
) -> None:
    """PyYAML's composer recursed in C and died with SIGSEGV at ~40,000 levels.

    Each runs in a child under a 768 MB address-space limit.
    """
    write(name, text if isinstance(text, str) else text())
    result = child(cli, [name], cwd=tmp_path)
    assert (result.code, result.out, result.err) == (
        1,
        one_finding(f"{name}:{location}", "nesting deeper than 200 levels"),
        "",
    )


# -- size, binary data, encodings --------------------------------------------------------------


def test_file_over_the_size_cap_is_not_read(cli: Cli, tmp_path: Path) -> None:
    """A sparse file one byte over the cap: refused from its size, under a 256 MB limit."""
    with open("big.yaml", "wb") as handle:
        handle.write(HEAD.encode())
        handle.truncate(DEFAULT_MAX_BYTES + 1)
    result = child(cli, ["big.yaml"], memory_mb=256, cwd=tmp_path)
    message = "file is 104,857,601 bytes, over the 104,857,600-byte limit (--max-file-size)"
    assert (result.code, result.out, result.err) == (
        1,
        one_finding("big.yaml:1:1", message),
        "",
    )


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux /proc")
def test_files_that_report_no_size_are_read_with_a_bound() -> None:
    """/proc files say they are empty; the read stops at the cap anyway."""
    with pytest.raises(ParseError) as caught:
        parse_file(Path("/proc/self/status"), max_bytes=100)
    assert caught.value.message == (
        "file is more than 100 bytes, over the 100-byte limit (--max-file-size)"
    )


def test_the_size_cap_is_a_parameter_of_the_parser() -> None:
    path = write("t.yaml", HEAD + "Resources: {}\n")
    with pytest.raises(ParseError) as caught:
        parse_file(path, max_bytes=16)
    assert caught.value.message == "file is 53 bytes, over the 16-byte limit (--max-file-size)"
    assert parse_file(path, max_bytes=53).root == {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {},
    }


@pytest.mark.parametrize(
    ("option", "config", "expected"),
    [
        (["--max-file-size", "16"], "", "over the 16-byte limit"),
        (["--max-file-size", "1KB"], "", None),
        (["--max-file-size", "52 B"], "", "over the 52-byte limit"),
        ([], "max-file-size = 16\n", "over the 16-byte limit"),
        ([], 'max-file-size = "1KiB"\n', None),
        (["--max-file-size", "1KiB"], "max-file-size = 16\n", None),  # the option wins
    ],
    ids=["option", "option-kb", "option-spaced", "config", "config-kib", "option-wins"],
)
def test_the_size_cap_is_an_option_and_a_setting(
    cli: Cli, option: list[str], config: str, expected: str | None
) -> None:
    write("t.yaml", HEAD + "Resources: {}\n")
    args = ["t.yaml", *option, "--format", "concise", "--no-progress"]
    if config:
        write("lambda-lint.toml", config)
    else:
        args.append("--isolated")
    code, out, err = cli(*args)
    if expected is None:
        assert (code, out, err) == (0, "All checks passed! (1 file checked)\n", "")
    else:
        message = f"file is 53 bytes, {expected} (--max-file-size)"
        assert (code, out, err) == (1, one_finding("t.yaml:1:1", message), "")


@pytest.mark.parametrize(
    ("option", "config", "error"),
    [
        (["--max-file-size", "lots"], "", "max-file-size: 'lots' is not a size such as 100MiB"),
        (["--max-file-size", "0"], "", "max-file-size: '0' must be at least one byte"),
        ([], "max-file-size = 0\n", "max-file-size: 0 is less than the minimum of 1"),
        ([], 'max-file-size = "2 TB"\n', "max-file-size: '2 TB' does not match"),
    ],
    ids=["word", "zero", "config-zero", "config-unit"],
)
def test_a_wrong_size_cap_is_a_usage_error(
    cli: Cli, option: list[str], config: str, error: str
) -> None:
    write("t.yaml", HEAD + "Resources: {}\n")
    if config:
        write("lambda-lint.toml", config)
    code, out, err = cli("t.yaml", *option, "--no-progress", *([] if config else ["--isolated"]))
    assert (code, out) == (2, "")
    assert err.startswith("lambda-lint: error: ") and error in err


@pytest.mark.parametrize(
    ("data", "location", "message"),
    [
        (b"\x00\x01\x02AWS::", "1:1", "binary file (contains NUL bytes); not a template"),
        (
            b"\x89PNG\r\n\x1a\n" + bytes(range(0x80, 0x100)),
            "1:1",
            "invalid UTF-8 (byte 0x89): invalid start byte",
        ),
        (
            HEAD.encode() + "Description: 'é😀 ".encode() + b"\xff'\n",
            "2:18",
            "invalid UTF-8 (byte 0xff): invalid start byte",
        ),
        (
            b"\xff\xfe" + "Resources: {}\n".encode("utf-16-le")[:-1],
            "1:1",
            "invalid UTF-16: truncated data",
        ),
        (
            "Resources: {}\n".encode("utf-16-le"),
            "1:1",
            "binary file (contains NUL bytes); not a template",
        ),
    ],
    ids=["nul-bytes", "png", "invalid-utf8", "truncated-utf16", "utf16-without-bom"],
)
def test_binary_and_undecodable_files(cli: Cli, data: bytes, location: str, message: str) -> None:
    write("t.yaml", data)
    assert lint(cli, "t.yaml") == (1, one_finding(f"t.yaml:{location}", message), "")


def test_binary_files_found_in_a_directory_are_skipped_unless_they_look_like_templates(
    cli: Cli,
) -> None:
    write("repo/logo.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write("repo/cfn.yaml", b"\x00AWSTemplateFormatVersion")
    assert lint(cli, "repo") == (
        1,
        one_finding("repo/cfn.yaml:1:1", "binary file (contains NUL bytes); not a template"),
        "",
    )


TIMEOUT_ZERO = (
    HEAD + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
    "    Properties:\n      Role: arn:aws:iam::1:role/r\n      Timeout: 0\n"
)
LL110_LINE = (
    "error: timeout 0 s is outside Lambda's range of 1 to 900 seconds (15 minutes) [LL110]\n"
)
LL110 = LL110_LINE + "Found 1 finding (1 error) in 1 file.\n"


@pytest.mark.parametrize(
    "data",
    [
        TIMEOUT_ZERO.encode(),
        b"\xef\xbb\xbf" + TIMEOUT_ZERO.encode(),
        b"\xff\xfe" + TIMEOUT_ZERO.encode("utf-16-le"),
        b"\xfe\xff" + TIMEOUT_ZERO.encode("utf-16-be"),
        b"\xff\xfe\x00\x00" + TIMEOUT_ZERO.encode("utf-32-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom"],
)
def test_byte_order_marks_give_the_same_findings(cli: Cli, data: bytes) -> None:
    write("t.yaml", data)
    assert lint(cli, "t.yaml") == (1, "t.yaml:7:16: " + LL110, "")


def test_json_with_a_utf8_bom(cli: Cli) -> None:
    template = (
        '{"Resources": {"Fn": {"Type": "AWS::Lambda::Function",\n'
        '  "Properties": {"Role": "arn:aws:iam::1:role/r", "Timeout": 0}}}}\n'
    )
    write("t.json", b"\xef\xbb\xbf" + template.encode())
    assert lint(cli, "t.json") == (1, "t.json:2:62: " + LL110, "")


@pytest.mark.parametrize(
    ("name", "data", "location", "message"),
    [
        (
            "t.json",
            '{"Resources": {"F": {"Type": "AWS::Lambda::Function",'
            ' "Properties": {"Environment": {"Variables": {"\\ud800": "x"}}}}}}',
            "1:100",
            "invalid \\u escape: U+D800 is half of a surrogate pair, not a character",
        ),
        (
            "t.yaml",
            HEAD + 'Description: "\\ud800"\n',
            "2:17",
            "while parsing a quoted scalar found invalid Unicode character escape code",
        ),
    ],
    ids=["json-lone-surrogate", "yaml-lone-surrogate"],
)
def test_values_python_cannot_represent_are_parse_errors(
    cli: Cli, name: str, data: str, location: str, message: str
) -> None:
    """A lone surrogate crashed every encoder downstream; a 5,000-digit int, int()."""
    write(name, data)
    assert lint(cli, name) == (1, one_finding(f"{name}:{location}", message), "")


# -- duplicate keys and tags ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "location", "message"),
    [
        (
            "t.yaml",
            HEAD + "Resources: {}\nResources: {}\n",
            "3:1",
            "duplicate key 'Resources' (first defined at line 2)",
        ),
        (
            "t.yaml",
            HEAD
            + "Resources:\n  Fn:\n    Type: AWS::SQS::Queue\n  Fn:\n    Type: AWS::SQS::Queue\n",
            "5:3",
            "duplicate key 'Fn' (first defined at line 3)",
        ),
        (
            "t.yaml",
            HEAD + "Resources:\n  Fn:\n    Type: AWS::SQS::Queue\n"
            "    Properties: {DelaySeconds: 1, DelaySeconds: 2}\n",
            "5:35",
            "duplicate key 'DelaySeconds' (first defined at line 5)",
        ),
        (
            "t.yaml",
            HEAD + "? Resources\n: {}\nResources: {}\n",
            "4:1",
            "duplicate key 'Resources' (first defined at line 2)",
        ),
        (
            "t.json",
            '{"Resources": {},\n "Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}',
            "2:2",
            "duplicate key 'Resources' (first defined at line 1)",
        ),
        (
            "t.json",
            '{"Resources": {"Fn": {"Type": "AWS::SQS::Queue"},\n'
            '  "Fn": {"Type": "AWS::SQS::Queue"}}}',
            "2:3",
            "duplicate key 'Fn' (first defined at line 1)",
        ),
    ],
    ids=[
        "yaml-top",
        "yaml-resource",
        "yaml-flow",
        "yaml-explicit-key",
        "json-top",
        "json-resource",
    ],
)
def test_duplicate_keys(cli: Cli, name: str, text: str, location: str, message: str) -> None:
    """Reported at the repetition; then the template is linted with the last value."""
    write(name, text)
    message += "; CloudFormation uses the last value, so the template is checked with it"
    assert lint(cli, name) == (1, one_finding(f"{name}:{location}", message), "")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "t.yaml",
            "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
            "    Properties: {Timeout: 5, Role: arn:aws:iam::123456789012:role/r, Timeout: 1000}\n"
            "  Fn:\n    Type: AWS::Lambda::Function\n"
            "    Properties: {Timeout: 2000, Role: arn:aws:iam::123456789012:role/r}\n",
            ["4:70 LL001", "5:3 LL001", "7:27 LL110"],
        ),
        (
            "t.json",
            '{"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties":\n'
            '  {"Timeout": 1000, "Role": "arn:aws:iam::123456789012:role/r", "Timeout": 5,\n'
            '   "MemorySize": 64, "MemorySize": 128, "MemorySize": 64}}}}',
            ["2:65 LL001", "3:22 LL001", "3:41 LL001", "3:55 LL120"],
        ),
    ],
    ids=["yaml", "json"],
)
def test_a_duplicate_key_does_not_stop_the_other_rules(
    cli: Cli, name: str, text: str, expected: list[str]
) -> None:
    """The last value is the one checked (CloudFormation deploys it), for YAML and JSON."""
    write(name, text)
    out = cli(name, "--format", "concise", "--isolated").out
    found = [
        f"{line.split(':')[1]}:{line.split(':')[2]} {line.rsplit('[', 1)[1].rstrip(']')}"
        for line in out.splitlines()
        if line.startswith(name)
    ]
    assert found == expected


def test_duplicate_anchor(cli: Cli) -> None:
    write("t.yaml", HEAD + "a: &x 1\nb: &x 2\n")
    message = "duplicate anchor &x (first defined at line 2)"
    assert lint(cli, "t.yaml") == (1, one_finding("t.yaml:3:4", message), "")


def test_unknown_tags_are_findings_and_python_tags_never_run(cli: Cli, tmp_path: Path) -> None:
    write(
        "t.yaml",
        HEAD + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        "      Role: !!python/object/apply:os.system ['touch pwned']\n"
        "      Handler: !!python/name:os.system\n"
        "      Runtime: !Bogus python3.12\n"
        "      Tags: !Tags {a: b}\n",
    )
    tag = "CloudFormation supports only its intrinsic function tags"
    assert lint(cli, "t.yaml") == (
        1,
        "t.yaml:6:13: error: unknown tag !!python/object/apply:os.system: " + tag + " [LL001]\n"
        "t.yaml:7:16: error: unknown tag !!python/name:os.system: " + tag + " [LL001]\n"
        "t.yaml:8:16: error: unknown tag !Bogus: " + tag + " [LL001]\n"
        "t.yaml:9:13: error: unknown tag !Tags: " + tag + " [LL001]\n"
        "Found 4 findings (4 errors) in 1 file.\n",
        "",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.yaml"]  # nothing ran


def test_tags_of_other_tools_are_fine_outside_templates(
    cli: Cli,
) -> None:
    write(".gitlab-ci.yml", "test:\n  script: !reference [.setup, script]\n")
    assert lint(cli, ".gitlab-ci.yml") == nothing_checked(".gitlab-ci.yml")


# -- shapes that are not templates, or broken templates ----------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("list.yaml", "- a\n- b\n"),
        ("scalar.yaml", "just text\n"),
        ("null.yaml", "~\n"),
        ("comments.yaml", "# nothing here\n"),
        ("list.json", "[1, 2]"),
        ("string.json", '"AWS::Lambda::Function"'),
        ("number.json", "42"),
    ],
)
def test_non_mapping_roots_are_not_templates(cli: Cli, name: str, text: str) -> None:
    """pre-commit hands over every YAML/JSON file: what is not a template is skipped."""
    write(name, text)
    assert lint(cli, name) == nothing_checked(name)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("t.yaml", "- " + HEAD + "  Resources:\n    Fn: {Type: AWS::Lambda::Function}\n"),
        ("t.json", '[{"Resources": {"Fn": {"Type": "AWS::Lambda::Function"}}}]'),
    ],
    ids=["yaml", "json"],
)
def test_template_inside_a_list_root(cli: Cli, name: str, text: str) -> None:
    write(name, text)
    code, out, _ = lint(cli, name)
    assert (code, out.splitlines()[0].split(": error: ")[0]) == (1, f"{name}:1:1")
    assert out.endswith("[LL006]\nFound 1 finding (1 error) in 1 file.\n")


BROKEN_SHAPES = [
    pytest.param(
        HEAD + "Resources:\n  - Fn:\n      Type: AWS::Lambda::Function\n",
        "3:3",
        "Resources",
        id="resources-list",
    ),
    pytest.param(
        HEAD + "Resources: AWS::Lambda::Function\n", "2:12", "Resources", id="resources-str"
    ),
    pytest.param(
        HEAD + "Resources:\n  Fn:\n    Properties: {Timeout: 0}\n", "3:3", "Type", id="no-type"
    ),
    pytest.param(
        HEAD + "Resources:\n  Fn:\n    Type: [AWS::Lambda::Function]\n",
        "4:11",
        "Type",
        id="type-list",
    ),
    pytest.param(HEAD + "Resources:\n  Fn: AWS::Lambda::Function\n", "3:7", "Fn", id="body-str"),
    pytest.param(HEAD + "Resources:\n  Fn:\n", "3:3", "Fn", id="body-null"),
    pytest.param(
        HEAD + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: [Timeout, 0]\n",
        "5:17",
        "Properties",
        id="properties-list",
    ),
    pytest.param(
        HEAD + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: 'Timeout: 0'\n",
        "5:17",
        "Properties",
        id="properties-str",
    ),
    pytest.param(
        HEAD + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n",
        "5:5",
        "Properties",
        id="properties-null",
    ),
]


@pytest.mark.parametrize(("text", "location", "word"), BROKEN_SHAPES)
def test_broken_template_shapes(cli: Cli, text: str, location: str, word: str) -> None:
    write("t.yaml", text)
    code, out, _ = lint(cli, "t.yaml")
    first = out.splitlines()[0]
    assert code == 1
    assert first.startswith(f"t.yaml:{location}: error: ")
    assert first.endswith("[LL006]")
    assert word in first


def test_every_broken_shape_in_one_template(cli: Cli) -> None:
    """Each broken resource is its own finding; property values of a wrong type are not ours."""
    write(
        "t.yaml",
        HEAD + "Resources:\n  A: {Properties: {Timeout: 0}}\n  B: {Type: [x]}\n  C: x\n  D:\n"
        "  E: {Type: AWS::Lambda::Function, Properties: [Timeout, 0]}\n"
        "  F: {Type: AWS::Lambda::Function, Properties: 'Timeout: 0'}\n"
        "  G: {Type: AWS::Serverless::Function, Properties: ~}\n"
        "  H: {Type: AWS::SQS::Queue, Properties: {RedrivePolicy: [1]}}\n"
        "  I: {Type: AWS::Lambda::Alias, Properties: {RoutingConfig: [1]}}\n"
        "Globals:\n  Function: [1]\n",
    )
    mapping = "CloudFormation requires a mapping"
    assert lint(cli, "t.yaml", "--select", "LL0") == (
        1,
        "t.yaml:3:3: error: resource A has no Type; CloudFormation rejects a resource without "
        "one [LL006]\n"
        "t.yaml:4:13: error: the Type of resource B is a list; CloudFormation requires a "
        "resource type name such as AWS::Lambda::Function [LL006]\n"
        f"t.yaml:5:6: error: resource C is a string; {mapping} with a Type [LL006]\n"
        f"t.yaml:6:3: error: resource D is null; {mapping} with a Type [LL006]\n"
        f"t.yaml:7:48: error: the Properties of resource E are a list; {mapping} [LL006]\n"
        f"t.yaml:8:48: error: the Properties of resource F are a string; {mapping} [LL006]\n"
        f"t.yaml:9:40: error: the Properties of resource G are null; {mapping} [LL006]\n"
        "Found 7 findings (7 errors) in 1 file.\n",
        "",
    )


@pytest.mark.parametrize(
    "tail",
    ["---\n", "---\n# the end\n", "...\n", "---\n...\n---\n"],
    ids=["trailing-dashes", "dashes-and-comment", "document-end", "empty-documents"],
)
def test_empty_later_documents_are_not_a_second_template(cli: Cli, tail: str) -> None:
    write("t.yaml", HEAD + "Resources:\n  Q: {Type: AWS::SQS::Queue}\n" + tail)
    assert lint(cli, "t.yaml") == (0, "All checks passed! (1 file checked)\n", "")


def test_a_second_document_after_a_template_is_reported(
    cli: Cli,
) -> None:
    """The first document is still checked; the second is named where it starts."""
    write(
        "t.yaml",
        HEAD + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
        "    Properties: {Role: arn:aws:iam::1:role/r, Timeout: 901}\n---\nMore: 1\n",
    )
    code, out, _ = lint(cli, "t.yaml")
    assert code == 1
    assert out.splitlines()[:2] == [
        "t.yaml:5:56: error: timeout 901 s is outside Lambda's range of 1 to 900 seconds "
        "(15 minutes) [LL110]",
        "t.yaml:6:1: error: a second YAML document starts here; CloudFormation reads a "
        "template file as one document (only the first is checked) [LL001]",
    ]


def test_multi_document_streams_that_are_not_templates_are_skipped(
    cli: Cli,
) -> None:
    write("k8s.yaml", "apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Service\n")
    assert lint(cli, "k8s.yaml") == nothing_checked("k8s.yaml")


def test_terraform_json_is_never_read_as_yaml(cli: Cli) -> None:
    """Terraform reads *.tf.json only as JSON; a YAML list there is a syntax error."""
    write("mod/main.tf.json", '\n- {"resource": {}}')
    write("mod/list.tf.json", "\n[1]")
    assert lint(cli, "mod") == (
        1,
        "mod/list.tf.json:2:1: error: a Terraform JSON file must hold an object [LL006]\n"
        "mod/main.tf.json:2:1: error: unexpected character '-', expected a value [LL001]\n"
        "Found 2 findings (2 errors) in 2 files.\n",
        "",
    )


# -- references ------------------------------------------------------------------------------------

MISSING_REFS = (
    HEAD + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    DependsOn: [Gone]\n"
    "    Properties:\n      Role: !GetAtt NoRole.Arn\n      Timeout: !Ref NoParam\n"
    "      Environment:\n        Variables:\n          HOST: !Sub '${NoHost}.example.com'\n"
)


def test_references_to_missing_resources(cli: Cli) -> None:
    write("t.yaml", MISSING_REFS)
    code, out, _ = lint(cli, "t.yaml", "--select", "LL006")
    located = [line.split(": error: ")[0] for line in out.splitlines()[:-1]]
    assert (code, located) == (1, ["t.yaml:5:17", "t.yaml:7:13", "t.yaml:8:16", "t.yaml:11:17"])
    assert all(name in out for name in ("Gone", "NoRole", "NoParam", "NoHost"))


def test_missing_reference_messages(cli: Cli) -> None:
    write("t.yaml", MISSING_REFS)
    rejects = "of this template; CloudFormation rejects the template [LL006]"
    assert lint(cli, "t.yaml", "--select", "LL0") == (
        1,
        f"t.yaml:5:17: error: DependsOn Gone: Gone is not a resource {rejects}\n"
        f"t.yaml:7:13: error: !GetAtt NoRole.Arn: NoRole is not a resource {rejects}\n"
        f"t.yaml:8:16: error: !Ref NoParam: NoParam is not a resource or parameter {rejects}\n"
        f"t.yaml:11:17: error: !Sub ${{NoHost}}: NoHost is not a resource or parameter {rejects}\n"
        "Found 4 findings (4 errors) in 1 file.\n",
        "",
    )


CYCLES = (
    HEAD + "Resources:\n"
    "  A:\n    Type: AWS::Lambda::Function\n    DependsOn: B\n    Properties:\n"
    "      Role: !GetAtt B.Arn\n"
    "      Environment: {Variables: {SELF: !Sub '${A.Arn}', PEER: !Ref B}}\n"
    "  B:\n    Type: AWS::IAM::Role\n    DependsOn: A\n    Properties:\n"
    "      Path: !Sub '/${A}/'\n      RoleName: !GetAtt A.Arn\n"
)


def test_circular_references(cli: Cli) -> None:
    write("t.yaml", CYCLES)
    code, out, _ = lint(cli, "t.yaml", "--select", "LL006")
    assert code == 1
    assert out.startswith("t.yaml:3:3: error: ")
    assert "circular" in out.lower()


def test_circular_reference_message(cli: Cli) -> None:
    """One finding per cycle, at its first resource, naming a shortest way round it."""
    write("t.yaml", CYCLES)
    assert lint(cli, "t.yaml", "--select", "LL0") == (
        1,
        "t.yaml:3:3: error: circular dependency between resources: A → B → A; "
        "CloudFormation rejects the template [LL006]\n"
        "Found 1 finding (1 error) in 1 file.\n",
        "",
    )


def terraform(locals_: str, timeout: str) -> str:
    return (
        '{"locals": {' + locals_ + '},\n "resource": {"aws_lambda_function": {"fn": '
        '{"function_name": "fn", "role": "arn:aws:iam::1:role/r", "timeout": "'
        + timeout
        + '"}}}}\n'
    )


@pytest.mark.parametrize(
    "locals_",
    ['"a": "${local.b}", "b": "${local.a}"', '"a": "${local.a}-x"'],
    ids=["pair", "self"],
)
def test_terraform_local_cycles(cli: Cli, locals_: str) -> None:
    write("mod/main.tf.json", terraform(locals_, "${local.a}"))
    code, out, _ = lint(cli, "mod", "--select", "LL006")
    assert (code, out.split(": error: ")[0]) == (1, "mod/main.tf.json:1:13")
    assert "cycle" in out.lower()


def test_terraform_local_attribute_referring_to_itself(
    cli: Cli,
) -> None:
    """Terraform rejects it too: "Local value local.m cannot use its own result"."""
    write("mod/main.tf.json", terraform('"m": {"x": "${local.m.x}"}', "${local.m.x}"))
    code, out, _ = lint(cli, "mod", "--select", "LL0")
    assert (code, out) == (
        1,
        one_finding(
            "mod/main.tf.json:1:13",
            "local.m refers to itself (a cycle: local.m → local.m); Terraform rejects the module",
            "LL006",
        ),
    )


def test_long_chain_of_terraform_locals(cli: Cli) -> None:
    chain = ", ".join(f'"l{i}": "${{local.l{i + 1}}}"' for i in range(500))
    write("mod/main.tf.json", terraform(chain + ', "l500": 0', "${local.l0}"))
    code, out, _ = lint(cli, "mod")
    assert "LL002" not in out
    assert code == 1
    assert "[LL110]" in out


def test_terraform_references_to_missing_resources(cli: Cli) -> None:
    write("mod/main.tf.json", terraform('"a": "${var.nope}"', "${aws_iam_role.gone.arn}"))
    code, out, _ = lint(cli, "mod", "--select", "LL006")
    assert code == 1
    assert "gone" in out and "nope" in out


# -- values the model must survive ----------------------------------------------------------------


@pytest.mark.parametrize("value", ['"²"', '"' + "9" * 5000 + '"'], ids=["superscript", "long"])
def test_numeric_looking_strings(cli: Cli, value: str) -> None:
    write(
        "t.yaml",
        HEAD + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        f"      Role: arn:aws:iam::1:role/r\n      Timeout: {value}\n      MemorySize: {value}\n",
    )
    _, out, _ = lint(cli, "t.yaml")
    assert "LL002" not in out
    assert out.startswith("t.yaml:7:16: error: timeout ")


def test_code_path_with_a_nul_character(cli: Cli) -> None:
    write(
        "t.yaml",
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n"
        "    Type: AWS::Serverless::Function\n    Properties:\n"
        '      CodeUri: "src\\0"\n      Runtime: python3.12\n      Handler: app.handler\n',
    )
    _, out, _ = lint(cli, "t.yaml")
    assert "LL002" not in out


def test_reference_used_as_a_number_reads_well(cli: Cli) -> None:
    write(
        "t.yaml",
        HEAD + "Resources:\n  Role:\n    Type: AWS::IAM::Role\n  Fn:\n"
        "    Type: AWS::Lambda::Function\n    Properties:\n"
        "      Role: !GetAtt Role.Arn\n      Timeout: !Ref Role\n",
    )
    _, out, _ = lint(cli, "t.yaml")
    assert out.startswith("t.yaml:9:16: error: timeout <reference to Role> s is outside")
    assert "EntityRef" not in out


def test_names_cannot_forge_output_lines(cli: Cli) -> None:
    forged = "A\\nt.yaml:1:1: error: forged [LL999]\\n\\e[2K"
    write(
        "t.yaml",
        HEAD + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        f'      Role: arn:aws:iam::1:role/r\n      Environment: {{Variables: {{"{forged}": x}}}}\n',
    )
    code, out, _ = lint(cli, "t.yaml")
    assert code == 1
    assert len(out.splitlines()) == 2  # the finding and the summary
    assert "\x1b" not in out


# -- the file system ---------------------------------------------------------------------------


def _modes_enforced() -> bool:
    """False for root (or anyone with CAP_DAC_OVERRIDE): mode 000 files stay readable."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp, "probe")
        probe.write_text("x")
        probe.chmod(0)
        try:
            probe.read_text()
        except PermissionError:
            return True
        return False


needs_non_root = pytest.mark.skipif(
    sys.platform == "win32" or not _modes_enforced(), reason="root reads files whatever their mode"
)


@POSIX_ONLY
@needs_non_root
def test_unreadable_file_named_explicitly(cli: Cli) -> None:
    write("t.yaml", TIMEOUT_ZERO).chmod(0)
    assert lint(cli, "t.yaml") == (
        1,
        one_finding("t.yaml:1:1", "cannot read file: Permission denied"),
        "",
    )


@POSIX_ONLY
@needs_non_root
def test_unreadable_file_and_directory_found_in_a_walk_are_reported(
    cli: Cli,
) -> None:
    """A gate must not pass what it could not open (as ruff reports E902)."""
    write("repo/locked.yaml", TIMEOUT_ZERO).chmod(0)
    write("repo/secret/t.yaml", TIMEOUT_ZERO)
    Path("repo/secret").chmod(0)
    try:
        assert lint(cli, "repo") == (
            1,
            "repo/locked.yaml:1:1: error: cannot read file: Permission denied [LL001]\n"
            "repo/secret:1:1: error: cannot read directory: Permission denied [LL001]\n"
            "Found 2 findings (2 errors) in 2 files.\n",
            "",
        )
    finally:
        Path("repo/secret").chmod(0o755)


@POSIX_ONLY
def test_symlink_loops_in_a_walked_tree(cli: Cli) -> None:
    """Linked directories are not followed; looping or dangling file links are reported.

    ``self`` links to itself and has no template suffix: it is not a candidate.
    """
    write("repo/stack/t.yaml", TIMEOUT_ZERO)
    Path("repo/stack/again").symlink_to("..", target_is_directory=True)
    Path("repo/self").symlink_to("self", target_is_directory=True)
    Path("repo/a.yaml").symlink_to("b.yaml")
    Path("repo/b.yaml").symlink_to("a.yaml")
    Path("repo/dangling.json").symlink_to("nowhere.json")
    loop = "cannot read file: Too many levels of symbolic links"
    assert lint(cli, "repo") == (
        1,
        f"repo/a.yaml:1:1: error: {loop} [LL001]\n"
        f"repo/b.yaml:1:1: error: {loop} [LL001]\n"
        "repo/dangling.json:1:1: error: cannot read file: No such file or directory [LL001]\n"
        "repo/stack/t.yaml:7:16: " + LL110_LINE + "Found 4 findings (4 errors) in 4 files.\n",
        "",
    )


@POSIX_ONLY
def test_symlink_loop_named_explicitly(cli: Cli) -> None:
    Path("loop").symlink_to("loop")
    assert lint(cli, "loop") == (
        1,
        one_finding("loop:1:1", "cannot read file: Too many levels of symbolic links"),
        "",
    )


@POSIX_ONLY
def test_pipes_and_devices_are_never_read(cli: Cli, tmp_path: Path) -> None:
    """Reading a pipe blocks and /dev/zero never ends: named, they are LL001; walked, skipped."""
    write("repo/t.yaml", TIMEOUT_ZERO)
    os.mkfifo("repo/pipe.yaml")
    os.mkfifo("named.yaml")
    result = child(cli, ["repo", "named.yaml", "/dev/zero"], timeout=30, cwd=tmp_path)
    assert (result.code, result.out, result.err) == (
        1,
        "/dev/zero:1:1: error: not a regular file (a character device); not a template [LL001]\n"
        "named.yaml:1:1: error: not a regular file (a named pipe); not a template [LL001]\n"
        "repo/t.yaml:7:16: " + LL110_LINE + "Found 3 findings (3 errors) in 3 files.\n",
        "",
    )


@POSIX_ONLY
@pytest.mark.parametrize("kind", ["pipe", "dev-zero"])
def test_terraform_tfvars_that_never_end(cli: Cli, tmp_path: Path, kind: str) -> None:
    write("mod/main.tf.json", terraform('"a": 1', "0"))
    if kind == "pipe":
        os.mkfifo("mod/terraform.tfvars")
    else:
        Path("mod/terraform.tfvars").symlink_to("/dev/zero")
    try:
        result = child(cli, ["mod"], memory_mb=512, timeout=3, cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail("lambda-lint hung on mod/terraform.tfvars")
    assert result.code == 1
    assert "LL110" in result.out


def test_no_input_writes_anything(cli: Cli, tmp_path: Path) -> None:
    """Every hostile input of this file at once, in one process: the tree is untouched."""
    write("all/bomb.yaml", billion_laughs())
    write("all/deep.json", "[" * 10_000 + "]" * 10_000)
    write("all/tags.yaml", HEAD + "X: !!python/object/apply:os.system ['touch pwned']\n")
    write("all/binary.yaml", b"\x00AWS::")
    write("all/broken.yaml", HEAD + "Resources:\n  Fn:\n    Properties: [1]\n")
    write("all/cycle.yaml", CYCLES)
    write("all/mod/main.tf.json", terraform('"a": "${local.a}"', "${local.a}"))
    before = sorted((p, p.stat().st_size, p.stat().st_mtime_ns) for p in tmp_path.rglob("*"))
    result = child(cli, ["all"], cwd=tmp_path)
    after = sorted((p, p.stat().st_size, p.stat().st_mtime_ns) for p in tmp_path.rglob("*"))
    tag = "CloudFormation supports only its intrinsic function tags"
    assert (result.code, result.out, result.err) == (
        1,
        "all/binary.yaml:1:1: error: binary file (contains NUL bytes); not a template [LL001]\n"
        "all/bomb.yaml:8:20: error: YAML aliases expand to more than 2,000,000 nodes "
        "(an alias bomb?); refusing to expand [LL001]\n"
        "all/broken.yaml:3:3: error: resource Fn has no Type; CloudFormation rejects a "
        "resource without one [LL006]\n"
        "all/broken.yaml:4:17: error: the Properties of resource Fn are a list; "
        "CloudFormation requires a mapping [LL006]\n"
        "all/cycle.yaml:3:3: error: circular dependency between resources: A → B → A; "
        "CloudFormation rejects the template [LL006]\n"
        "all/mod/main.tf.json:1:13: error: local.a refers to itself (a cycle: local.a → "
        "local.a); Terraform rejects the module [LL006]\n"
        f"all/tags.yaml:2:4: error: unknown tag !!python/object/apply:os.system: {tag} [LL001]\n"
        "Found 7 findings (7 errors) in 6 files.\n",
        "",
    )
    assert after == before
