"""Rule pages: generated from the rules, never stale, linked from every finding."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from lambda_lint.formatters.sarif import sarif_log
from lambda_lint.registry import all_rules
from lambda_lint.report import Report
from lambda_lint.rule import PROJECT_URL, RULE_PAGES, Rule, Severity
from lambda_lint.rule_pages import PAGES_DIR, REGENERATE, pages

from .conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rule_pages", ROOT / "scripts/rule_pages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_rule_pages_are_up_to_date() -> None:
    outdated = _script().stale(ROOT / PAGES_DIR, pages(all_rules()))
    assert not outdated, (
        f"stale rule pages in {PAGES_DIR}: {', '.join(outdated)}; "
        f"run `{REGENERATE}` and commit the result"
    )


def test_stale_pages_are_named_and_rewritten(tmp_path: Path) -> None:
    script = _script()
    assert script.main(["--root", str(tmp_path), "--check"]) == 1
    assert script.main(["--root", str(tmp_path)]) == 0
    folder = tmp_path / PAGES_DIR
    assert script.main(["--root", str(tmp_path), "--check"]) == 0
    (folder / "LL110.md").write_text("edited by hand\n", encoding="utf-8")
    (folder / "LL999.md").write_text("a rule that is gone\n", encoding="utf-8")
    wanted = pages(all_rules())
    assert script.stale(folder, wanted) == ["LL110.md", "LL999.md"]
    assert script.main(["--root", str(tmp_path)]) == 0
    assert script.stale(folder, wanted) == []
    assert not (folder / "LL999.md").exists()


def test_every_built_in_rule_links_its_page_and_its_aws_reference() -> None:
    for rule in all_rules():
        assert rule.help_url == f"{RULE_PAGES}{rule.code}.md"
        assert (ROOT / PAGES_DIR / f"{rule.code}.md").is_file()
        page = pages([rule])[f"{rule.code}.md"]
        assert page.count(f"# {rule.code} {rule.name}\n") == 1
        if rule.reference_url:
            assert f"<{rule.reference_url}>" in page


def test_a_rule_pack_keeps_its_own_help_url() -> None:
    class Pack(Rule):
        """A pack's rule."""

        code = "ORG900"
        name = "pack-rule"
        message = "m"
        severity = Severity.INFO
        help_url = "https://example.org/ORG900"

    assert (Pack.help_url, Pack.reference_url) == ("https://example.org/ORG900", "")


def test_project_urls_are_the_ones_the_pages_and_sarif_use() -> None:
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert urls["Repository"] == urls["Homepage"] == PROJECT_URL
    assert RULE_PAGES.startswith(PROJECT_URL + "/")
    log = sarif_log(Report((), all_rules()[:1], 0, 0))
    driver = json.loads(json.dumps(log))["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == PROJECT_URL
    assert driver["rules"][0]["helpUri"] == f"{RULE_PAGES}{all_rules()[0].code}.md"
