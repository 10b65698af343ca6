"""A ``terraform show -json`` plan of the Terraform workload, as Terraform would write it.

The plan is derived from the same resource bodies as ``main.tf.json`` (``tf._Module``),
so the two renderings describe one application and the planted findings are the same
addresses. Terraform's evaluation is imitated as far as lambda-lint reads it: variables
take their defaults and data sources their usual values (partition ``aws``, one account,
two zones); an attribute naming another resource is known only when that resource sets
it in its configuration (a role's ``name``, a function's ``function_name``), otherwise
it is left out of the values, marked in ``after_unknown`` and kept, with its
references, in ``configuration``. Nested blocks are lists of one object, as in real
plans. The document holds ``planned_values``, ``resource_changes`` and
``configuration``: the three copies of every resource that make real plans large.
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import tf
from .plan import Plan

TERRAFORM_VERSION = "1.11.4"
PROVIDER = "registry.terraform.io/hashicorp/aws"
VARIABLES = {
    "region": "eu-west-1",
    "stage": "dev",
    "log_level": "INFO",
    "artifact_bucket": "workload-artifacts-bucket",
}
DATA = {
    "data.aws_partition.current.partition": "aws",
    "data.aws_caller_identity.current.account_id": "123456789012",
    "data.aws_availability_zones.available.names[0]": "eu-west-1a",
    "data.aws_availability_zones.available.names[1]": "eu-west-1b",
}
# Blocks (lists of one object in a plan), as opposed to map or object attributes.
BLOCKS = frozenset(
    {"environment", "vpc_config", "tracing_config", "dead_letter_config", "routing_config"}
)
NOT_VALUES = frozenset({"depends_on"})  # meta-arguments: configuration only
_TEMPLATE = re.compile(r"\$\{([^{}]*)\}")
_REFERENCE = re.compile(
    r"(?<![\w.])((?:var|data\.[a-z0-9_]+|aws_[a-z0-9_]+)\.[a-z0-9_]+(?:\.[a-z_]+)?(?:\[\d+\])?)"
)


class _Unknown:
    """A value known only after apply (never written into ``values``)."""


UNKNOWN = _Unknown()


def _references(text: str) -> list[str]:
    """Terraform's ``references``: each traversal, then the object it belongs to."""
    found: list[str] = []
    for ref in _REFERENCE.findall(text):
        steps = [ref]
        parts = re.sub(r"\[\d+\]$", "", ref).split(".")
        if parts[0] == "data" and len(parts) > 3:
            steps.append(".".join(parts[:3]))
        elif parts[0] not in ("var", "data") and len(parts) > 2:
            steps.append(".".join(parts[:2]))
        found.extend(step for step in steps if step not in found)
    return found


class _Evaluator:
    """Evaluates the workload's interpolations the way ``terraform plan`` would."""

    def __init__(self, resource: dict[str, dict[str, Any]]) -> None:
        self.known: dict[str, Any] = {f"var.{k}": v for k, v in VARIABLES.items()}
        self.known.update(DATA)
        self.resource = resource

    def constant(self, address: str, attribute: str) -> Any:
        """A resource attribute set to a constant-after-variables (else unknown)."""
        rtype, name = address.split(".", 1)
        body = self.resource.get(rtype, {}).get(name)
        if body is None or attribute not in body or attribute in BLOCKS:
            return UNKNOWN
        return self.value(body[attribute])

    def reference(self, expr: str) -> Any:
        if expr in self.known:
            return self.known[expr]
        parts = expr.split(".")
        if len(parts) == 3 and parts[0].startswith("aws_"):
            return self.constant(f"{parts[0]}.{parts[1]}", parts[2])
        return UNKNOWN

    def value(self, raw: Any) -> Any:
        if isinstance(raw, str):
            if "${" not in raw:
                return raw
            if raw.startswith("${jsonencode("):
                return UNKNOWN
            pieces: list[str] = []
            end = 0
            for match in _TEMPLATE.finditer(raw):
                known = self.reference(match.group(1))
                if known is UNKNOWN:
                    return UNKNOWN
                pieces += [raw[end : match.start()], str(known)]
                end = match.end()
            return "".join([*pieces, raw[end:]])
        if isinstance(raw, list):
            items = [self.value(item) for item in raw]
            return UNKNOWN if any(item is UNKNOWN for item in items) else items
        if isinstance(raw, dict):
            return {
                k: v for k, v in ((k, self.value(v)) for k, v in raw.items()) if v is not UNKNOWN
            }
        return raw

    def values(self, body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """(known values, ``after_unknown`` marks) of one resource body."""
        values: dict[str, Any] = {}
        unknown: dict[str, Any] = {"arn": True, "id": True}
        for key, raw in body.items():
            if key in NOT_VALUES:
                continue
            if key in BLOCKS:
                inner, marks = self.values(raw)
                values[key] = [inner]
                if len(marks) > 2:
                    unknown[key] = [{k: v for k, v in marks.items() if k not in ("arn", "id")}]
                continue
            value = self.value(raw)
            if value is UNKNOWN:
                unknown[key] = True
            else:
                values[key] = value
                if isinstance(raw, dict) and len(value) < len(raw):
                    unknown[key] = {k: True for k in raw if k not in value}
        return values, unknown


def _expression(raw: Any) -> dict[str, Any]:
    text = json.dumps(raw)
    references = _references(text) if "${" in text else []
    return (
        {"constant_value": raw, "references": references} if references else {"constant_value": raw}
    )


def _expressions(body: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, raw in body.items():
        if key in NOT_VALUES:
            continue
        result[key] = [_expressions(raw)] if key in BLOCKS else _expression(raw)
    return result


def render(plan: Plan) -> str:
    """The workload's plan: every resource created, in ``terraform show -json`` form."""
    module = tf.build(plan)
    evaluate = _Evaluator(module)
    planned: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    configured: list[dict[str, Any]] = []
    for rtype in sorted(module):
        for name in sorted(module[rtype]):
            body = module[rtype][name]
            address = f"{rtype}.{name}"
            head = {"address": address, "mode": "managed", "type": rtype, "name": name}
            values, unknown = evaluate.values(body)
            planned.append(
                {
                    **head,
                    "provider_name": PROVIDER,
                    "schema_version": 0,
                    "values": values,
                    "sensitive_values": {},
                }
            )
            change = {
                "actions": ["create"],
                "before": None,
                "after": values,
                "after_unknown": unknown,
                "before_sensitive": False,
                "after_sensitive": {},
            }
            changes.append({**head, "provider_name": PROVIDER, "change": change})
            config = {**head, "provider_config_key": "aws", "expressions": _expressions(body)}
            if "depends_on" in body:
                config["depends_on"] = body["depends_on"]
            configured.append({**config, "schema_version": 0})
    doc = {
        "format_version": "1.2",
        "terraform_version": TERRAFORM_VERSION,
        "variables": {name: {"value": value} for name, value in VARIABLES.items()},
        "planned_values": {"root_module": {"resources": planned}},
        "resource_changes": changes,
        "configuration": {
            "provider_config": {
                "aws": {
                    "name": "aws",
                    "full_name": PROVIDER,
                    "expressions": {"region": {"references": ["var.region"]}},
                }
            },
            "root_module": {
                "resources": configured,
                "variables": {name: {"default": value} for name, value in VARIABLES.items()},
            },
        },
        "timestamp": "2026-01-01T00:00:00Z",
        "applyable": True,
        "complete": True,
        "errored": False,
    }
    return json.dumps(doc, indent=2) + "\n"
