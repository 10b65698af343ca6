"""Terraform HCL rendering of a plan: the Terraform JSON module (``tf.py``) as ``main.tf``.

The same module, spelled as people write it: blocks for nested blocks, bare
references and calls for ``"${...}"`` expressions, quoted templates for the rest,
``#`` comments for ``"//"``. lambda-lint must report exactly what it reports on
the JSON spelling.
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import tf
from .plan import Plan

# Nested blocks the workload writes (everything else that holds an object is a map).
BLOCKS = frozenset(
    {
        "environment",
        "vpc_config",
        "dead_letter_config",
        "tracing_config",
        "routing_config",
        "egress",
        "required_providers",
    }
)
_NAME = re.compile(r"[A-Za-z_][\w-]*")
_ONE_EXPRESSION = re.compile(r"\$\{([^\"]*)\}")  # one interpolation, no string in it
_TYPES = frozenset({"string", "number", "bool", "any"})


def render(plan: Plan) -> str:
    return render_module(json.loads(tf.render(plan)))


def render_module(module: dict[str, Any]) -> str:
    """A Terraform JSON module (as ``json.loads`` gives it) in HCL."""
    out: list[str] = []
    for kind, value in module.items():
        if kind == "//":
            out.append(f"# {value}\n")
        elif kind in ("terraform", "locals"):
            out.append(_block(kind, [], value, 0))
        elif kind in ("resource", "data"):
            for rtype, named in value.items():
                for name, body in named.items():
                    out.append(_block(kind, [rtype, name], body, 0))
        else:  # provider, variable, output, module: one label
            for name, body in value.items():
                out.append(_block(kind, [name], body, 0))
    return "\n".join(out)


def _block(kind: str, labels: list[str], body: dict[str, Any], depth: int) -> str:
    pad = "  " * depth
    head = " ".join([kind, *(json.dumps(label) for label in labels)])
    lines = [f"{pad}{head} {{\n", *_body(body, depth + 1, kind), f"{pad}}}\n"]
    return "".join(lines)


def _body(body: dict[str, Any], depth: int, kind: str) -> list[str]:
    pad = "  " * depth
    lines: list[str] = []
    for key, value in body.items():
        if key == "//":
            lines.append(f"{pad}# {value}\n")
        elif key in BLOCKS and isinstance(value, dict):
            lines.append(_block(key, [], value, depth))
        elif key in BLOCKS and isinstance(value, list):
            lines.extend(_block(key, [], item, depth) for item in value)
        elif key == "depends_on":
            lines.append(f"{pad}depends_on = [{', '.join(value)}]\n")
        elif kind == "variable" and key == "type" and value in _TYPES:
            lines.append(f"{pad}type = {value}\n")
        else:
            lines.append(f"{pad}{key} = {_value(value, depth)}\n")
    return lines


def _value(value: Any, depth: int) -> str:
    if isinstance(value, str):
        found = _ONE_EXPRESSION.fullmatch(value)
        if found and "${" not in found.group(1):
            return found.group(1).strip()
        return _quoted(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(item, depth) for item in value) + "]"
    if not value:
        return "{}"
    pad = "  " * (depth + 1)
    items = [f"{pad}{_key(k)} = {_value(v, depth + 1)}\n" for k, v in value.items()]
    return "{\n" + "".join(items) + "  " * depth + "}"


def _key(key: str) -> str:
    if _NAME.fullmatch(key):
        return key
    found = _ONE_EXPRESSION.fullmatch(key)
    if found and "${" not in found.group(1):
        return f"({found.group(1).strip()})"
    return _quoted(key)


def _quoted(text: str) -> str:
    """A quoted HCL template: JSON's escapes are HCL's; ``${``/``%{`` stay templates."""
    return json.dumps(text, ensure_ascii=False)
