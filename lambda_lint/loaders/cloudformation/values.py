"""Turn CloudFormation values (literals and intrinsic functions) into model Fields.

What can be known statically is resolved (literals, parameter defaults,
``Fn::FindInMap`` with literal keys, ``Fn::Sub``/``Fn::Join`` of known parts,
``Ref``/``GetAtt`` to resources of the template); everything else becomes an
:class:`Unresolved` carrying a canonical expression and its literal parts, never
a guess. ``Fn::If`` becomes a :class:`Choice` so rules check every branch.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from lambda_lint.loaders.cloudformation.text import sub_variables, without_dynamic_references
from lambda_lint.model import (
    MISSING,
    Choice,
    EntityKind,
    EntityRef,
    EnvVar,
    Field,
    Origin,
    Unresolved,
    as_int,
    object_path,
)
from lambda_lint.parsing import MDict, MList
from lambda_lint.span import Span

# Resource types the model knows, by the entity kind a reference to them resolves to.
ENTITY_KINDS: dict[str, EntityKind] = {
    "AWS::Lambda::Function": EntityKind.FUNCTION,
    "AWS::Serverless::Function": EntityKind.FUNCTION,
    "AWS::Lambda::Alias": EntityKind.ALIAS,
    "AWS::Lambda::Version": EntityKind.VERSION,
    "AWS::Lambda::LayerVersion": EntityKind.LAYER,
    "AWS::Serverless::LayerVersion": EntityKind.LAYER,
    "AWS::SQS::Queue": EntityKind.QUEUE,
    "AWS::IAM::Role": EntityKind.ROLE,
    "AWS::EC2::Subnet": EntityKind.SUBNET,
    "AWS::EC2::RouteTable": EntityKind.ROUTE_TABLE,
    "AWS::EC2::NatGateway": EntityKind.NAT_GATEWAY,
    "AWS::EC2::InternetGateway": EntityKind.INTERNET_GATEWAY,
    "AWS::EC2::Instance": EntityKind.INSTANCE,
    "AWS::Kinesis::Stream": EntityKind.KINESIS,
    "AWS::DynamoDB::Table": EntityKind.DYNAMODB,
    "AWS::MSK::Cluster": EntityKind.MSK,
    "AWS::AmazonMQ::Broker": EntityKind.MQ,
    "AWS::SNS::Topic": EntityKind.SNS,
    "AWS::S3::Bucket": EntityKind.BUCKET,
}
# GetAtt attributes that do not identify the resource itself (e.g. a Version's number).
_VALUE_ATTRIBUTES = {
    ("version", "Version"),
    ("bucket", "DomainName"),
    ("bucket", "DualStackDomainName"),
    ("bucket", "RegionalDomainName"),
    ("bucket", "WebsiteURL"),
}
# A role's ARN built from its name (``Ref`` of a role is its name): the role itself.
_ROLE_ARN = re.compile(
    r"arn:(?:aws|aws-cn|aws-us-gov|\$\{AWS::Partition\}):iam::"
    r"(?:\$\{AWS::AccountId\}|[0-9]{12}):role/\$\{\s*([A-Za-z0-9]+)\s*\}"
)


def is_intrinsic(value: Any) -> bool:
    """A one-key mapping naming an intrinsic function (``Ref``, ``Fn::*``, ``Condition``)."""
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        return bool(key == "Ref" or key.startswith("Fn::") or key == "Condition")
    return False


# Longer renderings are cut (aliases can repeat one long string thousands of times).
MAX_RENDERED = 1000


def render(value: Any) -> str:
    """A short canonical text for an expression (used in messages and identities).

    At most ``MAX_RENDERED`` characters and an ellipsis, with work bounded by that
    size too: a message about one value never grows with the whole template.
    """
    text = _short_form(value)
    if text is None:
        if _longer_than(value, MAX_RENDERED):
            return _json(_pruned(value, [MAX_RENDERED]))[:MAX_RENDERED] + "…"
        # A lower bound within the limit: the text is a few times that at most.
        text = _json(value)
    return text if len(text) <= MAX_RENDERED else text[:MAX_RENDERED] + "…"


def _longer_than(value: Any, limit: int) -> bool:
    """Whether the text of ``value`` exceeds ``limit``: a lower bound of its length
    (escapes and separators only add), counted until it passes ``limit``."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item) + 2
        elif isinstance(item, dict):
            total += 2 + len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            total += 2 + len(item)
            stack.extend(item)
        else:
            total += 1  # a number, true, false or null: at least one character
        if total > limit:
            return True
    return False


