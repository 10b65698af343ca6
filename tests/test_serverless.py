"""The Serverless Framework loader: which files it claims, what its variables resolve to,
how its functions and events join the model, and that findings land where the cause is.

The rules' own cases are the ``fail*-sls``/``pass*-sls`` fixtures (tests/test_rules.py);
these tests pin what the fixtures cannot show on their own.
"""

from __future__ import annotations

from pathlib import Path

from lambda_lint.engine import LintOptions, lint_paths
from lambda_lint.loaders.base import LoadContext, UnitFiles
from lambda_lint.loaders.registry import claimants, loader
from lambda_lint.model import MISSING, EntityKind, EntityRef, Origin, Stack, Unresolved
from lambda_lint.registry import all_rules, find_rule

from .test_architecture import _imported_by_a_run

OPTIONS = LintOptions(rule_options={"LL702": {"today": "2026-10-30"}})


def service(tmp_path: Path, text: str, name: str = "serverless.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def model(path: Path) -> Stack:
    reading = loader("serverless").read(UnitFiles((path,), frozenset({path})), LoadContext(1 << 20))
    assert reading is not None
    return loader("serverless").build(reading).stack


def findings(paths: list[Path], *codes: str) -> list[tuple[str, int, int, str]]:
    rules = [find_rule(code) for code in codes] if codes else list(all_rules())
    report = lint_paths(paths, [r for r in rules if r is not None], OPTIONS)
    return [(f.rule, f.line, f.column, f.message) for f in report.findings]


# -- which files ----------------------------------------------------------------------------


def test_the_file_name_is_claimed_before_the_suffix() -> None:
    assert [s.name for s in claimants("serverless.yml", False)] == ["serverless", "cloudformation"]
    assert claimants("serverless.json", True)[0].name == "serverless"
    assert [s.name for s in claimants("my-serverless.yml", False)] == ["cloudformation"]


BASIC = """\
service: demo
provider:
  name: aws
  runtime: python3.12
  timeout: 901
functions:
  api:
    handler: h.api
    role: arn:aws:iam::123456789012:role/api
"""


def test_a_walk_finds_services_and_skips_the_build_output(tmp_path: Path) -> None:
    (tmp_path / "svc").mkdir()
    service(tmp_path / "svc", BASIC, "serverless.yaml")
    (tmp_path / "svc" / ".serverless").mkdir()
    service(tmp_path / "svc" / ".serverless", BASIC)
    found = findings([tmp_path], "LL110")
    assert found == [
        (
            "LL110",
            5,
            12,
            "timeout 901 s (inherited from provider) is outside Lambda's range of 1 to "
            "900 seconds (15 minutes)",
        )
    ]


def test_a_template_named_like_a_service_is_still_a_template(tmp_path: Path) -> None:
    template = (
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Timeout: 901}\n"
    )
    path = service(tmp_path, template)
    assert [f[:3] for f in findings([path], "LL110")] == [("LL110", 4, 27)]


def test_a_broken_service_file_is_reported(tmp_path: Path) -> None:
    path = service(tmp_path, "service: demo\nfunctions: [\n")
    assert [f[0] for f in findings([tmp_path])] == ["LL001"]
    assert [f[0] for f in findings([path])] == ["LL001"]


def test_suppression_comments_work_as_in_cloudformation_yaml(tmp_path: Path) -> None:
    text = BASIC.replace("timeout: 901", "timeout: 901  # lambda-lint: ignore[LL110] load tests")
    path = service(tmp_path, text)
    rules = [rule for rule in (find_rule("LL110"), find_rule("LL004")) if rule is not None]
    report = lint_paths([path], rules, OPTIONS)
    assert report.findings == ()
    assert [f.rule for f in report.suppressed] == ["LL110"]


def test_a_cloudformation_run_does_not_import_this_loader(tmp_path: Path) -> None:
    template = (
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Timeout: 901}\n"
    )
    modules = _imported_by_a_run(tmp_path, "t.yaml", template)
    assert not {m for m in modules if m.startswith("lambda_lint.loaders.serverless")}
    modules = _imported_by_a_run(tmp_path, "serverless.yml", BASIC)
    assert "lambda_lint.loaders.serverless.service" in modules


# -- variables ------------------------------------------------------------------------------


