"""What a Terraform module (or plan) grants each role: the loader half of ``model/iam.py``.

Grants are written on ``aws_iam_role`` (``inline_policy`` blocks, ``managed_policy_arns``),
as ``aws_iam_role_policy`` (a document for one role), ``aws_iam_role_policy_attachment`` and
``aws_iam_policy_attachment`` (a managed policy: an AWS one by ARN, or an
``aws_iam_policy`` of the module). A document is JSON text (a plan holds it rendered),
``jsonencode({...})`` or a ``data.aws_iam_policy_document``'s ``json``; anything else
(``file()``, a variable, a ``templatefile``) is an unknown policy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from lambda_lint.loaders.builder import EntityCollector
from lambda_lint.loaders.iam_documents import (
    Spelling,
    iam_json_document,
    json_document,
    read_statements,
)
from lambda_lint.loaders.terraform.expression_literal import jsonencode_argument
from lambda_lint.loaders.terraform.values import TerraformResolver, objects
from lambda_lint.model import (
    EntityKind,
    EntityRef,
    Field,
    Policy,
    Statement,
    Unresolved,
    aws_managed_name,
    managed_policy,
)
from lambda_lint.parsing import MDict
from lambda_lint.span import Span

_DOCUMENT_REFERENCE = re.compile(r"\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}")
_POLICY_REFERENCE = re.compile(r"\$\{(aws_iam_policy\.[\w-]+)\.(?:arn|id)\}")
_ROLE_REFERENCE = re.compile(r"\$\{(aws_iam_role\.[\w-]+)\.(?:arn|id|name)\}")
POLICY_DOCUMENT = Spelling(
    "effect", "actions", "not_actions", "resources", "not_resources", "condition", "Allow"
)
IAM_TYPES = frozenset(
    {
        "aws_iam_role",
        "aws_iam_role_policy",
        "aws_iam_role_policy_attachment",
        "aws_iam_policy_attachment",
    }
)


class Grants:
    """Reads the grants of a module's declarations into an :class:`EntityCollector`."""

    def __init__(
        self,
        builder: EntityCollector,
        resolver: TerraformResolver,
        bodies: Mapping[str, tuple[str, MDict, Span]],
        documents: Mapping[str, MDict],
    ) -> None:
        """``bodies`` maps addresses to (type, body, span); ``documents`` holds each
        ``data.aws_iam_policy_document`` body by name."""
        self.b = builder
        self.r = resolver
        self.bodies = bodies
        self.documents = documents
        self._names: dict[str, str] | None = None
        self._names_read = False

    @property
    def names(self) -> dict[str, str] | None:
        """Roles by their literal name (a plan writes a known ``role`` as that name); None
        when some role's name is not a literal, so that a name may be any of them. Read on
        first use: modules that refer to roles by reference never pay for it."""
        if not self._names_read:
            self._names_read = True
            names: dict[str, str] | None = {}
            for address, (rtype, body, span) in self.bodies.items():
                if rtype == "aws_iam_role":
                    name = self.r.get(body, "name", span).value
                    if isinstance(name, str) and names is not None:
                        names[name] = address
                    else:
                        names = None
            self._names = names
        return self._names

    def grant(self, role: Field, policy: Policy) -> None:
        """Grant to the role a field names: a reference, or a role's literal name."""
        value = role.value
        names = self.names if isinstance(value, str) and value else None
        if names is not None:
            address = names.get(value)
            if address is None:
                return  # a role outside the module
            role = Field(EntityRef(EntityKind.ROLE, address), role.span)
        self.b.grant(role, policy)

    def read(self) -> None:
        for address, (rtype, body, span) in self.bodies.items():
            if rtype == "aws_iam_role":
                self.role(address, body, span)
            elif rtype == "aws_iam_role_policy":
                role = self.role_field(body, span)
                self.grant(role, self.document_policy(body, "policy", span))
            elif rtype == "aws_iam_role_policy_attachment":
                role = self.role_field(body, span)
                self.grant(role, self.attached(body, span))
            elif rtype == "aws_iam_policy_attachment":
                roles = self.r.get_items(body, "roles", span)
                if isinstance(roles.value, tuple):
                    for role in roles.value:
                        self.grant(role, self.attached(body, span))
                elif not roles.is_missing:
                    self.b.unknown_grantee = True

    def role_field(self, body: MDict, span: Span) -> Field:
        """``role`` of a policy resource; the usual ``${aws_iam_role.x.id}`` is matched
        without evaluating the template (modules write thousands of them)."""
        raw = body.get("role")
        if isinstance(raw, str):
            match = _ROLE_REFERENCE.fullmatch(raw)
            if match is not None and match.group(1) in self.bodies:
                return Field(EntityRef(EntityKind.ROLE, match.group(1)), body.value_span("role"))
        return self.r.get(body, "role", span)

    def role(self, address: str, body: MDict, span: Span) -> None:
        grants = self.b.grants[address]
        for block in objects(body.get("inline_policy")):
            if block.get("policy") is not None:
                grants.append(self.document_policy(block, "policy", block.span))
        if "dynamic" in body and any("inline_policy" in d for d in objects(body["dynamic"])):
            self.b.incomplete_roles.add(address)
        arns = self.r.get_items(body, "managed_policy_arns", span)
        if isinstance(arns.value, tuple):
            raw = body.get("managed_policy_arns")
            for index, item in enumerate(arns.value):
                written = raw[index] if isinstance(raw, list) and index < len(raw) else None
                grants.append(self.managed(item, written))
        elif not arns.is_missing:
            self.b.incomplete_roles.add(address)

    def attached(self, body: MDict, span: Span) -> Policy:
        return self.managed(self.r.get(body, "policy_arn", span), body.get("policy_arn"))

    def managed(self, item: Field, written: Any) -> Policy:
        """A managed policy ARN: an AWS managed policy, an ``aws_iam_policy`` of the module,
        or unknown."""
        name = aws_managed_name(item.value)
        if name:
            return managed_policy(name, item.span)
        if isinstance(written, str):
            match = _POLICY_REFERENCE.fullmatch(written.strip())
            found = self.bodies.get(match.group(1)) if match else None
            if found is not None:
                _, body, span = found
                return self.document_policy(body, "policy", span)
        return Policy(item.span, None)

    def document_policy(self, body: MDict, key: str, at: Span) -> Policy:
        raw = body.get(key)
        span = body.value_span(key) if raw is not None else at
        return Policy(span, self.document(raw, span))

    def document(self, raw: Any, span: Span) -> tuple[Statement, ...] | None:
        if not isinstance(raw, str):
            return None
        text = raw.strip()
        match = _DOCUMENT_REFERENCE.fullmatch(text)
        if match is not None:
            body = self.documents.get(match.group(1))
            return self.policy_document(body) if body is not None else None
        argument = jsonencode_argument(text, span)
        if argument is not None:
            return iam_json_document(argument, span, self.r)
        if not text.startswith("${"):
            # JSON text whose interpolations sit inside its strings: each is resolved alone.
            def resolve(item: Any) -> Any:
                if not isinstance(item, str) or "${" not in item:
                    return item
                if item.startswith("${") and item.find("${", 2) < 0:
                    return self.r.value(item, span).value  # one reference: maybe an entity
                return Unresolved(item)  # text around references: a pattern not known whole

            statements = json_document(raw, span, resolve)
            if statements is not None:
                return statements
        value = self.r.value(raw, span)
        return json_document(value.value, span)

    def policy_document(self, body: MDict) -> tuple[Statement, ...] | None:
        """A ``data.aws_iam_policy_document``: its ``statement`` blocks, unless other
        documents are merged into it."""
        merged = ("source_json", "override_json", "source_policy_documents")
        if any(body.get(key) not in (None, [], "") for key in merged):
            return None
        if "dynamic" in body:
            return None
        statements = objects(body.get("statement"))
        return read_statements(((s, s.span) for s in statements), self.r, POLICY_DOCUMENT)
