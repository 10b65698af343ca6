"""The rule API: everything a rule module may import besides the model.

A rule is a small class with its code, a kebab-case name of the bad pattern, a
message template, a default severity and a docstring (What it does / Why is this
bad? / Example / Use instead / References). ``check`` is a pure generator over
the model that yields :class:`Violation`s; the engine turns them into findings
with paths, severities and fingerprints. Rules never compute lines, read files,
read the clock or keep state.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from lambda_lint.findings import Severity
from lambda_lint.model import Field, Stack
from lambda_lint.span import Span

__all__ = ["DOC_SECTIONS", "Rule", "Severity", "Violation", "size_text"]

DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "References")


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


class Rule:
    """Base class of every rule. Subclasses set the class attributes and ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    message: ClassVar[str]
    severity: ClassVar[Severity]
    help_url: ClassVar[str] = ""
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
    # (``[tool.lambda-lint.rules.LL110]``); empty = the rule takes no options.
    options_schema: ClassVar[Mapping[str, Any]] = {}

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
        **args: Any,
    ) -> Violation:
        """Build a violation from the message template; ``at`` gives the span."""
        span = at.span if isinstance(at, Field) else at
        return Violation(resource, span, self.message.format(**args), key, severity)

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring."""
        return (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""


def size_text(size: int) -> str:
    """``57,671,680 bytes (55.0 MB)``: exact bytes, and MB as AWS counts them (1 MB = 2**20)."""
    return f"{size:,} bytes ({size / 1_048_576:.1f} MB)"
