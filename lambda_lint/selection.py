"""Which rules run: ``--select``/``--ignore``/``--extend-select`` with ruff's semantics.

A selector is a full code (``LL101``), a prefix (``LL1``, ``LL``), ``ALL`` or a
rule name (``env-vars-too-large``). For each rule the most specific matching
selector decides; on a tie ``ignore`` wins. Unknown selectors are usage errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lambda_lint.rule import Rule


class SelectorError(ValueError):
    """A selector that matches no rule."""


def _specificity(selector: str, rule: type[Rule]) -> int:
    """How specifically ``selector`` matches ``rule`` (0 = no match)."""
    if selector == "ALL":
        return 1
    if selector == rule.name:
        return 100
    if rule.code.startswith(selector):
        return 1 + len(selector)
    return 0


def validate(selectors: Iterable[str], rules: Sequence[type[Rule]]) -> None:
    for selector in selectors:
        if not any(_specificity(selector, rule) for rule in rules):
            raise SelectorError(f"unknown rule selector '{selector}'")


def select_rules(
    rules: Sequence[type[Rule]],
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
) -> list[type[Rule]]:
    """The rules to run, in catalogue order; ``always_reported`` rules (LL001) whatever
    the selectors say, as ruff reports syntax errors under any selection."""
    validate([*(select or ()), *ignore, *extend_select], rules)
    chosen = []
    for rule in rules:
        if select is None:
            best_select = 1 if rule.enabled_by_default else 0
        else:
            best_select = max((_specificity(s, rule) for s in select), default=0)
        # An explicit extend-select / select of the exact code also enables off-by-default rules.
        best_select = max([best_select, *(_specificity(s, rule) for s in extend_select)])
        best_ignore = max((_specificity(s, rule) for s in ignore), default=0)
        if rule.always_reported or (best_select and best_select > best_ignore):
            chosen.append(rule)
    return chosen
