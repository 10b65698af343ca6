"""A template's ``Conditions`` as :mod:`lambda_lint.model.presence` expressions.

CloudFormation creates a resource with a ``Condition`` only when that condition is
true; conditions are built from ``Fn::Equals``, ``Fn::And``, ``Fn::Or``, ``Fn::Not``
and ``Condition`` over parameters (and pseudo parameters, which are opaque here).
A parameter's ``AllowedValues`` bound what it can be; its ``Default`` does not,
since a deployment may override it.
"""

from __future__ import annotations

from typing import Any

from lambda_lint.loaders.cloudformation.values import is_intrinsic
from lambda_lint.model import scalar_text
from lambda_lint.model.presence import (
    AllOf,
    AnyOf,
    Equals,
    Expr,
    Input,
    Literal,
    Negation,
    Opaque,
    presence,
)
from lambda_lint.parsing import MDict

# Nesting followed at most (Condition chains, And/Or/Not): deeper is unknown.
_MAX_DEPTH = 32


def resource_presence(template: MDict) -> dict[str, frozenset[int]]:
    """The worlds each resource with a ``Condition`` exists in, by logical id."""
    resources = template.get("Resources")
    if not isinstance(resources, dict):
        return {}
    used = {
        name: body["Condition"]
        for name, body in resources.items()
        if isinstance(body, dict) and isinstance(body.get("Condition"), str)
    }
    if not used:
        return {}
    declared = template.get("Conditions")
    conditions: dict[str, Any] = declared if isinstance(declared, dict) else {}
    parameters = template.get("Parameters")
    params: dict[str, Any] = parameters if isinstance(parameters, dict) else {}
    reader = _Reader(conditions, params)
    exprs = {name: reader.condition(name, 0) for name in set(used.values())}
    worlds = presence(exprs, reader.domains())
    if not worlds:
        return {}
    return {resource: worlds[name] for resource, name in used.items()}


class _Reader:
    def __init__(self, conditions: dict[str, Any], parameters: dict[str, Any]) -> None:
        self.conditions = conditions
        self.parameters = parameters
        self.used: set[str] = set()

    def domains(self) -> dict[str, tuple[Any, ...]]:
        """``AllowedValues`` of the parameters the conditions read, as text."""
        found: dict[str, tuple[Any, ...]] = {}
        for name in self.used:
            allowed = self.parameters[name].get("AllowedValues")
            if (
                isinstance(allowed, list)
                and allowed
                and all(not isinstance(v, (dict, list)) for v in allowed)
            ):
                found[name] = tuple(dict.fromkeys(scalar_text(v) for v in allowed))
        return found

    def condition(self, name: str, depth: int) -> Expr:
        body = self.conditions.get(name)
        if body is None or depth > _MAX_DEPTH:
            return Opaque()
        return self.expr(body, depth + 1)

    def expr(self, node: Any, depth: int) -> Expr:
        if depth > _MAX_DEPTH or not is_intrinsic(node):
            return Opaque()
        key, arg = next(iter(node.items()))
        if key == "Condition" and isinstance(arg, str):
            return self.condition(arg, depth)
        if key == "Fn::Equals" and isinstance(arg, list) and len(arg) == 2:
            return Equals(self.term(arg[0], depth), self.term(arg[1], depth))
        if key in ("Fn::And", "Fn::Or") and isinstance(arg, list) and arg:
            parts = tuple(self.expr(part, depth + 1) for part in arg)
            return AllOf(parts) if key == "Fn::And" else AnyOf(parts)
        if key == "Fn::Not" and isinstance(arg, list) and len(arg) == 1:
            return Negation(self.expr(arg[0], depth + 1))
        return Opaque()

    def term(self, node: Any, depth: int) -> Expr:
        """One side of ``Fn::Equals``: a literal, a parameter, or unknown."""
        if isinstance(node, (str, int, float, bool)):
            return Literal(scalar_text(node))
        if is_intrinsic(node):
            key, arg = next(iter(node.items()))
            if key == "Ref" and isinstance(arg, str) and isinstance(self.parameters.get(arg), dict):
                self.used.add(arg)
                return Input(arg)
        return Opaque()


__all__ = ["resource_presence"]
