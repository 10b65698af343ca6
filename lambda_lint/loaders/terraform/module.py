"""Terraform modules (every ``*.tf.json`` and ``*.tf`` of one directory) into a :class:`Stack`.

The trees are Terraform's JSON syntax: HCL files arrive already converted into
the tree their JSON spelling would give (:mod:`lambda_lint.loaders.terraform.hcl`).

This module owns the Terraform spellings (``memory_size``, ``vpc_config``...).
Override files are merged into what they override, as Terraform merges them.
Entity ids are resource addresses (``aws_lambda_function.api``). Resources with
``count``/``for_each`` are checked once and recorded in ``Stack.instances``;
``count = 0`` removes a resource. ``data`` sources and ``module`` outputs are
known-unknown. Spans carry their file (the parser stamps them), so a finding
about a value inherited from another file of the module points there.

Two mistakes Terraform rejects a module for are reported as load problems
(LL006): locals that form a cycle, and references to variables, locals,
resources, data sources or modules the module does not declare. The second is
checked only when every file of the module was read (every one parsed, no
OpenTofu ``*.tofu`` beside them, no override files), and only for references
that are surely references: a false alarm on a valid module would be worse than
a missed one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from lambda_lint.loaders.builder import EntityCollector, source_kind
from lambda_lint.loaders.problems import LoadProblem
from lambda_lint.loaders.terraform import s3
from lambda_lint.loaders.terraform import sensitive as tf_sensitive
from lambda_lint.loaders.terraform.cloudfront import edge_associations
from lambda_lint.loaders.terraform.conditions import boolean_inputs, count_condition
from lambda_lint.loaders.terraform.dynamic import blocks, first_block, iterator_name
from lambda_lint.loaders.terraform.iam import IAM_TYPES, Grants
from lambda_lint.loaders.terraform.values import (
    COMMENT_KEY,
    MAIN_TABLE_SUFFIX,
    TF_ENTITY_KINDS,
    Binding,
    Evaluated,
    ModuleInput,
    TerraformResolver,
    objects,
    references,
    template_references,
    templates,
    traversal_candidates,
)
from lambda_lint.model import (
    DEFAULT_MEMORY,
    DEFAULT_TIMEOUT,
    DEFAULT_VISIBILITY_TIMEOUT,
    HTTP_API,
    MISSING,
    REST_API,
    WEBSOCKET_API,
    Alias,
    Code,
    EntityKind,
    EntityRef,
    EventSource,
    Field,
    Function,
    Integration,
    InvokeConfig,
    Layer,
    Origin,
    ProvisionedConcurrency,
    Queue,
    Role,
    Route,
    RouteTable,
    RouteTarget,
    Stack,
    Subnet,
    Unresolved,
    Upload,
    VpcEndpoint,
    WeightedVersion,
    as_int,
    default_batch_size,
    default_integration_timeout,
    default_retry_bound,
    endpoint_service,
    entity_ids,
    gateway_target,
    route_target,
)
from lambda_lint.model.presence import Expr, presence
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span

# Resources that can invoke a function, and the arguments through which they do (None:
# any but tags), as for CloudFormation (cloudformation/resources.py ``_INVOKERS``). A
# reference from anything else (a dashboard, a log group, an SSM parameter, a mapping,
# an alias) is no invoker: LL401 judges the function by its event sources.
_ANY = None
_INVOKERS: dict[str, frozenset[str] | None] = {
    "aws_lambda_permission": frozenset({"function_name"}),
    "aws_lambda_function_url": frozenset({"function_name"}),
    "aws_lambda_invocation": frozenset({"function_name"}),
    "aws_lambda_function_event_invoke_config": frozenset({"destination_config"}),
    "aws_lambda_function": frozenset({"environment"}),
    "aws_sns_topic_subscription": frozenset({"endpoint"}),
    "aws_cloudwatch_event_target": frozenset({"arn"}),
    "aws_scheduler_schedule": frozenset({"target"}),
    "aws_pipes_pipe": frozenset({"target", "enrichment"}),
    "aws_s3_bucket_notification": frozenset({"lambda_function"}),
    "aws_api_gateway_integration": frozenset({"uri"}),
    "aws_api_gateway_authorizer": frozenset({"authorizer_uri"}),
    "aws_api_gateway_rest_api": frozenset({"body"}),
    "aws_apigatewayv2_integration": frozenset({"integration_uri"}),
    "aws_apigatewayv2_authorizer": frozenset({"authorizer_uri"}),
    "aws_apigatewayv2_api": frozenset({"target", "body"}),
    "aws_lb_target_group_attachment": frozenset({"target_id"}),
    "aws_sfn_state_machine": frozenset({"definition"}),
    "aws_cognito_user_pool": frozenset({"lambda_config"}),
    "aws_iot_topic_rule": frozenset({"lambda"}),
    "aws_config_config_rule": frozenset({"source"}),
    "aws_cloudwatch_metric_alarm": frozenset(
        {"alarm_actions", "ok_actions", "insufficient_data_actions"}
    ),
    "aws_cloudwatch_log_subscription_filter": frozenset({"destination_arn"}),
    "aws_cloudfront_distribution": frozenset({"default_cache_behavior", "ordered_cache_behavior"}),
    "aws_appsync_datasource": frozenset({"lambda_config"}),
    "aws_appsync_graphql_api": frozenset({"lambda_authorizer_config"}),
    "aws_secretsmanager_secret_rotation": frozenset({"rotation_lambda_arn"}),
    "aws_codepipeline": frozenset({"stage"}),
    "aws_codecommit_trigger": frozenset({"trigger"}),
    "aws_ses_receipt_rule": frozenset({"lambda_action"}),
    "aws_kinesis_firehose_delivery_stream": _ANY,
    "aws_lexv2models_bot": _ANY,
    "aws_cloudformation_stack": frozenset({"parameters"}),
    "aws_iam_policy": frozenset({"policy"}),
    "aws_iam_role_policy": frozenset({"policy"}),
    "aws_iam_role": frozenset({"inline_policy"}),
}
_TAGS = ("tags", "tags_all")
_OTHER_ROUTE_TARGETS = (
    "transit_gateway_id",
    "vpc_peering_connection_id",
    "network_interface_id",
    "vpc_endpoint_id",
    "carrier_gateway_id",
    "local_gateway_id",
    "core_network_arn",
    "egress_only_gateway_id",
)
# A redrive policy's keys, in ``jsonencode({...})`` and in JSON text that is not JSON
# until rendered (``"maxReceiveCount":${var.n}``).
_REDRIVE_KEYS = ("deadLetterTargetArn", "maxReceiveCount")
_IN_JSONENCODE = {
    key: re.compile(key + r"\"?\s*[=:]\s*(\"[^\"]*\"|[\w.\[\]\"*-]+)") for key in _REDRIVE_KEYS
}
_IN_JSON_TEXT = {
    key: re.compile('"' + key + r'"\s*:\s*("[^"\\]*"|-?[0-9]+)') for key in _REDRIVE_KEYS
}
_V2_PROTOCOLS = {"HTTP": HTTP_API, "WEBSOCKET": WEBSOCKET_API}
# A function's ``version`` attribute, the whole value (``${aws_lambda_function.f.version}``).
# In a plan the address may be in a module and an instance (``module.m.….f[0]``).
_FUNCTION_VERSION = re.compile(
    r"\$\{\s*((?:module\.[\w-]+(?:\[[^\[\]]*\])?\.)*aws_lambda_function\.[\w-]+(?:\[[^\[\]]*\])?)"
    r"\.version\s*\}"
)
_INSTANCE_KEY = re.compile(r"\[[^\[\]]*\]")  # no bracket inside: linear (see tfplan._INDEX)
# Blanks within the line only: ``^\s*`` ran from every line start over all the blank
# lines after it (quadratic); an HCL attribute is on one line.
_HCL_ASSIGNMENT = re.compile(r"^[ \t]*([A-Za-z_][\w-]*)[ \t]*=", re.MULTILINE)
# Override files (``override.tf``, ``*_override.tf.json``...) replace parts of other files.
_OVERRIDE_FILE = re.compile(r"(?:^|[/_])override\.(?:tf|tofu)(?:\.json)?$")
# The first step of a resource reference: a provider resource type (``aws_lambda_function``).
_RESOURCE_TYPE = re.compile(r"[a-z0-9]+_[a-z0-9_]+")
# Arguments of a block whose strings are not expressions referring to the module's
# objects (``depends_on``/``providers`` hold bare addresses, ``source`` a location).
_NOT_SCANNED = {
    "resource": frozenset({"depends_on", "provider", "lifecycle"}),
    "data": frozenset({"depends_on", "provider", "lifecycle"}),
    "module": frozenset({"source", "version", "providers", "depends_on"}),
    "output": frozenset({"description", "sensitive", "depends_on", "ephemeral"}),
    "provider": frozenset({"alias", "version"}),
}
_REJECTED = "Terraform rejects the module"
_CYCLE_SHOWN = 8  # names of a cycle in a message, at most


@dataclass(frozen=True)
class Declaration:
    """One ``resource`` block: its address, type, body and the span of its name."""

    address: str
    type: str
    body: MDict
    span: Span
    # The resolver of the module instance it belongs to; None: the root module's.
    resolver: TerraformResolver | None = None
    # ``count``/``for_each`` of an enclosing module call whose instances are unknown.
    meta: str = ""


@dataclass(frozen=True)
class ModuleFiles:
    """The parsed files of one module directory (spans stamped with their paths).

    ``tfvars`` are ``terraform.tfvars[.json]`` / ``*.auto.tfvars[.json]`` (path -> root,
    HCL converted as for ``*.tf``); ``hcl_tfvars`` are the texts of HCL ``.tfvars``
    files that did not parse, only scanned for names (their values are unknown).
    ``unread_config`` names the directory's configuration files that are not read
    (HCL ``*.tf``); None when the module is not known whole (the directory could
    not be listed, or one of its ``*.tf.json`` did not parse).
    """

    files: Mapping[str, Any]
    tfvars: Mapping[str, Any] = field(default_factory=dict)
    hcl_tfvars: Mapping[str, str] = field(default_factory=dict)
    unread_config: tuple[str, ...] | None = None
    # Module call name -> the called module's files, or why the call is not followed.
    calls: Mapping[str, ModuleFiles | str] = field(default_factory=dict)
    # The directory relative to the root module's (``path.module``); "." for the root.
    directory: str = "."


def is_terraform(root: Any) -> bool:
    """A Terraform JSON configuration (an object of known top-level block types)."""
    return isinstance(root, MDict) and bool(
        set(root)
        & {"resource", "data", "variable", "locals", "output", "module", "provider", "terraform"}
    )


def load_declarations(
    module: ModuleFiles,
) -> tuple[dict[str, Declaration], TerraformResolver]:
    """Every resource of a module and of the modules it calls, by address, and the root's
    resolver (the plan loader maps planned instances onto them)."""
    loading = _Loading()
    resolver = loading.instance(module, "", {}, _assigned_variables(module), "")
    return loading.declarations, resolver


def load_module(module: ModuleFiles) -> tuple[Stack, list[LoadProblem]]:
    """Build the Stack of one module and the modules it calls; problems, not crashes."""
    loading = _Loading()
    resolver = loading.instance(module, "", {}, _assigned_variables(module), "")
    stack = build_stack(loading.declarations, resolver, loading.documents)
    sensitive = tuple(tf_sensitive.in_module(resolver.variables, module.tfvars))
    repeats = frozenset(loading.repeats)
    return replace(stack, sensitive=sensitive, repeats=repeats), list(loading.problems.values())


def module_calls(files: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """(name, raw ``source``) of every ``module`` block of a module's files."""
    for root in files.values():
        if isinstance(root, MDict):
            for name, body in _one_label(root, "module"):
                found = first_or_none(body)
                yield name, found.get("source") if found is not None else None


