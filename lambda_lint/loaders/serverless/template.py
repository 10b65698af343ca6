"""A Serverless Framework service written as the CloudFormation template it compiles to.

The framework turns ``functions`` into ``AWS::Lambda::Function`` resources and merges
``resources.Resources`` into the same template; so does this module, keeping every
value's span, so that the CloudFormation loader builds the model of both halves at
once and references between them (``!GetAtt Queue.Arn`` in an event, ``!Ref Subnet``
in ``vpc.subnetIds``) resolve. What it merges, and how, is the framework's
``compileFunction`` (docs/aws-facts.md#serverless-framework-functions):

- ``memorySize`` / ``timeout``: the function's, else the provider's (inherited), else
  the framework's 1024 MB and 6 s;
- ``environment``: the provider's map merged with the function's, the function winning;
- ``runtime``, ``layers`` and each of ``vpc.subnetIds`` / ``vpc.securityGroupIds``:
  the function's, else the provider's as a whole;
- ``role``: the function's, else a named provider role, else the one role the
  framework generates for every function of the service (``IamRoleLambdaExecution``);
- ``maximumRetryAttempts`` / ``maximumEventAge`` / ``destinations``: the function's
  ``AWS::Lambda::EventInvokeConfig``.
"""

from __future__ import annotations

from typing import Any

from lambda_lint.loaders.cloudformation.sam import merge
from lambda_lint.loaders.cloudformation.values import InheritedDict
from lambda_lint.loaders.serverless.variables import Given, plain
from lambda_lint.model import EntityKind, EntityRef, Origin
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span

# What an inherited value's message says it was inherited from.
PROVIDER_SOURCE = "provider"
TOOL = "Serverless Framework"
DEFAULT_MEMORY = 1024  # MB, when neither the function nor the provider sets memorySize
DEFAULT_TIMEOUT = 6  # seconds, likewise
GENERATED_ROLE = "IamRoleLambdaExecution"
PROVISIONED_ALIAS = "provisioned"  # the alias the framework makes for provisionedConcurrency
# The function keys the framework writes an ``AWS::Lambda::EventInvokeConfig`` for.
_INVOKE_KEYS = ("maximumRetryAttempts", "maximumEventAge", "destinations")
GENERATED_ROLE_SOURCE = (
    "provider: without a role of its own, every function of the service gets the one "
    "role the Serverless Framework generates"
)


def normalized(name: str) -> str:
    """The framework's logical-id spelling of a function or layer name
    (``naming.getNormalizedFunctionName``): first letter upper case, ``-`` and ``_``
    spelled out."""
    text = name.replace("-", "Dash").replace("_", "Underscore")
    return text[:1].upper() + text[1:]


def put(target: MDict, key: str, value: Any, key_span: Span, value_span: Span) -> None:
    """``target[key] = value`` with the spans where the value was written."""
    target[key] = value
    target.key_spans[key] = key_span
    target.value_spans[key] = value_span


def copy_entry(target: MDict, key: str, source: MDict, source_key: str) -> None:
    """``target[key]`` from ``source[source_key]``, spans included."""
    put(target, key, source[source_key], source.key_span(source_key), source.value_span(source_key))


def mapping(span: Span, **entries: Any) -> MDict:
    """A synthesized mapping whose every entry is spanned at ``span``."""
    made = MDict(span)
    for key, value in entries.items():
        put(made, key, value, span, span)
    return made


def is_set(value: Any) -> bool:
    """Whether the framework takes a memory size or timeout as set (JavaScript ``||``)."""
    return plain(value) not in (None, 0, "", False) or isinstance(value, Given)


