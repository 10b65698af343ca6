"""``python bench/gen --out DIR``: write the benchmark workloads (never into the repository)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a folder: find ``gen``

from gen import FORMATS, write_workloads

REPO = Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser(description="write deterministic lambda-lint workloads")
    parser.add_argument("--out", type=Path, help="output folder (default: a new temp folder)")
    parser.add_argument("--sizes", default="1,10,100,1000", help="function counts, comma-separated")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--formats", default=",".join(FORMATS), help="cfn,sam,tf,plan,hcl")
    args = parser.parse_args()
    out = (args.out or Path(tempfile.mkdtemp(prefix="lambda-lint-bench-"))).resolve()
    if out == REPO or REPO in out.parents:
        parser.error(f"--out must be outside the repository ({REPO})")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    for (fmt, size), path in write_workloads(out, sizes, args.seed, formats).items():
        print(f"{fmt:3} {size:5} functions  {path.stat().st_size:>10,} bytes  {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
