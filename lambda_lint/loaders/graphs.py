"""Dependency graphs: strongly connected components and a shortest cycle, without recursion.

CloudFormation resources and Terraform locals both form graphs that their tools
reject when circular. Templates may chain thousands of nodes, so nothing here
recurses once per node.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence


def strongly_connected(graph: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """The strongly connected components of ``graph`` (Tarjan's algorithm, iteratively).

    Every edge target must be a node of ``graph``. A component comes after every
    component it has edges to, so evaluating them in this order meets every
    dependency before its dependents.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(graph[root]))]
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(graph[target])))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(component)
    return components


def cycle_through(
    graph: Mapping[str, Sequence[str]], start: str, avoid_self_loop: bool = False
) -> tuple[str, ...]:
    """A shortest path from ``start`` back to itself (``start`` lies on a cycle).

    ``avoid_self_loop``: when ``start`` also refers to itself, show a cycle through
    the other members of its component (the one a reader needs to untangle).
    """
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target in graph[node]:
            if target == start and not (avoid_self_loop and node == start):
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return (*reversed(path), start)
            if target not in previous and target != start:
                previous[target] = node
                queue.append(target)
    return (start, start)