def _pruned(value: Any, budget: list[int]) -> Any:
    """A copy of ``value`` whose text begins as the text of ``value`` does, for at least
    ``budget[0]`` characters (each part is charged no more than its text takes)."""
    if budget[0] <= 0:
        return "…"
    if isinstance(value, str):
        keep = budget[0]
        budget[0] -= len(value) + 2
        return value[:keep]
    if isinstance(value, dict):
        pruned: dict[str, Any] = {}
        for key in sorted(value):
            if budget[0] <= 0:
                break
            budget[0] -= len(key) + 4
            pruned[key] = _pruned(value[key], budget)
        return pruned
    if isinstance(value, list):
        items = []
        for item in value:
            if budget[0] <= 0:
                break
            budget[0] -= 1
            items.append(_pruned(item, budget))
        return items
    budget[0] -= 1
    return value


def _short_form(value: Any) -> str | None:
    """``!Ref x``, ``!GetAtt a.b``, ``!Sub text`` or ``!ImportValue x`` (each part cut to the
    limit)."""
    if isinstance(value, dict) and len(value) == 1:
        key, arg = next(iter(value.items()))
        if key == "Ref" and isinstance(arg, str):
            return f"!Ref {arg[: MAX_RENDERED + 1]}"
        if key == "Fn::GetAtt" and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            return "!GetAtt " + ".".join(a[: MAX_RENDERED + 1] for a in arg[: MAX_RENDERED + 1])
        if key == "Fn::GetAtt" and isinstance(arg, str):  # the string form, ``Queue.Arn``
            return "!GetAtt " + arg[: MAX_RENDERED + 1]
        if key == "Fn::Sub" and isinstance(arg, str):
            return f"!Sub {arg[: MAX_RENDERED + 1]}"
        if key == "Fn::ImportValue" and isinstance(arg, str):
            return f"!ImportValue {arg[: MAX_RENDERED + 1]}"
    return None


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, separators=(",", ":"))


