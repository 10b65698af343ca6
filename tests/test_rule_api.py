"""The rule API itself: typed options, message templates, stable keys (issue 13, item 6)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

import pytest
from lambda_lint.rules.timeout_out_of_range import TimeoutOutOfRange

from lambda_lint.config import ConfigError, Settings, check_rule_codes
from lambda_lint.model import Stack
from lambda_lint.rule import Option, Rule, Severity, Violation


class _Capped(Rule):
    """A rule with typed options (docstring sections are not needed here)."""

    code = "ORG900"
    name = "capped"
    message = "over the cap of {cap} units"
    severity = Severity.INFO
    cap = Option(int, "The cap.", minimum=1, maximum=10)
    mode = Option(str, "How to count.", default="strict", choices=("strict", "loose"))

    def check(self, stack: Stack) -> Iterator[Violation]:
        return iter(())


class _Legacy(Rule):
    """A third-party rule that writes its JSON Schema itself, as before Option existed."""

    code = "ORG901"
    name = "legacy"
    message = "legacy {x}"
    severity = Severity.INFO
    options_schema: ClassVar[Mapping[str, Any]] = {"limit": {"type": "integer"}}

    def check(self, stack: Stack) -> Iterator[Violation]:
        return iter(())


def test_ll110_schema_is_derived_from_its_option_unchanged() -> None:
    assert TimeoutOutOfRange.options_schema == {
        "maximum": {
            "description": "An organisation's stricter cap in seconds (also reported).",
            "type": "integer",
            "minimum": 1,
            "maximum": 5400,
        }
    }


def test_options_are_read_as_attributes_with_their_defaults() -> None:
    assert (_Capped().cap, _Capped().mode) == (None, "strict")
    assert (_Capped({"cap": 3}).cap, _Capped({"mode": "loose"}).mode) == (3, "loose")
    assert TimeoutOutOfRange({"maximum": 300}).maximum == 300
    assert isinstance(_Capped.cap, Option)  # the class sees the declaration


def test_schema_of_every_option_kind() -> None:
    assert _Capped.options_schema == {
        "cap": {"description": "The cap.", "type": "integer", "minimum": 1, "maximum": 10},
        "mode": {"description": "How to count.", "type": "string", "enum": ["strict", "loose"]},
    }


def test_a_rule_may_still_set_options_schema_itself() -> None:
    assert _Legacy.options_schema == {"limit": {"type": "integer"}}
    assert _Legacy({"limit": 2}).options == {"limit": 2}


def test_options_declared_both_ways_are_refused() -> None:
    with pytest.raises(TypeError, match="declare options as Option attributes only"):

        class _Both(_Legacy):
            options_schema: ClassVar[Mapping[str, Any]] = {}
            limit = Option(int, "x")


def test_an_option_of_another_type_is_refused() -> None:
    with pytest.raises(TypeError, match="an option is an int, float, str or bool, not list"):
        Option(list, "x")  # type: ignore[type-var]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"cap": 0}, "x.toml: rules.ORG900.cap: 0 is less than the minimum of 1"),
        ({"cap": "3"}, "x.toml: rules.ORG900.cap: '3' is not of type 'integer'"),
        ({"mode": "lax"}, "x.toml: rules.ORG900.mode: 'lax' is not one of 'strict', 'loose'"),
        ({"cpa": 3}, "x.toml: rules.ORG900.cpa: unknown key 'cpa'"),
    ],
)
def test_configuration_is_validated_against_the_derived_schema(
    options: dict[str, Any], message: str
) -> None:
    settings = Settings(source="x.toml", rule_options={"ORG900": options})
    with pytest.raises(ConfigError) as caught:
        check_rule_codes(settings, {"ORG900": _Capped.options_schema})
    assert str(caught.value) == message