class ServiceTemplate:
    """Builds the template of one service (variables already resolved)."""

    def __init__(self, root: MDict) -> None:
        self.root = root
        provider = root.get("provider")
        self.provider = provider if isinstance(provider, MDict) else MDict(root.span)
        self.template = MDict(root.span)
        self.resources = MDict(root.span)
        put(self.template, "Resources", self.resources, root.span, root.span)
        # ``<Name>LambdaFunction`` / ``<Name>LambdaLayer`` -> the function's or layer's key
        self.renamed: dict[str, str] = {}
        self.function_names: set[str] = set()
        self.functions = merged_blocks(root.get("functions"), root.span)
        self.generated_role_span: Span | None = None
        self._role_span = self._provider_role_span()

    def build(self) -> MDict:
        functions = self.functions
        layers = self.root.get("layers")
        layers = layers if isinstance(layers, MDict) else MDict(self.root.span)
        # The model calls functions and layers by their keys; the template by logical ids.
        for name in functions:
            self.renamed[normalized(name) + "LambdaFunction"] = name
        for name in layers:
            self.renamed[normalized(name) + "LambdaLayer"] = name
        _rename_references(self.provider, self.renamed)
        for name, body in functions.items():
            if isinstance(body, MDict):
                _rename_references(body, self.renamed)
                self._function(name, body, functions.key_span(name))
        for name, body in layers.items():
            if isinstance(body, MDict):
                self._layer(name, body, layers.key_span(name))
        self._resources()
        return self.template

    # -- functions ---------------------------------------------------------------------------

    def _function(self, name: str, body: MDict, span: Span) -> None:
        props = InheritedDict(body.span, PROVIDER_SOURCE)
        provider = self.provider
        for key, spelled, default in (
            ("memorySize", "MemorySize", DEFAULT_MEMORY),
            ("timeout", "Timeout", DEFAULT_TIMEOUT),
        ):
            if key in body and is_set(body[key]):
                copy_entry(props, spelled, body, key)
            elif key in provider and is_set(provider[key]):
                self._inherit(props, spelled, key)
            else:
                put(props, spelled, Given(default, Origin.TOOL_DEFAULT, TOOL), span, span)
        if "image" in body:
            put(props, "PackageType", "Image", body.key_span("image"), body.key_span("image"))
        else:
            self._own_or_inherited(props, "Runtime", body, "runtime")
        self._environment(props, body, span)
        self._own_or_inherited(props, "Layers", body, "layers")
        self._vpc(props, body, span)
        self._role(props, name, body, span)
        if "onError" in body:
            target = mapping(body.value_span("onError"))
            copy_entry(target, "TargetArn", body, "onError")
            put(
                props,
                "DeadLetterConfig",
                target,
                body.key_span("onError"),
                body.key_span("onError"),
            )
        if "ephemeralStorageSize" in body:
            storage = MDict(body.value_span("ephemeralStorageSize"))
            copy_entry(storage, "Size", body, "ephemeralStorageSize")
            key_span = body.key_span("ephemeralStorageSize")
            put(props, "EphemeralStorage", storage, key_span, key_span)
        if "reservedConcurrency" in body:
            copy_entry(props, "ReservedConcurrentExecutions", body, "reservedConcurrency")
        self._code(props, body)
        self._invoke_config(name, body, span)
        resource = mapping(span, Type="AWS::Lambda::Function")
        put(resource, "Properties", props, span, body.span)
        put(self.resources, name, resource, span, body.span)
        self.function_names.add(name)

    def _invoke_config(self, name: str, body: MDict, span: Span) -> None:
        """``maximumRetryAttempts``, ``maximumEventAge`` and ``destinations``: the
        ``AWS::Lambda::EventInvokeConfig`` the framework writes for them
        (``compileFunctionEventInvokeConfig``), on the ``provisioned`` alias when the
        function has provisioned concurrency, else on ``$LATEST``."""
        retries = body.get("maximumRetryAttempts")
        age, destinations = body.get("maximumEventAge"), body.get("destinations")
        if not is_set(destinations) and not is_set(age) and retries is None:
            return  # the framework's test: a retry count of 0 counts, an age of 0 does not
        at = next(body.key_span(k) for k in _INVOKE_KEYS if k in body)
        qualifier = PROVISIONED_ALIAS if is_set(body.get("provisionedConcurrency")) else "$LATEST"
        props = mapping(at, FunctionName=mapping(span, Ref=name), Qualifier=qualifier)
        if retries is not None:
            copy_entry(props, "MaximumRetryAttempts", body, "maximumRetryAttempts")
        if is_set(age):
            copy_entry(props, "MaximumEventAgeInSeconds", body, "maximumEventAge")
        if isinstance(destinations, MDict):
            config = MDict(destinations.span)
            for key, spelled in (("onSuccess", "OnSuccess"), ("onFailure", "OnFailure")):
                target = self._destination(destinations, key)
                if target is not None:
                    at_target = destinations.value_span(key)
                    put(config, spelled, target, destinations.key_span(key), at_target)
            put(props, "DestinationConfig", config, body.key_span("destinations"), config.span)
        resource = mapping(at, Type="AWS::Lambda::EventInvokeConfig")
        put(resource, "Properties", props, at, at)
        put(self.resources, normalized(name) + "LambdaEvConf", resource, at, at)

    def _destination(self, destinations: MDict, key: str) -> MDict | None:
        """``{Destination: ...}`` for an ARN or a reference as written; a function of
        the service by its name (the framework's ``resolveFunctionArn``)."""
        written = destinations.get(key)
        if written is None:
            return None
        at = destinations.value_span(key)
        target = mapping(at)
        value = plain(written)
        if isinstance(value, str) and not value.startswith("arn:"):
            if value not in self.functions:
                return None  # a function of another service: only its name is known
            put(
                target,
                "Destination",
                mapping(at, **{"Fn::GetAtt": sequence(at, value, "Arn")}),
                at,
                at,
            )
        else:
            copy_entry(target, "Destination", destinations, key)
        return target

    def _inherit(self, props: InheritedDict, key: str, provider_key: str) -> None:
        copy_entry(props, key, self.provider, provider_key)
        props.inherited.add(key)

    def _own_or_inherited(self, props: InheritedDict, key: str, body: MDict, own: str) -> None:
        if own in body and body[own] is not None:
            copy_entry(props, key, body, own)
        elif self.provider.get(own) is not None:
            self._inherit(props, key, own)

    def _environment(self, props: InheritedDict, body: MDict, span: Span) -> None:
        own, shared = body.get("environment"), self.provider.get("environment")
        if own is None and shared is None:
            return
        environment = MDict(span)
        if isinstance(own, MDict) and isinstance(shared, MDict):
            variables = merge(shared, own, PROVIDER_SOURCE)
            put(environment, "Variables", variables, body.key_span("environment"), own.span)
            put(props, "Environment", environment, span, span)
        elif own is not None:
            put(
                environment,
                "Variables",
                own,
                body.key_span("environment"),
                body.value_span("environment"),
            )
            put(props, "Environment", environment, span, span)
        else:
            key_span = self.provider.key_span("environment")
            put(environment, "Variables", shared, key_span, self.provider.value_span("environment"))
            put(props, "Environment", environment, key_span, key_span)
            props.inherited.add("Environment")

    def _vpc(self, props: InheritedDict, body: MDict, span: Span) -> None:
        """Subnets and security groups, each the function's or else the provider's; none
        at all unless both are set (the framework drops a half ``VpcConfig``)."""
        written, provided = body.get("vpc"), self.provider.get("vpc")
        own = written if isinstance(written, MDict) else MDict(span)
        shared = provided if isinstance(provided, MDict) else MDict(span)
        config = InheritedDict(own.span, PROVIDER_SOURCE)
        for key, spelled in (("subnetIds", "SubnetIds"), ("securityGroupIds", "SecurityGroupIds")):
            if own.get(key) is not None:
                copy_entry(config, spelled, own, key)
            elif shared.get(key) is not None:
                copy_entry(config, spelled, shared, key)
                config.inherited.add(spelled)
        if len(config) == 2:
            key_span = body.key_span("vpc") if "vpc" in body else self.provider.key_span("vpc")
            put(props, "VpcConfig", config, key_span, key_span)

    def _provider_role_span(self) -> Span | None:
        """Where the provider sets how the generated role is made, if it does."""
        iam = self.provider.get("iam")
        if isinstance(iam, MDict) and "role" in iam:
            return iam.key_span("role")
        for key in ("iamRoleStatements", "iamManagedPolicies", "iam"):
            if key in self.provider:
                return self.provider.key_span(key)
        return None

    def _custom_role(self, body: MDict) -> tuple[Any, Span, bool] | None:
        """A role named by the function, or by the provider for every function."""
        if body.get("role") is not None:
            return body["role"], body.value_span("role"), False
        iam = self.provider.get("iam")
        named = iam.get("role") if isinstance(iam, MDict) else None
        if named is not None and not (isinstance(named, MDict) and not _is_reference(named)):
            assert isinstance(iam, MDict)
            return named, iam.value_span("role"), True
        if self.provider.get("role") is not None:
            return self.provider["role"], self.provider.value_span("role"), True
        return None

    def _role(self, props: InheritedDict, name: str, body: MDict, span: Span) -> None:
        custom = self._custom_role(body)
        if custom is None:
            at = self._role_span or span
            self.generated_role_span = self.generated_role_span or at
            role = EntityRef(EntityKind.ROLE, GENERATED_ROLE)
            put(props, "Role", Given(role, Origin.INHERITED, GENERATED_ROLE_SOURCE), at, at)
            return
        value, value_span, inherited = custom
        if isinstance(value, str) and not value.startswith("arn:"):
            value = mapping(value_span, **{"Fn::GetAtt": sequence(value_span, value, "Arn")})
        put(props, "Role", value, value_span, value_span)
        if inherited:
            props.inherited.add("Role")

    def _code(self, props: InheritedDict, body: MDict) -> None:
        """A local ``package.artifact``: the function's, else the service's."""
        for owner in (body, self.root):
            package = owner.get("package")
            if isinstance(package, MDict) and "artifact" in package:
                artifact = package["artifact"]
                if isinstance(artifact, str) and _local(artifact):
                    copy_entry(props, "Code", package, "artifact")
                return

    # -- layers and resources ------------------------------------------------------------------

    def _layer(self, name: str, body: MDict, span: Span) -> None:
        props = MDict(body.span)
        if isinstance(body.get("path"), str):
            copy_entry(props, "Content", body, "path")
        package = body.get("package")
        artifact = package.get("artifact") if isinstance(package, MDict) else None
        if isinstance(package, MDict) and isinstance(artifact, str) and _local(artifact):
            copy_entry(props, "Content", package, "artifact")
        resource = mapping(span, Type="AWS::Lambda::LayerVersion")
        put(resource, "Properties", props, span, body.span)
        put(self.resources, name, resource, span, body.span)

    def _resources(self) -> None:
        """``resources``: CloudFormation, joined to the functions' template."""
        written = self.root.get("resources")
        # A list of blocks (``- ${file(resources/queues.yml)}``) is merged in order.
        sections = written if isinstance(written, MList) else [written]
        for section in sections:
            if not isinstance(section, MDict):
                continue
            for key in ("Parameters", "Mappings", "Conditions"):
                block = section.get(key)
                if isinstance(block, MDict):
                    merged = self.template.setdefault(key, MDict(block.span))
                    for name in block:
                        copy_entry(merged, name, block, name)
            resources = section.get("Resources")
            if not isinstance(resources, MDict):
                continue
            for name, body in resources.items():
                if name in self.resources or not (isinstance(body, MDict) and "Type" in body):
                    continue  # an override of a generated resource's properties, or a clash
                _rename_references(body, self.renamed)
                copy_entry(self.resources, name, resources, name)


