"""Regenerate the Terraform plan fixtures from the Terraform module fixtures.

For every ``fixtures/rules/<CODE>/{fail,pass}-tf/`` module this copies the module
to a temporary directory, adds a provider block with placeholder credentials
(nothing is contacted: ``-refresh=false`` and the skip_* settings), runs
``terraform init``, ``terraform plan`` and ``terraform show -json`` and writes
``<CODE>/{fail,pass}.tfplan.json`` (pretty-printed, timestamp fixed, temporary
paths removed) so the plan and the module spell the same cases.

The AWS provider validates some values at plan time (memory 128-10240, timeout
1-900...), so a module whose failing values it rejects has no plan fixture:
such a plan cannot exist. Those modules are listed and skipped.

Needs ``terraform`` and the hashicorp/aws provider (``--plugins`` points at a
filesystem mirror for offline use). Not run by the tests: its output is committed.

    python scripts/make_plan_fixtures.py [--plugins DIR] [--check-only] [CODE ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

RULES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
# Modules planned into a ``plan.json`` beside them: a plan whose source is at hand.
SOURCE_PLANS = (RULES.parent / "terraform" / "plan-hcl",)
PROVIDER = {
    "terraform": {"required_providers": {"aws": {"source": "hashicorp/aws"}}},
    "provider": {
        "aws": {
            "region": "us-east-1",
            "access_key": "AKIAPLACEHOLDER00000",
            "secret_key": "placeholder",
            "skip_credentials_validation": True,
            "skip_requesting_account_id": True,
            "skip_metadata_api_check": True,
            "skip_region_validation": True,
        }
    },
}
FIXED_TIMESTAMP = "2026-01-01T00:00:00Z"
# Rules that never report on a plan, so a failing plan fixture cannot exist.
NO_FAILING_PLAN = {
    "LL134": "a plan's paths are relative to wherever terraform ran: missing ones are not reported",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("codes", nargs="*", help="rule codes (default: every module fixture)")
    parser.add_argument("--plugins", help="a provider filesystem mirror for offline init")
    parser.add_argument(
        "--check-only", action="store_true", help="only validate and plan; write nothing"
    )
    args = parser.parse_args()
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as scratch:
        if args.plugins:
            rc = Path(scratch, "terraformrc")
            rc.write_text(
                'provider_installation {\n  filesystem_mirror {\n    path = "'
                + str(Path(args.plugins).resolve())
                + '"\n  }\n}\n'
            )
            env["TF_CLI_CONFIG_FILE"] = str(rc)
        env["TF_PLUGIN_CACHE_DIR"] = str(Path(scratch, "cache"))
        Path(env["TF_PLUGIN_CACHE_DIR"]).mkdir()
        failed = 0
        for module in sorted(RULES.glob("LL*/*-tf")):
            if args.codes and module.parent.name not in args.codes:
                continue
            reason = NO_FAILING_PLAN.get(module.parent.name)
            if reason and module.name == "fail-tf":
                print(f"{module.parent.name}/{module.name}: no plan ({reason})")
                continue
            failed += not plan_module(module, Path(scratch), env, args.check_only)
        if not args.codes:
            for module in SOURCE_PLANS:
                target = module / "plan.json"
                failed += not plan_module(module, Path(scratch), env, args.check_only, target)
    return 1 if failed else 0


def plan_module(
    module: Path, scratch: Path, env: dict[str, str], check_only: bool, target: Path | None = None
) -> bool:
    """Plan one module; True when a plan was written (or would be, with --check-only)."""
    work = scratch / f"{module.parent.name}-{module.name}"
    shutil.copytree(module, work, ignore=shutil.ignore_patterns("plan.json"))
    (work / "zz_provider.tf.json").write_text(json.dumps(PROVIDER))
    for name in ("lambda.zip", "layer.zip"):
        (work / name).write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip
    label = f"{module.parent.name}/{module.name}"
    for command in (
        ["terraform", "init", "-input=false", "-no-color"],
        ["terraform", "plan", "-refresh=false", "-input=false", "-no-color", "-out=plan.bin"],
    ):
        result = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            reason = (result.stderr or result.stdout).strip().splitlines()
            errors = [line for line in reason if "Error" in line] or reason[-3:]
            print(f"{label}: no plan ({' | '.join(errors)})")
            return False
    shown = subprocess.run(
        ["terraform", "show", "-json", "plan.bin"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    plan = json.loads(shown.replace(str(work), "."))
    plan["timestamp"] = FIXED_TIMESTAMP
    plan.get("configuration", {}).pop("provider_config", None)
    target = target or module.parent / f"{module.name.removesuffix('-tf')}.tfplan.json"
    if check_only:
        print(f"{label}: plan OK")
    else:
        target.write_text(json.dumps(plan, indent=2) + "\n")
        print(f"{label}: wrote {target.relative_to(RULES.parent.parent)}")
    return True


if __name__ == "__main__":
    sys.exit(main())
