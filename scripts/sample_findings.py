"""Draw random findings from a lint run for a person to judge, each with its source.

    python scripts/sample_findings.py PATH [PATH ...] [-n 100] [--seed 15]
        [--select LL501,LL401] [--ignore LL702,LL134] [--context 3] [--today 2026-12-02]

Lints the paths with every rule (as the command line would, without configuration
files), draws ``-n`` findings at random with a fixed seed (the same sample every run
over the same findings, so a review can be repeated and its verdicts compared) and
prints each with its rule, severity, resource, message and the source lines around its
span, the span underlined. Precision is what a reviewer measures with it: every finding
that is wrong is a class of bug to fix (issue 15's review habit).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from lambda_lint.engine import LintOptions, lint_paths
from lambda_lint.findings import Finding
from lambda_lint.lines import split_lines
from lambda_lint.registry import all_rules


def _codes(text: str) -> set[str]:
    return {code.strip().upper() for code in text.split(",") if code.strip()}


def excerpt(finding: Finding, context: int) -> list[str]:
    """The lines around the finding's span, numbered, with the span underlined."""
    try:
        lines = split_lines(Path(finding.path).read_text(encoding="utf-8", errors="replace"))
    except OSError as exc:
        return [f"    (cannot read {finding.path}: {exc.strerror or exc})"]
    first = max(finding.line - context, 1)
    last = min(finding.end_line + context, len(lines))
    width = len(str(last))
    shown: list[str] = []
    for number in range(first, last + 1):
        text = lines[number - 1]
        shown.append(f"    {number:>{width}} | {text}")
        if finding.line <= number <= finding.end_line:
            start = finding.column if number == finding.line else 1
            end = finding.end_column if number == finding.end_line else len(text) + 1
            marks = "^" * max(end - start, 1)
            shown.append(f"    {'':>{width}} | {' ' * (start - 1)}{marks}")
    return shown


def sample(findings: Sequence[Finding], size: int, seed: int) -> list[Finding]:
    """``size`` findings drawn with ``seed``, in report order (all of them when fewer)."""
    ordered = sorted(findings, key=Finding.sort_key)
    if len(ordered) <= size:
        return ordered
    chosen = sorted(random.Random(seed).sample(range(len(ordered)), size))
    return [ordered[index] for index in chosen]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("-n", type=int, default=100, help="findings to draw (default 100)")
    parser.add_argument("--seed", type=int, default=15, help="random seed (default 15)")
    parser.add_argument("--select", default="", help="only these codes (comma-separated)")
    parser.add_argument("--ignore", default="", help="never these codes (comma-separated)")
    parser.add_argument("--context", type=int, default=3, help="source lines around a span")
    parser.add_argument("--today", default="", help="LL702's day (YYYY-MM-DD), for repeatable runs")
    args = parser.parse_args(argv)
    selected, ignored = _codes(args.select), _codes(args.ignore)
    rules = [
        rule
        for rule in all_rules()
        if (not selected or rule.code in selected) and rule.code not in ignored
    ]
    options = LintOptions(rule_options={"LL702": {"today": args.today}} if args.today else {})
    report = lint_paths(list(args.paths), rules, options)
    findings = [
        f for f in report.findings if (not selected or f.rule in selected) and f.rule not in ignored
    ]
    drawn = sample(findings, args.n, args.seed)
    print(f"{len(drawn)} of {len(findings)} findings (seed {args.seed})\n")
    for index, finding in enumerate(drawn, start=1):
        resource = f" [{finding.resource}]" if finding.resource else ""
        print(f"#{index} {finding.rule} {finding.severity.value}{resource}")
        print(f"  {finding.path}:{finding.line}:{finding.column}")
        print(f"  {finding.message}")
        print("\n".join(excerpt(finding, args.context)))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
