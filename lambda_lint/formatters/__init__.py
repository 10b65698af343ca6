"""Output formats, looked up by name. A formatter sees only the Report.

Each format is a module with ``write(report, stream)``, imported only when
chosen, so that e.g. ``concise`` never pays for ``rich``.
"""

from __future__ import annotations

import importlib
from typing import TextIO

from lambda_lint.engine import Report

FORMATS = ("concise", "full", "json")


def write(format_name: str, report: Report, stream: TextIO) -> None:
    """Render ``report`` to ``stream`` in the named format."""
    if format_name not in FORMATS:
        raise ValueError(f"unknown format {format_name!r}")
    module = importlib.import_module(f"lambda_lint.formatters.{format_name}")
    module.write(report, stream)
