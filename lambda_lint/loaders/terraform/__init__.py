"""The Terraform loaders: modules (``*.tf`` and ``*.tf.json``, one unit per directory) and plans."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from lambda_lint.loaders.base import LoadContext, Loaded, Loader, Reading, UnitFiles
from lambda_lint.loaders.documents import (
    DocumentLoader,
    is_wrapped,
    may_hold_directives,
    wrapped,
)
from lambda_lint.paths import display_path

if TYPE_CHECKING:
    from lambda_lint.suppressions import Directive

TF_JSON_SUFFIX = ".tf.json"
TF_HCL_SUFFIX = ".tf"
TFVARS_JSON_SUFFIXES = ("terraform.tfvars.json", ".auto.tfvars.json")
TFVARS_HCL_SUFFIXES = ("terraform.tfvars", ".auto.tfvars")
# Configuration OpenTofu reads beside ``*.tf`` and ``*.tf.json`` but lambda-lint does not.
UNREAD_CONFIG_SUFFIXES = (".tofu", ".tofu.json")
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

    def build_document(self, root: Any) -> Loaded:
        if not is_plan(root):
            return wrapped(root)
        from lambda_lint.loaders.terraform.plan import load_plan

        stack, problems = load_plan(root)
        return Loaded(stack, problems)


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
        """Parse the module's files; only the unit's own files report parse errors."""
        from lambda_lint.loaders.base import FileError
        from lambda_lint.parsing import ParseError
        from lambda_lint.span import Span

        listing = _Listing.of(unit.files)
        reported = frozenset(display_path(p) for p in unit.files)
        reading = Reading(
            display_path(sorted(unit.files)[0]),
            reported=reported,
            files=len(unit.files),
            package_root=listing.files[0].parent,
        )
        parsed: dict[str, Any] = {}
        for file in listing.files:
            path = display_path(file)
            try:
                if file.name.endswith(TF_HCL_SUFFIX):
                    hcl = _parse_hcl(file, path, context)
                    parsed[path] = hcl.root
                    reading.texts[path] = hcl.text
                    if context.suppressions and path in reported and hcl.comments:
                        from lambda_lint.loaders.terraform.hcl_directives import hcl_directives

                        reading.directives += hcl_directives(hcl.text, hcl.comments, path)
                    continue
                doc = context.parse(file, source=path)
            except ParseError as exc:
                if path in reported:
                    span = Span(exc.line, exc.column, exc.end_line, exc.end_column)
                    reading.errors.append(FileError(path, exc.message, span, "parse"))
                else:
                    reading.debug.append(f"{path}: sibling module file not loaded: {exc.message}")
                continue
            parsed[path] = doc.root
            reading.texts[path] = doc.text
            if context.suppressions and path in reported and may_hold_directives(doc.text):
                reading.directives += self.directives(doc.root, path)
        from lambda_lint.loaders.terraform.module import ModuleFiles

        tfvars = _parsed_tfvars(listing.tfvars, context)
        unparsed_hcl: dict[str, str] = {}
        for file in listing.hcl_tfvars:
            name = display_path(file)
            try:
                tfvars[name] = _parse_hcl(file, name, context, literal=True).root
            except ParseError:  # Terraform refuses it; its names are still found, as unknown
                unparsed_hcl[name] = context.read_text(file)
        reading.content = ModuleFiles(
            parsed,
            tfvars=tfvars,
            hcl_tfvars=unparsed_hcl,
            # Known whole only when every file parsed (references are checked then).
            unread_config=listing.unread_config if len(parsed) == len(listing.files) else None,
        )
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


class _Listing:
    """What a module directory holds: its configuration files, tfvars and unread ones."""

    def __init__(
        self,
        files: tuple[Path, ...],
        tfvars: tuple[Path, ...],
        hcl_tfvars: tuple[Path, ...],
        unread_config: tuple[str, ...] | None,
    ) -> None:
        self.files = files
        self.tfvars = tfvars
        self.hcl_tfvars = hcl_tfvars
        # Names of configuration files that are not read (OpenTofu ``*.tofu``), where declarations
        # may hide; None when the directory could not be listed.
        self.unread_config = unread_config

    @classmethod
    def of(cls, given: tuple[Path, ...]) -> _Listing:
        directory = given[0].parent
        files: list[Path] = []
        tfvars: list[Path] = []
        hcl: list[Path] = []
        try:
            entries = sorted(directory.iterdir()) if directory.is_dir() else []
        except OSError:
            entries = []
        by_name = {p.name: p for p in given}  # keep the spelling the user gave
        for entry in entries:
            name = entry.name
            if name.endswith((TF_JSON_SUFFIX, TF_HCL_SUFFIX)):
                files.append(by_name.get(name, entry))
            elif name.endswith(TFVARS_JSON_SUFFIXES):
                tfvars.append(entry)
            elif name.endswith(TFVARS_HCL_SUFFIXES):
                hcl.append(entry)
        for path in sorted(set(given) - set(files)):  # e.g. given but unreadable directory
            files.append(path)
        unread = (
            tuple(e.name for e in entries if e.name.endswith(UNREAD_CONFIG_SUFFIXES))
            if entries  # a module's directory lists at least its own file
            else None
        )
        return cls(tuple(files), tuple(tfvars), tuple(hcl), unread)


def _parsed_tfvars(paths: tuple[Path, ...], context: LoadContext) -> dict[str, Any]:
    from lambda_lint.parsing import ParseError

    parsed: dict[str, Any] = {}
    for file in paths:
        path = display_path(file)
        try:
            parsed[path] = context.parse(file, source=path).root
        except ParseError:
            parsed[path] = None  # Terraform itself refuses an invalid tfvars file
    return parsed


def _parse_hcl(file: Path, path: str, context: LoadContext, literal: bool = False) -> Any:
    """An HCL file read as safely as a template, parsed (raises ParseError)."""
    from lambda_lint.loaders.terraform.hcl import parse_hcl
    from lambda_lint.parsing.reader import decode

    return parse_hcl(decode(context.read_bytes(file)), path, literal)