def test_variables_resolve_or_stay_unknown(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "dev.yml").write_text("memory: 2048\n", encoding="utf-8")
    path = service(
        tmp_path,
        """\
service: demo
custom:
  stage: ${opt:stage, 'dev'}
  config: ${file(./config/${self:custom.stage}.yml)}
provider:
  name: aws
  runtime: ${env:RUNTIME, "python3.12"}
  environment:
    TABLE: ${self:service}-${sls:stage}
    SECRET: ${ssm:/app/secret}-x
    REGION: ${AWS::Region}
    STAGE: ${self:custom.stage}
functions:
  api:
    handler: h.api
    memorySize: ${self:custom.config.memory}
    timeout: ${self:custom.missing, 10}
""",
    )
    fn = model(path).functions["api"]
    assert (fn.memory.value, fn.memory.origin, fn.memory.source) == (
        2048,
        Origin.VARIABLE_DEFAULT,
        "${opt:stage}",
    )
    assert (fn.timeout.value, fn.timeout.origin) == (10, Origin.EXPLICIT)  # nothing to override
    assert fn.runtime is not None
    assert (fn.runtime.value, fn.runtime.origin) == ("python3.12", Origin.VARIABLE_DEFAULT)
    variables = {v.name: v.value for v in fn.environment.value}
    table = variables["TABLE"]  # ${sls:stage}: --stage, else provider.stage, else dev
    assert (table.value, table.origin, table.source) == (
        "demo-dev",
        Origin.VARIABLE_DEFAULT,
        "${sls:stage}",
    )
    assert variables["SECRET"].value == Unresolved("${ssm:/app/secret}-x", "-x")
    assert variables["SECRET"].origin is Origin.INHERITED
    assert variables["REGION"].value == "${AWS::Region}"  # CloudFormation's, not a variable
    assert (variables["STAGE"].value, variables["STAGE"].origin) == ("dev", Origin.VARIABLE_DEFAULT)


def test_cycles_and_deep_chains_end(tmp_path: Path) -> None:
    chain = "\n".join(f"  v{i}: ${{self:custom.v{i + 1}}}" for i in range(100))
    path = service(
        tmp_path,
        f"""\
service: demo
custom:
  loop: ${{self:custom.loop}}
{chain}
  v100: 30
provider:
  name: aws
functions:
  api:
    handler: h.api
    role: arn:aws:iam::123456789012:role/api
    timeout: ${{self:custom.loop}}
    memorySize: ${{self:custom.v0}}
""",
    )
    fn = model(path).functions["api"]
    assert isinstance(fn.timeout.value, Unresolved)
    assert isinstance(fn.memory.value, Unresolved)
    found = findings([path])
    assert {f[0] for f in found} == {"LL006"}
    assert "refers to itself" in found[0][3]


def test_files_outside_the_repository_are_not_read(tmp_path: Path) -> None:
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    (tmp_path / "secret.yml").write_text("timeout: 901\n", encoding="utf-8")
    path = service(
        repository,
        BASIC.replace("timeout: 901", "timeout: ${file(../secret.yml):timeout}"),
    )
    assert isinstance(model(path).functions["api"].timeout.value, Unresolved)


# -- functions, events and resources ----------------------------------------------------------


def test_events_and_resources_join_one_stack(tmp_path: Path) -> None:
    path = service(
        tmp_path,
        """\
service: demo
provider:
  name: aws
  vpc:
    securityGroupIds: [sg-1]
    subnetIds: [!Ref Private]
functions:
  worker:
    handler: h.worker
    onError: !GetAtt Dlq.Arn
    events:
      - sqs:
          arn: !GetAtt Jobs.Arn
          batchSize: 5
          functionResponseType: ReportBatchItemFailures
      - stream:
          type: dynamodb
          arn: !ImportValue table-stream
  api:
    handler: h.api
    vpc:
      securityGroupIds: [sg-2]
    events:
      - httpApi: GET /
resources:
  Resources:
    Jobs: {Type: AWS::SQS::Queue}
    Dlq: {Type: AWS::SQS::Queue}
    Private: {Type: AWS::EC2::Subnet}
    Invoke:
      Type: AWS::Lambda::Permission
      Properties:
        FunctionName: !GetAtt WorkerLambdaFunction.Arn
        Action: lambda:InvokeFunction
        Principal: sns.amazonaws.com
""",
    )
    stack = model(path)
    worker, api = stack.functions["worker"], stack.functions["api"]
    assert worker.kind == "serverless"
    assert worker.dead_letter.value == EntityRef(EntityKind.QUEUE, "Dlq")
    assert worker.invoked_by_other  # the Permission names WorkerLambdaFunction
    sqs, stream = stack.sources_of("worker")
    assert (sqs.kind, sqs.source.value, sqs.batch_size and sqs.batch_size.value) == (
        "SQS",
        EntityRef(EntityKind.QUEUE, "Jobs"),
        5,
    )
    assert stream.kind == "DynamoDB"
    assert stream.batch_size is not None
    assert (stream.batch_size.value, stream.batch_size.origin) == (10, Origin.TOOL_DEFAULT)
    subnets = worker.subnets.value
    assert [s.value for s in subnets] == [EntityRef(EntityKind.SUBNET, "Private")]
    assert subnets[0].origin is Origin.INHERITED
    # subnets from the provider, security groups of its own: the framework merges key by key
    assert [s.value for s in api.subnets.value] == [EntityRef(EntityKind.SUBNET, "Private")]
    assert api.invoked_by_other
    assert api.role.value == EntityRef(EntityKind.ROLE, "IamRoleLambdaExecution")
    assert stack.roles["IamRoleLambdaExecution"].generated
    assert (api.memory.value, api.timeout.value) == (1024, 6)
    assert api.timeout.assumed_note == " (the Serverless Framework default)"


