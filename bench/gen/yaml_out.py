"""A small block-style YAML writer with CloudFormation short tags (``!Ref X``).

Written here rather than with ``yaml.dump`` so that the bytes depend on this code
only (the determinism test pins a hash) and the output looks like a template a
person writes: plain scalars where safe, single quotes otherwise, ``!Ref Name``
unquoted, no anchors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Plain (unquoted) only when it cannot be read as anything but this string: starts
# with a letter, ``$`` or ``/`` (never a number, date or indicator) and holds no
# character that would end or change a plain scalar.
_PLAIN = re.compile(r"[A-Za-z$/][A-Za-z0-9 _.,/${}:*()=+@-]*")
_FLOW_UNSAFE = frozenset(",[]{}")
_RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


@dataclass(frozen=True)
class Tag:
    """A short-form intrinsic: ``!Ref Name``, ``!GetAtt Name.Arn``, ``!Select [0, ...]``."""

    tag: str
    value: Any


def _scalar(value: Any, flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if (
        _PLAIN.fullmatch(text)
        and ": " not in text
        and " #" not in text
        and not text.endswith((" ", ":"))
        and text.lower() not in _RESERVED
        and not (flow and _FLOW_UNSAFE & set(text))
    ):
        return text
    return "'" + text.replace("'", "''") + "'"


def _inline(value: Any, flow: bool = False) -> str | None:
    """The one-line form of ``value``, or None when it needs a block."""
    if isinstance(value, Tag):
        if isinstance(value.value, list):
            return f"{value.tag} [{', '.join(_flow_item(v) for v in value.value)}]"
        return f"{value.tag} {_scalar(value.value, flow)}"
    if isinstance(value, dict):
        return "{}" if not value else None
    if isinstance(value, list):
        return "[]" if not value else None
    return _scalar(value, flow)


def _flow_item(value: Any) -> str:
    text = _inline(value, flow=True)
    if text is None:
        raise ValueError("only scalars and tags inside flow sequences")
    return text


def _mapping(data: dict[str, Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, value in data.items():
        text = _inline(value)
        if text is not None:
            out.append(f"{pad}{key}: {text}")
        elif isinstance(value, dict):
            out.append(f"{pad}{key}:")
            _mapping(value, indent + 2, out)
        else:
            out.append(f"{pad}{key}:")
            _sequence(value, indent + 2, out)


def _sequence(items: list[Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        text = _inline(item)
        if text is not None:
            out.append(f"{pad}- {text}")
        elif isinstance(item, dict):
            nested: list[str] = []
            _mapping(item, indent + 2, nested)
            out.append(f"{pad}- {nested[0].lstrip()}")
            out.extend(nested[1:])
        else:
            raise ValueError("nested sequences are not needed by the workloads")


def dump(document: dict[str, Any]) -> str:
    """The document as block YAML, keys in insertion order, ending with a newline."""
    out: list[str] = []
    _mapping(document, 0, out)
    return "\n".join(out) + "\n"
