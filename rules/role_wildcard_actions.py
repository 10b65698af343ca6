"""LL504: an execution role allowed every action, or every action of a service, on everything."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import (
    EntityKind,
    EntityRef,
    Field,
    Permissions,
    Policy,
    Stack,
    names_every_resource,
    wildcard_action,
)
from lambda_lint.rule import Rule, Severity, Violation

_ADMINISTRATOR = "AdministratorAccess"
_FULL_ACCESS = "FullAccess"


class RoleWildcardActions(Rule):
    """An execution role allows `*` or `service:*` on every resource.

    ## What it does
    Looks at every policy granted to a function's execution role (inline policies,
    managed policies, policy resources attached to the role, SAM `Policies`) and
    reports each `Allow` statement that names the action `*` or `service:*` together
    with the resource `*`, at the action; and each AWS managed policy
    `AdministratorAccess` or `*FullAccess`, at its name. A statement with a
    `Condition`, a wildcard limited to some resources (`arn:aws:s3:::bucket/*`) and
    values that do not resolve are not reported. The finding names the role; for a
    role that SAM generates, it names the function whose `Policies` it comes from.

    ## Why is this bad?
    The function can then do anything the wildcard covers, on every resource of the
    account: a bug or a compromised dependency reaches far beyond what the function
    needs. AWS advises least privilege for each execution role.

    ## Example
    ```yaml
    Policies:
      - PolicyName: everything
        PolicyDocument:
          Statement:
            - {Effect: Allow, Action: "s3:*", Resource: "*"}
    ```

    ## Use instead
    ```yaml
    Policies:
      - PolicyName: uploads
        PolicyDocument:
          Statement:
            - {Effect: Allow, Action: "s3:PutObject", Resource: !Sub "${Uploads.Arn}/*"}
    ```

    ## References
    - docs/aws-facts.md#wildcard-permissions
    - docs/aws-facts.md#execution-role-policies
    - https://docs.aws.amazon.com/lambda/latest/operatorguide/least-privilege.html
    """

    code = "LL504"
    name = "role-wildcard-actions"
    messages: ClassVar[Mapping[str, str]] = {
        "statement": (
            "execution role {role} allows {action} on every resource (*): grant only the "
            "actions the function needs, on its own resources"
        ),
        "managed": (
            "execution role {role} has the AWS managed policy {policy}, which grants {what}: "
            "grant only the actions the function needs, on its own resources"
        ),
    }
    severity = Severity.WARNING
    help_url = "https://docs.aws.amazon.com/lambda/latest/operatorguide/least-privilege.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        reported: dict[str, str] = {}  # role id -> the resource findings name
        for fn in stack.functions.values():
            for candidate in fn.role.candidates():
                value = candidate.value
                if isinstance(value, EntityRef) and value.kind is EntityKind.ROLE:
                    role = stack.roles.get(value.id)
                    owner = fn.id if role is not None and role.generated else value.id
                    reported.setdefault(value.id, owner)
        for role_id, owner in reported.items():
            permissions = stack.permissions.get(role_id)
            if permissions is not None:
                yield from self._role(permissions, role_id, owner)

    def _role(self, permissions: Permissions, role_id: str, owner: str) -> Iterator[Violation]:
        for policy in permissions.policies:
            if policy.managed:
                yield from self._managed(policy, role_id, owner)
                continue
            for statement in policy.statements or ():
                if statement.effect.value != "Allow" or statement.conditional:
                    continue
                if statement.not_action or statement.not_resource:
                    continue
                if names_every_resource(statement.resources) is None:
                    continue
                actions = statement.actions.value
                for item in actions if isinstance(actions, tuple) else ():
                    if isinstance(item, Field) and wildcard_action(item):
                        yield self.violation(
                            owner,
                            item,
                            f"wildcard:{item.value}",
                            template="statement",
                            role=role_id,
                            action=item.value,
                        )

    def _managed(self, policy: Policy, role_id: str, owner: str) -> Iterator[Violation]:
        name = policy.managed
        if name == _ADMINISTRATOR:
            what = "every action on every resource"
        elif name.endswith(_FULL_ACCESS):
            what = "full access to a service"
        else:
            return
        yield self.violation(
            owner,
            policy.span,
            f"managed:{name}",
            template="managed",
            role=role_id,
            policy=name,
            what=what,
        )
