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
from lambda_lint.loaders.terraform import sensitive as tf_sensitive
from lambda_lint.loaders.terraform.cloudfront import edge_associations
from lambda_lint.loaders.terraform.iam import IAM_TYPES, Grants
from lambda_lint.loaders.terraform.values import (
    COMMENT_KEY,
    MAIN_TABLE_SUFFIX,
    TF_ENTITY_KINDS,
    TerraformResolver,
    first_object,
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
    MISSING,
    Alias,
    Code,
    EntityKind,
    EntityRef,
    EventSource,
    Field,
    Function,
    Layer,
    Queue,
    Role,
    Route,
    RouteTable,
    RouteTarget,
    Stack,
    Subnet,
    Unresolved,
    Upload,
    WeightedVersion,
    as_int,
    default_batch_size,
    default_retry_bound,
    gateway_target,
    route_target,
)
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span

# Resources that reference a function without invoking it (see cloudformation._NON_INVOKERS).
_NON_INVOKERS = frozenset(
    {
        "aws_lambda_event_source_mapping",
        "aws_lambda_alias",
        "aws_lambda_function_event_invoke_config",
        "aws_lambda_provisioned_concurrency_config",
        "aws_cloudwatch_log_group",
        "aws_cloudwatch_metric_alarm",
    }
)
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
_DLQ_IN_JSONENCODE = re.compile(r"deadLetterTargetArn\"?\s*[=:]\s*(\"[^\"]*\"|[\w.\[\]\"*-]+)")
_DLQ_IN_JSON_TEXT = re.compile(r'"deadLetterTargetArn"\s*:\s*"([^"\\]*)"')
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


def is_terraform(root: Any) -> bool:
    """A Terraform JSON configuration (an object of known top-level block types)."""
    return isinstance(root, MDict) and bool(
        set(root)
        & {"resource", "data", "variable", "locals", "output", "module", "provider", "terraform"}
    )


def load_module(module: ModuleFiles) -> tuple[Stack, list[LoadProblem]]:
    """Build the Stack of one module; duplicate declarations are problems, not crashes."""
    problems: list[LoadProblem] = []
    declarations: dict[str, Declaration] = {}
    documents: dict[str, MDict] = {}
    variables: dict[str, Any] = {}
    local_values: dict[str, Any] = {}
    local_spans: dict[str, Span] = {}
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
                documents.setdefault(name, found)
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
    resolver = TerraformResolver(
        {address: d.type for address, d in declarations.items()},
        variables,
        local_values,
        _assigned_variables(module),
    )
    if not _has_overrides(module):  # an override may replace a local's value
        problems.extend(
            _cycle_problem(cycle, local_spans[cycle[0]]) for cycle in resolver.local_cycles
        )
        if _complete(module):
            problems.extend(_undeclared_references(module.files, _Declared.of(module.files)))
    stack = build_stack(declarations, resolver, documents)
    sensitive = tuple(tf_sensitive.in_module(variables, module.tfvars))
    return replace(stack, sensitive=sensitive), problems


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
class _Declared:
    """The names a module declares, which its expressions may refer to."""

    variables: frozenset[str]
    locals: frozenset[str]
    resources: frozenset[str]  # type.name
    data: frozenset[str]  # type.name
    modules: frozenset[str]

    @classmethod
    def of(cls, files: Mapping[str, Any]) -> _Declared:
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


