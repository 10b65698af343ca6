"""LL702: a runtime past its deprecation date, or one Lambda blocks or does not know."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from lambda_lint.model import (
    EntityRef,
    Field,
    Function,
    Lifecycle,
    Stack,
    lifecycle,
    runtime_names,
)
from lambda_lint.rule import Rule, Severity, Violation

# An unknown value longer than this is cut short in the message (and gets no suggestion).
_SHOWN = 60
# The shape of the ``today`` option; ``format: date`` rejects days no calendar has.
_ISO_DATE = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


class DeprecatedRuntime(Rule):
    """The function's runtime is deprecated, blocked, or not a Lambda runtime.

    ## What it does
    Reports a `Runtime` (Terraform `runtime`) that AWS has deprecated (a warning), or
    with which creating functions is blocked (an error), with the dates and the
    runtime to move to. Also reports a literal value that is no Lambda runtime
    identifier (an error), such as `python3.99`, `Python3.12` or `dotnet9`. Values
    inherited from SAM `Globals`, every `Fn::If` branch and parameter or variable
    defaults are judged (the message then says "assumed"); image functions
    (`PackageType: Image`) have no runtime and are never reported.

    The dates come from the table in `lambda_lint/data/runtimes.json`. The rule
    judges them against the option `today` (an ISO date), which the engine sets to
    the run's date unless the configuration pins it
    (`rules.LL702.today = "2027-01-31"` under `[tool.lambda-lint]`, to see what breaks then).

    ## Why is this bad?
    A deprecated runtime gets no more security patches. Once creation is blocked, a
    new stack, a new environment or any change that replaces the function fails to
    deploy; once updates are blocked too, so does every code or configuration change.
    An unknown identifier is rejected by the Lambda API.

    ## Example
    ```yaml
    Runtime: python3.8
    ```

    ## Use instead
    ```yaml
    Runtime: python3.14
    ```

    ## References
    - docs/aws-facts.md#runtime-lifecycle
    - https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
    """

    code = "LL702"
    name = "deprecated-runtime"
    messages: ClassVar[Mapping[str, str]] = {
        "deprecated": (
            "runtime {runtime}{note} was deprecated on {deprecated} and gets no more security "
            "patches{blocks}{successor}"
        ),
        "blocked": (
            "runtime {runtime}{note} was deprecated on {deprecated} and creating functions "
            "with it has been blocked since {create}{updating}{successor}"
        ),
        "image-only": (
            "runtime {runtime}{note} is published only as a container base image, not as a "
            "Lambda runtime{instead}"
        ),
        "unknown": "runtime {runtime}{note} is not a Lambda runtime identifier{suggestion}",
    }
    severity = Severity.WARNING
    severities = (Severity.ERROR,)
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html"
    options_schema: ClassVar[Mapping[str, Any]] = {
        "today": {
            "description": (
                "The date (YYYY-MM-DD) the runtime dates are judged against; "
                "the run's date (UTC) by default."
            ),
            "type": "string",
            "pattern": _ISO_DATE,
            "format": "date",
        }
    }

    def check(self, stack: Stack) -> Iterator[Violation]:
        written = str(self.options["today"])
        try:
            today = datetime.date.fromisoformat(written)
        except ValueError:  # 2027-02-30 matches the schema's pattern: say what is wrong
            raise ValueError(f"option today {written!r} is not a calendar date") from None
        for fn in stack.functions.values():
            if fn.runtime is None or _is_image(fn):
                continue
            for runtime in fn.runtime.candidates():
                value = runtime.value
                if not runtime.is_known or isinstance(value, EntityRef):
                    continue
                if not isinstance(value, str) or not value:
                    continue
                found = lifecycle(value)
                if found is None or not found.managed:
                    yield self._unknown(fn, runtime, value, found, today)
                    continue
                violation = self._dated(fn, runtime, found, today)
                if violation is not None:
                    yield violation

    def _dated(
        self, fn: Function, runtime: Field, found: Lifecycle, today: datetime.date
    ) -> Violation | None:
        """A warning once deprecated, an error once creating (or updating) is blocked."""
        if today < found.deprecated:
            return None
        create, update = found.block_create, found.block_update
        successor = f"; use {found.successor}" if found.successor else ""
        if create is not None and today >= create:
            if update is not None and today >= update:
                updating = f", updating them since {update}"
            else:
                later = f"; updating them is blocked from {update}" if update else ""
                updating = f" (a new stack, or a change that replaces the function, fails{later})"
            return self.violation(
                fn.id,
                runtime,
                "runtime:blocked",
                Severity.ERROR,
                template="blocked",
                runtime=found.name,
                note=runtime.assumed_note,
                deprecated=found.deprecated,
                create=create,
                updating=updating,
                successor=successor,
            )
        dates = []
        if create is not None:
            dates.append(f"creating functions with it is blocked from {create}")
        if update is not None:
            dates.append(f"updating them from {update}")
        return self.violation(
            fn.id,
            runtime,
            "runtime:deprecated",
            template="deprecated",
            runtime=found.name,
            note=runtime.assumed_note,
            deprecated=found.deprecated,
            blocks=f"; {', '.join(dates)}" if dates else "",
            successor=successor,
        )

    def _unknown(
        self,
        fn: Function,
        runtime: Field,
        value: str,
        found: Lifecycle | None,
        today: datetime.date,
    ) -> Violation:
        """A literal Lambda rejects: a container-only name, a typo, the wrong case."""
        shown = repr(value) if len(value) <= _SHOWN else repr(value[:_SHOWN]) + "..."
        if found is not None:
            instead = (
                f"; use {found.successor}, or ship the function as a container image"
                if found.successor
                else ""
            )
            return self.violation(
                fn.id,
                runtime,
                "runtime:unknown",
                Severity.ERROR,
                template="image-only",
                runtime=shown,
                note=runtime.assumed_note,
                instead=instead,
            )
        return self.violation(
            fn.id,
            runtime,
            "runtime:unknown",
            Severity.ERROR,
            template="unknown",
            runtime=shown,
            note=runtime.assumed_note,
            suggestion=_suggestion(value, today),
        )


def _is_image(fn: Function) -> bool:
    """An image function (in any branch): its runtime is the image's, not the template's."""
    if fn.package_type is None:
        return False
    return any(c.is_known and c.value == "Image" for c in fn.package_type.candidates())


def _suggestion(value: str, today: datetime.date) -> str:
    """' (did you mean X?)': the closest supported runtime, else the closest of all with
    what replaces it, so that a typo is never answered with a retired runtime alone."""
    import difflib  # here: only a runtime Lambda does not know needs it

    if len(value) > _SHOWN:
        return ""
    names = runtime_names()
    typed = value.lower()
    supported = [n for n in names if _supported(n, today)]
    close = difflib.get_close_matches(typed, supported, n=1, cutoff=0.8)
    if close:
        return f" (did you mean {close[0]}?)"
    close = difflib.get_close_matches(typed, names, n=1, cutoff=0.8)
    if not close:
        return ""
    found = lifecycle(close[0])
    successor = found.successor if found is not None else None
    replacement = f" it is deprecated; use {successor}" if successor else ""
    return f" (did you mean {close[0]}?{replacement})"


def _supported(name: str, today: datetime.date) -> bool:
    found = lifecycle(name)
    return found is not None and found.managed and today < found.deprecated
