"""Suppressions written in Terraform JSON, which has no comments.

``"//": "lambda-lint: ignore[LL101] reason"`` (Terraform's own comment key) in a
resource block covers findings about that resource; at a file's top level, the
whole file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lambda_lint.loaders.terraform.values import COMMENT_KEY
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span, in_file
from lambda_lint.suppressions import Directive, text_directive


def _comment_text(value: Any, span: Span, path: str, resource: str) -> Iterator[Directive]:
    for text in value if isinstance(value, list) else [value]:
        directive = text_directive(text, in_file(span, path), resource)
        if directive is not None:
            yield directive


def terraform_directives(root: Any, path: str) -> list[Directive]:
    """``"//": "lambda-lint: ignore[...]"`` at a file's top level or in a resource block."""
    if not isinstance(root, MDict):
        return []
    found: list[Directive] = []
    if COMMENT_KEY in root:
        found.extend(_comment_text(root[COMMENT_KEY], root.value_span(COMMENT_KEY), path, ""))
    resources = root.get("resource")
    if not isinstance(resources, MDict):
        return found
    for kind, by_type in resources.items():
        if not isinstance(by_type, MDict):
            continue
        for name, blocks in by_type.items():
            for block in blocks if isinstance(blocks, MList) else [blocks]:
                if isinstance(block, MDict) and COMMENT_KEY in block:
                    address = f"{kind}.{name}"
                    span = block.value_span(COMMENT_KEY)
                    found.extend(_comment_text(block[COMMENT_KEY], span, path, address))
    return found
