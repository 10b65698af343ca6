"""A small JSON Schema validator for the configuration, so a run never imports jsonschema.

jsonschema takes 0.2-0.3 s to import, more than a whole one-template run may
cost. The configuration schema (``data/config.schema.json``, and each rule's
``options_schema``) uses only the keywords below; ``tests/test_config.py``
checks that this validator and jsonschema agree on valid and invalid configs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


def _type_ok(value: Any, expected: str | list[str]) -> bool:
    if isinstance(expected, list):  # "type": ["integer", "string"]: any of them
        return any(_type_ok(value, one) for one in expected)
    if isinstance(value, bool) and expected in ("integer", "number"):
        return False  # JSON Schema: true is not a number
    return isinstance(value, _TYPES[expected])


def errors(
    value: Any, schema: Mapping[str, Any], path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every violation of ``schema`` by ``value``, as (path of keys, message)."""
    expected = schema.get("type")
    if expected is not None and not _type_ok(value, expected):
        yield path, f"{value!r} is not of type {expected!r}"
        return
    if "enum" in schema and value not in schema["enum"]:
        choices = ", ".join(repr(choice) for choice in schema["enum"])
        yield path, f"{value!r} is not one of {choices}"
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            yield path, f"{value!r} is too short"
        if "pattern" in schema and not re.search(schema["pattern"], value):
            yield path, f"{value!r} does not match {schema['pattern']!r}"
        elif schema.get("format") == "date" and not _is_date(value):
            # Asserted, not only annotated: a rule handed 2027-02-30 could only crash.
            yield path, f"{value!r} is not a calendar date (YYYY-MM-DD)"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            yield path, f"{value!r} is less than the minimum of {schema['minimum']!r}"
        if "maximum" in schema and value > schema["maximum"]:
            yield path, f"{value!r} is greater than the maximum of {schema['maximum']!r}"
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            yield from errors(item, schema["items"], (*path, str(index)))
    if isinstance(value, dict):
        yield from _object_errors(value, schema, path)


def _object_errors(
    value: dict[str, Any], schema: Mapping[str, Any], path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], str]]:
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    names = schema.get("propertyNames")
    for key, item in value.items():
        if names is not None:
            for _, message in errors(key, names):
                yield (*path, key), f"key {message}"
        if key in properties:
            yield from errors(item, properties[key], (*path, key))
        elif extra is False:
            yield (*path, key), f"unknown key {key!r}"
        elif isinstance(extra, Mapping):
            yield from errors(item, extra, (*path, key))


def _is_date(value: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True
