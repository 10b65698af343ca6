"""Suppressions written in a CloudFormation or SAM template's structure.

``Metadata: {lambda-lint: {ignore: [LL101]}}`` (or a mapping code -> reason) on a
resource covers findings about it; at the template's top level, the whole file.
YAML comments (``# lambda-lint: ignore[...]``) are read by ``suppressions``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lambda_lint.parsing import MDict, MList
from lambda_lint.span import in_file
from lambda_lint.suppressions import METADATA_KEY, Directive


def _metadata(block: Any, path: str, resource: str) -> Iterator[Directive]:
    """``Metadata: {lambda-lint: {ignore: [...]}}`` of a resource or template."""
    metadata = block.get("Metadata") if isinstance(block, MDict) else None
    ours = metadata.get(METADATA_KEY) if isinstance(metadata, MDict) else None
    if not isinstance(ours, MDict) or "ignore" not in ours:
        return
    ignore = ours["ignore"]
    span = in_file(ours.value_span("ignore"), path)
    scope = "resource" if resource else "file"
    if isinstance(ignore, MList):
        codes = tuple(str(code).strip().upper() for code in ignore)
        yield Directive(scope, codes, span, resource=resource)
    elif isinstance(ignore, MDict):
        for code, reason in ignore.items():
            code_span = in_file(ignore.key_span(code), path)
            reason_text = reason if isinstance(reason, str) else ""
            yield Directive(scope, (str(code).upper(),), code_span, reason_text, resource=resource)
    else:
        yield Directive(scope, (), span, resource=resource)


def template_directives(root: Any, path: str) -> list[Directive]:
    """Resource and template ``Metadata`` suppressions of a CloudFormation/SAM template."""
    found = list(_metadata(root, path, ""))
    resources = root.get("Resources") if isinstance(root, MDict) else None
    if isinstance(resources, MDict):
        for name, body in resources.items():
            found.extend(_metadata(body, path, name))
    return found
