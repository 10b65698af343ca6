"""A document with duplicate keys, read as CloudFormation reads it: the last value wins.

The parsers refuse a mapping that repeats a key (YAML and JSON both call that an
error), and report where the repetition is. CloudFormation accepts such a template
and deploys the last occurrence of the key, for YAML and JSON alike (see
docs/aws-facts.md#duplicate-keys), so a typo that repeats a key must not hide every
other finding in the file. Here the repeated key's text is replaced by a
same-length placeholder, so every span stays where it is, the text is parsed
again, and the placeholder's value then replaces the first one in the tree. The
parsers are used as they are: only what they report about the duplicate is read.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from lambda_lint.lines import line_starts
from lambda_lint.parsing import MDict, ParsedDocument, ParseError, parse_text

_DUPLICATE = re.compile(r"duplicate key '(.*)' \(first defined at line [0-9]+\)", re.DOTALL)
# Duplicates resolved per file at most; past that the file stays one LL001.
MAX_DUPLICATES = 100
_PLACEHOLDER_BASE = 0xE000  # Unicode private use: no template writes these as keys
_QUOTES = ("'", '"')


def is_duplicate_key(error: ParseError) -> bool:
    return _DUPLICATE.fullmatch(error.message) is not None


def parse_last_wins(
    text: str, name: str, first: ParseError
) -> tuple[ParsedDocument, list[ParseError]] | None:
    """The document with each repeated key's last value, and the duplicate-key errors
    (each at its repetition); None when it cannot be read so (another error, a key
    written over several lines, too many duplicates)."""
    errors = [first]
    starts = line_starts(text)
    current = text
    placeholders: list[tuple[str, str]] = []  # (placeholder, key), in the order found
    while True:
        error = errors[-1]
        edited = _with_placeholder(current, starts, error, len(placeholders))
        if edited is None or len(errors) > MAX_DUPLICATES:
            return None
        current, placeholder, key = edited
        placeholders.append((placeholder, key))
        try:
            doc = parse_text(current, name)
        except ParseError as exc:
            if not is_duplicate_key(exc):
                return None
            errors.append(exc)
            continue
        _restore(doc.root, placeholders)
        return replace(doc, text=text), errors


def _with_placeholder(
    text: str, starts: list[int], error: ParseError, index: int
) -> tuple[str, str, str] | None:
    """``text`` with the key the error points at replaced by a placeholder of its length."""
    if error.end_line != error.line or not 1 <= error.line <= len(starts):
        return None
    start = starts[error.line - 1] + error.column - 1
    end = starts[error.line - 1] + error.end_column - 1
    written = text[start:end]
    quoted = len(written) >= 2 and written[0] in _QUOTES and written[-1] == written[0]
    inner = written[1:-1] if quoted else written
    if not inner or "\n" in written or "\r" in written:
        return None
    match = _DUPLICATE.fullmatch(error.message)
    if match is None:
        return None
    key = match.group(1)
    placeholder = chr(_PLACEHOLDER_BASE + index) * len(inner)
    spelled = f"{written[0]}{placeholder}{written[0]}" if quoted else placeholder
    return text[:start] + spelled + text[end:], placeholder, key


def _restore(root: Any, placeholders: list[tuple[str, str]]) -> None:
    """Give each placeholder's value (and spans) to its key: the later occurrence wins."""
    stack = [root]
    seen: set[int] = set()  # YAML aliases share nodes: each is visited once
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MDict):
            for placeholder, key in placeholders:
                if placeholder in node:
                    node[key] = node.pop(placeholder)
                    node.key_spans[key] = node.key_spans.pop(placeholder)
                    node.value_spans[key] = node.value_spans.pop(placeholder)
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