@dataclass
class _Declared:
    """What one module's files declare, merged as Terraform merges override files."""

    resources: dict[str, Declaration] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)
    local_values: dict[str, Any] = field(default_factory=dict)
    local_spans: dict[str, Span] = field(default_factory=dict)
    calls: dict[str, MDict] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    documents: dict[str, MDict] = field(default_factory=dict)  # aws_iam_policy_document


def _declarations(module: ModuleFiles, problems: list[LoadProblem]) -> _Declared:
    """Resources, variables, locals, module calls and outputs; duplicates are problems."""
    declared = _Declared()
    declarations, variables = declared.resources, declared.variables
    local_values, local_spans = declared.local_values, declared.local_spans
    # Override files come after every other file, each in name order (as Terraform reads
    # them), and merge into what those declare instead of declaring it again.
    ordered = sorted(module.files.items(), key=lambda item: _is_override(item[0]))
    for path, root in ordered:
        if not isinstance(root, MDict):
            # At the value when it has a position (a list); else an empty span at the start,
            # which lies inside the file even when its first line is empty.
            at = root.span if isinstance(root, MList) else Span(1, 1, 1, 1, path)
            problems.append(
                LoadProblem("a Terraform JSON file must hold an object", at, "not-an-object")
            )
            continue
        override = _is_override(path)
        for declaration in _resources(root):
            previous = declarations.get(declaration.address)
            if previous is not None and override:
                merged = _merged(previous.body, declaration.body)
                declarations[declaration.address] = replace(previous, body=merged)
                continue
            if previous is not None:
                where = f"{previous.span.path}:{previous.span.line}:{previous.span.column}"
                problems.append(
                    LoadProblem(
                        f"duplicate resource {declaration.address} (first defined at {where}); "
                        "Terraform rejects a module that declares a resource twice",
                        declaration.span,
                        f"duplicate-resource:{declaration.address}",
                    )
                )
                continue
            declarations[declaration.address] = declaration
        for dtype, name, body, _ in _two_labels(root, "data"):
            found = first_or_none(body)
            if dtype == "aws_iam_policy_document" and found is not None:
                declared.documents.setdefault(name, found)
        for block in objects(root.get("variable")):
            for name, body in block.items():
                if name == COMMENT_KEY:
                    continue
                found = first_or_none(body)
                if override and isinstance(variables.get(name), MDict) and found is not None:
                    variables[name] = _merged(variables[name], found)
                else:
                    variables.setdefault(name, found)
        for block in objects(root.get("locals")):
            for name, value in block.items():
                if name != COMMENT_KEY:
                    if override:
                        local_values[name] = value
                        local_spans[name] = block.key_span(name)
                    local_values.setdefault(name, value)
                    local_spans.setdefault(name, block.key_span(name))
        for name, body in _one_label(root, "module"):
            call = first_or_none(body)
            earlier = declared.calls.get(name)
            if call is not None and earlier is not None and override:
                declared.calls[name] = _merged(earlier, call)
            elif call is not None:
                declared.calls.setdefault(name, call)
        for name, body in _one_label(root, "output"):
            output = first_or_none(body)
            value = output.get("value") if output is not None else None
            if value is not None and (override or name not in declared.outputs):
                declared.outputs[name] = value
    return declared


