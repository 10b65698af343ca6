"""LL001: a file could not be read or parsed, or is a template its deployer rejects."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import Stack
from lambda_lint.rule import Rule, Severity, Violation


class ParseError(Rule):
    """The file could not be read or parsed as a template, or its structure is rejected.

    ## What it does
    Reports files that are not valid YAML or JSON (syntax errors, duplicate keys,
    tabs used for indentation, invalid UTF-8, empty or binary files, unknown YAML
    tags in a CloudFormation template), at the position where parsing failed.

    Also reports templates that parse but that CloudFormation or Terraform reject
    before deploying anything, at the offending value:
    - a template wrapped in a list; ``Resources`` that is not a mapping; a resource
      that is not a mapping, has no ``Type`` or a ``Type`` that is not a string;
      ``Properties`` or ``DependsOn`` of the wrong type;
    - ``Ref``, ``Fn::GetAtt``, ``Fn::Sub`` variables and ``DependsOn`` naming
      something the template does not define (cfn-lint's E1010, E1019, E1020 and
      E3005). In SAM templates the names SAM generates (``MyFunctionRole``,
      ``ServerlessRestApi``, an event's ``QueueLogicalId``, embedded connectors)
      count as defined; a template with another transform or ``Fn::Transform`` is
      not checked;
    - resources that depend on each other in a circle (cfn-lint's E3004), once per
      cycle, at its first resource;
    - duplicate resources in a Terraform module, local values that form a cycle,
      and references to undeclared variables, locals and resources in a module
      whose files are all Terraform JSON.

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
    - https://yaml.org/spec/1.2.2/
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
    """

    code = "LL001"
    name = "parse-error"
    message = "{reason}"
    severity = Severity.ERROR
    help_url = (
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html"
    )

    def check(self, stack: Stack) -> Iterator[Violation]:
        """Reported by the engine while parsing; never from the model."""
        return iter(())
