"""Read a file's bytes, decode them and pick the YAML or JSON parser."""

from __future__ import annotations

import gc
import os
import stat
from pathlib import Path

from lambda_lint.defaults import DEFAULT_MAX_BYTES
from lambda_lint.lines import line_starts
from lambda_lint.parsing.errors import ParseError
from lambda_lint.parsing.nodes import ParsedDocument

_YAML_SUFFIXES = (".yaml", ".yml")
_JSON_ONLY_SUFFIXES = (".tf.json", ".tfvars.json")


def decode(data: bytes) -> str:
    """Decode file bytes as UTF-8 (BOM allowed) or BOM-marked UTF-16/32."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return _decode_or_fail(data, "utf-32")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_or_fail(data, "utf-16")
    if b"\x00" in data[:8192]:
        raise ParseError("binary file (contains NUL bytes); not a template")
    return _decode_or_fail(data, "utf-8")


def _decode_or_fail(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            raise ParseError(f"invalid {encoding.upper()}: {exc.reason}") from None
        before = data[: exc.start].decode("utf-8")  # valid up to the error
        starts = line_starts(before)
        line = len(starts)
        column = len(before) - starts[-1] + 1  # characters, as every other span counts
        raise ParseError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x}): {exc.reason}", line, column
        ) from None


def parse_text(text: str, name: str = "", source: str = "") -> ParsedDocument:
    """Parse decoded text, as JSON when it looks like JSON, else as YAML.

    Terraform reads ``*.tf.json`` and ``*.tfvars.json`` only as JSON, so they are
    never read as YAML (which would accept what Terraform rejects).

    ``source`` stamps JSON spans with their file (Terraform modules span files).
    """
    if not text.strip():
        raise ParseError("empty file", 1, 1, 1, 1)
    # Each parser is imported when first needed: PyYAML alone takes ~25 ms to import.
    if name.endswith(_JSON_ONLY_SUFFIXES) or (
        not name.endswith(_YAML_SUFFIXES) and text.lstrip()[:1] in ("{", "[")
    ):
        from lambda_lint.parsing.marked_json import parse_json

        def parse(text: str) -> ParsedDocument:
            return parse_json(text, source)
    else:
        from lambda_lint.parsing.marked_yaml import parse_yaml as parse
    # The collector would rescan the growing tree again and again
    # (docs/design.md#performance); nothing here creates cycles, so pause it while building.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return parse(text)
    finally:
        if enabled:
            gc.enable()


def parse_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, source: str = "") -> ParsedDocument:
    """Read and parse ``path``; every failure is a :class:`ParseError`."""
    return parse_text(decode(read_bytes(path, max_bytes)), path.name, source)


_NOT_REGULAR = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
# Open without blocking: opening a named pipe for reading waits for a writer otherwise.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; anything else is a ParseError.

    Pipes and devices are refused before anything is read (``/dev/zero`` never
    ends, a pipe blocks), and the read itself is bounded, so a file that grows
    or reports no size (``/proc``) still cannot exhaust memory.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if isinstance(exc, (PermissionError, IsADirectoryError)) and path.is_dir():
            raise ParseError(f"cannot read directory: {exc.strerror or exc}") from None
        raise ParseError(f"cannot read file: {exc.strerror or exc}") from None
    try:
        status = os.fstat(fd)
        for test, kind in _NOT_REGULAR:
            if test(status.st_mode):
                raise ParseError(f"not a regular file ({kind}); not a template")
        if status.st_size > max_bytes:
            raise _too_big(f"{status.st_size:,} bytes", max_bytes)
        data = _read_bounded(fd, status.st_size, max_bytes + 1)
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew, or reports no size (``/proc``)
        raise _too_big(f"more than {max_bytes:,} bytes", max_bytes)
    return data


def bounded(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Bytes that did not come from a file (standard input, an editor's buffer), held to
    the cap a file is held to."""
    if len(data) > max_bytes:
        raise _too_big(f"more than {max_bytes:,} bytes", max_bytes)
    return data


_CHUNK = 1024 * 1024


def _read_bounded(fd: int, size: int, limit: int) -> bytes:
    """At most ``limit`` bytes of ``fd``, allocating no more than it holds.

    The first read asks for the reported size plus one byte (which shows whether
    the file grew); a file that reports no size, or grew, is read on in chunks.
    Buffers are sized by what is there, not by the cap: a 200-byte file never
    costs 100 MiB of address space.
    """
    chunks: list[bytes] = []
    total = 0
    want = min(size + 1, limit) if size > 0 else min(_CHUNK, limit)
    while total < limit:
        chunk = os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = min(_CHUNK, limit - total)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_big(size: str, max_bytes: int) -> ParseError:
    return ParseError(f"file is {size}, over the {max_bytes:,}-byte limit (--max-file-size)")
