"""Scaffold a new rule: its module, its registration and its fixtures in every format.

    python scripts/new_rule.py LL123 memory-not-a-multiple [--severity warning] [--root DIR]

Writes ``rules/<snake_name>.py`` (the class with every docstring section the catalogue
test demands), registers it in ``rules/__init__.py`` (the import sorted by module, the
class in ``ALL_RULES`` sorted by code), adds a row to the README's rule table, and writes
``fixtures/rules/<CODE>/`` with ``pass``/``fail`` skeletons for CloudFormation YAML and
JSON, SAM and a Terraform module (``*.tf.json`` and, in HCL, ``*.tf``), plus ``[]``
snapshot stubs for the fail fixtures.

The skeleton is deliberately red: its ``docs/aws-facts.md#todo-...`` citation, its empty
``help_url`` and its fail fixtures that nothing reports yet make the catalogue and fixture
tests fail until the rule is written (CONTRIBUTING.md, "Adding a rule"). Plans
(``fail.tfplan.json``) are made by ``scripts/make_plan_fixtures.py`` with terraform, once
the module spells the real cases. ``--root`` points at another copy of the repository
(the tests scaffold into a temporary one).
"""

from __future__ import annotations

import argparse
import json
import keyword
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CODE = re.compile(r"LL[0-9]{3}")
# Kebab-case as the catalogue test checks it, starting with a letter so that the module
# and class names derived from it are Python identifiers.
NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
ADVICE = re.compile(r"(use|prefer|avoid|consider)-")
IMPORT = re.compile(r"from \.(\w+) import (\w+)$")
RULE_CODE = re.compile(r'^    code = "([^"]+)"', re.M)
RULE_NAME = re.compile(r'^    name = "([^"]+)"', re.M)
SEVERITIES = ("error", "warning", "info")


class ScaffoldError(Exception):
    """Why the scaffold refuses: said to the user, nothing written."""


def class_name(name: str) -> str:
    """``memory-not-a-multiple`` -> ``MemoryNotAMultiple``."""
    return "".join(part.capitalize() for part in name.split("-"))


def module_name(name: str) -> str:
    """``memory-not-a-multiple`` -> ``memory_not_a_multiple``."""
    return name.replace("-", "_")


