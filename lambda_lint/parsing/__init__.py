"""Parse CloudFormation/SAM YAML and JSON into marked trees.

Every mapping is an :class:`MDict` and every sequence an :class:`MList`; both are
plain ``dict``/``list`` subclasses that also remember where each key and value was
written, so loaders keep the ordinary container API and findings get exact spans.
"""

from lambda_lint.parsing.errors import ParseError
from lambda_lint.parsing.nodes import MDict, MList, ParsedDocument
from lambda_lint.parsing.reader import parse_file, parse_text

__all__ = ["MDict", "MList", "ParseError", "ParsedDocument", "parse_file", "parse_text"]
