"""The IAM evaluator (``model/iam.py``): IAM's evaluation logic, and unknown where a part of
a policy cannot be judged, so that no rule reports what it cannot know."""

from __future__ import annotations

from typing import Any

import pytest

from lambda_lint.model import (
    EntityKind,
    EntityRef,
    Field,
    Permissions,
    Policy,
    Span,
    Unresolved,
    aws_managed_name,
    managed_policy,
    may,
    plain_statements,
)

AT = Span(1, 1, 1, 2)
QUEUE = EntityRef(EntityKind.QUEUE, "Queue")


def role(*statements: dict[str, Any], complete: bool = True) -> Permissions:
    found = plain_statements(list(statements), AT)
    assert found is not None
    return Permissions("Role", (Policy(AT, found),), complete)


@pytest.mark.parametrize(
    ("statement", "action", "resource", "expected"),
    [
        ({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}, "s3:PutObject", "*", True),
        ({"Effect": "Allow", "Action": "S3:put*", "Resource": "*"}, "s3:PutObject", "*", True),
        ({"Effect": "Allow", "Action": "s3:Get?bject", "Resource": "*"}, "s3:GetObject", "*", True),
        ({"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}, "s3:PutObject", "*", False),
        ({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}, "s3:PutObject", "*", True),
        ({"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}, "s3:PutObject", "*", False),
        (
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"},
            "s3:PutObject",
            "arn:aws:s3:::b/key",
            True,
        ),
        (
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"},
            "s3:PutObject",
            "arn:aws:s3:::other/key",
            False,
        ),
        (
            {"Effect": "Allow", "Action": "s3:PutObject", "NotResource": "arn:aws:s3:::b/*"},
            "s3:PutObject",
            "arn:aws:s3:::other/key",
            True,
        ),
        # A Condition decides per request: unknown, never a yes or a no.
        (
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {}}},
            "s3:PutObject",
            "*",
            None,
        ),
        # An ARN pattern of another service cannot name a queue; one of SQS may.
        (
            {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sns:*:*:t"},
            "sqs:SendMessage",
            QUEUE,
            False,
        ),
        (
            {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:*:*:q"},
            "sqs:SendMessage",
            QUEUE,
            None,
        ),
    ],
)
def test_one_statement(
    statement: dict[str, Any], action: str, resource: Any, expected: Any
) -> None:
    assert may(role(statement), action, resource) is expected


def test_deny_wins_over_allow() -> None:
    permissions = role(
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"},
    )
    assert may(permissions, "s3:DeleteObject") is False
    assert may(permissions, "s3:PutObject") is True


def test_a_conditional_deny_makes_an_allow_unknown() -> None:
    permissions = role(
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {}}},
    )
    assert may(permissions, "s3:PutObject") is None


def test_nothing_allowed_is_no_only_when_every_grant_is_visible() -> None:
    statement = {"Effect": "Allow", "Action": "logs:*", "Resource": "*"}
    assert may(role(statement), "ec2:CreateNetworkInterface") is False
    assert may(role(statement, complete=False), "ec2:CreateNetworkInterface") is None
    hidden = Permissions("Role", (Policy(AT, None),))
    assert may(hidden, "ec2:CreateNetworkInterface") is None
    assert may(None, "ec2:CreateNetworkInterface") is None


def test_unresolved_parts_are_unknown() -> None:
    statement = plain_statements([{"Effect": "Allow", "Action": "s3:PutObject"}], AT)
    assert statement is not None
    unknown_resource = statement[0].__class__(
        AT,
        Field("Allow", AT),
        Field((Field("s3:PutObject", AT),), AT),
        Field((Field(Unresolved("!Sub ${Bucket.Arn}/*"), AT),), AT),
    )
    permissions = Permissions("Role", (Policy(AT, (unknown_resource,)),))
    assert may(permissions, "s3:PutObject", "arn:aws:s3:::b/k") is None
    assert may(permissions, "s3:GetObject", "arn:aws:s3:::b/k") is False


def test_the_same_entity_is_matched_by_reference() -> None:
    statement = plain_statements([{"Effect": "Allow", "Action": "sqs:SendMessage"}], AT)
    assert statement is not None
    on_queue = statement[0].__class__(
        AT,
        Field("Allow", AT),
        Field((Field("sqs:SendMessage", AT),), AT),
        Field((Field(QUEUE, AT),), AT),
    )
    permissions = Permissions("Role", (Policy(AT, (on_queue,)),))
    assert may(permissions, "sqs:SendMessage", QUEUE) is True
    assert may(permissions, "sqs:SendMessage", EntityRef(EntityKind.QUEUE, "Other")) is False


def test_managed_policies_from_the_data_file() -> None:
    arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
    assert aws_managed_name(arn) == "AWSLambdaVPCAccessExecutionRole"
    assert aws_managed_name("arn:aws:iam::123456789012:policy/mine") == ""
    vpc = Permissions("Role", (managed_policy("AWSLambdaVPCAccessExecutionRole", AT),))
    assert may(vpc, "ec2:CreateNetworkInterface") is True
    assert may(vpc, "sqs:SendMessage", QUEUE) is False
    # Only some actions of this one are listed: the rest are unknown, not absent.
    sqs = Permissions("Role", (managed_policy("AWSLambdaSQSQueueExecutionRole", AT),))
    assert may(sqs, "sqs:ReceiveMessage", QUEUE) is True
    assert may(sqs, "logs:PutLogEvents") is None
    unknown = Permissions("Role", (managed_policy("AmazonS3FullAccess", AT),))
    assert may(unknown, "s3:PutObject") is None
