"""References between a template's resources: undefined targets and dependency cycles.

CloudFormation rejects a template that refers to a logical ID it does not define
("Unresolved resource dependencies") or whose resources depend on each other in
a circle ("Circular dependency between resources"); cfn-lint reports the same as
E1012/E3004. Both are found here in one pass over the references (``Ref``,
``Fn::GetAtt``, ``Fn::Sub`` variables, ``DependsOn``) and one iterative Tarjan
pass over the resource graph, linear in the size of the template.

A SAM template is checked as written, which its transform changes: names that SAM
generates (``MyFunctionRole``, ``ServerlessRestApi``...) count as defined, and the
``Events`` and ``DeploymentPreference`` of a serverless resource add no edge, as
SAM moves them into resources of their own. A template with any other transform
(a macro, ``AWS::LanguageExtensions``, ``Fn::Transform``) is not checked: what it
deploys is not what is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lambda_lint.loaders.cfn_shape import SAM_TRANSFORM, transforms
from lambda_lint.loaders.problems import LoadProblem
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span

# AWS-FACTS.md cites the CloudFormation pseudo parameters reference.
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
_SUB_VARIABLE = re.compile(r"\$\{([^}!][^}]*)\}")
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


@dataclass(frozen=True, slots=True)
class Reference:
    """One reference as written: its target, where it is, and how it was spelled."""

    target: str
    span: Span
    spelling: str
    resource_only: bool  # GetAtt, dotted Sub variables and DependsOn name resources only


def graph_problems(template: MDict) -> list[LoadProblem]:
    """Undefined references and dependency cycles among the template's resources."""
    resources = template.get("Resources")
    names = transforms(template)
    if not isinstance(resources, MDict) or names is None or set(names) - {SAM_TRANSFORM}:
        return []
    # A SAM resource without the transform header is still read as SAM (as the loaders do).
    sam = SAM_TRANSFORM in names or any(_serverless(body) for body in resources.values())
    found: dict[str, list[Reference]] = {}  # every reference, by the resource it is in
    edges: dict[str, list[str]] = {}  # the resources each resource depends on
    for name, body in resources.items():
        if isinstance(body, MDict):
            found[name] = [*_within(body, _REFERRING_ATTRIBUTES), *_depends_on(body)]
            edges[name] = [ref.target for ref in _dependencies(body, found[name], sam)]
    outputs = template.get("Outputs")
    output_refs = list(references_in(outputs))
    if any(name.startswith("Fn::") for name in resources) or any(
        ref.spelling == _MACRO for refs in (*found.values(), output_refs) for ref in refs
    ):
        return []
    parameters = template.get("Parameters")
    defined = _Defined(
        set(resources) | (_named_by_sam(resources) if sam else set()),
        set(parameters) if isinstance(parameters, dict) else set(),
        [n for n, b in resources.items() if _serverless(b) or _has_connectors(b)] if sam else None,
    )
    problems = [
        LoadProblem(message, ref.span)
        for refs in (*found.values(), output_refs)
        for ref in refs
        if (message := defined.problem(ref)) is not None
    ]
    problems += _cycles(resources, edges)
    return problems


def references_in(node: Any) -> Iterator[Reference]:
    """Every reference inside ``node``, in document order, at its intrinsic's span."""
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, MDict):
            if len(item) == 1:
                key, arg = next(iter(item.items()))
                if key in ("Ref", "Fn::GetAtt", "Fn::Sub"):
                    yield from _intrinsic(key, arg, item.span)
                elif key == _MACRO:
                    yield Reference("", item.span, _MACRO, False)
            stack.extend(reversed(item.values()))
        elif isinstance(item, MList):
            stack.extend(reversed(item))


def _intrinsic(key: str, arg: Any, span: Span) -> Iterator[Reference]:
    if key == "Ref":
        if isinstance(arg, str):
            yield Reference(_sam_base(arg), span, f"!Ref {arg}", False)
    elif key == "Fn::GetAtt":
        if isinstance(arg, list) and arg and isinstance(arg[0], str):
            spelled = ".".join(str(part) for part in arg)
            yield Reference(_sam_base(arg[0]), span, f"!GetAtt {spelled}", True)
        elif isinstance(arg, str):
            yield Reference(arg.split(".", 1)[0], span, f"!GetAtt {arg}", True)
    else:
        text, variables = arg, {}
        if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], dict):
            text, variables = arg
        if isinstance(text, str):
            for match in _SUB_VARIABLE.finditer(text):
                variable = match.group(1).strip()
                if variable not in variables:
                    target, dot, _ = variable.partition(".")
                    yield Reference(target, span, f"!Sub ${{{variable}}}", bool(dot))


def _sam_base(name: str) -> str:
    """SAM's ``Fn.Alias`` / ``Fn.Version`` name a function's generated alias or version."""
    base, _, suffix = name.rpartition(".")
    return base if base and suffix in ("Alias", "Version") else name


