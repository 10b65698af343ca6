"""The single error type every parser raises; the engine turns it into LL001."""

from __future__ import annotations


class ParseError(Exception):
    """A file could not be read or parsed. ``line``/``column`` are 1-based."""

    def __init__(
        self, message: str, line: int = 1, column: int = 1, end_line: int = 0, end_column: int = 0
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.end_line = end_line or line
        self.end_column = end_column or column + 1