def _undeclared_references(files: Mapping[str, Any], declared: _Declared) -> list[LoadProblem]:
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

    def __init__(self, declared: _Declared) -> None:
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
                iterator = body.get("iterator")
                names = {label, iterator} if isinstance(iterator, str) else {label}
                yield body, bound | names, frozenset()


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
    functions = {a: d.body for a, d in declarations.items() if d.type == "aws_lambda_function"}
    for distribution in builder.distributions:
        builder.edge_associations.extend(
            edge_associations(resolver, distribution.address, distribution.body, functions)
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
        self.r = resolver
        self.main_tables: dict[str, str] = {}  # vpc address -> route table id
        self.subnet_vpcs: dict[str, str] = {}
        self.redrive_overrides: list[tuple[Field, Field]] = []
        self.distributions: list[Declaration] = []

    def load(self, d: Declaration) -> None:
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
            if meta == "for_each" and value.is_known and value.value in ({}, []):
                return False
            self.instances[d.address] = meta
        return True

    # -- resources --------------------------------------------------------------------------

    def function(self, d: Declaration) -> None:
        r, body, span = self.r, d.body, d.span
        env = first_object(body, "environment")
        if env is not None and env.get("variables") is not None:
            environment = r.env(env["variables"], env.key_span("variables"))
        elif _dynamic(body, "environment"):
            environment = Field(Unresolved("dynamic environment"), span)
        else:
            environment = Field((), span)
        vpc = first_object(body, "vpc_config")
        if vpc is not None:
            subnets = r.get_items(vpc, "subnet_ids", span)
        elif _dynamic(body, "vpc_config"):
            subnets = Field(Unresolved("dynamic vpc_config"), span)
        else:
            subnets = Field(MISSING, span)
        dlq = first_object(body, "dead_letter_config")
        if dlq is None and _dynamic(body, "dead_letter_config"):
            dead_letter = Field(Unresolved("dynamic dead_letter_config"), span)
        else:
            dead_letter = r.get(dlq, "target_arn", span)
        self.functions[d.address] = Function(
            id=d.address,
            span=span,
            kind="terraform",
            memory=r.get(body, "memory_size", span, DEFAULT_MEMORY),
            timeout=r.get(body, "timeout", span, DEFAULT_TIMEOUT),
            environment=environment,
            role=r.get(body, "role", span),
            layers=r.get_items(body, "layers", span),
            dead_letter=dead_letter,
            subnets=subnets,
            managed_instances=_present(body.get("capacity_provider_config")),
            definition=_INSTANCE_KEY.sub("", d.address),
            code=self.local_code(body, span),
            runtime=r.get(body, "runtime", span),
            package_type=r.get(body, "package_type", span),
            ephemeral_storage=r.get(first_object(body, "ephemeral_storage"), "size", span),
        )

    def alias(self, d: Declaration) -> None:
        r, body = self.r, d.body
        weights: list[WeightedVersion] = []
        routing = first_object(body, "routing_config")
        table = routing.get("additional_version_weights") if routing is not None else None
        if isinstance(table, MDict):
            for version, weight in table.items():
                if version == COMMENT_KEY:
                    continue
                weights.append(
                    WeightedVersion(
                        r.value(version, table.key_span(version)),
                        r.value(weight, table.value_span(version)),
                        table.key_span(version),
                    )
                )
        self.aliases[d.address] = Alias(
            d.address,
            d.span,
            r.get(body, "function_name", d.span),
            r.get(body, "function_version", d.span),
            tuple(weights),
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
            self._redrive_target(body, d.span),
        )

    def queue_redrive_policy(self, d: Declaration) -> None:
        queue = self.r.get(d.body, "queue_url", d.span)
        self.redrive_overrides.append((queue, self._redrive_target(d.body, d.span)))

    def _redrive_target(self, body: MDict, at: Span) -> Field:
        """``deadLetterTargetArn`` of ``redrive_policy``: JSON text or ``jsonencode(...)``."""
        raw = body.get("redrive_policy")
        if raw is None:
            return Field(MISSING, at)
        span = body.value_span("redrive_policy")
        if isinstance(raw, str):
            stripped = raw.strip()
            if stripped.startswith("${") and "jsonencode" in stripped:
                match = _DLQ_IN_JSONENCODE.search(stripped)
                if match is None:
                    return Field(Unresolved(raw), span)
                token = match.group(1)
                if token.startswith('"'):
                    return self.r.value(token[1:-1], span)
                return self.r.value("${" + token + "}", span)
            try:
                parsed = json.loads(raw)
            except ValueError:  # e.g. "maxReceiveCount":${var.n} is JSON only after rendering
                found = _DLQ_IN_JSON_TEXT.search(raw)
                parsed = {"deadLetterTargetArn": found.group(1)} if found else None
            if isinstance(parsed, dict) and isinstance(parsed.get("deadLetterTargetArn"), str):
                return self.r.value(parsed["deadLetterTargetArn"], span)
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
        """``destination_config { on_failure { destination_arn } }``; a ``dynamic`` block is
        unknown, never read as absent."""
        config = first_object(body, "destination_config")
        if config is None:
            if _dynamic(body, "destination_config"):
                return Field(Unresolved("dynamic destination_config"), at)
            return Field(MISSING, at)
        on_failure = first_object(config, "on_failure")
        if on_failure is None and _dynamic(config, "on_failure"):
            return Field(Unresolved("dynamic on_failure"), at)
        return self.r.get(on_failure, "destination_arn", at)

    def subnet(self, d: Declaration) -> None:
        self.subnets[d.address] = Subnet(d.address, d.span)
        vpc = self.r.get(d.body, "vpc_id", d.span).value
        if isinstance(vpc, EntityRef) and vpc.kind is EntityKind.VPC:
            self.subnet_vpcs[d.address] = vpc.id

    def route_table(self, d: Declaration) -> None:
        self.route_tables[d.address] = RouteTable(d.address, d.span)
        for route in objects(d.body.get("route")):
            self._route(d.address, route, route.span, "cidr_block")
        if d.type == "aws_default_route_table":
            table = self.r.get(d.body, "default_route_table_id", d.span).value
            if isinstance(table, EntityRef) and table.id.endswith(MAIN_TABLE_SUFFIX):
                self.main_tables[table.id.removesuffix(MAIN_TABLE_SUFFIX)] = d.address

    def route(self, d: Declaration) -> None:
        table = self.r.get(d.body, "route_table_id", d.span).value
        if isinstance(table, EntityRef) and table.kind is EntityKind.ROUTE_TABLE:
            self._route(table.id, d.body, d.span, "destination_cidr_block")

    def _route(self, table: str, body: MDict, span: Span, cidr_key: str) -> None:
        self.routes[table].append(Route(self.r.get(body, cidr_key, span), self._target(body, span)))

    def _target(self, body: MDict, span: Span) -> RouteTarget:
        """What a route goes through, from the target argument it sets (conservative)."""
        kinds: set[RouteTarget] = set()
        if any(_present(body.get(key)) for key in ("nat_gateway_id", "instance_id")):
            kinds.add(RouteTarget.NAT)
        if _present(body.get("gateway_id")):
            kinds.add(gateway_target(self.r.get(body, "gateway_id", span).value))
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

    def distribution(self, d: Declaration) -> None:
        self.distributions.append(d)

    def vpc(self, d: Declaration) -> None:
        """A VPC created here has a main route table holding only the local route."""
        main = d.address + MAIN_TABLE_SUFFIX
        self.route_tables[main] = RouteTable(main, d.span)

    # -- after every resource ----------------------------------------------------------------

    def finish(self, declarations: Mapping[str, Declaration]) -> None:
        """Link what needs every resource: redrive policies, main tables, invokers."""
        for queue_field, target in self.redrive_overrides:
            queue = queue_field.value
            if isinstance(queue, EntityRef) and queue.id in self.queues:
                old = self.queues[queue.id]
                self.queues[queue.id] = Queue(
                    old.id, old.span, old.visibility_timeout, old.fifo, target
                )
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
        for address, declaration in declarations.items():
            if declaration.type in _NON_INVOKERS:
                continue
            for referenced in references(declaration.body):
                invoked = parents.get(referenced, referenced)
                if invoked != address and invoked in self.functions:
                    self.invoked_by_other.add(invoked)


def _retarget(source: EventSource, function: str | None) -> EventSource:
    return source if function == source.function else replace(source, function=function)


def _present(value: Any) -> bool:
    """Set to something: plans write unset attributes as null, "" or an empty block list."""
    return value is not None and value != "" and value != [] and value != {}


def _dynamic(body: MDict, block: str) -> bool:
    return any(block in found for found in objects(body.get("dynamic")))


_LOADERS = {
    "aws_lambda_function": TerraformBuilder.function,
    "aws_lambda_alias": TerraformBuilder.alias,
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
    "aws_cloudfront_distribution": TerraformBuilder.distribution,
}

__all__ = ["TF_ENTITY_KINDS", "ModuleFiles", "is_terraform", "load_module"]
