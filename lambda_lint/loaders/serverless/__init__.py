"""The Serverless Framework loader: ``serverless.yml`` / ``.yaml`` / ``.json`` services.

Claimed by file name (a service file says so by its name, not by its content), read as
YAML or JSON, its variables resolved (:mod:`.variables`, which also reads the files
``${file(...)}`` names), then written as the CloudFormation template the framework
compiles (:mod:`.template`) and built by the CloudFormation loader's code
(:mod:`.service`). Nothing here is imported by a run without a service file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lambda_lint.loaders.base import FileError, LoadContext, Loaded, Loader, Reading, UnitFiles
from lambda_lint.paths import display_path
from lambda_lint.span import Span

_MARKERS = (b"service", b"provider", b"functions")


def is_service(root: Any) -> bool:
    """A service for AWS: a mapping naming its ``service`` with a ``provider`` or
    ``functions``, whose provider is not another cloud's (``azure``, ``openwhisk``...)."""
    if not (isinstance(root, dict) and "service" in root):
        return False
    if "provider" not in root and "functions" not in root:
        return False
    provider = root.get("provider")
    name = provider.get("name") if isinstance(provider, dict) else provider
    return not isinstance(name, str) or "${" in name or name == "aws"


def _boundary(directory: Path) -> Path:
    """The repository a service lies in (the nearest folder holding ``.git``), which
    ``${file(...)}`` may read from; the service's own folder outside any repository."""
    resolved = directory.resolve()
    for folder in (resolved, *resolved.parents):
        if (folder / ".git").exists():
            return folder
    return resolved


class ServerlessLoader(Loader):
    """Serverless Framework v3 and v4 services (the ``aws`` provider)."""

    name = "serverless"
    suffixes = ()
    file_names = frozenset({"serverless.yml", "serverless.yaml", "serverless.json"})
    skipped_dirs = frozenset({".serverless"})

    def read(self, unit: UnitFiles, context: LoadContext) -> Reading | None:
        from lambda_lint.loaders.documents import document_errors, may_hold_directives
        from lambda_lint.parsing import ParseError

        file = unit.files[0]
        path = display_path(file)
        try:
            doc = context.parse(file)
        except ParseError as exc:
            head = context.head(file)
            if not (file in unit.explicit or any(marker in head for marker in _MARKERS)):
                return None
            span = Span(exc.line, exc.column, exc.end_line, exc.end_column)
            return Reading(path, errors=[FileError(path, exc.message, span, "parse")])
        if not is_service(doc.root):
            return None
        from lambda_lint.loaders.serverless.variables import Variables

        texts = {path: doc.text}

        def read_file(target: Path) -> tuple[Any, str] | None:
            try:
                included = context.parse(target)
            except ParseError:
                return None
            shown = display_path(target)
            texts[shown] = included.text
            return included.root, shown

        variables = Variables(doc.root, file.parent, _boundary(file.parent), read_file)
        content = variables.resolve_tree(doc.root)
        reading = Reading(
            path,
            content=content,
            texts=texts,
            errors=document_errors(doc, path),
            problems=variables.problems,
            package_root=file.parent,
        )
        if context.suppressions and may_hold_directives(doc.text) and not path.endswith(".json"):
            from lambda_lint.suppressions import comment_directives

            reading.directives += comment_directives(doc.text, path)
        return reading

    def build(self, reading: Reading) -> Loaded:
        from lambda_lint.loaders.serverless.service import load_service

        return load_service(reading.content, [])
