"""A loader for formats that are one YAML or JSON document per file.

CloudFormation and SAM templates and Terraform plans are read the same way:
parse the file (bounded), decide from its content whether it is this format,
collect suppression directives and the file-level problems (a second YAML
document, unknown tags). Subclasses say how to recognise their documents and
how to build the model from one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lambda_lint.loaders.base import (
    FileError,
    LoadContext,
    Loaded,
    Loader,
    LoadProblem,
    Reading,
    UnitFiles,
)
from lambda_lint.paths import display_path
from lambda_lint.span import Span

if TYPE_CHECKING:
    from pathlib import Path

    from lambda_lint.parsing import ParsedDocument, ParseError
    from lambda_lint.suppressions import Directive


class DocumentLoader(Loader):
    """One parsed document per unit; subclasses implement the ``document_*`` hooks."""

    def recognises(self, root: Any) -> bool:
        """The parsed document is this format."""
        raise NotImplementedError

    def looks_like(self, head: bytes) -> bool:
        """The first bytes of a file that did not parse suggest it was meant to be ours."""
        raise NotImplementedError

    def document_directives(self, root: Any, path: str) -> list[Directive]:
        """Suppressions written in the document's own structure (``Metadata``...)."""
        return []

    def build_document(self, root: Any) -> Loaded:
        """The model of one recognised document."""
        raise NotImplementedError

    report_missing_packages = True

    def read(self, unit: UnitFiles, context: LoadContext) -> Reading | None:
        """Parse the one file; LL001 when it is broken and was named or looks like ours."""
        file = unit.files[0]
        explicit = file in unit.explicit
        path = display_path(file)
        from lambda_lint.parsing import ParseError

        duplicates: list[ParseError] = []
        try:
            doc = context.parse(file)
        except ParseError as exc:
            recovered = self._last_wins(file, context, exc)
            if recovered is None or not self.recognises(recovered[0].root):
                if not (explicit or self.looks_like(context.head(file))):
                    return None
                span = Span(exc.line, exc.column, exc.end_line, exc.end_column)
                return Reading(path, errors=[FileError(path, exc.message, span, "parse")])
            doc, duplicates = recovered
        if not self.recognises(doc.root):
            return None
        reading = Reading(
            path,
            content=doc.root,
            texts={path: doc.text},
            errors=[*self._duplicate_errors(duplicates, path), *document_errors(doc, path)],
            package_root=file.parent,
            report_missing_packages=self.report_missing_packages,
            source_bytes=utf8_length(doc.text),
        )
        reading.problems += merge_key_problems(doc)
        if context.suppressions and may_hold_directives(doc.text):
            from lambda_lint.suppressions import comment_directives

            if not path.endswith(".json"):  # JSON has no comments
                reading.directives += comment_directives(doc.text, path)
            reading.directives += self.document_directives(doc.root, path)
        return reading

    # What a repeated key means to the format's own tool: None when it rejects the
    # file, else the words for "the last value is used" (CloudFormation: see
    # loaders/duplicates.py); then the file is linted with the last values.
    duplicate_keys_note: str | None = None

    def _last_wins(
        self, file: Path, context: LoadContext, error: ParseError
    ) -> tuple[ParsedDocument, list[ParseError]] | None:
        if self.duplicate_keys_note is None:
            return None
        from lambda_lint.loaders.duplicates import is_duplicate_key, parse_last_wins

        if not is_duplicate_key(error):
            return None
        text = context.read_text(file)
        return parse_last_wins(text, file.name, error) if text else None

    def _duplicate_errors(self, duplicates: list[ParseError], path: str) -> list[FileError]:
        """LL001 for each repeated key, where it is repeated, saying which value is used."""
        return [
            FileError(
                path,
                f"{error.message}; {self.duplicate_keys_note}",
                Span(error.line, error.column, error.end_line, error.end_column),
                "parse",
            )
            for error in duplicates
        ]

    def build(self, reading: Reading) -> Loaded:
        """The model of the document :meth:`read` recognised."""
        return self.build_document(reading.content)


def utf8_length(text: str) -> int:
    """The UTF-8 size of ``text``; an ASCII text (most templates, every plan) is not copied.

    Encoding a 100 MB plan only to measure it would hold a second copy at the peak.
    """
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def may_hold_directives(text: str) -> bool:
    """Whether a file may hold a suppression: every spelling names ``lambda-lint``, unless
    it is written with escapes. Most files hold none, and then the suppression code is
    not even imported."""
    return "lambda-lint" in text or "\\" in text


def document_errors(doc: ParsedDocument, path: str) -> list[FileError]:
    """What makes a parsed file not one clean document: LL001 each."""
    errors: list[FileError] = []
    if doc.later_document is not None:
        message = (
            "a second YAML document starts here; CloudFormation reads a template file as "
            "one document (only the first is checked)"
        )
        errors.append(FileError(path, message, doc.later_document, "documents"))
    for tag, span in doc.unknown_tags:
        message = f"unknown tag {tag}: CloudFormation supports only its intrinsic function tags"
        errors.append(FileError(path, message, span, f"tag:{tag}"))
    return errors


def merge_key_problems(doc: ParsedDocument) -> list[LoadProblem]:
    """YAML merge keys were resolved while parsing; CloudFormation itself would not."""
    message = (
        "YAML merge key '<<': CloudFormation does not resolve merge keys (only tools "
        "that rewrite the template first, such as the SAM CLI or `aws cloudformation "
        "package`, do); checked with the merged keys"
    )
    return [LoadProblem(message, span, "merge-key") for span in doc.merge_keys]


def is_wrapped(root: Any, recognises: Callable[[Any], bool]) -> bool:
    """A list holding a document of this format (a stray ``- `` in front of it)."""
    from lambda_lint.parsing import MList

    return isinstance(root, MList) and any(recognises(item) for item in root)


def wrapped(root: Any) -> Loaded:
    """Neither CloudFormation nor Terraform deploys a document inside a list, and
    skipping it would pass it as clean: an empty model and a problem (LL006)."""
    from lambda_lint.loaders.problems import LoadProblem
    from lambda_lint.model import Stack

    message = (
        "the file is a list holding a template; CloudFormation and Terraform read a "
        "template only as a mapping at the top level"
    )
    return Loaded(Stack(), [LoadProblem(message, root.span, "wrapped")])
