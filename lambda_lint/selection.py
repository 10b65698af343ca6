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
            raise SelectorError(f"unknown rule selector '{selector}'{suggestion(selector, rules)}")


_LOOK_ALIKE = str.maketrans("OIL", "011")


def suggestion(selector: str, rules: Sequence[type[Rule]]) -> str:
    """``; did you mean 'LL110'?`` with the nearest codes or names, or ``""``."""
    import difflib  # only for a typo

    candidates = [rule.code for rule in rules] + [rule.name for rule in rules]
    wanted = selector.strip()
    codes = [c for c in candidates if c.isupper()]
    digits = wanted.upper()[:2] + wanted.upper()[2:].translate(_LOOK_ALIKE)  # LL11O: LL110
    close = [digits] if digits in codes else []
    close += difflib.get_close_matches(wanted.upper(), codes, 3, cutoff=0.75)
    close += difflib.get_close_matches(wanted.lower(), [c for c in candidates if c.islower()], 3)
    if not close:
        return ""
    shown = list(dict.fromkeys(close))[:3]
    return "; did you mean " + " or ".join(f"'{c}'" for c in shown) + "?"


def codes_of(selector: str, rules: Sequence[type[Rule]]) -> list[str]:
    """The codes a selector names (a code, a prefix, a name or ``ALL``), as ``--select``
    reads it; raises :class:`SelectorError` for one that names no rule."""
    validate([selector], rules)
    return [rule.code for rule in rules if _specificity(selector, rule)]


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
