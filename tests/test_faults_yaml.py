"""YAML parsing edge cases (issue 21): line breaks, merge keys, aliases and huge numbers.

Each case runs through the command line (concise format) with the helpers of
``test_hostile`` and asserts the exact findings, positions included.
"""

from __future__ import annotations

import json

import pytest

from lambda_lint.parsing.marked_yaml import parse_yaml
from tests.conftest import Cli
from tests.test_hostile import HEAD, _in_tmp, lint, one_finding, write

__all__ = ["_in_tmp"]  # the autouse fixture: run from tmp_path

FN = HEAD + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
PROPS = FN + "    Properties:\n      Role: arn:aws:iam::1:role/r\n"
MEMORY_1 = "error: memory size 1 MB is outside Lambda's range of 128 to 10,240 MB [LL120]"


# -- line breaks that only YAML 1.1 counts ---------------------------------------------------


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_suppression_below_a_unicode_line_break(cli: Cli, char: str) -> None:
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
    assert lint(cli, "t.yaml") == (
        1,
        f"t.yaml:10:19: {MEMORY_1}\nFound 1 finding (1 error) in 1 file. 1 suppressed.\n",
        "",
    )


# -- aliases -----------------------------------------------------------------------------------


def test_an_alias_as_a_mapping_key(cli: Cli) -> None:
    """As in PyYAML, the key is the aliased scalar; its span is the anchored one, as for
    aliased values (what the alias repeats is written there)."""
    write(
        "t.yaml",
        HEAD + "Metadata:\n  Names: [&t Timeout, &r AWS_REGION, &n !!int 1]\n"
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        "      Role: arn:aws:iam::1:role/r\n      *t : 0\n"
        "      Environment:\n        Variables:\n          *r: x\n          *n : y\n",
    )
    assert lint(cli, "t.yaml") == (
        1,
        "t.yaml:3:23: error: environment variable AWS_REGION is reserved by Lambda and cannot "
        "be set [LL102]\n"
        "t.yaml:3:38: error: environment variable name '1' is invalid: names must start "
        "with a letter, have at least 2 characters and use only letters, digits and _ [LL103]\n"
        "t.yaml:9:12: error: timeout 0 s is outside Lambda's range of 1 to 900 seconds "
        "(15 minutes) [LL110]\n"
        "Found 3 findings (3 errors) in 1 file.\n",
        "",
    )


def test_an_alias_of_an_intrinsic_is_no_key(cli: Cli) -> None:
    write("t.yaml", FN + "Metadata:\n  a: &r !Ref X\n  *r : 1\n")
    assert lint(cli, "t.yaml") == (
        1,
        "t.yaml:7:3: error: a mapping key must be a plain scalar [LL001]\n"
        "Found 1 finding (1 error) in 1 file.\n",
        "",
    )


# -- decimal integers longer than Python reads -----------------------------------------------

ENV_NAME = (
    "error: environment variable name '%s' is invalid: names must start with a letter, "
    "have at least 2 characters and use only letters, digits and _ [LL103]"
)


def test_long_decimals_keep_the_template(cli: Cli) -> None:
    """Python refuses more than 4,300 decimal digits; the template is checked all the same,
    the range rules compare by size, messages say how many digits were written."""
    write(
        "t.yaml",
        PROPS + f"      Timeout: 1{'0' * 5000}\n      MemorySize: -{'9' * 5000}\n"
        f"      Environment:\n        Variables:\n          ? {'7' * 4400}\n          : x\n"
        f"          ? 0x{'f' * 4400}\n          : x\n"
        f"          ? !!int {'x' * 4400}\n          : x\n",
    )
    assert lint(cli, "t.yaml") == (
        1,
        "t.yaml:7:16: error: timeout <an integer of 5,001 digits> s is outside Lambda's range "
        "of 1 to 900 seconds (15 minutes) [LL110]\n"
        "t.yaml:8:19: error: memory size <a negative integer of 5,000 digits> MB is outside "
        "Lambda's range of 128 to 10,240 MB [LL120]\n"
        "t.yaml:10:9: error: environment variables take 4,477 bytes, over Lambda's limit of "
        "4,096 bytes (4 KB, measured as the compact JSON of the whole map) [LL101]\n"
        f"t.yaml:11:13: {ENV_NAME % '<an integer of 4,400 digits>'}\n"
        f"t.yaml:13:13: {ENV_NAME % '<an integer of 17,600 bits>'}\n"
        "Found 5 findings (5 errors) in 1 file.\n",
        "",
    )