def validate(root: Path, code: str, name: str) -> None:
    """Refuse malformed or taken codes and names before anything is written."""
    if not CODE.fullmatch(code):
        raise ScaffoldError(f"code {code!r} does not match LL[0-9]{{3}} (for example LL123)")
    if not NAME.fullmatch(name):
        raise ScaffoldError(
            f"name {name!r} is not kebab-case (lowercase words joined by '-', "
            "starting with a letter, for example memory-not-a-multiple)"
        )
    if ADVICE.match(name):
        raise ScaffoldError(f"name {name!r} must name the bad pattern, not advice (use-, prefer-…)")
    if keyword.iskeyword(module_name(name)):
        raise ScaffoldError(f"name {name!r} is a Python keyword and cannot name a module")
    rules = root / "rules"
    if not (rules / "__init__.py").is_file():
        raise ScaffoldError(f"{rules / '__init__.py'} not found (is --root the repository?)")
    for path in sorted(rules.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if code in RULE_CODE.findall(text):
            raise ScaffoldError(f"code {code} is taken by rules/{path.name}")
        if name in RULE_NAME.findall(text):
            raise ScaffoldError(f"name {name} is taken by rules/{path.name}")
    for taken in (rules / f"{module_name(name)}.py", root / "fixtures" / "rules" / code):
        if taken.exists():
            raise ScaffoldError(f"{taken.relative_to(root).as_posix()} already exists")
    init = (rules / "__init__.py").read_text(encoding="utf-8")
    if re.search(rf"\b{class_name(name)}\b", init):
        raise ScaffoldError(f"class {class_name(name)} is already registered in rules/__init__.py")


RULE_MODULE = '''"""__CODE__: __WORDS__ (TODO: the bad pattern in one line)."""

from __future__ import annotations

from collections.abc import Iterator

from lambda_lint.model import Stack
from lambda_lint.rule import Rule, Severity, Violation


class __CLASS__(Rule):
    """TODO: one sentence on what is wrong; `lambda-lint rules` lists it.

    ## What it does
    TODO: which property is reported, in its CloudFormation, SAM and Terraform
    spellings, and whether values inherited from SAM `Globals`, every `Fn::If`
    branch and parameter defaults are judged (the message then says "assumed").

    ## Why is this bad?
    TODO: what AWS does with it: rejects the deployment, fails at run time...

    ## Example
    ```yaml
    TODO: the bad pattern
    ```

    ## Use instead
    ```yaml
    TODO: the fix
    ```

    ## References
    - docs/aws-facts.md#todo-__NAME__
    - TODO: the AWS documentation page
    """

    code = "__CODE__"
    name = "__NAME__"
    # A sentence with named placeholders for values; a rule that fails in several ways
    # declares ``messages = {"name": "...", ...}`` and passes ``template="name"``.
    message = "TODO: {value}{note} is wrong because ..."
    severity = Severity.__SEVERITY__
    help_url = ""  # TODO: the AWS documentation page (https://...)

    def check(self, stack: Stack) -> Iterator[Violation]:
        # TODO: for each function, each of ``fn.<field>.candidates()`` that ``is_known``:
        # yield self.violation(fn.id, field, "<key>", value=..., note=field.assumed_note)
        # Until then the fail fixtures of fixtures/rules/__CODE__/ report nothing and stay red.
        yield from ()
'''


def rule_module(code: str, name: str, severity: str) -> str:
    """The rule module's text; style-clean as generated (ruff, ruff format, mypy --strict)."""
    return (
        RULE_MODULE.replace("__CODE__", code)
        .replace("__NAME__", name)
        .replace("__WORDS__", name.replace("-", " "))
        .replace("__CLASS__", class_name(name))
        .replace("__SEVERITY__", severity.upper())
    )


def _rule_codes(root: Path, lines: list[str]) -> dict[str, str]:
    """Class name -> code for every class ``rules/__init__.py`` imports."""
    codes: dict[str, str] = {}
    for line in lines:
        match = IMPORT.match(line)
        if match:
            text = (root / "rules" / f"{match.group(1)}.py").read_text(encoding="utf-8")
            found = RULE_CODE.search(text)
            codes[match.group(2)] = found.group(1) if found else ""
    return codes


def register(root: Path, code: str, name: str) -> str:
    """``rules/__init__.py`` with the import (sorted by module) and the class in ALL_RULES."""
    path = root / "rules" / "__init__.py"
    lines = path.read_text(encoding="utf-8").splitlines()
    module, cls = module_name(name), class_name(name)
    codes = _rule_codes(root, lines)
    imports = [(i, m.group(1)) for i, line in enumerate(lines) if (m := IMPORT.match(line))]
    if not imports:
        raise ScaffoldError("rules/__init__.py has no 'from .module import Class' lines")
    at = next((i for i, other in imports if other > module), imports[-1][0] + 1)
    lines.insert(at, f"from .{module} import {cls}")
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith("ALL_RULES"))
        end = next(i for i in range(start, len(lines)) if lines[i] == ")")
    except StopIteration:
        raise ScaffoldError("rules/__init__.py has no 'ALL_RULES = (...)' tuple") from None
    entry = next(
        (i for i in range(start + 1, end) if codes.get(lines[i].strip().rstrip(","), "") > code),
        end,
    )
    lines.insert(entry, f"    {cls},")
    return "\n".join(lines) + "\n"


def readme_row(root: Path, code: str, name: str, severity: str) -> str | None:
    """The README with a row for the rule in its table (sorted by code), or None."""
    path = root / "README.md"
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [i for i, line in enumerate(lines) if re.match(r"\| LL[0-9]{3} \|", line)]
    if not rows:
        return None
    at = next((i for i in rows if lines[i][2:7] > code), rows[-1] + 1)
    lines.insert(at, f"| {code} | {name} | {severity} | TODO: what it reports |")
    return "\n".join(lines) + "\n"


# -- fixtures ---------------------------------------------------------------------------------

TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
BASIC_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"


def cases(kind: str) -> list[tuple[str, str]]:
    """(entity, what it should hold) of a fixture: the same in every spelling."""
    if kind == "fail":
        return [
            ("FailExample", "TODO: the bad value"),
            ("PassNearMiss", "TODO: the closest value that is fine (at the limit, unresolved)"),
        ]
    return [
        ("PassExample", "TODO: a typical good value"),
        (
            "PassNearMiss",
            "TODO: a near miss: the value at the limit, an unresolved value, "
            "a fine value inherited from Globals, every Fn::If branch in range",
        ),
    ]


