"""LL601: the stack reserves more concurrency than an account can without going below 100
unreserved."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from lambda_lint.model import (
    DEFAULT_ACCOUNT_CONCURRENCY,
    UNRESERVED_MINIMUM,
    Field,
    Function,
    Stack,
    condition_assignments,
    reservation,
)
from lambda_lint.rule import Rule, Severity, Violation, first_few

OPTION = "account-limit"


def _worst_world(stack: Stack, functions: list[Function]) -> list[tuple[Function, int, Field]]:
    """The reservations of the ``Fn::If`` branches that reserve the most in all (every truth
    assignment of the conditions involved is tried), largest first; unknown values reserve 0."""
    conditions: set[str] = set()
    for fn in functions:
        if fn.reserved_concurrency is not None:
            conditions |= fn.reserved_concurrency.conditions()
    worst: list[tuple[Function, int, Field]] = []
    for world in condition_assignments(conditions):
        found: list[tuple[Function, int, Field]] = []
        for fn in functions:
            if fn.reserved_concurrency is None:
                continue
            chosen = fn.reserved_concurrency.resolve(world)
            amount = reservation(chosen.value) if chosen.is_known else None
            if amount:
                found.append((fn, amount, chosen))
        if sum(item[1] for item in found) > sum(item[1] for item in worst):
            worst = found
    worst.sort(key=lambda item: -item[1])  # stable: template order among equals
    together = set(stack.deployed_together([fn.id for fn, _, _ in worst]))
    return [item for item in worst if item[0].id in together]


class ReservedConcurrencyOverPool(Rule):
    """The functions of the stack reserve more concurrency than the account can spare.

    ## What it does
    Adds up the reserved concurrency (`ReservedConcurrentExecutions`, Terraform
    `reserved_concurrent_executions`) of every function in the template or module,
    including values inherited from SAM `Globals` and parameter or variable defaults
    (the message then says "assumed"). With `Fn::If`, the branches that reserve the
    most in all are added up; an unknown value counts as 0, and Terraform's -1
    reserves nothing. When the sum is above the account's concurrency limit (option
    `account-limit`, default 1,000, the default quota per Region) minus the 100
    executions Lambda always keeps unreserved, it reports once, on the function with
    the largest reservation, naming the others. A `count`/`for_each` function is
    counted once, so the sum is a lower bound; functions whose conditions keep them
    from being deployed together are not added up.

    ## Why is this bad?
    Lambda rejects a reservation that would leave less than 100 concurrent executions
    unreserved in the account and Region: the deployment fails. Other stacks in the
    account draw on the same pool, so a stack that alone comes close already leaves
    little for everything else.

    ## Example
    ```yaml
    Ingest:
      Type: AWS::Lambda::Function
      Properties:
        ReservedConcurrentExecutions: 600
    Report:
      Type: AWS::Lambda::Function
      Properties:
        ReservedConcurrentExecutions: 400
    ```

    ## Use instead
    Reserve only what each function needs (the total at most the account limit minus
    100), or raise the account's concurrency quota and set `account-limit` to it:
    `[tool.lambda-lint.rules.LL601]` `account-limit = 5000`.

    ## References
    - docs/aws-facts.md#unreserved-concurrency
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
    """

    code = "LL601"
    name = "reserved-concurrency-over-pool"
    messages: ClassVar[Mapping[str, str]] = {
        "one": (
            "reserved concurrency of {amount:,}{note} is more than the {cap:,} an account "
            "limit of {limit:,} concurrent executions can reserve: Lambda keeps "
            "{minimum} unreserved and rejects the reservation"
        ),
        "several": (
            "reserved concurrency totals {bound}{total:,} over {count} functions "
            "({amount:,} here{note}; {others}), more than the {cap:,} an account limit of "
            "{limit:,} concurrent executions can reserve: Lambda keeps {minimum} "
            "unreserved and rejects the reservation that crosses it"
        ),
    }
    severity = Severity.WARNING
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html"
    options_schema: ClassVar[Mapping[str, Any]] = {
        OPTION: {
            "description": (
                "The account's concurrency limit in the Region (Lambda's default quota is "
                "1,000); set it when the quota was raised"
            ),
            "type": "integer",
            "minimum": UNRESERVED_MINIMUM,
        }
    }

    def check(self, stack: Stack) -> Iterator[Violation]:
        limit = int(self.options.get(OPTION, DEFAULT_ACCOUNT_CONCURRENCY))
        cap = limit - UNRESERVED_MINIMUM
        reserving = _worst_world(
            stack, [fn for fn in stack.functions.values() if fn.reserved_concurrency is not None]
        )
        total = sum(amount for _, amount, _ in reserving)
        if total <= cap:
            return
        fn, amount, at = reserving[0]
        others = reserving[1:]
        named = first_few(
            [f"{other.id} {count:,}{where.assumed_note}" for other, count, where in others]
        )
        counted_once = any(item[0].id in stack.instances for item in reserving)
        yield self.violation(
            fn.id,
            at,
            "reserved-concurrency",
            template="several" if others else "one",
            amount=amount,
            note=at.assumed_note,
            cap=cap,
            limit=limit,
            minimum=UNRESERVED_MINIMUM,
            bound="at least " if counted_once else "",
            total=total,
            count=len(reserving),
            others=named,
        )
