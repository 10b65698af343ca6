"""Artifact measurement: exact sizes, no extraction, hostile archives and trees reported."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from lambda_lint.artifacts import ArtifactMeter, Measurement

MB = 1024 * 1024


def measure(path: Path) -> Measurement:
    return ArtifactMeter().measure(path)


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_directory_counts_regular_files_once_per_inode(tmp_path: Path) -> None:
    code = tmp_path / "code"
    (code / "pkg").mkdir(parents=True)
    (code / "app.py").write_bytes(b"x" * 1000)
    (code / "pkg" / "mod.py").write_bytes(b"y" * 234)
    os.link(code / "app.py", code / "hardlink.py")  # same inode: once
    (code / "inside").symlink_to(code / "pkg")  # stays inside: already counted
    outside = sparse(tmp_path / "huge.bin", 900 * MB)
    (code / "outside").symlink_to(outside)  # leaves the artifact: not counted
    (code / "loop").symlink_to(code)  # a loop: cut
    assert measure(code) == Measurement(str(code), "directory", 1234)


def test_sparse_directory_of_300_mb(tmp_path: Path) -> None:
    sparse(tmp_path / "model.bin", 300 * MB)
    assert measure(tmp_path).unzipped == 300 * MB


def test_zip_sums_the_central_directory(tmp_path: Path) -> None:
    path = tmp_path / "code.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.py", b"a" * 4000)
        archive.writestr("b/c.py", b"c" * 96)
    result = measure(path)
    assert (result.kind, result.unzipped, result.zipped) == ("zip", 4096, path.stat().st_size)
    assert result.usable


def test_zip_claiming_terabytes_is_reported_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.bin", b"\0" * 1000)
        archive.filelist[0].file_size = 5 << 40  # the central directory now claims 5 TB
    result = measure(path)
    assert result.unzipped is None
    assert result.problem == (
        "zip declares sizes that cannot be true: an impossible compression ratio (entry a.bin)"
    )


def test_stored_entry_larger_than_its_data_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "forged.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.bin", b"a" * 10)
        archive.filelist[0].file_size = 300 * MB
    assert measure(path).problem == (
        "zip declares sizes that cannot be true: a stored entry larger than its data (entry a.bin)"
    )


def test_corrupt_zip_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 truncated")
    result = measure(path)
    assert (result.kind, result.unzipped) == ("zip", None)
    assert result.problem.startswith("not a readable zip: ")


def test_missing_path(tmp_path: Path) -> None:
    assert measure(tmp_path / "nope") == Measurement(
        str(tmp_path / "nope"), "missing", None, problem="does not exist"
    )


def test_results_are_cached_by_path_size_and_mtime(tmp_path: Path) -> None:
    path = tmp_path / "code.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.py", b"a")
    meter = ArtifactMeter()
    assert meter.measure(path) is meter.measure(path)