def _header(code: str, name: str, kind: str) -> str:
    entities = "; ".join(f"{entity}: {what}" for entity, what in cases(kind))
    return f"{code} {name}, {'failing' if kind == 'fail' else 'passing'} cases. {entities}."


def cfn_yaml(code: str, name: str, kind: str) -> str:
    """CloudFormation YAML: each case a function with its own role (so LL501 stays quiet)."""
    out = [f"# {line}" for line in _wrap(_header(code, name, kind))]
    out += ['AWSTemplateFormatVersion: "2010-09-09"', "Resources:"]
    for n, (entity, what) in enumerate(cases(kind)):
        role = f"ExecRole{chr(ord('A') + n)}"
        out += [
            f"  {entity}:",
            "    Type: AWS::Lambda::Function",
            "    Properties:",
            f"      Role: !GetAtt {role}.Arn",
            "      Runtime: python3.12",
            "      Handler: index.handler",
            '      Code: {ZipFile: "def handler(e, c): pass"}',
            f"      # {what}",
            f"  {role}:",
            "    Type: AWS::IAM::Role",
            "    Properties:",
            "      AssumeRolePolicyDocument:",
            '        Version: "2012-10-17"',
            "        Statement:",
            "          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, "
            'Action: "sts:AssumeRole"}',
            "      ManagedPolicyArns:",
            f"        - {BASIC_EXECUTION}",
        ]
    return "\n".join(out) + "\n"


def cfn_json(code: str, name: str, kind: str) -> str:
    """CloudFormation JSON: the same cases; JSON has no comments, ``Description`` says them."""
    resources: dict[str, Any] = {}
    for n, (entity, _what) in enumerate(cases(kind)):
        role = f"ExecRole{chr(ord('A') + n)}"
        resources[entity] = {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Role": {"Fn::GetAtt": [role, "Arn"]},
                "Runtime": "python3.12",
                "Handler": "index.handler",
                "Code": {"ZipFile": "def handler(e, c): pass"},
            },
        }
        resources[role] = {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": TRUST,
                "ManagedPolicyArns": [BASIC_EXECUTION],
            },
        }
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": _header(code, name, kind),
        "Resources": resources,
    }
    return json.dumps(template, indent=2) + "\n"


def sam_yaml(code: str, name: str, kind: str) -> str:
    """SAM: the same cases as serverless functions (SAM generates one role for each)."""
    out = [f"# {line}" for line in _wrap(_header(code, name, kind))]
    out += [
        'AWSTemplateFormatVersion: "2010-09-09"',
        "Transform: AWS::Serverless-2016-10-31",
        "Resources:",
    ]
    for entity, what in cases(kind):
        out += [
            f"  {entity}:",
            "    Type: AWS::Serverless::Function",
            "    Properties:",
            "      CodeUri: s3://bucket/key.zip",
            "      Runtime: python3.12",
            "      Handler: index.handler",
            f"      # {what}",
        ]
    return "\n".join(out) + "\n"


def tf_module(code: str, name: str, kind: str) -> str:
    """A Terraform ``main.tf.json``: the same cases, code in S3 so no zip is needed."""
    functions: dict[str, Any] = {}
    roles: dict[str, Any] = {}
    attachments: dict[str, Any] = {}
    slug = code.lower()
    for entity, what in cases(kind):
        role = "exec_" + re.sub(r"(?<!^)(?=[A-Z])", "_", entity).lower()
        functions[entity] = {
            "//": what,
            "function_name": f"{slug}-{role[5:].replace('_', '-')}",
            "role": f"${{aws_iam_role.{role}.arn}}",
            "handler": "index.handler",
            "runtime": "python3.12",
            "s3_bucket": "bucket",
            "s3_key": "key.zip",
        }
        roles[role] = {
            "name": f"{slug}-{role.replace('_', '-')}",
            "assume_role_policy": json.dumps(TRUST, separators=(",", ":")),
        }
        attachments[role] = {
            "role": f"${{aws_iam_role.{role}.name}}",
            "policy_arn": BASIC_EXECUTION,
        }
    module = {
        "//": _header(code, name, kind),
        "resource": {
            "aws_lambda_function": functions,
            "aws_iam_role": roles,
            "aws_iam_role_policy_attachment": attachments,
        },
    }
    return json.dumps(module, indent=2) + "\n"


