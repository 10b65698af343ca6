"""Never crash on real-world templates: every CFN, SAM and Terraform file of ../shared/corpus.

The sweep asserts no exception escapes and no rule crashes (LL002); it also
pins the number of findings per rule so that a change of behaviour on real
templates is visible in review (update CORPUS_FINDINGS deliberately).
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from lambda_lint.engine import LintOptions, lint_paths
from lambda_lint.registry import all_rules

from .conftest import SHARED

CORPUS = SHARED / "corpus"
# The day LL702 judges runtime dates on, pinned so the counts do not move with the calendar.
PINNED = LintOptions(rule_options={"LL702": {"today": "2026-12-02"}})

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the checkout"),
]

# Findings per rule over corpus/cfn + corpus/sam (2,480 templates). The LL001s are real:
# duplicate keys in published samples and Rain preprocessor tags (!Rain::Embed). The
# LL006s are references to names the template does not define, mostly in test inputs
# (CDK output trimmed of its asset parameters, SAM translator inputs, cfn-lint's own
# fixtures, where cfn-lint reports E1020 too; the SAM oracle confirms each SAM one), and
# 4 logical IDs that are not alphanumeric (RestApi.Deployment in SAM CLI's two
# intrinsic-resolver fixtures, Html-Api and Bad-Function-Name-@#$%^& in SAM translator
# error inputs, the latter testing just that). The
# corpus keeps templates without their code folders, so local CodeUri paths are LL134.
CORPUS_FINDINGS = {
    "LL001": 22,
    "LL006": 341,
    "LL110": 3,
    "LL206": 9,
    # SAM translator inputs that test custom CodeDeploy configurations on purpose
    # (TestDeploymentConfiguration, CustomDeployment from a parameter default, an If
    # branch): each must exist in the account, which the warning says. The concurrency
    # rules (LL601-LL603) and LL205 find nothing in the corpus: no template reserves
    # more than 900, provisions more than it reserves, provisions $LATEST, or routes an
    # alias between versions of two visible functions.
    "LL207": 7,
    "LL301": 25,
    "LL401": 4,
    "LL402": 65,  # 9 on queues SAM creates for SNS events with SqsSubscription
    "LL403": 1,
    # Stream and Kafka mappings without an on-failure destination, nearly all with AWS's
    # unbounded retries; 2 retry 1,000 times with no age limit.
    "LL404": 195,
    "LL407": 1,  # cfn-lint's own E3705 fixture: a FIFO queue mapping with a batch of 15
    "LL409": 198,  # SQS and stream mappings batching 10-200 records, mostly AWS's default
    "LL134": 876,
    "LL501": 186,
    # Runtimes past deprecation on the pinned day, mostly SAM translator and SAM CLI test
    # inputs (nodejs12.x 633, python2.7 381, python3.9 374, nodejs18.x 373...); 16 are
    # literals Lambda does not know: placeholders (JAVA_VERSION), typos (provided.al2023023).
    "LL702": 2339,
}


def test_cfn_and_sam_corpus_without_crash() -> None:
    report = lint_paths([CORPUS / "cfn", CORPUS / "sam"], list(all_rules()), PINNED)
    crashes = [f"{f.path}: {f.message}" for f in report.findings if f.rule == "LL002"]
    assert crashes == []
    assert report.files_checked > 2000
    counts = Counter(f.rule for f in report.findings)
    assert dict(sorted(counts.items())) == CORPUS_FINDINGS


# corpus/tf-json holds unrelated main.tf.json files side by side; each is its own module
# (in one directory they would be one module full of duplicate resources). The two
# LL134 are `filename` zips that were not committed beside the configuration.
# The LL409 is Wing's queue consumer with a batch of 5 (its newer output reports failures).
# The LL702s are nodejs20.x and nodejs18.x in Wing's compiled output, and two older ones.
TF_JSON_FINDINGS = {"LL112": 2, "LL134": 2, "LL402": 20, "LL409": 1, "LL702": 177}
# corpus/tfplan: one plan is wrapped in terraform-wrapper output (LL001); the LL501s are
# functions sharing a role, or sharing a placeholder role ARN literal.
TFPLAN_FINDINGS = {"LL001": 1, "LL501": 26, "LL702": 32}


def test_terraform_json_corpus_without_crash(tmp_path: Path) -> None:
    for index, source in enumerate(sorted((CORPUS / "tf-json").glob("*.tf.json"))):
        module = tmp_path / f"m{index:03d}"
        module.mkdir()
        shutil.copyfile(source, module / "main.tf.json")
    report = lint_paths([tmp_path], list(all_rules()), PINNED)
    assert [f.message for f in report.findings if f.rule == "LL002"] == []
    assert report.files_checked == 104
    counts = Counter(f.rule for f in report.findings)
    assert dict(sorted(counts.items())) == TF_JSON_FINDINGS


# corpus/tf-hcl holds 200 `.tf` files, most of them one file of a larger module, each
# linted here as its own module (as tf-json). Sampled by hand:
# - LL001 (1): sam-cli's `broken_tf/main.tf`, a deliberately unclosed block (42:1).
# - LL006 (823): references to what the missing sibling files declare: 588 input
#   variables (variables.tf), 21 data sources, 16 locals, 11 modules, the rest resources
#   (aws_lambda_function, aws_iam_role... declared in another file). Terraform would
#   reject each file alone just so.
# - LL134 (116): `filename` zips that `archive_file` or a build makes, not committed.
# - LL501 (115): functions sharing one role (aws_iam_role.example_role in checkov's
#   fixtures), 8 sharing an undeclared one; `role = ""` is no role shared.
# - LL402 (5): SQS queues mapped to a function without a redrive policy (serverless
#   patterns such as apigw-websocket-api-sqs-lambda).
# - LL301 (1): vpc-lattice-lambda-tf's subnet in a VPC it creates, no NAT route.
TF_HCL_FINDINGS = {
    "LL001": 1,
    "LL006": 823,
    "LL134": 116,
    "LL301": 1,
    "LL402": 5,
    "LL404": 3,
    "LL409": 8,
    "LL501": 115,
    # Retired runtimes on the pinned day (nodejs12.x, python3.9, python3.6, dotnetcore3.1...),
    # many in checkov's and terraform-compliance's deliberately outdated fixtures.
    "LL702": 129,
}


def test_terraform_hcl_corpus_without_crash(tmp_path: Path) -> None:
    for index, source in enumerate(sorted((CORPUS / "tf-hcl").glob("*.tf"))):
        module = tmp_path / f"m{index:03d}"
        module.mkdir()
        shutil.copyfile(source, module / "main.tf")
    report = lint_paths([tmp_path], list(all_rules()), PINNED)
    assert [f.message for f in report.findings if f.rule == "LL002"] == []
    assert report.files_checked == 200
    counts = Counter(f.rule for f in report.findings)
    assert dict(sorted(counts.items())) == TF_HCL_FINDINGS


def test_terraform_plan_corpus_without_crash() -> None:
    report = lint_paths([CORPUS / "tfplan"], list(all_rules()), PINNED)
    assert [f.message for f in report.findings if f.rule == "LL002"] == []
    assert report.files_checked == 14
    counts = Counter(f.rule for f in report.findings)
    assert dict(sorted(counts.items())) == TFPLAN_FINDINGS
