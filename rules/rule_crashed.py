"""LL002: a rule raised an exception."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import Stack
from lambda_lint.rule import Rule, Severity, Violation


class RuleCrashed(Rule):
    """A rule failed while checking this file.

    ## What it does
    When a rule fails, the engine reports it here, naming the rule and what it
    did, and goes on with the other rules and files: an exception of any kind
    (`SystemExit` and `GeneratorExit` included; only Ctrl-C ends the run), a
    result that is not a `Violation`, or, for a third-party rule, running past
    `rule-timeout` (10 s per file by default). `--debug` prints the traceback.

    What failed was not checked, so this rule is always on, like LL001:
    `--select`, `--ignore`, suppressions and baselines do not hide it. To stop the
    finding, deselect (`--ignore`) the rule that crashes: then it does not run.

    ## Why is this bad?
    The crashed rule did not check the file, so its findings may be missing.
    It is a bug in lambda-lint (or in a third-party rule): please report it with
    the template that triggers it.

    ## Example
    A template with a construct the rule did not expect.

    ## Use instead
    Report the bug; meanwhile `--ignore` the crashing rule (not LL002) if it blocks you.

    ## References
    - https://github.com/lambda-lint/lambda-lint/issues
    """

    code = "LL002"
    reported_by_engine = True
    name = "rule-crashed"
    messages: ClassVar[Mapping[str, str]] = {
        "rule": "rule {rule} ({name}) crashed: {error}",
        "loader": "the {loader} loader crashed: {error}",
    }
    severity = Severity.ERROR
    always_reported = True

    def check(self, stack: Stack) -> Iterator[Violation]:
        """Reported by the engine when another rule raises."""
        return iter(())
