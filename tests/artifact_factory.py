"""Large deployment artifacts made on the spot: sparse files and zips with sparse stored entries.

Nothing big is ever committed. A rule fixture folder may hold an ``artifacts.json``
manifest; the tests copy the folder to a temporary directory and create what it
lists there (paths relative to the folder):

- ``"dir/": {"directory": N}``: a directory holding one sparse file of N bytes;
- ``"x.zip": {"zip": N}``: a valid zip with one stored entry of N bytes (sparse), so
  both its zipped and unzipped sizes are about N;
- ``"x.zip": {"declares": N}``: a zip whose central directory claims N bytes that a
  few hundred stored bytes cannot hold (a forged header, as zip bombs have).
"""

from __future__ import annotations

import json
import shutil
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01


def sparse_file(path: Path, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def _zeros_crc(size: int) -> int:
    crc, chunk = 0, bytes(1 << 20)
    while size > 0:
        crc = zlib.crc32(chunk[: min(size, len(chunk))], crc)
        size -= len(chunk)
    return crc


def sparse_zip(path: Path, size: int, name: str = "blob.bin") -> Path:
    """A valid zip with one stored entry of ``size`` zero bytes, written as a hole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    encoded, crc = name.encode(), _zeros_crc(size)
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, _DOS_DATE, crc, size, size, len(encoded), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50, 20, 20, 0, 0, 0, _DOS_DATE, crc, size, size, len(encoded), 0, 0, 0, 0, 0, 0,
    )  # fmt: skip
    with path.open("wb") as handle:
        handle.write(local + encoded)
        handle.seek(size, 1)
        offset = handle.tell()
        handle.write(central + encoded)
        handle.write(
            struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central + encoded), offset, 0)
        )
    return path


def forged_zip(path: Path, declares: int) -> Path:
    """A small deflated zip whose central directory claims ``declares`` bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.bin", b"\0" * 1000)
        archive.filelist[0].file_size = declares
    return path


def materialize(folder: Path, manifest: dict[str, Any]) -> None:
    for relative, spec in manifest.items():
        target = folder / relative
        if "directory" in spec:
            sparse_file(target / "blob.bin", spec["directory"])
        elif "zip" in spec:
            sparse_zip(target, spec["zip"])
        elif "declares" in spec:
            forged_zip(target, spec["declares"])
        else:
            raise ValueError(f"unknown artifact spec {spec!r} for {relative}")


def prepared_copy(fixture: Path, scratch: Path) -> Path:
    """``fixture`` itself, or its path inside a copy of its folder with the artifacts made."""
    folder = fixture.parent
    manifest = folder / "artifacts.json"
    if not manifest.exists():
        return fixture
    copy = scratch / folder.name
    if not copy.exists():
        shutil.copytree(folder, copy)
        materialize(copy, json.loads(manifest.read_text(encoding="utf-8")))
    return copy / fixture.name
