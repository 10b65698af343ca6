"""The rule API: everything a rule module may import besides the model.

A rule is a small class with its code, a kebab-case name of the bad pattern, its
message templates, a default severity and a docstring (What it does / Why is this
bad? / Example / Use instead / References). ``check`` is a pure generator over
the model that yields :class:`Violation`s; the engine turns them into findings
with paths, severities and fingerprints. Rules never compute lines, read files,
read the clock or keep state.

Message templates are sentences with named placeholders (``str.format`` fields),
one per way the rule can be violated: ``message`` for a rule with one, or
``messages = {"direct": "...", "via-s3": "..."}`` and
``self.violation(..., template="direct", **args)``. ``lambda-lint rule CODE``
prints them, so they must read as the finding will, with the values left out; a
placeholder stands for a value (a size, a name, an optional " (assumed)" note),
never for the sentence itself.

Options are declared once, as :class:`Option` class attributes; the JSON Schema a
configuration is validated against (``options_schema``) is derived from them and
``check`` reads them as attributes (``self.maximum``).

Violation keys: a key names *what* is wrong within the entity (``"timeout"``,
``"environment.AWS_REGION"``, ``"routing.0.weight"``, ``"zip:build/app.zip"``),
so that the fingerprint (rule, path, resource, key) of a finding survives edits
elsewhere in the file: it must not contain the message text, a line or column
number, or a value that changes when the user fixes the number (the size, the
timeout). Two violations of one rule on one entity need different keys.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from string import Formatter
from typing import Any, ClassVar, Generic, TypeVar, overload

from lambda_lint.findings import Severity
from lambda_lint.model import Field, Stack
from lambda_lint.span import Span

__all__ = [
    "DOC_SECTIONS",
    "Option",
    "Rule",
    "Severity",
    "Violation",
    "first_few",
    "placeholders",
    "size_text",
]

DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "References")

T = TypeVar("T", int, float, str, bool)

# The JSON Schema type of each Python type an option may have.
_JSON_TYPES: dict[type, str] = {int: "integer", float: "number", str: "string", bool: "boolean"}


@dataclass(frozen=True, slots=True)
class Violation:
    """What a rule reports: the entity, where the cause was written, the message, a stable key."""

    resource: str
    span: Span
    message: str
    key: str
    # A rule whose catalogue entry has two severities (LL130: error for a direct
    # upload, warning through S3) sets it; None means the rule's default.
    severity: Severity | None = None


class Option(Generic[T]):
    """A rule option, declared once as a class attribute and read as an attribute.

    ``maximum = Option(int, "An organisation's stricter cap in seconds", minimum=1)``
    gives the rule's ``options_schema`` its ``maximum`` property (the configuration is
    validated against it before any rule runs) and makes ``self.maximum`` in ``check``
    the configured value, or ``default`` (None unless given) when the option is unset.
    """

    def __init__(
        self,
        kind: type[T],
        description: str,
        *,
        default: T | None = None,
        minimum: float | None = None,
        maximum: float | None = None,
        choices: tuple[T, ...] = (),
    ) -> None:
        if kind not in _JSON_TYPES:
            raise TypeError(f"an option is an int, float, str or bool, not {kind.__name__}")
        self.kind: type[T] = kind
        self.description = description
        self.default: T | None = default
        self.minimum = minimum
        self.maximum = maximum
        self.choices: tuple[T, ...] = choices
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, rule: None, owner: type | None = None) -> Option[T]: ...
    @overload
    def __get__(self, rule: Rule, owner: type | None = None) -> T | None: ...
    def __get__(self, rule: Rule | None, owner: type | None = None) -> Option[T] | T | None:
        if rule is None:
            return self
        value: T | None = rule.options.get(self.name, self.default)
        return value

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of the option's value (one entry of ``options_schema``)."""
        schema: dict[str, Any] = {"description": self.description, "type": _JSON_TYPES[self.kind]}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        if self.choices:
            schema["enum"] = list(self.choices)
        return schema


def placeholders(template: str) -> list[tuple[str, str]]:
    """The (name, format spec) of each placeholder of ``template``, in order."""
    return [
        (name, spec or "") for _, name, spec, _ in Formatter().parse(template) if name is not None
    ]


