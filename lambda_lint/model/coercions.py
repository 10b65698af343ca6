"""Reading literal values the way AWS reads them: numbers written as strings, scalars as text."""

from __future__ import annotations

import math
import re
from typing import Any


def scalar_text(value: Any) -> str:
    """The string CloudFormation passes for a scalar (``true``, ``5``, text)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def as_int(value: Any) -> int | None:
    """An integer as CloudFormation accepts it (``30`` or ``"30"``), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return None  # 512.0 is still not an integer to the Lambda API
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value)  # ASCII digits only ("²" is a digit to str.isdigit), bounded length
    return None


_INTEGER = re.compile(r"-?[0-9]{1,30}")


def as_number(value: Any) -> float | None:
    """A number (int, float or numeric string), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return value
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:  # beyond a float's range: as large as a float gets
            return math.inf if value > 0 else -math.inf
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None
