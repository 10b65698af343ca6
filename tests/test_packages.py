"""Package-size rules end to end: artifact resolution relative to the template, `sam build`
output, Globals, plans, hostile artifacts. Sizes come from sparse files made here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lambda_lint.discovery import Candidate
from lambda_lint.engine import lint
from lambda_lint.registry import all_rules

from .artifact_factory import forged_zip, sparse_file, sparse_zip

LIMIT = "a function and all its layers may be at most 262,144,000 bytes (250 MB) unzipped"


def findings(path: Path) -> list[tuple[str, str, int, int, str]]:
    report = lint([Candidate(path, explicit=True)], list(all_rules()))
    return [(f.rule, f.resource, f.line, f.column, f.message) for f in report.findings]


def sam(tmp_path: Path, properties: str, globals_: str = "") -> Path:
    template = tmp_path / "template.yaml"
    template.write_text(
        "Transform: AWS::Serverless-2016-10-31\n" + globals_ + "Resources:\n"
        "  Api:\n"
        "    Type: AWS::Serverless::Function\n"
        "    Properties:\n"
        "      Role: arn:aws:iam::123456789012:role/api\n"
        "      Runtime: python3.12\n"
        "      Handler: app.handler\n" + properties,
        encoding="utf-8",
    )
    return template


def test_sam_build_output_takes_precedence_over_the_source_folder(tmp_path: Path) -> None:
    sparse_file(tmp_path / "src" / "app.py", 1000)  # the source alone is small
    sparse_file(tmp_path / ".aws-sam" / "build" / "Api" / "numpy" / "core.so", 300_000_000)
    template = sam(tmp_path, "      CodeUri: src/\n")
    assert findings(template) == [
        (
            "LL131",
            "Api",
            9,
            16,
            "code and layers are 300,000,000 bytes (286.1 MB) unzipped (code "
            f".aws-sam/build/Api: 300,000,000 bytes (286.1 MB)); {LIMIT}",
        )
    ]


def test_code_uri_inherited_from_globals_points_into_globals(tmp_path: Path) -> None:
    sparse_zip(tmp_path / "dist" / "app.zip", 270_000_000)
    template = sam(tmp_path, "", "Globals:\n  Function:\n    CodeUri: dist/app.zip\n")
    assert [(rule, line, column) for rule, _, line, column, _ in findings(template)] == [
        ("LL130", 4, 14),
        ("LL131", 4, 14),
    ]


def test_paths_are_relative_to_the_template_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "stack" / "src").mkdir(parents=True)
    sam(tmp_path / "stack", "      CodeUri: src/\n")
    monkeypatch.chdir(tmp_path)
    assert findings(Path("stack/template.yaml")) == []
    monkeypatch.chdir(tmp_path / "stack")
    assert findings(Path("template.yaml")) == []


def test_symlink_loop_in_a_code_folder_is_cut(tmp_path: Path) -> None:
    code = tmp_path / "src"
    sparse_file(code / "model.bin", 200_000_000)
    (code / "again").symlink_to(code)  # a loop: counted once
    (code / "again2").symlink_to(code / "again")
    template = sam(tmp_path, "      CodeUri: src/\n")
    assert findings(template) == []


def test_corrupt_zip_is_reported_not_trusted(tmp_path: Path) -> None:
    (tmp_path / "app.zip").write_bytes(b"PK\x03\x04 this is not a zip at all")
    template = sam(tmp_path, "      CodeUri: app.zip\n")
    assert findings(template) == [
        (
            "LL131",
            "Api",
            9,
            16,
            "app.zip cannot be measured: not a readable zip: File is not a zip file",
        )
    ]


def test_zip_claiming_terabytes_is_reported(tmp_path: Path) -> None:
    forged_zip(tmp_path / "bomb.zip", 5 << 40)
    template = sam(tmp_path, "      CodeUri: bomb.zip\n")
    assert [f[4] for f in findings(template)] == [
        "bomb.zip cannot be measured: zip declares sizes that cannot be true: "
        "an impossible compression ratio (entry a.bin)"
    ]


def test_inline_code_in_a_template_over_one_megabyte_is_an_error(tmp_path: Path) -> None:
    body = "def handler(event, context):\n" + "    # padding\n" * 90_000
    template = tmp_path / "template.json"
    template.write_text(
        json.dumps(
            {
                "Resources": {
                    "Glue": {
                        "Type": "AWS::Lambda::Function",
                        "Properties": {
                            "Role": "arn:aws:iam::123456789012:role/glue",
                            "Runtime": "python3.12",
                            "Handler": "index.handler",
                            "Code": {"ZipFile": body},
                        },
                    }
                }
            }
        ),
        encoding="utf-8",
    )
    report = lint([Candidate(template, explicit=True)], list(all_rules()))
    assert [(f.rule, f.severity.value, f.message) for f in report.findings] == [
        (
            "LL133",
            "error",
            "the template is 1,350,229 bytes with 1,260,029 bytes of inline code; "
            "CloudFormation accepts at most 1,048,576 bytes (1 MB)",
        )
    ]


def test_plans_measure_existing_paths_but_never_report_missing_ones(tmp_path: Path) -> None:
    plan_fixture = (
        Path(__file__).parent.parent / "fixtures" / "rules" / "LL134" / "pass.tfplan.json"
    )
    plan = tmp_path / "plan.json"
    plan.write_text(plan_fixture.read_text(encoding="utf-8"), encoding="utf-8")
    assert findings(plan) == []  # its build/present.zip is not here: not reported


def test_terraform_path_module_resolves_to_the_module_folder(tmp_path: Path) -> None:
    sparse_zip(tmp_path / "lambda.zip", 60_000_000)
    module = tmp_path / "main.tf.json"
    module.write_text(
        json.dumps(
            {
                "resource": {
                    "aws_lambda_function": {
                        "f": {
                            "function_name": "f",
                            "role": "arn:aws:iam::123456789012:role/f",
                            "handler": "a.b",
                            "runtime": "python3.12",
                            "filename": "${path.module}/lambda.zip",
                        }
                    }
                }
            }
        ),
        encoding="utf-8",
    )
    assert [(rule, message.split(";")[0]) for rule, _, _, _, message in findings(module)] == [
        ("LL130", "./lambda.zip is 60,000,114 bytes (57.2 MB) zipped")
    ]