# Where the built-in rules' pages are published (docs/rules/<CODE>.md of the repository
# named in pyproject.toml's [project.urls]; tests/test_rule_pages.py checks both agree).
PROJECT_URL = "https://github.com/lambda-lint/lambda-lint"
RULE_PAGES = f"{PROJECT_URL}/blob/main/docs/rules/"
_BUILT_IN = "lambda_lint.rules."


class Rule:
    """Base class of every rule. Subclasses set the class attributes and ``check``.

    A built-in rule's ``help_url`` is its page (``docs/rules/<CODE>.md``); the AWS page
    it names is kept as ``reference_url`` and linted into the page. A rule pack's
    ``help_url`` is its own.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    # The message template of a rule with one; a rule with several sets ``messages``
    # instead (``message`` then defaults to the first of them).
    message: ClassVar[str]
    messages: ClassVar[Mapping[str, str]] = {}
    severity: ClassVar[Severity]
    help_url: ClassVar[str] = ""
    reference_url: ClassVar[str] = ""  # the AWS page a built-in rule's help_url named
    enabled_by_default: ClassVar[bool] = True
    # Findings that no selection, suppression or baseline can hide (LL001: a file
    # that cannot be read was not checked, and a gate must never pass it silently).
    always_reported: ClassVar[bool] = False
    # A meta rule (LL001, LL002, LL004-LL006): the engine reports its findings about
    # files, loaders, rules and suppressions; ``check`` is never called.
    reported_by_engine: ClassVar[bool] = False
    # Other severities its violations may carry (``Violation.severity``), so integrations
    # that register one id per severity (the cfn-lint plugin) know them in advance.
    severities: ClassVar[tuple[Severity, ...]] = ()
    # JSON Schema ``properties`` of the options a configuration may set for this rule
    # (``[tool.lambda-lint.rules.LL110]``); empty = the rule takes no options. Derived
    # from the rule's ``Option`` attributes; a rule without any may still set it itself.
    options_schema: ClassVar[Mapping[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declared = {
            name: value
            for klass in reversed(cls.__mro__)
            for name, value in vars(klass).items()
            if isinstance(value, Option)
        }
        if declared:
            if "options_schema" in vars(cls):
                raise TypeError(f"{cls.__name__}: declare options as Option attributes only")
            cls.options_schema = {name: option.schema() for name, option in declared.items()}
        if cls.messages and "message" not in vars(cls):
            cls.message = next(iter(cls.messages.values()))
        if cls.__module__.startswith(_BUILT_IN) and isinstance(vars(cls).get("code"), str):
            cls.reference_url = cls.help_url
            cls.help_url = f"{RULE_PAGES}{cls.code}.md"

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        self.options: Mapping[str, Any] = options or {}

    def check(self, stack: Stack) -> Iterator[Violation]:
        """Yield every violation of this rule in ``stack``."""
        raise NotImplementedError

    def violation(
        self,
        resource: str,
        at: Field | Span,
        key: str,
        severity: Severity | None = None,
        template: str | None = None,
        **args: Any,
    ) -> Violation:
        """Build a violation from a message template (``message``, or ``messages[template]``)
        filled with ``args``; ``at`` gives the span."""
        span = at.span if isinstance(at, Field) else at
        text = self.message if template is None else self.messages[template]
        return Violation(resource, span, text.format(**args), key, severity)

    @classmethod
    def templates(cls) -> dict[str, str]:
        """Every message template by name (``message`` alone is named ``"default"``)."""
        return dict(cls.messages) if cls.messages else {"default": cls.message}

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring."""
        return (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""


def size_text(size: int) -> str:
    """``57,671,680 bytes (55.0 MB)``: exact bytes, and MB as AWS counts them (1 MB = 2**20)."""
    return f"{size:,} bytes ({size / 1_048_576:.1f} MB)"


def first_few(items: list[str], shown: int = 3) -> str:
    """``a, b, c and 4 more``: the first ``shown`` items and how many others, so that a
    message naming the other members of a large group stays short (linear output)."""
    text = ", ".join(items[:shown])
    rest = len(items) - shown
    return text + (f" and {rest:,} more" if rest > 0 else "")
