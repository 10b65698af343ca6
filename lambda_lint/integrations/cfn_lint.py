"""lambda-lint in cfn-lint: ``cfn-lint --append-rules lambda_lint.integrations.cfn_lint``.

cfn-lint 1.x loads ``--append-rules`` either as a module name (imported) or as a folder
(every ``[A-Za-z1-9]*.py`` file in it imported by path), then instantiates every class
of the module that subclasses its ``CloudFormationLintRule``. This module therefore
defines one class per lambda-lint rule and severity, named after its cfn-lint id.

cfn-lint derives a rule's severity from the first letter of its id (``E`` error,
``W`` warning, ``I`` informational), so each id is that letter followed by our code:
``ELL110``, ``WLL501``. A rule whose findings can have two severities (LL130) has one
class for each (``ELL130``, ``WLL130``), so cfn-lint's exit code, ``--ignore-checks``
and every output format see the right level.

Each class reports the findings of one (code, severity) pair from a single lambda-lint
run per template (cached), with lambda-lint's exact span (line, column, end) and the
JSON path of the node in the template. lambda-lint reads the template file itself, so
templates piped to cfn-lint on standard input are not checked by these rules.

Only the rule catalogue and the configuration are loaded when cfn-lint imports this
module; the parser, the loaders and the rules' checks are imported on the first match.
The rules and their severities follow the nearest lambda-lint configuration above the
working directory, as the ``lambda-lint`` command does.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

from cfnlint.rules import CloudFormationLintRule, RuleMatch  # type: ignore[import-untyped]

from lambda_lint.findings import Severity
from lambda_lint.integrations._cfn_support import (
    FindingCache,
    Located,
    Setup,
    cfn_lint_id,
    load_setup,
    severities,
)
from lambda_lint.rule import Rule

__all__ = ["LambdaLintRule"]


class LambdaLintRule(CloudFormationLintRule):  # type: ignore[misc]
    """Base of the generated rules; its empty id keeps cfn-lint from registering it."""

    id = ""
    tags: ClassVar[list[str]] = ["lambda-lint", "lambda"]
    code: ClassVar[str] = ""
    lambda_severity: ClassVar[Severity] = Severity.ERROR
    # The severity a finding of ``code`` is reported under when it has no class of its own
    # (a third-party rule whose violations change severity): the message then says so.
    fallback_for: ClassVar[tuple[Severity, ...]] = ()

    def match(self, cfn: Any) -> list[Any]:
        """The findings of this rule's code and severity in the template cfn-lint checks."""
        filename = getattr(cfn, "filename", None)
        if not filename:
            return []  # standard input: lambda-lint needs the file for its spans
        matches = []
        for located in _cache().findings(str(filename)):
            finding = located.finding
            if finding.rule != self.code:
                continue
            if finding.severity == self.lambda_severity:
                matches.append(_rule_match(located, ""))
            elif finding.severity in self.fallback_for:
                note = f" (lambda-lint severity: {finding.severity.value})"
                matches.append(_rule_match(located, note))
        return matches


def _rule_match(located: Located, note: str) -> Any:
    """cfn-lint's match: our message and exact span (cfn-lint counts from 0 and adds 1)."""
    finding = located.finding
    return RuleMatch(
        list(located.path),
        finding.message + note,
        location=(
            finding.line - 1,
            finding.column - 1,
            finding.end_line - 1,
            finding.end_column - 1,
        ),
    )


_SETUP: Setup | None = None
_CACHE: FindingCache | None = None


def _setup() -> Setup:
    global _SETUP
    if _SETUP is None:
        from lambda_lint.config import ConfigError
        from lambda_lint.registry import PluginError
        from lambda_lint.selection import SelectorError

        try:
            _SETUP = load_setup(Path.cwd())
        except (ConfigError, PluginError, SelectorError) as exc:
            # cfn-lint reports an ImportError from --append-rules as a clear error.
            raise ImportError(f"lambda-lint: {exc}") from exc
    return _SETUP


def _cache() -> FindingCache:
    global _CACHE
    if _CACHE is None:
        _CACHE = FindingCache(_setup())
    return _CACHE


def _description(rule: type[Rule]) -> str:
    text = f"lambda-lint {rule.code} ({rule.name}): {rule.summary()}"
    return f"{text} See {rule.help_url}" if rule.help_url else text


def rule_classes(setup: Setup) -> dict[str, type[LambdaLintRule]]:
    """One cfn-lint rule class per (lambda-lint rule, severity), keyed by class name."""
    classes: dict[str, type[LambdaLintRule]] = {}
    for rule in setup.rules:
        levels = severities(rule, setup.settings.severity)
        others = tuple(level for level in Severity if level not in levels)
        for index, level in enumerate(levels):
            rule_id = cfn_lint_id(rule.code, level)
            name = re.sub(r"\W", "_", rule_id)
            classes[name] = type(
                name,
                (LambdaLintRule,),
                {
                    "__module__": __name__,
                    "__doc__": f"lambda-lint {rule.code} ({rule.name}) at {level.value} level.",
                    "id": rule_id,
                    "shortdesc": rule.summary() or rule.name,
                    "description": _description(rule),
                    "source_url": rule.help_url,
                    "code": rule.code,
                    "lambda_severity": level,
                    "fallback_for": others if index == 0 else (),
                },
            )
    return classes


globals().update(rule_classes(_setup()))
