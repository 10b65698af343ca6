"""Loaders: every format lambda-lint reads, behind one interface.

Format spellings live only in this package and in ``parsing``
(docs/design.md#boundaries). A loader is a :class:`Loader` subclass that claims
file names, reads a unit of files and builds the model from it; :func:`register`
adds one. See ``base`` for the interface and
``registry`` for how files are matched to loaders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lambda_lint.loaders.base import (
    FileError,
    LoadContext,
    Loaded,
    Loader,
    Reading,
    UnitFiles,
)
from lambda_lint.loaders.problems import LoadProblem
from lambda_lint.loaders.registry import loader, register, unregister

if TYPE_CHECKING:
    from lambda_lint.model import Stack


def load_document(name: str, root: Any) -> tuple[Stack, list[LoadProblem]]:
    """The model of one parsed document by the loader called ``name`` (tests, tools)."""
    from lambda_lint.loaders.documents import DocumentLoader

    chosen = loader(name)
    if not isinstance(chosen, DocumentLoader):
        raise TypeError(f"the {name} loader does not read single documents")
    loaded = chosen.build_document(root)
    return loaded.stack, list(loaded.problems)


__all__ = [
    "FileError",
    "LoadContext",
    "LoadProblem",
    "Loaded",
    "Loader",
    "Reading",
    "UnitFiles",
    "load_document",
    "loader",
    "register",
    "unregister",
]
