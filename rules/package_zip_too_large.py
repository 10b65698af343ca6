"""LL130: a local zip over the 50 MB direct-upload limit."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import Code, Stack, Upload
from lambda_lint.rule import Rule, Severity, Violation, size_text

MAXIMUM = 52_428_800  # 50 MB uploaded directly: docs/aws-facts.md#direct-upload-zip


class PackageZipTooLarge(Rule):
    """A local deployment zip is larger than the 50 MB direct-upload limit.

    ## What it does
    Measures every local zip a function or layer is deployed from (Terraform
    `filename`, SAM `CodeUri`/`ContentUri`, a packaged CloudFormation `Code`
    path, a CDK asset) and reports it when the file is over 52,428,800 bytes.
    It is an error when the zip is uploaded in the API call itself (Terraform
    `filename`) and a warning when a packaging step uploads it to S3 first,
    where only the 250 MB unzipped limit applies (LL131). Directories are not
    reported: their zipped size is unknown until they are packaged.

    ## Why is this bad?
    `CreateFunction`, `UpdateFunctionCode` and `PublishLayerVersion` reject a
    zip over 50 MB sent in the request, so `terraform apply` fails after the plan
    looked fine. Through S3 the same zip deploys, but any direct upload of it
    (the console, `aws lambda update-function-code --zip-file`) fails.

    ## Example
    ```json
    {"resource": {"aws_lambda_function": {"api": {"filename": "build/api.zip"}}}}
    ```
    with `build/api.zip` at 60 MB.

    ## Use instead
    Upload the zip to S3 (`aws_s3_object`) and deploy it with `s3_bucket` and
    `s3_key`, move dependencies into a layer, or use a container image.

    ## References
    - docs/aws-facts.md#direct-upload-zip
    - https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
    """

    code = "LL130"
    name = "package-zip-too-large"
    messages: ClassVar[Mapping[str, str]] = {
        "direct": (
            "{path} is {size} zipped; a zip uploaded directly may be at most 52,428,800 bytes "
            "(50 MB): upload it to S3 and deploy it from there"
        ),
        "via-s3": (
            "{path} is {size} zipped; over the 52,428,800-byte (50 MB) direct-upload limit, so "
            "it deploys only through S3 (as the packaging step does), never by a direct upload"
        ),
    }
    severity = Severity.ERROR
    severities = (Severity.WARNING,)
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        owners: list[tuple[str, Code | None]] = [
            (fn.id, fn.code) for fn in stack.functions.values()
        ]
        owners += [(layer.id, layer.content) for layer in stack.layers.values()]
        for owner, code in owners:
            package = stack.packages.get(owner)
            if code is None or package is None or package.zipped is None:
                continue
            if package.zipped <= MAXIMUM:
                continue
            direct = code.upload is Upload.DIRECT
            yield self.violation(
                owner,
                code.location,
                f"zip:{code.location.value}",
                severity=None if direct else Severity.WARNING,
                template="direct" if direct else "via-s3",
                path=package.shown,
                size=size_text(package.zipped),
            )
