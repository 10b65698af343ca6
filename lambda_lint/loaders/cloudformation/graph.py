"""References between a template's resources: undefined targets and dependency cycles.

CloudFormation rejects a template that refers to a logical ID it does not define
("Unresolved resource dependencies") or whose resources depend on each other in
a circle ("Circular dependency between resources"); cfn-lint reports the same as
E1010/E1019/E1020/E3005 and E3004. Both are found here from one walk over the
references (``Ref``, ``Fn::GetAtt``, ``Fn::Sub`` variables, ``DependsOn``), which
the loader shares, and one iterative Tarjan pass over the resource graph: linear
in the size of the template.

A SAM template is checked as written, which its transform changes: names that SAM
generates (``MyFunctionRole``, ``ServerlessRestApi``...) count as defined, and a
serverless resource depends only on what stays on its function (``Environment``,
``Role``, ``Policies``...), as SAM moves the rest (``Events``...) into resources of
their own. The SAM oracle test confirms each finding in the translated template.
A template with any other transform
(a macro, ``AWS::LanguageExtensions``, ``Fn::Transform``) is not checked: what it
deploys is not what is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from lambda_lint.loaders.cloudformation.shape import SAM_TRANSFORM, transforms
from lambda_lint.loaders.cloudformation.text import sub_variables
from lambda_lint.loaders.graphs import cycle_through, strongly_connected
from lambda_lint.loaders.problems import LoadProblem
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span

# The CloudFormation pseudo parameters:
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
PSEUDO_PARAMETERS = frozenset(
    {
        "AWS::AccountId",
        "AWS::NotificationARNs",
        "AWS::NoValue",
        "AWS::Partition",
        "AWS::Region",
        "AWS::StackId",
        "AWS::StackName",
        "AWS::URLSuffix",
    }
)
# The properties of a SAM function that stay on the function or on the role it
# depends on. SAM turns the others (Events, DeploymentPreference, EventInvokeConfig,
# FunctionUrlConfig...) into resources of their own that depend on the function,
# so a reference there is no edge from the function. Other serverless resources
# are rewritten too freely to know their edges: they get none (no false cycle).
_SAM_FUNCTION_OWN = frozenset(
    {
        "Environment",
        "Role",
        "Policies",
        "VpcConfig",
        "Layers",
        "DeadLetterQueue",
        "KmsKeyArn",
        "FileSystemConfigs",
        "CodeSigningConfigArn",
        "PermissionsBoundary",
    }
)
_REFERRING_ATTRIBUTES = frozenset({"Properties", "Metadata", "CreationPolicy", "UpdatePolicy"})
_REJECTS = "CloudFormation rejects the template"
_MACRO = "Fn::Transform"  # rewrites part of the template at deploy time


# The containers a parsed template is made of (plain ones for callers' own values).
_CONTAINERS = frozenset({MDict, MList, dict, list})
# One reference as found: (target, resource_only, attribute, intrinsic, variable).
# ``resource_only``: GetAtt, dotted Sub variables and DependsOn name resources only;
# ``attribute``: the resource attribute it is in (``Properties``...); ``intrinsic``:
# the ``Ref``/``Fn::*`` mapping (or the DependsOn list), spelled out only when reported;
# ``variable``: the ``${...}`` text for Fn::Sub. Plain tuples: templates hold
# tens of thousands of references and nearly all of them are fine.
Found = tuple[str, bool, str, Any, str]
References = dict[str, list[Found]]


def resource_references(template: MDict) -> References:
    """Every reference in each resource, in one walk.

    The loader reads invokers from the same result, so a template is walked once.
    """
    found: References = {}
    resources = template.get("Resources")
    if isinstance(resources, MDict):
        for name, body in resources.items():
            if isinstance(body, MDict):
                refs: list[Found] = []
                for attribute, value in body.items():
                    if attribute in _REFERRING_ATTRIBUTES:
                        _scan(value, attribute, refs)
                    elif attribute == "DependsOn":
                        _depends_on(value, refs)
                found[name] = refs
    return found


def references_in(node: Any) -> list[str]:
    """The names ``node`` refers to (``Ref``, ``Fn::GetAtt``, ``Fn::Sub`` variables), in no set
    order: what one property names, such as the function an API integration's URI invokes."""
    found: list[Found] = []
    _scan(node, "Properties", found)
    return [ref[0] for ref in found]


