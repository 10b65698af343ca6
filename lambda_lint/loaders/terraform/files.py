"""A Terraform module directory's files: which there are, parsed, with their directives.

Shared by the module loader (the unit's own directory) and the module calls it
follows (:mod:`lambda_lint.loaders.terraform.calls`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lambda_lint.loaders.base import LoadContext, Reading
from lambda_lint.loaders.documents import may_hold_directives
from lambda_lint.paths import display_path

TF_JSON_SUFFIX = ".tf.json"
TF_HCL_SUFFIX = ".tf"
TFVARS_JSON_SUFFIXES = ("terraform.tfvars.json", ".auto.tfvars.json")
TFVARS_HCL_SUFFIXES = ("terraform.tfvars", ".auto.tfvars")
# Configuration OpenTofu reads beside ``*.tf`` and ``*.tf.json`` but lambda-lint does not.
UNREAD_CONFIG_SUFFIXES = (".tofu", ".tofu.json")


class Listing:
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
    def of(cls, given: tuple[Path, ...]) -> Listing:
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


def read_module_dir(
    directory: Path, reading: Reading, context: LoadContext
) -> tuple[dict[str, Any], tuple[str, ...] | None] | None:
    """The configuration files of a called module's directory, parsed, and the names of
    those not read (as for the unit's own); None when it holds none.

    Its files are reported like the unit's own (they are part of the configuration
    being linted): parse errors are LL001 and their suppressions apply.
    """
    listing = Listing.of((directory / "main.tf",))
    files = tuple(f for f in listing.files if f.exists())
    if not files:
        return None
    paths = frozenset(display_path(f) for f in files)
    if reading.reported is not None:  # None: every finding is reported already
        reading.reported |= paths
    parsed = parse_files(files, paths, reading, context)
    return parsed, listing.unread_config if len(parsed) == len(files) else None


def parse_files(
    files: tuple[Path, ...], reported: frozenset[str], reading: Reading, context: LoadContext
) -> dict[str, Any]:
    """Each file's tree by display path; texts, directives and LL001 errors into ``reading``."""
    from lambda_lint.loaders.base import FileError
    from lambda_lint.parsing import ParseError
    from lambda_lint.span import Span

    parsed: dict[str, Any] = {}
    for file in files:
        path = display_path(file)
        try:
            if file.name.endswith(TF_HCL_SUFFIX):
                hcl = parse_hcl_file(file, path, context)
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
            from lambda_lint.loaders.terraform.directives import terraform_directives

            reading.directives += terraform_directives(doc.root, path)
    return parsed


def parsed_tfvars(paths: tuple[Path, ...], context: LoadContext) -> dict[str, Any]:
    from lambda_lint.parsing import ParseError

    parsed: dict[str, Any] = {}
    for file in paths:
        path = display_path(file)
        try:
            parsed[path] = context.parse(file, source=path).root
        except ParseError:
            parsed[path] = None  # Terraform itself refuses an invalid tfvars file
    return parsed


def parse_hcl_file(file: Path, path: str, context: LoadContext, literal: bool = False) -> Any:
    """An HCL file read as safely as a template, parsed (raises ParseError)."""
    from lambda_lint.loaders.terraform.hcl import parse_hcl
    from lambda_lint.parsing.reader import decode

    return parse_hcl(decode(context.read_bytes(file)), path, literal)
