"""LL005: a suppression without codes, or with a code that does not exist."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import Stack
from lambda_lint.rule import Rule, Severity, Violation


class InvalidSuppression(Rule):
    """A suppression does not name the codes it suppresses, or names an unknown code.

    ## What it does
    Reports `# lambda-lint: ignore` without `[CODES]`, and suppressions naming a
    code no rule has (a typo, a rule of a plugin that is not installed). A
    suppression without codes suppresses nothing.

    ## Why is this bad?
    A blanket suppression would hide every future finding on that line, of
    every rule; codes make the intent reviewable (ruff's PGH004 for bare `noqa`).

    ## Example
    ```yaml
    Timeout: 1200  # lambda-lint: ignore
    ```

    ## Use instead
    ```yaml
    Timeout: 1200  # lambda-lint: ignore[LL110] batch job, moved to Step Functions in Q3
    ```

    ## References
    - lambda-lint's own rule; see the README, "Suppressions".
    """

    code = "LL005"
    reported_by_engine = True
    name = "invalid-suppression"
    messages: ClassVar[Mapping[str, str]] = {
        "no-codes": "a suppression must name its codes, e.g. ignore[LL101] reason",
        "unknown-code": "unknown rule code {codes} in a suppression",
        "unsuppressible": (
            "{codes} cannot be suppressed: a file that cannot be read or parsed "
            "is always reported (exclude it instead)"
        ),
    }
    severity = Severity.WARNING

    def check(self, stack: Stack) -> Iterator[Violation]:
        """Reported by the engine, which reads the suppressions."""
        return iter(())
