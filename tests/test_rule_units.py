"""Rules called directly on model Stacks built by tests/model_factory.py.

The fixture tests (tests/test_rules.py) prove each rule through every loader; these pin
the rule's own decisions at the edges, a near miss beside every case, without any
template in between.
"""

from __future__ import annotations

from lambda_lint.rules import (
    AsyncRetryOutOfRange,
    EnvVarsTooLarge,
    MemoryOutOfRange,
    SharedExecutionRole,
    SqsVisibilityBelowTimeout,
    TimeoutExceedsIntegration,
    TimeoutOutOfRange,
    VpcNoInternetRoute,
)

from lambda_lint.model import (
    HTTP_API,
    REST_API,
    Integration,
    InvokeConfig,
    Origin,
    Stack,
    default_integration_timeout,
)
from lambda_lint.rule import Rule, Violation

from .model_factory import (
    choice,
    environment,
    field,
    function,
    queue,
    ref,
    route_table,
    span,
    sqs_source,
    stack,
    subnet,
    subnets,
    unresolved,
)


def check(rule: Rule, model: Stack) -> list[Violation]:
    return list(rule.check(model))


# -- LL101 env-vars-too-large ------------------------------------------------------------------

# One variable "A" with a value of n characters measures {"A":"..."} = n + 8 bytes.
AT_LIMIT = "x" * (4096 - 8)


def test_ll101_one_byte_over_the_limit() -> None:
    fn = function("Api", environment=environment({"A": AT_LIMIT + "x"}, line=5))
    assert check(EnvVarsTooLarge(), stack(fn)) == [
        Violation(
            "Api",
            span(5),
            "environment variables take 4,097 bytes, over Lambda's limit of 4,096 bytes "
            "(4 KB, measured as the compact JSON of the whole map)",
            "environment",
        )
    ]


def test_ll101_near_misses_exactly_at_the_limit_and_unresolved() -> None:
    at_limit = function("AtLimit", environment=environment({"A": AT_LIMIT}))
    # Only the literal part of an unresolved value counts: a lower bound under the limit.
    unknown = function(
        "Unknown", environment=environment({"A": unresolved("!Ref Big", literal="x")})
    )
    assert check(EnvVarsTooLarge(), stack(at_limit, unknown)) == []


def test_ll101_the_worst_fn_if_world_and_an_assumed_default() -> None:
    big = field(AT_LIMIT + "x", line=7, origin=Origin.PARAMETER_DEFAULT, source="Blob")
    fn = function("Api", environment=environment({"A": choice("IsProd", big, "small")}, line=6))
    assert check(EnvVarsTooLarge(), stack(fn)) == [
        Violation(
            "Api",
            span(6),
            "environment variables take 4,097 bytes when IsProd is true, over Lambda's limit "
            "of 4,096 bytes (4 KB, measured as the compact JSON of the whole map) "
            "(assuming the Default of parameter Blob)",
            "environment",
        )
    ]


# -- LL110 timeout-out-of-range ----------------------------------------------------------------


def test_ll110_over_the_maximum_and_in_one_branch() -> None:
    model = stack(
        function("TooLong", line=2, timeout=901),
        function("Branch", line=9, timeout=choice("IsProd", field(1200, line=10), 30)),
    )
    assert check(TimeoutOutOfRange(), model) == [
        Violation(
            "TooLong",
            span(2),
            "timeout 901 s is outside Lambda's range of 1 to 900 seconds (15 minutes)",
            "timeout",
        ),
        Violation(
            "Branch",
            span(10),
            "timeout 1200 s is outside Lambda's range of 1 to 900 seconds (15 minutes)",
            "timeout",
        ),
    ]


def test_ll110_near_misses() -> None:
    model = stack(
        function("AtMaximum", timeout=900),
        function("AtMinimum", timeout=1),
        function("Default"),  # 3 s, the AWS default
        function("Unknown", timeout=unresolved("!Ref Timeout")),
        function("ManagedInstances", timeout=5400, managed_instances=True),
    )
    assert check(TimeoutOutOfRange(), model) == []