def test_named_roles_and_layers_resolve(tmp_path: Path) -> None:
    path = service(
        tmp_path,
        """\
service: demo
provider:
  name: aws
  role: SharedRole
  layers:
    - !Ref DepsLambdaLayer
layers:
  deps:
    path: layer
functions:
  a:
    handler: h.a
  b:
    handler: h.b
    role: !GetAtt OwnRole.Arn
    layers: []
resources:
  Resources:
    SharedRole: {Type: AWS::IAM::Role}
    OwnRole: {Type: AWS::IAM::Role}
""",
    )
    stack = model(path)
    a, b = stack.functions["a"], stack.functions["b"]
    assert (a.role.value, a.role.origin) == (
        EntityRef(EntityKind.ROLE, "SharedRole"),
        Origin.INHERITED,
    )
    assert b.role.value == EntityRef(EntityKind.ROLE, "OwnRole")
    assert [layer.value for layer in a.layers.value] == [EntityRef(EntityKind.LAYER, "deps")]
    assert b.layers.value == ()  # a function's own list replaces the provider's
    assert stack.layers["deps"].content is not None


def test_the_yaml_parser_keeps_variable_syntax_as_text() -> None:
    """Variables are plain scalars to YAML: commas, quotes, colons, ``#`` and nesting inside."""
    from lambda_lint.parsing import parse_text

    text = (
        'a: ${opt:stage, "dev"}\n'
        "b: arn:aws:sqs:${aws:region}:${aws:accountId}:q\n"
        "c: ${ssm:/a/b#c}  # a comment\n"
        "d: ${self:custom.tables.${sls:stage}, 'default'}\n"
        "e: ${strToBool(${env:FLAG, 'false'})}\n"
    )
    assert parse_text(text, "serverless.yml").root == {
        "a": '${opt:stage, "dev"}',
        "b": "arn:aws:sqs:${aws:region}:${aws:accountId}:q",
        "c": "${ssm:/a/b#c}",
        "d": "${self:custom.tables.${sls:stage}, 'default'}",
        "e": "${strToBool(${env:FLAG, 'false'})}",
    }


def test_blocks_from_files_and_assumed_blocks(tmp_path: Path) -> None:
    (tmp_path / "resources").mkdir()
    (tmp_path / "resources" / "queues.yml").write_text(
        "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n    Properties: {VisibilityTimeout: 5}\n",
        encoding="utf-8",
    )
    (tmp_path / "env.dev.yml").write_text("MODE: fast\n", encoding="utf-8")
    path = service(
        tmp_path,
        """\
service: demo
provider:
  name: aws
functions:
  worker:
    handler: h.worker
    role: arn:aws:iam::123456789012:role/worker
    timeout: 10
    environment: ${file(./env.${opt:stage, 'dev'}.yml)}
    events:
      - sqs: !GetAtt Jobs.Arn
resources:
  - ${file(./resources/queues.yml)}
""",
    )
    fn = model(path).functions["worker"]
    (mode,) = fn.environment.value
    assert (mode.value.value, mode.value.origin) == ("fast", Origin.VARIABLE_DEFAULT)
    found = findings([path], "LL112")
    assert found == [
        (
            "LL112",
            4,
            37,
            "visibility timeout 5 s is below the 10 s timeout of function worker, which "
            "consumes this queue; Lambda rejects the event source mapping (visibility must be "
            "at least the function timeout)",
        )
    ]
    report = lint_paths([path], [r for r in [find_rule("LL112")] if r is not None], OPTIONS)
    assert report.findings[0].path.endswith("resources/queues.yml")


