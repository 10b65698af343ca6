"""Module calls followed at read time: the child modules a Terraform module loads.

A call whose ``source`` is a local path (``./modules/x``, ``../x``) is read from
that directory; any other source (the registry, git, an archive) is read from
where ``terraform init`` put it, as ``.terraform/modules/modules.json`` of the
root module lists it. Calls that cannot be followed (not initialised, a missing
directory, a module that calls itself, nesting past MAX_DEPTH) keep their
outputs unknown, and the reading gets one note naming them and why.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from lambda_lint.loaders.base import LoadContext, Reading
from lambda_lint.loaders.terraform.files import (
    Listing,
    parse_files,
    parsed_tfvars,
    read_module_dir,
)
from lambda_lint.loaders.terraform.module import ModuleFiles, module_calls
from lambda_lint.paths import display_path

MAX_DEPTH = 16  # nested module calls followed, at most (Terraform sets no limit)
MAX_CALLS = 500  # module calls followed in one unit, at most: each one is loaded again
_MANIFEST = Path(".terraform") / "modules" / "modules.json"
_LOCAL = ("./", "../", ".\\", "..\\")


def follow_calls(
    root: ModuleFiles, directory: Path, reading: Reading, context: LoadContext
) -> ModuleFiles:
    """``root`` with every module call it makes, to any depth, read or explained."""
    follower = _Follower(directory, reading, context)
    followed = follower.follow(root, directory, "", (directory.resolve(),))
    if follower.unfollowed:
        listed = "; ".join(f"{address} ({why})" for address, why in follower.unfollowed)
        reading.notes.append(
            f"{display_path(directory)}: module calls not followed, their outputs unknown: "
            + listed
        )
    return followed


class _Follower:
    def __init__(self, root: Path, reading: Reading, context: LoadContext) -> None:
        self.root = root
        self.reading = reading
        self.context = context
        self.manifest = _manifest(root, context)
        self.parsed: dict[Path, tuple[dict[str, Any], tuple[str, ...] | None] | None] = {}
        self.calls = 0
        self.unfollowed: list[tuple[str, str]] = []

    def follow(
        self, module: ModuleFiles, directory: Path, key: str, chain: tuple[Path, ...]
    ) -> ModuleFiles:
        calls: dict[str, ModuleFiles | str] = {}
        for name, source in module_calls(module.files):
            path = f"{key}.{name}" if key else name
            found = self._child(directory, path, source, chain)
            if isinstance(found, str):
                calls[name] = found
                address = ".".join(f"module.{step}" for step in path.split("."))
                self.unfollowed.append((address, found))
                continue
            child_dir, child = found
            calls[name] = self.follow(child, child_dir, path, (*chain, child_dir.resolve()))
        return replace(module, calls=calls) if calls else module

    def _child(
        self, directory: Path, key: str, source: Any, chain: tuple[Path, ...]
    ) -> tuple[Path, ModuleFiles] | str:
        """The called module's directory and files, or why it is not followed."""
        if not isinstance(source, str) or "${" in source:
            return "its source is not a literal string"
        if source.startswith(_LOCAL):
            child_dir = Path(os.path.normpath(directory / source))
        elif key in self.manifest:
            child_dir = Path(os.path.normpath(self.root / self.manifest[key]))
        else:
            return (
                f'source "{source}" is not downloaded: '
                "run terraform init, which lists it in .terraform/modules/modules.json"
            )
        if child_dir.resolve() in chain:
            return "it calls a module that is calling it"
        if len(chain) > MAX_DEPTH:
            return f"nested more than {MAX_DEPTH} modules deep"
        if self.calls >= MAX_CALLS:
            return f"more than {MAX_CALLS} module calls in one root module"
        resolved = child_dir.resolve()
        if resolved not in self.parsed:
            self.parsed[resolved] = read_module_dir(child_dir, self.reading, self.context)
        read = self.parsed[resolved]
        if read is None:
            return f"{display_path(child_dir)} holds no .tf or .tf.json file"
        self.calls += 1
        self.reading.modules.add(display_path(child_dir))
        files, unread = read
        relative = Path(os.path.relpath(child_dir, self.root)).as_posix()
        return child_dir, ModuleFiles(files, unread_config=unread, directory=relative)


def _manifest(root: Path, context: LoadContext) -> dict[str, str]:
    """Module key (``a.b``) -> directory relative to the root, from ``terraform init``."""
    text = context.read_text(root / _MANIFEST) if (root / _MANIFEST).is_file() else ""
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    entries = data.get("Modules") if isinstance(data, dict) else None
    found: dict[str, str] = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict):
            key, where = entry.get("Key"), entry.get("Dir")
            if isinstance(key, str) and key and isinstance(where, str):
                found[key] = where
    return found


def read_source(directory: Path, reading: Reading, context: LoadContext) -> Any:
    """The root module a plan was made from, with the modules it calls (a ``ModuleFiles``),
    or None when ``directory`` holds no configuration; its texts go into ``reading``."""
    listing = Listing.of((directory / "main.tf",))
    files = tuple(f for f in listing.files if f.exists())
    if not files:
        return None
    paths = frozenset(display_path(f) for f in files)
    parsed = parse_files(files, paths, reading, context)
    tfvars = parsed_tfvars(listing.tfvars, context)
    root = ModuleFiles(parsed, tfvars=tfvars)
    return follow_calls(root, directory, reading, context)
