"""The SAM translator as an oracle for the SAM loader (issue 7, item 3).

For every corpus template with SAM resources that ``aws-sam-translator`` can
translate, lambda-lint's model of the SAM template is compared, function by
function, with its model of the translated CloudFormation: both go through the
public loader API, so the CloudFormation loader (exercised by every CFN rule
fixture) is the reference and any disagreement points at ``loaders/cloudformation/sam.py``.
Disagreements that are not bugs are listed, with a reason, in
``oracle_exceptions.json``; an exception that no longer matches fails too, so the
list stays true.

Values unknown on either side (unresolved intrinsics, parameters without a
default) compare as unknown and are skipped. Translator-made names are mapped
back before comparing: ``<Function>Role`` (a generated role), hashed layer
version ids and the ``<Function>Alias<Name>`` alias of ``AutoPublishAlias``.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from lambda_lint.loaders import load_document as load
from lambda_lint.model import (
    MISSING,
    Choice,
    EntityRef,
    Field,
    Function,
    Stack,
    Unresolved,
    environment_variables,
)
from lambda_lint.parsing import MDict, ParseError, parse_file, parse_text

from .conftest import SHARED

CORPUS = SHARED / "corpus"
EXCEPTIONS_FILE = Path(__file__).with_name("oracle_exceptions.json")

corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="../shared/corpus is not beside the checkout"
)

# What the sweep covers, pinned so that a change (corpus, translator version, loader)
# is visible in review. Templates: sam/ (the SAM transform) plus the cfn/ files that
# use AWS::Serverless::* types without the Transform line (the translator's own test
# inputs, SOURCES.md). "rejected" are templates the translator refuses; "unparsed"
# are LL001 for lambda-lint, so there is no model to compare.
EXPECTED_SWEEP = {
    "templates": 1685,  # 933 in sam/, 752 in cfn/
    "unparsed": 10,
    "rejected": 242,  # mostly the translator's own error_* inputs
    "translated": 1433,
    "functions": 2127,
}

REGION = "us-east-1"
FAKE_S3_URI = "s3://bucket/key"
FAKE_IMAGE_URI = "123456789012.dkr.ecr.us-east-1.amazonaws.com/repository:tag"
FAKE_TEMPLATE_URL = "https://s3.amazonaws.com/bucket/key"
DEFINITION_URI_TYPES = (
    "AWS::Serverless::Api",
    "AWS::Serverless::HttpApi",
    "AWS::Serverless::StateMachine",
)
# SAM names a LayerVersion <LogicalId><10 hex digits of a content hash>.
LAYER_HASH_LENGTH = 10


def _sam_templates() -> list[str]:
    """Corpus-relative paths of every template with SAM resources."""
    if not CORPUS.is_dir():
        return []
    found = [p for p in sorted((CORPUS / "sam").iterdir()) if p.is_file()]
    for path in sorted((CORPUS / "cfn").iterdir()):
        if path.is_file() and b"AWS::Serverless::" in path.read_bytes():
            found.append(path)
    return [p.relative_to(CORPUS).as_posix() for p in found]


TEMPLATES = _sam_templates()
Translate = Callable[[dict[str, Any]], dict[str, Any]]


# -- the translator, offline ----------------------------------------------------------------


class _OfflineSar:
    """A Serverless Application Repository client that refuses every call.

    Locations are rewritten before translation, so this is only a guard: the
    oracle must never reach the network, even with credentials configured.
    """

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the SAM oracle must stay offline (SAR {name})")


class _NoManagedPolicies:
    """The managed-policy loader stub: SAM's bundled map is used, IAM never asked."""

    def load(self) -> dict[str, str]:
        return {}


