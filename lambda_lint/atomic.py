"""Write a file all at once: a failed write never leaves half a report or baseline.

The text goes to a temporary file in the destination's folder (same file
system, so the final rename is atomic), is flushed to disk, and only then
replaces the destination. When anything fails (disk full, a file-size limit,
an interrupt) the temporary file is removed and the old file is untouched.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TextIO


def atomic_write(path: Path, render: Callable[[TextIO], None]) -> None:
    """Call ``render`` on a UTF-8 stream, then put what it wrote at ``path``.

    Raises OSError when the folder, the temporary file or the rename fails.
    The new file gets the old one's permissions, or the usual ones for a new file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temporary, flags, 0o666 if mode is None else mode)
    try:
        if mode is not None and hasattr(os, "fchmod"):
            os.fchmod(fd, mode)  # exactly the old bits: the umask narrowed them at creation
        with open(fd, "w", encoding="utf-8", newline="") as stream:
            render(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _mode(path: Path) -> int | None:
    """The existing file's permission bits; None for a new file (0o666 less the umask)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return None
