"""LL004: a suppression that suppressed nothing."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import Stack
from lambda_lint.rule import Rule, Severity, Violation


class UnusedSuppression(Rule):
    """A suppression names a code that has no finding where it applies.

    ## What it does
    Reports each code of a `# lambda-lint: ignore[...]` comment, a `file-ignore`,
    a `Metadata: lambda-lint: ignore:` entry or a Terraform `"//"` suppression
    that matched no finding, at the suppression. Codes of rules that did not
    run (not selected) are not reported: nothing can be said about them.

    ## Why is this bad?
    A stale suppression hides the next real finding of that rule at that place,
    long after the reason for it went away (ruff's RUF100 for `noqa`).

    ## Example
    ```yaml
    Timeout: 30  # lambda-lint: ignore[LL110] was 1200 during the migration
    ```

    ## Use instead
    Delete the suppression, or the code that no longer applies.

    ## References
    - lambda-lint's own rule; see the README, "Suppressions".
    """

    code = "LL004"
    reported_by_engine = True
    name = "unused-suppression"
    message = "unused suppression: no {code} finding here"
    severity = Severity.WARNING

    def check(self, stack: Stack) -> Iterator[Violation]:
        """Reported by the engine, which sees suppressions and findings together."""
        return iter(())
