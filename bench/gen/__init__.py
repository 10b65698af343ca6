"""Deterministic benchmark workloads for lambda-lint: CloudFormation, SAM, Terraform, plans.

    python bench/gen --out DIR [--sizes 1,10,100,1000] [--seed 0]

writes ``DIR/cfn/functions-NNNN.yaml``, ``DIR/sam/functions-NNNN.yaml``,
``DIR/tf/functions-NNNN/main.tf.json``, ``DIR/hcl/functions-NNNN/main.tf`` (the same
module in HCL) and ``DIR/plan/functions-NNNN.tfplan.json`` (that module as
``terraform show -json`` would show its plan). Same seed and size: identical
bytes. Each function gets a role, environment variables, maybe a VPC (private subnets
routed through NAT), an SQS source queue with a redrive policy, an alias (some
weighted), layers, a log group; planted violations (``plan.PLANTED_KINDS``) are listed
by ``planted_findings`` as the exact (rule, resource) pairs lambda-lint must report.
"""

from __future__ import annotations

from pathlib import Path

from . import cfn, hcl, tf, tfplan
from .names import CfnNames, TfNames
from .plan import Plan, build_plan

FORMATS = ("cfn", "sam", "tf", "plan", "hcl")
RULE_OF_KIND = {
    "env_size": "LL101",
    "timeout": "LL110",
    "shared_role": "LL501",
    "queue_no_redrive": "LL402",
}


def render(fmt: str, plan: Plan) -> str:
    """The text of ``plan`` in ``fmt`` (``cfn``, ``sam``, ``tf``, ``hcl`` or ``plan``)."""
    if fmt == "tf":
        return tf.render(plan)
    if fmt == "hcl":
        return hcl.render(plan)
    if fmt == "plan":
        return tfplan.render(plan)
    if fmt in ("cfn", "sam"):
        return cfn.render(plan, sam=fmt == "sam")
    raise ValueError(f"unknown format {fmt!r}")


def generate(fmt: str, size: int, seed: int = 0) -> str:
    return render(fmt, build_plan(size, seed))


def relative_path(fmt: str, size: int) -> Path:
    """Where ``write_workloads`` puts a workload; for ``tf`` the module file."""
    if fmt == "tf":
        return Path("tf", f"functions-{size:04d}", "main.tf.json")
    if fmt == "hcl":
        return Path("hcl", f"functions-{size:04d}", "main.tf")
    if fmt == "plan":
        return Path("plan", f"functions-{size:04d}.tfplan.json")
    return Path(fmt, f"functions-{size:04d}.yaml")


def planted_findings(fmt: str, size: int, seed: int = 0) -> list[tuple[str, str]]:
    """The (rule, resource) pairs the planted violations must produce, sorted.

    A plan's entity ids are the module's addresses: ``plan`` and ``hcl`` expect what
    ``tf`` does.
    """
    plan = build_plan(size, seed)
    fns = plan.functions
    found: list[tuple[str, str]] = []
    for planted in plan.planted:
        fn = fns[planted.function]
        rule = RULE_OF_KIND[planted.kind]
        if fmt in ("tf", "plan", "hcl"):
            queue = f"aws_sqs_queue.{TfNames.queue(fn)}"
            ids = [f"aws_lambda_function.{TfNames.fn(fn)}"]
            if planted.other >= 0:
                ids.append(f"aws_lambda_function.{TfNames.fn(fns[planted.other])}")
        else:
            queue = CfnNames.queue(fn)
            ids = [CfnNames.fn(fn)]
            if planted.other >= 0:
                ids.append(CfnNames.fn(fns[planted.other]))
        if planted.kind == "queue_no_redrive":
            ids = [queue]
        found.extend((rule, resource) for resource in ids)
    return sorted(found)


def write_workloads(
    out: Path, sizes: list[int], seed: int = 0, formats: tuple[str, ...] = FORMATS
) -> dict[tuple[str, int], Path]:
    """Write every format at every size under ``out``; returns the paths by (format, size)."""
    written: dict[tuple[str, int], Path] = {}
    for size in sizes:
        plan = build_plan(size, seed)
        for fmt in formats:
            path = out / relative_path(fmt, size)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(render(fmt, plan).encode("utf-8"))
            written[(fmt, size)] = path
    return written