class Resolver:
    """Resolves values against one template's parameters, mappings and resources."""

    def __init__(self, template: MDict) -> None:
        params = template.get("Parameters")
        self.parameters: Mapping[str, Any] = params if isinstance(params, dict) else {}
        mappings = template.get("Mappings")
        self.mappings: Mapping[str, Any] = mappings if isinstance(mappings, dict) else {}
        resources = template.get("Resources")
        self.resource_types: dict[str, str] = {}
        if isinstance(resources, dict):
            for name, body in resources.items():
                if isinstance(body, dict) and isinstance(body.get("Type"), str):
                    self.resource_types[name] = body["Type"]

    # -- fields ---------------------------------------------------------------------------

    def get(self, container: Any, key: str, at: Span, default: Any = MISSING) -> Field:
        """The field ``container[key]``; absent -> the AWS ``default`` (or MISSING) at ``at``."""
        if not isinstance(container, MDict) or key not in container:
            if default is MISSING:
                return Field(MISSING, at)
            return Field(default, at, Origin.AWS_DEFAULT)
        return self.value(container[key], container.value_span(key), *origin_of(container, key))

    def value(
        self, raw: Any, span: Span, origin: Origin = Origin.EXPLICIT, source: str = ""
    ) -> Field:
        """A scalar-ish value: literal, resolved reference, Choice or Unresolved."""
        if isinstance(raw, str):
            if "{{resolve:" in raw:
                literal = without_dynamic_references(raw)
                return Field(Unresolved(raw, literal, True), span, origin, source)
            return Field(raw, span, origin, source)
        if not is_intrinsic(raw):
            return Field(raw, span, origin, source)
        key, arg = next(iter(raw.items()))
        if key == "Fn::If":
            return self._choice(raw, arg, span, origin, source, self.value)
        if key == "Ref" and isinstance(arg, str):
            return self._ref(arg, span, origin, source)
        if key == "Fn::GetAtt":
            return self._getatt(raw, arg, span, origin, source)
        if key == "Fn::Sub":
            return self._sub(raw, arg, span, origin, source)
        if key == "Fn::Join":
            return self._join(raw, arg, span, origin, source)
        if key == "Fn::FindInMap":
            return self._find_in_map(raw, arg, span, origin, source)
        if key == "Fn::Select":
            return self._select(raw, arg, span, origin, source)
        return Field(Unresolved(render(raw)), span, origin, source)

    def items(
        self, raw: Any, span: Span, origin: Origin = Origin.EXPLICIT, source: str = ""
    ) -> Field:
        """A list value: a Field whose value is a tuple of item Fields (or a Choice)."""
        if is_intrinsic(raw):
            key, arg = next(iter(raw.items()))
            if key == "Fn::If":
                return self._choice(raw, arg, span, origin, source, self.items)
            if key == "Ref" and isinstance(arg, str) and arg == "AWS::NoValue":
                return Field(MISSING, span, origin, source)
            if key == "Fn::Split":
                split = self._split(arg, span, origin, source)
                if split is not None:
                    return split
            return Field(Unresolved(render(raw)), span, origin, source)
        if not isinstance(raw, list):
            return Field(Unresolved(render(raw)), span, origin, source)
        items = []
        inherited = inherited_items(raw)
        for index, item in enumerate(raw):
            item_span = raw.item_span(index) if isinstance(raw, MList) else span
            if index in inherited and isinstance(raw, InheritedList):
                items.append(self.value(item, item_span, Origin.INHERITED, raw.source))
            else:
                items.append(self.value(item, item_span, origin, source))
        return Field(tuple(items), span, origin, source)

    def _split(self, arg: Any, span: Span, origin: Origin, source: str) -> Field | None:
        """``Fn::Split`` of text whose parts are known: a literal, or a ``Fn::Sub`` or
        ``Fn::Join`` (by the same delimiter) of literals and references, each reference
        one item (``!Split [",", !Sub "${A},${B}"]`` lists subnets A and B). A part that
        could hold the delimiter itself (a parameter without a default) leaves it unknown."""
        if not (isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str) and arg[0]):
            return None
        delimiter, text = arg
        pieces: list[Any]
        if isinstance(text, str):
            pieces = text.split(delimiter)
        elif is_intrinsic(text) and "Fn::Sub" in text and isinstance(text["Fn::Sub"], str):
            template = text["Fn::Sub"]
            inside = any(delimiter in name for _, _, name in sub_variables(template))
            if inside:
                return None
            pieces = [{"Fn::Sub": piece} for piece in template.split(delimiter)]
        elif is_intrinsic(text) and "Fn::Join" in text:
            joined = text["Fn::Join"]
            if not (isinstance(joined, list) and len(joined) == 2 and joined[0] == delimiter):
                return None
            if not isinstance(joined[1], list):
                return None
            pieces = []
            for part in joined[1]:
                pieces += part.split(delimiter) if isinstance(part, str) else [part]
        else:
            return None
        items = []
        for piece in pieces:
            item = self.value(piece, span, origin, source)
            known = isinstance(item.value, EntityRef) or (
                item.is_known and isinstance(item.value, str) and delimiter not in item.value
            )
            if not known:
                return None
            items.append(item)
        return Field(tuple(items), span, origin, source)

    def get_items(self, container: Any, key: str, at: Span) -> Field:
        if not isinstance(container, MDict) or key not in container:
            return Field(MISSING, at)
        return self.items(container[key], container.value_span(key), *origin_of(container, key))

    def env(
        self, raw: Any, span: Span, origin: Origin = Origin.EXPLICIT, source: str = ""
    ) -> Field:
        """An environment map: a Field whose value is a tuple of EnvVar (or a Choice)."""
        if is_intrinsic(raw):
            key, arg = next(iter(raw.items()))
            if key == "Fn::If":
                return self._choice(raw, arg, span, origin, source, self.env)
            return Field(Unresolved(render(raw)), span, origin, source)
        if not isinstance(raw, MDict):
            return Field(Unresolved(render(raw)), span, origin, source)
        variables = tuple(
            EnvVar(
                name,
                raw.key_span(name),
                self.value(value, raw.value_span(name), *origin_of(raw, name, origin, source)),
            )
            for name, value in raw.items()
        )
        return Field(variables, span, origin, source)

    # -- intrinsics ------------------------------------------------------------------------

    def _choice(
        self, raw: Any, arg: Any, span: Span, origin: Origin, source: str, build: Any
    ) -> Field:
        if not (isinstance(arg, list) and len(arg) == 3 and isinstance(arg[0], str)):
            return Field(Unresolved(render(raw)), span, origin, source)
        spans = arg.item_spans if isinstance(arg, MList) else [span] * 3
        options = []
        for index in (1, 2):
            branch = arg[index]
            if _is_no_value(branch):
                options.append(Field(MISSING, spans[index], origin, source))
            else:
                options.append(build(branch, spans[index], origin, source))
        return Field(Choice(arg[0], (options[0], options[1])), span, origin, source)

    def _ref(self, name: str, span: Span, origin: Origin, source: str) -> Field:
        if name == "AWS::NoValue":
            return Field(MISSING, span, origin, source)
        kind = ENTITY_KINDS.get(self.resource_types.get(name, ""))
        if kind is not None:
            return Field(EntityRef(kind, name), span, origin, source)
        param = self.parameters.get(name)
        if isinstance(param, dict) and "Default" in param and not is_intrinsic(param["Default"]):
            return Field(param["Default"], span, Origin.PARAMETER_DEFAULT, name)
        return Field(Unresolved(f"!Ref {name}"), span, origin, source)

    def _getatt(self, raw: Any, arg: Any, span: Span, origin: Origin, source: str) -> Field:
        if isinstance(arg, str) and "." in arg:
            arg = arg.split(".", 1)  # the string form CloudFormation also takes: ``Queue.Arn``
        if isinstance(arg, list) and len(arg) >= 2 and isinstance(arg[0], str):
            kind = ENTITY_KINDS.get(self.resource_types.get(arg[0], ""))
            attribute = arg[1] if isinstance(arg[1], str) else ""
            if kind is not None and (kind, attribute) not in _VALUE_ATTRIBUTES:
                return Field(EntityRef(kind, arg[0]), span, origin, source)
        return Field(Unresolved(render(raw)), span, origin, source)

    def _sub(self, raw: Any, arg: Any, span: Span, origin: Origin, source: str) -> Field:
        variables: Mapping[str, Any] = {}
        template = arg
        if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], dict):
            template, variables = arg[0], arg[1]
        if not isinstance(template, str):
            return Field(Unresolved(render(raw)), span, origin, source)
        whole = self._sub_reference(template, variables, span, origin, source)
        if whole is not None:
            return whole
        objects = self._sub_objects(template, variables, span)
        if objects is not None:
            return Field(objects, span, origin, source)
        known = True
        dynamic = False
        assumed: list[str] = []
        parts: list[str] = []
        position = 0
        for start, end, written in sub_variables(template):
            parts.append(template[position:start])
            position = end
            name = written.strip()
            if name in variables:
                part = self.value(variables[name], span, origin, source)
            elif "." in name:
                part = Field(Unresolved("${" + name + "}"), span)
            else:
                part = self._ref(name, span, origin, source)
            if part.is_known and isinstance(part.value, (str, int, float)):
                parts.append(str(part.value))
                if part.origin is Origin.PARAMETER_DEFAULT:
                    assumed.append(part.source)
            else:
                known = False
                if isinstance(part.value, Unresolved):
                    parts.append(part.value.literal)
                    dynamic = dynamic or part.value.dynamic
        parts.append(template[position:])
        text = "".join(parts).replace("${!", "${")
        if known:
            result = self.value(text, span, origin, source)
            if assumed and result.is_known:
                return Field(result.value, span, Origin.PARAMETER_DEFAULT, ", ".join(assumed))
            return result
        literal = without_dynamic_references(text)
        dynamic = dynamic or literal != text
        return Field(Unresolved(render(raw), literal, dynamic), span, origin, source)

    def _sub_reference(
        self, template: str, variables: Mapping[str, Any], span: Span, origin: Origin, source: str
    ) -> Field | None:
        """The entity a ``Fn::Sub`` names as a whole: ``${Role.Arn}``, ``${Queue}``, or a
        role's ARN spelled out from its name (``arn:${AWS::Partition}:iam::${AWS::AccountId}
        :role/${Role}``); the same entity as ``!GetAtt``/``!Ref`` write it, so rules that
        compare identities (LL501) see one role however it is written."""
        found = list(sub_variables(template))
        if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(template):
            name = found[0][2].strip()
            if name in variables:
                return None
            if "." in name:
                field = self._getatt({"Fn::GetAtt": name}, name, span, origin, source)
            else:
                field = self._ref(name, span, origin, source)
            return field if isinstance(field.value, EntityRef) else None
        match = _ROLE_ARN.fullmatch(template)
        if match is not None and match.group(1) not in variables:
            field = self._ref(match.group(1), span, origin, source)
            if isinstance(field.value, EntityRef) and field.value.kind is EntityKind.ROLE:
                return field
        return None

    def _sub_objects(self, template: str, variables: Mapping[str, Any], span: Span) -> Any:
        """A bucket's objects spelled in a ``Fn::Sub`` (``${Bucket.Arn}/*``,
        ``arn:${AWS::Partition}:s3:::${Bucket}/*``): the model's ``object_path``, else None."""
        pieces: list[Any] = []
        position = 0
        for start, end, written in sub_variables(template):
            pieces.append(template[position:start])
            position = end
            name = written.strip()
            if name == "AWS::Partition":
                pieces.append("aws")
            elif name in variables:
                return None
            else:
                pieces.append(self._bucket_piece(name, span))
        pieces.append(template[position:])
        return _objects_of(pieces)

    def _bucket_piece(self, name: str, span: Span) -> Any:
        """``(reference, by_arn)`` for a bucket named in a ``Fn::Sub`` variable, else None."""
        by_arn = name.endswith(".Arn")
        field = (
            self._getatt({"Fn::GetAtt": name}, name, span, Origin.EXPLICIT, "")
            if by_arn
            else self._ref(name, span, Origin.EXPLICIT, "")
        )
        value = field.value
        if isinstance(value, EntityRef) and value.kind is EntityKind.BUCKET:
            return (value, by_arn)
        return None

    def _join(self, raw: Any, arg: Any, span: Span, origin: Origin, source: str) -> Field:
        if not (isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str)):
            return Field(Unresolved(render(raw)), span, origin, source)
        delimiter, values = arg
        if not isinstance(values, list):
            return Field(Unresolved(render(raw)), span, origin, source)
        objects = self._join_objects(delimiter, values, span)
        if objects is not None:
            return Field(objects, span, origin, source)
        known = True
        dynamic = False
        parts = []
        for value in values:
            part = self.value(value, span, origin, source)
            if part.is_known and isinstance(part.value, (str, int, float)):
                parts.append(str(part.value))
            else:
                known = False
                unresolved = part.value if isinstance(part.value, Unresolved) else None
                parts.append(unresolved.literal if unresolved is not None else "")
                dynamic = dynamic or (unresolved is not None and unresolved.dynamic)
        text = delimiter.join(parts)
        if known:
            return self.value(text, span, origin, source)
        return Field(Unresolved(render(raw), text, dynamic), span, origin, source)

    def _join_objects(self, delimiter: str, values: list[Any], span: Span) -> Any:
        """A bucket's objects spelled in a ``Fn::Join`` (``[!GetAtt Bucket.Arn, "/*"]``)."""
        pieces: list[Any] = []
        for index, value in enumerate(values):
            if index:
                pieces.append(delimiter)
            if isinstance(value, str):
                pieces.append(value)
                continue
            piece = None
            if is_intrinsic(value) and len(value) == 1:
                key, arg = next(iter(value.items()))
                if key == "Ref" and arg == "AWS::Partition":
                    piece = "aws"
                elif key == "Ref" and isinstance(arg, str):
                    piece = self._bucket_piece(arg, span)
                elif key == "Fn::GetAtt":
                    parts = arg.split(".", 1) if isinstance(arg, str) else arg
                    if isinstance(parts, list) and parts[1:] == ["Arn"]:
                        piece = self._bucket_piece(f"{parts[0]}.Arn", span)
            if piece is None:
                return None
            pieces.append(piece)
        return _objects_of(pieces)

    def _find_in_map(self, raw: Any, arg: Any, span: Span, origin: Origin, source: str) -> Field:
        if isinstance(arg, list) and len(arg) >= 3:
            keys = [self.value(k, span) for k in arg[:3]]
            if all(k.is_known and isinstance(k.value, (str, int)) for k in keys):
                node: Any = self.mappings
                for k in keys:
                    node = node.get(str(k.value)) if isinstance(node, dict) else None
                if node is not None and not isinstance(node, (dict, list)):
                    return self.value(node, span, origin, source)
        return Field(Unresolved(render(raw)), span, origin, source)

    def _select(self, raw: Any, arg: Any, span: Span, origin: Origin, source: str) -> Field:
        if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], list):
            index = self.value(arg[0], span)
            # An integer or its digits, as CloudFormation takes it: ``.inf`` or 1.5 is not.
            position = as_int(index.value) if index.is_known else None
            if position is not None and 0 <= position < len(arg[1]):
                return self.value(arg[1][position], span, origin, source)
        return Field(Unresolved(render(raw)), span, origin, source)