def _scan(node: Any, attribute: str, found: list[Found]) -> None:
    """Append the references inside ``node``; only containers are visited."""
    containers = _CONTAINERS
    stack = [node] if type(node) in containers else []
    pop, push = stack.pop, stack.append
    while stack:
        item = pop()
        if isinstance(item, dict):
            if len(item) == 1:
                for key, arg in item.items():
                    if key == "Ref":
                        if isinstance(arg, str):
                            found.append((_sam_base(arg), False, attribute, item, ""))
                    elif key == "Fn::GetAtt":
                        _getatt(arg, attribute, item, found)
                    elif key == "Fn::Sub":
                        _sub(arg, attribute, item, found)
                    elif key == _MACRO:
                        found.append(("", False, _MACRO, item, ""))
            for value in item.values():
                if type(value) in containers:
                    push(value)
        else:
            for value in item:
                if type(value) in containers:
                    push(value)


def _getatt(arg: Any, attribute: str, node: Any, found: list[Found]) -> None:
    if isinstance(arg, list) and arg and isinstance(arg[0], str):
        found.append((_sam_base(arg[0]), True, attribute, node, ""))
    elif isinstance(arg, str):
        found.append((arg.split(".", 1)[0], True, attribute, node, ""))


def _sub(arg: Any, attribute: str, node: Any, found: list[Found]) -> None:
    text, variables = arg, {}
    if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], dict):
        text, variables = arg
    if isinstance(text, str) and "${" in text:
        for _, _, written in sub_variables(text):
            variable = written.strip()
            if variable not in variables:
                target, dot, _ = variable.partition(".")
                found.append((target, bool(dot), attribute, node, variable))


def _depends_on(value: Any, found: list[Found]) -> None:
    if isinstance(value, str):
        found.append((value, True, "DependsOn", value, ""))
    elif isinstance(value, MList):
        for index, item in enumerate(value):
            if isinstance(item, str):
                found.append((item, True, "DependsOn", (value, index), ""))


def _spelling(ref: Found) -> tuple[str, Span | None]:
    """How a reference was written, and where (None: at the resource's DependsOn value)."""
    _, _, attribute, node, variable = ref
    if attribute == "DependsOn":
        if isinstance(node, tuple):
            listed, index = node
            return f"DependsOn {listed[index]}", listed.item_span(index)
        return f"DependsOn {node}", None
    key, arg = next(iter(node.items()))
    span = node.span if isinstance(node, MDict) else None
    if key == "Ref":
        return f"!Ref {arg}", span
    if key == "Fn::GetAtt":
        spelled = ".".join(map(str, arg)) if isinstance(arg, list) else str(arg)
        return f"!GetAtt {spelled}", span
    return f"!Sub ${{{variable}}}", span


def graph_problems(template: MDict, found: References | None = None) -> list[LoadProblem]:
    """Undefined references and dependency cycles among the template's resources.

    ``found`` is :func:`resource_references` of the template, when already computed.
    """
    resources = template.get("Resources")
    names = transforms(template)
    if not isinstance(resources, MDict) or names is None or set(names) - {SAM_TRANSFORM}:
        return []
    if found is None:
        found = resource_references(template)
    outputs: list[Found] = []
    _scan(template.get("Outputs"), "Outputs", outputs)
    if any(name.startswith("Fn::") for name in resources) or any(
        ref[2] == _MACRO for refs in (*found.values(), outputs) for ref in refs
    ):
        return []
    # A SAM resource without the transform header is still read as SAM (as the loaders do).
    sam = SAM_TRANSFORM in names or any(_serverless(body) for body in resources.values())
    parameters = template.get("Parameters")
    defined = _Defined(
        set(resources) | (_named_by_sam(resources) if sam else set()),
        set(parameters) if isinstance(parameters, dict) else set(),
        _SamNames(resources) if sam else None,
    )
    problems = []
    for name, refs in (*found.items(), ("", outputs)):
        for ref in refs:
            message = defined.problem(ref)
            if message is not None:
                spelled, span = _spelling(ref)
                where = span or resources[name].value_span("DependsOn")
                problem = f"undefined:{name}:{spelled}"
                problems.append(LoadProblem(f"{spelled}: {message}", where, problem))
    edges = {
        name: [ref[0] for ref in _dependencies(resources[name], refs, sam)]
        for name, refs in found.items()
    }
    problems += _cycles(resources, edges)
    return sorted(problems, key=lambda p: (p.span.line, p.span.column))


