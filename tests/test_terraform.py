"""Terraform module and plan semantics: siblings, variables, tfvars, count, modules in plans."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from lambda_lint.discovery import Candidate
from lambda_lint.engine import lint, lint_paths
from lambda_lint.registry import all_rules


def write(directory: Path, name: str, content: dict[str, Any]) -> Path:
    """Write a module file, with the (empty) ``lambda.zip`` its functions deploy beside it."""
    path = directory / name
    path.write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
    if not (directory / "lambda.zip").exists():
        zipfile.ZipFile(directory / "lambda.zip", "w").close()
    return path


def findings(paths: list[Path]) -> list[tuple[str, str, int, int, str, str]]:
    report = lint([Candidate(p, explicit=True) for p in paths], list(all_rules()))
    return [
        (Path(f.path).name, f.rule, f.line, f.column, f.resource, f.message)
        for f in report.findings
    ]


def function(**attributes: Any) -> dict[str, Any]:
    return {
        "function_name": "f",
        "role": "${aws_iam_role.exec.arn}",
        "handler": "index.handler",
        "runtime": "python3.12",
        "filename": "lambda.zip",
        **attributes,
    }


ROLE = {"exec": {"name": "exec", "assume_role_policy": "{}"}}
MEMORY = "memory size 20000 MB"


@pytest.fixture
def module(tmp_path: Path) -> Path:
    write(
        tmp_path,
        "main.tf.json",
        {
            "resource": {
                "aws_iam_role": ROLE,
                "aws_lambda_function": {"api": function(memory_size="${var.memory}")},
            }
        },
    )
    write(tmp_path, "variables.tf.json", {"variable": {"memory": {"default": 20000}}})
    return tmp_path


def test_one_file_of_a_module_resolves_variables_in_its_siblings(module: Path) -> None:
    assert findings([module / "main.tf.json"]) == [
        (
            "main.tf.json",
            "LL120",
            16,
            24,
            "aws_lambda_function.api",
            f"{MEMORY} (assumed from the default of variable memory) is outside Lambda's range of "
            "128 to 10,240 MB (up to 32,768 MB only with a Managed Instances capacity provider)",
        )
    ]


def test_findings_are_reported_only_for_the_files_given(module: Path) -> None:
    assert findings([module / "variables.tf.json"]) == []


def test_terraform_tfvars_json_overrides_the_default(module: Path) -> None:
    write(module, "terraform.tfvars.json", {"memory": 30000})
    [(_, rule, _, _, _, message)] = findings([module / "main.tf.json"])
    assert rule == "LL120"
    assert message.startswith(
        "memory size 30000 MB (assumed from variable memory in terraform.tfvars.json)"
    )


def test_a_variable_set_in_hcl_tfvars_takes_that_value(module: Path) -> None:
    (module / "prod.auto.tfvars").write_text("memory = 512\n", encoding="utf-8")
    assert findings([module / "main.tf.json"]) == []
    (module / "prod.auto.tfvars").write_text("# big\nmemory = 30000\n", encoding="utf-8")
    [(_, rule, _, _, _, message)] = findings([module / "main.tf.json"])
    assert rule == "LL120"
    assert message.startswith(
        "memory size 30000 MB (assumed from variable memory in prod.auto.tfvars)"
    )


def test_a_variable_set_in_hcl_tfvars_that_does_not_parse_is_unknown(module: Path) -> None:
    """Terraform refuses the file; its assignments are still seen, as unknown values."""
    (module / "prod.auto.tfvars").write_text("memory = 30000\nbroken = [\n", encoding="utf-8")
    assert findings([module / "main.tf.json"]) == []


def test_an_hcl_tfvars_expression_is_unknown(module: Path) -> None:
    """Terraform allows only constants in tfvars: anything else is never guessed."""
    (module / "terraform.tfvars").write_text("memory = max(30000, 1)\n", encoding="utf-8")
    assert findings([module / "main.tf.json"]) == []


def test_hcl_and_json_tfvars_load_in_terraform_order(module: Path) -> None:
    """terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars[.json] by name: last wins."""
    (module / "terraform.tfvars").write_text("memory = 20001\n", encoding="utf-8")
    write(module, "terraform.tfvars.json", {"memory": 20002})
    (module / "b.auto.tfvars").write_text("memory = 20004\n", encoding="utf-8")
    write(module, "a.auto.tfvars.json", {"memory": 20003})
    [(_, _, _, _, _, message)] = findings([module / "main.tf.json"])
    assert message.startswith(
        "memory size 20004 MB (assumed from variable memory in b.auto.tfvars)"
    )


def test_duplicate_resource_across_files_is_a_load_error(module: Path) -> None:
    write(module, "extra.tf.json", {"resource": {"aws_iam_role": ROLE}})
    found = findings([module / "extra.tf.json", module / "main.tf.json"])
    assert found[0] == (  # files load in name order: extra.tf.json comes first
        "main.tf.json",
        "LL006",
        4,
        7,
        "",
        "duplicate resource aws_iam_role.exec (first defined at "
        f"{(module / 'extra.tf.json').as_posix()}:4:7); "
        "Terraform rejects a module that declares a resource twice",
    )


def test_count_zero_removes_a_resource_and_count_n_is_noted(tmp_path: Path) -> None:
    write(
        tmp_path,
        "main.tf.json",
        {
            "resource": {
                "aws_iam_role": ROLE,
                "aws_lambda_function": {
                    "off": function(count=0, timeout=2000),
                    "many": function(count=3, timeout=2000),
                },
            }
        },
    )
    [(_, rule, _, _, resource, message)] = findings([tmp_path / "main.tf.json"])
    assert (rule, resource) == ("LL110", "aws_lambda_function.many")
    assert message.endswith("(checked once for every instance of this count resource)")


def test_conditional_checks_both_results_and_locals_resolve(tmp_path: Path) -> None:
    write(
        tmp_path,
        "main.tf.json",
        {
            "variable": {"prod": {"type": "bool"}},
            "locals": {"sizes": {"big": 20000}},
            "resource": {
                "aws_iam_role": ROLE,
                "aws_lambda_function": {
                    "a": function(memory_size="${var.prod ? local.sizes.big : 512}"),
                },
            },
        },
    )
    [(_, rule, _, _, resource, message)] = findings([tmp_path / "main.tf.json"])
    assert (rule, resource) == ("LL120", "aws_lambda_function.a")
    assert message.startswith(MEMORY + " is outside")


def test_unresolvable_values_are_never_guessed(tmp_path: Path) -> None:
    write(
        tmp_path,
        "main.tf.json",
        {
            "data": {"aws_ssm_parameter": {"memory": {"name": "/memory"}}},
            "variable": {"t": {}},
            "module": {"config": {"source": "./config"}},
            "resource": {
                "aws_iam_role": ROLE,
                "aws_lambda_function": {
                    "a": function(
                        memory_size="${data.aws_ssm_parameter.memory.value}",
                        timeout="${max(var.t, 2000)}",
                        environment={"variables": "${module.config.env}"},
                    ),
                },
            },
        },
    )
    assert findings([tmp_path / "main.tf.json"]) == []


def test_not_an_object_is_an_invalid_template(tmp_path: Path) -> None:
    path = tmp_path / "main.tf.json"
    path.write_text("[1, 2]\n", encoding="utf-8")
    assert findings([path]) == [
        ("main.tf.json", "LL006", 1, 1, "", "a Terraform JSON file must hold an object")
    ]


def test_a_directory_walk_treats_each_directory_as_one_module(module: Path) -> None:
    other = module / "nested"
    other.mkdir()
    write(other, "main.tf.json", {"resource": {"aws_iam_role": ROLE}})  # no clash: own module
    report = lint_paths([module], list(all_rules()))
    assert [(Path(f.path).name, f.rule) for f in report.findings] == [("main.tf.json", "LL120")]
    assert report.files_checked == 3


PLAN = Path(__file__).resolve().parent.parent / "fixtures/terraform/plan-with-modules/plan.json"


def test_plan_follows_module_inputs_to_root_resources() -> None:
    """``var.role_arn``/``var.subnet_ids`` of module.worker resolve through the module call.

    Both values are unknown until apply, so only ``configuration`` links them;
    findings about unknown values point at the resource's address (or its block).
    """
    assert [
        (rule, line, column, resource) for _, rule, line, column, resource, _ in findings([PLAN])
    ] == [
        ("LL501", 31, 22, "aws_lambda_function.api"),
        # aws_iam_role.shared has no policy at all, and the worker is in one subnet.
        ("LL303", 184, 26, "module.worker.aws_lambda_function.this"),
        ("LL501", 184, 26, "module.worker.aws_lambda_function.this"),
        ("LL301", 219, 19, "module.worker.aws_lambda_function.this"),
        ("LL304", 219, 19, "module.worker.aws_lambda_function.this"),
    ]


def test_redrive_policy_spellings_all_link_the_dead_letter_queue(tmp_path: Path) -> None:
    """JSON text (even when only valid after rendering), jsonencode, and the separate resource."""
    dlq = "${aws_sqs_queue.dlq.arn}"
    write(
        tmp_path,
        "main.tf.json",
        {
            "variable": {"n": {"default": 5}},
            "resource": {
                "aws_sqs_queue": {
                    "dlq": {"name": "dlq"},
                    "text": {
                        "name": "text.fifo",
                        "fifo_queue": True,
                        "redrive_policy": '{"deadLetterTargetArn":"' + dlq + '",'
                        '"maxReceiveCount":${var.n}}',
                    },
                    "encoded": {
                        "name": "encoded.fifo",
                        "fifo_queue": True,
                        "redrive_policy": "${jsonencode({deadLetterTargetArn = "
                        "aws_sqs_queue.dlq.arn, maxReceiveCount = var.n})}",
                    },
                    "separate": {"name": "separate.fifo", "fifo_queue": True},
                },
                "aws_sqs_queue_redrive_policy": {
                    "separate": {
                        "queue_url": "${aws_sqs_queue.separate.id}",
                        "redrive_policy": '{"deadLetterTargetArn":"' + dlq + '"}',
                    }
                },
            },
        },
    )
    found = findings([tmp_path / "main.tf.json"])
    assert [(rule, resource) for _, rule, _, _, resource, _ in found] == [
        ("LL403", "aws_sqs_queue.text"),
        ("LL403", "aws_sqs_queue.encoded"),
        ("LL403", "aws_sqs_queue.separate"),
    ]
