"""Whether two resources can exist together (``model.presence``), through the loaders too."""

from __future__ import annotations

from lambda_lint.loaders import load_document
from lambda_lint.model.presence import (
    AllOf,
    AnyOf,
    Equals,
    Input,
    Literal,
    Negation,
    Opaque,
    coexist,
    presence,
)
from lambda_lint.parsing import parse_text


def test_allowed_values_make_equalities_exclusive() -> None:
    worlds = presence(
        {
            "python": Equals(Input("Runtime"), Literal("Python")),
            "node": Equals(Input("Runtime"), Literal("Nodejs")),
        },
        {"Runtime": ("Python", "Nodejs")},
    )
    assert not coexist({"A": worlds["python"], "B": worlds["node"]}, ("A", "B"))


def test_without_allowed_values_a_parameter_may_be_anything_else() -> None:
    """Equals(x, a) and Equals(x, b) still exclude each other; Not(a) and Not(b) do not."""
    a = Equals(Input("Stage"), Literal("a"))
    b = Equals(Input("Stage"), Literal("b"))
    worlds = presence({"a": a, "b": b, "not-a": Negation(a), "not-b": Negation(b)}, {})
    assert not coexist({"A": worlds["a"], "B": worlds["b"]}, ("A", "B"))
    assert coexist({"A": worlds["not-a"], "B": worlds["not-b"]}, ("A", "B"))


def test_and_or_not() -> None:
    x = Input("X")
    worlds = presence(
        {
            "both": AllOf((x, Negation(x))),
            "either": AnyOf((x, Negation(x))),
            "x": x,
        },
        {"X": (True, False)},
    )
    assert worlds["both"] == frozenset()
    assert len(worlds["either"]) == 2
    assert not coexist({"A": worlds["both"]}, ("A",))


def test_unknown_conditions_may_coexist() -> None:
    worlds = presence({"u": Opaque(), "v": Negation(Opaque())}, {})
    assert coexist({"A": worlds["u"], "B": worlds["v"]}, ("A", "B"))
    assert coexist({}, ("A", "B"))


def test_too_many_worlds_is_knowing_nothing() -> None:
    conditions = {f"c{i}": Input(f"x{i}") for i in range(13)}
    domains = {f"x{i}": (True, False) for i in range(13)}
    assert presence(conditions, domains) == {}


def test_cloudformation_conditions_through_the_loader() -> None:
    text = (
        "Parameters:\n  Proxy: {Type: String, Default: 'true'}\n"
        "Conditions:\n  Enabled: !Equals [!Ref Proxy, 'true']\n"
        "  Disabled: !Not [!Condition Enabled]\n"
        "  Always: !Or [!Condition Enabled, !Condition Disabled]\n"
        "Resources:\n"
        "  A: {Type: AWS::SQS::Queue, Condition: Enabled}\n"
        "  B: {Type: AWS::SQS::Queue, Condition: Disabled}\n"
        "  C: {Type: AWS::SQS::Queue, Condition: Always}\n"
        "  D: {Type: AWS::SQS::Queue}\n"
    )
    stack, _ = load_document("cloudformation", parse_text(text).root)
    assert not stack.coexist("A", "B")
    assert stack.coexist("A", "C") and stack.coexist("B", "C") and stack.coexist("A", "D")
