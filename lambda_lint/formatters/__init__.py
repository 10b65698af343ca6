"""Output formats, looked up by name. A formatter sees only the Report.

Each format is a module with ``write(report, stream)``, imported only when
chosen, so that e.g. ``concise`` never pays for ``rich`` and no run pays for
XML or SARIF unless it asks for them.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TextIO

from lambda_lint.report import Report

FORMATS = ("concise", "full", "json", "sarif", "junit", "github", "gitlab")
# Formats read by programs: they write the report and nothing else to their stream.
MACHINE_FORMATS = frozenset({"json", "sarif", "junit", "github", "gitlab"})
AUTO = "auto"


def resolve(format_name: str, environ: Mapping[str, str], isatty: bool) -> str:
    """The concrete format for ``auto``: ``github`` under GitHub Actions, ``full`` on a
    terminal, ``concise`` otherwise. Any other name is returned as it is.

    Kept apart from the CLI so the choice is testable without a terminal.
    """
    if format_name != AUTO:
        return format_name
    if environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "full" if isatty else "concise"


def write(format_name: str, report: Report, stream: TextIO) -> None:
    """Render ``report`` to ``stream`` in the named format."""
    if format_name not in FORMATS:
        raise ValueError(f"unknown format {format_name!r}")
    module = importlib.import_module(f"lambda_lint.formatters.{format_name}")
    module.write(report, stream)
