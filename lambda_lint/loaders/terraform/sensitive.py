"""Which values Terraform marks sensitive, as spans a report must never show.

``terraform show -json`` writes sensitive values in clear and marks them beside
them: ``sensitive_values`` (planned values, prior state), ``after_sensitive`` /
``before_sensitive`` (resource and output changes), ``"sensitive": true``
(outputs, and variables in the configuration). A module marks a variable
``"sensitive": true``; its default and any tfvars value for it are then secret.
A mark of ``true`` covers the whole value under it, a map or list of marks the
matching parts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import partial
from typing import Any

from lambda_lint.parsing import MDict, MList
from lambda_lint.redaction import Sensitive
from lambda_lint.span import Span

# A number shorter than this is not redacted from messages: "1" would garble every
# count in them, and its span is still redacted in source snippets.
_MIN_NUMBER_TEXT = 3


def marked(value: Any, mark: Any, span: Span | Callable[[], Span]) -> Iterator[Sensitive]:
    """The secrets of ``value`` (written at ``span``) under ``mark``, without recursion.

    A span is computed only for a secret: most values a plan marks are not, and
    reading every span of ``resource_changes`` would cost a large plan its memory.
    """
    stack: list[tuple[Any, Any, Span | Callable[[], Span]]] = [(value, mark, span)]
    while stack:
        node, flag, where = stack.pop()
        if flag is True:
            yield from secret(node, where if isinstance(where, Span) else where())
        elif isinstance(flag, MDict) and isinstance(node, MDict):
            for key, inner in flag.items():
                if key in node:
                    stack.append((node[key], inner, partial(node.value_span, key)))
        elif isinstance(flag, MList) and isinstance(node, MList):
            for index, inner in enumerate(flag[: len(node)]):
                stack.append((node[index], inner, partial(node.item_span, index)))


def secret(value: Any, span: Span) -> Iterator[Sensitive]:
    """``value`` is secret as a whole: its span, and every text inside it for messages."""
    yield Sensitive(span, _text(value) if not isinstance(value, (dict, list)) else "")
    stack = [value] if isinstance(value, (dict, list)) else []
    while stack:
        node = stack.pop()
        items = list(node.items()) if isinstance(node, dict) else [(None, v) for v in node]
        for key, inner in items:
            if key is not None:
                yield Sensitive(span, key)
            if isinstance(inner, (dict, list)):
                stack.append(inner)
            else:
                yield Sensitive(span, _text(inner))


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(value) if not isinstance(value, int) or value.bit_length() < 64 else ""
        return text if len(text) >= _MIN_NUMBER_TEXT else ""
    return ""


def in_plan(root: MDict) -> Iterator[Sensitive]:
    """Every value a ``terraform show -json`` document marks sensitive."""
    for section in ("planned_values", "values"):
        yield from _module_values(root.get(section))
    prior = root.get("prior_state")
    if isinstance(prior, MDict):
        yield from _module_values(prior.get("values"))
    for change_list in ("resource_changes", "resource_drift"):
        changes = root.get(change_list)
        for change in changes if isinstance(changes, MList) else ():
            if isinstance(change, MDict):
                yield from _change(change.get("change"))
    outputs = root.get("output_changes")
    if isinstance(outputs, MDict):
        for name in outputs:
            yield from _change(outputs[name])
    yield from _plan_variables(root)


def _module_values(values: Any) -> Iterator[Sensitive]:
    if not isinstance(values, MDict):
        return
    outputs = values.get("outputs")
    if isinstance(outputs, MDict):
        for output in outputs.values():
            if isinstance(output, MDict) and output.get("sensitive") is True and "value" in output:
                yield from secret(output["value"], output.value_span("value"))
    modules = [values.get("root_module")]
    while modules:
        module = modules.pop()
        if not isinstance(module, MDict):
            continue
        resources = module.get("resources")
        for resource in resources if isinstance(resources, MList) else ():
            if isinstance(resource, MDict) and "values" in resource:
                mark = resource.get("sensitive_values")
                where = partial(resource.value_span, "values")
                yield from marked(resource["values"], mark, where)
        children = module.get("child_modules")
        if isinstance(children, MList):
            modules.extend(children)


def _change(change: Any) -> Iterator[Sensitive]:
    if not isinstance(change, MDict):
        return
    for key in ("before", "after"):
        if key in change:
            where = partial(change.value_span, key)
            yield from marked(change[key], change.get(f"{key}_sensitive"), where)


def _plan_variables(root: MDict) -> Iterator[Sensitive]:
    """Root module variables the configuration declares sensitive (written in clear)."""
    config = root.get("configuration")
    module = config.get("root_module") if isinstance(config, MDict) else None
    declared = module.get("variables") if isinstance(module, MDict) else None
    values = root.get("variables")
    if not (isinstance(declared, MDict) and isinstance(values, MDict)):
        return
    for name, declaration in declared.items():
        if isinstance(declaration, MDict) and declaration.get("sensitive") is True:
            entry = values.get(name)
            if isinstance(entry, MDict) and "value" in entry:
                yield from secret(entry["value"], entry.value_span("value"))


def in_module(variables: Mapping[str, Any], tfvars: Mapping[str, Any]) -> Iterator[Sensitive]:
    """The defaults and tfvars values of the variables a module declares sensitive."""
    secrets = {
        name
        for name, body in variables.items()
        if isinstance(body, MDict) and body.get("sensitive") is True
    }
    for name in secrets:
        body = variables[name]
        if "default" in body:
            yield from secret(body["default"], body.value_span("default"))
    for root in tfvars.values():
        if isinstance(root, MDict):
            for name in secrets & set(root):
                yield from secret(root[name], root.value_span(name))
