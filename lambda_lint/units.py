"""Group discovered files into units: what one model Stack is built from.

A CloudFormation template or a Terraform plan is one file. A Terraform module
is every ``*.tf.json`` of one directory (docs/design.md#pipeline): pre-commit may pass only
the file that changed, so its siblings are loaded too, but findings are
reported only for the files that were given (or found by a directory walk).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lambda_lint.discovery import Candidate

TF_JSON_SUFFIX = ".tf.json"
TFVARS_JSON_SUFFIXES = ("terraform.tfvars.json", ".auto.tfvars.json")
TFVARS_HCL_SUFFIXES = ("terraform.tfvars", ".auto.tfvars")
# Configuration Terraform (or OpenTofu) reads beside ``*.tf.json`` but lambda-lint does not.
UNREAD_CONFIG_SUFFIXES = (".tf", ".tofu", ".tofu.json")


@dataclass(frozen=True)
class Unit:
    """The files one Stack is built from and the subset whose findings are reported."""

    files: tuple[Path, ...]
    reported: frozenset[Path]
    explicit: frozenset[Path]
    terraform_module: bool = False
    tfvars: tuple[Path, ...] = ()
    hcl_tfvars: tuple[Path, ...] = ()
    # Names of the module directory's configuration files that are not read (HCL ``*.tf``),
    # where declarations may hide; None when the directory could not be listed.
    unread_config: tuple[str, ...] | None = None


def group_units(candidates: Iterable[Candidate]) -> Iterator[Unit]:
    """Single-file units in discovery order; a module where its first file appeared."""
    pending: list[Candidate | Path] = []
    modules: dict[Path, list[Candidate]] = {}
    for candidate in candidates:
        if candidate.path.name.endswith(TF_JSON_SUFFIX):
            directory = candidate.path.parent
            if directory not in modules:
                modules[directory] = []
                pending.append(directory)
            modules[directory].append(candidate)
        else:
            pending.append(candidate)
    for item in pending:
        if isinstance(item, Candidate):
            explicit = frozenset({item.path}) if item.explicit else frozenset()
            yield Unit((item.path,), frozenset({item.path}), explicit)
        else:
            yield _module(item, modules[item])


def _module(directory: Path, given: list[Candidate]) -> Unit:
    reported = {c.path for c in given}
    files: list[Path] = []
    tfvars: list[Path] = []
    hcl: list[Path] = []
    try:
        entries = sorted(directory.iterdir()) if directory.is_dir() else []
    except OSError:
        entries = []
    by_name = {p.name: p for p in reported}  # keep the spelling the user gave
    for entry in entries:
        name = entry.name
        if name.endswith(TF_JSON_SUFFIX):
            files.append(by_name.get(name, entry))
        elif name.endswith(TFVARS_JSON_SUFFIXES):
            tfvars.append(entry)
        elif name.endswith(TFVARS_HCL_SUFFIXES):
            hcl.append(entry)
    for path in sorted(reported - set(files)):  # e.g. given but unreadable directory
        files.append(path)
    return Unit(
        tuple(files),
        frozenset(reported),
        frozenset(c.path for c in given if c.explicit),
        terraform_module=True,
        tfvars=tuple(tfvars),
        hcl_tfvars=tuple(hcl),
        unread_config=(
            tuple(e.name for e in entries if e.name.endswith(UNREAD_CONFIG_SUFFIXES))
            if entries  # a module's directory lists at least its own file
            else None
        ),
    )