def test_ll110_not_a_whole_number_and_the_projects_cap() -> None:
    model = stack(function("Fraction", timeout=1.5), function("OverCap", timeout=301))
    assert check(TimeoutOutOfRange({"maximum": 300}), model) == [
        Violation(
            "Fraction",
            span(1),
            "timeout 1.5 s is outside Lambda's range of 1 to 900 seconds "
            "(it must be a whole number of seconds)",
            "timeout",
        ),
        Violation(
            "OverCap",
            span(1),
            "timeout 301 s is over this project's cap of 300 seconds (rules.LL110.maximum)",
            "timeout:cap",
        ),
    ]
    assert check(TimeoutOutOfRange({"maximum": 300}), stack(function(timeout=300))) == []


# -- LL120 memory-out-of-range -----------------------------------------------------------------


def test_ll120_above_the_maximum_not_an_integer_and_assumed() -> None:
    assumed = field(64, line=4, origin=Origin.VARIABLE_DEFAULT, source="memory")
    model = stack(
        function("Big", memory=10241),
        function("Float", memory=512.0),
        function("Small", memory=assumed),
    )
    assert check(MemoryOutOfRange(), model) == [
        Violation(
            "Big",
            span(1),
            "memory size 10241 MB is outside Lambda's range of 128 to 10,240 MB "
            "(up to 32,768 MB only with a Managed Instances capacity provider)",
            "memory",
        ),
        Violation(
            "Float",
            span(1),
            "memory size 512.0 MB is not a whole number of MB; Lambda takes an integer "
            "from 128 to 10,240",
            "memory",
        ),
        Violation(
            "Small",
            span(4),
            "memory size 64 MB (assumed from the default of variable memory) is outside "
            "Lambda's range of 128 to 10,240 MB",
            "memory",
        ),
    ]


def test_ll120_near_misses() -> None:
    model = stack(
        function("AtMaximum", memory=10240),
        function("AtMinimum", memory=128),
        function("AsText", memory="1024"),  # CloudFormation accepts "1024"
        function("Default"),
        function("ManagedInstances", memory=32768, managed_instances=True),
        function("Unknown", memory=unresolved("var.memory")),
    )
    assert check(MemoryOutOfRange(), model) == []


# -- LL112 sqs-visibility-below-timeout --------------------------------------------------------


def test_ll112_visibility_below_the_consumers_timeout() -> None:
    model = stack(
        function("Worker", timeout=60),
        queue("Jobs", line=8, visibility_timeout=field(59, line=9)),
        sqs_source("Worker", "Jobs"),
    )
    assert check(SqsVisibilityBelowTimeout(), model) == [
        Violation(
            "Jobs",
            span(9),
            "visibility timeout 59 s is below the 60 s timeout of function Worker, which "
            "consumes this queue; Lambda rejects the event source mapping (visibility must "
            "be at least the function timeout)",
            "visibility_timeout:Worker",
        )
    ]


def test_ll112_near_misses_equal_and_not_consumed() -> None:
    equal = stack(
        function("Worker", timeout=60), queue("Jobs", visibility_timeout=60), sqs_source()
    )
    assert check(SqsVisibilityBelowTimeout(), equal) == []
    # The queue's default 30 s is below 60 s, but nothing polls it.
    idle = stack(function("Worker", timeout=60), queue("Jobs"))
    assert check(SqsVisibilityBelowTimeout(), idle) == []


# -- LL301 vpc-no-internet-route ---------------------------------------------------------------


def test_ll301_a_subnet_without_a_default_route() -> None:
    model = stack(
        function("Api", subnets=subnets("Private", line=6)),
        subnet("Private", route_table="Isolated"),
        route_table("Isolated", ("10.0.0.0/16", "other")),
    )
    assert check(VpcNoInternetRoute(), model) == [
        Violation(
            "Api",
            span(6),
            "subnet Private has no 0.0.0.0/0 route through a NAT gateway or NAT instance; "
            "invocations placed there cannot reach the internet or public AWS endpoints",
            "subnets",
        )
    ]


