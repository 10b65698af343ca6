"""``--jobs N``: lint files and Terraform modules in worker processes.

Units are independent (one Stack each), so they are handed out in order and their
outcomes come back in the same order: the report is identical to a serial run.
Workers are forked, so rules loaded from ``rules-dirs`` and plugins exist in them
without being importable by name; where ``fork`` is not available the run stays
serial. Each worker measures artifacts with its own cache.

Faults: there is never more than one worker per unit. Workers ignore Ctrl-C (the
terminal sends it to the whole process group): the main process alone reports
the interrupt and stops them. A worker that dies (killed, out of memory) ends
the run with ``engine.WorkerDied`` rather than a half report. Workers die with
the main process (``PR_SET_PDEATHSIG`` on Linux, and a check of the parent at
each unit elsewhere), so killing lambda-lint never leaves them behind.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from lambda_lint.artifacts import ArtifactMeter
from lambda_lint.grouping import Unit
from lambda_lint.rule import Rule

_WORKER: dict[str, Any] = {}
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _start(rules: Sequence[type[Rule]], codes: set[str], options: Any, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    _WORKER.update(rules=rules, codes=codes, options=options, meter=ArtifactMeter(), parent=parent)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when the main process dies; if it already has
    (before the request was made), exit now."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl
            pass
    if os.getppid() != parent:
        os._exit(1)


def _lint(unit: Unit) -> Any:
    from lambda_lint.pipeline import lint_unit

    if os.getppid() != _WORKER["parent"]:  # orphaned where prctl does not exist
        os._exit(1)
    return lint_unit(unit, _WORKER["rules"], _WORKER["codes"], _WORKER["options"], _WORKER["meter"])


def lint_units_in_processes(
    units: Sequence[Unit],
    rules: Sequence[type[Rule]],
    codes: set[str],
    options: Any,
    jobs: int,
) -> Iterator[Any]:
    """The outcome of each unit, in order, computed by ``jobs`` forked workers
    (never more than there are units)."""
    from concurrent.futures.process import BrokenProcessPool

    from lambda_lint.pipeline import WorkerDied, lint_unit

    if "fork" not in multiprocessing.get_all_start_methods():
        meter = ArtifactMeter()
        yield from (lint_unit(unit, rules, codes, options, meter) for unit in units)
        return
    context = multiprocessing.get_context("fork")
    jobs = max(1, min(jobs, len(units)))
    # Small chunks keep the workers busy when a few templates are much larger than the rest.
    chunk = max(1, len(units) // (jobs * 8))
    pool = ProcessPoolExecutor(
        jobs, context, initializer=_start, initargs=(rules, codes, options, os.getpid())
    )
    try:
        with _interrupts_deferred():
            outcomes = pool.map(_lint, units, chunksize=chunk)  # forks the workers
        yield from outcomes
    except BrokenProcessPool:
        _stop(pool)
        raise WorkerDied("a worker process died (killed, or out of memory?)") from None
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C back while the workers are forked, and deliver it afterwards.

    A SIGINT that lands in ``fork``'s own callbacks (logging's lock release runs in
    the parent after each fork) raises KeyboardInterrupt where Python only prints
    "Exception ignored" and carries on: the interrupt was lost and the run went on
    to the end. Blocked, it stays pending and is raised once the forks are done.
    The workers inherit the blocked mask, which suits them: they ignore SIGINT.
    """
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - no fork there either
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers now: an interrupted or broken run does not wait for queued units."""
    processes = dict(getattr(pool, "_processes", None) or {})
    for process in processes.values():
        with contextlib.suppress(OSError, ValueError):
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)