def _objects_of(pieces: list[Any]) -> Any:
    """What literal text around one bucket reference names (``object_path``), or None."""
    buckets = [p for p in pieces if isinstance(p, tuple)]
    if len(buckets) != 1 or any(p is None for p in pieces):
        return None
    at = pieces.index(buckets[0])
    before = "".join(pieces[:at])
    after = "".join(pieces[at + 1 :])
    ref, by_arn = buckets[0]
    return object_path(before, ref, by_arn, after)


def _is_no_value(value: Any) -> bool:
    return isinstance(value, dict) and value.get("Ref") == "AWS::NoValue" and len(value) == 1


# -- inheritance provenance ---------------------------------------------------------------


class InheritedDict(MDict):
    """A mapping merged from a shared block (SAM ``Globals``): ``inherited`` names the
    keys that came from there, ``source`` names the block for messages."""

    __slots__ = ("inherited", "source")

    def __init__(self, span: Span, source: str) -> None:
        super().__init__(span)
        self.inherited: set[str] = set()
        self.source = source


class InheritedList(MList):
    """A list concatenated from a shared block: ``inherited`` holds the indexes from there."""

    __slots__ = ("inherited", "source")

    def __init__(self, span: Span, source: str) -> None:
        super().__init__(span)
        self.inherited: set[int] = set()
        self.source = source


