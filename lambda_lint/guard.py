"""Running one rule over one stack, so that no rule can break the run or its report.

Every rule's output is checked: anything but a :class:`Violation` (or one whose
fields are not what formatters write) makes the rule's run a failure, reported
as LL002 with what the rule did. Any exception counts, ``SystemExit`` and
``GeneratorExit`` included: a rule calling ``sys.exit()`` once ended the run
with exit 0 and no report, so the gate passed. Only ``KeyboardInterrupt`` goes
through (Ctrl-C ends the run with exit 130).

Third-party rules (rule packs and ``rules-dirs``) are further guarded, the
built-in ones are not (they are tested, and must stay fast):

- what they print goes to stderr, at the Python and the descriptor level, so a
  ``print`` cannot corrupt a JSON or SARIF report on stdout;
- they get a time budget per file (``rule-timeout``, 10 s by default), enforced
  with ``SIGALRM`` where the platform has ``setitimer`` and the rule runs in the
  main thread (the command line's, and each ``--jobs`` worker's); a rule still
  running is stopped by an exception raised inside it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Iterator, Mapping
from typing import Any

from lambda_lint.defaults import DEFAULT_RULE_TIMEOUT
from lambda_lint.findings import Severity
from lambda_lint.model import Stack
from lambda_lint.rule import Rule, Violation
from lambda_lint.span import Span


class RuleFailed(Exception):
    """A rule's run that produced no usable result; the message says what it did."""


class _OutOfTime(BaseException):
    """Raised inside a rule whose budget is spent (a BaseException, so that a rule's
    own ``except Exception`` does not swallow it)."""


@functools.cache
def builtin_rules() -> frozenset[type[Rule]]:
    """The rules lambda-lint ships (the others are third-party: guarded)."""
    from lambda_lint.registry import all_rules

    return frozenset(all_rules())


def run_rule(
    rule: type[Rule],
    options: Mapping[str, Any] | None,
    stack: Stack,
    budget: float | None = None,
    guarded: bool = False,
) -> list[Violation]:
    """The violations ``rule`` (with ``options``) finds in ``stack``, checked, or
    :class:`RuleFailed`.

    ``guarded`` (third-party rules): stdout goes to stderr meanwhile, and the run is
    stopped after ``budget`` seconds (None: no limit).
    """
    if not guarded:
        return _collect(rule, options, stack)
    with _stdout_to_stderr(), _time_limit(budget):
        try:
            return _collect(rule, options, stack)
        except _OutOfTime:
            raise RuleFailed(
                f"still running after {budget:g} s on this file (rule-timeout); stopped"
            ) from None


def _collect(rule: type[Rule], options: Mapping[str, Any] | None, stack: Stack) -> list[Violation]:
    try:
        produced = rule(options).check(stack)
    except (KeyboardInterrupt, _OutOfTime):
        raise
    except BaseException as exc:  # SystemExit and GeneratorExit too: see the module
        raise RuleFailed(_describe(exc)) from exc
    try:
        items: Iterator[Any] = iter(produced)
    except TypeError:
        raise RuleFailed(
            f"check() returned {_shown(produced)}, not an iterator of Violations"
        ) from None
    found: list[Violation] = []
    while True:
        try:
            item = next(items)
        except StopIteration:
            return found
        except (KeyboardInterrupt, _OutOfTime):
            raise
        except BaseException as exc:
            raise RuleFailed(_describe(exc)) from exc
        problem = _invalid(item)
        if problem is not None:
            raise RuleFailed(problem)
        found.append(item)


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _shown(value: Any) -> str:
    """``int 5``: a value's type and (the start of) its repr, for a message."""
    try:
        text = repr(value)
    except Exception:  # a rule's own object with a broken __repr__
        text = "?"
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _invalid(item: Any) -> str | None:
    """Why ``item`` is not a violation the engine can report, or None."""
    if not isinstance(item, Violation):
        return f"it yielded {_shown(item)}, not a Violation"
    fields = (
        ("resource", str, item.resource),
        ("message", str, item.message),
        ("key", str, item.key),
        ("span", Span, item.span),
    )
    for name, kind, value in fields:
        if not isinstance(value, kind):
            return f"it yielded a Violation whose {name} is {_shown(value)}, not a {kind.__name__}"
    span = item.span
    numbers = (span.line, span.column, span.end_line, span.end_column)
    if not all(type(n) is int and n >= 1 for n in numbers) or not isinstance(span.path, str):
        return f"it yielded a Violation whose span is {_shown(span)}"
    if item.severity is not None and not isinstance(item.severity, Severity):
        return f"it yielded a Violation whose severity is {_shown(item.severity)}"
    return None


@contextlib.contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """``sys.stdout`` and descriptor 1 point at stderr meanwhile (a print, or a write
    to ``sys.__stdout__`` or to the descriptor, all end up there)."""
    streams = [s for s in (sys.stdout, sys.__stdout__) if s is not None]
    for stream in streams:
        with contextlib.suppress(Exception):
            stream.flush()
    saved: int | None = None
    try:
        saved = os.dup(1)
        os.dup2(2, 1)
    except OSError:  # no descriptor 1 or 2 to speak of: the Python redirect still holds
        if saved is not None:
            os.close(saved)
            saved = None
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        for stream in streams:  # what the rule left in a buffer goes to stderr too
            with contextlib.suppress(Exception):
                stream.flush()
        if saved is not None:
            os.dup2(saved, 1)
            os.close(saved)


@contextlib.contextmanager
def _time_limit(budget: float | None) -> Iterator[None]:
    """Raise :class:`_OutOfTime` in the running code after ``budget`` seconds, where a
    timer signal can be had (POSIX ``setitimer``, the main thread); else no limit."""
    import signal
    import threading

    if (
        budget is None
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    armed = [True]

    def expire(signum: int, frame: Any) -> None:
        if armed[0]:
            raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


__all__ = ["DEFAULT_RULE_TIMEOUT", "RuleFailed", "builtin_rules", "run_rule"]
