"""Linear in every input (issue 21, section 4).

Each case is an input that once cost time (or output) growing with the square of
its size. The sizes are chosen so that a quadratic pass would take minutes while
a linear one takes a fraction of a second; nothing here measures time, so a slow
machine cannot fail a test. Where the size of the output was the problem, the
exact output is asserted instead.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from lambda_lint.loaders.cloudformation.text import sub_variables, without_dynamic_references
from lambda_lint.model import MISSING, EventSource, Field, Function, Stack
from lambda_lint.registry import find_rule
from lambda_lint.span import Span
from lambda_lint.suppressions import apply, comment_directives

from .conftest import Cli

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


def lint(cli: Cli, *args: str) -> tuple[int, str]:
    """The shared runner with this file's defaults; exit code and stdout."""
    result = cli(*args, "--format", "concise", "--isolated", "--no-progress")
    return result.code, result.out


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
    assert [reason for _, _, reason in accepted.suppressed] == [f"batch {i}" for i in range(count)]


def test_a_block_of_unused_suppressions_through_the_command_line(
    cli: Cli,
) -> None:
    count = 20_000
    comments = "      # lambda-lint: ignore[LL110] batch\n" * count
    Path("t.yaml").write_text(HEAD + function("Fn", extra=comments + "      Timeout: 1200\n"))
    code, out = lint(cli, "t.yaml")
    # The first comment takes the finding; the others, covering the same line, are unused.
    unused = "".join(
        f"t.yaml:{line}:7: warning: unused suppression: no LL110 finding here [LL004]\n"
        for line in range(11, count + 10)
    )
    summary = f"Found {count - 1} findings ({count - 1} warnings) in 1 file. 1 suppressed.\n"
    assert code == 1
    assert out == unused + summary


# -- 2, 3. Fn::Sub openings and dynamic references without their close ------------------


def test_sub_with_many_openings_and_no_close(cli: Cli) -> None:
    """Each ``${`` was once a fresh search for the ``}`` (80 KB: 40 s), in the loader
    and in the reference walk (here both, through Environment and Outputs)."""
    openings = "${" * 40_000
    env = f'      Environment:\n        Variables:\n          AB: !Sub "{openings}"\n'
    outputs = f'Outputs:\n  Out:\n    Value: !Sub "{openings}"\n'
    Path("t.yaml").write_text(HEAD + function("Fn", extra=env) + outputs)
    code, out = lint(cli, "t.yaml")
    assert code == 1
    assert out == (
        "t.yaml:11:9: error: environment variables take 80,009 bytes, over Lambda's limit"
        " of 4,096 bytes (4 KB, measured as the compact JSON of the whole map) [LL101]\n"
        "Found 1 finding (1 error) in 1 file.\n"
    )


def test_many_dynamic_references_without_close(cli: Cli) -> None:
    """Each ``{{resolve:`` was once a fresh search for ``}}`` (800 KB: 40 s)."""
    openings = "{{resolve:" * 40_000
    env = (
        "      Environment:\n        Variables:\n"
        f'          AB: "{openings}"\n'
        f'          CD: !Sub "{openings}${{AWS::Region}}{{{{resolve:ssm:p}}}}"\n'
    )
    Path("t.yaml").write_text(HEAD + function("Fn", extra=env))
    code, out = lint(cli, "t.yaml")
    assert code == 1
    assert out == (
        "t.yaml:11:9: error: environment variables take 400,017 bytes or more (literal parts"
        " only), over Lambda's limit of 4,096 bytes (4 KB, measured as the compact JSON of"
        " the whole map) [LL101]\n"
        "Found 1 finding (1 error) in 1 file.\n"
    )


