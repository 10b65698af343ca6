"""LL803: a Lambda@Edge association that does not name a numbered version."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import Qualifier, Stack, edge_target
from lambda_lint.rule import Rule, Severity, Violation

_WHAT = {
    Qualifier.LATEST: "$LATEST",
    Qualifier.ALIAS: "an alias",
    Qualifier.UNQUALIFIED: "the function without a version",
}


class EdgeUnpublishedVersion(Rule):
    """A CloudFront Lambda@Edge association names `$LATEST`, an alias or no version.

    ## What it does
    Reads every Lambda function association of a distribution's default and ordered
    cache behaviours (CloudFormation `LambdaFunctionAssociations[].LambdaFunctionARN`,
    Terraform `lambda_function_association { lambda_arn }`) and reports, at the ARN,
    one that names the function without a version (`!GetAtt Fn.Arn`,
    `aws_lambda_function.x.arn`), an alias (`!Ref Alias`, `aws_lambda_alias.x.arn`, a
    literal ARN ending in a name) or `$LATEST` (a literal ARN, or Terraform's
    `qualified_arn` of a function without `publish = true`). A version resource, a
    numbered ARN, `qualified_arn` of a published function and values that do not resolve
    (SAM's `!Ref Fn.Version`) pass; every `Fn::If` branch is judged. The finding names
    the distribution.

    ## Why is this bad?
    CloudFront replicates a published, numbered version of the function to its edge
    locations and rejects an association with anything else: the distribution fails to
    deploy.

    ## Example
    ```yaml
    LambdaFunctionAssociations:
      - EventType: viewer-request
        LambdaFunctionARN: !GetAtt EdgeFunction.Arn
    ```

    ## Use instead
    ```yaml
    LambdaFunctionAssociations:
      - EventType: viewer-request
        LambdaFunctionARN: !Ref EdgeFunctionVersion   # AWS::Lambda::Version
    ```

    ## References
    - docs/aws-facts.md#lambdaedge-versions
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
    """

    code = "LL803"
    name = "edge-unpublished-version"
    message = (
        "the Lambda@Edge association names {what}: CloudFront accepts only a numbered "
        "version of the function; point it at a published version"
    )
    severity = Severity.ERROR
    help_url = (
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "lambda-at-edge-function-restrictions.html"
    )

    def check(self, stack: Stack) -> Iterator[Violation]:
        for association in stack.edge_associations:
            for target in association.target.candidates():
                _, qualifier = edge_target(stack, association, target)
                what = _WHAT.get(qualifier)
                if what is not None:
                    yield self.violation(
                        association.distribution,
                        target,
                        f"unpublished:{qualifier.value}",
                        what=what,
                    )
                    break
