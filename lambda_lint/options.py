"""What a configuration and the command line change about a run.

Its own module so that the pipeline, the acceptance policy, worker processes
and the run API share one definition without importing each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lambda_lint.defaults import DEFAULT_MAX_BYTES, DEFAULT_RULE_TIMEOUT
from lambda_lint.findings import Severity

if TYPE_CHECKING:
    from lambda_lint.rule import Rule


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
    # Rule name -> code, so suppressions may name rules as ``--select`` does.
    rule_names: Mapping[str, str] = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_BYTES  # larger files are LL001, never read
    # Seconds a third-party rule may take on one file (``rule-timeout``; see ``guard``).
    rule_timeout: float | None = DEFAULT_RULE_TIMEOUT
    # Absolute path -> unsaved contents (``-`` with ``--stdin-filename``), read instead of
    # the file on disk; the path need not exist.
    buffers: Mapping[str, bytes] = field(default_factory=dict)
    # The Terraform configuration plans were made from (``plan-source``); None: a plan's
    # own directory, when it holds one.
    plan_source: Path | None = None


# A rule option the engine supplies when the configuration leaves it out: rules never
# read the clock, so a rule that judges dates declares ``today`` in its
# ``options_schema`` and is handed the run's date (tests and users pin it instead).
TODAY_OPTION = "today"


def with_today(options: LintOptions, rules: Iterable[type[Rule]], today: str) -> LintOptions:
    """``options`` with ``today`` (an ISO date) for every rule that takes it and has none."""
    missing = [
        rule.code
        for rule in rules
        if TODAY_OPTION in rule.options_schema
        and TODAY_OPTION not in options.rule_options.get(rule.code, {})
    ]
    if not missing:
        return options
    filled = dict(options.rule_options)
    for code in missing:
        filled[code] = {**filled.get(code, {}), TODAY_OPTION: today}
    return replace(options, rule_options=filled)