def test_a_long_json_decimal_keeps_the_template(cli: Cli) -> None:
    write(
        "t.json",
        '{"Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": '
        f'{{"Role": "arn:aws:iam::1:role/r", "Timeout": 1{"0" * 5000}, "MemorySize": 1}}}}}}}}\n',
    )
    assert lint(cli, "t.json") == (
        1,
        "t.json:1:114: error: timeout <an integer of 5,001 digits> s is outside Lambda's range "
        "of 1 to 900 seconds (15 minutes) [LL110]\n"
        f"t.json:1:5131: {MEMORY_1}\nFound 2 findings (2 errors) in 1 file.\n",
        "",
    )


def test_a_long_decimal_is_read_in_linear_time(cli: Cli) -> None:
    """4 million digits: minutes for a quadratic conversion, milliseconds by size."""
    write("t.yaml", PROPS + f"      Timeout: 9{'9' * 3_999_999}\n")
    assert lint(cli, "t.yaml", "--max-file-size", "16MB") == (
        1,
        "t.yaml:7:16: error: timeout <an integer of 4,000,000 digits> s is outside Lambda's "
        "range of 1 to 900 seconds (15 minutes) [LL110]\nFound 1 finding (1 error) in 1 file.\n",
        "",
    )


# -- merge keys --------------------------------------------------------------------------------

MERGE = (
    "error: YAML merge key '<<': CloudFormation does not resolve merge keys (only tools that "
    "rewrite the template first, such as the SAM CLI or `aws cloudformation package`, do); "
    "checked with the merged keys [LL006]"
)
RANGE_901 = (
    "error: timeout 901 s is outside Lambda's range of 1 to 900 seconds (15 minutes) [LL110]"
)


def test_merge_keys_are_resolved_and_reported(cli: Cli) -> None:
    """As PyYAML's SafeLoader merges: explicit keys win, then the earlier of a list.

    ``Fn`` takes ``Timeout: 901`` and ``MemorySize: 1`` from ``base`` (which wins over
    ``other``); ``Fn2`` sets its own ``MemorySize``; findings are at the anchored values.
    """
    write(
        "t.yaml",
        HEAD + "Metadata:\n  Base: &base\n    Timeout: 901\n    MemorySize: 1\n"
        "  Other: &other {Timeout: 5, MemorySize: 2, Runtime: python3.12}\n"
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        "      Role: arn:aws:iam::1:role/a\n      <<: [*base, *other]\n"
        "  Fn2:\n    Type: AWS::Lambda::Function\n    Properties: {<<: *base, MemorySize: 256,"
        " Role: 'arn:aws:iam::1:role/b'}\n",
    )
    assert lint(cli, "t.yaml") == (
        1,
        f"t.yaml:4:14: {RANGE_901}\nt.yaml:4:14: {RANGE_901}\nt.yaml:5:17: {MEMORY_1}\n"
        f"t.yaml:12:7: {MERGE}\nt.yaml:15:18: {MERGE}\n"
        "Found 5 findings (5 errors) in 1 file.\n",
        "",
    )


def test_merged_mapping_spans() -> None:
    """Merged keys keep the spans of where they were written; the mapping's own span
    ends at its last child, a merge key's value included."""
    text = "a: &a {x: 1, y: 2}\nb:\n  y: 3\n  <<: *a\n"
    root = parse_yaml(text)
    b = root.root["b"]
    assert (dict(b), b.span, b.key_spans, b.value_spans, root.merge_keys) == (
        {"x": 1, "y": 3},
        (3, 3, 4, 9, ""),
        {"x": (1, 8, 1, 9, ""), "y": (3, 3, 3, 4, "")},
        {"x": (1, 11, 1, 12, ""), "y": (3, 6, 3, 7, "")},
        ((4, 3, 4, 5, ""),),
    )


@pytest.mark.parametrize(
    ("value", "location"), [("1", "7:7"), ("[]", "7:7"), ("[{a: 1}, 2]", "7:16"), ("*s", "7:7")]
)
def test_a_merge_key_needs_mappings(cli: Cli, value: str, location: str) -> None:
    write("t.yaml", FN + f"Metadata:\n  s: &s x\n  <<: {value}\n")
    assert lint(cli, "t.yaml") == (
        1,
        f"t.yaml:{location}: error: a merge key '<<' takes a mapping or a list of mappings "
        "[LL001]\nFound 1 finding (1 error) in 1 file.\n",
        "",
    )