def _sam_base(name: str) -> str:
    """SAM's ``Fn.Alias`` / ``Fn.Version`` name a function's generated alias or version."""
    base, _, suffix = name.rpartition(".")
    return base if base and suffix in ("Alias", "Version") else name


def _named_by_sam(resources: MDict) -> set[str]:
    """Resources SAM creates under a name the template chooses: an event's dead-letter
    queue (``Events.<name>.Properties.DeadLetterConfig.QueueLogicalId``)."""
    names = set()
    for body in resources.values():
        if not _serverless(body):
            continue
        events = _mapping(_mapping(body.get("Properties")).get("Events"))
        for event in events.values():
            config = _mapping(_mapping(_mapping(event).get("Properties")).get("DeadLetterConfig"))
            if isinstance(config.get("QueueLogicalId"), str):
                names.add(config["QueueLogicalId"])
    return names


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _has_connectors(body: Any) -> bool:
    """SAM embedded connectors: SAM names their resources after the resource and connector."""
    return isinstance(body, dict) and "Connectors" in body


def _serverless(body: Any) -> bool:
    return isinstance(body, dict) and str(body.get("Type", "")).startswith("AWS::Serverless::")


def _dependencies(body: MDict, found: list[Found], sam: bool) -> list[Found]:
    """The references that make the deployed resource wait for another one.

    An unknown attribute (often a resource indented one level too deep) was never
    read, so it adds none; a SAM resource adds only what stays on its function.
    """
    if not (sam and _serverless(body)):
        return found
    kept = [ref for ref in found if ref[2] == "DependsOn"]
    props = body.get("Properties")
    if body.get("Type") == "AWS::Serverless::Function" and isinstance(props, MDict):
        for key, value in props.items():
            if key in _SAM_FUNCTION_OWN:
                _scan(value, "Properties", kept)
    return kept


class _Prefixes:
    """Names that may begin a string, as a trie: the names that begin ``text`` cost the
    length of ``text`` to find. Trying every name instead (``any(startswith...)``) made a
    SAM template quadratic: each reference to a generated ``FnRole`` was tried against
    every serverless resource (8,000 functions: a minute).
    """

    def __init__(self, names: Iterable[str]) -> None:
        self._root: dict[str | None, Any] = {}
        for name in names:
            node = self._root
            for char in name:
                node = node.setdefault(char, {})
            node[None] = name  # a name ends here

    def starting(self, text: str) -> Iterator[str]:
        """The names that are a prefix of ``text``, shortest first."""
        node: dict[str | None, Any] = self._root
        for char in text:
            if None in node:
                yield node[None]
            following = node.get(char)
            if following is None:
                return
            node = following
        if None in node:
            yield node[None]


# What SAM appends to a serverless resource's logical id for the resources it makes
# (docs: "CloudFormation resources generated by SAM"), by type; ``{event}`` stands for
# each of the resource's event names, ``{connector}`` for each embedded connector.
# Types not listed (APIs, whose stages, deployments, domains and usage plans SAM names
# from the id) accept any suffix.
_SAM_SUFFIXES = {
    "AWS::Serverless::Function": (
        r"Role|Alias\w+|Version\w+|DeploymentGroup|Url|UrlPublicPermissions"
        r"|EventInvokeConfig\w*|{event}\w*|{connector}\w*"
    ),
    "AWS::Serverless::StateMachine": r"Role|{event}\w*|{connector}\w*",
    "AWS::Serverless::LayerVersion": r"[0-9a-f]+",
    "AWS::Serverless::SimpleTable": r"{connector}\w*",
    "AWS::Serverless::Application": r"{connector}\w*",
}
# The properties SAM lets a template refer to as ``<Id>.<Property>`` (docs: "Referencing
# generated CloudFormation resources"): a function's alias, version and on-success or
# on-failure destination, an API's stage, deployment, domain name and usage plan.
_SAM_REFERABLE = frozenset(
    {
        "Alias",
        "Version",
        "DestinationTopic",
        "DestinationQueue",
        "Stage",
        "Deployment",
        "DomainName",
        "UsagePlan",
        "UsagePlanKey",
        "ApiKey",
    }
)
# Names SAM generates whatever the ids: the implicit APIs, their deployments and
# stages, the CodeDeploy application and role of deployment preferences.
_SAM_FIXED = re.compile(
    r"Serverless(?:RestApi(?:Deployment\w+|\w*Stage)?|HttpApi(?:\w*Stage)?"
    r"|DeploymentApplication)|CodeDeployServiceRole"
)