def test_ll301_near_misses_nat_unknown_table_and_no_vpc() -> None:
    model = stack(
        function("ThroughNat", subnets=subnets("WithNat")),
        function("UnknownTable", subnets=subnets("Unassociated")),
        function("NoVpc"),
        subnet("WithNat", route_table="Nat"),
        subnet("Unassociated"),  # its main route table could be anything
        route_table("Nat", ("0.0.0.0/0", "nat")),
    )
    assert check(VpcNoInternetRoute(), model) == []


# -- LL501 shared-execution-role ---------------------------------------------------------------
# Its message is being reworded elsewhere: only who is reported, and under which key.


def test_ll501_every_function_sharing_a_role_is_reported() -> None:
    model = stack(
        function("A", role=ref("role", "Shared")),
        function("B", role=ref("role", "Shared")),
        function("C", role=ref("role", "Own")),
    )
    found = check(SharedExecutionRole(), model)
    assert [(v.resource, v.key) for v in found] == [("A", "role"), ("B", "role")]


def test_ll501_near_misses_own_roles_instances_and_no_role() -> None:
    model = stack(
        function("A", role=ref("role", "RoleA")),
        function("B", role=ref("role", "RoleB")),
        # Two instances of one Terraform count block share their role by construction.
        function("C[0]", role=ref("role", "Fleet"), definition="C"),
        function("C[1]", role=ref("role", "Fleet"), definition="C"),
        function("NoRoleX"),
        function("NoRoleY"),
    )
    assert check(SharedExecutionRole(), model) == []


# -- the factory itself ------------------------------------------------------------------------


def test_the_factorys_defaults_are_what_the_loader_gives_an_unwritten_property() -> None:
    """A factory ``function()`` is the loaded Function of a template that writes nothing."""
    from lambda_lint.loaders import load_document as load
    from lambda_lint.parsing import parse_text

    text = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {}\n"
    loaded, problems = load("cloudformation", parse_text(text, "t.yaml").root)
    built = function("Fn", line=2)
    assert problems == []
    assert loaded.functions["Fn"].span == built.span
    for name in ("memory", "timeout", "environment", "role", "layers", "dead_letter", "subnets"):
        assert getattr(loaded.functions["Fn"], name) == getattr(built, name), name


# -- LL601 / LL602: concurrency sums ------------------------------------------------------


def test_ll601_account_limit_option_moves_the_cap() -> None:
    from lambda_lint.rules import ReservedConcurrencyOverPool

    model = stack(
        function("A", 1, reserved_concurrency=field(3000, 1)),
        function("B", 2, reserved_concurrency=field(1000, 2)),
    )
    assert len(check(ReservedConcurrencyOverPool(), model)) == 1
    raised = ReservedConcurrencyOverPool({"account-limit": 4100})
    assert check(raised, model) == []  # 4,000 reserved of 4,100: exactly the 100 kept free
    lower = check(ReservedConcurrencyOverPool({"account-limit": 4099}), model)
    assert [v.resource for v in lower] == ["A"]
    assert "account limit of 4,099" in lower[0].message


def test_ll601_counts_a_count_resource_once_and_says_at_least() -> None:
    from lambda_lint.rules import ReservedConcurrencyOverPool

    model = stack(
        function("A", 1, reserved_concurrency=field(600, 1)),
        function("B", 2, reserved_concurrency=field(301, 2)),
        instances={"B": "count"},
    )
    [violation] = check(ReservedConcurrencyOverPool(), model)
    assert "totals at least 901 over 2 functions (600 here; B 301)" in violation.message


