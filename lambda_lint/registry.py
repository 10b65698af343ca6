"""The rule catalogue: built-in rules, looked up by code or name."""

from __future__ import annotations

from lambda_lint.rule import Rule


def all_rules() -> tuple[type[Rule], ...]:
    """Every registered rule, sorted by code."""
    # ``lambda_lint.rules`` is the top-level ``rules/`` folder, mapped at install time.
    from lambda_lint.rules import ALL_RULES

    rules: tuple[type[Rule], ...] = ALL_RULES
    return rules


def find_rule(selector: str) -> type[Rule] | None:
    """The rule with this code (any case) or name, or None."""
    wanted = selector.strip()
    for rule in all_rules():
        if rule.code == wanted.upper() or rule.name == wanted.lower():
            return rule
    return None