# Arguments of a module call that are not inputs of the called module.
_CALL_META = frozenset(
    {"source", "version", "count", "for_each", "providers", "depends_on", COMMENT_KEY}
)
MAX_INSTANCES = 1000  # module instances loaded in one unit, at most


class _Loading:
    """The module instances of one unit: every resource of each, under its address."""

    def __init__(self) -> None:
        self.declarations: dict[str, Declaration] = {}
        self.problems: dict[tuple[str, Span], LoadProblem] = {}
        self.count = 0
        self.repeats: set[str] = set()  # addresses in a second instance of a module's files
        # ``aws_iam_policy_document`` data sources by name, the first of each name over
        # every instance (a policy names its document as data.aws_iam_policy_document.x).
        self.documents: dict[str, MDict] = {}
        self._instantiated: set[int] = set()

    def instance(
        self,
        module: ModuleFiles,
        prefix: str,
        inputs: Mapping[str, ModuleInput],
        assigned: Mapping[str, tuple[Any, str]],
        meta: str,
    ) -> TerraformResolver:
        """Load one instance of ``module`` (the root, or ``module.x[...]`` of a caller)."""
        self.count += 1
        problems: list[LoadProblem] = []
        declared = _declarations(module, problems)
        resolver = TerraformResolver(
            {address: d.type for address, d in declared.resources.items()},
            declared.variables,
            declared.local_values,
            assigned,
            prefix=prefix,
            inputs=inputs,
            prepare=False,
            directory=module.directory,
        )
        resolver.outputs = declared.outputs
        for name, document in declared.documents.items():
            self.documents.setdefault(name, document)
        again = id(module.files) in self._instantiated
        self._instantiated.add(id(module.files))
        for address, d in declared.resources.items():
            if prefix:
                d = replace(d, address=prefix + address, resolver=resolver, meta=meta)
            self.declarations[d.address] = d
            if again:
                self.repeats.add(d.address)
        calls = _Calls(self, module, declared.calls, resolver, prefix, meta)
        resolver.modules = calls
        resolver.prepare_locals()
        if not _has_overrides(module):  # an override may replace a local's value
            problems.extend(
                _cycle_problem(cycle, declared.local_spans[cycle[0]])
                for cycle in resolver.local_cycles
            )
            if _complete(module):
                problems.extend(_undeclared_references(module.files, _Names.of(module.files)))
        for problem in problems:
            self.problems.setdefault((problem.id, problem.span), problem)
        for name in declared.calls:
            calls.instances(name)
        return resolver


class _Calls:
    """A module instance's module calls, each loaded (once) when first used."""

    def __init__(
        self,
        loading: _Loading,
        module: ModuleFiles,
        bodies: Mapping[str, MDict],
        resolver: TerraformResolver,
        prefix: str,
        meta: str,
    ) -> None:
        self.loading = loading
        self.module = module
        self.bodies = bodies
        self.resolver = resolver
        self.prefix = prefix
        self.meta = meta
        self.loaded: dict[str, dict[str, TerraformResolver] | None] = {}
        self.busy: set[str] = set()

    def instances(self, name: str) -> Mapping[str, TerraformResolver] | None:
        if name in self.loaded:
            return self.loaded[name]
        if name in self.busy:  # its arguments refer to its own outputs: Terraform's error
            return None
        self.busy.add(name)
        try:
            found = self._load(name)
        finally:
            self.busy.discard(name)
        self.loaded[name] = found
        return found

    def _load(self, name: str) -> dict[str, TerraformResolver] | None:
        child = self.module.calls.get(name)
        body = self.bodies.get(name)
        if not isinstance(child, ModuleFiles) or body is None:
            return None
        keys, meta = self._keys(body)
        instances: dict[str, TerraformResolver] = {}
        for key, bindings in keys:
            if self.loading.count >= MAX_INSTANCES:
                return None
            address = f"{self.prefix}module.{name}{key}"
            scope = self.resolver.scoped(bindings) if bindings else self.resolver
            inputs = {
                argument: ModuleInput(
                    raw, scope, body.value_span(argument), f"the {argument} argument of {address}"
                )
                for argument, raw in body.items()
                if argument not in _CALL_META
            }
            instances[key] = self.loading.instance(
                child, address + ".", inputs, {}, self.meta or meta
            )
        return instances

    def _keys(self, body: MDict) -> tuple[list[tuple[str, dict[str, Binding]]], str]:
        """The instances of a call (key, names bound in its arguments), and the meta-argument
        whose value is unknown ('' when every instance is known)."""
        r = self.resolver
        if body.get("count") is not None:
            count = r.value(body["count"], body.value_span("count"))
            number = as_int(count.value) if count.is_known else None
            if number is None or number < 0:
                return [("", {"count": None})], "count module's"
            return [(f"[{i}]", {"count": {"index": Evaluated(i)}}) for i in range(number)], ""
        if body.get("for_each") is not None:
            found = r.evaluate(body["for_each"])
            value = found.value
            if isinstance(value, dict):
                items = [(k, v) for k, v in value.items() if k != COMMENT_KEY]
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                items = [(v, v) for v in value]  # a set of strings: each.key is each.value
            else:
                return [("", {"each": None})], "for_each module's"
            # An element written in the call itself is reported where it is written.
            spans = value if isinstance(value, MDict) and found.span is None else None
            return [
                (
                    f'["{k}"]',
                    {
                        "each": {
                            "key": Evaluated(k),
                            "value": replace(
                                found,
                                value=v,
                                span=spans.value_span(k) if spans is not None else found.span,
                            ),
                        }
                    },
                )
                for k, v in items
            ], ""
        return [("", {})], ""