def test_ll601_unknown_and_terraform_unreserved_count_nothing() -> None:
    from lambda_lint.rules import ReservedConcurrencyOverPool

    model = stack(
        function("A", 1, reserved_concurrency=field(900, 1)),
        function("B", 2, reserved_concurrency=unresolved("!Ref P", 2)),
        function("C", 3, reserved_concurrency=field(-1, 3)),
    )
    assert check(ReservedConcurrencyOverPool(), model) == []


# -- LL111 timeout-exceeds-integration, LL406 async-retry-out-of-range --------------------------


def test_ll111_an_api_of_unknown_kind_is_judged_against_the_longest_wait() -> None:
    def behind(seconds: int) -> Stack:
        wait = field(default_integration_timeout(""), 4, Origin.AWS_DEFAULT)
        return stack(
            function("Api", timeout=field(seconds, 2)),
            integrations=(Integration("Route", span(4), "", "Api", wait),),
        )

    # HTTP or WebSocket: 30 s is not reported (it is fine for an HTTP API), 31 s is.
    assert check(TimeoutExceedsIntegration(), behind(30)) == []
    [found] = check(TimeoutExceedsIntegration(), behind(31))
    assert (found.resource, found.span, found.key) == ("Api", span(2), "integration-timeout")
    assert "31 s is longer than the 30 s integration timeout (the AWS default)" in found.message


def test_ll111_one_finding_per_function_about_the_tightest_integration() -> None:
    model = stack(
        function("Api", timeout=field(60, 2)),
        integrations=(
            Integration("Http", span(4), HTTP_API, "Api", field(30_000, 4)),
            Integration("Rest", span(6), REST_API, "Api", field(10_000, 6)),
            Integration("Elsewhere", span(8), REST_API, "NotHere", field(1_000, 8)),
        ),
    )
    [found] = check(TimeoutExceedsIntegration(), model)
    assert "REST API integration Rest" in found.message and "10 s" in found.message


def test_ll406_non_integers_and_unknowns() -> None:
    model = stack(
        function("Worker"),
        invoke_configs=(
            InvokeConfig("Config", span(3), "Worker", field(1.5, 4), unresolved("!Ref Age", 5)),
            InvokeConfig("Other", span(7), None, choice("Prod", 2, -1, 8), field(60, 9)),
        ),
    )
    found = check(AsyncRetryOutOfRange(), model)
    assert [(v.resource, v.span.line, v.key) for v in found] == [
        ("Worker", 4, "retries:Config"),
        ("Other", 8, "retries:Other"),
    ]
    assert "1.5 is not a whole number" in found[0].message
    assert "-1 is outside the 0 to 2" in found[1].message


def test_ll501_an_empty_role_is_no_role_shared() -> None:
    """Two functions with ``role = ""`` share nothing (LL502 reports each of them)."""
    from lambda_lint.rules.execution_role_missing import ExecutionRoleMissing
    from lambda_lint.rules.shared_execution_role import SharedExecutionRole

    empty = stack(function("A", role=field("")), function("B", role=field("")))
    assert list(SharedExecutionRole().check(empty)) == []
    assert [v.resource for v in ExecutionRoleMissing().check(empty)] == ["A", "B"]


def test_ll601_functions_never_deployed_together_do_not_add_up() -> None:
    from lambda_lint.rules import ReservedConcurrencyOverPool

    apart = stack(
        function("Prod", 1, reserved_concurrency=field(600, 1)),
        function("Dev", 2, reserved_concurrency=field(600, 2)),
        presence={"Prod": frozenset({0}), "Dev": frozenset({1})},
    )
    assert check(ReservedConcurrencyOverPool(), apart) == []
    together = stack(
        function("Prod", 1, reserved_concurrency=field(600, 1)),
        function("Dev", 2, reserved_concurrency=field(600, 2)),
        presence={"Prod": frozenset({0, 1}), "Dev": frozenset({1})},
    )
    assert [v.resource for v in check(ReservedConcurrencyOverPool(), together)] == ["Prod"]