def _undo_cfn_lint_override(patch: pytest.MonkeyPatch) -> None:
    """Use the translator's own resource validation even after cfn-lint was imported.

    Importing cfn-lint (the plugin tests do, in this process) replaces
    ``SamResource.valid`` with a laxer check (cfnlint/template/transforms/_sam.py), which
    lets one more corpus template translate. This restores the released logic.
    """
    from samtranslator.model.exceptions import (
        InvalidDocumentException,
        InvalidTemplateException,
    )
    from samtranslator.sdk import resource

    if resource.SamResource.valid.__module__ == resource.__name__:
        return

    def valid(self: Any) -> bool:
        if self.condition and not isinstance(self.condition, str):
            message = "Every Condition member must be a string."
            raise InvalidDocumentException([InvalidTemplateException(message)])
        return isinstance(self.type, str) and resource.SamResourceType.has_value(self.type)

    patch.setattr(resource.SamResource, "valid", valid)


def _strict_urlparse(url: str, *args: Any, **kwargs: Any) -> Any:
    """``urlparse`` as Python 3.11.4+ and 3.10.16+ have it, on every interpreter.

    Since the CVE-2024-11168 fix a bracketed host that is neither IPv6 nor IPvFuture
    (``s3://[TOKEN.25]/key``, an unresolved CDK token) raises ValueError, and the
    translator rejects such a ``CodeUri``; older interpreters (3.10.13) parse it,
    and the sweep counted one translation more. The oracle's verdict must not depend
    on the interpreter's patch level, so the check is applied here too.
    """
    from ipaddress import IPv4Address, ip_address
    from urllib.parse import urlparse

    parsed = urlparse(url, *args, **kwargs)
    netloc = parsed.netloc
    if isinstance(netloc, str) and "[" in netloc:
        host = netloc.partition("[")[2].partition("]")[0]
        if host.startswith("v"):
            if not re.fullmatch(r"v[a-fA-F0-9]+\..+", host):
                raise ValueError("IPvFuture address is invalid")
        elif isinstance(ip_address(host), IPv4Address):  # ValueError unless an address
            raise ValueError("An IPv4 address cannot be in brackets")
    return parsed


@pytest.fixture(scope="module")
def translate() -> Iterator[Translate]:
    """``samtranslator.translator.transform.transform``, minus its per-call fixed costs.

    ``transform`` builds a boto3 session and re-validates SAM's bundled policy
    templates against their schema on every call (0.2 s, ~6 minutes over the
    corpus). This does the same steps with one session, one validated
    policy-template processor and an offline SAR client, which keeps the sweep
    under a minute without changing what is translated.
    """
    boto3 = pytest.importorskip("boto3")
    translator_module = pytest.importorskip("samtranslator.translator.translator")
    from samtranslator.parser.parser import Parser
    from samtranslator.plugins.application.serverless_app_plugin import ServerlessAppPlugin
    from samtranslator.translator.arn_generator import ArnGenerator
    from samtranslator.utils.py27hash_fix import (
        to_py27_compatible_template,
        undo_mark_unicode_str_in_template,
    )

    logging.getLogger("samtranslator").setLevel(logging.CRITICAL)
    session = boto3.session.Session(region_name=REGION)
    policy_plugin = translator_module.make_policy_template_for_function_plugin()
    policies = _NoManagedPolicies()
    previous_region = ArnGenerator.BOTO_SESSION_REGION_NAME

    def run(template: dict[str, Any]) -> dict[str, Any]:
        translator = translator_module.Translator(
            None,
            Parser(),
            plugins=[ServerlessAppPlugin(sar_client=_OfflineSar())],
            boto_session=session,
        )
        to_py27_compatible_template(template, {})
        translated = translator.translate(
            template, parameter_values={}, get_managed_policy_map=policies.load
        )
        result: dict[str, Any] = undo_mark_unicode_str_in_template(translated)
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            translator_module, "make_policy_template_for_function_plugin", lambda: policy_plugin
        )
        _undo_cfn_lint_override(patch)
        from samtranslator.model.s3_utils import uri_parser

        patch.setattr(uri_parser, "urlparse", _strict_urlparse)
        yield run
    ArnGenerator.BOTO_SESSION_REGION_NAME = previous_region


