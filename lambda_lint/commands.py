"""``lambda-lint rule`` and ``lambda-lint rules``: the catalogue from the rules themselves."""

from __future__ import annotations

import inspect
import json
from typing import TextIO

from lambda_lint.registry import all_rules, find_rule


def explain_rule(selector: str, stream: TextIO) -> int:
    """Print a rule's code, name, severity and documentation (its docstring)."""
    rule = find_rule(selector)
    if rule is None:
        from lambda_lint.engine import printable

        shown = printable(selector)
        stream.write(f"lambda-lint: error: no rule named '{shown}' (see `lambda-lint rules`)\n")
        return 2
    stream.write(f"# {rule.name} ({rule.code})\n\n")
    stream.write(f"Default severity: {rule.severity.value}\n")
    if not rule.enabled_by_default:
        stream.write("Off by default: enable it with --extend-select.\n")
    stream.write(f"Message: {rule.message}\n")
    if rule.help_url:
        stream.write(f"Help: {rule.help_url}\n")
    stream.write("\n" + inspect.cleandoc(rule.__doc__ or "") + "\n")
    return 0


def list_rules(output_format: str, stream: TextIO) -> int:
    """Print the catalogue as a table or as JSON."""
    rules = all_rules()
    if output_format == "json":
        entries = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "summary": r.summary(),
                "enabled_by_default": r.enabled_by_default,
                "help_url": r.help_url,
            }
            for r in rules
        ]
        json.dump(entries, stream, indent=2)
        stream.write("\n")
        return 0
    for r in rules:
        stream.write(f"{r.code}  {r.name:<38} {r.severity.value:<8} {r.summary()}\n")
    return 0