def tf_hcl_module(code: str, name: str, kind: str) -> str:
    """The same Terraform module written in HCL (``main.tf``)."""
    slug = code.lower()
    out = [f"# {line}" for line in _wrap(_header(code, name, kind))]
    roles: list[str] = []
    for entity, what in cases(kind):
        role = "exec_" + re.sub(r"(?<!^)(?=[A-Z])", "_", entity).lower()
        roles.append(role)
        out += [
            "",
            f'resource "aws_lambda_function" "{entity}" {{',
            f"  # {what}",
            f'  function_name = "{slug}-{role[5:].replace("_", "-")}"',
            f"  role          = aws_iam_role.{role}.arn",
            '  handler       = "index.handler"',
            '  runtime       = "python3.12"',
            '  s3_bucket     = "bucket"',
            '  s3_key        = "key.zip"',
            "}",
        ]
    for role in roles:
        out += [
            "",
            f'resource "aws_iam_role" "{role}" {{',
            f'  name               = "{slug}-{role.replace("_", "-")}"',
            f"  assume_role_policy = jsonencode({json.dumps(TRUST, separators=(',', ':'))})",
            "}",
            "",
            f'resource "aws_iam_role_policy_attachment" "{role}" {{',
            f"  role       = aws_iam_role.{role}.name",
            f'  policy_arn = "{BASIC_EXECUTION}"',
            "}",
        ]
    return "\n".join(out) + "\n"


def _wrap(text: str, width: int = 96) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current]


def fixtures(code: str, name: str) -> dict[str, str]:
    """Fixture path (relative to fixtures/rules/<CODE>/) -> text."""
    files: dict[str, str] = {}
    for kind in ("pass", "fail"):
        files[f"{kind}.cfn.yaml"] = cfn_yaml(code, name, kind)
        files[f"{kind}.cfn.json"] = cfn_json(code, name, kind)
        files[f"{kind}.sam.yaml"] = sam_yaml(code, name, kind)
        files[f"{kind}-tf/main.tf.json"] = tf_module(code, name, kind)
        files[f"{kind}-hcl/main.tf"] = tf_hcl_module(code, name, kind)
    for snapshot in ("fail.cfn.yaml", "fail.cfn.json", "fail.sam.yaml", "fail-tf", "fail-hcl"):
        files[f"{snapshot}.findings.json"] = "[]\n"
    return files


def scaffold(root: Path, code: str, name: str, severity: str = "error") -> list[str]:
    """Write everything; returns the paths written or changed, relative to ``root``."""
    validate(root, code, name)
    writes: dict[str, str] = {
        f"rules/{module_name(name)}.py": rule_module(code, name, severity),
        "rules/__init__.py": register(root, code, name),
    }
    readme = readme_row(root, code, name, severity)
    if readme is not None:
        writes["README.md"] = readme
    for relative, text in fixtures(code, name).items():
        writes[f"fixtures/rules/{code}/{relative}"] = text
    for relative, text in writes.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(writes)


NEXT_STEPS = """\
Next (CONTRIBUTING.md, "Adding a rule"):
  1. the fact: a heading in docs/aws-facts.md; cite it instead of #todo-{name}
  2. rules/{module}.py: docstring, message, help_url, check()
  3. fixtures/rules/{code}/: the real cases in every spelling, near misses in pass files;
     scripts/make_plan_fixtures.py {code} when terraform plan accepts the values
  4. python -m pytest tests/test_rules.py --update-snapshots, then read every span
  5. README.md: what the rule reports; python scripts/rule_pages.py (its page in
     docs/rules/); python -m pytest -q -x
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="new_rule.py", description="Scaffold a lambda-lint rule and its fixtures."
    )
    parser.add_argument("code", help="the rule code, LL followed by 3 digits (LL123)")
    parser.add_argument("name", help="kebab-case name of the bad pattern (memory-not-a-multiple)")
    parser.add_argument("--severity", choices=SEVERITIES, default="error")
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="the repository (default: this one)"
    )
    args = parser.parse_args(argv)
    try:
        written = scaffold(args.root, args.code, args.name, args.severity)
    except ScaffoldError as exc:
        parser.error(str(exc))  # exits 2, nothing written
    for relative in written:
        print(relative)
    print(NEXT_STEPS.format(name=args.name, module=module_name(args.name), code=args.code), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
