"""LL131: function code plus all its layers over 250 MB unzipped."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from lambda_lint.model import EntityRef, Field, Function, Stack
from lambda_lint.rule import Rule, Severity, Violation, size_text

# 250 MB unzipped, all layers included: docs/aws-facts.md#unzipped-size-with-layers
MAXIMUM = 262_144_000


class PackageUnzippedTooLarge(Rule):
    """A function's code and layers together exceed 250 MB unzipped.

    ## What it does
    Adds up the unzipped size of a function's local code (a directory, a zip's
    declared sizes, or the `.aws-sam/build/<LogicalId>` directory `sam build`
    made, which holds the installed dependencies) and of every layer defined
    with local content in the same template or module, and reports the
    function when the sum is over 262,144,000 bytes. The message lists each
    part. Layers and code in S3 or given by ARN have unknown sizes: they are
    never guessed, and the message says how many were not counted. A zip whose
    declared sizes cannot be true (a zip bomb) is reported here too, on the
    function or layer it belongs to, since nothing can vouch for its size.

    ## Why is this bad?
    Lambda rejects the deployment with "Unzipped size must be smaller than
    262144000 bytes" (the threshold it quotes is 250 MB minus the layers). The
    error appears only at deploy time, often after a dependency update.

    ## Example
    ```yaml
    Api:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: api/          # 180 MB with its dependencies
        Layers: [!Ref Deps]    # ContentUri: layers/deps/, 90 MB
    ```

    ## Use instead
    Trim dependencies (dev packages, tests, caches), split the function, or
    deploy it as a container image (up to 10 GB).

    ## References
    - docs/aws-facts.md#unzipped-size-with-layers
    - https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
    """

    code = "LL131"
    name = "package-unzipped-too-large"
    messages: ClassVar[Mapping[str, str]] = {
        "too-large": (
            "code and layers are {total} unzipped ({parts}); a function and all its layers "
            "may be at most 262,144,000 bytes (250 MB) unzipped"
        ),
        "too-large-partly-unknown": (
            "code and layers are at least {total} unzipped ({parts}); a function and all its "
            "layers may be at most 262,144,000 bytes (250 MB) unzipped; not counted: {unknown} "
            "of unknown size"
        ),
        "unmeasurable": "{path} cannot be measured: {problem}",
    }
    severity = Severity.ERROR
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for owner, package in stack.packages.items():
            if package.problem and package.exists:
                code = stack.functions[owner].code if owner in stack.functions else None
                layer = stack.layers.get(owner)
                where = code or (layer.content if layer is not None else None)
                if where is not None:
                    yield self.violation(
                        owner,
                        where.location,
                        f"untrusted:{package.shown}",
                        template="unmeasurable",
                        path=package.shown,
                        problem=package.problem,
                    )
        for fn in stack.functions.values():
            worst = max(
                (_parts(stack, fn, layers) for layers in fn.layers.candidates()),
                key=lambda found: sum(size for _, size in found[0]),
            )
            parts, unknown = worst
            total = sum(size for _, size in parts)
            if total <= MAXIMUM:
                continue
            listed = " + ".join(f"{label}: {size_text(size)}" for label, size in parts)
            at = fn.code.location if fn.code is not None and fn.id in stack.packages else fn.layers
            yield self.violation(
                fn.id,
                at,
                "unzipped",
                template="too-large-partly-unknown" if unknown else "too-large",
                total=size_text(total),
                parts=listed,
                unknown=" and ".join(unknown),
            )


def _parts(stack: Stack, fn: Function, layers: Field) -> tuple[list[tuple[str, int]], list[str]]:
    """The measured parts of ``fn`` with ``layers`` (one Choice candidate), and the unknown ones."""
    parts: list[tuple[str, int]] = []
    unknown: list[str] = []
    own = stack.packages.get(fn.id)
    if own is not None and own.unzipped is not None and not own.problem:
        parts.append((f"code {own.shown}", own.unzipped))
    elif fn.code is None or not fn.code.inline:
        unknown.append("the code")
    unknown_layers = 0
    items = layers.value if isinstance(layers.value, tuple) else ()
    for item in items:
        if item.is_missing:
            continue
        ref = item.value
        package = stack.packages.get(ref.id) if isinstance(ref, EntityRef) else None
        if package is not None and package.unzipped is not None and not package.problem:
            parts.append((f"layer {ref.id} ({package.shown})", package.unzipped))
        else:
            unknown_layers += 1
    if unknown_layers:
        unknown.append(f"{unknown_layers} layer{'s' if unknown_layers > 1 else ''}")
    return parts, unknown
