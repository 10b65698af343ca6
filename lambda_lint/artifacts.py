"""Measure local deployment artifacts (zips and directories) without extracting anything.

A direct upload is at most 52,428,800 bytes zipped, and the function plus all
its layers at most 262,144,000 bytes unzipped (docs/aws-facts.md#direct-upload-zip,
docs/aws-facts.md#unzipped-size-with-layers). A zip's unzipped size is the sum
of the uncompressed sizes its central directory declares (never decompressed); a
directory's is the sum of its regular files, each inode counted once, following
symbolic links only while they stay inside the artifact (loops are cut). Declared
sizes that cannot be true (a zip bomb's terabytes, entries whose ratio no
compressor reaches) are reported, not trusted.
Results are cached per path, size and mtime within a run.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from lambda_lint.model import Code, Package, Stack

# Deflate cannot expand more than ~1032:1; anything beyond is a forged header.
MAX_DEFLATE_RATIO = 1100
# No Lambda artifact legitimately declares more than this (the limit is 250 MB).
ABSURD_UNZIPPED_BYTES = 1 << 40
MAX_ZIP_ENTRIES = 500_000
MAX_DIRECTORY_ENTRIES = 2_000_000


@dataclass(frozen=True, slots=True)
class Measurement:
    """What an artifact weighs; ``problem`` is set when its size cannot be trusted."""

    path: str
    kind: str  # "zip", "directory", "file" or "missing"
    unzipped: int | None
    zipped: int | None = None
    problem: str = ""

    @property
    def usable(self) -> bool:
        return not self.problem and self.unzipped is not None


class ArtifactMeter:
    """Measures artifacts, caching each by (path, size, mtime) for one run."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int, int], Measurement] = {}

    def measure(self, path: Path) -> Measurement:
        try:
            info = path.stat()
        except ValueError as exc:  # a NUL in the path: no file can have that name
            return Measurement(str(path), "missing", None, problem=f"is not a valid path ({exc})")
        except OSError as exc:
            kind = "missing" if isinstance(exc, FileNotFoundError) else "file"
            reason = "does not exist" if kind == "missing" else (exc.strerror or str(exc))
            return Measurement(str(path), kind, None, problem=reason)
        key = (str(path.resolve()), info.st_size, info.st_mtime_ns)
        cached = self._cache.get(key)
        if cached is None:
            if stat.S_ISDIR(info.st_mode):
                cached = _measure_directory(path)
            elif not stat.S_ISREG(info.st_mode):
                # /dev/zero never ends and a named pipe blocks: never opened.
                problem = f"{_file_type(info.st_mode)}, not a regular file or folder"
                return Measurement(str(path), "file", None, problem=problem)
            elif path.suffix.lower() in (".zip", ".jar") or _is_zip(path):
                cached = _measure_zip(path, info.st_size)
            else:
                cached = Measurement(str(path), "file", info.st_size, info.st_size)
            self._cache[key] = cached
        return cached


def _file_type(mode: int) -> str:
    """What a path that is neither a regular file nor a folder is, for messages."""
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _is_zip(path: Path) -> bool:
    import zipfile  # 10 ms of imports, paid only when there is a package to measure

    return zipfile.is_zipfile(path)


