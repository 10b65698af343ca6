"""IAM's wildcards (``*`` any run of characters, ``?`` one), shared by the IAM evaluator and
the S3 model, which matches object ARNs with them."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=4096)
def wildcard_regex(text: str, case_sensitive: bool) -> re.Pattern[str]:
    """An IAM wildcard pattern as a regex (use ``fullmatch``)."""
    parts = ("." if char == "?" else ".*" if char == "*" else re.escape(char) for char in text)
    flags = re.DOTALL if case_sensitive else re.IGNORECASE | re.DOTALL
    return re.compile("".join(parts), flags)
