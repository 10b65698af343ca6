"""LL602: provisioned concurrency above the function's reserved concurrency."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import (
    Field,
    ProvisionedConcurrency,
    Stack,
    as_int,
    condition_assignments,
    reservation,
)
from lambda_lint.rule import Rule, Severity, Violation, first_few


def _worst_world(
    reserved: Field, configs: list[ProvisionedConcurrency]
) -> tuple[int, Field, list[tuple[ProvisionedConcurrency, int, Field]]] | None:
    """The ``Fn::If`` branches where provisioned concurrency most exceeds the reservation:
    (reserved, its Field, each configuration's amount largest first), or None when no
    branch exceeds it. Branches without a known reservation limit nothing."""
    conditions = reserved.conditions()
    for config in configs:
        conditions |= config.amount.conditions()
    worst: tuple[int, Field, list[tuple[ProvisionedConcurrency, int, Field]]] | None = None
    excess = 0
    for world in condition_assignments(conditions):
        chosen = reserved.resolve(world)
        limit = reservation(chosen.value) if chosen.is_known else None
        if limit is None:
            continue
        amounts = []
        for config in configs:
            amount = config.amount.resolve(world)
            count = as_int(amount.value) if amount.is_known else None
            if count is not None and count > 0:
                amounts.append((config, count, amount))
        over = sum(count for _, count, _ in amounts) - limit
        if over > excess:
            excess = over
            worst = (limit, chosen, sorted(amounts, key=lambda item: -item[1]))
    return worst


class ProvisionedExceedsReserved(Rule):
    """Provisioned concurrency is above the function's reserved concurrency.

    ## What it does
    For each function with reserved concurrency (`ReservedConcurrentExecutions`,
    Terraform `reserved_concurrent_executions`), adds up the provisioned
    concurrency set on its versions and aliases (`ProvisionedConcurrencyConfig` of
    `AWS::Lambda::Version` and `AWS::Lambda::Alias`, SAM
    `ProvisionedConcurrencyConfig`, Terraform
    `aws_lambda_provisioned_concurrency_config`) and reports when it is above the
    reservation, at the largest configuration. Values from SAM `Globals`, parameter
    and variable defaults count (the message says so); with `Fn::If`, every
    combination of branches is tried and the one with the largest excess reported;
    unknown amounts count as 0. Provisioned concurrency equal to the reservation is
    allowed. Configurations whose conditions keep them from being deployed with the
    function, or with each other, are not added up.

    ## Why is this bad?
    Provisioned concurrency is taken from the function's reserved concurrency when it
    has one: Lambda rejects a configuration that would need more, so the deployment
    fails.

    ## Example
    ```yaml
    Api:
      Type: AWS::Serverless::Function
      Properties:
        AutoPublishAlias: live
        ReservedConcurrentExecutions: 10
        ProvisionedConcurrencyConfig:
          ProvisionedConcurrentExecutions: 20
    ```

    ## Use instead
    ```yaml
        ReservedConcurrentExecutions: 25
        ProvisionedConcurrencyConfig:
          ProvisionedConcurrentExecutions: 20
    ```

    ## References
    - docs/aws-facts.md#provisioned-concurrency-within-the-reservation
    - https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
    """

    code = "LL602"
    name = "provisioned-exceeds-reserved"
    messages: ClassVar[Mapping[str, str]] = {
        "one": (
            "provisioned concurrency of {amount:,}{note} is above the function's reserved "
            "concurrency of {reserved:,}{reserved_note}; Lambda takes provisioned "
            "concurrency from the reservation and rejects the configuration"
        ),
        "several": (
            "provisioned concurrency totals {total:,} over {count} versions and aliases of "
            "the function ({amount:,} here{note}; {others}), above its reserved "
            "concurrency of {reserved:,}{reserved_note}; Lambda takes provisioned "
            "concurrency from the reservation and rejects the configuration that exceeds it"
        ),
    }
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        by_function: dict[str, list[ProvisionedConcurrency]] = defaultdict(list)
        for config in stack.provisioned:
            if config.function is not None:
                by_function[config.function].append(config)
        for fn_id, configs in by_function.items():
            fn = stack.functions.get(fn_id)
            if fn is None or fn.reserved_concurrency is None:
                continue
            kept = set(stack.deployed_together([fn_id, *(c.id for c in configs)]))
            configs = [config for config in configs if config.id in kept]
            worst = _worst_world(fn.reserved_concurrency, configs)
            if worst is None:
                continue
            reserved, reserved_at, counted = worst
            _, amount, at = counted[0]
            total = sum(count for _, count, _ in counted)
            others = counted[1:]
            named = first_few(
                [f"{config.id} {count:,}{where.assumed_note}" for config, count, where in others]
            )
            yield self.violation(
                fn_id,
                at,
                "provisioned-concurrency",
                template="several" if others else "one",
                amount=amount,
                note=at.assumed_note,
                reserved=reserved,
                reserved_note=reserved_at.assumed_note,
                total=total,
                count=len(counted),
                others=named,
            )