def _depends_on(body: MDict) -> list[Reference]:
    value = body.get("DependsOn")
    if isinstance(value, str):
        return [Reference(value, body.value_span("DependsOn"), f"DependsOn {value}", True)]
    if isinstance(value, MList):
        return [
            Reference(item, value.item_span(i), f"DependsOn {item}", True)
            for i, item in enumerate(value)
            if isinstance(item, str)
        ]
    return []


def _named_by_sam(resources: MDict) -> set[str]:
    """Resources SAM creates under a name the template chooses (an event's DLQ)."""
    names = set()
    for body in resources.values():
        if _serverless(body):
            stack = [body.get("Properties")]
            while stack:
                node = stack.pop()
                if isinstance(node, dict):
                    if isinstance(node.get("QueueLogicalId"), str):
                        names.add(node["QueueLogicalId"])
                    stack.extend(node.values())
                elif isinstance(node, list):
                    stack.extend(node)
    return names


def _has_connectors(body: Any) -> bool:
    """SAM embedded connectors: SAM names their resources after the resource and connector."""
    return isinstance(body, dict) and "Connectors" in body


def _serverless(body: Any) -> bool:
    return isinstance(body, dict) and str(body.get("Type", "")).startswith("AWS::Serverless::")


def _within(container: MDict, keys: frozenset[str]) -> Iterator[Reference]:
    """The references inside ``container[key]`` for each of ``keys`` present."""
    for key, value in container.items():
        if key in keys:
            yield from references_in(value)


def _dependencies(body: MDict, found: list[Reference], sam: bool) -> list[Reference]:
    """The references that make the deployed resource wait for another one.

    An unknown attribute (often a resource indented one level too deep) was never
    read, so it adds none; a SAM resource adds only what stays on its function.
    """
    if not (sam and _serverless(body)):
        return found
    kept = _depends_on(body)
    props = body.get("Properties")
    if body.get("Type") == "AWS::Serverless::Function" and isinstance(props, MDict):
        kept += _within(props, _SAM_FUNCTION_OWN)
    return kept


@dataclass(frozen=True)
class _Defined:
    """What a reference may name: resources, parameters, pseudo parameters, SAM output."""

    resources: set[str]
    parameters: set[str]
    # Logical ids SAM derives names from (serverless resources, embedded connectors);
    # None outside SAM.
    serverless: list[str] | None

    def problem(self, ref: Reference) -> str | None:
        target = ref.target
        if target in self.resources:
            return None
        if not ref.resource_only and (target in self.parameters or target in PSEUDO_PARAMETERS):
            return None
        if self.serverless is not None and self._generated(target):
            return None
        kind = "a resource" if ref.resource_only else "a resource or parameter"
        return f"{ref.spelling}: {target} is not {kind} of this template; {_REJECTS}"

    def _generated(self, target: str) -> bool:
        """A name SAM derives from a serverless resource (``FnRole``) or its implicit APIs."""
        assert self.serverless is not None
        return target.startswith(("Serverless", "CodeDeployServiceRole")) or any(
            target.startswith(name) for name in self.serverless
        )


def _cycles(resources: MDict, edges: dict[str, list[str]]) -> list[LoadProblem]:
    """One problem per strongly connected component that forms a cycle."""
    graph = {
        name: list(dict.fromkeys(t for t in targets if t in edges))
        for name, targets in edges.items()
    }
    order = {name: index for index, name in enumerate(resources)}
    problems = []
    for component in _strongly_connected(graph):
        first = min(component, key=order.__getitem__)
        if len(component) == 1 and first not in graph[first]:
            continue
        path = " → ".join(_cycle_through(first, set(component), graph))
        problems.append(
            LoadProblem(
                f"circular dependency between resources: {path}; {_REJECTS}",
                resources.key_span(first),
            )
        )
    return problems


def _strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm without recursion (templates may chain thousands of resources)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            successors = graph[node]
            if position < len(successors):
                work.append((node, position + 1))
                successor = successors[position]
                if successor not in index:
                    work.append((successor, 0))
                elif successor in on_stack:
                    low[node] = min(low[node], index[successor])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components


def _cycle_through(first: str, members: set[str], graph: dict[str, list[str]]) -> list[str]:
    """The shortest cycle from ``first`` back to itself inside its component (BFS)."""
    previous: dict[str, str] = {}
    queue = [first]
    for node in queue:
        for successor in graph[node]:
            if successor == first and (node != first or len(members) == 1):
                path = [node]
                while path[-1] != first:
                    path.append(previous[path[-1]])
                return [*reversed(path), first]
            if successor in members and successor not in previous:
                previous[successor] = node
                queue.append(successor)
    return [first, first]