# -- what Terraform rejects ------------------------------------------------------------------


def _is_override(path: str) -> bool:
    """``override.tf``, ``*_override.tf`` and their ``.tf.json`` (and OpenTofu) spellings."""
    return _OVERRIDE_FILE.search(path) is not None


def _merged(base: MDict, override: MDict) -> MDict:
    """``base`` with the arguments and nested block types of ``override`` replacing its own.

    Terraform's override merge: each argument the override sets replaces the base's, and
    a nested block type it writes replaces every block of that type in the base. Spans
    follow the values, so a finding about an overridden value points at the override file.
    """
    merged = MDict(base.span)
    for source in (base, override):
        for key, value in source.items():
            if key == COMMENT_KEY and source is override:
                continue
            merged[key] = value
            merged.key_spans[key] = source.key_span(key)
            merged.value_spans[key] = source.value_span(key)
    return merged


def _has_overrides(module: ModuleFiles) -> bool:
    names = [*module.files, *(module.unread_config or ())]
    return any(_OVERRIDE_FILE.search(name) for name in names)


def _complete(module: ModuleFiles) -> bool:
    """Every declaration of the module is in ``files``: nothing unread, nothing unparsed."""
    return module.unread_config == () and all(
        isinstance(root, MDict) for root in module.files.values()
    )


def _cycle_problem(cycle: tuple[str, ...], span: Span) -> LoadProblem:
    """``cycle`` runs from a local back to it; a long one is shown by its ends."""
    names = [f"local.{name}" for name in cycle]
    problem = "local-cycle:" + ",".join(sorted(set(cycle)))
    if len(cycle) == 2:
        return LoadProblem(
            f"{names[0]} refers to itself (a cycle: {' → '.join(names)}); {_REJECTED}",
            span,
            problem,
        )
    if len(names) > _CYCLE_SHOWN:
        count = f" of {len(names) - 1} locals"
        names = [*names[: _CYCLE_SHOWN - 3], "…", *names[-2:]]
    else:
        count = ""
    return LoadProblem(
        f"locals form a cycle{count}: {' → '.join(names)}; {_REJECTED}", span, problem
    )


@dataclass(frozen=True)
class _Names:
    """The names a module declares, which its expressions may refer to."""

    variables: frozenset[str]
    locals: frozenset[str]
    resources: frozenset[str]  # type.name
    data: frozenset[str]  # type.name
    modules: frozenset[str]

    @classmethod
    def of(cls, files: Mapping[str, Any]) -> _Names:
        roots = [root for root in files.values() if isinstance(root, MDict)]
        return cls(
            frozenset(name for root in roots for name, _ in _one_label(root, "variable")),
            frozenset(name for root in roots for name, _ in _one_label(root, "locals")),
            frozenset(f"{t}.{n}" for root in roots for t, n, *_ in _two_labels(root, "resource")),
            frozenset(f"{t}.{n}" for root in roots for t, n, *_ in _two_labels(root, "data")),
            frozenset(name for root in roots for name, _ in _one_label(root, "module")),
        )

    def missing(self, steps: tuple[str, ...]) -> str | None:
        """What ``steps`` refers to, in Terraform's words, when the module does not declare it."""
        head, name = steps[0], steps[1]
        if head == "var":
            return None if name in self.variables else f"input variable var.{name}"
        if head == "local":
            return None if name in self.locals else f"local value local.{name}"
        if head == "module":
            return None if name in self.modules else f"module module.{name}"
        if head == "data":
            address = ".".join(steps[1:3])
            return None if len(steps) < 3 or address in self.data else f"data source data.{address}"
        if _RESOURCE_TYPE.fullmatch(head):
            address = f"{head}.{name}"
            return None if address in self.resources else f"resource {address}"
        return None


def _one_label(root: MDict, kind: str) -> Iterator[tuple[str, Any]]:
    """(name, body) of every ``kind`` block (``variable``, ``module``...), or every local."""
    for block in objects(root.get(kind)):
        for name, body in block.items():
            if name != COMMENT_KEY:
                yield name, body


def _two_labels(root: MDict, kind: str) -> Iterator[tuple[str, str, Any, Span]]:
    """(type, name, body, span of the name) of every ``resource`` or ``data`` block."""
    for block in objects(root.get(kind)):
        for rtype, named in block.items():
            if rtype == COMMENT_KEY:
                continue
            for container in objects(named):
                for name, body in container.items():
                    if name != COMMENT_KEY:
                        yield rtype, name, body, container.key_span(name)


def _undeclared_references(files: Mapping[str, Any], declared: _Names) -> list[LoadProblem]:
    """One problem per undeclared object a string value refers to, at that value.

    Names bound by an enclosing ``dynamic`` block (its label and ``iterator``) are
    not references; neither is anything in a ``"//"`` comment.
    """
    candidates = traversal_candidates(templates(dict(files)))
    if candidates is not None and not any(declared.missing(steps) for steps in candidates):
        return []  # the common case, a valid module: no need to know where each one is
    check = _ReferenceCheck(declared)
    for root in files.values():
        for kind in ("provider", "output", "module"):
            for _, body in _one_label(root, kind):
                check.scan(objects(body), _NOT_SCANNED[kind])
        for kind in ("resource", "data"):
            for _, _, body, _ in _two_labels(root, kind):
                check.scan(objects(body), _NOT_SCANNED[kind])
        check.scan(objects(root.get("locals")), frozenset())
    return check.problems