def origin_of(
    container: Any, key: str, fallback: Origin = Origin.EXPLICIT, source: str = ""
) -> tuple[Origin, str]:
    """The origin and source of ``container[key]``: inherited, or those of the container."""
    if isinstance(container, InheritedDict) and key in container.inherited:
        return Origin.INHERITED, container.source
    return fallback, source


def inherited_items(container: Any) -> set[int]:
    return container.inherited if isinstance(container, InheritedList) else set()


def inherited_whole(container: Any, key: str) -> Any:
    """``container[key]``, a mapping marked wholly inherited when the key was inherited.

    A block taken from ``Globals`` as a whole (``VpcConfig``, ``Environment``) is the
    shared block's own mapping; without the mark the values nested in it would read as
    the function's own. One level is copied per look-up, so reading stays linear.
    """
    value = container.get(key) if isinstance(container, MDict) else None
    if not (
        isinstance(container, InheritedDict)
        and key in container.inherited
        and isinstance(value, MDict)
        and not isinstance(value, InheritedDict)
        and not is_intrinsic(value)
    ):
        return value
    marked = InheritedDict(value.span, container.source)
    marked.update(value)
    marked.key_spans.update(value.key_spans)
    marked.value_spans.update(value.value_spans)
    marked.inherited.update(value.keys())
    return marked