def _plain(value: Any) -> Any:
    """A deep copy with plain dicts and lists (the translator mutates its input)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _is_s3_location(value: Any) -> bool:
    if isinstance(value, str):
        return value.startswith("s3://")
    return isinstance(value, dict) and "Bucket" in value and "Key" in value


def _upload(props: dict[str, Any], key: str, fake: str) -> None:
    """Stand in for ``sam package``: a local path (or unresolvable value) becomes ``fake``."""
    if not _is_s3_location(props.get(key)):
        props[key] = fake


def packaged(template: dict[str, Any]) -> dict[str, Any]:
    """The template as ``sam package`` would leave it: artifacts in S3, images in ECR.

    The translator refuses local ``CodeUri``/``ContentUri``/``DefinitionUri``
    paths and would call SAR for ``Location`` application ids; none of those
    feed the compared model, so they are replaced by placeholders.
    """
    globals_section = template.get("Globals")
    globals_function = globals_section.get("Function") if isinstance(globals_section, dict) else {}
    if not isinstance(globals_function, dict):
        globals_function = {}
    for key in ("CodeUri", "ImageUri"):
        if key in globals_function:
            _upload(globals_function, key, FAKE_IMAGE_URI if key == "ImageUri" else FAKE_S3_URI)
    resources = template.get("Resources")
    if not isinstance(resources, dict):
        return template
    for body in resources.values():
        if not isinstance(body, dict) or not isinstance(body.get("Properties", {}), dict):
            continue
        rtype = body.get("Type")
        props = body.setdefault("Properties", {})
        if rtype == "AWS::Serverless::Function":
            package_type = props.get("PackageType", globals_function.get("PackageType"))
            if package_type == "Image":
                _upload(props, "ImageUri", FAKE_IMAGE_URI)
            elif "InlineCode" not in props and "InlineCode" not in globals_function:
                _upload(props, "CodeUri", FAKE_S3_URI)
        elif rtype == "AWS::Serverless::LayerVersion":
            _upload(props, "ContentUri", FAKE_S3_URI)
        elif rtype in DEFINITION_URI_TYPES and "DefinitionUri" in props:
            _upload(props, "DefinitionUri", FAKE_S3_URI)
        elif rtype == "AWS::Serverless::Application":
            location = props.get("Location")
            if not (isinstance(location, str) and location.startswith("https://")):
                props["Location"] = FAKE_TEMPLATE_URL
    return template


# -- the two models ------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """One template's two models: from the SAM source and from its translation."""

    sam: Stack
    cfn: Stack
    original_ids: frozenset[str]
    # LL001 problems found while loading (references, cycles, shapes), each side.
    sam_problems: tuple[str, ...] = ()
    cfn_problems: tuple[str, ...] = ()


def make_pair(root: MDict, translated: dict[str, Any]) -> Pair:
    """Load the SAM template and its translation (as JSON text) with the same loader."""
    cfn_root = parse_text(json.dumps(translated), "translated.json").root
    assert isinstance(cfn_root, MDict)
    resources = root.get("Resources")
    sam, _ = load("cloudformation", root)
    cfn, cfn_problems = load("cloudformation", cfn_root)
    # Problems are compared on the source as translated: packaging replaced its code paths.
    as_translated = parse_text(json.dumps(packaged(_plain(root))), "packaged.json").root
    _, sam_problems = load("cloudformation", as_translated)
    return Pair(
        sam=sam,
        cfn=cfn,
        original_ids=frozenset(resources if isinstance(resources, dict) else ()),
        sam_problems=tuple(p.message for p in sam_problems),
        cfn_problems=tuple(p.message for p in cfn_problems),
    )


def _outcome(relpath: str, translate: Translate) -> Pair | str:
    """The pair of models, or why there is none (``"unparsed"``, ``"rejected"``)."""
    try:
        root = parse_file(CORPUS / relpath).root
    except ParseError:
        return "unparsed"
    if not isinstance(root, MDict):
        return "unparsed"
    try:
        translated = translate(packaged(_plain(root)))
    except AssertionError:  # the offline guard
        raise
    except Exception:  # the translator's verdict: this template is not valid SAM
        return "rejected"
    return make_pair(root, translated)


