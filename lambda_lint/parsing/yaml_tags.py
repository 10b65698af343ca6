"""YAML tags: CloudFormation short forms, the YAML 1.1 types and plain-scalar resolution.

Kept apart from the event builder (``marked_yaml``) so that what a tag means is
in one small place: short forms become long-form intrinsics, the YAML 1.1 types
become Python values as PyYAML's ``SafeLoader`` would make them, anything else
is an unknown tag that only a template makes an error.
"""

from __future__ import annotations

from typing import Any

import yaml

# Python refuses to convert longer decimal strings to int (CVE-2020-10735: the
# conversion is quadratic); a template never needs such a number.
MAX_INT_DIGITS = 4300

# CloudFormation short-form tags and the long form they stand for.
SHORT_TAGS = {
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
CORE = "tag:yaml.org,2002:"
STR = CORE + "str"
NULL = CORE + "null"
MERGE = CORE + "merge"
# The YAML 1.1 types (yaml.org/type): anything else under ``!!`` (``!!python/object``...)
# is a language-specific tag that a template cannot contain.
KNOWN_CORE = frozenset(
    CORE + kind
    for kind in (
        "str",
        "int",
        "float",
        "bool",
        "null",
        "map",
        "seq",
        "omap",
        "pairs",
        "set",
        "binary",
        "timestamp",
        "merge",
        "value",
    )
)
# PyYAML's implicit resolvers by first character (``Resolver.resolve`` for plain scalars).
IMPLICIT: dict[str, list[tuple[str, Any]]] = {
    str(first): list(resolvers)
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    if first is not None
}
_constructor = yaml.constructor.SafeConstructor()


# The largest integer whose decimal form Python still prints (``str`` refuses more
# than ``MAX_INT_DIGITS`` digits). Hexadecimal, octal and binary spellings convert
# without that limit, so ``0x`` and 4,000 digits is a valid, short-enough spelling
# of a number nothing downstream could format.
_PRINTABLE = 10**MAX_INT_DIGITS


class HugeInt(int):
    """An integer too large to print in decimal: it compares as the number it is.

    Rules then report it as out of range like any other number, and messages
    show its spelling's size instead of raising ``ValueError`` from ``str``.
    """

    __slots__ = ()

    def __str__(self) -> str:
        return f"<an integer of {self.bit_length():,} bits>"

    __repr__ = __str__

    def __format__(self, spec: str) -> str:
        return str(self)


class LongDecimal(HugeInt):
    """A decimal literal of more than ``MAX_INT_DIGITS`` digits, by its size only.

    Python refuses to read it (the conversion is quadratic), so it stands for
    ``±2**floor((digits - 1) * log2(10))``: at most the number written, and far
    beyond every limit a rule compares with, so range rules report it as the
    number it is; messages show how many digits were written, which is exact.
    """

    digits: int

    def __str__(self) -> str:
        sign = "a negative" if self < 0 else "an"
        return f"<{sign} integer of {self.digits:,} digits>"

    __repr__ = __str__


def long_decimal(digits: str) -> LongDecimal:
    """The :class:`LongDecimal` of ``[-+]?[1-9][0-9]*`` (linear in its length)."""
    negative = digits.startswith("-")
    count = len(digits.lstrip("+-"))
    magnitude = 1 << ((count - 1) * 3321928) // 1000000  # log2(10) = 3.3219280...
    number = LongDecimal(-magnitude if negative else magnitude)
    number.digits = count
    return number


def _long_int(raw: str) -> Any:
    """A YAML 1.1 integer longer than Python reads in decimal, without its quadratic cost.

    Powers-of-two bases convert in linear time, exactly; a decimal becomes a
    :class:`LongDecimal`. A sexagesimal one (``1:30``...) stays text.
    """
    text = raw.replace("_", "")
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    if ":" in body:
        return raw
    for prefix, base in (("0b", 2), ("0x", 16), ("0", 8)):
        if body.startswith(prefix) and len(body) > len(prefix):
            return HugeInt(sign * int(body[len(prefix) :], base))
    if not (body.isascii() and body.isdigit()):  # ``!!int`` on text that is no number
        return raw
    return long_decimal(text)


def display_tag(tag: str) -> str:
    """``tag:yaml.org,2002:python/name:x`` -> ``!!python/name:x`` (as it was written)."""
    return "!!" + tag[len(CORE) :] if tag.startswith(CORE) else tag


def is_unknown(tag: str | None) -> bool:
    """Neither absent, nor non-specific (``!``), nor a YAML 1.1 type."""
    return tag is not None and tag != "!" and tag not in KNOWN_CORE


def construct(tag: str, raw: str) -> Any:
    """The value of a scalar with a YAML 1.1 tag; text that does not fit its tag stays text.

    Timestamps, binary, merge keys...: CloudFormation sees the text as written
    (e.g. a policy's ``Version: 2012-10-17`` is a string).
    """
    kind = tag[len(CORE) :]
    if kind == "null":
        return None
    if kind not in ("int", "float", "bool"):
        return raw
    if kind == "int" and len(raw) > MAX_INT_DIGITS:
        try:
            return _long_int(raw)
        except ValueError:  # e.g. ``!!int 0x`` and 5,000 letters
            return raw
    node = yaml.ScalarNode(tag, raw)
    try:
        if kind == "int":
            number = _constructor.construct_yaml_int(node)
            return HugeInt(number) if abs(number) >= _PRINTABLE else number
        if kind == "float":
            return _constructor.construct_yaml_float(node)
        return _constructor.construct_yaml_bool(node)
    except (ValueError, KeyError, yaml.YAMLError):  # e.g. ``!!int abc``
        return raw