def _measure_zip(path: Path, size: int) -> Measurement:
    """Sum the central directory's uncompressed sizes; never decompress."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        return Measurement(str(path), "zip", None, size, f"not a readable zip: {exc}")
    if len(entries) > MAX_ZIP_ENTRIES:
        return Measurement(str(path), "zip", None, size, f"{len(entries):,} entries: not measured")
    total = 0
    for entry in entries:
        declared, stored = entry.file_size, entry.compress_size
        if entry.compress_type == zipfile.ZIP_STORED and declared != stored:
            return _absurd(path, size, entry.filename, "a stored entry larger than its data")
        if stored and declared > stored * MAX_DEFLATE_RATIO:
            return _absurd(path, size, entry.filename, "an impossible compression ratio")
        total += declared
    if total > ABSURD_UNZIPPED_BYTES or total > size * MAX_DEFLATE_RATIO + 1024:
        return _absurd(path, size, "", f"{total:,} bytes declared")
    return Measurement(str(path), "zip", total, size)


def _absurd(path: Path, size: int, entry: str, why: str) -> Measurement:
    where = f" (entry {entry})" if entry else ""
    return Measurement(
        str(path), "zip", None, size, f"zip declares sizes that cannot be true: {why}{where}"
    )


def _measure_directory(root: Path) -> Measurement:
    """Regular files once per inode; symlinks followed only inside ``root``; loops cut."""
    base = os.path.realpath(root)
    prefix = base.rstrip(os.sep) + os.sep
    seen_files: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()
    total = count = 0
    pending = [base]
    while pending:
        directory = pending.pop()
        try:
            info = os.stat(directory)
            if (info.st_dev, info.st_ino) in seen_dirs:
                continue  # a symlink loop or a second link to a directory already counted
            seen_dirs.add((info.st_dev, info.st_ino))
            with os.scandir(directory) as scanner:
                for entry in scanner:
                    count += 1
                    if count > MAX_DIRECTORY_ENTRIES:
                        return Measurement(
                            str(root), "directory", None, problem=f"over {count:,} entries"
                        )
                    try:
                        if entry.is_symlink():
                            target = os.path.realpath(entry.path)
                            if not (target + os.sep).startswith(prefix):
                                continue  # leaves the artifact: not part of what ships
                            entry_info = os.stat(target)
                        else:
                            entry_info = entry.stat(follow_symlinks=False)
                            target = entry.path
                    except OSError:
                        continue
                    if stat.S_ISDIR(entry_info.st_mode):
                        pending.append(target)
                    elif stat.S_ISREG(entry_info.st_mode):
                        identity = (entry_info.st_dev, entry_info.st_ino)
                        if identity not in seen_files:
                            seen_files.add(identity)
                            total += entry_info.st_size
        except OSError as exc:
            # A folder that cannot be listed (or fails while listing) hides files
            # that ship: the total would be a lower bound presented as the size.
            where = os.path.relpath(directory, base)
            folder = "folder" if where == "." else f"folder {where}"
            return Measurement(
                str(root),
                "directory",
                None,
                problem=f"cannot read {folder}: {exc.strerror or exc}",
            )
    return Measurement(str(root), "directory", total)


def attach_packages(
    stack: Stack,
    base: Path,
    meter: ArtifactMeter,
    *,
    report_missing: bool = True,
    source_bytes: int = 0,
) -> Stack:
    """Measure the local code of every function and layer of ``stack``, relative to ``base``.

    ``report_missing`` is off for Terraform plans: their paths are relative to
    wherever ``terraform plan`` ran, which the plan file does not record.
    """
    packages: dict[str, Package] = {}
    owners: list[tuple[str, Code | None]] = [(f.id, f.code) for f in stack.functions.values()]
    owners += [(layer.id, layer.content) for layer in stack.layers.values()]
    for owner, code in owners:
        if code is None or code.inline or not isinstance(code.location.value, str):
            continue
        package = _package(code.location.value, code.build_id, base, meter, report_missing)
        if package is not None:
            packages[owner] = package
    return replace(stack, packages=packages, source_bytes=source_bytes)


def _package(
    written: str, build_id: str, base: Path, meter: ArtifactMeter, report_missing: bool
) -> Package | None:
    """The measured artifact: ``.aws-sam/build/<id>`` when ``sam build`` made one, else the path.

    The built directory holds the installed dependencies too, so it is what ships.
    """
    # Only an alphanumeric logical ID names a folder inside ``.aws-sam/build`` (``/usr``,
    # ``..`` or ``/`` would leave it; the loader reports such IDs).
    if build_id and build_id.isascii() and build_id.isalnum():
        built = base / ".aws-sam" / "build" / build_id
        if built.is_dir():
            return _as_package(meter.measure(built), f".aws-sam/build/{build_id}", built=True)
    path = Path(written)
    measurement = meter.measure(path if path.is_absolute() else base / path)
    if measurement.kind == "missing" or (measurement.kind == "file" and measurement.problem):
        return (
            Package(written, exists=False, problem=measurement.problem) if report_missing else None
        )
    return _as_package(measurement, written)


def _as_package(measurement: Measurement, shown: str, built: bool = False) -> Package:
    zipped = measurement.zipped if measurement.kind == "zip" else None
    return Package(shown, True, measurement.unzipped, zipped, measurement.problem, built)
