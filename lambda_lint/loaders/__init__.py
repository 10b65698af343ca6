"""Detect what a parsed file is and load it into the model.

Format spellings live only in this package (docs/design.md#boundaries). ``detect`` decides
whether a parsed document is something lambda-lint understands; anything else
(other YAML/JSON that pre-commit passes along) is skipped without a finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lambda_lint.loaders.problems import LoadProblem
from lambda_lint.parsing import MDict, MList

if TYPE_CHECKING:
    from lambda_lint.model import Stack

__all__ = ["LoadProblem", "detect", "load"]


def detect(root: Any) -> str | None:
    """``"cloudformation"`` (CFN or SAM template), ``"terraform-plan"``, or None.

    ``"wrapped"`` is a template or plan inside a list (a stray ``- `` in front of
    it): neither tool deploys that, and skipping it would pass it as clean.
    Terraform modules are recognised by file name (``*.tf.json``), not here.
    """
    if isinstance(root, MList):
        return "wrapped" if any(detect(item) not in (None, "wrapped") for item in root) else None
    if not isinstance(root, MDict):
        return None
    if is_plan(root):
        return "terraform-plan"
    resources = root.get("Resources")
    if isinstance(resources, dict) and any(
        isinstance(body, dict) and str(body.get("Type", "")).startswith("AWS::")
        for body in resources.values()
    ):
        return "cloudformation"
    if "AWSTemplateFormatVersion" in root or "Transform" in root:
        return "cloudformation"
    return None


def load(kind: str, root: Any) -> tuple[Stack, list[LoadProblem]]:
    """Build the model for a detected document, with any problems found while loading."""
    # Each format's loader is imported when a file of that format shows up: a
    # pre-commit run on one template does not pay for the Terraform loaders.
    if kind == "cloudformation":
        from lambda_lint.loaders.cfn_graph import graph_problems, resource_references
        from lambda_lint.loaders.cfn_shape import shape_problems
        from lambda_lint.loaders.cloudformation import load_template

        found = resource_references(root)
        return load_template(root, found), shape_problems(root) + graph_problems(root, found)
    if kind == "wrapped":
        from lambda_lint.model import Stack

        message = (
            "the file is a list holding a template; CloudFormation and Terraform read a "
            "template only as a mapping at the top level"
        )
        return Stack(), [LoadProblem(message, root.span, "wrapped")]
    if kind == "terraform-plan":
        from lambda_lint.loaders.tfplan import load_plan

        return load_plan(root)
    raise ValueError(f"unknown document kind {kind!r}")


def is_plan(root: Any) -> bool:
    """A ``terraform show -json`` document (plan, or state with ``values``)."""
    if not isinstance(root, MDict) or "format_version" not in root:
        return False
    return isinstance(root.get("planned_values"), dict) or (
        isinstance(root.get("values"), dict) and "root_module" in root["values"]
    )
