"""Where a CloudFormation, SAM or CDK function or layer keeps its code.

Only local code is modelled (docs/aws-facts.md#local-code-paths): a path that a
packaging step uploads to S3 (``aws cloudformation package`` rewrites
``Code``/``Content`` strings, ``sam deploy`` rewrites ``CodeUri``/``ContentUri``,
CDK uploads the ``aws:asset:path`` of ``cdk.out``) and inline code
(``Code.ZipFile``, SAM ``InlineCode``). S3 locations and values behind
intrinsics are unknown sizes and stay unmodelled.
"""

from __future__ import annotations

from typing import Any

from lambda_lint.loaders.cloudformation.values import Resolver, is_intrinsic
from lambda_lint.model import Code, Field, Upload
from lambda_lint.parsing import MDict

# The property a CDK asset replaces, per resource kind (``aws:asset:property``).
_CDK_ASSET_PROPERTY = {"function": "Code", "layer": "Content"}


def _local_path(value: Any) -> bool:
    """A literal path on disk, not an S3 URI or an intrinsic."""
    return isinstance(value, str) and bool(value.strip()) and not value.startswith("s3://")


def cdk_asset(body: MDict, kind: str) -> Code | None:
    """CDK synth output: ``Metadata: {aws:asset:path: asset.<hash>, aws:asset:property: Code}``.

    The path is relative to the template's directory (``cdk.out``) and wins over
    ``Code``, which CDK points at the S3 copy of the same asset.
    """
    metadata = body.get("Metadata")
    if not isinstance(metadata, MDict):
        return None
    path = metadata.get("aws:asset:path")
    if not _local_path(path) or metadata.get("aws:asset:property") != _CDK_ASSET_PROPERTY[kind]:
        return None
    return Code(Field(path, metadata.value_span("aws:asset:path")), Upload.S3)


def _path_or_inline(
    r: Resolver, props: MDict, path_key: str, inline: MDict | None, inline_key: str, name: str
) -> Code | None:
    if path_key in props and _local_path(props[path_key]):
        return Code(r.get(props, path_key, props.span), Upload.S3, build_id=name)
    if inline is not None and inline_key in inline:
        text = r.get(inline, inline_key, inline.span)
        return Code(text, Upload.DIRECT, inline=True)
    return None


def function_code(r: Resolver, body: MDict, props: MDict, name: str) -> Code | None:
    """``AWS::Lambda::Function``: CDK asset, ``Code: ./path`` or ``Code.ZipFile``."""
    asset = cdk_asset(body, "function")
    if asset is not None:
        return asset
    code = props.get("Code")
    inline = code if isinstance(code, MDict) and not is_intrinsic(code) else None
    return _path_or_inline(r, props, "Code", inline, "ZipFile", name)


def sam_function_code(r: Resolver, body: MDict, props: MDict, name: str) -> Code | None:
    """``AWS::Serverless::Function`` (Globals merged): ``CodeUri`` path or ``InlineCode``."""
    if props.get("PackageType") == "Image":
        return None
    asset = cdk_asset(body, "function")
    if asset is not None:
        return asset
    return _path_or_inline(r, props, "CodeUri", props, "InlineCode", name)


def layer_content(r: Resolver, body: MDict, props: MDict, name: str, sam: bool) -> Code | None:
    """A layer's ``Content`` (CloudFormation) or ``ContentUri`` (SAM) local path."""
    asset = cdk_asset(body, "layer")
    if asset is not None:
        return asset
    return _path_or_inline(r, props, "ContentUri" if sam else "Content", None, "", name)