class _ReferenceCheck:
    """Walks block bodies (no recursion) and checks the templates in them."""

    def __init__(self, declared: _Names) -> None:
        self.declared = declared
        self.problems: list[LoadProblem] = []
        self._missing: dict[str, list[str]] = {}  # template -> what it names that is missing

    def scan(self, bodies: list[MDict], skipped: frozenset[str]) -> None:
        """Check every string under ``bodies``; their own arguments in ``skipped`` are not."""
        nothing: frozenset[str] = frozenset()
        # (container, names bound around it, its arguments not to scan)
        stack: list[tuple[MDict | MList, frozenset[str], frozenset[str]]] = [
            (body, nothing, skipped) for body in reversed(bodies)
        ]
        while stack:
            node, bound, skip = stack.pop()
            if isinstance(node, MList):
                for index, item in enumerate(node):
                    if isinstance(item, str):
                        if "{" in item:
                            self._check(item, node.item_span(index), bound)
                    elif isinstance(item, (MDict, MList)):
                        stack.append((item, bound, nothing))
                continue
            for key, value in node.items():
                if key == COMMENT_KEY or key in skip:
                    continue
                if key == "dynamic":
                    stack.extend(_dynamic_contents(value, bound))
                    continue
                if "{" in key:  # an expression's object keys are templates too
                    self._check(key, node.key_span(key), bound)
                if isinstance(value, str):
                    if "{" in value:
                        self._check(value, node.value_span(key), bound)
                elif isinstance(value, (MDict, MList)):
                    stack.append((value, bound, nothing))

    def _check(self, text: str, span: Span, bound: frozenset[str]) -> None:
        missing = self._missing.get(text) if not bound else None
        if missing is None:
            found: dict[str, None] = {}
            for steps in template_references(text):
                if steps[0] not in bound:
                    what = self.declared.missing(steps)
                    if what is not None:
                        found.setdefault(what, None)
            missing = list(found)
            if not bound:
                self._missing[text] = missing
        for what in missing:
            message = f"reference to undeclared {what}; {_REJECTED}"
            self.problems.append(
                LoadProblem(message, span, f"undeclared:{what.rsplit(' ', 1)[-1]}")
            )


def _dynamic_contents(
    value: Any, bound: frozenset[str]
) -> Iterator[tuple[MDict, frozenset[str], frozenset[str]]]:
    """The bodies of ``dynamic`` blocks, with the iteration names they bind."""
    for block in objects(value):
        for label, content in block.items():
            for body in objects(content):
                yield body, bound | {label, iterator_name(label, body)}, frozenset()


def build_stack(
    declarations: Mapping[str, Declaration],
    resolver: TerraformResolver,
    documents: Mapping[str, MDict] | None = None,
) -> Stack:
    """Read every declaration into entities (shared with the plan loader); ``documents``
    are the module's ``aws_iam_policy_document`` data sources by name."""
    builder = TerraformBuilder(resolver)
    for declaration in declarations.values():
        builder.load(declaration)
    builder.finish(declarations)
    bodies = {
        address: (d.type, d.body, d.span)
        for address, d in declarations.items()
        if (d.type in IAM_TYPES or d.type == "aws_iam_policy") and builder.exists(d)
    }
    Grants(builder, resolver, bodies, documents or {}).read()
    if builder.conditions:
        builder.presence = presence(builder.conditions, boolean_inputs(builder.conditions))
    functions = {a: d.body for a, d in declarations.items() if d.type == "aws_lambda_function"}
    for distribution in builder.distributions:
        builder.edge_associations.extend(
            edge_associations(
                distribution.resolver or resolver,
                distribution.address,
                distribution.body,
                functions,
            )
        )
    return builder.build()


def first_or_none(node: Any) -> MDict | None:
    found = objects(node)
    return found[0] if found else None


def _resources(root: MDict) -> Iterator[Declaration]:
    for rtype, name, body, span in _two_labels(root, "resource"):
        found = first_or_none(body)
        if found is not None:
            yield Declaration(f"{rtype}.{name}", rtype, found, span)


def _assigned_variables(module: ModuleFiles) -> dict[str, tuple[Any, str]]:
    """Variables set in tfvars files: a value, or MISSING when the file is HCL we cannot read."""
    assigned: dict[str, tuple[Any, str]] = {}
    for path, text in module.hcl_tfvars.items():
        name = path.rsplit("/", 1)[-1]
        for match in _HCL_ASSIGNMENT.finditer(text):
            assigned[match.group(1)] = (MISSING, name)
    for path, root in sorted(module.tfvars.items(), key=lambda item: _tfvars_order(item[0])):
        if isinstance(root, MDict):
            name = path.rsplit("/", 1)[-1]
            for key, value in root.items():
                if key != COMMENT_KEY:
                    assigned[key] = (value, name)
    return assigned


def _tfvars_order(path: str) -> tuple[int, str]:
    """terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars[.json] in lexical order
    (later wins), as Terraform loads them."""
    name = path.rsplit("/", 1)[-1]
    return (0 if name in ("terraform.tfvars", "terraform.tfvars.json") else 1, name)


