"""Terraform ``dynamic`` blocks expanded over the collections they iterate.

``dynamic "vpc_config" { for_each = ...; content { ... } }`` writes one
``vpc_config`` block per element of ``for_each``. Over a known list or map, each
element's ``content`` is read with a resolver that binds the iterator (the
block's label, or its ``iterator`` argument) to ``key`` and ``value``, so
``vpc_config.value.subnet_ids`` resolves to what that element holds. Over an
unknown collection the content is read once, its iterator unknown, as resources
with an unknown ``for_each`` are checked once; an empty collection writes no block.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from lambda_lint.loaders.terraform.values import (
    COMMENT_KEY,
    TerraformResolver,
    objects,
)
from lambda_lint.parsing import MDict

_NAME = re.compile(r"[A-Za-z_][\w-]*")
_HCL_NAME = re.compile(r"\$\{\s*([A-Za-z_][\w-]*)\s*\}")


def iterator_name(label: str, spec: Any) -> str:
    """The name a ``dynamic`` block binds: its ``iterator`` (a bare name in HCL, a string
    in JSON syntax), else its label."""
    iterator = spec.get("iterator") if isinstance(spec, MDict) else None
    if isinstance(iterator, str):
        found = _HCL_NAME.fullmatch(iterator)
        if found is not None:
            return found.group(1)
        if _NAME.fullmatch(iterator):
            return iterator
    return label


def blocks(
    body: Any, name: str, resolver: TerraformResolver
) -> list[tuple[MDict, TerraformResolver]]:
    """Every ``name`` block of ``body``, written or generated, with the resolver to read it."""
    if not isinstance(body, MDict):
        return []
    found = [(block, resolver) for block in objects(body.get(name))]
    for dynamic in objects(body.get("dynamic")):
        for spec in objects(dynamic.get(name)):
            found.extend(_generated(name, spec, resolver))
    return found


def first_block(
    body: Any, name: str, resolver: TerraformResolver
) -> tuple[MDict | None, TerraformResolver]:
    """The first ``name`` block (blocks such as ``environment`` occur once)."""
    found = blocks(body, name, resolver)
    return found[0] if found else (None, resolver)


def _generated(
    label: str, spec: MDict, resolver: TerraformResolver
) -> list[tuple[MDict, TerraformResolver]]:
    contents = objects(spec.get("content"))
    raw = spec.get("for_each")
    if not contents or raw is None:
        return []  # Terraform requires both; nothing is generated
    content = contents[0]
    name = iterator_name(label, spec)
    collection = resolver.evaluate(raw)
    value = collection.value
    if isinstance(value, dict):
        elements = [(k, v) for k, v in value.items() if k != COMMENT_KEY]
    elif isinstance(value, list):
        elements = list(enumerate(value))
    else:  # unknown (a reference, a call, a conditional): read once, the iterator unknown
        return [(content, resolver.scoped({name: None}))]

    return [
        (
            content,
            resolver.scoped(
                {
                    name: {
                        "key": replace(collection, value=key),
                        "value": replace(collection, value=item),
                    }
                }
            ),
        )
        for key, item in elements
    ]
