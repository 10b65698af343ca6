"""A plan's findings mapped back to the configuration it was planned from.

A ``terraform show -json`` plan is one long line; a finding at its line 1 tells a
user little. When the configuration is at hand (the plan's directory, or the
``plan-source`` setting), it is loaded as a module (modules followed as for
linting HCL), and each planned resource instance's body keeps the plan's values
but takes the spans of the configuration: the attribute that sets a value (or,
for a value a module's caller passes, the caller's argument), a list's items and
a map's keys where the configuration writes them, generated ``dynamic`` blocks
where their content is written. A value the configuration does not write (a
provider default the plan spells out) points at the resource's name.
"""

from __future__ import annotations

import re
from typing import Any

from lambda_lint.loaders.terraform.dynamic import blocks
from lambda_lint.loaders.terraform.module import (
    Declaration,
    ModuleFiles,
    load_declarations,
)
from lambda_lint.loaders.terraform.values import TerraformResolver
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span

_INDEX = re.compile(r"\[[^\[\]]*\]")
_LAST_INDEX = re.compile(r"\[[^\[\]]*\]$")


class PlanSource:
    """The configuration's declarations by address, to map planned instances onto."""

    def __init__(self, config: ModuleFiles) -> None:
        self.declarations, self.root = load_declarations(config)
        self.by_base: dict[str, Declaration] = {}
        for address, declaration in self.declarations.items():
            self.by_base.setdefault(_INDEX.sub("", address), declaration)

    def find(self, address: str) -> Declaration | None:
        """The declaration a planned instance comes from (``[0]``/``["a"]`` of a resource
        or of a module call need not have been expanded in the configuration)."""
        return (
            self.declarations.get(address)
            or self.declarations.get(_LAST_INDEX.sub("", address))
            or self.by_base.get(_INDEX.sub("", address))
        )

    def mapped(self, body: MDict, declaration: Declaration) -> MDict:
        """``body`` (from the plan) with the spans of ``declaration`` (from the source)."""
        resolver = declaration.resolver or self.root
        return _respan(body, declaration.body, resolver, declaration.span)


def _respan(planned: MDict, written: MDict, r: TerraformResolver, at: Span) -> MDict:
    out = MDict(written.span)
    for key, value in planned.items():
        generated = blocks(written, key, r) if isinstance(value, MList) else []
        if generated or (isinstance(value, MList) and value and isinstance(value[0], MDict)):
            out[key] = _blocks(value, generated, r, at)
            out.key_spans[key] = written.key_span(key) if key in written else at
            out.value_spans[key] = written.value_span(key) if key in written else at
            continue
        if key not in written or key == "dynamic":
            out[key] = _everywhere(value, at)
            out.key_spans[key] = out.value_spans[key] = at
            continue
        raw = written[key]
        evaluated = r.evaluate(raw)
        span = evaluated.span or written.value_span(key)
        shape = evaluated.value if isinstance(evaluated.value, (MDict, MList)) else raw
        out[key] = _value(value, shape, span)
        out.key_spans[key] = written.key_span(key)
        out.value_spans[key] = span
    return out


def _blocks(
    planned: MList, generated: list[tuple[MDict, TerraformResolver]], r: TerraformResolver, at: Span
) -> MList:
    """Nested blocks, the i-th planned one onto the i-th written or generated one."""
    out = MList(planned.span)
    for index, block in enumerate(planned):
        if isinstance(block, MDict) and index < len(generated):
            written, resolver = generated[index]
            out.append(_respan(block, written, resolver, written.span))
            out.item_spans.append(written.span)
        else:
            out.append(_everywhere(block, at))
            out.item_spans.append(at)
    return out


def _value(planned: Any, written: Any, span: Span) -> Any:
    """A list's items and a map's keys where ``written`` has them, else at ``span``."""
    if isinstance(planned, MList):
        out = MList(span)
        same = isinstance(written, MList) and len(written) == len(planned)
        for index, item in enumerate(planned):
            item_span = written.item_span(index) if same else span
            out.append(_value(item, written[index] if same else None, item_span))
            out.item_spans.append(item_span)
        return out
    if isinstance(planned, MDict):
        out_map = MDict(span)
        for key, item in planned.items():
            known = isinstance(written, MDict) and key in written
            item_span = written.value_span(key) if known else span
            out_map[key] = _value(item, written[key] if known else None, item_span)
            out_map.key_spans[key] = written.key_span(key) if known else span
            out_map.value_spans[key] = written.value_span(key) if known else span
        return out_map
    return planned


def _everywhere(planned: Any, at: Span) -> Any:
    """A value the configuration does not write: every part of it at ``at``."""
    return _value(planned, None, at)
