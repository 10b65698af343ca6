"""The CloudFormation loader: CloudFormation and SAM templates, CDK output included."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lambda_lint.loaders.base import Loaded
from lambda_lint.loaders.documents import DocumentLoader, is_wrapped, wrapped

if TYPE_CHECKING:
    from lambda_lint.suppressions import Directive

_MARKERS = (b"AWSTemplateFormatVersion", b"AWS::")


def is_template(root: Any) -> bool:
    """A CloudFormation or SAM template: ``Resources`` with ``AWS::`` types, or the
    top-level keys only templates have."""
    from lambda_lint.parsing import MDict

    if not isinstance(root, MDict):
        return False
    resources = root.get("Resources")
    if isinstance(resources, dict) and any(
        isinstance(body, dict) and str(body.get("Type", "")).startswith("AWS::")
        for body in resources.values()
    ):
        return True
    return "AWSTemplateFormatVersion" in root or "Transform" in root


class CloudFormationLoader(DocumentLoader):
    """YAML or JSON templates; SAM's ``Globals`` merged as the transform merges them."""

    name = "cloudformation"
    suffixes = (".yaml", ".yml", ".json", ".template")
    fallback = True
    skipped_dirs = frozenset({".aws-sam"})

    def recognises(self, root: Any) -> bool:
        return is_template(root) or is_wrapped(root, is_template)

    def looks_like(self, head: bytes) -> bool:
        return any(marker in head for marker in _MARKERS)

    def document_directives(self, root: Any, path: str) -> list[Directive]:
        from lambda_lint.loaders.cloudformation.directives import template_directives

        return template_directives(root, path)

    def build_document(self, root: Any) -> Loaded:
        if not is_template(root):
            return wrapped(root)
        # Imported here: deciding that a file is a template costs no loader code.
        from lambda_lint.loaders.cloudformation.graph import graph_problems, resource_references
        from lambda_lint.loaders.cloudformation.shape import shape_problems
        from lambda_lint.loaders.cloudformation.template import load_template

        found = resource_references(root)
        return Loaded(load_template(root), shape_problems(root) + graph_problems(root, found))
