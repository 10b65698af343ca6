"""The rule catalogue: built-in rules, third-party rule packs and local rule folders.

Third-party packs register an entry point in the group ``lambda_lint.rules`` whose
object is a Rule subclass or a sequence of them. Local folders (``rules-dirs`` in
the configuration) hold modules whose Rule subclasses are loaded as they are.
Codes are public API: a plugin that reuses a code is an error, never a silent
override.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from lambda_lint.findings import Severity
from lambda_lint.rule import Rule

ENTRY_POINT_GROUP = "lambda_lint.rules"


class PluginError(ValueError):
    """A rule pack or rule folder that cannot be loaded."""


def all_rules() -> tuple[type[Rule], ...]:
    """Every built-in rule, sorted by code."""
    # ``lambda_lint.rules`` is the top-level ``rules/`` folder, mapped at install time.
    from lambda_lint.rules import ALL_RULES

    rules: tuple[type[Rule], ...] = ALL_RULES
    return rules


def find_rule(selector: str, rules: Iterable[type[Rule]] | None = None) -> type[Rule] | None:
    """The rule with this code (any case) or name, or None."""
    wanted = selector.strip()
    for rule in all_rules() if rules is None else rules:
        if rule.code == wanted.upper() or rule.name == wanted.lower():
            return rule
    return None


def _rule_classes(namespace: Iterable[Any]) -> list[type[Rule]]:
    return [
        item
        for item in namespace
        if inspect.isclass(item)
        and issubclass(item, Rule)
        and item is not Rule
        and isinstance(getattr(item, "code", None), str)
    ]


def _entry_points() -> list[tuple[str, str]]:
    """``(name, "module:attribute")`` of every ``lambda_lint.rules`` entry point installed.

    Reads the ``entry_points.txt`` of the distributions on ``sys.path`` directly:
    ``importlib.metadata`` would cost 20 ms of imports on every run, which is most of
    a pre-commit run's budget, to find what is almost always nothing.
    """
    found: list[tuple[str, str]] = []
    header = f"[{ENTRY_POINT_GROUP}]"
    for folder in dict.fromkeys(sys.path):
        try:
            entries = [e for e in os.scandir(folder or ".") if e.name.endswith(_METADATA_DIRS)]
        except OSError:
            continue
        for entry in sorted(entries, key=lambda e: e.name):
            try:
                text = Path(entry.path, "entry_points.txt").read_text(encoding="utf-8")
            except OSError:
                continue
            if header in text:
                found.extend(_group(text, header))
    return found


_METADATA_DIRS = (".dist-info", ".egg-info")


def _group(text: str, header: str) -> Iterator[tuple[str, str]]:
    inside = False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("["):
            inside = line == header
        elif inside and "=" in line and not line.startswith(("#", ";")):
            name, value = (part.strip() for part in line.split("=", 1))
            yield name, value


def entry_point_rules() -> list[type[Rule]]:
    """Rules that installed packages register under ``lambda_lint.rules``."""
    found: list[type[Rule]] = []
    for name, value in _entry_points():
        module_name, _, attribute = value.partition(":")
        try:
            loaded: Any = importlib.import_module(module_name.strip())
            for part in attribute.strip().split(".") if attribute.strip() else ():
                loaded = getattr(loaded, part)
        except Exception as exc:
            raise PluginError(f"rule pack {name!r} ({value}) failed: {exc}") from exc
        items = loaded if isinstance(loaded, (list, tuple)) else [loaded]
        rules = _rule_classes(items)
        if not rules:
            raise PluginError(f"rule pack {name!r} ({value}) holds no Rule class")
        found.extend(rules)
    return found


def folder_rules(folders: Sequence[Path]) -> list[type[Rule]]:
    """Rule classes defined in the ``*.py`` modules of local folders."""
    found: list[type[Rule]] = []
    for folder in folders:
        if not folder.is_dir():
            raise PluginError(f"rules-dirs: {folder} is not a folder")
        for path in sorted(folder.glob("*.py")):
            name = f"lambda_lint_local_rules.{folder.name}.{path.stem}"
            spec = importlib.util.spec_from_file_location(name, path)
            if spec is None or spec.loader is None:
                raise PluginError(f"rules-dirs: cannot import {path}")
            module = importlib.util.module_from_spec(spec)
            try:
                spec.loader.exec_module(module)
            except Exception as exc:
                raise PluginError(f"rules-dirs: {path} failed: {exc}") from exc
            found.extend(
                rule
                for rule in _rule_classes(vars(module).values())
                if rule.__module__ == module.__name__
            )
    return found


# A third-party code: a prefix of 1-4 capital letters other than ``LL`` (ours), 3 digits.
_THIRD_PARTY_CODE = re.compile(r"(?!LL[0-9])[A-Z]{1,4}[0-9]{3}")
_KEBAB_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def check_third_party(rule: type[Rule]) -> None:
    """Refuse a rule pack's or local folder's rule whose code, name, message or severity
    would break selection, suppressions or the report formats."""
    where = f"{rule.__module__}.{rule.__name__}"
    code = getattr(rule, "code", None)
    if not isinstance(code, str) or not _THIRD_PARTY_CODE.fullmatch(code):
        raise PluginError(
            f"rule {where}: code {code!r} must be 1 to 4 capital letters other than LL, "
            "then 3 digits (e.g. ORG101)"
        )
    name = getattr(rule, "name", None)
    if not isinstance(name, str) or not _KEBAB_NAME.fullmatch(name):
        raise PluginError(f"rule {where} ({code}): name {name!r} must be kebab-case")
    if not isinstance(getattr(rule, "message", None), str):
        raise PluginError(f"rule {where} ({code}): message must be a string template")
    if not isinstance(getattr(rule, "severity", None), Severity):
        raise PluginError(f"rule {where} ({code}): severity must be a lambda_lint Severity")


def catalogue(rules_dirs: Sequence[Path] = (), plugins: bool = True) -> tuple[type[Rule], ...]:
    """Built-in rules, then rule packs and local rules, checked for clashing codes."""
    rules = list(all_rules())
    third_party = entry_point_rules() if plugins else []
    third_party += folder_rules(rules_dirs)
    for rule in third_party:
        if rule.code not in {known.code for known in rules}:  # a clash is reported below
            check_third_party(rule)
    rules += third_party
    seen: dict[str, type[Rule]] = {}
    for rule in rules:
        other = seen.setdefault(rule.code, rule)
        if other is not rule:
            raise PluginError(
                f"rule code {rule.code} is defined twice: {other.__module__}.{other.__name__} "
                f"and {rule.__module__}.{rule.__name__}"
            )
    return tuple(sorted(rules, key=lambda rule: rule.code))
