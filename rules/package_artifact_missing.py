"""LL134: a local code or layer path that does not exist."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import Code, Stack
from lambda_lint.rule import Rule, Severity, Violation


class PackageArtifactMissing(Rule):
    """A function's or layer's local code path does not exist or cannot be read.

    ## What it does
    Resolves every local code path (SAM `CodeUri`/`ContentUri`, a packaged
    CloudFormation `Code`/`Content` path, a CDK `aws:asset:path`, Terraform
    `filename`) relative to the directory of the file that names it, and reports
    the ones that are not there. A path `sam build` has built (under
    `.aws-sam/build/<LogicalId>`) counts as present. Terraform plans are not
    checked: their paths are relative to wherever `terraform plan` ran.

    ## Why is this bad?
    Packaging fails (`sam build`/`sam package`: "... does not exist") or, with
    Terraform, `apply` fails after a clean plan. A missing path is usually a typo
    or a folder that was renamed. When a build step creates the artifact (a zip
    that is not committed), run lambda-lint after that step, or ignore LL134 for
    that file.

    ## Example
    ```yaml
    Api:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/api/      # the folder is src/apis/
    ```

    ## Use instead
    Point the property at the folder or zip that exists.

    ## References
    - docs/aws-facts.md#local-code-paths
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
    """

    code = "LL134"
    name = "package-artifact-missing"
    messages: ClassVar[Mapping[str, str]] = {
        "missing": (
            "local code path {path} does not exist (paths are relative to the file's directory)"
        ),
        "unreadable": (
            "local code path {path} cannot be read: {reason} "
            "(paths are relative to the file's directory)"
        ),
    }
    severity = Severity.WARNING
    help_url = (
        "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/"
        "sam-resource-function.html"
    )

    def check(self, stack: Stack) -> Iterator[Violation]:
        owners: list[tuple[str, Code | None]] = [
            (fn.id, fn.code) for fn in stack.functions.values()
        ]
        owners += [(layer.id, layer.content) for layer in stack.layers.values()]
        for owner, code in owners:
            package = stack.packages.get(owner)
            if code is None or package is None or package.exists:
                continue
            reason = package.problem or "does not exist"
            yield self.violation(
                owner,
                code.location,
                f"missing:{package.shown}",
                template="missing" if reason == "does not exist" else "unreadable",
                path=package.shown,
                reason=reason,
            )
