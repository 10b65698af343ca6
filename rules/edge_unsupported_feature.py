"""LL801: a Lambda@Edge function uses a feature Lambda@Edge does not support."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import Field, Function, Stack, as_number, edge_target
from lambda_lint.rule import Rule, Severity, Violation

# docs/aws-facts.md#lambdaedge-unsupported-features
MAX_EPHEMERAL_STORAGE = 512  # MB


def _written(field: Field | None) -> Field | None:
    """The first branch of a list or map field that holds at least one item."""
    for candidate in field.candidates() if field is not None else ():
        if isinstance(candidate.value, tuple) and candidate.value:
            return candidate
    return None


def _features(fn: Function) -> Iterator[tuple[str, str, Field]]:
    """Each unsupported feature the function has (key, text), with the field setting it."""
    for key, feature, field in (
        ("environment", "environment variables", fn.environment),
        ("vpc", "a VPC configuration", fn.subnets),
        ("layers", "layers", fn.layers),
    ):
        written = _written(field)
        if written is not None:
            yield key, feature, written
    if fn.provisioned_concurrency is not None:
        for candidate in fn.provisioned_concurrency.candidates():
            if candidate.value is True:
                yield "provisioned-concurrency", "provisioned concurrency", candidate
                break
    if fn.ephemeral_storage is not None:
        for candidate in fn.ephemeral_storage.candidates():
            size = as_number(candidate.value) if candidate.is_known else None
            if size is not None and size > MAX_EPHEMERAL_STORAGE:
                text = f"{candidate.value} MB of ephemeral storage (at most 512)"
                yield "ephemeral-storage", text, candidate
                break


class EdgeUnsupportedFeature(Rule):
    """A Lambda@Edge function has environment variables, a VPC, layers or more.

    ## What it does
    For each function a CloudFront distribution associates with an event (through a
    version, SAM's published version or Terraform's `qualified_arn`), reports at the
    property each feature Lambda@Edge does not support: environment variables, a VPC
    configuration (subnets), layers, provisioned concurrency and ephemeral storage above
    512 MB, in every `Fn::If` branch and when inherited from SAM `Globals`. Functions an
    association does not resolve to are not judged.

    ## Why is this bad?
    CloudFront rejects the association of a function with any of these features: the
    distribution fails to deploy.

    ## Example
    ```yaml
    EdgeFunction:
      Type: AWS::Lambda::Function
      Properties:
        Environment:
          Variables: {STAGE: prod}
    ```

    ## Use instead
    ```yaml
    EdgeFunction:
      Type: AWS::Lambda::Function
      Properties:
        Code:
          ZipFile: "const STAGE = 'prod'; // configuration in the code"
    ```

    ## References
    - docs/aws-facts.md#lambdaedge-unsupported-features
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
    """

    code = "LL801"
    name = "edge-unsupported-feature"
    message = (
        "function is a Lambda@Edge function ({distribution}) but has {feature}{note}, which "
        "Lambda@Edge does not support: CloudFront rejects the association"
    )
    severity = Severity.ERROR
    help_url = (
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "lambda-at-edge-function-restrictions.html"
    )

    def check(self, stack: Stack) -> Iterator[Violation]:
        for association in stack.edge_associations:
            for target in association.target.candidates():
                function_id, _ = edge_target(stack, association, target)
                fn = stack.functions.get(function_id or "")
                if fn is None:
                    continue
                for key, feature, field in _features(fn):
                    yield self.violation(
                        fn.id,
                        field,
                        f"edge:{key}",
                        distribution=association.distribution,
                        feature=feature,
                        note=field.inherited_note,
                    )
