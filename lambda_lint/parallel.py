"""``--jobs N``: lint files and Terraform modules in worker processes.

Units are independent (one Stack each), so they are handed out in order and their
outcomes come back in the same order: the report is identical to a serial run.
Workers are forked, so rules loaded from ``rules-dirs`` and plugins exist in them
without being importable by name; where ``fork`` is not available the run stays
serial. Each worker measures artifacts with its own cache.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from lambda_lint.artifacts import ArtifactMeter
from lambda_lint.rule import Rule
from lambda_lint.units import Unit

_WORKER: dict[str, Any] = {}


def _start(rules: Sequence[type[Rule]], codes: set[str], options: Any) -> None:
    _WORKER.update(rules=rules, codes=codes, options=options, meter=ArtifactMeter())


def _lint(unit: Unit) -> Any:
    from lambda_lint.engine import lint_unit

    return lint_unit(unit, _WORKER["rules"], _WORKER["codes"], _WORKER["options"], _WORKER["meter"])


def lint_units_in_processes(
    units: Sequence[Unit],
    rules: Sequence[type[Rule]],
    codes: set[str],
    options: Any,
    jobs: int,
) -> Iterator[Any]:
    """The outcome of each unit, in order, computed by ``jobs`` forked workers."""
    from lambda_lint.engine import lint_unit

    if "fork" not in multiprocessing.get_all_start_methods():
        meter = ArtifactMeter()
        yield from (lint_unit(unit, rules, codes, options, meter) for unit in units)
        return
    context = multiprocessing.get_context("fork")
    # Small chunks keep the workers busy when a few templates are much larger than the rest.
    chunk = max(1, len(units) // (jobs * 8))
    with ProcessPoolExecutor(
        jobs, context, initializer=_start, initargs=(rules, codes, options)
    ) as pool:
        yield from pool.map(_lint, units, chunksize=chunk)