_CACHE: dict[str, Pair | str] = {}


def outcome(relpath: str, translate: Translate) -> Pair | str:
    if relpath not in _CACHE:
        _CACHE[relpath] = _outcome(relpath, translate)
    return _CACHE[relpath]


# -- comparing ------------------------------------------------------------------------------

UNKNOWN = "<unknown>"


def _sam_ref(stack: Stack) -> Callable[[EntityRef], Any]:
    def view(ref: EntityRef) -> Any:
        role = stack.roles.get(ref.id) if ref.kind == "role" else None
        if role is not None and role.generated:
            return ("role", "<generated>")
        return (ref.kind, ref.id)

    return view


def _cfn_ref(pair: Pair) -> Callable[[EntityRef], Any]:
    """Map translator-made entities back to what the SAM model calls them."""

    def view(ref: EntityRef) -> Any:
        if ref.id in pair.original_ids:
            return (ref.kind, ref.id)
        if ref.kind == "role":
            return ("role", "<generated>")
        if ref.kind == "layer":
            return ("layer", ref.id[:-LAYER_HASH_LENGTH])
        return (ref.kind, ref.id)

    return view


def view(field: Field, ref: Callable[[EntityRef], Any]) -> Any:
    """A comparable rendering of a field: literals, refs, branches; UNKNOWN for the rest."""
    value = field.value
    if isinstance(value, Choice):
        return ("if", value.condition, *(view(option, ref) for option in value.options))
    if isinstance(value, Unresolved):
        return UNKNOWN
    if value is MISSING:
        return None
    if isinstance(value, EntityRef):
        return ref(value)
    if isinstance(value, tuple):
        return tuple(
            (item.name, view(item.value, ref)) if hasattr(item, "name") else view(item, ref)
            for item in value
        )
    return value


