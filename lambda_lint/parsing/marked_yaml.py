"""YAML (with CloudFormation short-form tags) into marked trees.

libyaml's composer (PyYAML's C extension, when present) builds the node graph;
this module turns nodes into :class:`MDict`/:class:`MList` with spans. Only the
node graph is produced by YAML, never Python objects, so no constructor can run
arbitrary code and aliases are expanded under a budget (billion-laughs safe).
"""

from __future__ import annotations

import bisect
from typing import Any

import yaml

from lambda_lint.parsing.errors import ParseError
from lambda_lint.parsing.nodes import MDict, MList, ParsedDocument
from lambda_lint.span import Span

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 200
MAX_EXPANDED_NODES = 2_000_000

# CloudFormation short-form tags and the long form they stand for.
_SHORT_TAGS = {
    "!Ref": "Ref",
    "!Condition": "Condition",
    "!GetAtt": "Fn::GetAtt",
    "!Sub": "Fn::Sub",
    "!If": "Fn::If",
    "!Join": "Fn::Join",
    "!Select": "Fn::Select",
    "!GetAZs": "Fn::GetAZs",
    "!ImportValue": "Fn::ImportValue",
    "!FindInMap": "Fn::FindInMap",
    "!Equals": "Fn::Equals",
    "!And": "Fn::And",
    "!Or": "Fn::Or",
    "!Not": "Fn::Not",
    "!Base64": "Fn::Base64",
    "!Split": "Fn::Split",
    "!Cidr": "Fn::Cidr",
    "!Transform": "Fn::Transform",
    "!Length": "Fn::Length",
    "!ToJsonString": "Fn::ToJsonString",
    "!ForEach": "Fn::ForEach",
}
_CORE = "tag:yaml.org,2002:"
_constructor = yaml.constructor.SafeConstructor()