def test_a_quoted_merge_key_is_a_plain_key(cli: Cli) -> None:
    write("t.yaml", PROPS + "      '<<': {Timeout: 0}\n      Timeout: 1\n")
    assert lint(cli, "t.yaml") == (0, "All checks passed! (1 file checked)\n", "")


# -- aliases of long text ----------------------------------------------------------------------


def test_aliases_repeating_gigabytes_of_text_are_refused(
    cli: Cli,
) -> None:
    """A million nodes (within the node budget) of 1,000 characters: a gigabyte once
    joined or rendered, from a 7 KB file."""
    refs = ", ".join(["*s"] * 1000)
    write(
        "t.yaml",
        HEAD + f"Metadata:\n  S: &s {'x' * 1000}\n  L: &l [{refs}]\n"
        f"  R: &r !Join ['', [{', '.join(['*l'] * 1000)}]]\n"
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: *r\n",
    )
    assert lint(cli, "t.yaml") == (
        1,
        one_finding(
            "t.yaml:5:81",
            "YAML aliases repeat more than 16,000,000 characters of text (an alias bomb?); "
            "refusing to expand",
        ),
        "",
    )


def test_long_rendered_values_are_cut_in_messages(cli: Cli) -> None:
    """300,000 characters of role, in two functions: one line each, not the whole value."""
    refs = ", ".join(["*s"] * 100)
    role = "Role: !Join ['', [*l, *l, *l]]\n"
    write(
        "t.yaml",
        HEAD + f"Metadata:\n  S: &s {'x' * 1000}\n  L: &l [{refs}]\n"
        "Resources:\n  A:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        f"      {role}  B:\n    Type: AWS::Lambda::Function\n    Properties:\n      {role}",
    )
    rendered = json.dumps({"Fn::Join": ["", [["x" * 1000] * 100] * 3]}, separators=(",", ":"))
    shown = rendered[:1000] + "…"
    advice = "give each function its own least-privilege role [LL501]"
    assert lint(cli, "t.yaml") == (
        1,
        f"t.yaml:9:13: warning: execution role {shown} is also used by B; {advice}\n"
        f"t.yaml:13:13: warning: execution role {shown} is also used by A; {advice}\n"
        "Found 2 findings (2 warnings) in 1 file.\n",
        "",
    )


def test_a_sub_is_shown_as_written_not_as_json(cli: Cli) -> None:
    """A role built with ``Fn::Sub`` (no resource of the template) is named as ``!Sub ...``."""
    role = "Role: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/shared'\n"
    write(
        "t.yaml",
        HEAD + "Resources:\n  A:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        f"      {role}  B:\n    Type: AWS::Lambda::Function\n    Properties:\n      {role}",
    )
    shown = "!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/shared"
    advice = "give each function its own least-privilege role [LL501]"
    assert lint(cli, "t.yaml") == (
        1,
        f"t.yaml:6:13: warning: execution role {shown} is also used by B; {advice}\n"
        f"t.yaml:10:13: warning: execution role {shown} is also used by A; {advice}\n"
        "Found 2 findings (2 warnings) in 1 file.\n",
        "",
    )


# -- logical ids ---------------------------------------------------------------------------------


def test_a_logical_id_cloudformation_rejects(cli: Cli) -> None:
    """Reported at the key; the resource is still checked (its Timeout: 0)."""
    write(
        "t.yaml",
        HEAD + "Resources:\n  my-func:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        "      Role: arn:aws:iam::1:role/r\n      Timeout: 0\n"
        '  "/usr":\n    Type: AWS::SQS::Queue\n',
    )
    assert lint(cli, "t.yaml") == (
        1,
        "t.yaml:3:3: error: logical ID 'my-func' is not alphanumeric; CloudFormation requires "
        "logical IDs of letters and digits only (A-Z, a-z, 0-9) [LL006]\n"
        "t.yaml:7:16: error: timeout 0 s is outside Lambda's range of 1 to 900 seconds "
        "(15 minutes) [LL110]\n"
        "t.yaml:8:3: error: logical ID '/usr' is not alphanumeric; CloudFormation requires "
        "logical IDs of letters and digits only (A-Z, a-z, 0-9) [LL006]\n"
        "Found 3 findings (3 errors) in 1 file.\n",
        "",
    )
