"""Group discovered files into units: what one model Stack is built from.

Most formats are one file per unit. A loader that reads a whole directory (a
Terraform module) gets every file of it that it claims as one unit, placed where
its first file appeared: pre-commit may pass only the file that changed, so the
loader reads its siblings too, but findings are reported only for the files
that were given (or found by a directory walk).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lambda_lint.discovery import Candidate
from lambda_lint.loaders.registry import claimants, names


@dataclass(frozen=True)
class Unit:
    """The files one Stack is built from, and the loaders to offer them to, in order."""

    loaders: tuple[str, ...]
    files: tuple[Path, ...]
    explicit: frozenset[Path]

    @property
    def reported(self) -> frozenset[Path]:
        """The files whose findings are reported: the ones discovery found or was given."""
        return frozenset(self.files)


def group_units(candidates: Iterable[Candidate]) -> Iterator[Unit]:
    """Single-file units in discovery order; a directory unit where its first file appeared.

    A file no loader claims (named by the user, with an odd suffix and no fallback
    loader registered) is still a unit with no loader: it is counted as skipped.
    """
    pending: list[Unit | tuple[tuple[str, ...], Path]] = []
    grouped: dict[tuple[tuple[str, ...], Path], list[Candidate]] = {}
    for candidate in candidates:
        offered = claimants(candidate.path.name, candidate.explicit)
        if offered and all(spec.by_directory for spec in offered):
            key = (names(offered), candidate.path.parent)
            if key not in grouped:
                grouped[key] = []
                pending.append(key)
            grouped[key].append(candidate)
        else:
            explicit = frozenset({candidate.path}) if candidate.explicit else frozenset()
            loaders = names(s for s in offered if not s.by_directory)
            pending.append(Unit(loaders, (candidate.path,), explicit))
    for item in pending:
        if isinstance(item, Unit):
            yield item
        else:
            given = grouped[item]
            yield Unit(
                item[0],
                tuple(c.path for c in given),
                frozenset(c.path for c in given if c.explicit),
            )
