"""Read a file's bytes, decode them and pick the YAML or JSON parser."""

from __future__ import annotations

import gc
from pathlib import Path

from lambda_lint.parsing.errors import ParseError
from lambda_lint.parsing.marked_json import parse_json
from lambda_lint.parsing.marked_yaml import parse_yaml
from lambda_lint.parsing.nodes import ParsedDocument

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
_YAML_SUFFIXES = (".yaml", ".yml")


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
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise ParseError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x}): {exc.reason}", line, column
        ) from None


def parse_text(text: str, name: str = "", source: str = "") -> ParsedDocument:
    """Parse decoded text, as JSON when it looks like JSON, else as YAML.

    ``source`` stamps JSON spans with their file (Terraform modules span files).
    """
    if not text.strip():
        raise ParseError("empty file")
    if not name.endswith(_YAML_SUFFIXES) and text.lstrip()[:1] in ("{", "["):

        def parse(text: str) -> ParsedDocument:
            return parse_json(text, source)
    else:
        parse = parse_yaml
    # The collector would rescan the growing tree again and again (DESIGN.md:
    # performance); nothing here creates cycles, so pause it while building.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return parse(text)
    finally:
        if enabled:
            gc.enable()


def parse_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, source: str = "") -> ParsedDocument:
    """Read and parse ``path``; every failure is a :class:`ParseError`."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ParseError(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror or exc}") from None
    return parse_text(decode(data), path.name, source)
