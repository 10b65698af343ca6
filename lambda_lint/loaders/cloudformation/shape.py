"""The structure CloudFormation requires of a template before it reads any property.

CloudFormation rejects a template whose ``Resources`` is not a mapping, whose
resources have no string ``Type``, or whose ``Properties`` is not a mapping
("Template format error"). The loaders skip such entries rather than crash; this
module turns each into a :class:`LoadProblem` (LL006) at the offending value, so
a broken template is never reported as clean.
"""

from __future__ import annotations

import re
from typing import Any

from lambda_lint.loaders.problems import LoadProblem
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
# Transforms that keep a template's shape (their own keys, ``Fn::ForEach``, are skipped).
_SHAPE_KEEPING = frozenset({SAM_TRANSFORM, "AWS::LanguageExtensions"})
# "The logical ID must be alphanumeric (A-Za-z0-9) and unique within the template."
_LOGICAL_ID = re.compile(r"[A-Za-z0-9]+")


def describe(value: Any) -> str:
    """The YAML/JSON kind of ``value``, as a user reads it in a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    return "a number"


def transforms(template: MDict) -> list[str] | None:
    """The names of the template's transforms; None when one is not a plain name.

    ``AWS::Include`` is written as a mapping and may bring in anything, so callers
    treat None as "the deployed template is unknown".
    """
    raw = template.get("Transform")
    items = raw if isinstance(raw, list) else [] if raw is None else [raw]
    names = [item for item in items if isinstance(item, str)]
    return names if len(names) == len(items) else None


def shape_problems(template: MDict) -> list[LoadProblem]:
    """Every place where ``Resources`` or a resource does not have the required shape.

    A template with a macro (any transform but SAM and ``AWS::LanguageExtensions``)
    is rewritten before CloudFormation reads it, so it is not checked.
    """
    names = transforms(template)
    if "Resources" not in template or names is None or set(names) - _SHAPE_KEEPING:
        return []
    resources = template["Resources"]
    if not isinstance(resources, MDict):
        return [
            LoadProblem(
                f"Resources is {describe(resources)}; CloudFormation requires a mapping of "
                "logical IDs to resources",
                _value_or_key(template, "Resources"),
                "shape:Resources",
            )
        ]
    problems: list[LoadProblem] = []
    for name, body in resources.items():
        if not name.startswith("Fn::"):  # Fn::Transform, Fn::ForEach: expanded at deploy time
            problems += _resource_problems(resources, name, body)
    return problems


def _logical_id_problem(resources: MDict, name: str) -> list[LoadProblem]:
    """A logical ID CloudFormation rejects (``my-func``, ``/usr``): the rest is still read."""
    if _LOGICAL_ID.fullmatch(name):
        return []
    return [
        LoadProblem(
            f"logical ID {name!r} is not alphanumeric; CloudFormation requires logical IDs "
            "of letters and digits only (A-Z, a-z, 0-9)",
            resources.key_span(name),
            f"logical-id:{name}",
        )
    ]


def _resource_problems(resources: MDict, name: str, body: Any) -> list[LoadProblem]:
    problems = _logical_id_problem(resources, name)
    if not isinstance(body, MDict):
        at = resources.value_span(name) if body is not None else resources.key_span(name)
        problems.append(
            LoadProblem(
                f"resource {name} is {describe(body)}; CloudFormation requires a mapping "
                "with a Type",
                at,
                f"shape:{name}",
            )
        )
        return problems
    if "Type" not in body:
        problems.append(
            LoadProblem(
                f"resource {name} has no Type; CloudFormation rejects a resource without one",
                resources.key_span(name),
                f"shape:{name}:Type",
            )
        )
    elif not isinstance(body["Type"], str):
        problems.append(
            LoadProblem(
                f"the Type of resource {name} is {describe(body['Type'])}; CloudFormation "
                "requires a resource type name such as AWS::Lambda::Function",
                _value_or_key(body, "Type"),
                f"shape:{name}:Type",
            )
        )
    if "Properties" in body and not isinstance(body["Properties"], MDict):
        problems.append(
            LoadProblem(
                f"the Properties of resource {name} are {describe(body['Properties'])}; "
                "CloudFormation requires a mapping",
                _value_or_key(body, "Properties"),
                f"shape:{name}:Properties",
            )
        )
    depends_on = body.get("DependsOn")
    if "DependsOn" in body and not _names(depends_on):
        problems.append(
            LoadProblem(
                f"the DependsOn of resource {name} is {_depends_on_kind(depends_on)}; "
                "CloudFormation "
                "requires a logical ID or a list of them",
                _value_or_key(body, "DependsOn"),
                f"shape:{name}:DependsOn",
            )
        )
    return problems


def _depends_on_kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list with an item that is not a logical ID"
    return describe(value)


def _names(value: Any) -> bool:
    """A logical ID or a list of logical IDs (the only forms ``DependsOn`` takes)."""
    if isinstance(value, str):
        return True
    return isinstance(value, MList) and all(isinstance(item, str) for item in value)


def _value_or_key(container: MDict, key: str) -> Span:
    """A null value has no position of its own: point at its key instead."""
    return container.value_span(key) if container[key] is not None else container.key_span(key)
