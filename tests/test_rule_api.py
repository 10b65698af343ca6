"""The rule API itself: typed options, message templates, stable keys (issue 13, item 6)."""

from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from string import Formatter
from typing import Any, ClassVar

import pytest
from lambda_lint.rules import TimeoutOutOfRange

from lambda_lint.config import ConfigError, Settings, check_rule_codes
from lambda_lint.discovery import Candidate
from lambda_lint.engine import lint
from lambda_lint.model import Stack
from lambda_lint.registry import all_rules
from lambda_lint.rule import Option, Rule, Severity, Violation, placeholders
from lambda_lint.span import Span

from .artifact_factory import prepared_copy
from .conftest import FIXTURES

HEAD = "AWSTemplateFormatVersion: '2010-09-09'\n"


class _Capped(Rule):
    """A rule with typed options (docstring sections are not needed here)."""

    code = "ORG900"
    name = "capped"
    message = "over the cap of {cap} units"
    severity = Severity.INFO
    cap = Option(int, "The cap.", minimum=1, maximum=10)
    mode = Option(str, "How to count.", default="strict", choices=("strict", "loose"))

    def check(self, stack: Stack) -> Iterator[Violation]:
        return iter(())


class _Legacy(Rule):
    """A third-party rule that writes its JSON Schema itself, as before Option existed."""

    code = "ORG901"
    name = "legacy"
    message = "legacy {x}"
    severity = Severity.INFO
    options_schema: ClassVar[Mapping[str, Any]] = {"limit": {"type": "integer"}}

    def check(self, stack: Stack) -> Iterator[Violation]:
        return iter(())


def test_ll110_schema_is_derived_from_its_option_unchanged() -> None:
    assert TimeoutOutOfRange.options_schema == {
        "maximum": {
            "description": "An organisation's stricter cap in seconds (also reported).",
            "type": "integer",
            "minimum": 1,
            "maximum": 5400,
        }
    }


def test_options_are_read_as_attributes_with_their_defaults() -> None:
    assert (_Capped().cap, _Capped().mode) == (None, "strict")
    assert (_Capped({"cap": 3}).cap, _Capped({"mode": "loose"}).mode) == (3, "loose")
    assert TimeoutOutOfRange({"maximum": 300}).maximum == 300
    assert isinstance(_Capped.cap, Option)  # the class sees the declaration


def test_schema_of_every_option_kind() -> None:
    assert _Capped.options_schema == {
        "cap": {"description": "The cap.", "type": "integer", "minimum": 1, "maximum": 10},
        "mode": {"description": "How to count.", "type": "string", "enum": ["strict", "loose"]},
    }


def test_a_rule_may_still_set_options_schema_itself() -> None:
    assert _Legacy.options_schema == {"limit": {"type": "integer"}}
    assert _Legacy({"limit": 2}).options == {"limit": 2}


def test_options_declared_both_ways_are_refused() -> None:
    with pytest.raises(TypeError, match="declare options as Option attributes only"):

        class _Both(_Legacy):
            options_schema: ClassVar[Mapping[str, Any]] = {}
            limit = Option(int, "x")


def test_an_option_of_another_type_is_refused() -> None:
    with pytest.raises(TypeError, match="an option is an int, float, str or bool, not list"):
        Option(list, "x")  # type: ignore[type-var]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"cap": 0}, "x.toml: rules.ORG900.cap: 0 is less than the minimum of 1"),
        ({"cap": "3"}, "x.toml: rules.ORG900.cap: '3' is not of type 'integer'"),
        ({"mode": "lax"}, "x.toml: rules.ORG900.mode: 'lax' is not one of 'strict', 'loose'"),
        ({"cpa": 3}, "x.toml: rules.ORG900.cpa: unknown key 'cpa'"),
    ],
)
def test_configuration_is_validated_against_the_derived_schema(
    options: dict[str, Any], message: str
) -> None:
    settings = Settings(source="x.toml", rule_options={"ORG900": options})
    with pytest.raises(ConfigError) as caught:
        check_rule_codes(settings, {"ORG900": _Capped.options_schema})
    assert str(caught.value) == message


# --- Message templates -------------------------------------------------------------

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
WORD = re.compile(r"[A-Za-z]{2,}")


def _dummies(template: str) -> dict[str, Any]:
    """A value for each placeholder: a number where a format spec (``{size:,}``) needs one."""
    return {name: 1234 if spec else "x" for name, spec in placeholders(template)}


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_template_is_a_sentence_with_named_placeholders(rule: type[Rule]) -> None:
    templates = rule.templates()
    assert templates, rule.code
    if rule.messages:
        assert rule.message == next(iter(rule.messages.values()))
    for name, template in templates.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), (rule.code, name)
        literal = "".join(text for text, *_ in Formatter().parse(template))
        assert len(WORD.findall(literal)) >= 2, f"{rule.code} {name}: {template!r} hides its words"
        for field, _ in placeholders(template):
            assert re.fullmatch(r"[a-z_]+", field), f"{rule.code} {name}: {{{field}}} is not named"
        template.format(**_dummies(template))


def _violation_calls(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "violation"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "self"
    ]


def _named(call: ast.Call, rule: type[Rule]) -> list[str]:
    """The template names a call may use: a literal, either side of a conditional, or all."""
    given = next((k.value for k in call.keywords if k.arg == "template"), None)
    if given is None:
        return ["default"] if not rule.messages else []
    options = [given.body, given.orelse] if isinstance(given, ast.IfExp) else [given]
    if all(isinstance(o, ast.Constant) and isinstance(o.value, str) for o in options):
        return [o.value for o in options if isinstance(o, ast.Constant)]
    return list(rule.templates())  # a variable: every template must fit the arguments


