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
    # Issue 15: +3, a duplicate key no longer stops at the first one: vpc-lattice-lambda
    # repeats a resource and two output keys, each reported; the 9 templates with
    # duplicate keys are then linted with the last values (CloudFormation's), which adds
    # LL134 +9, LL501 +2 and LL702 +1 below.
    "LL001": 25,
    # Issue 15: +1, SAM translator's schema_validation_1 refers to StateMachineLogGroup,
    # which only looked SAM-generated because it starts with the id StateMachine (SAM
    # names a state machine's role and events only; its translation keeps the GetAtt).
    "LL006": 342,
    "LL110": 3,
    # Functions behind API Gateway whose timeout outlasts the integration: SAM Api/HttpApi
    # events, CDK methods and OpenAPI bodies' x-amazon-apigateway-integration (15 functions
    # only reached that way), mostly SAM CLI's start-api test inputs (600 s), and patterns
    # with 30-120 s (often inherited from Globals) behind a REST API's 29 s.
    # +1 in public-nlb-or-alb-private-api-cfn, linted past its duplicate key (issue 15).
    "LL111": 142,
    # Source queues left at the default 30 s visibility (or a little more) for consumers of
    # 20-30 s, where AWS recommends 6 x the timeout (120-180 s).
    "LL113": 27,
    # Issue 15: +2, SAM translator's error inputs with `AutoPublishAlias: ''` beside a
    # DeploymentPreference (the translator rejects both).
    "LL206": 11,
    # SAM translator inputs that test custom CodeDeploy configurations on purpose
    # (TestDeploymentConfiguration, CustomDeployment from a parameter default, an If
    # branch): each must exist in the account, which the warning says. The concurrency
    # rules (LL601-LL603) and LL205 find nothing in the corpus: no template reserves
    # more than 900, provisions more than it reserves, provisions $LATEST, or routes an
    # alias between versions of two visible functions.
    "LL207": 7,
    # Issue 15: 16 of the 25 are now info, naming the AWS services the isolated subnets
    # reach through VPC endpoints (solutions-constructs' CDK tests, lambda-s3-files-sam).
    "LL301": 25,
    # One subnet: SAM translator and SAM CLI inputs (4 inherit it from Globals), cfn_nag's
    # fixtures, one serverless pattern (lambda-s3-files-sam's PrivateSubnet); +1,
    # vpc-lattice-lambda, linted past its duplicate key (issue 15).
    "LL304": 21,
    "LL401": 4,
    "LL402": 65,  # 9 on queues SAM creates for SNS events with SqsSubscription
    "LL403": 1,
    # Stream and Kafka mappings without an on-failure destination, nearly all with AWS's
    # unbounded retries; 2 retry 1,000 times with no age limit.
    "LL404": 195,
    "LL407": 1,  # cfn-lint's own E3705 fixture: a FIFO queue mapping with a batch of 15
    # Source queues dead-lettering after 1-3 receives (serverless-patterns' SQS samples use 3,
    # fifo-sqs-redrive 1 on purpose), below the 5 AWS recommends for polled queues.
    "LL408": 16,
    "LL409": 198,  # SQS and stream mappings batching 10-200 records, mostly AWS's default
    "LL134": 885,
    # Issue 15: -4, cfn-lint's two quickstart config-rules templates put one of the two
    # functions under `Fn::Not [Fn::Equals ['', '']]`, a condition that is never true;
    # +5, cfn_nag's five lambda_function fixtures give a third function the same role as
    # `{"Fn::GetAtt": "Role.Arn"}` (the string form), now the same role; +2 in
    # public-nlb-or-alb-private-api-cfn, linted past its duplicate key.
    "LL501": 189,
    # Plain AWS::Lambda::Function without Role, nearly all in SAM CLI's local-invoke and
    # build test data (CDK and Terraform-generated templates trimmed of their roles); 2 are
    # cfn-lint "good" fixtures whose Fn::If gives the role AWS::NoValue in one branch.
    "LL502": 68,
    # Sampled: *FullAccess managed policies in SAM translator inputs and outputs (mostly
    # AmazonDynamoDBFullAccess, also S3, CloudWatch, Step Functions, API Gateway invoke),
    # AdministratorAccess in cfn_nag fixtures, "*"/"logs:*"/"dynamodb:*" on "*" in
    # aws-cloudformation-templates, cfn-lint's quickstart and SAM's policy inputs; +1,
    # cognito-sns-sms-origination-id-sam's AmazonSNSFullAccess, linted past its duplicate key.
    "LL504": 130,
    # goformation's api-swagger-plain test template: SLACK_TOKEN written as a literal. (The
    # placeholders of SAM's example apps, "<enter value here>", and their kmsEncrypted*
    # ciphertext variables are not reported. LL503 finds none: SAM adds the statements for
    # the DLQs and stream destinations of the roles it generates. LL803 finds none: the one
    # distribution with an association, cfn-lint's getatt_serverless_function_version,
    # names SAM's published version through !GetAtt Lambda.Version.FunctionArn.)
    "LL701": 1,
    # Runtimes past deprecation on the pinned day, mostly SAM translator and SAM CLI test
    # inputs (nodejs12.x 633, python2.7 381, python3.9 374, nodejs18.x 373...); 16 are
    # literals Lambda does not know: placeholders (JAVA_VERSION), typos (provided.al2023023).
    "LL702": 2340,  # issue 15: +1 in a template linted past its duplicate key
    # SAM functions triggered by s3:ObjectCreated:* of a bucket with no filter whose role may
    # s3:PutObject on it: SAM's s3-get-object, -python and -python3 example apps
    # (S3CrudPolicy on the trigger bucket's own name), and serverless-patterns'
    # rekognition-image-moderation-tagging, textract-lambda-sam-python, s3-lambda-polly-sam
    # and s3-lambda-transcribe-sam (s3:PutObject on "*", though the code writes elsewhere).
    "LL703": 7,
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
# The LL113s are Wing's queues at the default 30 s for 30 s consumers (180 s recommended);
# the LL408s are Wing's test queues with 1 and 2 retries. The LL304 is a function in a
# single subnet.
TF_JSON_FINDINGS = {
    "LL112": 2,
    "LL113": 5,
    "LL134": 2,
    "LL304": 1,
    "LL402": 20,
    "LL408": 2,
    "LL409": 1,
    "LL702": 177,
}
# corpus/tfplan: one plan is wrapped in terraform-wrapper output (LL001); the LL501s are
# functions sharing a role, or sharing a placeholder role ARN literal; the LL111 is SAM CLI's
# start-api plan, a 500 s function behind a REST API. The LL502 is terraform-compliance's
# issue-522 plan, whose function's role is planned as "". The LL504s are
# terraform-compliance's issue-249 "bad" plan: one role allowing cloudwatch:*, dynamodb:*,
# events:*, lambda:* and s3:* on "*"; its DB_PASSWORD is a literal (LL701).
TFPLAN_FINDINGS = {
    "LL001": 1,
    "LL111": 1,
    "LL501": 26,
    "LL502": 1,
    "LL504": 5,
    "LL701": 1,
    "LL702": 32,
}


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
# - LL111 (7): SAM CLI's Terraform start-api inputs (500 s behind REST and HTTP APIs) and
#   two patterns with 30 s and 60 s behind a REST (29 s) or HTTP API (30 s).
# - LL113 (2): source queues at 30 s for 15 s and 25 s consumers (90 s, 150 s recommended).
# - LL304 (2): that function's single subnet, and one of checkov's graph fixtures.
# - LL502 (7): checkov fixtures whose functions have no role (code signing, X-Ray, parser
#   fixtures) or `role = ""` (the dynamic-block fixture).
# - LL504 (3): AmazonS3FullAccess on apigw-bedrock-nova-canvas's role; s3:* and ses:* on
#   "*" in s3-lambda-ses-terraform.
TF_HCL_FINDINGS = {
    "LL001": 1,
    "LL006": 823,
    "LL111": 7,
    "LL113": 2,
    "LL134": 116,
    "LL301": 1,
    "LL304": 2,
    "LL402": 5,
    "LL404": 3,
    "LL409": 8,
    "LL501": 115,
    "LL502": 7,
    "LL504": 3,
    # Retired runtimes on the pinned day (nodejs12.x, python3.9, python3.6, dotnetcore3.1...),
    # many in checkov's and terraform-compliance's deliberately outdated fixtures.
    "LL702": 129,
    # aws_s3_bucket_notification of s3:ObjectCreated:* with no filter to a function whose role
    # may s3:PutObject on "${bucket.arn}/*" of that bucket: serverless-patterns'
    # apigw-lambda-rekognition and apigw-lambda-transcribe (an upload bucket the function
    # reads and writes) and s3-trigger-lambda-glue-workflow-terraform (its filter_prefix
    # commented out).
    "LL703": 3,
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


# corpus/serverless: the services of serverless/examples (MIT), one folder each with the YAML
# and JSON files beside its serverless.yml; 131 are AWS services (the azure, google,
# openwhisk... ones are skipped). Sampled by hand:
# - LL501 (148): functions of one service on the role the framework generates for all of them.
# - LL702 (230): provider runtimes past deprecation on the pinned day (nodejs18.x, python3.9,
#   go1.x, ruby2.7...), a few placeholders the framework never accepted ('nodejs12').
# - LL134 (13): `package.artifact` jars and zips that a build makes, and a layer folder the
#   corpus leaves out; LL120 (1): `memorySize: 1536MB` (aws-node-puppeteer).
# - LL404 (3), LL409 (4), LL402 (1): Kinesis, DynamoDB and SQS consumers without failure
#   handling (batch sizes 10 by the framework's default, or 100 written).
# - LL113 (1): that SQS queue's default 30 s visibility, under 6 x the framework's 6 s timeout.
SERVERLESS_FINDINGS = {
    "LL113": 1,
    "LL120": 1,
    "LL134": 13,
    "LL402": 1,
    "LL404": 3,
    "LL409": 4,
    "LL501": 148,
    # API keys, tokens and passwords written as literals in provider.environment (placeholders
    # such as AIzaXXXX) in 7 services, once per function that inherits them, as every rule
    # reports inherited values (LL110, LL102... for SAM Globals too).
    "LL701": 17,
    "LL702": 230,
}


@pytest.mark.skipif(
    not (CORPUS / "serverless").is_dir(), reason="../shared/corpus has no serverless folder"
)
def test_serverless_corpus_without_crash() -> None:
    report = lint_paths([CORPUS / "serverless"], list(all_rules()), PINNED)
    assert [f.message for f in report.findings if f.rule == "LL002"] == []
    assert report.files_checked == 131
    counts = Counter(f.rule for f in report.findings)
    assert dict(sorted(counts.items())) == SERVERLESS_FINDINGS