def agree(a: Any, b: Any) -> bool:
    """Equal, treating UNKNOWN anywhere as matching anything."""
    if a == UNKNOWN or b == UNKNOWN:
        return True
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(agree(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _aliases(stack: Stack, fn: Function, auto_publish: Any) -> Any:
    """Ids of the aliases of ``fn``; SAM's AutoPublishAlias counts as ``<Fn>Alias<Name>``."""
    ids = {
        alias.id
        for alias in stack.aliases.values()
        if isinstance(alias.function.value, EntityRef) and alias.function.value.id == fn.id
    }
    if auto_publish == UNKNOWN or not isinstance(auto_publish, (str, type(None))):
        return UNKNOWN
    if auto_publish is not None:
        # SAM's logical id keeps only alphanumerics: "-" becomes "D", "_" becomes "U".
        ids.add(f"{fn.id}Alias" + auto_publish.replace("-", "D").replace("_", "U"))
    return tuple(sorted(ids))


def _env_keys(fn: Function) -> tuple[str, ...]:
    return tuple(var.name for var in environment_variables(fn.environment))


def compare_function(pair: Pair, name: str) -> Iterator[tuple[str, str]]:
    """``(field, "sam=... cfn=...")`` for every disagreement about one function."""
    sam, cfn = pair.sam.functions[name], pair.cfn.functions[name]
    sam_ref, cfn_ref = _sam_ref(pair.sam), _cfn_ref(pair)
    for attr in ("memory", "timeout", "role", "layers", "dead_letter", "subnets"):
        a, b = view(getattr(sam, attr), sam_ref), view(getattr(cfn, attr), cfn_ref)
        if not agree(a, b):
            yield attr, f"sam={a!r} cfn={b!r}"
    a, b = view(sam.environment, sam_ref), view(cfn.environment, cfn_ref)
    if UNKNOWN not in (a, b) and _env_keys(sam) != _env_keys(cfn):
        yield "environment-keys", f"sam={_env_keys(sam)!r} cfn={_env_keys(cfn)!r}"
    elif not agree(a, b):
        yield "environment", f"sam={a!r} cfn={b!r}"
    if sam.managed_instances != cfn.managed_instances:
        yield "managed-instances", f"sam={sam.managed_instances} cfn={cfn.managed_instances}"
    auto = view(sam.auto_publish_alias, sam_ref) if sam.auto_publish_alias else None
    a, b = _aliases(pair.sam, sam, auto), _aliases(pair.cfn, cfn, None)
    if not agree(a, b):
        yield "aliases", f"sam={a!r} cfn={b!r}"
    yield from _compare_sources(pair, name, sam_ref, cfn_ref)
    if sam.invoked_by_other != cfn.invoked_by_other:
        yield "invoked-by-other", f"sam={sam.invoked_by_other} cfn={cfn.invoked_by_other}"


def _compare_sources(
    pair: Pair, name: str, sam_ref: Callable[[EntityRef], Any], cfn_ref: Callable[[EntityRef], Any]
) -> Iterator[tuple[str, str]]:
    """Polled sources by id (SAM names a mapping <Function><Event>), their kind and queue."""
    sam = {s.id: s for s in pair.sam.sources_of(name) if s.polled}
    cfn = {s.id: s for s in pair.cfn.sources_of(name) if s.polled}
    if sorted(sam) != sorted(cfn):
        yield "event-sources", f"sam={sorted(sam)} cfn={sorted(cfn)}"
    for sid in sorted(sam.keys() & cfn.keys()):
        s, c = sam[sid], cfn[sid]
        if c.kind != "unknown" and s.kind != c.kind:  # "unknown": an ARN the CFN side cannot type
            yield "event-source.kind", f"{sid}: sam={s.kind} cfn={c.kind}"
        a, b = view(s.source, sam_ref), view(c.source, cfn_ref)
        if not agree(a, b):
            yield f"event-source.source[{s.kind}]", f"{sid}: sam={a!r} cfn={b!r}"
        elif isinstance(s.source.value, EntityRef) and s.source.value.kind == "queue":
            a = _queue(pair.sam, s.source.value.id, sam_ref)
            b = _queue(pair.cfn, getattr(c.source.value, "id", ""), cfn_ref)
            if not agree(a, b):
                yield "event-source.queue", f"{sid}: sam={a!r} cfn={b!r}"


def _queue(stack: Stack, queue_id: str, ref: Callable[[EntityRef], Any]) -> Any:
    queue = stack.queues.get(queue_id)
    if queue is None:
        return None
    return tuple(
        view(f, ref) for f in (queue.visibility_timeout, queue.fifo, queue.dead_letter_target)
    )


def disagreements(pair: Pair) -> list[tuple[str, str, str]]:
    """``(function, field, detail)`` for the whole template."""
    found: list[tuple[str, str, str]] = []
    sam_ids, cfn_ids = set(pair.sam.functions), set(pair.cfn.functions)
    if sam_ids != cfn_ids:
        found.append(("*", "functions", f"sam={sorted(sam_ids)} cfn={sorted(cfn_ids)}"))
    for name in sorted(sam_ids & cfn_ids):
        found.extend((name, attr, detail) for attr, detail in compare_function(pair, name))
    return found


# -- exceptions -----------------------------------------------------------------------------


@functools.cache
def _exceptions() -> list[dict[str, str]]:
    data = json.loads(EXCEPTIONS_FILE.read_text(encoding="utf-8"))
    entries: list[dict[str, str]] = data["exceptions"]
    return entries


def _matches(entry: dict[str, str], relpath: str, function: str, attr: str) -> bool:
    return (
        fnmatch.fnmatchcase(relpath, entry["template"])
        and fnmatch.fnmatchcase(function, entry.get("function", "*"))
        and entry["field"] == attr
    )


def judge(relpath: str, pair: Pair) -> tuple[list[str], set[int]]:
    """The disagreements no exception explains, and the exceptions (by index) that matched."""
    entries = _exceptions()
    unexplained: list[str] = []
    used: set[int] = set()
    for function, attr, detail in disagreements(pair):
        hits = {i for i, e in enumerate(entries) if _matches(e, relpath, function, attr)}
        used |= hits
        if not hits:
            unexplained.append(f"{function}.{attr}: {detail}")
    return unexplained, used


# -- tests ----------------------------------------------------------------------------------


INLINE_TEMPLATE = """\
Transform: AWS::Serverless-2016-10-31
Parameters:
  RoleArn: {Type: String, Default: ""}
Conditions:
  HasRole: !Not [!Equals [!Ref RoleArn, ""]]
Globals:
  Function:
    Runtime: python3.12
    Handler: app.handler
    CodeUri: src/
    Timeout: 30
    MemorySize: 512
    Environment: {Variables: {STAGE: prod}}
    Layers: [!Ref Shared]
Resources:
  Shared:
    Type: AWS::Serverless::LayerVersion
    Properties: {ContentUri: layer/}
  Topic:
    Type: AWS::SNS::Topic
  Work:
    Type: AWS::SQS::Queue
  Dlq:
    Type: AWS::SQS::Queue
  Ignoring:
    Type: AWS::Serverless::Function
    IgnoreGlobals: [Timeout, Layers]
    Properties:
      Role: null
      AutoPublishAlias: live-1
      Environment: {Variables: {EXTRA: "1"}}
  Maybe:
    Type: AWS::Serverless::Function
    Properties:
      Role: !If [HasRole, !Ref RoleArn, !Ref AWS::NoValue]
      DeadLetterQueue: {Type: SQS, TargetArn: !GetAtt Dlq.Arn}
      Events:
        Buffered: {Type: SNS, Properties: {Topic: !Ref Topic, SqsSubscription: true}}
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Jobs: {Type: SQS, Properties: {Queue: !GetAtt Work.Arn}}
        Hourly: {Type: Schedule, Properties: {Schedule: rate(1 hour)}}
  Url:
    Type: AWS::Serverless::Function
    Properties:
      FunctionUrlConfig: {AuthType: NONE}
"""


def _inline_pair(
    translate: Translate, change: Callable[[dict[str, Any]], None] | None = None
) -> Pair:
    root = parse_text(INLINE_TEMPLATE, "template.yaml").root
    assert isinstance(root, MDict)
    translated = translate(packaged(_plain(root)))
    if change is not None:
        change(translated)
    return make_pair(root, translated)


def test_oracle_agrees_on_an_inline_template(translate: Translate) -> None:
    """IgnoreGlobals, generated roles, SNS-to-SQS, push events, URLs: as SAM translates them."""
    pair = _inline_pair(translate)
    assert disagreements(pair) == []
    summary = {
        name: (
            fn.timeout.value,
            view(fn.role, _sam_ref(pair.sam)),
            len(view(fn.layers, _sam_ref(pair.sam)) or ()),
            fn.invoked_by_other,
            [(s.id, s.kind, s.polled) for s in pair.sam.sources_of(name)],
        )
        for name, fn in pair.sam.functions.items()
    }
    assert summary == {
        "Ignoring": (3, ("role", "<generated>"), 0, False, []),
        "Maybe": (
            30,
            ("if", "HasRole", "", ("role", "<generated>")),
            1,
            False,
            [("MaybeBufferedEventSourceMapping", "SQS", True)],
        ),
        "Worker": (
            30,
            ("role", "<generated>"),
            1,
            True,
            [("WorkerJobs", "SQS", True), ("WorkerHourly", "Schedule", False)],
        ),
        "Url": (30, ("role", "<generated>"), 1, True, []),
    }
    queue = pair.sam.queues["MaybeBufferedQueue"]
    assert (queue.visibility_timeout.value, queue.dead_letter_target.is_missing) == (30, True)


def test_oracle_reports_a_planted_difference(translate: Translate) -> None:
    """The comparison can fail: edit the translation and each edit is reported."""

    def change(translated: dict[str, Any]) -> None:
        resources = translated["Resources"]
        resources["Worker"]["Properties"]["MemorySize"] = 1024
        del resources["WorkerJobs"]
        resources["IgnoringAliasliveD1"]["Properties"]["FunctionName"] = "elsewhere"
        resources["Url"]["Properties"]["Environment"]["Variables"]["NEW"] = "x"

    assert disagreements(_inline_pair(translate, change)) == [
        ("Ignoring", "aliases", "sam=('IgnoringAliasliveD1',) cfn=()"),
        (
            "Url",
            "environment-keys",
            "sam=('STAGE',) cfn=('STAGE', 'NEW')",
        ),
        ("Worker", "memory", "sam=512 cfn=1024"),
        ("Worker", "event-sources", "sam=['WorkerJobs'] cfn=[]"),
    ]


@corpus
@pytest.mark.corpus
@pytest.mark.parametrize("relpath", TEMPLATES)
def test_sam_model_matches_translation(relpath: str, translate: Translate) -> None:
    result = outcome(relpath, translate)
    if isinstance(result, str):
        pytest.skip("the SAM translator rejects it, or lambda-lint cannot parse it")
    unexplained, _ = judge(relpath, result)
    assert unexplained == []


_UNDEFINED = re.compile(r": (\S+) is not a resource")
_CYCLE = re.compile(r"circular dependency between resources: (.*);")


def unconfirmed_problems(pair: Pair) -> list[str]:
    """Reference problems found in the SAM source that its translation does not have.

    A name SAM generates (``FnRole``) is no undefined reference, and a cycle must
    still be a cycle after the transform: each source problem must be found again
    in the translated template, or it is a false positive of the SAM allowances
    in ``loaders/cloudformation/graph.py``.
    """
    undefined = {m.group(1) for p in pair.cfn_problems if (m := _UNDEFINED.search(p))}
    cycles = [set(m.group(1).split(" → ")) for p in pair.cfn_problems if (m := _CYCLE.search(p))]

    def confirmed(problem: str) -> bool:
        name = _UNDEFINED.search(problem)
        if name is not None:
            return name.group(1) in undefined
        cycle = _CYCLE.search(problem)
        if cycle is not None:
            return any(set(cycle.group(1).split(" → ")) <= found for found in cycles)
        return True

    return [problem for problem in pair.sam_problems if not confirmed(problem)]


@corpus
@pytest.mark.corpus
def test_reference_problems_agree_with_translation(translate: Translate) -> None:
    """Every undefined reference and cycle reported on SAM is in the translation too."""
    outcomes = {relpath: outcome(relpath, translate) for relpath in TEMPLATES}
    wrong = {
        relpath: problems
        for relpath, pair in outcomes.items()
        if isinstance(pair, Pair) and (problems := unconfirmed_problems(pair))
    }
    assert wrong == {}


@corpus
@pytest.mark.corpus
def test_sweep_counts_and_no_stale_exception(translate: Translate) -> None:
    """How much the oracle sees, pinned; and every listed exception still happens."""
    outcomes = {relpath: outcome(relpath, translate) for relpath in TEMPLATES}
    pairs = {r: o for r, o in outcomes.items() if isinstance(o, Pair)}
    counts = {
        "templates": len(outcomes),
        "unparsed": list(outcomes.values()).count("unparsed"),
        "rejected": list(outcomes.values()).count("rejected"),
        "translated": len(pairs),
        "functions": sum(
            len(p.sam.functions.keys() & p.cfn.functions.keys()) for p in pairs.values()
        ),
    }
    assert counts == EXPECTED_SWEEP
    used: set[int] = set()
    for relpath, pair in pairs.items():
        used |= judge(relpath, pair)[1]
    stale = [e for i, e in enumerate(_exceptions()) if i not in used]
    assert stale == []


def test_exception_list_is_documented() -> None:
    """Every exception names a field and says why; only ``TODO-lead`` is a valid tag."""
    for entry in _exceptions():
        assert set(entry) <= {"template", "function", "field", "reason", "tag"}
        assert entry["template"] and entry["field"] and len(entry["reason"]) > 40
        assert entry.get("tag", "TODO-lead") == "TODO-lead"
