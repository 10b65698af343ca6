"""The literal argument of ``jsonencode(...)`` as the tree its JSON spelling would give.

Policies are usually written ``policy = jsonencode({ Statement = [{ Action = "s3:*" }] })``;
both syntaxes keep that call as expression text (``${jsonencode(...)}``). This reads the
object and tuple constructors and quoted strings of that text in one pass (linear), and
keeps any other expression (a reference, a function call) as the template ``${expr}``,
which the module's resolver then evaluates or leaves unknown. Positions inside the text
are not kept: every node has the span of the whole value.
"""

from __future__ import annotations

from typing import Any

from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span

_CLOSERS = {"(": ")", "[": "]", "{": "}"}
MAX_DEPTH = 64


class _NotLiteral(Exception):
    """The text is not a constructor this reader understands."""


def jsonencode_argument(text: str, span: Span) -> Any:
    """The argument of ``${jsonencode(ARG)}`` as MDict/MList/str nodes, or None."""
    body = text.strip()
    if not (body.startswith("${jsonencode(") and body.endswith(")}")):
        return None
    reader = _Reader(body[len("${jsonencode(") : -2], span)
    try:
        value = reader.value(0)
        reader.blank()
        if reader.at < len(reader.text):
            return None
    except _NotLiteral:
        return None
    return value


class _Reader:
    def __init__(self, text: str, span: Span) -> None:
        self.text = text
        self.at = 0
        self.span = span

    def blank(self, newlines: bool = True) -> None:
        text = self.text
        while self.at < len(text):
            char = text[self.at]
            if char in " \t\r" or (newlines and char == "\n"):
                self.at += 1
            elif char == "#" or text.startswith("//", self.at):
                end = text.find("\n", self.at)
                self.at = len(text) if end < 0 else end
            elif text.startswith("/*", self.at):
                end = text.find("*/", self.at)
                self.at = len(text) if end < 0 else end + 2
            else:
                return

    def value(self, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise _NotLiteral
        self.blank()
        if self.at >= len(self.text):
            raise _NotLiteral
        char = self.text[self.at]
        if char == "{":
            return self.object(depth)
        if char == "[":
            return self.tuple(depth)
        if char == '"':
            return self.string()
        return self.expression()

    def object(self, depth: int) -> MDict:
        self.at += 1
        result = MDict(self.span)
        while True:
            self.blank()
            if self.at >= len(self.text):
                raise _NotLiteral
            if self.text[self.at] == "}":
                self.at += 1
                return result
            key = self.key()
            self.blank(newlines=False)
            if self.at >= len(self.text) or self.text[self.at] not in "=:":
                raise _NotLiteral
            self.at += 1
            result[key] = self.value(depth + 1)
            result.key_spans[key] = self.span
            result.value_spans[key] = self.span
            self.blank(newlines=False)
            if self.at < len(self.text) and self.text[self.at] in ",\n":
                self.at += 1

    def key(self) -> str:
        if self.text[self.at] == '"':
            key = self.string()
            if "${" in key:
                raise _NotLiteral
            return key
        start = self.at
        while self.at < len(self.text) and (
            self.text[self.at].isalnum() or self.text[self.at] in "_-"
        ):
            self.at += 1
        if start == self.at:
            raise _NotLiteral
        return self.text[start : self.at]

    def tuple(self, depth: int) -> MList:
        self.at += 1
        result = MList(self.span)
        while True:
            self.blank()
            if self.at >= len(self.text):
                raise _NotLiteral
            if self.text[self.at] == "]":
                self.at += 1
                return result
            result.append(self.value(depth + 1))
            result.item_spans.append(self.span)
            self.blank()
            if self.at < len(self.text) and self.text[self.at] == ",":
                self.at += 1

    def string(self) -> str:
        """A quoted template, as Terraform's JSON syntax spells it (escapes undone)."""
        text = self.text
        self.at += 1
        out: list[str] = []
        nesting = 0
        while self.at < len(text):
            char = text[self.at]
            if char == "\\" and self.at + 1 < len(text):
                following = text[self.at + 1]
                out.append({"n": "\n", "t": "\t", "r": "\r"}.get(following, following))
                self.at += 2
                continue
            if text.startswith("${", self.at):
                nesting += 1
                out.append("${")
                self.at += 2
                continue
            if char == "}" and nesting:
                nesting -= 1
            elif char == '"' and not nesting:
                self.at += 1
                return "".join(out)
            out.append(char)
            self.at += 1
        raise _NotLiteral

    def expression(self) -> Any:
        """Anything else up to the end of the item: a literal word, or ``${expr}``."""
        text = self.text
        start = self.at
        closers: list[str] = []
        while self.at < len(text):
            char = text[self.at]
            if char == '"':
                self.string()
                continue
            if char in _CLOSERS:
                closers.append(_CLOSERS[char])
            elif closers and char == closers[-1]:
                closers.pop()
            elif not closers and char in ",\n}]":
                break
            self.at += 1
        if closers:
            raise _NotLiteral
        word = text[start : self.at].strip()
        if not word:
            raise _NotLiteral
        if word in ("true", "false"):
            return word == "true"
        if word == "null":
            return None
        if word.lstrip("-").isdigit():
            return int(word)
        return "${" + word + "}"