def merged_blocks(value: Any, span: Span) -> MDict:
    """``functions`` as one mapping: the framework also takes a list of them, merged in
    order (``- ${file(./api-functions.yml)}``)."""
    if isinstance(value, MDict):
        return value
    merged = MDict(value.span if isinstance(value, MList) else span)
    for block in value if isinstance(value, MList) else ():
        if isinstance(block, MDict):
            for name in block:
                copy_entry(merged, name, block, name)
    return merged


def sequence(span: Span, *items: Any) -> MList:
    made = MList(span)
    for item in items:
        made.append(item)
        made.item_spans.append(span)
    return made


def _is_reference(value: MDict) -> bool:
    return len(value) == 1 and next(iter(value)) in ("Ref", "Fn::GetAtt", "Fn::ImportValue")


def _local(path: str) -> bool:
    """A path on disk, not an S3 location."""
    return bool(path.strip()) and not path.startswith(("s3://", "https://", "http://"))


def _rename_references(node: Any, renamed: dict[str, str]) -> None:
    """``!Ref HelloLambdaFunction`` / ``!GetAtt HelloLambdaFunction.Arn`` point at the
    function the model calls ``hello``, ``!Ref DepsLambdaLayer`` at the layer ``deps``
    (the tree is this loader's own copy)."""
    if isinstance(node, MDict):
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str) and value in renamed:
                node[key] = renamed[value]
            elif key == "Fn::GetAtt" and isinstance(value, list) and value:
                if isinstance(value[0], str) and value[0] in renamed:
                    value[0] = renamed[value[0]]
            elif key == "DependsOn" and isinstance(value, str) and value in renamed:
                node[key] = renamed[value]
            else:
                _rename_references(value, renamed)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            if isinstance(item, str) and item in renamed:
                node[index] = renamed[item]  # a DependsOn list
            else:
                _rename_references(item, renamed)
