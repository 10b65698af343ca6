"""ORG101: a function that leaves its timeout at Lambda's default of 3 seconds."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import Origin, Stack
from lambda_lint.rule import Rule, Severity, Violation


class DefaultTimeout(Rule):
    """The function does not set its timeout, so Lambda stops it after 3 seconds.

    ## What it does
    Reports a function without `Timeout` (`timeout` in Terraform), neither on the
    function nor in SAM `Globals`. A timeout from `Globals`, a parameter or a variable
    is a choice someone made and is not reported.

    ## Why is this bad?
    The default of 3 seconds is rarely what a function needs: a slow dependency or a
    cold start ends the invocation with `Task timed out`, in production first. Writing
    the timeout down makes it a reviewed decision. (In a `terraform show -json` plan the
    provider has already filled in 3, so plans cannot tell a default from a choice.)

    ## Example
    ```yaml
    Api:
      Type: AWS::Lambda::Function
      Properties:
        Runtime: python3.12
    ```

    ## Use instead
    ```yaml
    Api:
      Type: AWS::Lambda::Function
      Properties:
        Runtime: python3.12
        Timeout: 10
    ```

    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
    """

    code = "ORG101"
    name = "default-timeout"
    message = "{fn} relies on Lambda's default timeout of 3 seconds; set Timeout explicitly"
    severity = Severity.WARNING
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            # Loaders give an unwritten timeout the AWS default, spanning the resource's name.
            if fn.timeout.origin is Origin.AWS_DEFAULT:
                yield self.violation(fn.id, fn.timeout, "timeout", fn=fn.id)
