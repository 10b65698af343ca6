"""LL132: more than five layers, or the same layer twice."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import EntityRef, Field, Origin, Stack, Unresolved
from lambda_lint.rule import Rule, Severity, Violation

MAXIMUM = 5  # docs/aws-facts.md#layers-per-function


def _label(layer: Field) -> str:
    value = layer.value
    if isinstance(value, EntityRef):
        return value.id
    if isinstance(value, Unresolved):
        return value.expr
    return str(value)


class TooManyLayers(Rule):
    """A function uses more than 5 layers, or lists a layer twice.

    ## What it does
    Counts a function's layers after SAM `Globals` lists are concatenated with
    the function's own (SAM puts the `Globals` layers first) and reports the
    sixth layer, and any layer listed a second time (the same ARN, the same
    `!Ref`, the same parameter).

    ## Why is this bad?
    CloudFormation's schema allows at most 5 layers and the Lambda API rejects a
    list with duplicates. With SAM the limit is easy to cross unseen: three
    layers in `Globals` plus three on a function make six after the transform.

    ## Example
    ```yaml
    Globals:
      Function:
        Layers: [!Ref Common, !Ref Powertools, !Ref Otel]
    Resources:
      Api:
        Type: AWS::Serverless::Function
        Properties:
          Layers: [!Ref Pandas, !Ref Numpy, !Ref Scipy]
    ```

    ## Use instead
    Merge related layers into one, or ship the dependencies in the package or a
    container image (which has no layer limit).

    ## References
    - docs/aws-facts.md#layers-per-function
    - docs/aws-facts.md#sam-globals-are-merged
    - https://docs.aws.amazon.com/lambda/latest/dg/adding-layers.html
    """

    code = "LL132"
    name = "too-many-layers"
    messages: ClassVar[Mapping[str, str]] = {
        "too-many": (
            "{count} layers{detail}; a function can use at most {maximum} layers "
            "(this is layer {layer})"
        ),
        "duplicate": (
            "layer {layer} is listed twice (first at line {first_line}); "
            "a function's layers must be unique"
        ),
    }
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/adding-layers.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for fn in stack.functions.values():
            reported: set[tuple[int, int]] = set()
            for layers in fn.layers.candidates():
                if not isinstance(layers.value, tuple):
                    continue
                present = [
                    item
                    for item in layers.value
                    if all(not c.is_missing for c in item.candidates())
                ]
                if len(present) > MAXIMUM and (layers.span.line, -1) not in reported:
                    reported.add((layers.span.line, -1))
                    detail = _inherited_detail(present)
                    yield self.violation(
                        fn.id,
                        present[MAXIMUM],
                        "layers",
                        template="too-many",
                        count=len(present),
                        detail=detail,
                        maximum=MAXIMUM,
                        layer=MAXIMUM + 1,
                    )
                seen: dict[str, Field] = {}
                for item in present:
                    if isinstance(item.value, (Unresolved, EntityRef)) or item.is_known:
                        key = item.identity()
                        first = seen.get(key)
                        if first is None:
                            seen[key] = item
                            continue
                        where = (item.span.line, item.span.column)
                        if where in reported:
                            continue
                        reported.add(where)
                        yield self.violation(
                            fn.id,
                            item,
                            f"layers:{key}",
                            template="duplicate",
                            layer=_label(item),
                            first_line=first.span.line,
                        )


def _inherited_detail(layers: list[Field]) -> str:
    """', N of them from <source>' per block the layers were inherited from, in order.

    The sources are the loader's names (SAM's ``Globals``), so the message names the
    block as the user wrote it without the rule knowing any format.
    """
    counts: dict[str, int] = {}
    for item in layers:
        if item.origin is Origin.INHERITED:
            counts[item.source] = counts.get(item.source, 0) + 1
    parts = [
        f"{count}{' of them' if index == 0 else ''} "
        + (f"from {source}" if source else "inherited")
        for index, (source, count) in enumerate(counts.items())
    ]
    return "".join(", " + part for part in parts)