def test_the_scanners_find_what_the_expressions_find() -> None:
    """The one-pass scanners replace these regular expressions match for match."""
    sub = re.compile(r"\$\{([^}!][^}]*)\}")
    dynamic = re.compile(r"\{\{resolve:[^}]*\}\}")
    pieces = ["$", "{", "}", "!", "a", " ", "${", "}}", "${!", "{{resolve:", "{{resolve:x}}"]
    rng = random.Random(21)
    for _ in range(5_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        expected = [(m.start(), m.end(), m.group(1)) for m in sub.finditer(text)]
        assert list(sub_variables(text)) == expected, text
        assert without_dynamic_references(text) == dynamic.sub("", text), text


# -- LL501 over one role shared by thousands of functions --------------------------------


def test_a_role_shared_by_thousands_of_functions_names_only_a_few(
    cli: Cli,
) -> None:
    """Each LL501 message once named every other function: 4,000 functions gave 108 MB.
    Now each names three and counts the rest, so the report grows linearly."""
    count = 4_000
    Path("t.yaml").write_text(HEAD + "".join(function(f"Fn{i}") for i in range(count)))
    code, out = lint(cli, "t.yaml", "--select", "LL501")
    lines = out.splitlines()
    assert code == 1
    assert len(lines) == count + 1
    tail = "give each function its own least-privilege role [LL501]"
    assert lines[0] == (
        f"t.yaml:8:13: warning: execution role {ROLE} is also used by Fn1, Fn2, Fn3"
        f" and 3,996 more; {tail}"
    )
    assert lines[2] == (
        f"t.yaml:22:13: warning: execution role {ROLE} is also used by Fn0, Fn1, Fn3"
        f" and 3,996 more; {tail}"
    )
    assert lines[count - 1] == (
        f"t.yaml:{3 + 7 * (count - 1) + 5}:13: warning: execution role {ROLE} is also used"
        f" by Fn0, Fn1, Fn2 and 3,996 more; {tail}"
    )
    assert lines[-1] == f"Found {count} findings ({count} warnings) in 1 file."
    assert len(out) < 200 * count  # bytes per function bounded, whatever the count


# -- templates with tens of thousands of resources ---------------------------------------


def test_references_to_names_sam_generates(cli: Cli) -> None:
    """A reference to a name SAM generates (``FuncRole``) was tried against every
    serverless resource: 10,000 functions naming their own role ten times each were
    10**9 prefix tests (minutes); now each is a walk of the name through a trie."""
    count = 10_000
    sam = "Transform: AWS::Serverless-2016-10-31\n"
    functions = "".join(
        f"  Func{i:05d}:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        "      Runtime: python3.12\n      Handler: i.h\n      CodeUri: s3://b/k\n"
        "      Environment:\n        Variables:\n"
        + "".join(f"          R{k}: !GetAtt Func{i:05d}Role.Arn\n" for k in range(10))
        for i in range(count)
    )
    bad = (
        "  Bad:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt Missing.Arn\n"
    )
    Path("t.yaml").write_text(sam + HEAD + functions + bad)
    code, out = lint(cli, "t.yaml")
    assert code == 1
    assert out == (
        f"t.yaml:{count * 18 + 7}:18: error: !GetAtt Missing.Arn: Missing is not a resource"
        " of this template; CloudFormation rejects the template [LL006]\n"
        "Found 1 finding (1 error) in 1 file.\n"
    )


def test_functions_with_dead_letter_queues_and_event_sources() -> None:
    """LL401 looked up each function's event sources by scanning all of them: 100,000
    functions with a DLQ and one queue each were 10**10 comparisons."""
    count = 100_000
    at = Span(1, 1, 1, 2)
    none = Field(MISSING, at)
    dlq = Field("arn:aws:sqs:r:1:dlq", Span(2, 3, 2, 9))
    functions = {
        f"F{i}": Function(f"F{i}", at, "cfn", none, none, none, none, none, dlq, none)
        for i in range(count)
    }
    sources = tuple(EventSource(f"E{i}", at, "SQS", True, f"F{i}", none) for i in range(count))
    stack = Stack(functions=functions, event_sources=sources)
    rule = find_rule("LL401")
    assert rule is not None
    found = list(rule().check(stack))
    assert [v.resource for v in found] == list(functions)
    assert {(v.span, v.key) for v in found} == {(dlq.span, "dead_letter")}


# -- issue 21: Terraform words, blank tfvars lines, plan addresses ------------------------

TF_TIMEOUT = "timeout 1200 s{assumed} is outside Lambda's range of 1 to 900 seconds (15 minutes)"


def tf_function(**body: object) -> dict[str, object]:
    """A Terraform module of one function whose timeout (1200) trips LL110."""
    function = {"function_name": "f", "role": ROLE, "timeout": 1200, **body}
    return {"resource": {"aws_lambda_function": {"f": function}}}


def test_a_long_word_inside_an_interpolation(cli: Cli) -> None:
    """A traversal-shaped run was tried from every letter of a word with no dot after it
    (a 40 KB base64 literal inside ``${...}``: 19 s)."""
    word = "A" * 400_000
    env = {"variables": {"AB": "${" + word + "}", "CD": 'x${f("' + word + '")}'}}
    text = json.dumps(tf_function(environment=env))
    Path("m").mkdir()
    Path("m/main.tf.json").write_text(text)
    code, out = lint(cli, "m/main.tf.json")
    column = text.index('"timeout"') + len('"timeout": ') + 1
    assert code == 1
    assert out == (
        f"m/main.tf.json:1:{column}: error: {TF_TIMEOUT.format(assumed='')} [LL110]\n"
        "Found 1 finding (1 error) in 1 file.\n"
    )


def test_hcl_tfvars_with_many_blank_lines(cli: Cli) -> None:
    """Assignments in an HCL ``.tfvars`` are found by a line pattern whose leading ``\\s*``
    ran from every line start over all the blank lines after it (40 KB: 8 s)."""
    module = tf_function(timeout="${var.t}")
    module["variable"] = {"t": {"default": 1200}, "u": {"default": 1}}
    text = json.dumps(module)
    Path("m").mkdir()
    Path("m/main.tf.json").write_text(text)
    Path("m/terraform.tfvars").write_text("\n" * 400_000 + "u = 2\n")
    code, out = lint(cli, "m")
    column = text.index('"timeout"') + len('"timeout": ') + 1
    assumed = " (assumed from the default of variable t)"
    assert code == 1
    assert out == (
        f"m/main.tf.json:1:{column}: error: {TF_TIMEOUT.format(assumed=assumed)} [LL110]\n"
        "Found 1 finding (1 error) in 1 file.\n"
    )


def test_a_plan_address_with_many_brackets(cli: Cli) -> None:
    """An instance key pattern scanned to the end from each ``[`` with no ``]``, and the
    suppression lookup sliced a prefix at each (200 KB: 26 s)."""
    address = "aws_lambda_function.f" + "[" * 1_000_000
    resource = {
        "address": address,
        "mode": "managed",
        "type": "aws_lambda_function",
        "name": "f",
        "values": {"function_name": "f", "role": ROLE, "timeout": 1200},
    }
    root = {"format_version": "1.2", "planned_values": {"root_module": {"resources": [resource]}}}
    text = json.dumps(root)
    Path("plan.json").write_text(text)
    code, out = lint(cli, "plan.json")
    column = text.index('"timeout"') + len('"timeout": ') + 1
    assert code == 1
    assert out == (
        f"plan.json:1:{column}: error: {TF_TIMEOUT.format(assumed='')} [LL110]\n"
        "Found 1 finding (1 error) in 1 file.\n"
    )


# -- Terraform HCL ---------------------------------------------------------------------------

HCL_FUNCTION = 'resource "aws_lambda_function" "f{n}" {{\n  role = "{role}"\n{body}}}\n'


def test_many_hcl_suppression_comments(cli: Cli) -> None:
    """A directive comment alone above each of 5,000 HCL functions: the comments are
    found once by the parser and the next content line of every one is computed in one
    backward pass (a forward scan per comment would be quadratic)."""
    body = "  # lambda-lint: ignore[LL110] accepted\n\n  timeout = 1200\n"
    text = "".join(HCL_FUNCTION.format(n=n, role=f"{ROLE}{n}", body=body) for n in range(5000))
    Path("m").mkdir()
    Path("m/main.tf").write_text(text)
    assert lint(cli, "m", "--select", "LL110,LL004") == (
        0,
        "All checks passed! (1 file checked) 5000 suppressed.\n",
    )


def test_a_long_hcl_line_of_wide_characters() -> None:
    """One line holding an object of 20,000 entries, each after non-ASCII text: every
    span maps tree-sitter's byte offset to a character column by a binary search (slicing
    the line for each would be quadratic), and columns count characters, not bytes."""
    from lambda_lint.loaders.terraform.hcl import parse_hcl

    entries = [f'k{n} = "é€😀"' for n in range(20_000)]
    line = "locals {\n  tags = { " + ", ".join(entries) + " }\n}\n"
    tags = parse_hcl(line, "main.tf").root["locals"][0]["tags"]
    column = line.split("\n")[1].index("k19999") + 1
    assert tags.key_spans["k19999"] == (2, column, 2, column + 6, "main.tf")
    assert tags.value_spans["k19999"] == (2, column + 9, 2, column + 14, "main.tf")
    assert tags["k19999"] == "é€😀"


def _plan_text(functions: int) -> str:
    """A plan-shaped document: planned values, changes and configuration per function."""
    resources = [
        {
            "address": f"aws_lambda_function.f{i}",
            "mode": "managed",
            "type": "aws_lambda_function",
            "name": f"f{i}",
            "values": {
                "function_name": f"f{i}",
                "timeout": 30,
                "environment": [{"variables": {"A": "x" * 20, "B": "a {[ ]} string"}}],
                "tags": {"team": "t"},
            },
            "sensitive_values": {"environment": [{}], "tags": {}},
        }
        for i in range(functions)
    ]
    changes = [
        {"address": r["address"], "change": {"after": r["values"], "after_sensitive": {}}}
        for r in resources
    ]
    plan = {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": resources}},
        "resource_changes": changes,
    }
    return json.dumps(plan, indent=2)


def _peak_bytes(text: str) -> int:
    """Peak memory of parsing ``text`` and reading every span of its planned values."""
    import tracemalloc

    from lambda_lint.parsing import MDict, MList, parse_text

    tracemalloc.start()
    try:
        root = parse_text(text, "plan.tfplan.json").root
        stack = [root["planned_values"]]
        while stack:
            node = stack.pop()
            if isinstance(node, MDict):
                _ = node.key_spans, node.value_spans
                stack.extend(node.values())
            elif isinstance(node, MList):
                _ = node.item_spans
                stack.extend(node)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_json_plan_takes_memory_in_proportion_to_its_size() -> None:
    """Four times the functions, about four times the memory (a quadratic pass: sixteen).

    The parser keeps the tree, one bracket table and the spans that were read; nothing
    per pair of nodes. Sizes are compared, never seconds.
    """
    small, large = _plan_text(250), _plan_text(1000)
    ratio = _peak_bytes(large) / _peak_bytes(small)
    assert len(large) / len(small) == pytest.approx(4, rel=0.05)
    assert ratio < 5, ratio
