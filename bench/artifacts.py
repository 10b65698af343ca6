"""Benchmark: measuring a 300 MB artifact directory of 20,000 small files.

Issue target: well under a second. Files are sparse (apparent size only), so the
benchmark writes no data; the measurement does the same syscalls either way.

    python bench/artifacts.py [--files 20000] [--total-mb 300] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from lambda_lint.artifacts import ArtifactMeter


def build(root: Path, files: int, total: int) -> None:
    size = total // files
    for index in range(files):
        folder = root / f"pkg{index // 500:03d}"
        folder.mkdir(exist_ok=True)
        with (folder / f"m{index:05d}.py").open("wb") as handle:
            handle.truncate(size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--total-mb", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        build(root, args.files, args.total_mb * 1024 * 1024)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = ArtifactMeter().measure(root)  # a new meter: no cache
            times.append(time.perf_counter() - start)
        print(
            f"{args.files:,} files, {result.unzipped:,} bytes: "
            f"median {statistics.median(times) * 1000:.0f} ms, min {min(times) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
