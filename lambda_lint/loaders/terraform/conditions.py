"""Terraform ``count = cond ? 1 : 0`` as a :mod:`lambda_lint.model.presence` condition.

A resource whose count is a conditional between a positive number and zero exists
only where its condition is true (or false, for ``? 0 : 1``); a pair of them is the
module's way of choosing one resource or the other. A condition is read as the
expression written: the same text has the same value within one module (``var.x``,
``local.enabled``), ``!`` negates, and ``a == "v"`` / ``a != "v"`` compare with a literal.
"""

from __future__ import annotations

import re

from lambda_lint.model import Choice, Field, as_int
from lambda_lint.model.presence import Equals, Expr, Input, Literal, Negation

_COMPARISON = re.compile(
    r'^(?P<left>[A-Za-z_][\w.\[\]"-]*)\s*(?P<op>==|!=)\s*"(?P<right>[^"\\]*)"$'
)
_TRAVERSAL = re.compile(r"^[A-Za-z_][\w.-]*$")


def count_condition(count: Field) -> Expr | None:
    """Where a resource with this ``count`` exists, or None when it may exist anywhere."""
    choice = count.value
    if not isinstance(choice, Choice):
        return None
    numbers = [as_int(option.value) if option.is_known else None for option in choice.options]
    if None in numbers:
        return None
    when_true, when_false = (number != 0 for number in numbers)
    if when_true == when_false:
        return None
    condition = _condition(choice.condition)
    if condition is None:
        return None
    return condition if when_true else Negation(condition)


def _condition(text: str) -> Expr | None:
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip()
    if text.startswith("!"):
        inner = _condition(text[1:])
        return None if inner is None else Negation(inner)
    match = _COMPARISON.match(text)
    if match is not None:
        equals = Equals(Input(match["left"]), Literal(match["right"]))
        return equals if match["op"] == "==" else Negation(equals)
    if _TRAVERSAL.match(text):
        return Input(text)
    return None


def boolean_inputs(conditions: dict[str, Expr]) -> dict[str, tuple[bool, bool]]:
    """The inputs used as a whole condition are booleans (Terraform requires it)."""
    found: dict[str, tuple[bool, bool]] = {}
    for expr in conditions.values():
        while isinstance(expr, Negation):
            expr = expr.part
        if isinstance(expr, Input):
            found[expr.name] = (True, False)
    return found


__all__ = ["boolean_inputs", "count_condition"]
