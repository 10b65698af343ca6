"""What Terraform rejects in a JSON module, as LL006: local cycles and undeclared references.

The modules under ``golden/tf_references/`` were checked with ``terraform validate``
(Terraform 1.11, hashicorp/aws 5.100): ``valid/`` is valid, every finding listed
for ``invalid/`` and ``cycles/`` is an error Terraform reports there. Every case
goes through the command line and asserts the exact output.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambda_lint.loaders.graphs import cycle_through, strongly_connected
from lambda_lint.loaders.terraform.module import ModuleFiles, load_module
from lambda_lint.loaders.terraform.values import template_references, traversal_candidates
from lambda_lint.parsing import parse_text

from .conftest import Cli

GOLDEN = Path(__file__).parent / "golden" / "tf_references"
REJECTS = "Terraform rejects the module [LL006]"


def lint(cli: Cli, *args: str) -> tuple[int, str]:
    """The shared runner with this file's defaults (LL0 only); exit code and stdout."""
    result = cli(*args, "--select", "LL0", "--format", "concise", "--isolated")
    return result.code, result.out


def write(path: Path, content: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = content if isinstance(content, str) else json.dumps(content, indent=2) + "\n"
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the golden modules, as the working directory (files may be added)."""
    shutil.copytree(GOLDEN, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


INVALID = [
    f"invalid/main.tf.json:4:14: error: reference to undeclared input variable var.nope; {REJECTS}",
    f"invalid/main.tf.json:5:13: error: reference to undeclared local value local.missing; "
    f"{REJECTS}",
    "invalid/main.tf.json:6:16: error: reference to undeclared resource aws_subnet.gone; "
    f"{REJECTS}",
    "invalid/main.tf.json:7:16: error: reference to undeclared data source "
    f"data.aws_caller_identity.gone; {REJECTS}",
    f"invalid/main.tf.json:8:14: error: reference to undeclared module module.gone; {REJECTS}",
    f"invalid/main.tf.json:9:14: error: reference to undeclared input variable var.nope; {REJECTS}",
    "invalid/main.tf.json:10:16: error: reference to undeclared input variable var.no_list; "
    f"{REJECTS}",
    "invalid/main.tf.json:16:17: error: reference to undeclared resource aws_iam_role.gone; "
    f"{REJECTS}",
    "invalid/main.tf.json:28:42: error: reference to undeclared resource "
    f"aws_lambda_function.old; {REJECTS}",
    "invalid/main.tf.json:33:33: error: reference to undeclared resource aws_sqs_queue.gone; "
    f"{REJECTS}",
]
CYCLES = [
    "cycles/locals.tf.json:3:5: error: locals form a cycle: local.a → local.b → local.a; "
    f"{REJECTS}",
    "cycles/locals.tf.json:5:5: error: local.self refers to itself (a cycle: local.self → "
    f"local.self); {REJECTS}",
    "cycles/locals.tf.json:6:5: error: local.m refers to itself (a cycle: local.m → local.m); "
    f"{REJECTS}",
    "cycles/more.tf.json:3:5: error: locals form a cycle: local.r → local.s → local.t → "
    f"local.r; {REJECTS}",
]


def report(lines: list[str], files: int) -> str:
    count = len(lines)
    noun = "finding" if count == 1 else "findings"
    errors = "error" if count == 1 else "errors"
    where = "1 file" if files == 1 else f"{files} files"
    return (
        "".join(f"{line}\n" for line in lines)
        + f"Found {count} {noun} ({count} {errors}) in {where}.\n"
    )


# -- what Terraform rejects ------------------------------------------------------------------


def test_undeclared_references_one_per_reference_and_value(golden: Path, cli: Cli) -> None:
    """var.nope twice in one value is one finding, in another value another; the alias
    weight's key is a template too; terraform.tfvars.json assigns ``nope``, never declares it;
    ``s`` of the for expression is not a reference, ``aws_subnet.gone`` it iterates over is."""
    assert lint(cli, "invalid") == (1, report(INVALID, 1))


def test_one_finding_per_cycle_at_its_first_local(golden: Path, cli: Cli) -> None:
    """``uses_a`` depends on a cycle without being on one: no finding of its own."""
    assert lint(cli, "cycles") == (1, report(CYCLES, 2))


def test_only_the_files_given_are_reported(golden: Path, cli: Cli) -> None:
    assert lint(cli, "cycles/more.tf.json") == (1, report(CYCLES[3:], 1))


def test_a_valid_module_using_every_kind_of_name(golden: Path, cli: Cli) -> None:
    """for expressions, %{ for } directives, dynamic labels and iterators, each, count,
    self, path, terraform, a provider-defined function, string literals, an escaped ${,
    a heredoc, "//" comments, declared data sources and module calls, variables declared
    in another file: none of it is an undeclared reference."""
    assert lint(cli, "valid") == (0, "All checks passed! (3 files checked)\n")


# -- when the module is not known whole, references are not checked ----------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("extra.tofu", 'variable "nope" {}\n'),  # OpenTofu's own files are not read
        ("main_override.tf.json", '{"locals": {"lost": 1}}\n'),
    ],
)
def test_not_checked_when_declarations_may_be_elsewhere(
    golden: Path, cli: Cli, name: str, content: str
) -> None:
    write(golden / "invalid" / name, content)
    files = "2 files" if name.endswith(".json") else "1 file"
    assert lint(cli, "invalid") == (0, f"All checks passed! ({files} checked)\n")


def test_not_checked_when_a_sibling_does_not_parse(golden: Path, cli: Cli) -> None:
    write(golden / "invalid" / "broken.tf.json", "{\n")
    assert lint(cli, "invalid/main.tf.json") == (0, "All checks passed! (1 file checked)\n")


def test_an_hcl_file_of_the_module_is_read_with_the_json_ones(golden: Path, cli: Cli) -> None:
    """Its declarations count (``nope`` is declared there), and the rest is still checked."""
    write(golden / "invalid" / "extra.tf", 'variable "nope" {}\n')
    assert lint(cli, "invalid") == (1, report([x for x in INVALID if "var.nope" not in x], 1))


def test_cycles_are_reported_beside_hcl_but_not_beside_overrides(golden: Path, cli: Cli) -> None:
    write(golden / "cycles" / "main.tf", "locals {\n  x = 1\n}\n")
    assert lint(cli, "cycles") == (1, report(CYCLES, 2))
    write(golden / "cycles" / "override.tf", "locals {\n  b = 1\n}\n")
    assert lint(cli, "cycles") == (0, "All checks passed! (4 files checked)\n")


def test_the_loader_alone_checks_only_a_module_known_whole() -> None:
    """``ModuleFiles`` without ``unread_config`` (the default, None) is not known whole."""
    text = '{"locals": {"a": "${var.nope}", "b": "${local.b}"}}'
    root = parse_text(text, "m.tf.json", source="m.tf.json").root
    messages = [p.message.split(";")[0] for p in load_module(ModuleFiles({"m.tf.json": root}))[1]]
    assert messages == ["local.b refers to itself (a cycle: local.b → local.b)"]
    whole = ModuleFiles({"m.tf.json": root}, unread_config=())
    messages = [p.message.split(";")[0] for p in load_module(whole)[1]]
    assert messages == [
        "local.b refers to itself (a cycle: local.b → local.b)",
        "reference to undeclared input variable var.nope",
    ]


# -- never an undeclared reference ---------------------------------------------------------------

ROLE = "arn:aws:iam::123456789012:role/r"


def function(**attributes: Any) -> dict[str, Any]:
    return {"function_name": "f", "role": ROLE, **attributes}


NEVER_FLAGGED: dict[str, dict[str, Any]] = {
    "for expression": {"locals": {"x": "${[for my_subnet in var.l : my_subnet.id]}"}},
    "for object": {"locals": {"x": "${{for each_key, a_value in var.l : each_key => a_value}}"}},
    "for directive": {"locals": {"x": "%{ for some_item in var.l }${some_item.x}%{ endfor }"}},
    "dynamic label": {
        "resource": {
            "aws_lambda_function": {
                "f": function(
                    dynamic={
                        "tracing_config": {
                            "for_each": "${var.l}",
                            "content": {"mode": "${tracing_config.value}"},
                        }
                    }
                )
            }
        }
    },
    "dynamic iterator": {
        "resource": {
            "aws_security_group": {
                "g": {
                    "dynamic": [
                        {
                            "ingress": {
                                "for_each": "${var.l}",
                                "iterator": "port_item",
                                "content": {"from_port": "${port_item.value}"},
                            }
                        }
                    ]
                }
            }
        }
    },
    "each": {"resource": {"aws_sqs_queue": {"q": {"for_each": "${var.l}", "name": "${each.key}"}}}},
    "count": {"resource": {"aws_sqs_queue": {"q": {"count": 2, "name": "q${count.index}"}}}},
    "self": {
        "resource": {
            "aws_sqs_queue": {
                "q": {"provisioner": [{"local-exec": {"command": "echo ${self.url}"}}]}
            }
        }
    },
    "path and terraform": {"locals": {"x": "${path.module}/${path.root}/${terraform.workspace}"}},
    "provider function": {
        "locals": {"x": f'${{provider::aws::arn_parse("{ROLE}").account_id}}'},
    },
    "string literal": {"locals": {"x": '${format("aws_fake.thing %s", var.l[0])}'}},
    "escaped": {"locals": {"x": "$${aws_escaped.thing} %%{ for aws_x in y }"}},
    "heredoc": {"locals": {"x": "${<<EOT\naws_in_heredoc.thing\nEOT\n}"}},
    "comments": {
        "//": "${aws_commented.out.id}",
        "locals": {"//": "${local.nowhere}", "x": {"//": "${var.nowhere}"}},
        "resource": {"aws_sqs_queue": {"//": "${aws_gone.x}", "q": {"//": "${var.nowhere}"}}},
    },
    "attribute of a value": {
        "locals": {"x": "${var.l[0].aws_thing.name} ${element(var.l, 0).a.b}"}
    },
    "declared data and module": {
        "data": {"aws_caller_identity": {"current": {}}},
        "module": {"child": {"source": "./child"}},
        "locals": {"x": "${data.aws_caller_identity.current.id}-${module.child.out}"},
    },
    "not expressions": {
        "module": {"child": {"source": "${aws_not.an_expression}", "providers": {"aws": "aws.x"}}},
        "output": {"o": {"value": 1, "description": "${aws_not.an_expression}"}},
        "resource": {
            "aws_sqs_queue": {"q": {"lifecycle": {"ignore_changes": ["${aws_not.an_expression}"]}}}
        },
    },
}


@pytest.mark.parametrize("case", list(NEVER_FLAGGED), ids=list(NEVER_FLAGGED))
def test_never_flagged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli, case: str
) -> None:
    module = {"variable": {"l": {"default": []}}, **NEVER_FLAGGED[case]}
    write(tmp_path / "m" / "main.tf.json", module)
    monkeypatch.chdir(tmp_path)
    code, out = lint(cli, "m")
    # Calls to modules that are not there are noted (their outputs unknown), not flagged.
    *notes, summary = out.splitlines()
    assert (code, summary) == (0, "All checks passed! (1 file checked)")
    assert all(note.startswith("note: m: module calls not followed") for note in notes)


def test_variables_may_be_declared_in_any_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    write(tmp_path / "m" / "main.tf.json", {"locals": {"x": "${var.stage}"}})
    write(tmp_path / "m" / "variables.tf.json", {"variable": {"stage": {}}})
    monkeypatch.chdir(tmp_path)
    assert lint(cli, "m/main.tf.json") == (0, "All checks passed! (1 file checked)\n")
    (tmp_path / "m" / "variables.tf.json").unlink()
    message = f"reference to undeclared input variable var.stage; {REJECTS}"
    assert lint(cli, "m/main.tf.json") == (
        1,
        report([f"m/main.tf.json:3:10: error: {message}"], 1),
    )


# -- long chains: resolved without recursing once per link ---------------------------------------


def chained_module(locals_: dict[str, Any], timeout: str) -> dict[str, Any]:
    return {
        "locals": locals_,
        "resource": {"aws_lambda_function": {"fn": function(timeout=timeout)}},
    }


@pytest.mark.parametrize("nested", [False, True], ids=["values", "attributes"])
def test_a_chain_of_two_thousand_locals_resolves(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cli: Cli,
    nested: bool,
) -> None:
    size = 2000
    if nested:
        chain: dict[str, Any] = {f"l{i}": {"x": f"${{local.l{i + 1}.x}}"} for i in range(size)}
        chain[f"l{size}"] = {"x": 1000}
        timeout = "${local.l0.x}"
    else:
        chain = {f"l{i}": f"${{local.l{i + 1}}}" for i in range(size)}
        chain[f"l{size}"] = 1000
        timeout = "${local.l0}"
    write(tmp_path / "m" / "main.tf.json", chained_module(chain, timeout))
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("m", "--format", "concise", "--isolated", "--select", "LL0,LL110")
    assert (code, out.splitlines()[1:]) == (1, ["Found 1 finding (1 error) in 1 file."])
    assert "timeout 1000 s is outside" in out and "[LL110]" in out


def test_a_chain_ending_in_a_cycle_is_unknown_and_reported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    chain: dict[str, Any] = {f"l{i}": f"${{local.l{i + 1}}}" for i in range(1000)}
    chain["l1000"] = "${local.l999}"
    write(tmp_path / "m" / "main.tf.json", chained_module(chain, "${local.l0}"))
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("m", "--format", "concise", "--isolated", "--select", "LL0,LL110")
    message = f"locals form a cycle: local.l999 → local.l1000 → local.l999; {REJECTS}"
    line = 2 + 999 + 1
    assert (code, out) == (
        1,
        report([f"m/main.tf.json:{line}:5: error: {message}"], 1),
    )


def test_conditionals_nested_without_end_are_checked_as_far_as_they_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    """``a ? 1000 : b ? 1 : ...`` 1,500 deep: the first results are checked, no crash."""
    chained = " : ".join(f"var.c{i} ? {1000 if i == 0 else i}" for i in range(1500))
    module = chained_module({}, f"${{{chained} : 0}}")
    module["variable"] = {f"c{i}": {} for i in range(1500)}
    text = json.dumps(module) + "\n"
    write(tmp_path / "m" / "main.tf.json", text)
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("m", "--format", "concise", "--isolated", "--select", "LL0,LL110")
    column = text.index('"${var.c0 ?') + 1  # the timeout's value
    message = "timeout 1000 s is outside Lambda's range of 1 to 900 seconds (15 minutes) [LL110]"
    assert (code, out.splitlines()) == (
        1,
        [f"m/main.tf.json:1:{column}: error: {message}", "Found 1 finding (1 error) in 1 file."],
    )


def test_a_long_cycle_is_named_by_its_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    cycle = {f"l{i}": f"${{local.l{(i + 1) % 500}}}" for i in range(500)}
    write(tmp_path / "m" / "main.tf.json", chained_module(cycle, "${local.l7}"))
    monkeypatch.chdir(tmp_path)
    path = " → ".join(f"local.l{i}" for i in range(5))
    message = f"locals form a cycle of 500 locals: {path} → … → local.l499 → local.l0; {REJECTS}"
    assert lint(cli, "m") == (1, report([f"m/main.tf.json:3:5: error: {message}"], 1))


def test_components_come_after_what_they_refer_to_without_recursion() -> None:
    size = 100_000  # far beyond Python's recursion limit
    graph = {f"n{i}": [f"n{i + 1}"] for i in range(size)}
    graph[f"n{size}"] = ["n0", f"n{size}"]
    assert strongly_connected(graph) == [list(graph)[::-1]]
    chain = {"a": ["b"], "b": ["c", "a"], "c": ["c"], "d": ["a"]}
    assert strongly_connected(chain) == [["c"], ["b", "a"], ["d"]]
    assert cycle_through(chain, "a") == ("a", "b", "a")
    assert cycle_through(chain, "c") == ("c", "c")
    knot = {"a": ["a", "b"], "b": ["a"]}
    assert cycle_through(knot, "a") == ("a", "a")
    assert cycle_through(knot, "a", avoid_self_loop=True) == ("a", "b", "a")


# -- the scanners ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${aws_x.y[0].arn} ${var.z}", [("aws_x", "y"), ("var", "z")]),
        ("plain ${ var.a }-${var.a}", [("var", "a")]),
        ("${var.a-1}", [("var", "a-1")]),  # HCL names may hold dashes
        ('${f("${var.hidden}", local.shown)}', [("local", "shown")]),
        ("${[for x in var.l : x.id if x.on]}", [("var", "l")]),
        ("%{ for k, v in local.m }${k}=${v.x}%{ endfor }", [("local", "m")]),
        ("${provider::aws::arn_parse(var.a)}", [("var", "a")]),
        ("${a ? b.c :local.d}", [("b", "c"), ("local", "d")]),
        ("$${var.escaped} ${var.b", []),  # an escape, then a template that never closes
        ("${<<EOT\nvar.x\nEOT\n}", []),
        ("no template var.x", []),
    ],
)
def test_template_references(text: str, expected: list[tuple[str, ...]]) -> None:
    assert list(template_references(text)) == expected


TEMPLATE_PIECES = st.sampled_from(
    [*'${}%"\\.:_-ab1 ?[]()<~\n\0', "var.", "local.", "aws_x.", "data.", "for ", " in ", "::"]
)
TEMPLATES = st.lists(TEMPLATE_PIECES, max_size=30).map("".join)


@pytest.mark.fuzz
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(TEMPLATES, min_size=1, max_size=3))
def test_the_quick_filter_never_misses_a_reference(texts: list[str]) -> None:
    """``traversal_candidates`` lets a valid module skip the precise scan: it must find a
    superset of what the precise scan would."""
    candidates = traversal_candidates(texts)
    if candidates is not None:
        for text in texts:
            assert set(template_references(text)) <= candidates
