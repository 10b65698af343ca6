"""Terraform HCL (``.tf``, ``.tfvars``) into the marked tree its JSON syntax would give.

The module loader already implements Terraform's semantics over ``*.tf.json``
trees (:mod:`lambda_lint.loaders.terraform.module`), so an HCL file is converted
into exactly the tree the equivalent ``.tf.json`` would parse to, and every rule
works on HCL unchanged, with the same codes:

- ``resource "t" "n" { ... }`` becomes ``{"resource": [{"t": {"n": {...}}}]}``:
  one list item per block, so a resource declared twice is still seen twice;
- a nested block (``environment { ... }``, ``dynamic "vpc_config" { ... }``) is a
  list of objects under its type, as Terraform's JSON syntax writes blocks;
- literal numbers, booleans, null, strings, lists and objects are values; a
  quoted template or heredoc is the string JSON syntax would hold (``"a-${var.x}"``);
  any other expression (a reference, a call, a conditional...) is the template
  ``"${<its source text>}"``, which the resolver evaluates as far as it can.

Every key and value keeps the exact span of the HCL source it came from (the
attribute's name, the expression, a block's type or label), stamped with its
file. Parsing uses tree-sitter with the HCL grammar, imported here only: a run
without HCL files never loads it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING, Any, NamedTuple

from lambda_lint.lines import line_starts
from lambda_lint.model import Unresolved
from lambda_lint.parsing import MDict, MList, ParseError
from lambda_lint.span import Span

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

MAX_DEPTH = 200  # as the JSON parser: nesting beyond this is refused, not recursed into
MAX_INT_DIGITS = 4300  # Python converts no longer decimal string to an int
_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_SNIPPET = 40  # characters of the source an error message quotes, at most

_parser: Parser | None = None


class HclDocument(NamedTuple):
    """A parsed HCL file: the JSON-syntax tree and where its comments are."""

    root: MDict
    text: str
    comments: tuple[tuple[int, int], ...]  # (start, end) character offsets of each comment


def _get_parser() -> Parser:
    """The tree-sitter parser for HCL, created once per process."""
    global _parser
    if _parser is None:
        import tree_sitter
        import tree_sitter_hcl

        _parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))
    return _parser


class _Positions:
    """Byte offsets (what tree-sitter gives) into spans of characters (what editors count).

    ASCII text needs no mapping. Otherwise the byte offsets of the non-ASCII
    characters are listed once, so mapping an offset is one binary search.
    """

    def __init__(self, text: str, data: bytes, source: str) -> None:
        self.source = source
        self.starts = [*line_starts(text), len(text) + 1]
        self.wide_starts: list[int] = []  # byte offset of each non-ASCII character
        self.extra: list[int] = []  # bytes beyond one, up to and including that character
        if len(data) != len(text):
            total = 0
            for match in re.finditer(r"[^\x00-\x7f]", text):
                self.wide_starts.append(match.start() + total)
                total += len(match.group().encode("utf-8")) - 1
                self.extra.append(total)

    def char(self, byte: int) -> int:
        if not self.wide_starts:
            return byte
        index = bisect_right(self.wide_starts, byte - 1)  # wide characters starting before
        return byte - (self.extra[index - 1] if index else 0)

    def span(self, start_byte: int, end_byte: int) -> Span:
        start, end = self.char(start_byte), self.char(end_byte)
        starts = self.starts
        line = bisect_right(starts, start)
        end_line = line if end < starts[line] else bisect_right(starts, end)
        return Span(
            line,
            start - starts[line - 1] + 1,
            end_line,
            end - starts[end_line - 1] + 1,
            self.source,
        )


def parse_hcl(text: str, source: str = "", literal: bool = False) -> HclDocument:
    """Parse HCL text into its JSON-syntax tree; :class:`ParseError` on any syntax error.

    ``literal`` is for ``.tfvars`` files, whose values Terraform requires to be
    constants: strings are plain text (``$${`` is ``${``) and anything that is not
    a literal is :class:`~lambda_lint.model.Unresolved`.
    """
    data = text.encode("utf-8", "surrogatepass")
    tree = _get_parser().parse(data)
    converter = _Converter(text, data, source, literal)
    top = tree.root_node
    if top.has_error:
        raise converter.syntax_error(top)
    root = MDict(converter.span(top))
    for child in top.children:
        if child.type == "body":
            converter.body(child, root, 0)
    # Comment positions are needed only for suppressions, which all name lambda-lint.
    comments = _comments(top, converter) if "lambda-lint" in text else []
    return HclDocument(root, text, tuple(comments))


def _comments(top: Node, converter: _Converter) -> list[tuple[int, int]]:
    """Every comment of the file, in order (tree-sitter keeps them as extra nodes)."""
    found: list[tuple[int, int]] = []
    stack = [top]
    while stack:
        node = stack.pop()
        if node.type == "comment":
            found.append(converter.offsets(node))
        elif node.child_count:
            stack.extend(reversed(node.children))
    return found


class _Converter:
    """Walks one tree-sitter tree and builds the marked JSON-syntax tree."""

    def __init__(self, text: str, data: bytes, source: str, literal: bool) -> None:
        self.text = text
        self.data = data
        self.literal = literal
        self.positions = _Positions(text, data, source)

    def span(self, node: Node) -> Span:
        return self.positions.span(node.start_byte, node.end_byte)

    def offsets(self, node: Node) -> tuple[int, int]:
        return self.positions.char(node.start_byte), self.positions.char(node.end_byte)

    def source(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "surrogatepass")

    def error(self, message: str, node: Node) -> ParseError:
        span = self.span(node)
        end_column = span.end_column if span.end_line == span.line else span.column + 1
        return ParseError(message, span.line, span.column, span.line, max(end_column, span.column))

    def syntax_error(self, top: Node) -> ParseError:
        """The first ERROR or MISSING node, as Terraform would report it: where and what."""
        node = top
        while True:
            if node.is_missing:
                expected = node.type if len(node.type) <= 2 else node.type.replace("_", " ")
                return self.error(f"HCL syntax error: expected {expected!r} here", node)
            if node.is_error:
                opened = [c for c in node.children if c.type == "quoted_template_start"]
                if opened:  # an unclosed string swallows the rest: point at its quote
                    return self.error(
                        "HCL syntax error: this string is not closed on its line", opened[-1]
                    )
                snippet = self.source(node).split("\n", 1)[0].strip()[:_SNIPPET]
                return self.error(f"HCL syntax error: cannot parse {snippet!r}", node)
            inner = next((c for c in node.children if c.has_error), None)
            if inner is None:  # has_error without an error child: report the node itself
                return self.error("HCL syntax error", node)
            node = inner

    # -- bodies ----------------------------------------------------------------------------

    def body(self, node: Node, target: MDict, depth: int) -> None:
        """Attributes and blocks of ``node`` into ``target`` (Terraform's JSON shape)."""
        if depth > MAX_DEPTH:
            raise self.error(f"nesting deeper than {MAX_DEPTH} levels", node)
        blocks: set[str] = set()
        for child in node.children:
            kind = child.type
            if kind == "attribute":
                name_node = child.children[0]
                name = self.source(name_node)
                expression = child.children[-1]
                if name in target:
                    first = target.key_spans[name]
                    raise self.error(
                        f"duplicate argument '{name}' (first defined at line {first.line}); "
                        "Terraform rejects it",
                        name_node,
                    )
                target[name] = self.value(expression, depth + 1)
                target.key_spans[name] = self.span(name_node)
                target.value_spans[name] = self.span(expression)
            elif kind == "block":
                self.block(child, target, blocks, depth + 1)

    def block(self, node: Node, target: MDict, blocks: set[str], depth: int) -> None:
        """``type "label"... { body }``: appended to the list of ``type`` blocks."""
        type_node = node.children[0]
        kind = self.source(type_node)
        block_span = self.span(node)
        content = MDict(block_span)
        labels: list[Node] = []
        for child in node.children[1:]:
            if child.type in ("string_lit", "identifier"):
                labels.append(child)
            elif child.type == "body":
                self.body(child, content, depth)
        wrapped: Any = content
        for label in reversed(labels):
            outer = MDict(block_span)
            name = self.label(label)
            outer[name] = wrapped
            outer.key_spans[name] = self.span(label)
            outer.value_spans[name] = block_span
            wrapped = outer
        if kind not in target:
            listed = MList(block_span)
            target[kind] = listed
            target.key_spans[kind] = self.span(type_node)
            target.value_spans[kind] = block_span
            blocks.add(kind)
        elif kind not in blocks:
            first = target.key_spans[kind]
            raise self.error(
                f"'{kind}' is both an argument and a block (the argument is at line "
                f"{first.line}); Terraform rejects it",
                type_node,
            )
        listed = target[kind]
        listed.append(wrapped)
        listed.item_spans.append(block_span)

    def label(self, node: Node) -> str:
        if node.type == "identifier":
            return self.source(node)
        return "".join(
            _unescape(self.source(part))
            for part in node.children
            if part.type == "template_literal"
        )

    # -- expressions -----------------------------------------------------------------------

    def value(self, node: Node, depth: int) -> Any:
        """An ``expression`` node as Terraform's JSON syntax would hold it."""
        if depth > MAX_DEPTH:
            raise self.error(f"nesting deeper than {MAX_DEPTH} levels", node)
        node = _unparenthesized(node)
        inner = node.named_children
        if len(inner) == 1 and node.child_count == 1:
            child = inner[0]
            kind = child.type
            if kind == "literal_value":
                return self.literal_value(child.children[0])
            if kind == "collection_value":
                collection = child.children[0]
                if collection.type == "tuple":
                    return self.tuple(collection, depth)
                return self.object(collection, depth)
            if kind == "template_expr":
                template = child.children[0]
                if template.type == "heredoc_template":
                    return self.heredoc(template)
                return self.quoted(template)
        return self.expression(node)

    def expression(self, node: Node) -> Any:
        """Any other expression: the template ``${...}`` of its source (unknown in tfvars)."""
        text = self.source(node)
        if self.literal:
            return Unresolved(text)
        return "${" + text + "}"

    def literal_value(self, node: Node) -> Any:
        kind = node.type
        if kind == "numeric_lit":
            text = self.source(node)
            if text.isdigit():
                if len(text) > MAX_INT_DIGITS:
                    return Unresolved(text) if self.literal else "${" + text + "}"
                return int(text)
            return float(text)
        if kind == "bool_lit":
            return self.source(node) == "true"
        if kind == "null_lit":
            return None
        return self.quoted(node)  # string_lit: a quoted template without interpolation

    def quoted(self, node: Node) -> Any:
        """A quoted template: its literal parts unescaped, its ``${}``/``%{}`` as written."""
        parts: list[str] = []
        for part in node.children:
            kind = part.type
            if kind == "template_literal":
                parts.append(_unescape(self.source(part)))
            elif kind in ("template_interpolation", "template_directive"):
                if self.literal:
                    return Unresolved(self.source(node))
                parts.append(self.source(part))
        text = "".join(parts)
        if self.literal:
            return text.replace("$${", "${").replace("%%{", "%{")
        return text

    def heredoc(self, node: Node) -> Any:
        """A heredoc's lines (``<<-`` strips their common indentation); no escapes in it."""
        children = node.children
        identifiers = [c for c in children if c.type == "heredoc_identifier"]
        if len(identifiers) < 2:
            return ""
        opening, closing = identifiers[0], identifiers[-1]
        start = self.data.find(b"\n", opening.end_byte)
        start = opening.end_byte if start < 0 else start + 1
        end = self.data.rfind(b"\n", 0, closing.start_byte) + 1
        body = self.data[start : max(start, end)].decode("utf-8", "surrogatepass")
        if children[0].type == "heredoc_start" and self.source(children[0]) == "<<-":
            lines = body.split("\n")
            indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
            cut = min(indents, default=0)
            body = "\n".join(line[cut:] for line in lines)
        if self.literal:
            if any(c.type in ("template_interpolation", "template_directive") for c in children):
                return Unresolved(self.source(node))
            return body.replace("$${", "${").replace("%%{", "%{")
        return body

    def tuple(self, node: Node, depth: int) -> MList:
        result = MList(self.span(node))
        for child in node.children:
            if child.type == "expression":
                result.append(self.value(child, depth + 1))
                result.item_spans.append(self.span(child))
        return result

    def object(self, node: Node, depth: int) -> MDict:
        result = MDict(self.span(node))
        for element in node.children:
            if element.type != "object_elem":
                continue
            expressions = [c for c in element.children if c.type == "expression"]
            if len(expressions) != 2:
                continue
            key_node, value_node = expressions
            key = self.key(key_node)
            if key in result:
                first = result.key_spans[key]
                raise self.error(
                    f"duplicate key '{key}' (first defined at line {first.line})", key_node
                )
            result[key] = self.value(value_node, depth + 1)
            result.key_spans[key] = self.span(key_node)
            result.value_spans[key] = self.span(value_node)
        return result

    def key(self, node: Node) -> str:
        """An object key: a bare name or a literal string as itself, else a template."""
        node = _unparenthesized(node)
        children = node.children
        if len(children) == 1:
            child = children[0]
            if child.type == "variable_expr":
                return self.source(child)
            if child.type == "literal_value" and child.children[0].type == "string_lit":
                found = self.quoted(child.children[0])
                if isinstance(found, str):
                    return found
            if child.type == "template_expr" and child.children[0].type == "quoted_template":
                found = self.quoted(child.children[0])
                if isinstance(found, str):
                    return found
        return "${" + self.source(node) + "}"


def _unparenthesized(node: Node) -> Node:
    """``(expression)`` is its expression (HCL writes a computed object key so)."""
    while node.child_count == 3 and node.children[0].type == "(":
        inner = node.children[1]
        if inner.type != "expression":
            break
        node = inner
    return node


def _unescape(text: str) -> str:
    """HCL's escapes in a quoted string (``\\n``, ``\\"``, ``\\u00e9``...)."""
    if "\\" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        escape = match.group()
        letter = escape[1]
        if letter in ("u", "U"):
            try:
                return chr(int(escape[2:], 16))
            except (ValueError, OverflowError):
                return escape
        return _SIMPLE_ESCAPES.get(letter, escape)

    return _ESCAPE.sub(replace, text)
