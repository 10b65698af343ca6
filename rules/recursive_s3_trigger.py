"""LL703: a function triggered by a bucket it may write to, without a prefix or suffix filter."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import (
    OBJECT_WRITE_ACTIONS,
    BucketObjects,
    BucketTrigger,
    EntityKind,
    EntityRef,
    Field,
    Permissions,
    Span,
    Stack,
    allowing,
    creates_objects,
    filtered,
    may,
    role_permissions,
)
from lambda_lint.rule import Rule, Severity, Violation


def _objects(stack: Stack, bucket: Field) -> tuple[BucketObjects, str] | None:
    """The objects of the bucket a trigger names, and how messages name it."""
    value = bucket.value
    if isinstance(value, EntityRef) and value.kind is EntityKind.BUCKET:
        found = stack.buckets.get(value.id)
        name = found.name.value if found is not None else None
        return BucketObjects(value, name if isinstance(name, str) else None), value.id
    if isinstance(value, str) and value:
        for other in stack.buckets.values():
            if other.name.value == value:
                return BucketObjects(EntityRef(EntityKind.BUCKET, other.id), value), value
        return BucketObjects(None, value), value
    return None


def _on_created(trigger: BucketTrigger) -> bool:
    """Whether some event of the trigger is certainly an object-created event."""
    if not isinstance(trigger.events.value, tuple):
        return False
    return any(
        creates_objects(candidate.value) is True
        for item in trigger.events.value
        if isinstance(item, Field)
        for candidate in item.candidates()
    )


def _write(permissions: Permissions, objects: BucketObjects) -> tuple[str, Span | None] | None:
    """The first object-writing action the role certainly may do there, and where it is
    allowed."""
    for action in OBJECT_WRITE_ACTIONS:
        if may(permissions, action, objects) is True:
            return action, allowing(permissions, action, objects)
    return None


def _where(allowed: Span | None, trigger: Span) -> str:
    if allowed is None:
        return ""
    place = f" of {allowed.path}" if allowed.path and allowed.path != trigger.path else ""
    return f" at line {allowed.line}{place}"


class RecursiveS3Trigger(Rule):
    """A function invoked by a bucket's object-created events may write objects to that bucket.

    ## What it does
    For each notification from an S3 bucket to a function (CloudFormation
    `NotificationConfiguration.LambdaConfigurations` of an `AWS::S3::Bucket`, a SAM
    event of `Type: S3`, Terraform `aws_s3_bucket_notification` `lambda_function`
    blocks, Serverless Framework `s3` events, `existing: true` included) for an
    object-created event type (`s3:ObjectCreated:*`, `s3:ObjectCreated:Put`...) with no
    key filter, evaluates the function's execution role: may it do `s3:PutObject`,
    `s3:CopyObject`, `s3:RestoreObject` or `s3:CompleteMultipartUpload` on every object
    of that bucket (`*`, `arn:aws:s3:::bucket/*`, `${Bucket.Arn}/*`, SAM's
    `S3CrudPolicy` and `S3WritePolicy`)? Reports the notification when it certainly
    may, naming the statement that allows it. A trigger with a prefix or suffix filter,
    object-removed events, a role that may write only to other buckets or only to some
    keys (`bucket/out/*`), and a grant with a `Condition` or a resource that does not
    resolve (unknown) are not reported.

    ## Why is this bad?
    Every object the function writes to the bucket is an object-created event that
    invokes the function again: one upload becomes an unbounded loop of invocations and
    writes, billed until someone stops it. Lambda's recursive loop detection covers S3
    and stops such a loop by default, but only after about 16 invocations for each
    object that started it, only for functions that call S3 through a supported AWS SDK,
    and not at all when the function sets `RecursiveLoop: Allow`.

    ## Example
    ```yaml
    Uploads:
      Type: AWS::S3::Bucket
      Properties:
        NotificationConfiguration:
          LambdaConfigurations:
            - Event: s3:ObjectCreated:*
              Function: !GetAtt Resize.Arn   # its role may s3:PutObject on Uploads/*
    ```

    ## Use instead
    ```yaml
            - Event: s3:ObjectCreated:*
              Function: !GetAtt Resize.Arn
              Filter:
                S3Key:
                  Rules: [{Name: prefix, Value: incoming/}]   # it writes to resized/
    ```

    ## References
    - docs/aws-facts.md#s3-notifications-and-recursion
    - https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html
    - https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html
    """

    code = "LL703"
    name = "recursive-s3-trigger"
    message = (
        "function {function} is invoked by object-created events of bucket {bucket} with "
        "no prefix or suffix filter, and its execution role {role} may write objects there "
        "({action} allowed{where}): every object it writes invokes it again; filter the "
        "trigger to keys the function never writes, or write to another bucket "
        "(recursive loop detection stops an S3 loop only after about 16 invocations, and "
        "never with RecursiveLoop: Allow)"
    )
    severity = Severity.WARNING
    help_url = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html"

    def check(self, stack: Stack) -> Iterator[Violation]:
        for trigger in stack.bucket_triggers:
            fn = stack.functions.get(trigger.function)
            if fn is None or filtered(trigger) is not False or not _on_created(trigger):
                continue
            permissions = role_permissions(stack.permissions, fn.role)
            if permissions is None:
                continue
            for bucket in trigger.bucket.candidates():
                found = _objects(stack, bucket)
                if found is None:
                    continue
                objects, label = found
                if objects.bucket is not None and not stack.coexist(fn.id, objects.bucket.id):
                    continue
                write = _write(permissions, objects)
                if write is None:
                    continue
                action, allowed = write
                yield self.violation(
                    fn.id,
                    trigger.span,
                    f"writes-to-trigger:{label}",
                    function=fn.id,
                    bucket=label,
                    role=permissions.role,
                    action=action,
                    where=_where(allowed, trigger.span),
                )
                break
