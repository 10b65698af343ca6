"""Rule pages: ``docs/rules/<CODE>.md`` and their index, written from the rules themselves.

Each built-in rule's ``help_url`` points at its page (``rule.RULE_PAGES``); the page
holds what ``lambda-lint rule CODE`` prints (severity, messages, options) and the
docstring, with its ``docs/aws-facts.md`` citations and AWS references as links. The
pages are generated (``python scripts/rule_pages.py``) and a test fails when one is
stale, so a rule's documentation is written once, in its docstring.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence

from lambda_lint.rule import Rule

PAGES_DIR = "docs/rules"
INDEX = "README.md"
REGENERATE = "python scripts/rule_pages.py"
_CITATION = re.compile(r"(?<![(\[/])docs/aws-facts\.md(#[a-z0-9-]+)?")
_URL = re.compile(r"(?<![(<])(https:/{2}[^\s)>]+)")  # /{2}: "//" spells a format


def pages(rules: Sequence[type[Rule]]) -> dict[str, str]:
    """File name (under ``docs/rules``) -> Markdown, for every rule and the index."""
    found = {f"{rule.code}.md": page(rule) for rule in rules}
    found[INDEX] = index(rules)
    return found


def _header() -> str:
    return f"<!-- Generated from the rule's docstring by `{REGENERATE}`: do not edit. -->\n\n"


def page(rule: type[Rule]) -> str:
    """One rule's page."""
    from lambda_lint.commands import option_lines, readable

    doc = inspect.cleandoc(rule.__doc__ or "")
    summary, _, body = doc.partition("\n")
    lines = [
        _header(),
        f"# {rule.code} {rule.name}\n\n",
        f"{summary.strip()}\n\n",
        f"- Severity: {rule.severity.value}\n",
        "- Enabled by default: "
        + ("yes" if rule.enabled_by_default else "no (enable it with `--extend-select`)")
        + "\n",
    ]
    if rule.reported_by_engine:
        lines.append("- Reported by lambda-lint itself, about files, rules and suppressions\n")
    templates = {name: readable(text) for name, text in rule.templates().items()}
    if list(templates) == ["default"]:
        lines.append(f"- Message: `{templates['default']}`\n")
    else:
        lines.append("- Messages:\n")
        lines += [f"  - {name}: `{text}`\n" for name, text in templates.items()]
    options = option_lines(rule)
    if options:
        lines.append(f"- Options (`[tool.lambda-lint.rules.{rule.code}]`):\n")
        lines += [f"  - {line}\n" for line in options]
    lines.append(f"\n{_linked(body.strip())}\n")
    if rule.reference_url and rule.reference_url not in body:
        lines.append(f"\nAWS documentation: <{rule.reference_url}>\n")
    return "".join(lines)


def _linked(text: str) -> str:
    """Citations and URLs as Markdown links; the pages sit in ``docs/rules/``."""
    text = _CITATION.sub(
        lambda m: f"[aws-facts{m.group(1) or ''}](../aws-facts.md{m.group(1) or ''})", text
    )
    return _URL.sub(r"<\1>", text)


def _cell(text: str) -> str:
    """Text for a Markdown table cell (a ``|`` would end it)."""
    return text.replace("|", "\\|")


def index(rules: Sequence[type[Rule]]) -> str:
    """The table of every rule, linking each page."""
    rows = [
        f"| [{r.code}]({r.code}.md) | {r.name} | {r.severity.value} | "
        f"{'yes' if r.enabled_by_default else 'no'} | {_cell(r.summary())} |\n"
        for r in rules
    ]
    return (
        _header()
        + "# Rules\n\n"
        + "Every built-in rule; `lambda-lint rule CODE` prints the same page in the terminal.\n\n"
        + "| code | name | severity | default | what it reports |\n"
        + "|---|---|---|---|---|\n"
        + "".join(rows)
    )
