"""Benchmark lambda-lint against cfn-lint, in one run, on generated workloads.

    python bench/run.py [--sizes 1,10,100,1000] [--repeat 3] [--quick] [--json FILE]

Writes the workloads (``bench/gen``) to a temp folder, then for every repeat and
size runs lambda-lint and cfn-lint (alternating which goes first) on the same
CloudFormation template, and lambda-lint on the SAM, Terraform JSON, HCL and plan
renderings; then all five renderings of the largest size in one run with
``--jobs 1`` and ``--jobs 2``, ``lambda-lint --version``, a one-template run (bytecode
cached, then from a fresh copy of the package without any), the whole shared corpus
(``--jobs 1`` and ``2``), and the floor: libyaml composing, ``json.loads`` or tree-sitter
parsing the same bytes in-process. Prints one Markdown table per section: medians of wall
and CPU time (user + system of the child), peak RSS of the child; the number of
rules each tool runs. Timings are never asserted: they depend on the machine and on
what else runs on it (the header says both).

Both tools run with their bytecode cached in a private folder, after one untimed
warm-up run of each (see ``timing.cached_bytecode_env``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from gen import planted_findings, write_workloads
from timing import (
    BenchFailure,
    Sample,
    bytecode_in,
    cached_bytecode_env,
    cfn_lint_command,
    check_cfn_lint,
    check_lambda_lint,
    compose_seconds,
    fresh_copy,
    lambda_lint_command,
    loads_seconds,
    median,
    run,
    tree_sitter_seconds,
    uncached_command,
    uncached_env,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
FORMATS = {
    "cfn": "CloudFormation",
    "sam": "SAM",
    "tf": "Terraform JSON",
    "plan": "Terraform plan (`show -json`)",
    "hcl": "Terraform HCL",
}
ALONE = ("sam", "tf", "plan", "hcl")


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _s(seconds: float) -> str:
    if seconds < 0.01:  # an in-process floor on a small file
        return f"{seconds * 1000:.2f} ms"
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def _mb(samples: list[Sample]) -> str:
    return f"{max(s.rss_mb for s in samples):.0f} MB"


def _wall(samples: list[Sample]) -> float:
    return median([s.wall for s in samples])


def _cpu(samples: list[Sample]) -> float:
    return median([s.cpu for s in samples])


def _summary(sample: Sample) -> dict[str, Any]:
    """The ``--format json`` summary (files checked and skipped, findings)."""
    summary: dict[str, Any] = json.loads(sample.stdout)["summary"]
    return summary


class Bench:
    """The state of one run: commands, workloads, samples and the tables printed."""

    def __init__(self, args: argparse.Namespace, out: Path, bytecode: Path, copy: Path) -> None:
        self.args = args
        self.out = out
        self.copy = copy
        self.env = cached_bytecode_env(bytecode)
        self.ll = lambda_lint_command()
        self.cfn = cfn_lint_command()
        self.paths: dict[tuple[str, int], Path] = {}
        self.bytes: dict[tuple[str, int], int] = {}
        self.samples: dict[str, list[Sample]] = {}
        self.raw: dict[str, Any] = {}
        self.problems: list[str] = []
        self.rules: dict[str, str] = {}

    def _record(self, key: str, sample: Sample) -> None:
        self.samples.setdefault(key, []).append(sample)

    def _lint(self, key: str, path: Path) -> None:
        sample = run([*self.ll, str(path.relative_to(self.out))], self.out, self.env)
        check_lambda_lint(sample, str(path))
        self._record(key, sample)

    def _cfn_lint(self, key: str, path: Path) -> None:
        sample = run([*self.cfn, str(path.relative_to(self.out))], self.out, self.env)
        check_cfn_lint(sample, str(path))
        self._record(key, sample)

    def warm_up(self) -> None:
        """Untimed: one run of each tool on each format fills the bytecode cache."""
        size = min(self.args.sizes)
        for fmt in FORMATS:
            self._lint("warm-up", self.paths[(fmt, size)])
        self._cfn_lint("warm-up", self.paths[("cfn", size)])
        del self.samples["warm-up"]

    def workloads(self) -> None:
        self.paths = write_workloads(self.out, self.args.sizes, self.args.seed)
        self.bytes = {key: path.stat().st_size for key, path in self.paths.items()}

    def interleaved(self) -> None:
        """Every repeat: each size, lambda-lint and cfn-lint on one file (order alternates)."""
        for rep in range(self.args.repeat):
            for size in self.args.sizes:
                cfn = self.paths[("cfn", size)]
                pair: list[tuple[Callable[[str, Path], None], str]] = [
                    (self._lint, f"cfn/{size}/lambda-lint"),
                    (self._cfn_lint, f"cfn/{size}/cfn-lint"),
                ]
                for measure, key in pair if rep % 2 == 0 else reversed(pair):
                    measure(key, cfn)
                for fmt in ALONE:
                    self._lint(f"{fmt}/{size}/lambda-lint", self.paths[(fmt, size)])
                print(f"  repeat {rep + 1}/{self.args.repeat}: {size} functions", file=sys.stderr)

    def verify(self) -> dict[tuple[str, int], str]:
        """Once, untimed: lambda-lint must report exactly the planted findings."""
        status: dict[tuple[str, int], str] = {}
        for (fmt, size), path in sorted(self.paths.items()):
            command = [*self.ll, "--format", "json", str(path.relative_to(self.out))]
            sample = run(command, self.out, self.env)
            check_lambda_lint(sample, str(path))
            found = sorted(
                (f["rule"], f["resource"]) for f in json.loads(sample.stdout)["findings"]
            )
            expected = planted_findings(fmt, size, self.args.seed)
            if found == expected:
                status[(fmt, size)] = f"{len(found)} (as planted)"
            else:
                status[(fmt, size)] = f"{len(found)} (PLANTED {len(expected)})"
                self.problems.append(f"{fmt} {size}: found {found}, planted {expected}")
        return status

    def cfn_table(self, status: dict[tuple[str, int], str]) -> str:
        rows = []
        for size in self.args.sizes:
            ll = self.samples[f"cfn/{size}/lambda-lint"]
            cf = self.samples[f"cfn/{size}/cfn-lint"]
            ll_s, cf_s = _wall(ll), _wall(cf)
            rows.append(
                [
                    str(size),
                    f"{self.bytes[('cfn', size)] / 1024:,.0f} KB",
                    _s(ll_s),
                    _s(_cpu(ll)),
                    f"{ll_s / size * 1000:.1f} ms",
                    _mb(ll),
                    _s(cf_s),
                    _s(_cpu(cf)),
                    _mb(cf),
                    f"**{cf_s / ll_s:.1f}x**",
                    f"{_cpu(cf) / _cpu(ll):.1f}x",
                    status[("cfn", size)],
                ]
            )
        header = ["functions", "template", "lambda-lint", "CPU", "per function", "RSS"]
        header += ["cfn-lint", "CPU", "RSS", "cfn-lint / lambda-lint", "(CPU)"]
        return _table([*header, "lambda-lint findings"], rows)

    def alone_table(self, status: dict[tuple[str, int], str]) -> str:
        rows = []
        for fmt in ALONE:
            for size in self.args.sizes:
                samples = self.samples[f"{fmt}/{size}/lambda-lint"]
                wall = _wall(samples)
                size_bytes = self.bytes[(fmt, size)]
                floor = self._floor(fmt, size)
                rss = max(s.rss_mb for s in samples)
                rows.append(
                    [
                        FORMATS[fmt],
                        str(size),
                        f"{size_bytes / 1024:,.0f} KB",
                        _s(wall),
                        _s(_cpu(samples)),
                        f"{wall / size * 1000:.1f} ms",
                        _mb(samples),
                        f"{rss * 1024 * 1024 / size_bytes:.1f}x",
                        f"{_s(floor)} ({wall / floor:.0f}x)",
                        status[(fmt, size)],
                    ]
                )
        header = ["format", "functions", "file", "lambda-lint", "CPU", "per function", "RSS"]
        header += ["RSS / file", "floor (lambda-lint / floor)", "findings"]
        return _table(header, rows)

    def _floor(self, fmt: str, size: int) -> float:
        """In-process parse of the same bytes, GC paused: libyaml for YAML, json.loads for JSON,
        the bare tree-sitter parse for HCL."""
        data = self.paths[(fmt, size)].read_bytes()
        runs = max(3, self.args.repeat)
        if fmt == "hcl":
            seconds = median(tree_sitter_seconds(data, runs))
        elif fmt in ("tf", "plan"):
            seconds = median(loads_seconds(data, runs))
        else:
            seconds = median(compose_seconds(data, runs, pause_gc=True))
        self.raw.setdefault("floor", {})[f"{fmt}/{size}"] = seconds
        return seconds

    def jobs_table(self) -> str:
        """All five renderings of the largest size in one run: one process, then two."""
        size = max(self.args.sizes)
        files = [
            # A Terraform module is its folder.
            str(Path(path).parent) if fmt in ("tf", "hcl") else path
            for fmt in FORMATS
            for path in [str(self.paths[(fmt, size)].relative_to(self.out))]
        ]
        rows = []
        for jobs in (1, 2):
            key = f"jobs/{size}/{jobs}"
            for _ in range(self.args.repeat):
                command = [*self.ll, "--format", "json", "--jobs", str(jobs), *files]
                sample = run(command, self.out, self.env)
                check_lambda_lint(sample, " ".join(files))
                self._record(key, sample)
            samples = self.samples[key]
            summary = _summary(samples[-1])
            rows.append(
                [
                    f"`--jobs {jobs}`",
                    str(summary["files_checked"]),
                    str(self.args.repeat),
                    _s(_wall(samples)),
                    _s(_cpu(samples)),
                    _mb(samples),
                    str(summary["findings"]),
                ]
            )
        header = ["lambda-lint on the five renderings", "files linted", "runs", "median"]
        return _table([*header, "CPU", "RSS", "findings"], rows)

    def startup_table(self) -> str:
        runs = self.args.startup_runs
        one = self.paths[("cfn", min(self.args.sizes))]
        shown = one.relative_to(self.out).as_posix()
        sections = [
            ("startup/python", "`python -c pass` (the interpreter alone, for reference)"),
            ("startup/version", "`lambda-lint --version`"),
            ("startup/one-template", f"`lambda-lint {shown}`"),
        ]
        label = f"`lambda-lint {shown}`, lambda-lint's bytecode not cached (a fresh copy, `-B`)"
        sections.append(("startup/one-template-uncached", label))
        copy = fresh_copy(self.copy)
        fresh = uncached_env(copy)
        where = (
            "import lambda_lint, lambda_lint.rules as r; print(lambda_lint.__file__, r.__file__)"
        )
        imported = run([sys.executable, "-B", "-c", where], self.out, fresh).stdout.split()
        if len(imported) != 2 or not all(Path(p).is_relative_to(copy) for p in imported):
            raise BenchFailure(f"the fresh copy in {copy} is not what Python imports: {imported}")
        for _ in range(runs):
            python = run([sys.executable, "-c", "pass"], self.out, self.env)
            self._record("startup/python", python)
            version = run([*self.ll, "--version"], self.out, self.env)
            check_lambda_lint(version, "--version")
            self._record("startup/version", version)
            self._lint("startup/one-template", one)
            uncached = run([*uncached_command(), str(one.relative_to(self.out))], self.out, fresh)
            check_lambda_lint(uncached, str(one))
            self._record("startup/one-template-uncached", uncached)
        if bytecode_in(copy):
            raise BenchFailure(f"bytecode was written into the fresh copy: {bytecode_in(copy)}")
        rows = []
        for key, label in sections:
            samples = self.samples[key]
            walls = [s.wall for s in samples]
            row = [label, str(runs), _s(median(walls)), _s(min(walls)), _s(_cpu(samples))]
            rows.append([*row, _mb(samples)])
        return _table(["command", "runs", "median", "min", "CPU", "RSS"], rows)

    def corpus_table(self) -> str:
        corpus = SHARED / "corpus"
        if not corpus.is_dir():
            return f"_skipped: {corpus.as_posix()} is absent (the shared folder beside the repo)_"
        relative = os.path.relpath(corpus, REPO)
        runs = max(1, min(self.args.repeat, 3))
        present = sum(1 for p in corpus.rglob("*") if p.is_file())
        rows = []
        for jobs in (1, 2):
            key = f"corpus/jobs{jobs}"
            command = [*self.ll, relative, "--exit-zero", "--format", "json", "--jobs", str(jobs)]
            for _ in range(runs):
                sample = run(command, REPO, self.env)
                check_lambda_lint(sample, relative)
                self._record(key, sample)
            samples = self.samples[key]
            summary = _summary(samples[-1])
            rows.append(
                [
                    f"`lambda-lint {relative} --jobs {jobs}`",
                    f"{summary['files_checked']:,}",
                    f"{summary['files_skipped']:,}",
                    str(runs),
                    _s(_wall(samples)),
                    _s(_cpu(samples)),
                    _mb(samples),
                    f"{summary['findings']:,}",
                ]
            )
        self.raw["corpus_files_present"] = present
        header = ["command", "files linted", "skipped", "runs", "median", "CPU", "RSS"]
        table = _table([*header, "findings"], rows)
        return (
            f"{table}\n\n{present:,} files in the folder; only the linted ones are counted above."
        )

    def floor_table(self) -> str:
        rows = []
        runs = max(3, self.args.repeat)
        for size in self.args.sizes:
            data = self.paths[("cfn", size)].read_bytes()
            paused = median(compose_seconds(data, runs, pause_gc=True))
            running = median(compose_seconds(data, runs, pause_gc=False))
            self.raw.setdefault("floor", {})[str(size)] = {"gc_paused": paused, "gc_on": running}
            ll = median([s.wall for s in self.samples[f"cfn/{size}/lambda-lint"]])
            rows.append(
                [
                    str(size),
                    f"{len(data) / 1024:,.0f} KB",
                    _s(paused),
                    _s(running),
                    _s(ll),
                    f"**{ll / paused:.1f}x**",
                ]
            )
        header = ["functions", "bytes", "floor (GC paused)", "floor (GC on)", "lambda-lint"]
        return _table([*header, "lambda-lint / floor"], rows)

    def count_rules(self) -> None:
        """How many rules each tool has, and how many it runs by default."""
        listed = run([*self.ll, "rules", "--format", "json"], self.out, self.env)
        check_lambda_lint(listed, "rules --format json")
        rules = json.loads(listed.stdout)
        on = sum(1 for rule in rules if rule.get("enabled_by_default"))
        self.rules["lambda-lint"] = f"{len(rules)} rules ({on} enabled by default, all run here)"
        cfn = run([*self.cfn, "--list-rules"], self.out, self.env).stdout
        codes = re.findall(r"^([EWI])\d+:", cfn, flags=re.MULTILINE)
        if codes:
            by = {kind: codes.count(kind) for kind in "EWI"}
            self.rules["cfn-lint"] = (
                f"{len(codes)} rules listed ({by['E']} E, {by['W']} W, {by['I']} I); by default "
                f"it runs the {by['E'] + by['W']} E and W rules (I only with --include-checks I)"
            )
        else:
            self.rules["cfn-lint"] = "unknown (cfn-lint --list-rules printed no rule)"

    def dump_json(self, path: Path, machine: dict[str, Any]) -> None:
        samples = {
            key: [
                {"wall": s.wall, "cpu": s.cpu, "rss_mb": s.rss_mb, "exit": s.code} for s in values
            ]
            for key, values in self.samples.items()
        }
        files = {f"{fmt}/{size}": size_bytes for (fmt, size), size_bytes in self.bytes.items()}
        doc = {"machine": machine, "files": files, "samples": samples, "rules": self.rules}
        doc.update(self.raw)
        path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def _machine(bench: Bench) -> dict[str, Any]:
    version = run([*bench.ll, "--version"], bench.out, bench.env).stdout.strip()
    cfn_version = run([*bench.cfn, "--version"], bench.out, bench.env).stdout.strip()
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
        "lambda_lint": version,
        "cfn_lint": cfn_version,
        "lambda_lint_command": " ".join(bench.ll),
        "cfn_lint_command": " ".join(bench.cfn),
        "bytecode": "cached for both tools (private PYTHONPYCACHEPREFIX, one warm-up run each)",
    }


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="function counts (default 1,10,100,1000; quick: 1,10,100)")
    parser.add_argument("--repeat", type=int, help="timed runs per measurement (default 3)")
    parser.add_argument("--quick", action="store_true", help="sizes up to 100 (still 3 repeats)")
    parser.add_argument("--seed", type=int, default=0, help="workload seed (default 0)")
    parser.add_argument("--json", type=Path, help="also write the raw samples to this file")
    parser.add_argument("--out", type=Path, help="keep the workloads in this folder")
    args = parser.parse_args(argv)
    default_sizes = "1,10,100" if args.quick else "1,10,100,1000"
    args.sizes = sorted({int(s) for s in (args.sizes or default_sizes).split(",") if s.strip()})
    args.repeat = args.repeat or 3
    args.startup_runs = 5 if args.quick else 10
    if args.out is not None:
        out = args.out.resolve()
        if out == REPO or REPO in out.parents:
            parser.error("--out must be outside the repository")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    out = args.out.resolve() if args.out else Path(tempfile.mkdtemp(prefix="lambda-lint-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    bytecode = Path(tempfile.mkdtemp(prefix="lambda-lint-bench-pyc-"))
    copy = Path(tempfile.mkdtemp(prefix="lambda-lint-bench-fresh-"))
    bench = Bench(args, out, bytecode, copy)
    try:
        machine = _machine(bench)
        print(f"workloads in {out}", file=sys.stderr)
        bench.workloads()
        bench.warm_up()
        bench.interleaved()
        status = bench.verify()
        bench.count_rules()
        largest = max(args.sizes)
        sections = [
            ("lambda-lint vs cfn-lint, same CloudFormation template", bench.cfn_table(status)),
            ("lambda-lint alone on SAM, Terraform JSON, plans and HCL", bench.alone_table(status)),
            (f"Five renderings of {largest} functions in one run", bench.jobs_table()),
            ("Start-up", bench.startup_table()),
            ("Whole corpus", bench.corpus_table()),
            ("The floor: libyaml composing the same CloudFormation bytes", bench.floor_table()),
        ]
    except BenchFailure as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(bytecode, ignore_errors=True)
        shutil.rmtree(copy, ignore_errors=True)
        if args.out is None:
            shutil.rmtree(out, ignore_errors=True)
    machine["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    print(
        f"{machine['lambda_lint']} vs {machine['cfn_lint']}; Python {machine['python']} on "
        f"{machine['platform']}, {machine['cpus']} CPUs, load average "
        f"{machine['load_average_start'][0]} at start and {machine['load_average_end'][0]} at "
        f"end; {machine['date']}. Medians of {args.repeat} run(s) (start-up: "
        f"{args.startup_runs}); CPU is the child's user + system time; RSS is its peak "
        "resident set; each command is a fresh process, with its bytecode cached (both tools; "
        "one warm-up run each) unless a row says otherwise."
    )
    print(f"Rules: lambda-lint {bench.rules['lambda-lint']}; cfn-lint {bench.rules['cfn-lint']}.")
    for title, table in sections:
        print(f"\n### {title}\n\n{table}")
    if args.json:
        bench.dump_json(args.json, machine)
    for problem in bench.problems:
        print(f"planted findings differ: {problem}", file=sys.stderr)
    return 1 if bench.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