def test_provisioned_concurrency_and_json_services(tmp_path: Path) -> None:
    path = service(
        tmp_path,
        '{"service": "demo", "provider": {"name": "aws"}, "functions": {"api": '
        '{"handler": "h.api", "provisionedConcurrency": 2, "reservedConcurrency": 5}}}',
        "serverless.json",
    )
    fn = model(path).functions["api"]
    assert fn.provisioned_concurrency is not None and fn.provisioned_concurrency.value is True
    assert fn.auto_publish_alias is not None and fn.auto_publish_alias.value == "provisioned"
    (config,) = model(path).provisioned  # the framework's alias keeps 2 environments ready
    assert (config.function, config.amount.value, config.target.value) == ("api", 2, "provisioned")
    assert findings([path], "LL206") == []


def test_async_settings_become_an_event_invoke_config(tmp_path: Path) -> None:
    path = service(
        tmp_path,
        """service: demo
provider:
  name: aws
functions:
  worker:
    handler: h.worker
    maximumRetryAttempts: 0
    maximumEventAge: 0
    destinations:
      onSuccess: target
      onFailure: elsewhere
  target:
    handler: h.target
  quiet:
    handler: h.quiet
""",
    )
    (config,) = model(path).invoke_configs
    # The framework's own logical id; a retry count of 0 is written, an age of 0 is not.
    assert (config.id, config.function) == ("WorkerLambdaEvConf", "worker")
    assert config.maximum_retry_attempts.value == 0
    assert config.maximum_retry_attempts.span.line == 7
    assert config.maximum_event_age.value is MISSING
    # ``elsewhere`` names no function of this service: its ARN is unknown, and skipped.


def test_long_variable_strings_stay_linear(tmp_path: Path) -> None:
    """Quadratic scans would take minutes on these (each opening rescanning the rest)."""
    unclosed = "${" * 100_000
    many = "${self:custom.a}-" * 20_000
    deep = "${opt:" * 5_000 + "x" + "}" * 5_000  # nested past the depth bound: unknown
    path = service(
        tmp_path,
        "service: demo\ncustom:\n  a: x\nprovider:\n  name: aws\nfunctions:\n  api:\n"
        "    handler: h.api\n    environment:\n"
        f"      OPEN: '{unclosed}'\n      MANY: '{many}'\n      DEEP: '{deep}'\n",
    )
    variables = {v.name: v.value.value for v in model(path).functions["api"].environment.value}
    assert variables["OPEN"] == unclosed
    assert variables["MANY"] == "x-" * 20_000
    assert isinstance(variables["DEEP"], Unresolved)


def test_functions_may_be_a_list_of_blocks(tmp_path: Path) -> None:
    (tmp_path / "api.yml").write_text(
        "api:\n  handler: h.api\n  timeout: 901\n  role: arn:aws:iam::123456789012:role/api\n",
        encoding="utf-8",
    )
    path = service(
        tmp_path,
        "service: demo\nprovider:\n  name: aws\nfunctions:\n  - ${file(./api.yml)}\n"
        "  - worker:\n      handler: h.worker\n      role: arn:aws:iam::123456789012:role/w\n",
    )
    assert set(model(path).functions) == {"api", "worker"}
    report = lint_paths([path], [r for r in [find_rule("LL110")] if r is not None], OPTIONS)
    assert [(Path(f.path).name, f.line, f.column) for f in report.findings] == [("api.yml", 3, 12)]


def test_the_generated_role_is_never_taken_as_fully_visible(tmp_path: Path) -> None:
    """The framework writes that role's statements itself (and adds VPC access for VPC
    functions): IAM rules must not judge it from what the model sees (LL303 did)."""
    path = service(
        tmp_path,
        """\
service: demo
provider:
  name: aws
  runtime: python3.12
  iam:
    role:
      statements:
        - {Effect: Allow, Action: "dynamodb:GetItem", Resource: "*"}
  vpc:
    securityGroupIds: [sg-1]
    subnetIds: [subnet-1, subnet-2]
functions:
  a:
    handler: h.a
""",
    )
    assert findings([path]) == []
