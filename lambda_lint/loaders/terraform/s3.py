"""``aws_s3_bucket`` and ``aws_s3_bucket_notification``: buckets and the notifications
that invoke functions (``model/s3.py``).

Each ``lambda_function`` block of a notification names the function
(``lambda_function_arn``), its ``events`` and an optional ``filter_prefix`` and
``filter_suffix``; the notification's ``bucket`` is the bucket's name or id.
"""

from __future__ import annotations

from lambda_lint.loaders.terraform.values import TerraformResolver, objects
from lambda_lint.model import Bucket, BucketTrigger, EntityKind, EntityRef
from lambda_lint.parsing import MDict
from lambda_lint.span import Span


def bucket(r: TerraformResolver, address: str, body: MDict, span: Span) -> Bucket:
    """A bucket with the name it is given (``bucket``; none: Terraform makes one up)."""
    return Bucket(address, span, r.get(body, "bucket", span))


def bucket_triggers(r: TerraformResolver, body: MDict, span: Span) -> list[BucketTrigger]:
    """The notification's ``lambda_function`` blocks that name a function of the module."""
    found: list[BucketTrigger] = []
    name = r.get(body, "bucket", span)
    for entry in objects(body.get("lambda_function")):
        target = r.get(entry, "lambda_function_arn", entry.span).value
        if not (isinstance(target, EntityRef) and target.kind is EntityKind.FUNCTION):
            continue
        found.append(
            BucketTrigger(
                target.id,
                entry.span,
                name,
                r.get_items(entry, "events", entry.span),
                r.get(entry, "filter_prefix", entry.span),
                r.get(entry, "filter_suffix", entry.span),
            )
        )
    return found
