"""The run API: a configuration and command-line overrides become one run.

The command line and the cfn-lint plugin both build their runs here, so a
setting means the same thing wherever lambda-lint is started from: with
``max-file-size = 100`` in ``lambda-lint.toml`` a 200-byte template is LL001 for
``lambda-lint t.yaml`` and for ``cfn-lint --append-rules`` alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from lambda_lint.findings import Severity
from lambda_lint.options import LintOptions

if TYPE_CHECKING:
    from lambda_lint.config import Settings
    from lambda_lint.report import Report
    from lambda_lint.rule import Rule


class Overrides(NamedTuple):
    """What the command line may change over the configuration (None: keep it)."""

    select: Sequence[str] | None = None
    extend_select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    baseline: Mapping[str, int] | None = None
    max_file_size: int | None = None
    suppressions: bool = True  # False: ``--no-suppressions`` (audit every suppression)
    fail_on: Severity | None = None
    # Absolute path -> unsaved contents (``-`` with ``--stdin-filename``, an editor).
    buffers: Mapping[str, bytes] = {}
    # ``--respect-gitignore`` / ``--no-respect-gitignore`` (None: the configuration's).
    respect_gitignore: bool | None = None
    plan_source: Path | None = None  # ``--plan-source``


class Run(NamedTuple):
    """Everything one lint run needs: the rules, the engine options, what to leave out."""

    rules: tuple[type[Rule], ...]
    options: LintOptions
    exclude: tuple[str, ...]
    exclude_root: Path
    fail_on: Severity
    settings: Settings

    def lint(
        self,
        paths: Sequence[str | Path],
        progress: Callable[[int, int], None] | None = None,
        jobs: int = 1,
    ) -> Report:
        """Discover and lint ``paths`` (files and directories) with this run's rules."""
        from lambda_lint.engine import lint_paths

        return lint_paths(
            paths, self.rules, self.options, self.exclude, self.exclude_root, progress, jobs
        )

    def excluded(self, path: Path) -> bool:
        """``path`` is kept out of the run by ``exclude``."""
        return excluded(self.settings, path)


def load_configuration(cwd: Path, config: Path | None = None, isolated: bool = False) -> Settings:
    """``config``, else the nearest configuration above ``cwd``, else the defaults.

    Raises ``config.ConfigError`` for a configuration that cannot be used.
    """
    from lambda_lint.config import Settings, find_config, load_settings

    if isolated:
        return Settings()
    path = config if config is not None else find_config(cwd)
    return load_settings(path) if path is not None else Settings()


def prepare_run(settings: Settings, overrides: Overrides | None = None) -> Run:
    """The run ``settings`` describe, with ``overrides`` applied.

    Raises ``config.ConfigError``, ``registry.PluginError`` or
    ``selection.SelectorError``: a bad configuration is reported, never linted
    with other rules than the user asked for.
    """
    from lambda_lint.config import check_rule_codes
    from lambda_lint.registry import catalogue
    from lambda_lint.selection import select_rules

    overrides = overrides or Overrides()
    known = catalogue(settings.rules_dirs)
    settings = _per_file_ignores_by_code(settings, known)
    check_rule_codes(settings, {rule.code: rule.options_schema for rule in known})
    select = overrides.select if overrides.select is not None else settings.select
    rules = select_rules(
        known,
        select,
        [*settings.ignore, *overrides.ignore],
        [*settings.extend_select, *overrides.extend_select],
    )
    options = engine_options(settings, frozenset(rule.code for rule in known), overrides)
    options = replace(options, rule_names={rule.name: rule.code for rule in known})
    return Run(
        tuple(rules),
        options,
        settings.exclude,
        settings.root,
        overrides.fail_on or settings.fail_on or Severity.INFO,
        settings,
    )


def _per_file_ignores_by_code(settings: Settings, known: Sequence[type[Rule]]) -> Settings:
    """``settings`` with each ``per-file-ignores`` selector (a code, a prefix, a rule name
    or ``ALL``, as in ``--select``) turned into the codes it names."""
    from lambda_lint.config import ConfigError
    from lambda_lint.selection import SelectorError, codes_of

    if not settings.per_file_ignores:
        return settings
    resolved: dict[str, tuple[str, ...]] = {}
    for glob, selectors in settings.per_file_ignores.items():
        codes: list[str] = []
        for selector in selectors:
            try:
                codes += codes_of(selector, known)
            except SelectorError as exc:
                raise ConfigError(f"{settings.source}: per-file-ignores.{glob}: {exc}") from None
        resolved[glob] = tuple(dict.fromkeys(codes))
    return replace(settings, per_file_ignores=resolved)


def engine_options(
    settings: Settings, known_codes: frozenset[str], overrides: Overrides | None = None
) -> LintOptions:
    """The engine options of ``settings`` with ``overrides``: every key of the
    configuration that changes how files are linted is mapped here, once."""
    from lambda_lint.defaults import DEFAULT_MAX_BYTES, DEFAULT_RULE_TIMEOUT

    overrides = overrides or Overrides()
    size = overrides.max_file_size
    return LintOptions(
        rule_options=settings.rule_options,
        severity=settings.severity,
        per_file_ignores=settings.per_file_ignores if overrides.suppressions else {},
        config_root=settings.root,
        suppressions=overrides.suppressions,
        baseline=overrides.baseline,
        known_codes=known_codes,
        max_file_size=(size if size is not None else settings.max_file_size) or DEFAULT_MAX_BYTES,
        rule_timeout=settings.rule_timeout or DEFAULT_RULE_TIMEOUT,
        buffers=overrides.buffers,
        plan_source=overrides.plan_source or settings.plan_source,
    )


def excluded(settings: Settings, path: Path) -> bool:
    """``path`` is kept out by the configuration's ``exclude`` (for integrations that are
    handed files one at a time rather than discovering them)."""
    from lambda_lint.globs import matches_any

    return matches_any(path, settings.exclude, settings.root) is not None
