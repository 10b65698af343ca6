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
    "LL301": 25,
    "LL401": 4,
    "LL402": 65,  # 9 on queues SAM creates for SNS events with SqsSubscription
    "LL403": 1,
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
# The LL702s are nodejs20.x and nodejs18.x in Wing's compiled output, and two older ones.
TF_JSON_FINDINGS = {"LL112": 2, "LL134": 2, "LL402": 20, "LL702": 177}
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


def test_terraform_plan_corpus_without_crash() -> None:
    report = lint_paths([CORPUS / "tfplan"], list(all_rules()), PINNED)
    assert [f.message for f in report.findings if f.rule == "LL002"] == []
    assert report.files_checked == 14
    counts = Counter(f.rule for f in report.findings)
    assert dict(sorted(counts.items())) == TFPLAN_FINDINGS
