"""A progress bar on stderr for long runs in a terminal; nothing anywhere else.

It appears only once a run turns out to hold many files, so a pre-commit run on a
few files never pays for importing rich's progress machinery, and it is transient:
the bar is gone when the report is printed.
"""

from __future__ import annotations

from typing import Any

MANY_FILES = 50


class ProgressBar:
    """Called as ``bar(done, total)`` by the engine; ``close()`` removes it."""

    def __init__(self, threshold: int = MANY_FILES) -> None:
        self.threshold = threshold
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if total < self.threshold:
            return
        if self._progress is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._progress = Progress(
                TextColumn("lambda-lint"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("lint", total=total)
        self._progress.update(self._task, completed=done)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
