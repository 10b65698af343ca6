"""The Loader interface: what a format must provide to join the pipeline.

A loader turns one *unit* (a template, a plan, a Terraform module directory...)
into the model. It works in two steps so the engine can keep what the first step
found when the second one fails:

1. :meth:`Loader.read` parses the unit's files and decides whether they are this
   format at all (``None``: not ours, skipped without a finding). It returns a
   :class:`Reading`: the files' texts, the suppression directives written in them,
   the files that could not be read or parsed (LL001), and whatever the loader
   needs to build the model (``content``).
2. :meth:`Loader.build` builds the :class:`~lambda_lint.model.Stack` from that
   reading, with the problems found on the way (LL006). A crash here is a loader
   bug: the engine reports it (LL002) and keeps what ``read`` found.

Registration and discovery (which file names a loader claims, whether it groups
a directory into one unit) live in :mod:`lambda_lint.loaders`. Nothing outside
``loaders/`` and ``parsing/`` knows a format.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from lambda_lint.loaders.problems import LoadProblem
from lambda_lint.span import Span

if TYPE_CHECKING:
    from lambda_lint.model import Stack
    from lambda_lint.parsing import ParsedDocument, ParseError
    from lambda_lint.suppressions import Directive

__all__ = [
    "FileError",
    "LoadContext",
    "LoadProblem",
    "Loaded",
    "Loader",
    "Reading",
    "UnitFiles",
]


class FileError(NamedTuple):
    """A file that could not be read or parsed, or is not one document: LL001.

    ``key`` is the fingerprint key ("parse", "documents", "tag:!Foo"): stable
    whatever the message says.
    """

    path: str
    message: str
    span: Span
    key: str


class UnitFiles(NamedTuple):
    """The files of one unit as the loader sees them.

    ``files`` are the paths discovery found (or the user gave) for this unit;
    ``explicit`` those the user named, which must parse. A ``by_directory``
    loader lists the directory itself for the siblings it also needs.
    """

    files: tuple[Path, ...]
    explicit: frozenset[Path]


class Reading:
    """What :meth:`Loader.read` found in a unit's files, before the model is built.

    A plain class rather than a dataclass: it is created once per unit and its module
    is imported by every run, where a dataclass costs a noticeable part of start-up.
    """

    __slots__ = (
        "content",
        "debug",
        "directives",
        "errors",
        "files",
        "package_root",
        "primary",
        "problems",
        "report_missing_packages",
        "reported",
        "source_bytes",
        "texts",
    )

    def __init__(
        self,
        primary: str,
        *,
        content: Any = None,
        errors: list[FileError] | None = None,
        problems: list[LoadProblem] | None = None,
        directives: list[Directive] | None = None,
        texts: dict[str, str] | None = None,
        debug: list[str] | None = None,
        reported: frozenset[str] | None = None,
        files: int = 1,
        package_root: Path = Path("."),
        report_missing_packages: bool = True,
        source_bytes: int = 0,
    ) -> None:
        # Display path of findings that belong to no file of their own (LL002, LL006).
        self.primary = primary
        # The loader's own parsed input for ``build``; None: nothing to build.
        self.content = content
        self.errors = errors if errors is not None else []
        # Problems visible before the model is built (a YAML merge key): LL006, like
        # ``build``'s.
        self.problems = problems if problems is not None else []
        self.directives = directives if directives is not None else []
        self.texts = texts if texts is not None else {}  # display path -> source text
        self.debug = debug if debug is not None else []
        # Display paths whose findings are reported (a module's siblings are loaded, not
        # reported); None: every finding is.
        self.reported = reported
        self.files = files  # how many files the summary counts as checked
        # Where local package paths (``CodeUri: src/``) are relative to.
        self.package_root = package_root
        # A missing local package is a finding (False for plans: the path is the runner's).
        self.report_missing_packages = report_missing_packages
        self.source_bytes = source_bytes  # the template's own size, for the inline-code limit


class Loaded(NamedTuple):
    """What :meth:`Loader.build` made: the model and the problems found on the way."""

    stack: Stack
    problems: Sequence[LoadProblem] = ()


class LoadContext:
    """Services a loader gets from the engine: bounded, cached parsing.

    One unit may be offered to several loaders that claim the same file name (a
    ``.json`` file may be a template or a plan): the context parses each file once.
    ``buffers`` hold unsaved contents (standard input, an editor's buffer) by absolute
    path: a loader reads them through the context as if they were on disk, so a module
    buffer is linted with its siblings from disk.
    """

    def __init__(
        self,
        max_file_size: int,
        suppressions: bool = True,
        buffers: Mapping[str, bytes] | None = None,
    ) -> None:
        self.max_file_size = max_file_size
        self.suppressions = suppressions  # False: do not collect directives (audit mode)
        self.buffers: Mapping[str, bytes] = buffers or {}
        self._parsed: dict[tuple[Path, str], ParsedDocument | ParseError] = {}

    def read_bytes(self, path: Path) -> bytes:
        """The bytes of ``path`` (its buffer, when it has one), within ``max_file_size``;
        raises :class:`~lambda_lint.parsing.ParseError`."""
        from lambda_lint.parsing.reader import bounded, read_bytes

        if self.buffers:
            buffer = self.buffers.get(os.path.abspath(path))
            if buffer is not None:
                return bounded(buffer, self.max_file_size)
        return read_bytes(path, self.max_file_size)

    def parse(self, path: Path, source: str = "") -> ParsedDocument:
        """``path`` parsed as YAML or JSON (raises :class:`~lambda_lint.parsing.ParseError`)."""
        from lambda_lint.parsing import ParseError, parse_text
        from lambda_lint.parsing.reader import decode

        key = (path, source)
        if key not in self._parsed:
            try:
                text = decode(self.read_bytes(path))
                self._parsed[key] = parse_text(text, path.name, source)
            except ParseError as exc:
                self._parsed[key] = exc
        found = self._parsed[key]
        if isinstance(found, ParseError):
            raise found
        return found

    def read_text(self, path: Path) -> str:
        """A file's decoded text, read as safely as a template; ``""`` when unreadable."""
        from lambda_lint.parsing import ParseError
        from lambda_lint.parsing.reader import decode

        try:
            return decode(self.read_bytes(path))
        except ParseError:
            return ""

    def head(self, path: Path, size: int = 65536) -> bytes:
        """The first ``size`` bytes of a file (for sniffing), ``b""`` when unreadable."""
        buffer = self.buffers.get(os.path.abspath(path)) if self.buffers else None
        if buffer is not None:
            return buffer[:size]
        try:
            with path.open("rb") as handle:
                return handle.read(size)
        except OSError:
            return b""


class Loader:
    """Base class of every format loader; subclasses set the class attributes.

    ``name`` appears in messages ("the terraform loader crashed"). ``suffixes``
    are the file-name endings the loader claims; when several loaders claim a
    file, the longest matching suffix wins and ties go in registration order,
    each loader in turn until one says the file is its format. ``fallback``
    loaders are also offered files the user named whatever their suffix.
    ``by_directory``: every claimed file of one directory forms one unit (a
    Terraform module). ``skipped_dirs`` are folders a directory walk never enters
    (another tool's build output).
    """

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]
    fallback: ClassVar[bool] = False
    by_directory: ClassVar[bool] = False
    skipped_dirs: ClassVar[frozenset[str]] = frozenset()

    def read(self, unit: UnitFiles, context: LoadContext) -> Reading | None:
        """Parse the unit's files; None when they are not this format."""
        raise NotImplementedError

    def build(self, reading: Reading) -> Loaded:
        """Build the model from what :meth:`read` returned (``reading.content``)."""
        raise NotImplementedError
