"""LL006: a template parses, but the service would reject its structure."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import Stack
from lambda_lint.rule import Rule, Severity, Violation


class TemplateInvalid(Rule):
    """The file parses, but CloudFormation, SAM or Terraform would reject its structure.

    ## What it does
    Reports templates and modules that parse but that their deployer rejects
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
    - a Terraform JSON file that is not an object, duplicate resources in a
      Terraform module, local values that form a cycle, and references to
      undeclared variables, locals and resources in a module whose files are all
      Terraform JSON.

    Unlike LL001 (a file that cannot be read or parsed), this rule can be
    deselected and suppressed like any other: the rest of the file is still
    checked.

    ## Why is this bad?
    The deployment fails: CloudFormation rolls back (or refuses the change set),
    SAM's transform fails, ``terraform plan`` stops with an error.

    ## Example
    ```yaml
    Resources:
      Fn:
        Type: AWS::Lambda::Function
        Properties:
          Role: !GetAtt NoRole.Arn   # NoRole is not a resource of this template
    ```

    ## Use instead
    Define what the template refers to, or refer to what it defines.

    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
    - https://developer.hashicorp.com/terraform/language/syntax/json
    """

    code = "LL006"
    reported_by_engine = True
    name = "template-invalid"
    messages: ClassVar[Mapping[str, str]] = {
        # The most common problems; each loader describes what its tool would reject.
        "resources-shape": (
            "Resources is {kind}; CloudFormation requires a mapping of logical IDs to resources"
        ),
        "logical-id": (
            "logical ID {name!r} is not alphanumeric; CloudFormation requires logical IDs "
            "of letters and digits only (A-Z, a-z, 0-9)"
        ),
        "no-type": "resource {name} has no Type; CloudFormation rejects a resource without one",
        "merge-key": (
            "YAML merge key '<<': CloudFormation does not resolve merge keys (only tools "
            "that rewrite the template first, such as the SAM CLI or `aws cloudformation "
            "package`, do); checked with the merged keys"
        ),
        "wrapped": (
            "the file is a list holding a template; CloudFormation and Terraform read a "
            "template only as a mapping at the top level"
        ),
        "not-an-object": "a Terraform JSON file must hold an object",
    }
    severity = Severity.ERROR
    help_url = (
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html"
    )

    def check(self, stack: Stack) -> Iterator[Violation]:
        """Reported by the engine from what the loaders found; never from the model."""
        return iter(())
