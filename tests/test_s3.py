"""The S3 model: which policy resources name a bucket's objects, and which triggers filter."""

from __future__ import annotations

import pytest

from lambda_lint.model import (
    MISSING,
    BucketObjects,
    BucketTrigger,
    Choice,
    EntityKind,
    EntityRef,
    Field,
    ObjectPath,
    Unresolved,
    filtered,
    object_path,
    writes_objects,
)
from lambda_lint.span import Span

AT = Span(1, 1, 1, 2)
UPLOADS = EntityRef(EntityKind.BUCKET, "Uploads")
OTHER = EntityRef(EntityKind.BUCKET, "Other")
NAMED = BucketObjects(UPLOADS, "ll703-uploads")
UNNAMED = BucketObjects(UPLOADS, None)


@pytest.mark.parametrize(
    ("pattern", "objects", "expected"),
    [
        ("*", UNNAMED, True),
        ("arn:aws:s3:::*", UNNAMED, True),
        ("arn:aws:s3:::*/*", UNNAMED, True),
        ("arn:aws:s3:::ll703-uploads/*", NAMED, True),
        ("arn:*:s3:::ll703-uploads*", NAMED, True),
        ("arn:aws:s3:::ll703-uploads", NAMED, False),  # the bucket, no object
        ("arn:aws:s3:::other-bucket/*", NAMED, False),
        ("arn:aws:s3:::ll703-uploads/out/*", NAMED, None),  # some keys only
        ("arn:aws:s3:::ll703-uploads/report.csv", NAMED, None),
        ("arn:aws:s3:::ll703-uploads/*", UNNAMED, None),  # its name is made up at deploy
        ("arn:aws:sqs:us-east-1:123456789012:q", NAMED, False),
        ("arn:aws:s3:::${BucketParam}/*", NAMED, None),
        (UPLOADS, NAMED, False),  # !GetAtt Uploads.Arn: the bucket itself
        (ObjectPath(UPLOADS, "/*"), UNNAMED, True),
        (ObjectPath(UPLOADS, "/out/*"), UNNAMED, None),
        (ObjectPath(OTHER, "/*"), UNNAMED, False),
        (ObjectPath(UPLOADS, "/*"), BucketObjects(None, "some-bucket"), None),
        (Unresolved("!Sub ${X}/*"), NAMED, None),
    ],
)
def test_writes_objects(pattern: object, objects: BucketObjects, expected: bool | None) -> None:
    assert writes_objects(pattern, objects) is expected


def test_object_path_by_arn_and_by_name() -> None:
    assert object_path("", UPLOADS, True, "/*") == ObjectPath(UPLOADS, "/*")
    assert object_path("arn:aws:s3:::", UPLOADS, False, "/*") == ObjectPath(UPLOADS, "/*")
    assert object_path("arn:aws:s3:::", UPLOADS, False, "") == UPLOADS
    assert object_path("prefix-", UPLOADS, False, "/*") is None  # another bucket's name
    assert object_path("", UPLOADS, True, "-logs/*") is None
    assert object_path("", EntityRef(EntityKind.QUEUE, "Q"), True, "/*") is None


def _trigger(prefix: object = MISSING, suffix: object = MISSING) -> BucketTrigger:
    return BucketTrigger(
        "Fn", AT, Field(UPLOADS, AT), Field((), AT), Field(prefix, AT), Field(suffix, AT)
    )


def test_filtered() -> None:
    assert filtered(_trigger()) is False
    assert filtered(_trigger("")) is False  # an empty prefix selects every key
    assert filtered(_trigger("in/")) is True
    assert filtered(_trigger(suffix=".csv")) is True
    assert filtered(_trigger(Unresolved("!Ref Prefix"))) is None
    branches = Choice("C", (Field("in/", AT), Field(MISSING, AT)))
    assert filtered(_trigger(branches)) is None  # one branch has no filter