class _Converter:
    """Turns one composed node graph into marked containers."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = _line_starts(text)
        self.unknown_tags: list[tuple[str, Span]] = []
        self.memo: dict[int, tuple[Any, int]] = {}
        self.expanded = 0

    def span(self, node: yaml.Node) -> Span:
        start, end = node.start_mark, node.end_mark
        end_line, end_col = end.line, end.column
        if end_col == 0 and end_line > start.line:
            end_line, end_col = self._end_of_previous_content(end.index)
        return Span(start.line + 1, start.column + 1, end_line + 1, end_col + 1)

    def _end_of_previous_content(self, index: int) -> tuple[int, int]:
        """Block nodes end where the next token starts; move back to the last content."""
        i = min(index, len(self.text)) - 1
        while i > 0 and self.text[i] in " \t\r\n":
            i -= 1
        line = bisect.bisect_right(self.line_starts, i) - 1
        return line, i - self.line_starts[line] + 1

    def convert(self, node: yaml.Node, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            s = self.span(node)
            raise ParseError(f"nesting deeper than {MAX_DEPTH} levels", s.line, s.column)
        key = id(node)
        cached = self.memo.get(key)
        if cached is not None:  # an alias: reuse the value, but count its full size
            value, size = cached
            self._count(size, node)
            return value
        before = self.expanded
        value = self._convert_new(node, depth)
        self.memo[key] = (value, self.expanded - before)
        return value

    def _count(self, size: int, node: yaml.Node) -> None:
        self.expanded += size
        if self.expanded > MAX_EXPANDED_NODES:
            s = self.span(node)
            raise ParseError(
                f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} nodes "
                "(an alias bomb?); refusing to expand",
                s.line,
                s.column,
            )

    def _convert_new(self, node: yaml.Node, depth: int) -> Any:
        self._count(1, node)
        tag = node.tag
        short = _SHORT_TAGS.get(tag)
        if short is not None:
            return self._intrinsic(short, node, depth)
        if isinstance(node, yaml.MappingNode):
            if not tag.startswith(_CORE) and tag != "!":
                self.unknown_tags.append((tag, self.span(node)))
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            if not tag.startswith(_CORE) and tag != "!":
                self.unknown_tags.append((tag, self.span(node)))
            return self._sequence(node, depth)
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        tag = node.tag
        if tag == _CORE + "str" or not tag.startswith(_CORE):
            if not tag.startswith(_CORE) and tag != "!":
                self.unknown_tags.append((tag, self.span(node)))
            return node.value
        kind = tag[len(_CORE) :]
        assert isinstance(node, yaml.ScalarNode)
        try:
            if kind == "int":
                return _constructor.construct_yaml_int(node)
            if kind == "float":
                return _constructor.construct_yaml_float(node)
            if kind == "bool":
                return _constructor.construct_yaml_bool(node)
            if kind == "null":
                return None
        except (ValueError, yaml.YAMLError):
            return node.value
        # timestamps, binary, merge keys...: CloudFormation sees the text as written
        # (e.g. a policy's ``Version: 2012-10-17`` is a string).
        return node.value

    def _mapping(self, node: yaml.MappingNode, depth: int) -> MDict:
        result = MDict(self.span(node))
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                s = self.span(key_node)
                raise ParseError("a mapping key must be a plain scalar", s.line, s.column)
            key = str(self._scalar(key_node)) if key_node.tag != _CORE + "null" else "null"
            key_span = self.span(key_node)
            if key in result:
                first = result.key_spans[key]
                raise ParseError(
                    f"duplicate key '{key}' (first defined at line {first.line})",
                    key_span.line,
                    key_span.column,
                    key_span.end_line,
                    key_span.end_column,
                )
            value = self.convert(value_node, depth + 1)
            result[key] = value
            result.key_spans[key] = key_span
            result.value_spans[key] = self.span(value_node)
        if not node.flow_style and node.value:
            last = result.value_spans[str(list(result)[-1])]
            result.span = Span(result.span.line, result.span.column, last.end_line, last.end_column)
        return result

    def _sequence(self, node: yaml.SequenceNode, depth: int) -> MList:
        result = MList(self.span(node))
        for item in node.value:
            result.append(self.convert(item, depth + 1))
            result.item_spans.append(self.span(item))
        if not node.flow_style and node.value:
            last = result.item_spans[-1]
            result.span = Span(result.span.line, result.span.column, last.end_line, last.end_column)
        return result

    def _intrinsic(self, name: str, node: yaml.Node, depth: int) -> MDict:
        span = self.span(node)
        if isinstance(node, yaml.ScalarNode):
            value: Any = node.value
            if name == "Fn::GetAtt":
                resource, _, attribute = str(value).partition(".")
                pair = MList(span)
                pair.extend([resource, attribute])
                pair.item_spans.extend([span, span])
                value = pair
        elif isinstance(node, yaml.MappingNode):
            value = self._mapping(node, depth + 1)
        else:
            value = self._sequence(node, depth + 1)  # type: ignore[arg-type]
        result = MDict(span)
        result[name] = value
        result.key_spans[name] = span
        result.value_spans[name] = span
        return result


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


def parse_yaml(text: str) -> ParsedDocument:
    """Parse YAML text; raises :class:`ParseError` with a position on any problem."""
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        if mark is not None and text[mark.index : mark.index + 1] == "\t":
            message = "tab character where YAML allows only spaces (indentation must use spaces)"
        if mark is None:
            raise ParseError(message) from None
        raise ParseError(message, mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise ParseError(str(exc).replace("\n", " ")) from None
    except RecursionError:
        raise ParseError(f"nesting deeper than {MAX_DEPTH} levels") from None
    if not nodes:
        return ParsedDocument(None, text)
    if len(nodes) > 1:
        # A multi-document stream (e.g. Kubernetes manifests) is never a template.
        return ParsedDocument(MList(), text)
    converter = _Converter(text)
    root = converter.convert(nodes[0])
    return ParsedDocument(root, text, tuple(converter.unknown_tags))
