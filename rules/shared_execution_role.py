"""LL501: one execution role used by several functions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from lambda_lint.model import EntityRef, Field, Stack, Unresolved
from lambda_lint.rule import Rule, Severity, Violation


def _label(role: Field) -> str:
    value = role.value
    if isinstance(value, EntityRef):
        return value.id
    if isinstance(value, Unresolved):
        return value.expr
    return str(value)


# Functions named in each message; the rest are counted. Naming every other
# function made the report quadratic: 4,000 functions on one role gave 108 MB.
_NAMED = 3


def _others(first: list[str], fn_id: str, count: int) -> str:
    """The first few other functions of a group (in template order), and how many more.

    ``first`` holds the group's first ``_NAMED + 1`` functions, so it still names
    ``_NAMED`` of them when ``fn_id`` is among them.
    """
    named = [other for other in first if other != fn_id][:_NAMED]
    rest = count - len(named)
    return ", ".join(named) + (f" and {rest:,} more" if rest else "")


class SharedExecutionRole(Rule):
    """An execution role is shared by more than one function.

    ## What it does
    Groups functions by execution role (the same role resource, the same
    literal ARN, or the same expression such as one `!Ref RoleArn` parameter or
    `!ImportValue`) and reports each function of a group, naming the first
    three others (in template order) and counting the rest.
    Functions that never exist together (CloudFormation resource `Condition`s
    that exclude each other, Terraform `count = var.x ? 1 : 0` beside
    `? 0 : 1`) do not share a role. The role is the same however it is written:
    `!GetAtt Role.Arn`, `{"Fn::GetAtt": "Role.Arn"}`, `!Sub ${Role.Arn}` or its
    ARN built from `!Sub ...:role/${Role}`.
    Roles that SAM generates are one per function and never shared. The
    instances of one Terraform `count`/`for_each` function (separate functions
    in a plan) are one definition and may share its role.

    ## Why is this bad?
    A shared role holds the union of every function's permissions, so each
    function can do what any of them may: a compromise of the smallest function
    reaches all their data. It also couples deployments: a policy change for
    one function changes them all.

    ## Example
    ```yaml
    Globals:
      Function:
        Role: !GetAtt AppRole.Arn
    ```

    ## Use instead
    Give each function its own least-privilege role (SAM: omit `Role` and use
    `Policies`).

    ## References
    - docs/aws-facts.md#one-role-per-function
    - https://docs.aws.amazon.com/lambda/latest/operatorguide/least-privilege.html
    """

    code = "LL501"
    name = "shared-execution-role"
    message = (
        "execution role {role}{inherited} is also used by {others}; "
        "give each function its own least-privilege role"
    )
    severity = Severity.WARNING
    help_url = "https://docs.aws.amazon.com/lambda/latest/operatorguide/least-privilege.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        groups: dict[str, list[tuple[str, Field]]] = defaultdict(list)
        definitions = {fn.id: fn.definition or fn.id for fn in stack.functions.values()}
        for fn in stack.functions.values():
            role = fn.role
            if role.is_missing or (isinstance(role.value, str) and not role.value.strip()):
                continue  # no role at all (``role = ""``) is not a role shared
            groups[role.identity()].append((fn.id, role))
        for members in groups.values():
            if len({definitions[fn_id] for fn_id, _ in members}) < 2:
                continue  # one function, or instances of one Terraform count/for_each block
            # Functions under the same conditions see the same others: computed once for each.
            peers: dict[frozenset[int] | None, list[str]] = {}
            for fn_id, role in members:
                where = stack.presence.get(fn_id)
                if where not in peers:
                    peers[where] = [m for m, _ in members if stack.coexist(fn_id, m)]
                together = peers[where]
                if len({definitions[m] for m in together} | {definitions[fn_id]}) < 2:
                    continue  # the others never exist beside it (exclusive conditions)
                count = len([m for m in together if m != fn_id])
                others = _others(together[: _NAMED + 1], fn_id, count)
                yield self.violation(
                    fn_id,
                    role,
                    "role",
                    role=_label(role),
                    inherited=role.inherited_note,
                    others=others,
                )
