"""What a configuration and the command line change about a run.

Its own module so that the pipeline, the acceptance policy, worker processes
and the run API share one definition without importing each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lambda_lint.defaults import DEFAULT_MAX_BYTES, DEFAULT_RULE_TIMEOUT
from lambda_lint.findings import Severity


@dataclass(frozen=True)
class LintOptions:
    """What a configuration and the command line change about a run (defaults: nothing)."""

    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    severity: Mapping[str, Severity] = field(default_factory=dict)
    # Glob (relative to ``config_root``) -> codes: external suppressions.
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    config_root: Path = Path(".")
    suppressions: bool = True  # False: audit mode, every suppression is ignored
    # Fingerprint -> how many findings the baseline accepts (None: no baseline).
    baseline: Mapping[str, int] | None = None
    known_codes: frozenset[str] = frozenset()  # every rule that exists, for LL005
    max_file_size: int = DEFAULT_MAX_BYTES  # larger files are LL001, never read
    # Seconds a third-party rule may take on one file (``rule-timeout``; see ``guard``).
    rule_timeout: float | None = DEFAULT_RULE_TIMEOUT
