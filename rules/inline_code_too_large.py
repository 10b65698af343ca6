"""LL133: inline code too large for its zip or for the template that carries it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import Function, Stack, Unresolved
from lambda_lint.rule import Rule, Severity, Violation

BODY_MAXIMUM = 51_200  # a template in the request body: docs/aws-facts.md#inline-code
S3_TEMPLATE_MAXIMUM = 1_048_576  # a template read from S3, 1 MB: docs/aws-facts.md#inline-code


def _text(fn: Function) -> str | None:
    if fn.code is None or not fn.code.inline:
        return None
    value = fn.code.location.value
    if isinstance(value, Unresolved):
        return value.literal  # the literal parts: a lower bound
    return value if isinstance(value, str) else None


class InlineCodeTooLarge(Rule):
    """Inline code (`ZipFile`, `InlineCode`) is too large to deploy as written.

    ## What it does
    Reports inline code that takes its template over the size CloudFormation
    accepts: over 1 MB (the limit even from S3) it is an error; over 51,200
    bytes, when the template without its inline code would fit, it is a
    warning, since the template then deploys only from S3 (`sam deploy` and CDK
    upload it there; `aws cloudformation deploy` needs `--s3-bucket`). The
    finding is on the function with the most inline code. The 4 MB limit of
    the zip CloudFormation makes of `ZipFile` cannot be reached by a template
    that deploys at all (1 MB at most), so the template limits are what is
    checked. Not applicable to Terraform, which has no inline code.

    ## Why is this bad?
    The whole stack fails to deploy: `aws cloudformation deploy` without an S3
    bucket stops with "Templates with a size greater than 51,200 bytes must be
    deployed via an S3 Bucket", and no deployment path accepts a template over
    1 MB. Inline code is also limited to Node.js and Python and gets no
    dependency packaging, so large inline code is usually a package in disguise.

    ## Example
    ```yaml
    Handler:
      Type: AWS::Lambda::Function
      Properties:
        Code:
          ZipFile: |
            # 60 KB of Python...
    ```

    ## Use instead
    Keep inline code to small glue functions; ship anything larger as a package
    (`Code: ./src` with `aws cloudformation package`, SAM `CodeUri`).

    ## References
    - docs/aws-facts.md#inline-code
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
    """

    code = "LL133"
    name = "inline-code-too-large"
    messages: ClassVar[Mapping[str, str]] = {
        "over-1mb": (
            "the template is {template_size:,} bytes with {size:,} bytes of inline code{all}; "
            "CloudFormation accepts at most 1,048,576 bytes (1 MB)"
        ),
        "s3-only": (
            "the template is {template_size:,} bytes with {size:,} bytes of inline code{all}, over "
            "the 51,200 bytes CloudFormation accepts in a request body: it deploys only from "
            "S3 (1 MB)"
        ),
    }
    severity = Severity.ERROR
    severities = (Severity.WARNING,)
    help_url = (
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
        "aws-properties-lambda-function-code.html"
    )

    def check(self, stack: Stack) -> Iterator[Violation]:
        inline: list[tuple[Function, int]] = []
        for fn in stack.functions.values():
            text = _text(fn)
            if text is not None:
                inline.append((fn, len(text.encode("utf-8", "surrogatepass"))))
        if not inline or stack.source_bytes <= BODY_MAXIMUM:
            return
        largest, size = max(inline, key=lambda pair: pair[1])
        assert largest.code is not None
        everything = sum(length for _, length in inline)
        every = ""
        if len(inline) > 1:
            every = f" (all {len(inline)} inline functions: {everything:,} bytes)"
        if stack.source_bytes > S3_TEMPLATE_MAXIMUM:
            yield self.violation(
                largest.id,
                largest.code.location,
                "template",
                template="over-1mb",
                size=size,
                all=every,
                template_size=stack.source_bytes,
            )
        elif stack.source_bytes - everything <= BODY_MAXIMUM:
            yield self.violation(
                largest.id,
                largest.code.location,
                "template",
                severity=Severity.WARNING,
                template="s3-only",
                size=size,
                all=every,
                template_size=stack.source_bytes,
            )
