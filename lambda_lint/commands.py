"""``lambda-lint rule`` and ``lambda-lint rules``: the catalogue from the rules themselves.

Both show what ``check`` would run: the built-in rules and those of installed rule packs
(the ``lambda_lint.rules`` entry point), so a pack's users read its rules where they read
the built-in ones.
"""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path
from string import Formatter
from typing import TextIO

from lambda_lint.registry import PluginError, catalogue, find_rule
from lambda_lint.rule import Rule


def _rules(rules_dirs: tuple[Path, ...] = ()) -> tuple[type[Rule], ...] | None:
    """Built-in, installed and local (``rules-dirs``) rules, or None after saying why a
    rule pack or folder cannot load."""
    try:
        return catalogue(rules_dirs)
    except PluginError as exc:
        sys.stderr.write(f"lambda-lint: error: {exc}\n")
        return None


def explain_rule(selector: str, stream: TextIO, rules_dirs: tuple[Path, ...] = ()) -> int:
    """Print a rule's code, name, severity and documentation (its docstring); an unknown
    rule is an error on stderr, with the nearest codes or names."""
    rules = _rules(rules_dirs)
    if rules is None:
        return 2
    rule = find_rule(selector, rules)
    if rule is None:
        from lambda_lint.engine import printable
        from lambda_lint.selection import suggestion

        shown = printable(selector)
        sys.stderr.write(
            f"lambda-lint: error: no rule named '{shown}'{suggestion(selector, rules)} "
            "(see `lambda-lint rules`)\n"
        )
        return 2
    stream.write(f"# {rule.name} ({rule.code})\n\n")
    stream.write(f"Default severity: {rule.severity.value}\n")
    if not rule.enabled_by_default:
        stream.write("Off by default: enable it with --extend-select.\n")
    stream.write(_templates(rule))
    stream.write(_options(rule))
    if rule.help_url:
        stream.write(f"Help: {rule.help_url}\n")
    if rule.reference_url:
        stream.write(f"AWS: {rule.reference_url}\n")
    stream.write("\n" + inspect.cleandoc(rule.__doc__ or "") + "\n")
    return 0


def _templates(rule: type[Rule]) -> str:
    """The message templates, one a line, named when the rule has several."""
    templates = {name: readable(text) for name, text in rule.templates().items()}
    if list(templates) == ["default"]:
        return f"Message: {templates['default']}\n"
    width = max(len(name) for name in templates)
    lines = [f"  {name + ':':<{width + 1}} {text}\n" for name, text in templates.items()]
    return "Messages:\n" + "".join(lines)


def readable(template: str) -> str:
    """``{size:,}`` as ``{size}``: the format spec says how a value is written, not what."""
    return "".join(
        literal + ("" if name is None else "{" + name + "}")
        for literal, name, _, _ in Formatter().parse(template)
    )


def _options(rule: type[Rule]) -> str:
    """The options a configuration may set, from the rule's JSON Schema."""
    lines = option_lines(rule)
    if not lines:
        return ""
    heading = f"Options ([tool.lambda-lint.rules.{rule.code}]):\n"
    return heading + "".join(f"  {line}\n" for line in lines)


def option_lines(rule: type[Rule]) -> list[str]:
    """One line per option: its name, type, range or choices, and description."""
    lines = []
    for name, schema in rule.options_schema.items():
        facts = [str(schema.get("type", "any"))]
        if "minimum" in schema or "maximum" in schema:
            facts.append(f"{schema.get('minimum', '')} to {schema.get('maximum', '')}".strip())
        if "enum" in schema:
            facts.append("one of " + ", ".join(map(repr, schema["enum"])))
        description = schema.get("description", "")
        lines.append(f"{name} ({', '.join(facts)}){': ' + description if description else ''}")
    return lines


def list_rules(output_format: str, stream: TextIO, rules_dirs: tuple[Path, ...] = ()) -> int:
    """Print the catalogue as a table or as JSON."""
    rules = _rules(rules_dirs)
    if rules is None:
        return 2
    if output_format == "json":
        entries = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "summary": r.summary(),
                "enabled_by_default": r.enabled_by_default,
                "help_url": r.help_url,
                "reference_url": r.reference_url,
                "messages": r.templates(),
                "options": dict(r.options_schema),
            }
            for r in rules
        ]
        json.dump(entries, stream, indent=2)
        stream.write("\n")
        return 0
    width = max((len(r.code) for r in rules), default=5)  # ORG101 is longer than LL101
    for r in rules:
        stream.write(f"{r.code:<{width}}  {r.name:<38} {r.severity.value:<8} {r.summary()}\n")
    return 0
