"""The format-neutral workload: every function and what surrounds it, drawn from a seed.

One plan is rendered three ways (CloudFormation, SAM, Terraform JSON), so the same
seed and size describe the same application in every format and the planted
violations are the same functions everywhere. Only ``random.Random.random()`` is
used (its sequence is stable across Python versions), never ``choice``/``sample``,
so the output bytes do not depend on the interpreter.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

# Supported runtimes with deprecation dates well after 2027, so no runtime rule
# (ours or cfn-lint's) fires on the background functions.
RUNTIMES = (
    ("python3.12", "app.handler"),
    ("python3.12", "app.handler"),
    ("python3.13", "app.handler"),
    ("nodejs22.x", "index.handler"),
    ("nodejs22.x", "index.handler"),
    ("java21", "com.example.orders.Handler::handleRequest"),
    ("provided.al2023", "bootstrap"),
)
MEMORY = (128, 256, 512, 512, 1024, 1024, 1769, 2048, 3008)
TIMEOUTS = (3, 10, 15, 30, 30, 60, 120, 300, 900)
BATCH_SIZES = (1, 5, 10, 10, 25, 100)
TEAMS = ("orders", "billing", "search", "identity", "catalog", "shipping")
RETENTION_DAYS = (7, 14, 30, 90, 365)
FUNCTIONS_PER_VPC = 40
FUNCTIONS_PER_LAYER = 50
PLANTED_KINDS = ("env_size", "timeout", "shared_role", "queue_no_redrive")
ENV_LIMIT = 4096
PLANTED_TIMEOUT = 901


@dataclass(frozen=True)
class EnvValue:
    """An environment value: ``lit`` text, ``ref`` to a parameter, ``sub`` template.

    ``sub`` templates use CloudFormation ``${Stage}``/``${AWS::Region}`` placeholders;
    the Terraform renderer maps them to ``${var.stage}``/``${var.region}``.
    """

    kind: str
    text: str
    long_form: bool = False


@dataclass
class Function:
    """One function and the resources it owns (role, queues, alias, log group)."""

    index: int
    team: str
    runtime: str
    handler: str
    arch: str
    memory: int
    timeout: int
    tracing: bool
    named: bool
    code_hash: str
    env: list[tuple[str, EnvValue]]
    sqs: bool
    batch: int
    redrive: bool = True
    vpc: int | None = None
    alias: str | None = None  # None, "plain" or "weighted"
    weight: float = 0.1
    deploy_preference: bool = False
    failure_dlq: bool = False
    log_retention: int | None = None
    reserved: int | None = None
    layers: tuple[int, ...] = ()
    sam_policies: bool = False  # SAM only: a generated role from Policies
    role_owner: int = -1  # the function whose dedicated role this one uses (self normally)
    # A borrower of this function's role is in a VPC: the role needs the ENI policy (LL303).
    vpc_role: bool = False

    @property
    def num(self) -> str:
        return f"{self.index + 1:04d}"


@dataclass(frozen=True)
class Planted:
    """A planted violation: its kind, the function, and the role owner or queue involved."""

    kind: str
    function: int
    other: int = -1  # shared_role: the owner of the borrowed role


@dataclass
class Plan:
    """The whole workload; renderers read it and never draw random numbers themselves."""

    size: int
    seed: int
    functions: list[Function]
    vpcs: int
    layers: int
    planted: list[Planted] = field(default_factory=list)


class _Draw:
    """``random.Random`` restricted to ``random()``: a stable sequence on every Python."""

    def __init__(self, key: str) -> None:
        self._rng = random.Random(key)

    def chance(self, p: float) -> bool:
        return self._rng.random() < p

    def index(self, n: int) -> int:
        return min(n - 1, int(self._rng.random() * n))

    def pick(self, items: Sequence[T]) -> T:
        return items[self.index(len(items))]

    def hex(self, digits: int) -> str:
        return "".join("0123456789abcdef"[self.index(16)] for _ in range(digits))


def _env(draw: _Draw, team: str, num: str) -> list[tuple[str, EnvValue]]:
    env = [
        ("POWERTOOLS_SERVICE_NAME", EnvValue("lit", f"{team}-fn-{num}")),
        ("STAGE", EnvValue("ref", "Stage")),
    ]
    optional = [
        ("CONFIG_PATH", EnvValue("sub", f"/${{Stage}}/{team}/fn-{num}/config", draw.chance(0.3))),
        ("TABLE_NAME", EnvValue("sub", f"{team}-${{Stage}}-table", draw.chance(0.3))),
        (
            "SERVICE_ENDPOINT",
            EnvValue("sub", f"https://{team}.${{AWS::Region}}.internal.example.com"),
        ),
        ("RETRY_LIMIT", EnvValue("lit", str(1 + draw.index(5)))),
        ("FEATURE_X_ENABLED", EnvValue("lit", "true" if draw.chance(0.5) else "false")),
        ("DOWNSTREAM_TIMEOUT_MS", EnvValue("lit", str(draw.pick((500, 1000, 2500, 5000))))),
    ]
    env.extend(entry for entry in optional if draw.chance(0.45))
    return env


def _function(draw: _Draw, index: int, layers: int) -> Function:
    team = draw.pick(TEAMS)
    runtime, handler = RUNTIMES[draw.index(len(RUNTIMES))]
    fn = Function(
        index=index,
        team=team,
        runtime=runtime,
        handler=handler,
        arch="arm64" if draw.chance(0.5) else "x86_64",
        memory=draw.pick(MEMORY),
        timeout=draw.pick(TIMEOUTS),
        tracing=draw.chance(0.5),
        named=draw.chance(0.6),
        code_hash=draw.hex(12),
        env=[],
        sqs=draw.chance(0.3),
        batch=draw.pick(BATCH_SIZES),
        role_owner=index,
    )
    fn.env = _env(draw, team, fn.num)
    fn.vpc = 0 if draw.chance(0.3) else None  # VPC numbers are assigned after the draw
    if draw.chance(0.25):
        fn.alias = "weighted" if draw.chance(0.5) else "plain"
        fn.weight = draw.pick((0.05, 0.1, 0.2, 0.5))
        fn.deploy_preference = draw.chance(0.33)
    fn.failure_dlq = not fn.sqs and draw.chance(0.15)
    if draw.chance(0.5):
        fn.log_retention = draw.pick(RETENTION_DAYS)
    fn.reserved = 5 if draw.chance(0.05) else None
    if draw.chance(0.35):
        first = draw.index(layers)
        second = draw.index(layers)
        fn.layers = tuple(sorted({first, second})) if draw.chance(0.4) else (first,)
    fn.sam_policies = draw.chance(0.25)
    return fn


def planted_count(size: int) -> int:
    """One of each kind from 10 functions on, then about 1 in 50 functions."""
    return 0 if size < 10 else max(len(PLANTED_KINDS), size // 50)


def _feature_flags(draw: _Draw, env: list[tuple[str, EnvValue]]) -> EnvValue:
    """A literal JSON blob large enough to push the whole map over 4 KB."""
    flags: dict[str, str] = {}
    states = ("enabled", "disabled", "canary", "percent-25")
    while True:
        blob = json.dumps(flags, separators=(",", ":"))
        if len(blob) + sum(len(k) + len(v.text) + 6 for k, v in env) > ENV_LIMIT + 200:
            return EnvValue("lit", blob)
        key = f"flag_{len(flags):03d}_{draw.pick(TEAMS)}_rollout"
        flags[key] = draw.pick(states)


def _plant(plan: Plan) -> None:
    draw = _Draw(f"lambda-lint-bench:{plan.seed}:planted")
    fns = plan.functions
    order = list(range(plan.size))
    for i in range(len(order) - 1, 0, -1):  # Fisher-Yates with random() only
        j = draw.index(i + 1)
        order[i], order[j] = order[j], order[i]
    chosen = sorted(order[: planted_count(plan.size)])
    owners: set[int] = set()
    for position, index in enumerate(chosen):
        kind = PLANTED_KINDS[position % len(PLANTED_KINDS)]
        fn = fns[index]
        other = -1
        if kind == "env_size":
            fn.env.append(("FEATURE_FLAGS_JSON", _feature_flags(draw, fn.env)))
        elif kind == "timeout":
            fn.timeout = PLANTED_TIMEOUT
        elif kind == "shared_role":
            other = _nearest_owner(plan.size, index, set(chosen) | owners)
            owners.add(other)
            fn.role_owner = other
            fns[other].vpc_role = fns[other].vpc_role or fn.vpc is not None
            fn.sam_policies = False
            fns[other].sam_policies = False
        elif kind == "queue_no_redrive":
            fn.sqs = True
            fn.failure_dlq = False
            fn.redrive = False
        plan.planted.append(Planted(kind, index, other))


def _nearest_owner(size: int, index: int, taken: set[int]) -> int:
    for distance in range(1, size):
        for candidate in (index + distance, index - distance):
            if 0 <= candidate < size and candidate not in taken:
                return candidate
    raise ValueError("no function left to share a role with")


def build_plan(size: int, seed: int = 0) -> Plan:
    """Draw ``size`` functions, plant the violations, number the VPCs."""
    if size < 1:
        raise ValueError("size must be at least 1")
    layers = max(1, math.ceil(size / FUNCTIONS_PER_LAYER))
    draw = _Draw(f"lambda-lint-bench:{seed}:functions")
    plan = Plan(size, seed, [_function(draw, i, layers) for i in range(size)], 0, layers)
    _plant(plan)
    in_vpc = [fn for fn in plan.functions if fn.vpc is not None]
    for position, fn in enumerate(in_vpc):
        fn.vpc = position // FUNCTIONS_PER_VPC
    plan.vpcs = math.ceil(len(in_vpc) / FUNCTIONS_PER_VPC)
    return plan
