"""The Terraform loaders: modules (``*.tf`` and ``*.tf.json``, one unit per directory) and plans."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lambda_lint.loaders.base import LoadContext, Loaded, Loader, Reading, UnitFiles
from lambda_lint.loaders.documents import (
    DocumentLoader,
    is_wrapped,
    wrapped,
)
from lambda_lint.paths import display_path

if TYPE_CHECKING:
    from lambda_lint.suppressions import Directive

TF_JSON_SUFFIX = ".tf.json"
TF_HCL_SUFFIX = ".tf"
_PLAN_MARKERS = (b'"format_version"', b"aws_lambda_")


def is_plan(root: Any) -> bool:
    """A ``terraform show -json`` document (plan, or state with ``values``)."""
    from lambda_lint.parsing import MDict

    if not isinstance(root, MDict) or "format_version" not in root:
        return False
    return isinstance(root.get("planned_values"), dict) or (
        isinstance(root.get("values"), dict) and "root_module" in root["values"]
    )


class PlanLoader(DocumentLoader):
    """``terraform show -json`` output: the planned values and the configuration."""

    name = "terraform-plan"
    suffixes = (".json",)
    fallback = True
    # Package paths in a plan are the runner's, which may not be this machine.
    report_missing_packages = False

    def recognises(self, root: Any) -> bool:
        return is_plan(root) or is_wrapped(root, is_plan)

    def looks_like(self, head: bytes) -> bool:
        return all(marker in head for marker in _PLAN_MARKERS)

    def read(self, unit: UnitFiles, context: LoadContext) -> Reading | None:
        """The plan, and the configuration it was planned from when that is at hand."""
        reading = super().read(unit, context)
        if reading is None or not is_plan(reading.content):
            return reading
        directory = context.plan_source or unit.files[0].parent
        from lambda_lint.loaders.terraform.calls import read_source

        source = read_source(directory, reading, context)
        if source is not None:
            reading.content = _PlanWithSource(reading.content, source)
        return reading

    def build(self, reading: Reading) -> Loaded:
        content = reading.content
        if isinstance(content, _PlanWithSource):
            from lambda_lint.loaders.terraform.plan import load_plan

            stack, problems = load_plan(content.plan, content.source)
            return Loaded(stack, problems)
        return self.build_document(content)

    def build_document(self, root: Any) -> Loaded:
        if not is_plan(root):
            return wrapped(root)
        from lambda_lint.loaders.terraform.plan import load_plan

        stack, problems = load_plan(root)
        return Loaded(stack, problems)


class _PlanWithSource:
    """A plan and the configuration (a ``ModuleFiles``) it was planned from."""

    def __init__(self, plan: Any, source: Any) -> None:
        self.plan = plan
        self.source = source


class ModuleLoader(Loader):
    """Every ``*.tf`` and ``*.tf.json`` of one directory, with its JSON and HCL ``tfvars``.

    HCL files are converted into the tree their JSON syntax would give
    (:mod:`lambda_lint.loaders.terraform.hcl`), so both spellings share one loader.
    """

    name = "terraform"
    suffixes = (TF_JSON_SUFFIX, TF_HCL_SUFFIX)
    by_directory = True
    skipped_dirs = frozenset({".terraform"})

    def read(self, unit: UnitFiles, context: LoadContext) -> Reading | None:
        """Parse the module's files and the local modules it calls.

        Only the unit's own files and the files of modules it calls report parse
        errors and findings; a sibling that does not parse is left out quietly.
        """
        from lambda_lint.loaders.terraform.calls import follow_calls
        from lambda_lint.loaders.terraform.files import (
            Listing,
            parse_files,
            parse_hcl_file,
            parsed_tfvars,
        )
        from lambda_lint.loaders.terraform.module import ModuleFiles
        from lambda_lint.parsing import ParseError

        listing = Listing.of(unit.files)
        reported = frozenset(display_path(p) for p in unit.files)
        reading = Reading(
            display_path(sorted(unit.files)[0]),
            reported=reported,
            files=len(unit.files),
            package_root=listing.files[0].parent,
        )
        parsed = parse_files(listing.files, reported, reading, context)
        tfvars = parsed_tfvars(listing.tfvars, context)
        unparsed_hcl: dict[str, str] = {}
        for file in listing.hcl_tfvars:
            name = display_path(file)
            try:
                tfvars[name] = parse_hcl_file(file, name, context, literal=True).root
            except ParseError:  # Terraform refuses it; its names are still found, as unknown
                unparsed_hcl[name] = context.read_text(file)
        root = ModuleFiles(
            parsed,
            tfvars=tfvars,
            hcl_tfvars=unparsed_hcl,
            # Known whole only when every file parsed (references are checked then).
            unread_config=listing.unread_config if len(parsed) == len(listing.files) else None,
        )
        reading.content = follow_calls(root, listing.files[0].parent, reading, context)
        return reading

    @staticmethod
    def directives(root: Any, path: str) -> list[Directive]:
        """A module file's ``"//"`` suppressions."""
        from lambda_lint.loaders.terraform.directives import terraform_directives

        return terraform_directives(root, path)

    def build(self, reading: Reading) -> Loaded:
        from lambda_lint.loaders.terraform.module import load_module

        stack, problems = load_module(reading.content)
        return Loaded(stack, problems)