def _sam_suffixes(body: Any) -> re.Pattern[str] | None:
    """What SAM may append to this resource's id (None: anything)."""
    rtype = str(body.get("Type")) if isinstance(body, dict) else ""
    pattern = _SAM_SUFFIXES.get(rtype)
    if pattern is None and not rtype.startswith("AWS::Serverless::"):
        pattern = r"{connector}\w*"  # another resource's embedded connectors
    if pattern is None:
        return None
    props = _mapping(body.get("Properties"))
    events = "|".join(re.escape(str(e)) for e in _mapping(props.get("Events"))) or "(?!)"
    connectors = "|".join(re.escape(str(c)) for c in _mapping(body.get("Connectors"))) or "(?!)"
    return re.compile(
        pattern.replace("{event}", f"(?:{events})").replace("{connector}", f"(?:{connectors})")
    )


class _SamNames:
    """The names SAM generates from a template's serverless resources."""

    def __init__(self, resources: MDict) -> None:
        named = {n: b for n, b in resources.items() if _serverless(b) or _has_connectors(b)}
        self._bodies = named
        self._prefixes = _Prefixes(named)
        self._suffixes: dict[str, re.Pattern[str] | None] = {}

    def generated(self, target: str) -> bool:
        base, dot, attribute = target.partition(".")
        if dot:  # a referable property: ``!Ref MyApi.Stage``, ``!Ref Fn.DestinationTopic``
            known = base in self._bodies or _SAM_FIXED.fullmatch(base) is not None
            return known and attribute in _SAM_REFERABLE
        if _SAM_FIXED.fullmatch(target):
            return True
        for name in self._prefixes.starting(target):
            if name not in self._suffixes:
                self._suffixes[name] = _sam_suffixes(self._bodies[name])
            pattern = self._suffixes[name]
            if pattern is None or pattern.fullmatch(target[len(name) :]):
                return True
        return False


@dataclass(frozen=True)
class _Defined:
    """What a reference may name: resources, parameters, pseudo parameters, SAM output."""

    resources: set[str]
    parameters: set[str]
    # The names SAM derives from serverless resources and embedded connectors;
    # None outside SAM.
    serverless: _SamNames | None

    def problem(self, ref: Found) -> str | None:
        """Why ``ref`` names nothing deployable, or None when it is fine."""
        target, resource_only = ref[0], ref[1]
        if target in self.resources:
            return None
        if not resource_only and (target in self.parameters or target in PSEUDO_PARAMETERS):
            return None
        if self.serverless is not None and self._generated(target):
            return None
        kind = "a resource" if resource_only else "a resource or parameter"
        return f"{target} is not {kind} of this template; {_REJECTS}"

    def _generated(self, target: str) -> bool:
        """A name SAM generates (``FnRole``, ``FnAliaslive``, ``ServerlessRestApi``...)."""
        assert self.serverless is not None
        return self.serverless.generated(target)


def _cycles(resources: MDict, edges: dict[str, list[str]]) -> list[LoadProblem]:
    """One problem per strongly connected component that forms a cycle."""
    graph = {
        name: list(dict.fromkeys(t for t in targets if t in edges))
        for name, targets in edges.items()
    }
    order = {name: index for index, name in enumerate(resources)}
    problems = []
    for component in strongly_connected(graph):
        first = min(component, key=order.__getitem__)
        if len(component) == 1 and first not in graph[first]:
            continue
        path = " → ".join(cycle_through(graph, first, avoid_self_loop=len(component) > 1))
        problems.append(
            LoadProblem(
                f"circular dependency between resources: {path}; {_REJECTS}",
                resources.key_span(first),
                "cycle:" + ",".join(sorted(component)),
            )
        )
    return problems
