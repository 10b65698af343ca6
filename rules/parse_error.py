"""LL001: a file could not be read or parsed."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import Stack
from lambda_lint.rule import Rule, Severity, Violation


class ParseError(Rule):
    """The file could not be read or parsed as a template.

    ## What it does
    Reports files that are not valid YAML or JSON (syntax errors, duplicate keys,
    tabs used for indentation, invalid UTF-8, empty or binary files, unknown YAML
    tags in a CloudFormation template), at the position where parsing failed.

    Also reports a file over the size cap (`--max-file-size`), and a second YAML
    document after a template (CloudFormation reads a template file as one).

    A duplicate key in a CloudFormation template (YAML or JSON) is reported at each
    repetition, and the template is then checked with the **last** value of each
    repeated key, the one CloudFormation deploys: one typo does not hide every
    other finding in the file.

    A file that cannot be read was not checked, so this rule is always on:
    `--select`, `--ignore`, suppressions and baselines do not hide it; only
    `exclude` keeps a file out. Templates that parse but that the service would
    reject are LL006 (template-invalid).

    ## Why is this bad?
    CloudFormation, SAM and Terraform reject such files, and no other rule can
    check them: a gate that skipped them silently would pass a broken template.

    ## Example
    ```yaml
    Resources:
      Fn:
        Type: AWS::Lambda::Function
        Type: AWS::Serverless::Function   # duplicate key
    ```

    ## Use instead
    Fix the syntax error at the reported line and column.

    ## References
    - docs/aws-facts.md#duplicate-keys
    - https://yaml.org/spec/1.2.2/
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
    """

    code = "LL001"
    reported_by_engine = True
    name = "parse-error"
    messages: ClassVar[Mapping[str, str]] = {
        # The sentences lambda-lint writes itself; a syntax error is reported in the
        # YAML or JSON parser's own words, at the position where parsing failed.
        "unreadable": "cannot read file: {reason}",
        "unreadable-folder": "cannot read directory: {reason}",
        "not-a-file": "not a regular file ({kind}); not a template",
        "too-large": "file is {size}, over the {limit:,}-byte limit (--max-file-size)",
        "empty": "empty file",
        "binary": "binary file (contains NUL bytes); not a template",
        "not-utf-8": "invalid UTF-8 (byte {byte}): {reason}",
        "not-utf-16": "invalid UTF-16: {reason}",
        "second-document": (
            "a second YAML document starts here; CloudFormation reads a template file as "
            "one document (only the first is checked)"
        ),
        "unknown-tag": (
            "unknown tag {tag}: CloudFormation supports only its intrinsic function tags"
        ),
    }
    severity = Severity.ERROR
    always_reported = True
    help_url = (
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html"
    )

    def check(self, stack: Stack) -> Iterator[Violation]:
        """Reported by the engine while parsing; never from the model."""
        return iter(())
