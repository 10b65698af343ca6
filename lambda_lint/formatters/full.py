"""The human format: findings grouped by file with the offending source lines underlined."""

from __future__ import annotations

from typing import TextIO

from lambda_lint.formatters.summary import listed, summary_line
from lambda_lint.lines import split_lines
from lambda_lint.redaction import redact_line
from lambda_lint.report import Report

_STYLES = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}
_MAX_SNIPPET_LINES = 4
# A source line longer than this is shown as a window around the span: a one-line
# plan.json printed whole for each of its findings made megabytes of output.
MAX_SHOWN = 160
_CONTEXT = 40  # characters kept before the span (and after it, when there is room)
_CUT = "..."


def write(report: Report, stream: TextIO) -> None:
    shown = listed(report)
    if not shown:
        # A clean run prints one plain line: rich (tens of modules) is imported only to
        # list findings. The summary holds no markup, so rich would print it unchanged.
        if not report.quiet:
            for note in report.notes:
                stream.write(f"note: {note}\n")
            stream.write(summary_line(report) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True)
    current = None
    for f in shown:
        if f.path != current:
            current = f.path
            console.print(Text(f.path, style="bold underline"))
        header = Text()
        header.append(f"  {f.line}:{f.column} ", style="dim")
        header.append(f"{f.severity.value}", style=_STYLES[f.severity.value])
        header.append(f" {f.rule} ", style="bold")
        header.append(f.message)
        if f.resource:
            header.append(f"  [{f.resource}]", style="cyan")
        if f.suppression is not None:
            why = f.suppression.justification or "no reason given"
            header.append(f"  (suppressed: {why})", style="dim")
        console.print(header)
        # Lines as spans count them (not ``str.splitlines``, which breaks at U+2028...).
        lines = split_lines(report.sources.get(f.path, ""))
        secrets = report.redactions.get(f.path, ())
        last = min(f.end_line, f.line + _MAX_SNIPPET_LINES - 1, len(lines))
        for number in range(f.line, last + 1):
            source, column = redact_line(lines[number - 1], number, secrets)
            # Continuation lines of a multi-line span are underlined from their first
            # non-blank character: the indentation is not part of the value.
            first = len(source) - len(source.lstrip()) + 1
            start = column(f.column) if number == f.line else first
            end = column(f.end_column) if number == f.end_line else len(source) + 1
            source, start, end = clip(source, start, end)
            console.print(Text(f"    {number:>5} | ", style="dim") + Text(source))
            if end > start:
                console.print(
                    Text(
                        " " * (12 + start - 1) + "^" * (end - start),
                        style=_STYLES[f.severity.value],
                    )
                )
        if f.help_url:
            console.print(Text(f"    help: {f.help_url}", style="dim"))
    if not report.quiet:
        for note in report.notes:
            console.print(Text(f"note: {note}", style="dim"))
        console.print(summary_line(report))


def clip(source: str, start: int, end: int, width: int = MAX_SHOWN) -> tuple[str, int, int]:
    """``source`` cut to about ``width`` characters around the span ``start``..``end``
    (1-based, end exclusive), marked ``...`` where it was cut, and the span's columns in
    the cut text. A line within ``width`` is returned as it is."""
    if len(source) <= width:
        return source, start, end
    begin = max(0, start - 1 - _CONTEXT)
    stop = min(len(source), begin + width, max(end - 1, start) + _CONTEXT)
    prefix = _CUT if begin else ""
    suffix = _CUT if stop < len(source) else ""
    shift = len(prefix) - begin
    return prefix + source[begin:stop] + suffix, start + shift, min(end, stop + 1) + shift