class TerraformBuilder(EntityCollector):
    """Reads one resource at a time into entities."""

    def __init__(self, resolver: TerraformResolver) -> None:
        super().__init__()
        self.root = resolver
        self.r = resolver  # the resolver of the declaration being read (its module's)
        self.main_tables: dict[str, str] = {}  # vpc address -> route table id
        self.redrive_overrides: list[tuple[Field, Field, Field]] = []
        self.v2_integrations: list[tuple[Integration, Any]] = []  # with their ``api_id``
        self.conditions: dict[str, Expr] = {}  # address -> where its ``count`` is not 0
        self.endpoint_links: list[tuple[str, Declaration]] = []  # endpoint associations
        self.alias_names: dict[tuple[str, str], str] = {}  # (function, name) -> alias address
        self.distributions: list[Declaration] = []

    def load(self, d: Declaration) -> None:
        self.r = d.resolver or self.root
        if not self._exists(d):
            return
        loader = _LOADERS.get(d.type)
        if loader is not None:
            loader(self, d)

    def exists(self, d: Declaration) -> bool:
        """Whether a declaration makes any instance (``count = 0`` makes none)."""
        return self._exists(d)

    def _exists(self, d: Declaration) -> bool:
        """False for ``count = 0``; records ``count``/``for_each`` resources as multi-instance."""
        for meta in ("count", "for_each"):
            if d.body.get(meta) is None:
                continue
            value = self.r.value(d.body[meta], d.body.value_span(meta))
            if meta == "count" and value.is_known and as_int(value.value) == 0:
                return False
            condition = count_condition(value) if meta == "count" else None
            if condition is not None:
                self.conditions[d.address] = condition
            if meta == "for_each" and value.is_known and value.value in ({}, []):
                return False
            self.instances[d.address] = meta
        if d.meta:
            self.instances.setdefault(d.address, d.meta)
        return True

    # -- resources --------------------------------------------------------------------------

    def function(self, d: Declaration) -> None:
        r, body, span = self.r, d.body, d.span
        env, er = first_block(body, "environment", r)
        if env is not None and env.get("variables") is not None:
            environment = er.env(env["variables"], env.key_span("variables"))
        else:
            environment = Field((), span)
        vpc, vr = first_block(body, "vpc_config", r)
        subnets = vr.get_items(vpc, "subnet_ids", span) if vpc is not None else Field(MISSING, span)
        dlq, dr = first_block(body, "dead_letter_config", r)
        storage, sr = first_block(body, "ephemeral_storage", r)
        self.functions[d.address] = Function(
            id=d.address,
            span=span,
            kind="terraform",
            memory=r.get(body, "memory_size", span, DEFAULT_MEMORY),
            timeout=r.get(body, "timeout", span, DEFAULT_TIMEOUT),
            environment=environment,
            role=r.get(body, "role", span),
            layers=r.get_items(body, "layers", span),
            dead_letter=dr.get(dlq, "target_arn", span),
            subnets=subnets,
            managed_instances=_present(body.get("capacity_provider_config")),
            definition=_INSTANCE_KEY.sub("", d.address),
            code=self.local_code(body, span),
            runtime=r.get(body, "runtime", span),
            package_type=r.get(body, "package_type", span),
            ephemeral_storage=sr.get(storage, "size", span),
            reserved_concurrency=r.get(body, "reserved_concurrent_executions", span),
            publishes=r.get(body, "publish", span),
        )

    def alias(self, d: Declaration) -> None:
        r, body = self.r, d.body
        weights: list[WeightedVersion] = []
        routing, rr = first_block(body, "routing_config", r)
        table = routing.get("additional_version_weights") if routing is not None else None
        if isinstance(table, str):  # an expression: a map known from a variable, a local...
            found = rr.evaluate(table)
            table, rr = found.value, found.scope or rr
        if isinstance(table, MDict):
            for version, weight in table.items():
                if version == COMMENT_KEY:
                    continue
                weights.append(
                    WeightedVersion(
                        rr.value(version, table.key_span(version)),
                        rr.value(weight, table.value_span(version)),
                        table.key_span(version),
                        self._version_of(version),
                    )
                )
        function = r.get(body, "function_name", d.span)
        name = r.get(body, "name", d.span)
        if isinstance(function.value, EntityRef) and isinstance(name.value, str):
            self.alias_names[(function.value.id, name.value)] = d.address
        self.aliases[d.address] = Alias(
            d.address,
            d.span,
            function,
            r.get(body, "function_version", d.span),
            tuple(weights),
            self._version_of(body.get("function_version")),
        )

    def _version_of(self, written: Any) -> str | None:
        """The function whose ``version`` attribute a value is (``aws_lambda_function.f.version``):
        its latest published version, ``$LATEST`` when it publishes none."""
        if not isinstance(written, str):
            return None
        match = _FUNCTION_VERSION.fullmatch(written.strip())
        if match is None:
            return None
        for address in (match.group(1), _INSTANCE_KEY.sub("", match.group(1))):
            if self.r.resource_types.get(address) == "aws_lambda_function":
                return address
        return None

    def provisioned_concurrency(self, d: Declaration) -> None:
        """``aws_lambda_provisioned_concurrency_config``: the function and qualifier it names
        (its function is found in ``finish``, when every alias is known)."""
        r, body, at = self.r, d.body, d.span
        name = r.get(body, "function_name", at).value
        function = name.id if isinstance(name, EntityRef) else None
        self.provisioned.append(
            ProvisionedConcurrency(
                d.address,
                at,
                function,
                r.get(body, "provisioned_concurrent_executions", at),
                r.get(body, "qualifier", at),
                self._version_of(body.get("qualifier")),
            )
        )

    def layer(self, d: Declaration) -> None:
        self.layers[d.address] = Layer(d.address, d.span, self.local_code(d.body, d.span))

    def local_code(self, body: MDict, span: Span) -> Code | None:
        """``filename``: a local zip the provider uploads in the API call.

        See docs/aws-facts.md#direct-upload-zip.
        """
        location = self.r.get(body, "filename", span)
        if isinstance(location.value, str) and location.value.strip():
            return Code(location, Upload.DIRECT)
        return None

    def queue(self, d: Declaration) -> None:
        r, body = self.r, d.body
        self.queues[d.address] = Queue(
            d.address,
            d.span,
            r.get(body, "visibility_timeout_seconds", d.span, DEFAULT_VISIBILITY_TIMEOUT),
            r.get(body, "fifo_queue", d.span, False),
            self._redrive(body, d.span, "deadLetterTargetArn"),
            self._redrive(body, d.span, "maxReceiveCount"),
        )

    def queue_redrive_policy(self, d: Declaration) -> None:
        queue = self.r.get(d.body, "queue_url", d.span)
        target = self._redrive(d.body, d.span, "deadLetterTargetArn")
        self.redrive_overrides.append(
            (queue, target, self._redrive(d.body, d.span, "maxReceiveCount"))
        )

    def _redrive(self, body: MDict, at: Span, key: str) -> Field:
        """``key`` of ``redrive_policy``: JSON text or ``jsonencode(...)``."""
        raw = body.get("redrive_policy")
        if raw is None:
            return Field(MISSING, at)
        span = body.value_span("redrive_policy")
        if isinstance(raw, str):
            stripped = raw.strip()
            if stripped.startswith("${") and "jsonencode" in stripped:
                match = _IN_JSONENCODE[key].search(stripped)
                if match is None:
                    return Field(Unresolved(raw), span)
                token = match.group(1)
                if token.startswith('"'):
                    return self.r.value(token[1:-1], span)
                return self.r.value("${" + token + "}", span)
            try:
                parsed = json.loads(raw)
            except ValueError:  # e.g. "maxReceiveCount":${var.n} is JSON only after rendering
                found = _IN_JSON_TEXT[key].search(raw)
                parsed = {key: json.loads(found.group(1))} if found else None
            if isinstance(parsed, dict) and isinstance(parsed.get(key), (str, int)):
                return self.r.value(parsed[key], span)
            if isinstance(parsed, dict) and key not in parsed:
                return Field(MISSING, span)
        return Field(Unresolved(str(raw)), span)

    def role(self, d: Declaration) -> None:
        self.roles[d.address] = Role(d.address, d.span)

    def event_source_mapping(self, d: Declaration) -> None:
        r, body = self.r, d.body
        source = r.get(body, "event_source_arn", d.span)
        kind = source_kind(source)
        if _present(body.get("self_managed_event_source")):
            kind = "SelfManagedKafka"
        target = r.get(body, "function_name", d.span).value
        function = None
        if isinstance(target, EntityRef) and target.kind in (EntityKind.FUNCTION, EntityKind.ALIAS):
            function = target.id
        retry_default = default_retry_bound(kind)
        at = d.span
        self.event_sources.append(
            EventSource(
                d.address,
                at,
                kind,
                True,
                function,
                source,
                batch_size=r.get(body, "batch_size", at, default_batch_size(kind)),
                batching_window=r.get(body, "maximum_batching_window_in_seconds", at),
                maximum_retry_attempts=r.get(body, "maximum_retry_attempts", at, retry_default),
                maximum_record_age=r.get(body, "maximum_record_age_in_seconds", at, retry_default),
                on_failure=self._on_failure(body, at),
                response_types=r.get_items(body, "function_response_types", at),
                starting_position=r.get(body, "starting_position", at),
            )
        )

    def _on_failure(self, body: MDict, at: Span) -> Field:
        """``destination_config { on_failure { destination_arn } }``, written or ``dynamic``."""
        config, cr = first_block(body, "destination_config", self.r)
        on_failure, fr = first_block(config, "on_failure", cr)
        return fr.get(on_failure, "destination_arn", at)

    def rest_integration(self, d: Declaration) -> None:
        """``aws_api_gateway_integration`` whose ``uri`` invokes a function of the module."""
        function = self._invoked(d.body, "uri", d.span)
        if function is not None:
            timeout = self.r.get(
                d.body, "timeout_milliseconds", d.span, default_integration_timeout(REST_API)
            )
            self.integrations.append(Integration(d.address, d.span, REST_API, function, timeout))

    def v2_integration(self, d: Declaration) -> None:
        """``aws_apigatewayv2_integration``: its API's protocol is read once every resource is."""
        function = self._invoked(d.body, "integration_uri", d.span)
        if function is not None:
            timeout = self.r.get(d.body, "timeout_milliseconds", d.span)
            integration = Integration(d.address, d.span, "", function, timeout)
            self.v2_integrations.append((integration, d.body.get("api_id")))

    def _invoked(self, body: MDict, key: str, at: Span) -> str | None:
        target = self.r.get(body, key, at).value
        if isinstance(target, EntityRef) and target.kind in (EntityKind.FUNCTION, EntityKind.ALIAS):
            return target.id
        return None

    def _with_protocol(
        self, integration: Integration, api_id: Any, declarations: Mapping[str, Declaration]
    ) -> Integration:
        """The integration with its API's kind (from ``protocol_type``) and that kind's
        default timeout when it sets none; an API not declared here stays of unknown kind."""
        api = ""
        for address in references(api_id):
            declaration = declarations.get(address)
            if declaration is not None and declaration.type == "aws_apigatewayv2_api":
                protocol = self.r.get(declaration.body, "protocol_type", declaration.span).value
                api = _V2_PROTOCOLS.get(protocol, "") if isinstance(protocol, str) else ""
        timeout = integration.timeout
        if timeout.is_missing:
            timeout = Field(default_integration_timeout(api), timeout.span, Origin.AWS_DEFAULT)
        return replace(integration, api=api, timeout=timeout)

    def invoke_config(self, d: Declaration) -> None:
        """``aws_lambda_function_event_invoke_config``: asynchronous retry settings."""
        r, body = self.r, d.body
        self.invoke_configs.append(
            InvokeConfig(
                d.address,
                d.span,
                self._invoked(body, "function_name", d.span),
                r.get(body, "maximum_retry_attempts", d.span),
                r.get(body, "maximum_event_age_in_seconds", d.span),
            )
        )

    def subnet(self, d: Declaration) -> None:
        self.subnets[d.address] = Subnet(d.address, d.span)
        vpc = self.r.get(d.body, "vpc_id", d.span).value
        if isinstance(vpc, EntityRef) and vpc.kind is EntityKind.VPC:
            self.subnet_vpcs[d.address] = vpc.id

    def route_table(self, d: Declaration) -> None:
        self.route_tables[d.address] = RouteTable(d.address, d.span)
        for route, rr in blocks(d.body, "route", self.r):
            self._route(d.address, route, route.span, "cidr_block", rr)
        if d.type == "aws_default_route_table":
            table = self.r.get(d.body, "default_route_table_id", d.span).value
            if isinstance(table, EntityRef) and table.id.endswith(MAIN_TABLE_SUFFIX):
                self.main_tables[table.id.removesuffix(MAIN_TABLE_SUFFIX)] = d.address

    def route(self, d: Declaration) -> None:
        table = self.r.get(d.body, "route_table_id", d.span).value
        if isinstance(table, EntityRef) and table.kind is EntityKind.ROUTE_TABLE:
            self._route(table.id, d.body, d.span, "destination_cidr_block", self.r)

    def _route(
        self, table: str, body: MDict, span: Span, cidr_key: str, r: TerraformResolver
    ) -> None:
        self.routes[table].append(Route(r.get(body, cidr_key, span), self._target(body, span, r)))

    def _target(self, body: MDict, span: Span, r: TerraformResolver) -> RouteTarget:
        """What a route goes through, from the target argument it sets (conservative)."""
        kinds: set[RouteTarget] = set()
        if any(_present(body.get(key)) for key in ("nat_gateway_id", "instance_id")):
            kinds.add(RouteTarget.NAT)
        if _present(body.get("gateway_id")):
            kinds.add(gateway_target(r.get(body, "gateway_id", span).value))
        if any(_present(body.get(key)) for key in _OTHER_ROUTE_TARGETS):
            kinds.add(RouteTarget.OTHER)
        return route_target(kinds)

    def route_table_association(self, d: Declaration) -> None:
        subnet = self.r.get(d.body, "subnet_id", d.span).value
        table = self.r.get(d.body, "route_table_id", d.span).value
        if isinstance(subnet, EntityRef) and isinstance(table, EntityRef):
            self.associations[subnet.id] = table.id

    def main_route_table_association(self, d: Declaration) -> None:
        vpc = self.r.get(d.body, "vpc_id", d.span).value
        table = self.r.get(d.body, "route_table_id", d.span).value
        if isinstance(vpc, EntityRef) and isinstance(table, EntityRef):
            self.main_tables[vpc.id] = table.id

    def vpc_endpoint(self, d: Declaration) -> None:
        """``aws_vpc_endpoint``: its service, type (``Gateway`` when unset, as the provider
        defaults) and the route tables or subnets it serves."""
        r, body, span = self.r, d.body, d.span
        service = r.get(body, "service_name", span).value
        text = service if isinstance(service, str) else ""
        if isinstance(service, Unresolved):
            text = service.literal
        kind = r.get(body, "vpc_endpoint_type", span).value
        vpc = r.get(body, "vpc_id", span).value
        self.vpc_endpoints[d.address] = VpcEndpoint(
            d.address,
            span,
            endpoint_service(text),
            gateway=kind in (MISSING, "Gateway"),
            route_tables=entity_ids(r.get_items(body, "route_table_ids", span)),
            subnets=entity_ids(r.get_items(body, "subnet_ids", span)),
            vpc=vpc.id if isinstance(vpc, EntityRef) and vpc.kind is EntityKind.VPC else None,
        )

    def vpc_endpoint_association(self, d: Declaration) -> None:
        """``aws_vpc_endpoint_route_table_association`` / ``_subnet_association``."""
        endpoint = self.r.get(d.body, "vpc_endpoint_id", d.span).value
        if isinstance(endpoint, EntityRef):
            self.endpoint_links.append((endpoint.id, d))

    def _link_endpoints(self) -> None:
        for address, d in self.endpoint_links:
            endpoint = self.vpc_endpoints.get(address)
            if endpoint is None:
                continue
            table = self.r.get(d.body, "route_table_id", d.span).value
            subnet = self.r.get(d.body, "subnet_id", d.span).value
            if isinstance(table, EntityRef):
                endpoint = replace(endpoint, route_tables=(*endpoint.route_tables, table.id))
            if isinstance(subnet, EntityRef):
                endpoint = replace(endpoint, subnets=(*endpoint.subnets, subnet.id))
            self.vpc_endpoints[address] = endpoint

    def distribution(self, d: Declaration) -> None:
        self.distributions.append(d)

    def bucket(self, d: Declaration) -> None:
        self.buckets[d.address] = s3.bucket(self.r, d.address, d.body, d.span)

    def bucket_notification(self, d: Declaration) -> None:
        self.bucket_triggers.extend(s3.bucket_triggers(self.r, d.body, d.span))

    def vpc(self, d: Declaration) -> None:
        """A VPC created here has a main route table holding only the local route."""
        main = d.address + MAIN_TABLE_SUFFIX
        self.route_tables[main] = RouteTable(main, d.span)

    # -- after every resource ----------------------------------------------------------------

    def _provisioned_target(
        self, config: ProvisionedConcurrency, parents: Mapping[str, str]
    ) -> ProvisionedConcurrency:
        """The function behind an alias the configuration names, and a qualifier written as the
        alias's name (a plan shows ``aws_lambda_alias.a.name`` as its value) as that alias."""
        named = config.function
        function = parents.get(named or "", named)
        target = config.target
        if named is not None and isinstance(target.value, str):
            alias = self.alias_names.get((function or "", target.value))
            alias = alias or self.alias_names.get((named, target.value))
            if alias is not None:
                target = replace(target, value=EntityRef(EntityKind.ALIAS, alias))
        return replace(config, function=function, target=target)

    def finish(self, declarations: Mapping[str, Declaration]) -> None:
        """Link what needs every resource: redrive policies, main tables, invokers."""
        for queue_field, target, receives in self.redrive_overrides:
            queue = queue_field.value
            if isinstance(queue, EntityRef) and queue.id in self.queues:
                old = self.queues[queue.id]
                self.queues[queue.id] = replace(
                    old, dead_letter_target=target, max_receive_count=receives
                )
        for integration, api_id in self.v2_integrations:
            self.integrations.append(self._with_protocol(integration, api_id, declarations))
        self._link_endpoints()
        for subnet, vpc in self.subnet_vpcs.items():
            if subnet not in self.associations:
                main = self.main_tables.get(vpc, vpc + MAIN_TABLE_SUFFIX)
                if main in self.route_tables:
                    self.associations[subnet] = main
        parents = {
            name: alias.function.value.id
            for name, alias in self.aliases.items()
            if isinstance(alias.function.value, EntityRef)
        }
        self.event_sources = [
            _retarget(source, parents.get(source.function or "", source.function))
            for source in self.event_sources
        ]
        self.provisioned = [
            self._provisioned_target(config, parents) for config in self.provisioned
        ]
        for address, declaration in declarations.items():
            if declaration.type not in _INVOKERS:
                continue
            through = _INVOKERS[declaration.type]
            for key, value in declaration.body.items():
                if key in _TAGS or (through is not None and key not in through):
                    continue
                for referenced in _referenced(value, declaration.resolver, 0):
                    invoked = parents.get(referenced, referenced)
                    if (
                        invoked != address
                        and invoked in self.functions
                        and self.may_coexist(address, invoked)
                    ):
                        self.invoked_by_other.add(invoked)


