"""The Lambda runtime lifecycle: when each runtime is deprecated and blocked.

The dates live in ``lambda_lint/data/runtimes.json`` (with the source of each), not
in code, so that a new AWS announcement is a data change a reviewer can check
against its source. The table is read once, on first use: runs that never ask
about a runtime never pay for it. See docs/aws-facts.md#runtime-lifecycle.
"""

from __future__ import annotations

import datetime
import functools
import json
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Lifecycle", "lifecycle", "runtime_names"]


@dataclass(frozen=True, slots=True)
class Lifecycle:
    """One runtime's dates; ``None`` when AWS has announced none.

    ``managed`` is False for a name AWS publishes only as a container base image
    (``dotnet9``): it has dates, but is no valid ``Runtime`` value.
    """

    name: str
    deprecated: datetime.date
    block_create: datetime.date | None
    block_update: datetime.date | None
    successor: str | None
    managed: bool = True


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


@functools.cache
def _table() -> dict[str, Lifecycle]:
    # Beside the package, as setuptools installs package data (editable or wheel); a plain
    # read, because importlib.resources costs more to import than the table to parse.
    path = Path(__file__).resolve().parent.parent / "data" / "runtimes.json"
    text = path.read_text("utf-8")
    table: dict[str, Lifecycle] = {}
    for name, entry in json.loads(text)["runtimes"].items():
        table[name] = Lifecycle(
            name,
            datetime.date.fromisoformat(entry["deprecated"]),  # every row has one
            _date(entry["block_create"]),
            _date(entry["block_update"]),
            entry["successor"],
            entry.get("managed", True),
        )
    return table


def lifecycle(runtime: str) -> Lifecycle | None:
    """The lifecycle of ``runtime`` exactly as AWS spells it; None for an unknown name."""
    return _table().get(runtime)


def runtime_names() -> tuple[str, ...]:
    """Every runtime identifier in the table, sorted (for suggestions)."""
    return tuple(sorted(_table()))
