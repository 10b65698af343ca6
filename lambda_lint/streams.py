"""The standard streams, made safe before anything is printed.

A gate run by CI may get a closed stdout or stderr (``>&-``), a full disk
(``>/dev/full``), a reader that leaves (``| head``) or a stream that is not
UTF-8 (``PYTHONIOENCODING=ascii``, a Windows redirect in cp1252). None of these
may turn into a traceback or change the exit code; the report is written
wherever it still can be.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys


def prepare() -> None:
    """Give closed descriptors 0-2 a stand-in and let every stream encode anything.

    A closed descriptor would be reused by the next ``open``: the report file or
    a worker's pipe would then become "stdout". Pointing it at the null device
    first keeps it taken. Python sets ``sys.stdout`` (``sys.stderr``) to None when
    the descriptor was closed at start-up; a null stream stands in, so output
    meant for it is dropped, as a shell does.
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            _reopen_null(fd)
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):  # a stream that refuses
                reconfigure(errors="backslashreplace")


def _reopen_null(fd: int) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)


def silence_stdout() -> None:
    """After a write to stdout failed: point it at the null device, so that Python's
    final flush at exit cannot fail again (and print "Exception ignored ...")."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        _reopen_null_over(sys.stdout.fileno())


def _reopen_null_over(fd: int) -> None:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


def reason(exc: OSError) -> str:
    """``no space left on device``: the system's words for a failed write, in lower case."""
    if exc.errno == errno.ENOSPC:
        return "no space left on device"
    if exc.errno == errno.EFBIG:
        return "file too large"
    text = exc.strerror or str(exc)
    return text[:1].lower() + text[1:]