def _referenced(node: Any, resolver: TerraformResolver | None, depth: int) -> Iterator[str]:
    """Addresses of the resources ``node`` refers to, through module arguments too (a
    child module's ``var.function_name`` may name the caller's function)."""
    prefix = resolver.prefix if resolver is not None else ""
    for address in references(node):
        yield prefix + address
    if resolver is None or not resolver.inputs or depth > MAX_DEPTH_OF_INPUTS:
        return
    for text in templates(node):
        for steps in template_references(text):
            given = resolver.inputs.get(steps[1]) if steps[0] == "var" else None
            if given is not None:
                scope = given.scope if given.scope.prefix else None
                yield from _referenced(given.raw, scope, depth + 1)


MAX_DEPTH_OF_INPUTS = 64  # module arguments followed back through callers, at most


def _retarget(source: EventSource, function: str | None) -> EventSource:
    return source if function == source.function else replace(source, function=function)


def _present(value: Any) -> bool:
    """Set to something: plans write unset attributes as null, "" or an empty block list."""
    return value is not None and value != "" and value != [] and value != {}


_LOADERS = {
    "aws_lambda_function": TerraformBuilder.function,
    "aws_lambda_alias": TerraformBuilder.alias,
    "aws_lambda_provisioned_concurrency_config": TerraformBuilder.provisioned_concurrency,
    "aws_lambda_layer_version": TerraformBuilder.layer,
    "aws_lambda_event_source_mapping": TerraformBuilder.event_source_mapping,
    "aws_sqs_queue": TerraformBuilder.queue,
    "aws_sqs_queue_redrive_policy": TerraformBuilder.queue_redrive_policy,
    "aws_iam_role": TerraformBuilder.role,
    "aws_subnet": TerraformBuilder.subnet,
    "aws_route_table": TerraformBuilder.route_table,
    "aws_default_route_table": TerraformBuilder.route_table,
    "aws_route": TerraformBuilder.route,
    "aws_route_table_association": TerraformBuilder.route_table_association,
    "aws_main_route_table_association": TerraformBuilder.main_route_table_association,
    "aws_vpc": TerraformBuilder.vpc,
    "aws_api_gateway_integration": TerraformBuilder.rest_integration,
    "aws_apigatewayv2_integration": TerraformBuilder.v2_integration,
    "aws_lambda_function_event_invoke_config": TerraformBuilder.invoke_config,
    "aws_vpc_endpoint": TerraformBuilder.vpc_endpoint,
    "aws_vpc_endpoint_route_table_association": TerraformBuilder.vpc_endpoint_association,
    "aws_vpc_endpoint_subnet_association": TerraformBuilder.vpc_endpoint_association,
    "aws_cloudfront_distribution": TerraformBuilder.distribution,
    "aws_s3_bucket": TerraformBuilder.bucket,
    "aws_s3_bucket_notification": TerraformBuilder.bucket_notification,
}

__all__ = ["TF_ENTITY_KINDS", "ModuleFiles", "is_terraform", "load_module"]
