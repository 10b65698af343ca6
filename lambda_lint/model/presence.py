"""Whether two resources can exist together: conditions over deploy-time inputs.

A CloudFormation resource with a ``Condition`` exists only where that condition is
true; a Terraform resource with ``count = var.x ? 1 : 0`` only where ``var.x`` is.
Two functions under mutually exclusive conditions never share a role, a queue never
feeds a function that cannot exist beside it. Loaders translate their spelling into
the small expression language here; :func:`presence` evaluates every condition in
each *world*, one assignment of values to the inputs the conditions read, drawn from
a bounded enumeration (a parameter's allowed values, or the literals it is compared
with plus "anything else"). What cannot be evaluated is unknown, and an entity
whose condition is unknown in a world may exist there: coexistence is only ever
denied when it is certain.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Worlds enumerated at most; past it nothing is known (every entity may coexist).
MAX_WORLDS = 4096


@dataclass(frozen=True, slots=True)
class Literal:
    """A known value (text, as CloudFormation compares it; or a boolean)."""

    value: Any


@dataclass(frozen=True, slots=True)
class Input:
    """A deploy-time input: a parameter, a variable, or an opaque expression that has
    the same value wherever it is written within one stack."""

    name: str


@dataclass(frozen=True, slots=True)
class Equals:
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class AllOf:
    parts: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    parts: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Negation:
    part: Expr


@dataclass(frozen=True, slots=True)
class Opaque:
    """Something the loader cannot evaluate (a region, an import): unknown."""


Expr = Literal | Input | Equals | AllOf | AnyOf | Negation | Opaque


class _Other:
    """A value of an input unequal to every literal written (one per input)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


def _inputs(expr: Expr, found: dict[str, set[Any]]) -> None:
    """The inputs ``expr`` reads, with the literals each is compared with."""
    stack: list[Expr] = [expr]
    while stack:
        item = stack.pop()
        if isinstance(item, Input):
            found.setdefault(item.name, set())
        elif isinstance(item, Equals):
            stack += [item.left, item.right]
            for one, other in ((item.left, item.right), (item.right, item.left)):
                if isinstance(one, Input) and isinstance(other, Literal):
                    found.setdefault(one.name, set()).add(other.value)
        elif isinstance(item, (AllOf, AnyOf)):
            stack.extend(item.parts)
        elif isinstance(item, Negation):
            stack.append(item.part)


def _value(expr: Expr, world: Mapping[str, Any]) -> Any:
    """The value of a term in a world; None when unknown."""
    if isinstance(expr, Literal):
        return expr.value
    if isinstance(expr, Input):
        return world.get(expr.name)
    truth = _truth(expr, world)
    return truth


def _truth(expr: Expr, world: Mapping[str, Any]) -> bool | None:
    """Three-valued truth: True, False, or None for unknown."""
    if isinstance(expr, Equals):
        left, right = _value(expr.left, world), _value(expr.right, world)
        if left is None or right is None:
            return None
        if isinstance(left, _Other) or isinstance(right, _Other):
            return None if isinstance(left, _Other) and isinstance(right, _Other) else False
        return bool(left == right)
    if isinstance(expr, AllOf):
        values = [_truth(part, world) for part in expr.parts]
        if False in values:
            return False
        return None if None in values else True
    if isinstance(expr, AnyOf):
        values = [_truth(part, world) for part in expr.parts]
        if True in values:
            return True
        return None if None in values else False
    if isinstance(expr, Negation):
        inner = _truth(expr.part, world)
        return None if inner is None else not inner
    if isinstance(expr, Literal):
        return expr.value if isinstance(expr.value, bool) else None
    if isinstance(expr, Input):
        value = world.get(expr.name)
        return value if isinstance(value, bool) else None
    return None


def presence(
    conditions: Mapping[str, Expr],
    domains: Mapping[str, tuple[Any, ...]],
    limit: int = MAX_WORLDS,
) -> dict[str, frozenset[int]]:
    """The worlds in which each condition may hold (true or unknown there).

    ``domains`` gives the values an input can take where they are known (a
    parameter's ``AllowedValues``; booleans); any other input takes the literals it
    is compared with or "anything else". Empty when there are more than ``limit``
    worlds: then nothing is known.
    """
    found: dict[str, set[Any]] = {}
    for expr in conditions.values():
        _inputs(expr, found)
    names = sorted(found)
    choices: list[tuple[Any, ...]] = []
    for name in names:
        if name in domains:
            choices.append(tuple(domains[name]))
        else:
            compared = sorted(found[name], key=repr)
            choices.append((*compared, _Other(name)))
    size = 1
    for values in choices:
        size *= max(len(values), 1)
        if size > limit:
            return {}
    worlds = [dict(zip(names, values, strict=True)) for values in itertools.product(*choices)]
    result: dict[str, frozenset[int]] = {}
    for condition, expr in conditions.items():
        result[condition] = frozenset(
            index for index, world in enumerate(worlds) if _truth(expr, world) is not False
        )
    return result


def coexist(worlds: Mapping[str, frozenset[int]], ids: tuple[str, ...]) -> bool:
    """Whether the entities ``ids`` may all exist in one world (absent = every world)."""
    common: frozenset[int] | None = None
    for entity in ids:
        where = worlds.get(entity)
        if where is None:
            continue
        common = where if common is None else common & where
        if not common:
            return False
    return True


__all__ = [
    "MAX_WORLDS",
    "AllOf",
    "AnyOf",
    "Equals",
    "Expr",
    "Input",
    "Literal",
    "Negation",
    "Opaque",
    "coexist",
    "presence",
]
