"""The loader registry: which formats exist and which files each claims.

Built-in loaders are registered by name and import path, so that deciding who
claims ``template.yaml`` imports no loader at all, and a run over CloudFormation
templates never imports the Terraform loaders (nor, later, an HCL parser).
Third-party code registers a :class:`~lambda_lint.loaders.base.Loader` subclass
with :func:`register`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import NamedTuple

from lambda_lint.loaders.base import Loader


class LoaderSpec(NamedTuple):
    """What discovery and grouping need to know about a loader, without importing it."""

    name: str
    suffixes: tuple[str, ...]
    target: str | type[Loader]  # "package.module:Class", or the class itself
    fallback: bool = False
    by_directory: bool = False
    skipped_dirs: frozenset[str] = frozenset()
    # Whole file names the loader claims before any suffix (``serverless.yml``).
    file_names: frozenset[str] = frozenset()


# Order matters for ties (a ``.json`` file is offered to CloudFormation, then to plans).
_BUILT_IN = (
    LoaderSpec(
        "cloudformation",
        (".yaml", ".yml", ".json", ".template", ".cform"),
        "lambda_lint.loaders.cloudformation:CloudFormationLoader",
        fallback=True,
        # SAM's build output holds copies of the template it built.
        skipped_dirs=frozenset({".aws-sam"}),
    ),
    LoaderSpec(
        "terraform-plan",
        (".json",),
        "lambda_lint.loaders.terraform:PlanLoader",
        fallback=True,
    ),
    LoaderSpec(
        "terraform",
        (".tf.json", ".tf"),
        "lambda_lint.loaders.terraform:ModuleLoader",
        by_directory=True,
        skipped_dirs=frozenset({".terraform"}),  # downloaded modules and providers
    ),
    LoaderSpec(
        "serverless",
        (),
        "lambda_lint.loaders.serverless:ServerlessLoader",
        # The build output of ``serverless package``: the compiled templates of the service.
        skipped_dirs=frozenset({".serverless"}),
        file_names=frozenset({"serverless.yml", "serverless.yaml", "serverless.json"}),
    ),
)
_specs: list[LoaderSpec] = list(_BUILT_IN)
_instances: dict[str, Loader] = {}


def register(loader: type[Loader]) -> None:
    """Add a loader; its name must be new (formats, like rule codes, never silently override)."""
    if any(spec.name == loader.name for spec in _specs):
        raise ValueError(f"a loader named {loader.name!r} is already registered")
    _specs.append(
        LoaderSpec(
            loader.name,
            tuple(loader.suffixes),
            loader,
            loader.fallback,
            loader.by_directory,
            frozenset(loader.skipped_dirs),
            frozenset(loader.file_names),
        )
    )


def unregister(name: str) -> None:
    """Remove a loader registered with :func:`register` (tests, editors reloading a pack)."""
    if any(spec.name == name for spec in _BUILT_IN):
        raise ValueError(f"the built-in loader {name!r} cannot be removed")
    _specs[:] = [spec for spec in _specs if spec.name != name]
    _instances.pop(name, None)


def specs() -> tuple[LoaderSpec, ...]:
    """Every registered loader, in registration order."""
    return tuple(_specs)


def suffixes() -> tuple[str, ...]:
    """Every file-name ending some loader claims (what a directory walk looks at); a whole
    file name claimed is an ending too."""
    endings = (s for spec in _specs for s in (*spec.suffixes, *sorted(spec.file_names)))
    return tuple(dict.fromkeys(endings))


def skipped_dirs() -> frozenset[str]:
    """Folders some loader says never hold its input (build output of other tools)."""
    return frozenset(name for spec in _specs for name in spec.skipped_dirs)


def claimants(name: str, explicit: bool) -> tuple[LoaderSpec, ...]:
    """The loaders to offer a file called ``name``, in the order to try them.

    A loader that claims the whole name (``serverless.yml``) comes first, then the
    loaders of its suffix, which still get a file the first does not recognise. The
    longest matching suffix wins (``x.tf.json`` is a Terraform module file, not a
    template); loaders of equal length are tried in registration order. A file
    the user named with a suffix nobody claims goes to the ``fallback`` loaders,
    which then report it if it does not parse: a gate must not pass it silently.
    """
    by_name = tuple(spec for spec in _specs if name in spec.file_names)
    matching = [
        (max(len(s) for s in spec.suffixes if name.endswith(s)), spec)
        for spec in _specs
        if spec.suffixes and name.endswith(spec.suffixes)
    ]
    if not matching:
        if by_name:
            return by_name
        return tuple(spec for spec in _specs if spec.fallback) if explicit else ()
    longest = max(length for length, _ in matching)
    by_suffix = tuple(spec for length, spec in matching if length == longest)
    return by_name + tuple(spec for spec in by_suffix if spec not in by_name)


def loader(name: str) -> Loader:
    """The loader called ``name``, imported and created on first use."""
    if name not in _instances:
        spec = next((spec for spec in _specs if spec.name == name), None)
        if spec is None:
            raise KeyError(f"no loader named {name!r}")
        target = spec.target
        if isinstance(target, str):
            module, _, attribute = target.partition(":")
            target = getattr(importlib.import_module(module), attribute)
        assert isinstance(target, type) and issubclass(target, Loader)
        _instances[name] = target()
    return _instances[name]


def names(specs_: Iterable[LoaderSpec]) -> tuple[str, ...]:
    """The names of ``specs_`` (what a unit records: it must travel to worker processes)."""
    return tuple(spec.name for spec in specs_)
