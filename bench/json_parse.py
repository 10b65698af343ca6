"""The JSON parser against ``json.loads`` on the same bytes, in one run (issue 20).

    python bench/json_parse.py [--sizes 1000] [--repeat 5] [FILE ...]

Writes the 1000-function CloudFormation template as JSON and the plan of the same
workload (``bench/gen``, about 19 MB) to a temp folder, or reads the given files,
and prints, per file, the best of ``--repeat`` CPU times (GC paused, as the reader
pauses it) of:

- ``json.loads``: the floor;
- ``parse_json``: what lambda-lint's reader does (the C scanner, the object hook,
  the bracket pass; ``lazy_json``);
- ``+ loader's spans``: parsing, then every span of ``Resources`` (CloudFormation)
  or ``planned_values`` (a plan), roughly what the loaders read;
- ``+ every span``: every span of the document, the most a run could read;
- ``pure-Python parser``: ``marked_json._Parser``, which computed every span while
  parsing (what lambda-lint did before, and still does for what the fast path refuses).

Timings are printed, never asserted; run it on an idle machine.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # ``gen``

from gen import generate

from lambda_lint.parsing.marked_json import _Parser, parse_json
from lambda_lint.parsing.marked_yaml import parse_yaml
from lambda_lint.parsing.nodes import MDict, MList


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(value) for value in node]
    return node


def _every_span(node: Any) -> None:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, MDict):
            _ = item.key_spans, item.value_spans
            stack.extend(item.values())
        elif isinstance(item, MList):
            _ = item.item_spans
            stack.extend(item)


def _loader_spans(root: Any) -> None:
    part = root.get("Resources", root.get("planned_values")) if isinstance(root, dict) else root
    _every_span(part)


def _pure_python(text: str) -> Any:
    parser = _Parser(text)
    return parser.value(parser.skip(0), 0)


def _best(action: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
        gc.enable()
    return min(times)


def _workloads(sizes: list[int], out: Path) -> list[Path]:
    paths = []
    for size in sizes:
        cfn = out / f"cfn-{size:04d}.json"
        template = parse_yaml(generate("cfn", size)).root
        cfn.write_text(json.dumps(_plain(template), indent=2), encoding="utf-8")
        plan = out / f"plan-{size:04d}.tfplan.json"
        plan.write_text(generate("plan", size), encoding="utf-8")
        paths += [cfn, plan]
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--sizes", default="1000", help="function counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lambda-lint-json-") as folder:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        files = args.files or _workloads(sizes, Path(folder))
        print(
            "| file | bytes | json.loads | parse_json | + loader's spans | + every span |"
            " pure-Python parser |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
        for path in files:
            text = path.read_text(encoding="utf-8")
            floor = _best(lambda text=text: json.loads(text), args.repeat)
            cells = [f"{floor * 1000:.0f} ms"]
            for action in (
                lambda text=text: parse_json(text),
                lambda text=text: _loader_spans(parse_json(text).root),
                lambda text=text: _every_span(parse_json(text).root),
                lambda text=text: _pure_python(text),
            ):
                seconds = _best(action, args.repeat)
                cells.append(f"{seconds * 1000:.0f} ms ({seconds / floor:.1f}x)")
            print(f"| {path.name} | {path.stat().st_size:,} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
