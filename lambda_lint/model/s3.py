"""S3 as the rules need it: buckets, the notifications that invoke functions, and which
policy resources name a bucket's objects.

A bucket notifies a function of the events it lists (``s3:ObjectCreated:*``,
``s3:ObjectRemoved:Delete``...) for the keys its filter selects: a key prefix and a key
suffix, each optional (docs/aws-facts.md#s3-notifications-and-recursion). A function
that writes objects into the bucket that invokes it, with no filter between the two,
invokes itself again for every object it writes. Loaders give each notification the
bucket, the function, the events and the filter; :func:`writes_objects` tells a policy
resource that names the bucket's objects (``arn:aws:s3:::bucket/*``) from one that
names the bucket itself or another bucket, for :func:`lambda_lint.model.may`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lambda_lint.model.values import EntityKind, EntityRef, Field
from lambda_lint.model.wildcards import wildcard_regex
from lambda_lint.span import Span

__all__ = [
    "OBJECT_WRITE_ACTIONS",
    "Bucket",
    "BucketObjects",
    "BucketTrigger",
    "ObjectPath",
    "creates_objects",
    "filtered",
    "object_path",
    "writes_objects",
]

# The S3 actions that create an object in a bucket, so that an object-created
# notification follows (docs/aws-facts.md#s3-notifications-and-recursion).
OBJECT_WRITE_ACTIONS = (
    "s3:PutObject",
    "s3:CopyObject",
    "s3:RestoreObject",
    "s3:CompleteMultipartUpload",
)

_S3_ARN = re.compile(r"arn:(?P<partition>[^:]*):s3:::(?P<rest>.*)", re.DOTALL)
_NAME_ARN_PREFIX = re.compile(r"arn:(?:aws|aws-cn|aws-us-gov|\*|[^:]*):s3:::")
# Two keys no policy written for some keys only would both match.
_PROBE_KEYS = ("\x00probe", "\x01other/\x02key")


@dataclass(frozen=True, slots=True)
class Bucket:
    """A bucket of the stack; ``name`` is its name as written (MISSING: AWS makes one up)."""

    id: str
    span: Span
    name: Field


@dataclass(frozen=True, slots=True)
class BucketTrigger:
    """One notification from a bucket to a function.

    ``bucket`` is the bucket as written (a reference to a bucket of the stack, or a
    name); ``events`` a tuple of event-type Fields, or unknown; ``prefix`` and ``suffix``
    the key filter's values (MISSING when the filter does not set them). ``span`` is the
    notification (the configuration entry, or the function's event).
    """

    function: str
    span: Span
    bucket: Field
    events: Field
    prefix: Field
    suffix: Field


@dataclass(frozen=True, slots=True)
class ObjectPath:
    """A policy resource that is a bucket's ARN followed by a key pattern
    (``${Bucket.Arn}/*``): ``path`` starts with ``/``."""

    bucket: EntityRef
    path: str

    def __str__(self) -> str:
        return f"<objects of {self.bucket.id}{self.path}>"


@dataclass(frozen=True, slots=True)
class BucketObjects:
    """The objects of one bucket, as the resource :func:`lambda_lint.model.may` asks
    about: ``bucket`` the bucket of the stack (if known), ``name`` its name (if known)."""

    bucket: EntityRef | None
    name: str | None


def object_path(before: str, ref: Any, by_arn: bool, after: str) -> Any:
    """What a resource written as ``before`` + a bucket + ``after`` names: the objects
    of the bucket (:class:`ObjectPath`), the bucket itself (the reference), or None when
    it is not spelled as an S3 ARN. ``by_arn``: the bucket is written by its ARN, else
    by its name."""
    if not (isinstance(ref, EntityRef) and ref.kind is EntityKind.BUCKET):
        return None
    if by_arn:
        if before:
            return None
    elif not _NAME_ARN_PREFIX.fullmatch(before):
        return None
    if not after:
        return ref
    return ObjectPath(ref, after) if after.startswith("/") else None


def writes_objects(pattern: Any, objects: BucketObjects) -> bool | None:
    """Whether a policy resource names every object of the bucket: True, False when it
    names none of them, None when it may name some or all (another spelling, an unknown
    name, a narrower key pattern such as ``uploads/*``)."""
    if isinstance(pattern, EntityRef):
        return False  # a bucket's ARN or name, or another entity: no object
    if isinstance(pattern, ObjectPath):
        if objects.bucket is not None and pattern.bucket != objects.bucket:
            return False
        if objects.bucket is None:
            return None
        return True if pattern.path == "/*" else None
    if not isinstance(pattern, str) or "${" in pattern:
        return None
    if pattern == "*":
        return True
    match = _S3_ARN.fullmatch(pattern)
    if match is None:
        parts = pattern.split(":")
        service = parts[2] if len(parts) > 2 else "*"
        return None if "*" in service or "?" in service else False
    rest = match.group("rest")
    wild = "*" in rest or "?" in rest
    if not wild and "/" not in rest:
        return False  # a bucket's ARN: no object
    name = objects.name if objects.name is not None else "\x03"
    regex = wildcard_regex(rest, True)
    if all(regex.fullmatch(f"{name}/{key}") for key in _PROBE_KEYS):
        return True if objects.name is not None or _wild_bucket(rest) else None
    if objects.name is None:
        return None
    literal = re.split(r"[*?]", rest, maxsplit=1)[0]
    prefix = f"{name}/"
    if literal.startswith(prefix) or (wild and prefix.startswith(literal)):
        return None  # some keys of the bucket only
    return False


def _wild_bucket(rest: str) -> bool:
    """Whether the bucket part of an ARN matches every bucket (``*/*``, ``*``)."""
    return rest.startswith("*")


def creates_objects(event: Any) -> bool | None:
    """Whether a notification event type fires when an object is created."""
    if not isinstance(event, str):
        return None
    return event.startswith("s3:ObjectCreated:")


def filtered(trigger: BucketTrigger) -> bool | None:
    """Whether the trigger's key filter narrows the keys (a non-empty prefix or suffix);
    None when a filter value is not known."""
    answers: set[bool | None] = set()
    for part in (trigger.prefix, trigger.suffix):
        for candidate in part.candidates():
            if candidate.is_missing:
                answers.add(False)
            elif isinstance(candidate.value, str):
                answers.add(candidate.value != "")
            else:
                answers.add(None)
    if True in answers:
        # A prefix or suffix in some branch only: the other branch may have none.
        return True if _every_branch_filters(trigger) else None
    return None if None in answers else False


def _every_branch_filters(trigger: BucketTrigger) -> bool:
    prefixes = [c.value for c in trigger.prefix.candidates()]
    suffixes = [c.value for c in trigger.suffix.candidates()]
    some = [isinstance(v, str) and v != "" for v in prefixes]
    other = [isinstance(v, str) and v != "" for v in suffixes]
    return all(some) or all(other)
