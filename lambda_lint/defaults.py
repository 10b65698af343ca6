"""Built-in defaults shared by modules that must not import each other.

The parser and the run options both need the file-size cap; neither should load
the other to learn it (a plugin that only builds options pays for no parser).
"""

from __future__ import annotations

DEFAULT_MAX_BYTES = 100 * 1024 * 1024  # larger files are reported (LL001), never read
DEFAULT_RULE_TIMEOUT = 10.0  # seconds a third-party rule may take on one file
