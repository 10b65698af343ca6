"""Output formats, looked up by name. A formatter sees only the Report."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from lambda_lint.engine import Report

Formatter = Callable[[Report, TextIO], None]


def _concise(report: Report, stream: TextIO) -> None:
    from lambda_lint.formatters.concise import write

    write(report, stream)


def _full(report: Report, stream: TextIO) -> None:
    from lambda_lint.formatters.full import write

    write(report, stream)


def _json(report: Report, stream: TextIO) -> None:
    from lambda_lint.formatters.json import write

    write(report, stream)


# Imported lazily so that e.g. ``concise`` never pays for ``rich``.
FORMATTERS: dict[str, Formatter] = {"concise": _concise, "full": _full, "json": _json}