RULE_MODULES = sorted(p for p in RULES_DIR.glob("*.py") if p.name != "__init__.py")


@pytest.mark.parametrize("path", RULE_MODULES, ids=lambda p: p.stem)
def test_violation_calls_fill_every_placeholder_of_their_template(path: Path) -> None:
    rule = next(r for r in all_rules() if r.__module__.rsplit(".", 1)[-1] == path.stem)
    templates = rule.templates()
    for call in _violation_calls(path):
        where = f"{path.name}:{call.lineno}"
        names = _named(call, rule)
        assert names, f"{where}: {rule.code} has several templates; name one (template=...)"
        assert not any(k.arg is None for k in call.keywords), f"{where}: spell the arguments out"
        given = {k.arg for k in call.keywords} - {"template", "severity", None}
        used: set[str] = set()
        for name in names:
            assert name in templates, f"{where}: {rule.code} has no template {name!r}"
            fields = {field for field, _ in placeholders(templates[name])}
            assert fields <= given, f"{where}: {name} needs {sorted(fields - given)}"
            used |= fields
        assert given <= used, f"{where}: {sorted(given - used)} fill no placeholder"


def test_the_rule_api_refuses_an_unknown_template() -> None:
    with pytest.raises(KeyError):
        TimeoutOutOfRange().violation("Fn", Span(1, 1, 1, 2), "k", template="nope")


def _pattern(template: str) -> re.Pattern[str]:
    parts = [
        re.escape(literal) + ("" if name is None else ".+")
        for literal, name, _, _ in Formatter().parse(template)
    ]
    return re.compile("".join(parts))


def test_meta_rule_templates_match_what_the_engine_writes(tmp_path: Path) -> None:
    """LL001/LL004/LL005/LL006 are written by the engine, loaders and parsers, not from
    the templates: each such message here must still read as one of its rule's templates."""
    files = {
        "empty.yaml": "",
        "two.yaml": HEAD + "Resources: {}\n---\nResources: {}\n",
        "tag.yaml": HEAD + "Resources:\n  Fn:\n    Type: !Nope x\n",
        "list.yaml": "- " + HEAD + "  Resources: {}\n",
        "notype.yaml": HEAD + "Resources:\n  Fn:\n    Properties: {}\n",
        "sup.yaml": HEAD
        + "Resources:  # lambda-lint: ignore[LL999] typo\n"
        + "  Fn:  # lambda-lint: ignore[LL101] never too large\n"
        + "    Type: AWS::Lambda::Function  # lambda-lint: ignore[LL001] nope\n"
        + "    Properties: {Runtime: python3.12, Handler: a.b, Role: r, Code: {ZipFile: x}}\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    report = lint([Candidate(tmp_path / n, explicit=True) for n in files], all_rules())
    seen = [(f.rule, f.message) for f in report.findings]
    assert {code for code, _ in seen} == {"LL001", "LL004", "LL005", "LL006"}, seen
    by_code = {r.code: r for r in all_rules()}
    for code, message in seen:
        templates = by_code[code].templates().values()
        assert any(_pattern(t).fullmatch(message) for t in templates), (code, message)


def test_rule_crashed_template_matches_what_the_engine_writes(tmp_path: Path) -> None:
    class Broken(Rule):
        """Crashes."""

        code = "ORG902"
        name = "broken"
        message = "never {x}"
        severity = Severity.ERROR

        def check(self, stack: Stack) -> Iterator[Violation]:
            raise ValueError("boom")

    (tmp_path / "t.yaml").write_text(HEAD + "Resources: {}\n")
    crashed = next(r for r in all_rules() if r.code == "LL002")
    report = lint([Candidate(tmp_path / "t.yaml", explicit=True)], [crashed, Broken])
    assert [(f.rule, f.message) for f in report.findings] == [
        ("LL002", "rule ORG902 (broken) crashed: ValueError: boom")
    ]
    assert _pattern(crashed.messages["rule"]).fullmatch(report.findings[0].message)


# --- Violation keys ----------------------------------------------------------------


def _fail_fixtures() -> list[Path]:
    return sorted(
        p
        for p in (FIXTURES / "rules").glob("LL*/fail*")
        if (p.is_dir() and p.name.endswith("-tf"))
        or (not p.name.endswith(".findings.json") and p.suffix in (".yaml", ".json"))
    )


def _findings(path: Path) -> list[Any]:
    rule = next(r for r in all_rules() if r.code == path.parent.name)
    files = sorted(path.glob("*.tf.json")) if path.is_dir() else [path]
    report = lint([Candidate(p, explicit=not path.is_dir()) for p in files], [rule])
    return list(report.findings)


@pytest.mark.parametrize("path", _fail_fixtures(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_violation_keys_hold_no_message_and_no_line(path: Path, tmp_path: Path) -> None:
    """Keys name what is wrong, so fingerprints survive edits: no message text, no line
    numbers, and the same keys after three lines are inserted above everything."""
    copy = prepared_copy(path, tmp_path)
    if copy == path:
        shutil.copytree(path.parent, tmp_path / path.parent.name)
        copy = tmp_path / path.parent.name / path.name
    before = _findings(copy)
    assert before
    for f in before:
        assert f.key and f.message not in f.key, (f.key, f.message)
        # a line:column; a 12-digit account in an ARN is not one
        assert not re.search(r":\d{1,6}:|\bline\b", f.key), f.key
    for file in sorted(copy.glob("*.tf.json")) if copy.is_dir() else [copy]:
        file.write_text("\n\n\n" + file.read_text(encoding="utf-8"), encoding="utf-8")
    after = _findings(copy)
    assert [f.line for f in after] == [f.line + 3 for f in before]
    assert [(f.resource, f.key, f.fingerprint) for f in after] == [
        (f.resource, f.key, f.fingerprint) for f in before
    ]
